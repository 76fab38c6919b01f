"""The runner: many flows at once under limits, each resumable from the journal.

``run_flows(items, flow, journal=..., limits=..., flow_id=...)`` runs ``flow(item, ctx)`` for
every item in one anyio task group, at most ``limits.concurrency`` flows at a time, and returns
one :class:`ItemReport` per item, in the items' order. Inside a flow, ``ctx.limit("account",
4687)`` holds one of that account's ``limits.per_key["account"]`` slots (on top of the
transport's rate limits), and the two step helpers make it resumable:

* ``await ctx.step(name, run)`` for reads and idempotent steps: a step done in an earlier run
  returns its recorded result; otherwise ``run()`` is called and its result recorded.
* ``await ctx.write_step(name, intent, send, reconcile)`` for writes that must happen once:
  the intent is recorded before ``send()``; a write whose outcome is unknown (an intent with
  no result: an earlier run died, or ``AmbiguousOutcomeError``) is never sent blindly again:
  ``reconcile(intent)`` looks it up first, returning its result if it happened (recorded as
  done) or ``None`` if it did not (then it is sent again).

Failures of one attempt are sorted by :func:`failure_kind`: ``transient`` ones (connection
errors, 5xx, 429, garbled bodies) are retried under :class:`StepPolicy`; ``final`` ones
(refused arguments, 4xx, a failed job) are recorded as such and never retried, not even by a
rerun; anything else (bad credentials, quota, a poll timeout) ``stops`` the flow, which a
rerun resumes. One flow's failure never cancels another: an exception out of a flow becomes
that item's report.

Flow status in the journal: ``running`` while it runs; ``done`` once its report is final
(whatever the report says: a rerun skips it and returns the recorded report); ``incomplete``
when it stopped on an error a rerun may fix; ``interrupted`` when the run was cancelled.

Cancelling the scope around ``run_flows`` (the CLI does it on Ctrl-C and SIGTERM) stops
starting items and steps at once. A request in flight is abandoned: its intent stays open and
the next run reconciles it. Journal writes are shielded, so what was recorded is complete.

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
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any, Final, Literal, TypeVar

import anyio
import attrs

from trenz_async.errors import (
    AmbiguousOutcomeError,
    APIError,
    AuthenticationError,
    ConnectError,
    InsufficientBalanceError,
    OperationFailedError,
    PermissionDeniedError,
    QuotaExceededError,
    ResponseDecodeError,
    RetryBudgetExhaustedError,
    TransportError,
    TrenzError,
    ValidationError,
)
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
    "failure_kind",
    "run_flows",
]

logger = logging.getLogger("trenz_async")
T = TypeVar("T")
FailureKind = Literal["transient", "final", "stop"]
INCOMPLETE: Final = "incomplete"
"""An item status meaning the flow stopped early and a rerun resumes it."""


class StepFailedError(TrenzError):
    """A step failed for good in an earlier run (recorded as ``final``); it is not retried."""

    def __init__(self, flow_id: str, step: str, error: str) -> None:
        self.flow_id = flow_id
        self.step = step
        self.error = error
        super().__init__(f"{step} failed: {error}")


def failure_kind(error: BaseException) -> FailureKind:
    """Sort a step's failure: ``transient`` (retry soon), ``final`` (retrying cannot fix it)
    or ``stop`` (stop the flow; a rerun, perhaps after a fix, resumes it)."""
    if isinstance(error, QuotaExceededError):
        return "stop"
    if isinstance(error, TransportError | ResponseDecodeError):
        return "transient"
    if isinstance(error, APIError):
        status = error.status or 0
        if status == 429 or status >= 500:
            return "transient"
        if isinstance(error, AuthenticationError | PermissionDeniedError):
            return "stop"
        if isinstance(error, InsufficientBalanceError):
            return "stop"
        return "final"
    if isinstance(error, ValidationError | OperationFailedError | StepFailedError):
        return "final"
    return "stop"


def describe(error: BaseException) -> str:
    """``ClassName: message`` for reports and the journal."""
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


@attrs.frozen(slots=True)
class TargetReport:
    """How one target of an item ended.

    Publishing: ``status`` is ``published``, ``scheduled`` or ``failed`` (``error`` says why;
    a target of an ``incomplete`` item is ``failed`` with the error that stopped it).
    """

    platform_account_id: int | None
    status: str
    session_token: str | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TargetReport:
        return cls(
            platform_account_id=data.get("platform_account_id"),
            status=data["status"],
            session_token=data.get("session_token"),
            error=data.get("error"),
        )


@attrs.frozen
class ItemReport:
    """How one item's flow ended.

    Publishing: ``status`` is ``done`` (every target published or scheduled), ``failed`` (a
    target failed for a reason retrying cannot fix) or ``incomplete`` (stopped early; a rerun
    resumes it). Other flows document their own sets; ``incomplete`` means the same for all.
    """

    item_id: str
    status: str
    targets: list[TargetReport] = attrs.field(factory=list)
    error: str | None = None

    @property
    def finished(self) -> bool:
        """True unless the flow stopped early (a rerun would resume it)."""
        return self.status != INCOMPLETE

    def to_dict(self) -> dict[str, Any]:
        return {
            "item_id": self.item_id,
            "status": self.status,
            "targets": [t.to_dict() for t in self.targets],
            "error": self.error,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ItemReport:
        return cls(
            item_id=data["item_id"],
            status=data["status"],
            targets=[TargetReport.from_dict(t) for t in data.get("targets") or ()],
            error=data.get("error"),
        )


@attrs.frozen(slots=True)
class FlowEvent:
    """Progress: ``state`` of ``step`` (None for the flow itself) of flow ``flow_id``."""

    flow_id: str
    step: str | None
    state: str
    detail: str | None = None


def _positive(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(attribute.name, "must be a whole number >= 1", value)


def _per_key(value: Mapping[str, int]) -> dict[str, int]:
    limits = dict(value)
    for kind, size in limits.items():
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise ValidationError(f"per_key[{kind!r}]", "must be a whole number >= 1", size)
    return limits


@attrs.frozen
class Limits:
    """How much runs at once: ``concurrency`` flows in all, and per key of each kind in
    ``per_key`` (``{"account": 2}``: at most two ``ctx.limit("account", id)`` holders per
    account). A kind not listed is not limited."""

    concurrency: int = attrs.field(default=8, validator=_positive)
    per_key: dict[str, int] = attrs.field(
        factory=lambda: {"account": 2, "byteplus": 2}, converter=_per_key
    )


@attrs.frozen
class StepPolicy:
    """How steps are retried: ``attempts`` tries per step (the first included) for transient
    failures, waits growing from ``base`` to ``max_wait`` seconds (fully jittered).

    ``reconcile_delay`` is how long a sent request may take to be acted on: after an
    ambiguous write, that many seconds pass before the lookup; an intent left open by an
    earlier run is looked up no sooner than that long after the earlier run's last journal
    write (a request it had sent may still be on its way; looking too early would find
    nothing and send it again).
    """

    attempts: int = attrs.field(default=6, validator=_positive)
    base: float = attrs.field(default=0.5, validator=attrs.validators.ge(0))
    max_wait: float = attrs.field(default=10.0, validator=attrs.validators.ge(0))
    reconcile_delay: float = attrs.field(default=3.0, validator=attrs.validators.ge(0))

    def wait(self, attempt: int) -> float:
        """The jittered wait after failed attempt number ``attempt`` (1-based)."""
        return random.uniform(0, min(self.max_wait, self.base * 2 ** (attempt - 1)))


class _Slot:
    __slots__ = ("semaphore", "users")

    def __init__(self, size: int) -> None:
        self.semaphore = anyio.Semaphore(size)
        self.users = 0


class _KeyLimits:
    """Per-key semaphores, created when first held and dropped when nobody holds or waits."""

    def __init__(self, per_key: Mapping[str, int]) -> None:
        self._per_key = dict(per_key)
        self._slots: dict[tuple[str, Hashable], _Slot] = {}

    def __len__(self) -> int:
        return len(self._slots)

    @asynccontextmanager
    async def hold(self, kind: str, key: Hashable) -> AsyncIterator[None]:
        size = self._per_key.get(kind)
        if size is None:
            yield
            return
        slot = self._slots.get((kind, key))
        if slot is None:
            slot = self._slots[(kind, key)] = _Slot(size)
        slot.users += 1
        try:
            async with slot.semaphore:
                yield
        finally:
            slot.users -= 1
            if slot.users == 0:
                del self._slots[(kind, key)]


class FlowContext:
    """What a flow receives: its ``flow_id``, the ``journal``, limits, events and steps."""

    def __init__(
        self,
        flow_id: str,
        journal: Journal,
        keys: _KeyLimits,
        policy: StepPolicy,
        emit: Callable[[FlowEvent], Awaitable[None]],
        records: Mapping[str, StepRecord],
        settled_at: float = 0.0,
    ) -> None:
        self.flow_id = flow_id
        self._settled_at = settled_at
        self.journal = journal
        self.policy = policy
        self._keys = keys
        self._emit = emit
        self._records = dict(records)

    def limit(self, kind: str, key: Hashable) -> Any:
        """``async with ctx.limit("account", 4687):`` holds one of that key's slots."""
        return self._keys.hold(kind, key)

    async def emit(self, event: FlowEvent) -> None:
        """Send a progress event to the run's ``on_event``."""
        await self._emit(event)

    async def _event(self, step: str | None, state: str, detail: str | None = None) -> None:
        await self._emit(FlowEvent(self.flow_id, step, state, detail))

    def record(self, step: str) -> StepRecord | None:
        """The step's record as of the flow's start or its last change in this run."""
        return self._records.get(step)

    async def _done(self, step: str, result: dict[str, Any]) -> dict[str, Any]:
        await self.journal.done(self.flow_id, step, result)
        self._records[step] = StepRecord(self.flow_id, step, "done", None, result, None, 0.0)
        await self._event(step, "done")
        return result

    async def _failed(self, step: str, error: BaseException, *, final: bool) -> None:
        text = describe(error)
        await self.journal.failed(self.flow_id, step, text, final=final)
        record = StepRecord(self.flow_id, step, "failed", None, None, text, 0.0, final)
        self._records[step] = record
        await self._event(step, "failed", text)

    def _recorded(self, step: str) -> dict[str, Any] | None:
        record = self._records.get(step)
        if record is None:
            return None
        if record.status == "failed" and record.final:
            raise StepFailedError(self.flow_id, step, record.error or "failed")
        if record.status == "done":
            return record.result or {}
        return None

    async def _retry_or_raise(self, step: str, attempt: int, error: Exception) -> None:
        """Wait before the next attempt, or record the failure and raise ``error``."""
        kind = failure_kind(error)
        if kind == "transient" and attempt < self.policy.attempts:
            await self._event(step, "retrying", describe(error))
            await anyio.sleep(self.policy.wait(attempt))
            return
        await self._failed(step, error, final=kind == "final")
        raise error

    async def step(self, name: str, run: Callable[[], Awaitable[dict[str, Any]]]) -> dict[str, Any]:
        """Run a read-like or idempotent step once: its recorded result if done earlier,
        else ``run()`` (retried on transient failures) with its result recorded."""
        recorded = self._recorded(name)
        if recorded is not None:
            await self._event(name, "skipped")
            return recorded
        await self._event(name, "running")
        attempt = 0
        while True:
            attempt += 1
            try:
                result = await run()
            except Exception as error:
                await self._retry_or_raise(name, attempt, error)
                continue
            return await self._done(name, result)

    async def write_step(
        self,
        name: str,
        intent: dict[str, Any],
        send: Callable[[], Awaitable[dict[str, Any]]],
        reconcile: Callable[[dict[str, Any]], Awaitable[dict[str, Any] | None]],
    ) -> dict[str, Any]:
        """Perform a write exactly once (see the module docstring).

        ``intent`` (JSON) is recorded before ``send()``; ``reconcile(recorded_intent)`` runs
        whenever the outcome of an earlier send is unknown and returns the write's result if
        it happened, else None. A write refused in a way that proves it was not acted on is
        retried (transient) or recorded as failed; one whose outcome stays unknown after the
        attempts leaves its intent open and raises.
        """
        recorded = self._recorded(name)
        if recorded is not None:
            await self._event(name, "skipped")
            return recorded
        record = self._records.get(name)
        unknown = record.intent if record is not None and record.status == "intent" else None
        attempt = 0
        if unknown is not None:  # an earlier run's request may still be on its way
            await anyio.sleep(max(0.0, self._settled_at - time.time()))
        while True:
            attempt += 1
            if unknown is not None:
                found = await self._reconcile(name, unknown, reconcile)
                if found is not None:
                    await self._event(name, "reconciled")
                    return await self._done(name, found)
                await self._event(name, "resending")
                unknown = None
            await self.journal.intend(self.flow_id, name, intent)
            self._records[name] = StepRecord(self.flow_id, name, "intent", intent, None, None, 0)
            await self._event(name, "sending")
            try:
                result = await send()
            except Exception as error:
                if not _not_acted(error):  # ambiguous: look it up before anything else
                    await self._ambiguous(name, attempt, error)
                    unknown = intent
                    continue
                await self._retry_or_raise(name, attempt, error)
                continue
            return await self._done(name, result)

    async def _ambiguous(self, step: str, attempt: int, error: Exception) -> None:
        await self._event(step, "ambiguous", describe(error))
        if attempt >= self.policy.attempts:
            raise error  # the intent stays open: the next run reconciles it
        await anyio.sleep(max(self.policy.reconcile_delay, self.policy.wait(attempt)))

    async def _reconcile(
        self,
        step: str,
        intent: dict[str, Any],
        reconcile: Callable[[dict[str, Any]], Awaitable[dict[str, Any] | None]],
    ) -> dict[str, Any] | None:
        """``reconcile(intent)``, retried on transient failures; if it cannot be read, raise
        with the intent left open."""
        await self._event(step, "reconciling")
        attempt = 0
        while True:
            attempt += 1
            try:
                return await reconcile(intent)
            except Exception as error:
                if failure_kind(error) != "transient" or attempt >= self.policy.attempts:
                    raise
                await self._event(step, "retrying", f"reconcile: {describe(error)}")
                await anyio.sleep(self.policy.wait(attempt))


