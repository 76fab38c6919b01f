"""The runner: many flows at once under limits, each resumable from the journal.

``run_flows(items, flow, journal=..., limits=..., flow_id=...)`` runs ``flow(item, ctx)`` for
every item in one anyio task group, at most ``limits.concurrency`` flows at a time, and returns
one :class:`ItemReport` per item, in the items' order. When calls queue for the client's
connections, earlier items' calls go first (see :mod:`trenz_async.transport.gate`): flows
finish in about the items' order rather than all advancing a step at a time. Inside a flow,
``ctx.limit("account", 4687)`` holds one of that account's ``limits.per_key["account"]``
slots (on top of the transport's rate limits), and the two step helpers make it resumable:

* ``await ctx.step(name, run)`` for reads and idempotent steps: a step done in an earlier run
  returns its recorded result; otherwise ``run()`` is called and its result recorded.
* ``await ctx.write_step(name, intent, send, reconcile)`` for writes that must happen once:
  the intent is recorded before ``send()``; a write whose outcome is unknown (an intent with
  no result: an earlier run died, or ``AmbiguousOutcomeError``) is never sent blindly again:
  ``reconcile(intent)`` looks it up first, returning its result if it happened (recorded as
  done) or ``None`` if it did not (then it is sent again).

Failures of one attempt are sorted by :func:`failure_kind`: ``transient`` ones (connection
errors, 5xx, 429, garbled bodies) are retried under :class:`StepPolicy`; ``final`` ones
(refused arguments, 4xx, a failed job) are recorded as such and never retried as they were
(``retry_failed=True`` runs them again once their cause is fixed); anything else (bad
credentials, quota, a poll timeout) ``stops`` the flow, which a rerun resumes. One flow's
failure never cancels another: an exception out of a flow becomes that item's report. A
rerun replays from the journal a flow that ended ``failed``, or whose report no longer
describes its item (``still_current``: a target added since): its recorded steps send
nothing, so only what changed since is acted on (a target added or corrected in the
manifest; a write whose arguments changed, which is sent again).

Flow status in the journal, written when the flow ends: ``done`` once its report is final
(whatever the report says: a rerun skips it and returns the recorded report); ``incomplete``
when it stopped on an error a rerun may fix; ``interrupted`` when the run was cancelled. A
flow with steps recorded and no status has started and not ended (it runs, or its run died).

Only intents are waited for on disk before a flow goes on; step results and flow statuses
are queued and land with the next commit (all are durable when ``run_flows`` returns). A
result lost with the process means the step runs again, or its intent is reconciled.

While flows run, CPython's garbage collector scans young objects less often
(:attr:`Limits.gc_young_threshold`); the process's own setting comes back when the last run
ends.

Cancelling the scope around ``run_flows`` (the CLI does it on Ctrl-C and SIGTERM) stops
starting items and steps at once. A request in flight is abandoned: its intent stays open and
the next run reconciles it; writes announced and not sent are recorded as not sent. Journal
writes are shielded, so what was recorded is complete.

Events (``on_event`` receives :class:`FlowEvent`; ``step`` is None for the flow itself):

=========  ================================================================================
step       states
=========  ================================================================================
None       ``started``, ``skipped`` (done in an earlier run), ``done``, ``failed``,
           ``incomplete``, ``interrupted`` (the flow's report status, or what happened)
a step     ``running``, ``skipped`` (done earlier), ``done``, ``retrying`` (detail: why),
           ``failed``, ``sending``, ``reconciling``, ``reconciled`` (it had happened),
           ``resending`` (it had not), ``ambiguous`` (the answer was lost)
=========  ================================================================================
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, TypeVar

import anyio
import attrs

from trenz_async.errors import ValidationError
from trenz_async.transport.gate import set_call_priority
from trenz_async.workflows._key_limits import KeyLimits
from trenz_async.workflows._reports import (
    INCOMPLETE,
    FlowEvent,
    ItemReport,
    TargetReport,
    describe,
)
from trenz_async.workflows._steps import (
    FailureKind,
    FlowContext,
    StepFailedError,
    StepPolicy,
    failure_kind,
    positive_int,
)
from trenz_async.workflows._young_gc import BULK_YOUNG_THRESHOLD, young_threshold_raised
from trenz_async.workflows.journal import Journal, StepRecord

__all__ = [
    "INCOMPLETE",
    "FailureKind",
    "FlowContext",
    "FlowEvent",
    "ItemReport",
    "Limits",
    "StepFailedError",
    "StepPolicy",
    "TargetReport",
    "describe",
    "failure_kind",
    "run_flows",
]

logger = logging.getLogger("trenz_async")
T = TypeVar("T")
WORKER = "trenz_async flow worker"
"""The name of the runner's tasks, each running one flow after another."""


