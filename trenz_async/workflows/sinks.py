"""Where a harvest writes its records: one JSON Lines file or one SQLite table.

Both sinks are idempotent per ``(unit, record_id)``: writing a record that is already there
does nothing, so a page read again after a crash (written, but not yet recorded in the
journal) never doubles a record. :meth:`Sink.write` returns once the page's new records are
flushed (and synced, unless ``fsync=False``): the harvest records the page in the journal
only after that, so a page the journal calls done is on disk.

* :class:`JsonlSink`: each line is ``{"unit": ..., "record": {...}}``. On open, the file's
  ``(unit, record id)`` pairs are read back (a last line cut short by a crash is dropped), so
  later writes skip them.
* :class:`SqliteSink`: table ``records(unit TEXT, record_id TEXT, json TEXT, PRIMARY KEY
  (unit, record_id))``, one transaction per page with ``INSERT OR IGNORE``.

Every file operation runs in a worker thread under one lock, so a slow disk never blocks the
event loop and concurrent units never interleave their lines.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Final, Protocol

import anyio
import anyio.to_thread

from trenz_async._json import compact
from trenz_async.errors import TrenzError

__all__ = ["JsonlSink", "Sink", "SinkError", "SqliteSink", "open_sink"]

Row = tuple[str, dict[str, Any]]
"""One record to write: its id and its JSON object."""

_SCHEMA: Final = """CREATE TABLE IF NOT EXISTS records (
    unit TEXT NOT NULL, record_id TEXT NOT NULL, json TEXT NOT NULL,
    PRIMARY KEY (unit, record_id))"""
_INSERT: Final = "INSERT OR IGNORE INTO records (unit, record_id, json) VALUES (?, ?, ?)"


class SinkError(TrenzError):
    """The output file cannot be opened, read back or written."""


class Sink(Protocol):
    """What a harvest writes to (see the module docstring)."""

    path: Path

    async def write(self, unit: str, rows: Sequence[Row]) -> int:
        """Write the rows not already there (durably); return how many were new."""
        ...

    async def close(self) -> None:
        """Release the file (safe twice)."""
        ...


class _Base:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = anyio.Lock()

    async def __aenter__(self) -> _Base:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()  # type: ignore[attr-defined]


class JsonlSink(_Base):
    """Records as JSON lines ``{"unit": ..., "record": {...}}`` (see the module docstring)."""

    def __init__(self, path: Path, out: IO[str], keys: set[tuple[str, str]], fsync: bool) -> None:
        super().__init__(path)
        self._out: IO[str] | None = out
        self._keys = keys
        self._fsync = fsync

    @classmethod
    async def open(cls, path: str | os.PathLike[str], *, fsync: bool = True) -> JsonlSink:
        """Open (or create) ``path``, reading back the records already in it."""
        where = Path(path)
        out, keys = await anyio.to_thread.run_sync(_open_jsonl, where)
        return cls(where, out, keys, fsync)

    def __contains__(self, key: tuple[str, str]) -> bool:
        return key in self._keys

    async def write(self, unit: str, rows: Sequence[Row]) -> int:
        with anyio.CancelScope(shield=True):  # a page is written whole or not at all
            async with self._lock:
                lines: list[str] = []
                new: set[tuple[str, str]] = set()
                for record_id, record in rows:
                    key = (unit, record_id)
                    if key in self._keys or key in new:
                        continue
                    new.add(key)
                    lines.append(compact({"unit": unit, "record": record}) + "\n")
                if lines:
                    await anyio.to_thread.run_sync(self._append, "".join(lines))
                    self._keys |= new  # only once they are on disk
        return len(new)

    def _append(self, text: str) -> None:
        """Append ``text`` whole, or leave the file as it was (a failed write is cut off, so
        the next one starts on a line of its own)."""
        out = self._out
        if out is None:
            raise SinkError(f"{self.path} is closed")
        end = out.tell()
        try:
            out.write(text)
            out.flush()
            if self._fsync:
                os.fsync(out.fileno())
        except OSError as error:
            with contextlib.suppress(OSError):
                out.seek(end)
                out.truncate()
            raise SinkError(f"cannot write {self.path}: {error}") from None

    async def close(self) -> None:
        with anyio.CancelScope(shield=True):
            async with self._lock:
                out, self._out = self._out, None
                if out is not None:
                    await anyio.to_thread.run_sync(out.close)


def _open_jsonl(path: Path) -> tuple[IO[str], set[tuple[str, str]]]:
    """The file open for appending and the (unit, record id) pairs already in it."""
    keys: set[tuple[str, str]] = set()
    try:
        with open(path, "a+b") as raw:
            raw.seek(0)
            data = raw.read()
            keep = data.rfind(b"\n") + 1  # a last line without its newline was cut short
            if keep < len(data):
                raw.truncate(keep)
        for number, line in enumerate(data[:keep].decode("utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
                keys.add((str(entry["unit"]), str(entry["record"]["id"])))
            except (ValueError, KeyError, TypeError):
                raise SinkError(f"{path}:{number}: not a harvest record line") from None
        return open(path, "a", encoding="utf-8"), keys
    except OSError as error:
        raise SinkError(f"cannot open {path}: {error}") from None
    except UnicodeDecodeError:
        raise SinkError(f"{path} is not a JSON Lines file") from None


class SqliteSink(_Base):
    """Records in an SQLite table (see the module docstring)."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        super().__init__(path)
        self._connection: sqlite3.Connection | None = connection

    @classmethod
    async def open(cls, path: str | os.PathLike[str], *, fsync: bool = True) -> SqliteSink:
        """Open (or create) the database at ``path``; ``fsync=False`` uses
        ``synchronous=NORMAL`` (survives a killed process, not a power cut)."""
        where = Path(path)
        connection = await anyio.to_thread.run_sync(_open_sqlite, where, fsync)
        return cls(where, connection)

    async def write(self, unit: str, rows: Sequence[Row]) -> int:
        params = [(unit, record_id, compact(record)) for record_id, record in rows]
        with anyio.CancelScope(shield=True):
            async with self._lock:
                added = await anyio.to_thread.run_sync(self._insert, params)
        return added

    def _insert(self, params: list[tuple[str, str, str]]) -> int:
        connection = self._connection
        if connection is None:
            raise SinkError(f"{self.path} is closed")
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                before = connection.total_changes
                connection.executemany(_INSERT, params)
                added = connection.total_changes - before
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        except sqlite3.Error as error:
            raise SinkError(f"cannot write {self.path}: {error}") from None
        return added

    async def close(self) -> None:
        with anyio.CancelScope(shield=True):
            async with self._lock:
                connection, self._connection = self._connection, None
                if connection is not None:
                    await anyio.to_thread.run_sync(connection.close)