def _not_acted(error: BaseException) -> bool:
    """True when a failed write provably was not acted on: refused before sending, never
    sent, or refused by the service with a 4xx (429 included). Anything else, a 5xx answer
    included, may have been acted on and is reconciled before it is sent again."""
    if isinstance(error, AmbiguousOutcomeError):
        return False
    if isinstance(error, APIError):
        return error.status is not None and 400 <= error.status < 500
    return isinstance(error, ValidationError | ConnectError | RetryBudgetExhaustedError)


class _Run:
    """One call of :func:`run_flows`: its limits, journal, events and reports."""

    def __init__(
        self,
        journal: Journal,
        limits: Limits,
        policy: StepPolicy,
        on_event: Callable[[FlowEvent], object] | None,
        settled_at: float,
    ) -> None:
        self.journal = journal
        self.settled_at = settled_at
        self.keys = _KeyLimits(limits.per_key)
        self.policy = policy
        self.on_event = on_event

    async def emit(self, event: FlowEvent) -> None:
        if self.on_event is None:
            return
        try:
            result = self.on_event(event)
            if inspect.isawaitable(result):
                await result
        except Exception:
            logger.exception("on_event failed for %r", event)

    async def one(
        self, item: T, fid: str, flow: Callable[[T, FlowContext], Awaitable[ItemReport]]
    ) -> ItemReport:
        """Run one flow to its report; only cancellation escapes."""
        await self.journal.set_flow(fid, "running", {})
        await self.emit(FlowEvent(fid, None, "started"))
        try:
            records = {r.step: r for r in await self.journal.steps(fid)}
            ctx = FlowContext(
                fid, self.journal, self.keys, self.policy, self.emit, records, self.settled_at
            )
            report = await flow(item, ctx)
        except anyio.get_cancelled_exc_class():
            with anyio.CancelScope(shield=True):
                await self.journal.set_flow(fid, "interrupted", {})
                await self.emit(FlowEvent(fid, None, "interrupted"))
            raise
        except Exception as error:
            logger.info("flow %s stopped: %s", fid, describe(error), exc_info=True)
            final = failure_kind(error) == "final"
            report = ItemReport(fid, "failed" if final else INCOMPLETE, [], describe(error))
        status = "done" if report.finished else INCOMPLETE
        await self.journal.set_flow(fid, status, report.to_dict())
        await self.emit(FlowEvent(fid, None, report.status, report.error))
        return report


