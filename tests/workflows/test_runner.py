"""The runner: limits hold, one flow's failure stays its own, finished steps and flows are
skipped on a rerun, a write records its intent first and an unknown outcome is reconciled
before anything is sent again, a cancelled run leaves a journal the next run finishes.

The flows here are plain async functions over an in-memory "service" (a set of what was
acted on); tests/workflows/test_publish_flow.py runs the same rules over HTTP.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import anyio
import anyio.lowlevel
import pytest

from trenz_async.errors import (
    AmbiguousOutcomeError,
    InvalidParamError,
    QuotaExceededError,
    RateLimitError,
    ServerError,
    ValidationError,
)
from trenz_async.workflows import (
    INCOMPLETE,
    FlowContext,
    FlowEvent,
    ItemReport,
    Journal,
    Limits,
    StepFailedError,
    StepPolicy,
    run_flows,
)
from trenz_async.workflows._key_limits import KeyLimits

pytestmark = pytest.mark.anyio
QUICK = StepPolicy(attempts=3, base=0.001, max_wait=0.005, reconcile_delay=0.001)


@pytest.fixture
async def journal(tmp_path: Path) -> AsyncIterator[Journal]:
    async with await Journal.open(tmp_path / "job.sqlite") as opened:
        yield opened


def lost(what: str = "POST /publish") -> AmbiguousOutcomeError:
    """The error the transport raises when a write's answer was lost."""
    cause = ConnectionResetError("connection reset by peer")
    return AmbiguousOutcomeError(
        f"{what} may have been acted on", method="POST", path=what, cause=cause
    )


def done(item: str) -> ItemReport:
    return ItemReport(item, "done", [], None)


async def run(journal: Journal, items: list[str], flow: Any, **options: Any) -> list[ItemReport]:
    options.setdefault("limits", Limits(concurrency=4))
    options.setdefault("policy", QUICK)
    return await run_flows(items, flow, journal=journal, flow_id=str, **options)


async def test_one_flow_failing_never_cancels_the_others(journal: Journal) -> None:
    finished: list[str] = []

    async def flow(item: str, ctx: FlowContext) -> ItemReport:
        await anyio.sleep(0.01)
        if item == "bug":
            raise RuntimeError("boom")
        if item == "bad":
            raise ValidationError("file", "must be an existing file", "x.mp4")
        await anyio.sleep(0.02)
        finished.append(item)
        return done(item)

    items = ["a", "bug", "b", "bad", "c", "d"]
    reports = await run(journal, items, flow, limits=Limits(concurrency=6))
    assert [r.item_id for r in reports] == items
    assert sorted(finished) == ["a", "b", "c", "d"]
    by_id = {r.item_id: r for r in reports}
    assert (by_id["bug"].status, by_id["bug"].error) == (INCOMPLETE, "RuntimeError: boom")
    assert by_id["bad"].status == "failed"
    assert by_id["bad"].error == "ValidationError: file: must be an existing file"
    flows = {f.flow_id: f.status for f in await journal.flows()}
    assert flows == {
        "a": "done",
        "bug": INCOMPLETE,
        "b": "done",
        "bad": "done",
        "c": "done",
        "d": "done",
    }


async def test_the_global_and_per_key_limits_hold(journal: Journal) -> None:
    running = 0
    peak = 0
    holding: Counter[int] = Counter()
    peaks: Counter[int] = Counter()

    async def flow(item: str, ctx: FlowContext) -> ItemReport:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await anyio.sleep(0.002)
        account = int(item) % 2
        async with ctx.limit("account", account):
            holding[account] += 1
            peaks[account] = max(peaks[account], holding[account])
            await anyio.sleep(0.005)
            holding[account] -= 1
        async with ctx.limit("unlimited kind", account):
            await anyio.lowlevel.checkpoint()
        running -= 1
        return done(item)

    limits = Limits(concurrency=5, per_key={"account": 2})
    reports = await run(journal, [str(n) for n in range(30)], flow, limits=limits)
    assert all(r.status == "done" for r in reports)
    assert peak == 5
    assert dict(peaks) == {0: 2, 1: 2}


async def test_per_key_slots_exist_only_while_held() -> None:
    keys = KeyLimits({"account": 1})
    async with keys.hold("account", 1), keys.hold("account", 2):
        assert len(keys) == 2
    assert len(keys) == 0


def test_limits_refuse_nonsense() -> None:
    with pytest.raises(ValidationError, match="concurrency: must be a whole number >= 1"):
        Limits(concurrency=0)
    with pytest.raises(ValidationError, match=r"per_key\['account'\]"):
        Limits(per_key={"account": 0})


