"""What a flow runs its steps with: :class:`FlowContext` (``step``, ``write_step``, limits,
events; its per-key slots are :mod:`~trenz_async.workflows._key_limits`) and the retry rules
(:class:`StepPolicy`, :func:`failure_kind`).

The rules of ``write_step`` (see also :mod:`trenz_async.workflows.runner`):

* the intent is durable in the journal before ``send()`` is called;
* a failure that proves the write was not acted on (refused before sending, never sent, a
  4xx answer) is retried if transient, else recorded ``failed``;
* any other failure (``AmbiguousOutcomeError``, a 5xx, a lost connection, something
  unexpected) leaves the outcome unknown: after ``reconcile_delay`` the write is looked up
  with ``reconcile(intent)``; a result means it happened, ``None`` that it may be sent again;
* an intent left open by an earlier run is looked up the same way before anything is sent;
* a lookup that cannot be made leaves the intent open (never ``failed``) for the next run;
* a write recorded ``failed`` for good is not sent again as it was; one that now sends
  something else (the item changed since) is sent.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Awaitable, Callable, Hashable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, Literal, TypeVarTuple

import anyio
import attrs

from trenz_async._json import compact
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
from trenz_async.workflows._key_limits import KeyLimits
from trenz_async.workflows._reports import FlowEvent, RecordedFailure, describe
from trenz_async.workflows.journal import Journal, Pending, StepRecord, StepStatus

__all__ = [
    "FailureKind",
    "FlowContext",
    "LookupFailedError",
    "StepFailedError",
    "StepPolicy",
    "failure_kind",
    "positive_int",
]

FailureKind = Literal["transient", "final", "stop"]
Ts = TypeVarTuple("Ts")


class StepFailedError(RecordedFailure):
    """A step failed for good in an earlier run (recorded as ``final``); it is not retried.
    Reports describe it as the failure was recorded (``error``)."""

    def __init__(self, flow_id: str, step: str, error: str) -> None:
        self.flow_id = flow_id
        self.step = step
        self.error = error
        super().__init__(f"{step} failed: {error}", error)


class LookupFailedError(TrenzError):
    """Whether a write happened could not be looked up (the lookup was refused): its intent
    stays open and the flow stops; a rerun looks again."""

    def __init__(self, step: str, error: BaseException) -> None:
        self.step = step
        super().__init__(f"{step}: could not look up whether it happened: {describe(error)}")


def failure_kind(error: BaseException) -> FailureKind:
    """Sort a step's failure: ``transient`` (retry soon), ``final`` (retrying cannot fix it)
    or ``stop`` (stop the flow; a rerun, perhaps after a fix, resumes it)."""
    if isinstance(error, QuotaExceededError):
        return "stop"
    if isinstance(error, (TransportError, ResponseDecodeError)):
        return "transient"
    if isinstance(error, APIError):
        status = error.status or 0
        if status == 429 or status >= 500:
            return "transient"
        if isinstance(error, (AuthenticationError, PermissionDeniedError)):
            return "stop"
        if isinstance(error, InsufficientBalanceError):
            return "stop"
        return "final"
    if isinstance(error, (ValidationError, OperationFailedError, StepFailedError)):
        return "final"
    return "stop"


def positive_int(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(attribute.name, "must be a whole number >= 1", value)


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

    attempts: int = attrs.field(default=6, validator=positive_int)
    base: float = attrs.field(default=0.5, validator=attrs.validators.ge(0))
    max_wait: float = attrs.field(default=10.0, validator=attrs.validators.ge(0))
    reconcile_delay: float = attrs.field(default=3.0, validator=attrs.validators.ge(0))

    def wait(self, attempt: int) -> float:
        """The jittered wait after failed attempt number ``attempt`` (1-based)."""
        return random.uniform(0, min(self.max_wait, self.base * 2 ** (attempt - 1)))


class _Step:
    """A step's record as its flow knows it (what the journal holds, kept up to date in this
    run): a plain class, as cheap to make as a tuple, made several times per flow."""

    __slots__ = ("error", "final", "intent", "result", "status", "updated_at")

    def __init__(
        self,
        status: StepStatus,
        intent: dict[str, Any] | None = None,
        result: dict[str, Any] | None = None,
        error: str | None = None,
        final: bool = False,
        updated_at: float = 0.0,
    ) -> None:
        self.status = status
        self.intent = intent
        self.result = result
        self.error = error
        self.final = final
        self.updated_at = updated_at


def _from_record(record: StepRecord) -> _Step:
    """What the flow keeps of a step an earlier run recorded."""
    return _Step(
        record.status, record.intent, record.result, record.error, record.final, record.updated_at
    )


class FlowContext:
    """What a flow receives: its ``flow_id``, the ``journal``, limits, events and steps."""

    __slots__ = (
        "_announced",
        "_announcing",
        "_emit",
        "_keys",
        "_records",
        "_settled_at",
        "flow_id",
        "journal",
        "policy",
    )

    def __init__(
        self,
        flow_id: str,
        journal: Journal,
        keys: KeyLimits,
        policy: StepPolicy,
        emit: Callable[[FlowEvent], Awaitable[None]] | None,
        records: Mapping[str, StepRecord],
        settled_at: float = 0.0,
    ) -> None:
        self.flow_id = flow_id
        self._settled_at = settled_at
        self.journal = journal
        self.policy = policy
        self._keys = keys
        self._emit = emit
        self._records = (
            {name: _from_record(record) for name, record in records.items()} if records else {}
        )
        self._announced: set[str] | None = None  # intents recorded ahead, not yet sent
        self._announcing: Pending | None = None  # their commit, until known durable

    def limit(self, kind: str, key: Hashable) -> AbstractAsyncContextManager[None]:
        """``async with ctx.limit("account", 4687):`` holds one of that key's slots."""
        return self._keys.hold(kind, key)

    async def emit(self, event: FlowEvent) -> None:
        """Send a progress event to the run's ``on_event``."""
        if self._emit is not None:
            await self._emit(event)

    async def _event(self, step: str | None, state: str, detail: str | None = None) -> None:
        if self._emit is not None:  # no event is built when nobody listens
            await self._emit(FlowEvent(self.flow_id, step, state, detail))

    def record(self, step: str) -> StepRecord | None:
        """The step's record as of the flow's start or its last change in this run."""
        known = self._records.get(step)
        if known is None:
            return None
        return StepRecord(
            self.flow_id,
            step,
            known.status,
            known.intent,
            known.result,
            known.error,
            known.updated_at,
            known.final,
        )

    async def _done(self, step: str, result: dict[str, Any], *, lazy: bool) -> dict[str, Any]:
        # not waited for (see Journal.flush); a write's result is committed at once, a
        # read's (which a rerun gets again) may wait a moment to share a commit
        self.journal.queue_done(self.flow_id, step, result, lazy=lazy)
        self._records[step] = _Step("done", None, result)
        if self._emit is not None:
            await self._event(step, "done")
        return result

    async def _failed(self, step: str, error: BaseException, *, final: bool) -> None:
        text = describe(error)
        await self.journal.failed(self.flow_id, step, text, final=final, wait=False)
        prior = self._records.get(step)  # the journal keeps a write's intent: so does this
        intent = None if prior is None else prior.intent
        self._records[step] = _Step("failed", intent, None, text, final)
        await self._event(step, "failed", text)

    async def fail(self, step: str, error: BaseException, *, final: bool = True) -> None:
        """Record a step that ended ``done`` as failed after all (its intent is kept): an
        upload whose job failed later made nothing. A rerun runs it again once it sends
        something else (the manifest fixed), or with ``retry_failed``; not ``final``: at
        once."""
        await self._failed(step, error, final=final)

    def _recorded(self, step: str, intent: dict[str, Any] | None = None) -> dict[str, Any] | None:
        """The step's recorded result, None when it has to run; raises
        :class:`StepFailedError` when it failed for good. A write (``intent``: what it sends
        now) that failed for good sending something else has to run: it was refused as
        another request, which proves nothing about this one."""
        record = self._records.get(step)
        if record is None:
            return None
        if record.status == "failed" and record.final:
            sent = record.intent
            if intent is not None and sent is not None and sent != json.loads(compact(intent)):
                return None  # (compared as the journal holds it: JSON)
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

    async def step(
        self,
        name: str,
        run: Callable[[*Ts], Awaitable[dict[str, Any]]],
        *args: *Ts,
    ) -> dict[str, Any]:
        """Run a read-like or idempotent step once: its recorded result if done earlier,
        else ``run(*args)`` (retried on transient failures) with its result recorded."""
        if name in self._records and (recorded := self._recorded(name)) is not None:
            await self._event(name, "skipped")
            return recorded
        if self._emit is not None:
            await self._event(name, "running")
        attempt = 0
        while True:
            attempt += 1
            try:
                result = await run(*args)
            except Exception as error:
                await self._retry_or_raise(name, attempt, error)
                continue
            return await self._done(name, result, lazy=True)

    async def write_step(
        self,
        name: str,
        intent: dict[str, Any],
        send: Callable[[], Awaitable[dict[str, Any]]],
        reconcile: Callable[[dict[str, Any]], Awaitable[dict[str, Any] | None]] | None,
    ) -> dict[str, Any]:
        """Perform a write exactly once (see the module docstring).

        ``intent`` (JSON) is recorded before ``send()``; ``reconcile(recorded_intent)`` runs
        whenever the outcome of an earlier send is unknown and returns the write's result if
        it happened, else None; ``reconcile=None`` says the service cannot be asked (an
        unknown outcome is sent again, so the result is recorded at once, not lazily). A
        write refused in a way that proves it was not acted on is
        retried (transient) or recorded as failed; one whose outcome stays unknown after the
        attempts leaves its intent open and raises.
        """
        recorded = self._recorded(name, intent)
        if recorded is not None:
            await self._event(name, "skipped")
            return recorded
        record = self._records.get(name)
        ahead = self._take_announced(name, intent)
        unknown = None if ahead or record is None or record.status != "intent" else record.intent
        attempt = 0
        if unknown is not None:  # an earlier run's request may still be on its way
            await anyio.sleep(max(0.0, self._settled_at - time.time()))
        while True:
            attempt += 1
            if unknown is not None:
                found = await self._reconcile(name, unknown, reconcile)
                if found is not None:
                    await self._event(name, "reconciled")
                    return await self._done(name, found, lazy=False)
                await self._event(name, "resending")
                unknown = None
            if ahead:  # recorded by announce(), surely not sent: send once it is durable
                ahead = False
                if self._announcing is not None:
                    await self._announcing  # JournalError: not durable, so not sent
                    self._announcing = None
            else:
                await self.journal.intend(self.flow_id, name, intent)
                self._records[name] = _Step("intent", intent)
            if self._emit is not None:
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
            # a write the service can be asked about may record its result lazily: lost,
            # it is looked up; one it cannot be asked about is recorded at once
            return await self._done(name, result, lazy=reconcile is not None)

    def _take_announced(self, name: str, intent: dict[str, Any]) -> bool:
        """True, once, when :meth:`announce` recorded exactly ``intent`` for ``name`` in
        this run (durable, and surely not sent yet)."""
        if self._announced is None or name not in self._announced:
            return False
        self._announced.discard(name)
        record = self._records.get(name)
        return record is not None and record.intent == intent

    def announce(
        self, writes: Sequence[tuple[str, dict[str, Any]]], *, within: float = 0.0
    ) -> None:
        """Record the intents of several write steps in one commit, ahead of their
        :meth:`write_step` calls: one wait on the disk instead of one per write.

        Returns at once: the commit starts now, or within ``within`` seconds (shared with
        other flows' writes meanwhile), and goes on while the flow does other work; the
        first announced ``write_step`` waits for it before sending. Announcing the same
        intents again starts their commit now if it has not started: announce early with a
        ``within``, then again when they will soon be needed.

        Steps already recorded (done, failed or open) are left alone, except one announced
        in this run and not sent yet: announcing it with another intent replaces it (the
        upload went elsewhere). Announced writes the flow never sends are recorded
        ``failed`` (not sent) when it ends; one a crash keeps from being sent is looked up
        by the next run, which finds nothing and sends it then.
        """
        unsent = self._announced or ()
        records = self._records
        fresh = [
            (name, intent)
            for name, intent in writes
            if name not in records or (name in unsent and records[name].intent != intent)
        ]
        if not fresh:
            if within <= 0.0 and self._announcing is not None:
                self._announcing.start()
            return
        self._announcing = self.journal.intend_soon(self.flow_id, fresh, within=within)
        announced = self._announced = self._announced or set()
        for name, intent in fresh:
            records[name] = _Step("intent", intent)
            announced.add(name)

    async def withdraw_unsent(self) -> None:
        """Record each announced write the flow did not send as ``failed`` (not final), so
        a rerun sends it without a lookup; the runner calls this when the flow returns."""
        if not self._announced:
            return
        for name in sorted(self._announced):
            text = "announced, not sent: the flow ended first"
            await self.journal.failed(self.flow_id, name, text, final=False, wait=False)
            self._records[name] = _Step("failed", None, None, text)
        self._announced.clear()

    async def _ambiguous(self, step: str, attempt: int, error: Exception) -> None:
        await self._event(step, "ambiguous", describe(error))
        if attempt >= self.policy.attempts:
            raise error  # the intent stays open: the next run reconciles it
        await anyio.sleep(max(self.policy.reconcile_delay, self.policy.wait(attempt)))

    async def _reconcile(
        self,
        step: str,
        intent: dict[str, Any],
        reconcile: Callable[[dict[str, Any]], Awaitable[dict[str, Any] | None]] | None,
    ) -> dict[str, Any] | None:
        """``reconcile(intent)``, retried on transient failures; if it cannot be read, raise
        with the intent left open. None when there is no ``reconcile``: sent again."""
        if reconcile is None:
            return None
        await self._event(step, "reconciling")
        attempt = 0
        while True:
            attempt += 1
            try:
                return await reconcile(intent)
            except Exception as error:
                if failure_kind(error) == "transient" and attempt < self.policy.attempts:
                    await self._event(step, "retrying", f"reconcile: {describe(error)}")
                    await anyio.sleep(self.policy.wait(attempt))
                    continue
                if failure_kind(error) != "final":
                    raise
                # A refused lookup says nothing of the write: the flow stops, and a rerun
                # looks again (never "failed for good", which would skip the write forever).
                raise LookupFailedError(step, error) from error


def _not_acted(error: BaseException) -> bool:
    """True when a failed write provably was not acted on: refused before sending, never
    sent, or refused by the service with a 4xx (429 included). Anything else, a 5xx answer
    included, may have been acted on and is reconciled before it is sent again."""
    if isinstance(error, AmbiguousOutcomeError):
        return False
    if isinstance(error, APIError):
        return error.status is not None and 400 <= error.status < 500
    return isinstance(error, (ValidationError, ConnectError, RetryBudgetExhaustedError))