def _open_sqlite(path: Path, fsync: bool) -> sqlite3.Connection:
    try:
        connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as error:
        raise SinkError(f"cannot open {path}: {error}") from None
    try:
        connection.execute("PRAGMA busy_timeout = 5000")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute(f"PRAGMA synchronous = {'FULL' if fsync else 'NORMAL'}")
        connection.execute(_SCHEMA)
    except sqlite3.Error as error:
        connection.close()
        raise SinkError(f"{path} is not a usable SQLite file: {error}") from None
    return connection


SUFFIXES: Final = {".jsonl": "jsonl", ".sqlite": "sqlite", ".sqlite3": "sqlite", ".db": "sqlite"}
"""Output suffixes :func:`open_sink` knows, and the sink each one means."""


async def open_sink(path: str | os.PathLike[str], *, fsync: bool = True) -> Sink:
    """A :class:`JsonlSink` for ``.jsonl``, a :class:`SqliteSink` for ``.sqlite``/``.sqlite3``/
    ``.db``; any other suffix raises :class:`ValueError`."""
    kind = SUFFIXES.get(Path(path).suffix.lower())
    if kind == "jsonl":
        return await JsonlSink.open(path, fsync=fsync)
    if kind == "sqlite":
        return await SqliteSink.open(path, fsync=fsync)
    raise ValueError(f"the output must end in {', '.join(SUFFIXES)}: {os.fspath(path)}")