async def test_two_items_with_one_id_are_refused_before_anything_runs(journal: Journal) -> None:
    async def flow(item: str, ctx: FlowContext) -> ItemReport:
        raise AssertionError("never runs")

    with pytest.raises(ValidationError, match="'a' names two items"):
        await run(journal, ["a", "b", "a"], flow)
    assert await journal.flows() == []


async def test_a_rerun_skips_finished_steps_then_finished_flows(journal: Journal) -> None:
    calls: Counter[str] = Counter()
    outage = True
    events: list[FlowEvent] = []

    async def flow(item: str, ctx: FlowContext) -> ItemReport:
        async def upload() -> dict[str, Any]:
            calls["upload"] += 1
            return {"key": f"k-{item}"}

        async def check() -> dict[str, Any]:
            calls["check"] += 1
            if outage:
                raise ServerError("down", status=503, code="BACKEND_UNAVAILABLE")
            return {"ok": True}

        stored = await ctx.step("upload", upload)
        await ctx.step("check", check)
        return ItemReport(item, "done", [], stored["key"])

    first = await run(journal, ["x"], flow)
    assert (first[0].status, calls) == (INCOMPLETE, Counter(upload=1, check=3))
    step = await journal.get("x", "check")
    assert step is not None
    assert (step.status, step.final) == ("failed", False)

    outage = False
    second = await run(journal, ["x"], flow, on_event=events.append)
    assert (second[0].status, second[0].error) == ("done", "k-x")
    assert calls == Counter(upload=1, check=4)
    assert FlowEvent("x", "upload", "skipped") in events

    events.clear()
    third = await run(journal, ["x"], flow, on_event=events.append)
    assert third == second
    assert calls == Counter(upload=1, check=4)
    assert events == [FlowEvent("x", None, "skipped", "done")]


class Service:
    """What a fake write service acted on, and a switch to lose its next answer."""

    def __init__(self) -> None:
        self.acted: Counter[str] = Counter()
        self.lose_next = 0
        self.refuse_next = 0
        self.sends = 0
        self.lookups = 0

    async def send(self, key: str) -> dict[str, Any]:
        self.sends += 1
        if self.refuse_next:
            self.refuse_next -= 1
            raise RateLimitError("slow down", status=429, code="RATE_LIMITED")
        self.acted[key] += 1
        if self.lose_next:
            self.lose_next -= 1
            raise lost()
        return {"id": key, "via": "send"}

    async def reconcile(self, intent: dict[str, Any]) -> dict[str, Any] | None:
        self.lookups += 1
        return {"id": intent["key"], "via": "reconcile"} if self.acted[intent["key"]] else None


def writer(service: Service) -> Any:
    async def flow(item: str, ctx: FlowContext) -> ItemReport:
        result = await ctx.write_step(
            "publish", {"key": item}, lambda: service.send(item), service.reconcile
        )
        return ItemReport(item, "done", [], result["via"])

    return flow


async def test_a_write_records_its_intent_before_it_is_sent(journal: Journal) -> None:
    seen: list[Any] = []

    async def flow(item: str, ctx: FlowContext) -> ItemReport:
        async def send() -> dict[str, Any]:
            seen.append(await journal.get(item, "publish"))
            return {"session_token": "s-1"}

        async def reconcile(intent: dict[str, Any]) -> dict[str, Any] | None:
            raise AssertionError("nothing to reconcile")

        await ctx.write_step("publish", {"bucket_key": "k"}, send, reconcile)
        return done(item)

    await run(journal, ["x"], flow)
    assert [(s.status, s.intent, s.result) for s in seen] == [("intent", {"bucket_key": "k"}, None)]
    step = await journal.get("x", "publish")
    assert step is not None
    assert (step.status, step.intent, step.result) == (
        "done",
        {"bucket_key": "k"},
        {"session_token": "s-1"},
    )


async def test_an_open_intent_that_happened_is_reconciled_and_not_sent(journal: Journal) -> None:
    service = Service()
    service.acted["x"] = 1  # an earlier run sent it, then died before the answer
    await journal.intend("x", "publish", {"key": "x"})
    events: list[FlowEvent] = []
    reports = await run(journal, ["x"], writer(service), on_event=events.append)
    assert (reports[0].status, reports[0].error) == ("done", "reconcile")
    assert (service.sends, service.lookups, service.acted["x"]) == (0, 1, 1)
    assert [e.state for e in events if e.step == "publish"] == ["reconciling", "reconciled", "done"]


