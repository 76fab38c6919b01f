"""The journal: a durable record of every flow and step, in one SQLite file.

A job's journal is what lets it be killed at any instant and rerun. Each step of a flow is a
row keyed by ``(flow_id, step)``; each flow has a row with its status and report::

    async with await Journal.open("job.sqlite") as journal:
        await journal.intend("clip-001", "publish:4687", {"bucket_key": "...", ...})
        ...                                          # send the write
        await journal.done("clip-001", "publish:4687", {"session_token": "..."})

Step lifecycle (a step may go back to ``intent`` when a write is sent again):

======  ======  =======================================================================
from    to      by
======  ======  =======================================================================
(none)  intent  :meth:`Journal.intend`: a write is about to be sent (with what it sends)
(none)  done    :meth:`Journal.done`: a read-like step finished (no intent needed)
intent  done    the write's answer came back, or reconciling found it happened
intent  failed  the write was refused in a way that proves it was not acted on
failed  intent  the write is tried again
======  ======  =======================================================================

An ``intent`` without a result means the outcome is unknown: the process died, or the answer
was lost. Whoever runs the step next must reconcile before sending anything again.

Only an intent must be durable before the caller goes on (its request may leave only then);
results, failures and flow statuses may be queued (``wait=False``): they land with the next
commit, in order, so they are on disk before any later intent. A queued record lost with the
process costs a step run again (a read, an upload) or an intent reconciled, never a write sent
twice.

Durability: WAL mode, ``synchronous=FULL`` by default, one commit per write (several writes
waiting at the same moment share one commit). ``FULL`` syncs the WAL on every commit, so an
acknowledged intent survives a power cut or an OS crash, not only a killed process: the
exactly-once promise rests on the intent being on disk before the request leaves. ``NORMAL``
(``Journal.open(path, synchronous="NORMAL")``) survives ``kill -9`` too and costs about a
seventh, but a power cut may lose the last commits. Every call runs off the event loop, in
the journal's own thread (one connection, used by that thread alone, in the order the calls
were made), so a slow disk never blocks other flows.

One running job per journal: two runs on one file would each find the same writes not done
and each send them. An open journal holds an exclusive lock on ``<journal>.lock`` beside it
until it is closed; opening it again meanwhile (in this process or another) raises
:class:`JournalInUseError` naming the holder's process id. The lock dies with its process,
however it ends, so a rerun after ``kill -9`` is never refused. ``Journal.open(path,
shared=True)`` reads a journal beside its running job (``trenz-async jobs show``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
import sqlite3
import time
from collections.abc import Generator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from types import TracebackType
from typing import Any, Final

from trenz_async.workflows._journal_lock import (
    JournalInUseError,
    RunLock,
    close_for_run,
    connect_for_run,
)
from trenz_async.workflows._journal_reads import JournalReads
from trenz_async.workflows._journal_records import (
    FlowRecord,
    JournalStats,
    StepRecord,
    StepStatus,
)
from trenz_async.workflows._journal_sqlite import (
    FLOWS,
    SETTINGS,
    SYNCHRONOUS_MODES,
    JournalError,
    Row,
    Ticket,
    commit,
    dump,
    fetch,
    step_row,
)

logger = logging.getLogger("trenz_async")

__all__ = [
    "FlowRecord",
    "Journal",
    "JournalError",
    "JournalInUseError",
    "JournalStats",
    "Pending",
    "StepRecord",
    "StepStatus",
]


class _Batch:
    """Writes sharing one commit; ``done`` resolves once it is committed (or refused)."""

    __slots__ = ("asked", "done", "due", "held", "queued", "tickets")

    def __init__(self, done: asyncio.Future[None]) -> None:
        self.done = done
        self.tickets: list[Ticket] = []
        self.held: list[Ticket] = []  # kept by a Pending: their rows are dropped once written
        self.queued = 0  # tickets nobody waits for (counted as writes once committed)
        self.asked = False  # a commit is asked for (else it waits for one, or ``due``)
        self.due = math.inf  # the loop time by which it is asked, at the latest


class Pending:
    """Records queued by :meth:`Journal.intend_soon`: ``await`` it to know they are durable
    (it raises :class:`JournalError` if they were refused). Awaiting again is allowed."""

    __slots__ = ("_batch", "_journal", "_ticket", "durable")

    def __init__(self, journal: Journal, batch: _Batch, ticket: Ticket) -> None:
        self._journal, self._batch, self._ticket = journal, batch, ticket
        self.durable = False

    def __await__(self) -> Generator[Any, None, None]:
        return self._wait().__await__()

    def start(self) -> None:
        """Start the commit now if it has not started (it was queued with ``within``)."""
        self._journal._ask(self._batch)

    async def _wait(self) -> None:
        if not self.durable:  # the time counted as waited is the time awaited here
            self.start()
            await self._journal._durable(self._batch, self._ticket, time.perf_counter())
            self.durable = True


async def _uncancellable(done: asyncio.Future[None]) -> None:
    """Wait for ``done``; a cancellation meanwhile is delivered only once it is resolved."""
    try:
        await asyncio.shield(done)
    except asyncio.CancelledError:
        while not done.done():
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.shield(done)
        raise


def _flow_row(flow_id: str, status: str, report: Mapping[str, Any]) -> Row:
    """A ``flows`` row to write: the flow's status and its report as JSON."""
    return FLOWS, (flow_id, status, dump("report", report), time.time())