async def run_flows(
    items: Sequence[T],
    flow: Callable[[T, FlowContext], Awaitable[ItemReport]],
    *,
    journal: Journal,
    limits: Limits,
    flow_id: Callable[[T], str],
    on_event: Callable[[FlowEvent], object] | None = None,
    policy: StepPolicy | None = None,
) -> list[ItemReport]:
    """Run ``flow`` for every item (see the module docstring); one report per item, in order.

    ``flow_id(item)`` names the item in the journal and must be unique (refused with
    :class:`~trenz_async.errors.ValidationError` before anything runs). Items whose flow is
    ``done`` in the journal are skipped and their recorded report returned. ``on_event`` may
    be a plain function or ``async def``; its exceptions are logged and ignored.
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
    run = _Run(journal, limits, policy, on_event, last_seen + policy.reconcile_delay)
    finished = {f.flow_id: f for f in await journal.flows() if f.status == "done"}
    reports: list[ItemReport | None] = [None] * len(items)
    slots = anyio.Semaphore(limits.concurrency)

    async def one(index: int) -> None:
        try:
            reports[index] = await run.one(items[index], ids[index], flow)
        finally:
            slots.release()

    async with anyio.create_task_group() as group:
        for index, fid in enumerate(ids):
            done = finished.get(fid)
            if done is not None and done.report:
                report = reports[index] = ItemReport.from_dict(done.report)
                await run.emit(FlowEvent(fid, None, "skipped", report.status))
                continue
            await slots.acquire()
            group.start_soon(one, index)
    return [r for r in reports if r is not None]