async def test_an_open_intent_that_did_not_happen_is_sent_once(journal: Journal) -> None:
    service = Service()
    await journal.intend("x", "publish", {"key": "x"})  # died before the request left
    reports = await run(journal, ["x"], writer(service))
    assert (reports[0].status, reports[0].error) == ("done", "send")
    assert (service.sends, service.lookups, service.acted["x"]) == (1, 1, 1)


def announcing(journal: Journal, service: Service, stop: dict[str, Any]) -> Any:
    """A flow announcing two writes, then sending them; ``stop["after_first"]`` makes it
    raise after the first send, ``stop["scope"]`` cancels that scope there instead. Before
    each send it notes the journal's records of both writes and its commits so far."""
    seen: list[Any] = stop.setdefault("seen", [])

    async def flow(item: str, ctx: FlowContext) -> ItemReport:
        keys = [f"{item}-1", f"{item}-2"]
        commits = journal.stats.commits
        ctx.announce([(f"publish:{key}", {"key": key}) for key in keys])

        async def send(key: str) -> dict[str, Any]:
            records = [await journal.get(item, f"publish:{k}") for k in keys]
            seen.append(([r and r.status for r in records], journal.stats.commits - commits))
            return await service.send(key)

        for key in keys:
            await ctx.write_step(
                f"publish:{key}", {"key": key}, lambda k=key: send(k), service.reconcile
            )
            if stop.get("scope") is not None:
                stop["scope"].cancel()
                await anyio.sleep(1)
            if stop.get("after_first"):
                raise QuotaExceededError("out of quota", status=429, code="QUOTA_EXCEEDED")
        return done(item)

    return flow


async def test_announced_intents_share_one_commit_before_the_first_send_and_unsent_ones_are_marked(
    journal: Journal,
) -> None:
    service = Service()
    stop: dict[str, Any] = {"after_first": True}
    first = await run(journal, ["x"], announcing(journal, service, stop))
    assert first[0].status == INCOMPLETE
    assert stop["seen"] == [(["intent", "intent"], 1)]  # both durable in one commit, then sent
    second = await journal.get("x", "publish:x-2")
    assert second is not None
    assert (second.status, second.final) == ("failed", False)  # never sent, and known so
    assert second.error == "announced, not sent: the flow ended first"

    stop["after_first"] = False
    again = await run(journal, ["x"], announcing(journal, service, stop))
    assert again[0].status == "done"
    assert (service.sends, service.lookups) == (2, 0)  # x-2 sent at once: no lookup
    assert service.acted == Counter({"x-1": 1, "x-2": 1})


async def test_an_announced_write_a_cancelled_run_left_unsent_is_sent_without_lookup(
    journal: Journal,
) -> None:
    service = Service()
    with anyio.CancelScope() as scope:
        await run(journal, ["x"], announcing(journal, service, {"scope": scope}))
    second = await journal.get("x", "publish:x-2")
    assert second is not None
    assert (second.status, second.final) == ("failed", False)  # surely not sent: withdrawn
    again = await run(journal, ["x"], announcing(journal, service, {}))
    assert again[0].status == "done"
    assert (service.sends, service.lookups) == (2, 0)
    assert service.acted == Counter({"x-1": 1, "x-2": 1})


async def test_an_announced_write_a_crash_left_open_is_looked_up_then_sent(
    journal: Journal,
) -> None:
    service = Service()
    # what a run killed after announcing both writes and sending the first leaves behind
    await journal.intend_many(
        "x", [("publish:x-1", {"key": "x-1"}), ("publish:x-2", {"key": "x-2"})]
    )
    await service.send("x-1")
    again = await run(journal, ["x"], announcing(journal, service, {}))
    assert again[0].status == "done"
    assert (service.sends, service.lookups) == (2, 2)  # both looked up; only x-2 sent now
    assert service.acted == Counter({"x-1": 1, "x-2": 1})


async def test_a_lost_answer_is_reconciled_at_once_never_resent(journal: Journal) -> None:
    service = Service()
    service.lose_next = 1
    events: list[FlowEvent] = []
    reports = await run(journal, ["x"], writer(service), on_event=events.append)
    assert (reports[0].status, reports[0].error) == ("done", "reconcile")
    assert (service.sends, service.acted["x"]) == (1, 1)
    states = [e.state for e in events if e.step == "publish"]
    assert states == ["sending", "ambiguous", "reconciling", "reconciled", "done"]


async def test_a_refusal_that_proves_nothing_was_done_is_retried_without_lookup(
    journal: Journal,
) -> None:
    service = Service()
    service.refuse_next = 2
    reports = await run(journal, ["x"], writer(service))
    assert (reports[0].status, reports[0].error) == ("done", "send")
    assert (service.sends, service.lookups, service.acted["x"]) == (3, 0, 1)