LAZY_DELAY: Final = 0.05
"""Seconds a lazy record (``done(..., wait=False, lazy=True)``) may wait for its commit."""


class Journal(JournalReads):
    """A durable record of flows and steps in one SQLite file (see the module docstring).

    Open it with ``await Journal.open(path)`` (or ``async with await Journal.open(path)``);
    a file written by an earlier run is reopened with everything in it.
    """

    def __init__(
        self,
        connection: sqlite3.Connection,
        path: str,
        thread: ThreadPoolExecutor,
        lock: RunLock | None = None,
    ) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = connection
        self._thread = thread  # the one thread that uses the connection
        self._lock = lock  # None: opened shared, to read beside a running job
        self._loop = asyncio.get_running_loop()
        self._open: _Batch | None = None  # taking writes; commits after the current one
        self._current: _Batch | None = None  # being committed
        self.writes = 0
        """Writes acknowledged (each one durable when its call returned)."""
        self._commits = 0
        self._reads = 0
        self._write_seconds = 0.0
        self._commit_seconds = 0.0

    @classmethod
    async def open(
        cls, path: str | os.PathLike[str], *, synchronous: str = "FULL", shared: bool = False
    ) -> Journal:
        """Open (or create) the journal at ``path``; its folder must exist.

        ``synchronous`` is SQLite's setting for the WAL: ``FULL`` (default: every commit is on
        disk before the call returns) or ``NORMAL`` (survives a killed process, not a power
        cut). Raises :class:`JournalError` for a file that is not a journal.

        The journal is this run's until it is closed: opening it again meanwhile, here or in
        another process, raises :class:`JournalInUseError` (see the module docstring).
        ``shared=True`` opens it only to read, beside a run that may hold it (``jobs show``):
        it takes no lock and writes nothing to the file (one that is not a journal raises
        :class:`JournalError`); its writes raise :class:`JournalError`.
        """
        mode = synchronous.upper() if isinstance(synchronous, str) else synchronous
        if mode not in SYNCHRONOUS_MODES:
            raise ValueError(f"synchronous must be one of {', '.join(SYNCHRONOUS_MODES)}")
        where = os.fspath(path)
        thread = ThreadPoolExecutor(1, thread_name_prefix="trenz-journal")
        try:
            lock, connection = await asyncio.wrap_future(
                thread.submit(connect_for_run, where, mode, shared)
            )
        except BaseException:
            thread.shutdown(wait=False)
            raise
        return cls(connection, where, thread, lock)

    async def close(self) -> None:
        """Close the file (waiting for writes in progress). Closing twice is harmless."""
        await self.flush()  # writes asked for before the close land first
        connection, self._connection = self._connection, None
        if connection is not None:
            closed = asyncio.wrap_future(self._thread.submit(close_for_run, connection, self._lock))
            self._thread.shutdown(wait=False)
            await _uncancellable(closed)

    async def __aenter__(self) -> Journal:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    @property
    def stats(self) -> JournalStats:
        """Counts and times so far (for benchmarks and progress lines)."""
        return JournalStats(
            writes=self.writes,
            commits=self._commits,
            reads=self._reads,
            write_seconds=self._write_seconds,
            commit_seconds=self._commit_seconds,
        )

    # writes

    async def intend(self, flow_id: str, step: str, payload: Mapping[str, Any]) -> None:
        """Record that a write is about to be sent, with what it sends (status ``intent``).

        Returns once the record is durable: only then may the write be sent.
        """
        await self.intend_many(flow_id, [(step, payload)])

    async def intend_many(
        self, flow_id: str, intents: Sequence[tuple[str, Mapping[str, Any]]]
    ) -> None:
        """Record several steps' intents (``(step, payload)``) in one commit; returns once
        all are durable."""
        await self.intend_soon(flow_id, intents)

    def intend_soon(
        self,
        flow_id: str,
        intents: Sequence[tuple[str, Mapping[str, Any]]],
        *,
        within: float = 0.0,
    ) -> Pending:
        """Like :meth:`intend_many`, but return at once: the commit starts now (or within
        ``within`` seconds, shared with the writes of that moment), and awaiting the
        returned :class:`Pending` waits for it, starting it if it has not started (or
        raises :class:`JournalError`). Lets the disk wait overlap other work; send none of
        these writes before awaiting it."""
        now = time.time()
        rows = [
            step_row(flow_id, step, "intent", now, intent=dump("intent", payload))
            for step, payload in intents
        ]
        batch, ticket = self._queue(rows, within, queued=False)
        batch.held.append(ticket)
        return Pending(self, batch, ticket)

    async def done(
        self,
        flow_id: str,
        step: str,
        result: Mapping[str, Any],
        *,
        wait: bool = True,
        lazy: bool = False,
    ) -> None:
        """Record the step's result (status ``done``); a recorded intent is kept.

        ``wait=False`` queues the record without waiting for it to be durable (see
        :meth:`flush`); ``lazy`` (with it) lets it wait up to :data:`LAZY_DELAY` seconds for
        a commit another write asks for (for results a rerun can get again: a read's).
        """
        if not wait:
            self.queue_done(flow_id, step, result, lazy=lazy)
            return
        row = step_row(flow_id, step, "done", time.time(), result=dump("result", result))
        await self._write([row], True)

    def queue_done(
        self, flow_id: str, step: str, result: Mapping[str, Any], *, lazy: bool = False
    ) -> None:
        """:meth:`done` with ``wait=False``, as a plain call: queue the result (no coroutine
        to make and await, for the flows that record several per item)."""
        row = step_row(flow_id, step, "done", time.time(), result=dump("result", result))
        self._queue([row], LAZY_DELAY if lazy else 0.0, True)

    async def failed(
        self, flow_id: str, step: str, error: str, *, final: bool, wait: bool = True
    ) -> None:
        """Record that the step failed: ``final`` when retrying cannot fix it.

        For a write, only when the failure proves it was not acted on (else leave the intent).
        ``wait=False`` queues it (see :meth:`flush`).
        """
        row = step_row(flow_id, step, "failed", time.time(), error=str(error), final=final)
        await self._write([row], wait)

    async def set_flow(
        self,
        flow_id: str,
        status: str,
        report: Mapping[str, Any],
        *,
        wait: bool = True,
        lazy: bool = False,
    ) -> None:
        """Record the flow's status and its report (a JSON-serialisable dict); ``wait=False``
        queues it, ``lazy`` lets it wait for a commit (see :meth:`done`)."""
        if not wait:
            self.queue_flow(flow_id, status, report, lazy=lazy)
            return
        await self._write([_flow_row(flow_id, status, report)], True)

    def queue_flow(
        self, flow_id: str, status: str, report: Mapping[str, Any], *, lazy: bool = False
    ) -> None:
        """:meth:`set_flow` with ``wait=False``, as a plain call (see :meth:`queue_done`)."""
        self._queue([_flow_row(flow_id, status, report)], LAZY_DELAY if lazy else 0.0, True)

    async def set_setting(self, name: str, value: Mapping[str, Any]) -> None:
        """Record the job's setting ``name`` (a JSON-serialisable dict), durably: what a
        rerun compares its own with (a harvest's arguments and output)."""
        text = dump("setting", value)
        await self._write([(SETTINGS, (name, text))], True)

    async def flush(self) -> None:
        """Wait until every record asked for so far is durable.

        A record queued with ``wait=False`` is committed with the next commit (in the order
        asked), so it is durable at the latest when a later waited-for write returns.
        """
        while (last := self._open or self._current) is not None:
            if self._open is not None:
                self._ask(self._open)
            await _uncancellable(last.done)

    # the connection

    def _live(self) -> sqlite3.Connection:
        if self._connection is None:
            raise JournalError(f"the journal {self.path} is closed")
        return self._connection

    async def _read(self, sql: str, params: tuple[object, ...]) -> list[Any]:
        connection = self._live()
        rows = await asyncio.wrap_future(self._thread.submit(fetch, connection, sql, params))
        self._reads += 1
        return rows

    async def _write(self, rows: list[Row], wait: bool, lazy: bool = False) -> None:
        """Commit ``rows``; writes asked for while a commit is in progress share the
        next commit (group commit: one event-loop wake-up per commit, not per write).

        Shielded from cancellation: a record that was asked for is on disk (or refused with
        :class:`JournalError`) before a cancellation is delivered, so a cancelled job stays
        consistent. ``wait=False`` returns at once; the record lands with the next commit,
        which it asks for, unless ``lazy``: then it waits for a write that asks, at most
        :data:`LAZY_DELAY` seconds.
        """
        if not wait:
            self._queue(rows, LAZY_DELAY if lazy else 0.0, True)
            return
        started = time.perf_counter()
        batch, ticket = self._queue(rows, 0.0, False)
        await self._durable(batch, ticket, started)

    def _queue(self, rows: list[Row], within: float, queued: bool) -> tuple[_Batch, Ticket]:
        """Add ``rows`` to the open batch, to be committed within ``within`` seconds (0: at
        the end of this loop turn), sooner if another write asks; ``queued``: nobody will
        wait for them."""
        if self._connection is None or self._lock is None:
            self._live()
            raise JournalError(f"the journal {self.path} is opened shared (to read): no writes")
        ticket = Ticket(rows, queued)
        batch = self._open
        if batch is None:
            batch = self._open = _Batch(self._loop.create_future())
        batch.tickets.append(ticket)
        if queued:
            batch.queued += 1
        if within <= 0.0:
            self._ask(batch)
        elif not batch.asked:  # committed with the next write that asks, or by then
            at = self._loop.time() + within
            if at < batch.due:  # a timer only when this deadline comes sooner
                batch.due = at
                self._loop.call_at(at, self._ask, batch)
        return batch, ticket

    async def _durable(self, batch: _Batch, ticket: Ticket, started: float) -> None:
        """Once ``batch`` is committed: raise the ticket's refusal, or count the write."""
        await _uncancellable(batch.done)
        if ticket.error is not None:
            raise ticket.error
        self.writes += 1
        self._write_seconds += time.perf_counter() - started

    def _ask(self, batch: _Batch) -> None:
        """Have ``batch`` committed: at the end of this loop turn (writers of the turn join
        it), or right after the commit in progress."""
        if batch.asked or batch is not self._open:
            return
        batch.asked = True
        if self._current is None:
            self._loop.call_soon(self._commit_open)

    def _commit_open(self) -> None:
        """Hand the open batch to the journal's thread; the next one waits for its end."""
        batch, self._open = self._open, None
        if batch is None:
            return
        self._current = batch
        connection = self._connection
        if connection is None:
            self._settle(batch, None, JournalError(f"the journal {self.path} is closed"))
            return
        try:
            self._thread.submit(self._commit_in_thread, connection, batch)
        except RuntimeError as error:  # the thread is gone (interpreter shutting down)
            self._settle(batch, None, JournalError(f"the journal could not record: {error}"))

    def _commit_in_thread(self, connection: sqlite3.Connection, batch: _Batch) -> None:
        """(In the journal's thread.) Commit ``batch``, then hand the outcome to the loop
        directly: one loop wake-up per commit, not a future chained to another future."""
        outcome: tuple[float, bool] | None = None
        try:
            outcome = commit(connection, batch.tickets)
        finally:  # also after an unexpected error (commit() refused every ticket then)
            with contextlib.suppress(RuntimeError):  # the loop is closed: nobody waits
                self._loop.call_soon_threadsafe(self._settle, batch, outcome, None)

    def _settle(
        self,
        batch: _Batch,
        outcome: tuple[float, bool] | None,
        refused: JournalError | None,
    ) -> None:
        """Wake the batch's writers (with their errors), then commit what gathered meanwhile;
        ``outcome``: what :func:`commit` returned (None: it did not complete)."""
        if outcome is not None:
            self._commits += 1
            self._commit_seconds += outcome[0]
        if outcome is not None and outcome[1] and refused is None:  # all written
            self.writes += batch.queued
        else:
            for ticket in batch.tickets:
                if ticket.error is None and (refused is not None or outcome is None):
                    ticket.error = refused or JournalError("the journal could not record a step")
                if ticket.queued:
                    if ticket.error is None:
                        self.writes += 1
                    else:  # nobody waits for it: say so (the next waited-for write fails too)
                        logger.error("%s", ticket.error)
        for ticket in batch.held:
            ticket.rows = []  # written: a Pending not yet awaited keeps only the outcome
        batch.tickets = batch.held = []
        self._current = None
        batch.done.set_result(None)
        if self._open is not None and self._open.asked:
            self._commit_open()
