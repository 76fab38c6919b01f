"""The journal's SQLite side: schema, statements, opening and committing.

Everything here runs in the journal's own thread (see :class:`~trenz_async.workflows.Journal`),
which alone uses the connection.
"""

from __future__ import annotations

import os
import sqlite3
import time
from typing import Any, Final

import attrs

from trenz_async.errors import TrenzError

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
)
INTEND: Final = """INSERT INTO steps (flow_id, step, status, intent, updated_at)
    VALUES (?, ?, 'intent', ?, ?) ON CONFLICT (flow_id, step) DO UPDATE SET
    status = 'intent', intent = excluded.intent, result = NULL, error = NULL, final = 0,
    updated_at = excluded.updated_at"""
DONE: Final = """INSERT INTO steps (flow_id, step, status, result, updated_at)
    VALUES (?, ?, 'done', ?, ?) ON CONFLICT (flow_id, step) DO UPDATE SET
    status = 'done', result = excluded.result, error = NULL, final = 0,
    updated_at = excluded.updated_at"""
FAILED: Final = """INSERT INTO steps (flow_id, step, status, error, final, updated_at)
    VALUES (?, ?, 'failed', ?, ?, ?) ON CONFLICT (flow_id, step) DO UPDATE SET
    status = 'failed', result = NULL, error = excluded.error, final = excluded.final,
    updated_at = excluded.updated_at"""
SET_FLOW: Final = """INSERT INTO flows (flow_id, status, report, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (flow_id) DO UPDATE SET status = excluded.status, report = excluded.report,
    updated_at = excluded.updated_at"""
STEP_COLUMNS: Final = "flow_id, step, status, intent, result, error, final, updated_at"


class JournalError(TrenzError):
    """The journal file cannot be opened or written (not a journal, newer schema, disk full)."""


@attrs.define(slots=True)
class Ticket:
    """A write waiting for a commit; ``settled`` once a commit took it."""

    statements: list[tuple[str, tuple[object, ...]]]
    queued: bool = False  # nobody waits for it
    settled: bool = False
    error: JournalError | None = None


def connect(path: str, synchronous: str) -> sqlite3.Connection:
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise JournalError(f"cannot open the journal {path}: the folder {folder} does not exist")
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


def fetch(connection: sqlite3.Connection, sql: str, params: tuple[object, ...]) -> list[Any]:
    return connection.execute(sql, params).fetchall()


def commit(connection: sqlite3.Connection, batch: list[Ticket]) -> float:
    """Commit every ticket in one transaction (one by one if that fails); return seconds."""
    started = time.perf_counter()
    try:
        _transaction(connection, [s for ticket in batch for s in ticket.statements])
    except sqlite3.Error:
        for ticket in batch:  # find who failed; the others still get their commit
            try:
                _transaction(connection, ticket.statements)
            except sqlite3.Error as error:
                ticket.error = JournalError(f"the journal could not record a step: {error}")
    except BaseException as error:  # nothing is known to be recorded
        for ticket in batch:
            ticket.error = JournalError(f"the journal could not record a step: {error!r}")
        raise
    finally:
        for ticket in batch:
            ticket.settled = True
    return time.perf_counter() - started


def _transaction(
    connection: sqlite3.Connection, statements: list[tuple[str, tuple[object, ...]]]
) -> None:
    connection.execute("BEGIN IMMEDIATE")
    try:
        for sql, params in statements:
            connection.execute(sql, params)
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