_NO_RECORDS: Mapping[str, StepRecord] = MappingProxyType({})
"""The records of a flow no earlier run began."""


def _per_key(value: Mapping[str, int]) -> dict[str, int]:
    limits = dict(value)
    for kind, size in limits.items():
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise ValidationError(f"per_key[{kind!r}]", "must be a whole number >= 1", size)
    return limits


def _none_or_positive(limits: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        positive_int(limits, attribute, value)


@attrs.frozen
class Limits:
    """How much runs at once: ``concurrency`` flows in all, and per key of each kind in
    ``per_key`` (``{"account": 2}``: at most two ``ctx.limit("account", id)`` holders per
    account). A kind not listed is not limited.

    ``gc_young_threshold``: while the run goes, CPython's garbage collector scans young
    objects after at least this many new ones (its default is 700; rescanning the many
    objects of flows in flight cost about a tenth of the runner's CPU at 256 flows). The
    process's own setting is put back when the last run ends; ``None`` leaves it alone.
    """

    concurrency: int = attrs.field(default=8, validator=positive_int)
    per_key: dict[str, int] = attrs.field(
        factory=lambda: {"account": 2, "byteplus": 2}, converter=_per_key
    )
    gc_young_threshold: int | None = attrs.field(
        default=BULK_YOUNG_THRESHOLD, validator=_none_or_positive
    )


class _Run:
    """One call of :func:`run_flows`: its limits, journal, events and reports."""

    def __init__(
        self,
        journal: Journal,
        limits: Limits,
        policy: StepPolicy,
        on_event: Callable[[FlowEvent], object] | None,
        settled_at: float,
        begun: set[str],
        retry_failed: bool = False,
    ) -> None:
        self.journal = journal
        self.begun = begun
        self.retry_failed = retry_failed
        self.settled_at = settled_at
        self.keys = KeyLimits(limits.per_key)
        self.policy = policy
        self.on_event = on_event

    async def event(self, fid: str, state: str, detail: str | None = None) -> None:
        """Emit a flow's own event (none is built when nobody listens)."""
        if self.on_event is not None:
            await self.emit(FlowEvent(fid, None, state, detail))

    async def emit(self, event: FlowEvent) -> None:
        if self.on_event is None:
            return
        try:
            result = self.on_event(event)
            if inspect.isawaitable(result):
                await result
        except Exception:
            logger.exception("on_event failed for %r", event)

    async def context(self, fid: str) -> FlowContext:
        """The context a flow runs with: its records from an earlier run, if any."""
        await self.event(fid, "started")
        records: dict[str, StepRecord] = {}
        if fid in self.begun:  # an earlier run recorded steps of this flow
            records = {
                r.step: r
                for r in await self.journal.steps(fid)
                if not (self.retry_failed and r.status == "failed" and r.final)
            }
        return self.fresh_context(fid, records)

    def fresh_context(
        self, fid: str, records: Mapping[str, StepRecord] = _NO_RECORDS
    ) -> FlowContext:
        """The context of a flow with ``records`` (none: it has not begun), as a plain call:
        :meth:`context` for a flow nobody listens to and no earlier run began."""
        emit = None if self.on_event is None else self.emit
        return FlowContext(
            fid, self.journal, self.keys, self.policy, emit, records, self.settled_at
        )

    async def interrupted(self, ctx: FlowContext) -> None:
        """Record that the run was cancelled during the flow (shielded), and the writes it
        had announced and not sent as not sent (a rerun sends them without a lookup)."""
        with anyio.CancelScope(shield=True):
            await ctx.withdraw_unsent()
            await self.journal.set_flow(ctx.flow_id, "interrupted", {})
            await self.event(ctx.flow_id, "interrupted")

    def ended(self, fid: str, report: ItemReport) -> None:
        """Queue the flow's report (``done`` when final, else ``incomplete``)."""
        status = "done" if report.finished else INCOMPLETE
        self.journal.queue_flow(fid, status, report.to_dict(), lazy=True)


def _stopped(fid: str, error: Exception) -> ItemReport:
    """The report of a flow that raised ``error``."""
    logger.info("flow %s stopped: %s", fid, describe(error), exc_info=True)
    final = failure_kind(error) == "final"
    return ItemReport(fid, "failed" if final else INCOMPLETE, [], describe(error))


async def run_flows(
    items: Sequence[T],
    flow: Callable[[T, FlowContext], Awaitable[ItemReport]],
    *,
    journal: Journal,
    limits: Limits,
    flow_id: Callable[[T], str],
    on_event: Callable[[FlowEvent], object] | None = None,
    policy: StepPolicy | None = None,
    retry_failed: bool = False,
    still_current: Callable[[T, ItemReport], bool] | None = None,
) -> list[ItemReport]:
    """Run ``flow`` for every item (see the module docstring); one report per item, in order.

    ``flow_id(item)`` names the item in the journal and must be unique (refused with
    :class:`~trenz_async.errors.ValidationError` before anything runs). Items whose flow is
    ``done`` in the journal are skipped and their recorded report returned, unless that
    report says ``failed``, or ``still_current(item, report)`` says it no longer describes
    the item (a target added since): such a flow is replayed (see the module docstring).
    ``on_event`` may be a plain function or ``async def``; its exceptions are logged and
    ignored.

    ``retry_failed`` runs again the steps an earlier run recorded as failed for good, for a
    cause fixed since outside the items (an account reconnected): a write is recorded so only
    when its refusal proves it was not acted on, so sending it again cannot duplicate it.
    """
    ids = [flow_id(item) for item in items]
    seen: set[str] = set()
    for fid in ids:
        if not isinstance(fid, str) or not fid:
            raise ValidationError("flow_id", "must give each item a non-empty string", fid)
        if fid in seen:
            raise ValidationError("flow_id", f"{fid!r} names two items; ids must be unique", fid)
        seen.add(fid)
    policy = policy or StepPolicy()
    last_seen = await journal.last_write()  # the earlier run's last sign of life
    begun = await journal.flows_with_steps()
    settled_at = last_seen + policy.reconcile_delay
    run = _Run(journal, limits, policy, on_event, settled_at, begun, retry_failed)
    finished = {  # a failed one replays: the item may have changed since (module docstring)
        f.flow_id: f
        for f in await journal.flows()
        if f.status == "done" and f.report and f.report.get("status") != "failed"
    }
    reports: list[ItemReport | None] = [None] * len(items)
    pending = iter(range(len(items)))  # shared: each worker takes the next item

    async def worker() -> None:
        for index in pending:
            fid = ids[index]
            done = finished.get(fid)
            if done is not None and done.report is not None:
                recorded = ItemReport.from_dict(done.report)
                if still_current is None or still_current(items[index], recorded):
                    reports[index] = recorded
                    await run.event(fid, "skipped", recorded.status)
                    continue
            set_call_priority(index)  # earlier items take free connections first
            # the flow runs in this frame (no frame more per flow in flight); only
            # cancellation escapes
            quiet = run.on_event is None and fid not in run.begun
            ctx = run.fresh_context(fid) if quiet else await run.context(fid)
            try:
                report = await flow(items[index], ctx)
            except anyio.get_cancelled_exc_class():
                await run.interrupted(ctx)
                raise
            except Exception as error:
                report = _stopped(fid, error)
            await ctx.withdraw_unsent()
            reports[index] = report
            run.ended(fid, report)
            if run.on_event is not None:
                await run.event(fid, report.status, report.error)

    # at most ``concurrency`` flows exist as tasks; the others wait as list entries
    with young_threshold_raised(limits.gc_young_threshold):
        async with anyio.create_task_group() as group:
            for _ in range(min(limits.concurrency, len(items))):
                group.start_soon(worker, name=WORKER)  # (a name shared, not built per task)
    await journal.flush()  # every result and report queued by the flows is durable
    return [r for r in reports if r is not None]
