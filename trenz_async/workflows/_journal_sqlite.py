"""The journal's SQLite side: schema, statements, opening and committing.

Everything here runs in the journal's own thread (see :class:`~trenz_async.workflows.Journal`),
which alone uses the connection.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import time
from collections.abc import Iterator, Mapping
from typing import Any, Final

from trenz_async._json import compact
from trenz_async.errors import TrenzError
from trenz_async.workflows._journal_records import StepStatus

SCHEMA_VERSION: Final = 1
SYNCHRONOUS_MODES: Final = ("FULL", "NORMAL", "EXTRA")

_SCHEMA: Final = (
    """CREATE TABLE IF NOT EXISTS steps (
        flow_id TEXT NOT NULL, step TEXT NOT NULL, status TEXT NOT NULL,
        intent TEXT, result TEXT, error TEXT, final INTEGER NOT NULL DEFAULT 0,
        updated_at REAL NOT NULL, PRIMARY KEY (flow_id, step))""",
    """CREATE TABLE IF NOT EXISTS flows (
        flow_id TEXT PRIMARY KEY, status TEXT NOT NULL, report TEXT NOT NULL,
        updated_at REAL NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)""",
)
STEPS: Final = "steps"
FLOWS: Final = "flows"
SETTINGS: Final = "settings"
"""A job's own settings by name (JSON), such as the arguments it runs with (added after the
first journals: a journal without the table has none)."""
_UPSERT: Final = {
    STEPS: (
        "INSERT INTO steps (flow_id, step, status, intent, result, error, final, updated_at)"
        " VALUES {rows} ON CONFLICT (flow_id, step) DO UPDATE SET status = excluded.status,"
        " intent = CASE WHEN excluded.status = 'intent' THEN excluded.intent ELSE steps.intent"
        " END, result = excluded.result, error = excluded.error, final = excluded.final,"
        " updated_at = excluded.updated_at",
        "(?, ?, ?, NULLIF(?, ''), NULLIF(?, ''), NULLIF(?, ''), ?, ?)",
    ),
    FLOWS: (
        "INSERT INTO flows (flow_id, status, report, updated_at) VALUES {rows}"
        " ON CONFLICT (flow_id) DO UPDATE SET status = excluded.status,"
        " report = excluded.report, updated_at = excluded.updated_at",
        "(?, ?, ?, ?)",
    ),
    SETTINGS: (
        "INSERT INTO settings (name, value) VALUES {rows}"
        " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        "(?, ?)",
    ),
}
"""Per table: an upsert of ``{rows}`` rows in order (a later row for the same key wins; a
step's intent is kept by its result or failure), and the placeholders of a row. A step's
missing intent, result or error comes as :data:`NO_TEXT` and is stored as NULL: binding None
costs the sqlite3 module a failed adapter lookup per value (an AttributeError built and
dropped, with the GIL held), about 16 per publish flow."""
NO_TEXT: Final = ""
"""What a step row carries for a missing intent, result or error (stored as NULL)."""
SIZES: Final = (64, 32, 16, 8, 4, 2, 1)
"""Rows per upsert statement: a batch is cut greedily into these sizes (at most 7 statements
a table), so the connection's cache holds a few prepared statements, not one per batch size
(each costs memory); 64 rows of 8 columns stay within SQLite's oldest limit of 999
parameters."""
STEP_COLUMNS: Final = "flow_id, step, status, intent, result, error, final, updated_at"


class JournalError(TrenzError):
    """The journal file cannot be opened or written (not a journal, newer schema, disk full)."""


Row = tuple[str, tuple[object, ...]]
"""A record to write: its table (:data:`STEPS` or :data:`FLOWS`) and the row's values."""


class Ticket:
    """A write waiting for a commit (``queued``: nobody waits for it); ``error`` once a
    commit refused it. A plain class: one is made for nearly every record."""

    __slots__ = ("error", "queued", "rows")

    def __init__(self, rows: list[Row], queued: bool) -> None:
        self.rows = rows
        self.queued = queued
        self.error: JournalError | None = None


def step_row(
    flow_id: str,
    step: str,
    status: StepStatus,
    now: float,
    *,
    intent: str | None = None,
    result: str | None = None,
    error: str | None = None,
    final: bool = False,
) -> Row:
    """A ``steps`` row to write, in the table's column order (:data:`STEP_COLUMNS`); a
    missing text is :data:`NO_TEXT` (stored as NULL)."""
    return STEPS, (
        flow_id,
        step,
        status,
        intent or NO_TEXT,
        result or NO_TEXT,
        error or NO_TEXT,
        int(final),
        now,
    )


def dump(what: str, payload: Mapping[str, Any] | None) -> str | None:
    """``payload`` as JSON text; refused here (before anything is sent) when it is not JSON."""
    if payload is None:
        return None
    if type(payload) is not dict and not isinstance(payload, Mapping):
        raise TypeError(f"the journal's {what} must be a dict, not {type(payload).__name__}")
    try:
        return compact(payload)
    except (TypeError, ValueError) as error:
        raise TypeError(f"the journal's {what} must be JSON-serialisable: {error}") from None


def check_folder(path: str) -> None:
    """Raise :class:`JournalError` when the journal's folder does not exist."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise JournalError(f"cannot open the journal {path}: the folder {folder} does not exist")


def connect(path: str, synchronous: str, *, shared: bool = False) -> sqlite3.Connection:
    """A connection to the journal at ``path``, created (with its schema) if new; ``shared``
    only reads: the file must already be a journal, and nothing is written to it."""
    check_folder(path)
    try:
        connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as error:
        raise JournalError(f"cannot open the journal {path}: {error}") from None
    try:
        connection.execute("PRAGMA busy_timeout = 5000")
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise JournalError(
                f"the journal {path} was written by a newer trenz_async (schema {version}); "
                "upgrade to resume it"
            )
        if shared:
            _check_schema(connection, path)
            return connection
        mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise JournalError(f"the journal {path} cannot use WAL mode (got {mode})")
        connection.execute(f"PRAGMA synchronous = {synchronous}")
        connection.execute("BEGIN IMMEDIATE")
        for statement in _SCHEMA:
            connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT")
    except sqlite3.Error as error:
        connection.close()
        raise JournalError(f"{path} is not a usable journal: {error}") from None
    except BaseException:
        connection.close()
        raise
    return connection


def _check_schema(connection: sqlite3.Connection, path: str) -> None:
    """Raise :class:`JournalError` unless the file holds a journal's tables."""
    sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (?, ?)"
    tables = {row[0] for row in connection.execute(sql, (STEPS, FLOWS))}
    if tables != {STEPS, FLOWS}:
        raise JournalError(f"{path} is not a journal (it has no {STEPS} and {FLOWS} tables)")


def fetch(connection: sqlite3.Connection, sql: str, params: tuple[object, ...]) -> list[Any]:
    return connection.execute(sql, params).fetchall()


def commit(connection: sqlite3.Connection, batch: list[Ticket]) -> tuple[float, bool]:
    """Commit every ticket in one transaction (one by one if that fails): the seconds it
    took, and True when the one transaction took them all (no ticket has an ``error``).

    Raises only what is not SQLite's refusal, every ticket's ``error`` set first."""
    started = time.perf_counter()
    try:
        _transaction(connection, _by_table(batch))
    except sqlite3.Error:
        for ticket in batch:  # find who failed; the others still get their commit
            try:
                _transaction(connection, _by_table([ticket]))
            except sqlite3.Error as error:
                ticket.error = JournalError(f"the journal could not record a step: {error}")
        return time.perf_counter() - started, False
    except BaseException as error:  # nothing is known to be recorded
        for ticket in batch:
            ticket.error = JournalError(f"the journal could not record a step: {error!r}")
        raise
    return time.perf_counter() - started, True


def _by_table(tickets: list[Ticket]) -> dict[str, list[object]]:
    """The tickets' rows per table, in order, each table's values in one flat list."""
    values: dict[str, list[object]] = {table: [] for table in _UPSERT}
    for ticket in tickets:
        for table, cells in ticket.rows:
            values[table] += cells
    return values


def _transaction(connection: sqlite3.Connection, values: dict[str, list[object]]) -> None:
    """Write the rows (``values`` per table, see :func:`_by_table`) in one transaction:
    multi-row upserts per table, of :data:`SIZES` rows.

    One statement for many rows, not one per row: fewer calls into SQLite from the journal's
    thread, each of which lets go of the GIL and must take it back from the event loop. A
    batch that is one statement is its own transaction (no ``BEGIN`` and ``COMMIT`` calls).
    """
    statements = list(_statements(values))
    if len(statements) == 1:
        connection.execute(*statements[0])
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        for sql, chunk in statements:
            connection.execute(sql, chunk)
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _statements(values: dict[str, list[object]]) -> Iterator[tuple[str, list[object]]]:
    """The upserts that write ``values``: per table, in order, cut into :data:`SIZES` rows."""
    for table, (sql, row) in _UPSERT.items():
        width = row.count("?")
        cells = values[table]
        start, left = 0, len(cells) // width
        for size in SIZES:
            while left >= size:
                end = start + size * width
                yield _upsert(sql, size, row), cells[start:end]
                start, left = end, left - size


@functools.cache
def _upsert(sql: str, count: int, row: str) -> str:
    """``sql`` with ``count`` rows of placeholders ``row``."""
    return sql.format(rows=", ".join([row] * count))