async def test_an_outcome_that_stays_unknown_leaves_the_intent_open(journal: Journal) -> None:
    service = Service()
    service.lose_next = 1

    async def unreadable(intent: dict[str, Any]) -> dict[str, Any] | None:
        raise ServerError("down", status=503, code="BACKEND_UNAVAILABLE")

    async def flow(item: str, ctx: FlowContext) -> ItemReport:
        await ctx.write_step("publish", {"key": item}, lambda: service.send(item), unreadable)
        return done(item)

    reports = await run(journal, ["x"], flow)
    assert reports[0].status == INCOMPLETE
    assert reports[0].error is not None
    assert reports[0].error.startswith("ServerError: 503 BACKEND_UNAVAILABLE")
    step = await journal.get("x", "publish")
    assert step is not None
    assert (step.status, step.intent, step.result) == ("intent", {"key": "x"}, None)
    # the next run finds it happened and does not send it again
    reports = await run(journal, ["x"], writer(service))
    assert (reports[0].status, reports[0].error) == ("done", "reconcile")
    assert (service.sends, service.acted["x"]) == (1, 1)


async def test_a_final_refusal_is_recorded_and_never_sent_again(journal: Journal) -> None:
    sends = 0

    async def flow(item: str, ctx: FlowContext) -> ItemReport:
        nonlocal sends

        async def send() -> dict[str, Any]:
            nonlocal sends
            sends += 1
            raise InvalidParamError("account disconnected", status=400, code="INVALID_PARAM")

        async def reconcile(intent: dict[str, Any]) -> dict[str, Any] | None:
            raise AssertionError("a refused write is known not to have happened")

        try:
            await ctx.write_step("publish", {"n": 1}, send, reconcile)
        except (InvalidParamError, StepFailedError) as error:
            return ItemReport(item, INCOMPLETE, [], type(error).__name__)  # ask for a rerun
        return done(item)

    assert (await run(journal, ["x"], flow))[0].error == "InvalidParamError"
    step = await journal.get("x", "publish")
    assert step is not None
    assert (step.status, step.final) == ("failed", True)
    assert (await run(journal, ["x"], flow))[0].error == "StepFailedError"
    assert sends == 1


async def test_a_cancelled_run_leaves_a_journal_the_next_run_finishes_exactly_once(
    journal: Journal,
) -> None:
    acted: Counter[str] = Counter()
    scope = anyio.CancelScope()

    async def send(key: str) -> dict[str, Any]:
        acted[key] += 1  # acted on at once; the answer takes a while
        if sum(acted.values()) == 5:
            scope.cancel()  # Ctrl-C while this answer is on its way
        await anyio.sleep(0.02)
        return {"id": key}

    async def reconcile(intent: dict[str, Any]) -> dict[str, Any] | None:
        return {"id": intent["key"]} if acted[intent["key"]] else None

    async def flow(item: str, ctx: FlowContext) -> ItemReport:
        async with ctx.limit("account", 1):
            await ctx.write_step("publish", {"key": item}, lambda: send(item), reconcile)
        return done(item)

    items = [f"item-{n}" for n in range(12)]
    with scope:
        await run(journal, items, flow, limits=Limits(concurrency=4, per_key={"account": 2}))
    assert scope.cancelled_caught
    flows = {f.flow_id: f.status for f in await journal.flows()}
    assert "interrupted" in flows.values()
    assert len(flows) < len(items)
    steps = await journal.all_steps()
    assert any(s.status == "intent" for s in steps)  # sent, answer cut off by the cancel
    reports = await run(journal, items, flow)
    assert [r.status for r in reports] == ["done"] * 12
    assert acted == Counter(dict.fromkeys(items, 1))


async def test_a_broken_progress_listener_breaks_nothing_and_async_ones_are_awaited(
    journal: Journal,
) -> None:
    seen: list[str] = []

    def broken(event: FlowEvent) -> None:
        raise RuntimeError("listener bug")

    async def slow(event: FlowEvent) -> None:
        await anyio.lowlevel.checkpoint()
        seen.append(event.state)

    async def flow(item: str, ctx: FlowContext) -> ItemReport:
        await ctx.emit(FlowEvent(item, "custom", "halfway", "50%"))
        return done(item)

    assert (await run(journal, ["x"], flow, on_event=broken))[0].status == "done"
    await run(journal, ["y"], flow, on_event=slow)
    assert seen == ["started", "halfway", "done"]
