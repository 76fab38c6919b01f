"""FlowContext: what a flow knows of its own steps while it runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anyio
import anyio.lowlevel
import pytest

from trenz_async.errors import InvalidParamError
from trenz_async.workflows import FlowContext, ItemReport, Journal, Limits, StepPolicy, run_flows

pytestmark = pytest.mark.anyio
QUICK = StepPolicy(attempts=3, base=0.001, max_wait=0.005, reconcile_delay=0.001)


async def test_record_shows_each_step_as_of_the_journal_and_this_runs_changes(
    tmp_path: Path,
) -> None:
    """``ctx.record(step)``: a step recorded by an earlier run (with its time), then one done
    and one whose intent was recorded in this run; None for a step never run."""
    journal = await Journal.open(tmp_path / "job.sqlite")
    await journal.done("a", "upload", {"key": "k"})
    await journal.failed("a", "check", "refused", final=True)
    seen: dict[str, Any] = {}

    async def flow(item: str, ctx: FlowContext) -> ItemReport:
        earlier = ctx.record("upload")
        assert earlier is not None
        assert earlier.updated_at > 0
        seen["earlier"] = (earlier.flow_id, earlier.step, earlier.status, earlier.result)
        failed = ctx.record("check")
        assert failed is not None
        seen["failed"] = (failed.status, failed.error, failed.final)
        assert ctx.record("read") is None
        await ctx.step("read", _answer, {"n": 1})
        read = ctx.record("read")
        assert read is not None
        seen["read"] = (read.status, read.result)
        with pytest.raises(InvalidParamError):
            await ctx.write_step("send", {"n": 2}, _fails_for_good, None)
        sent = ctx.record("send")
        assert sent is not None
        seen["sent"] = (sent.status, sent.intent, sent.final, "refused" in (sent.error or ""))
        return ItemReport(item, "done", [], None)

    async with journal:
        await run_flows(["a"], flow, journal=journal, limits=Limits(), flow_id=str, policy=QUICK)
    assert seen == {
        "earlier": ("a", "upload", "done", {"key": "k"}),
        "failed": ("failed", "refused", True),
        "read": ("done", {"n": 1}),
        "sent": ("failed", {"n": 2}, True, True),
    }


async def test_announced_intents_wait_their_within_unless_announced_again(
    tmp_path: Path,
) -> None:
    """``ctx.announce(writes, within=...)`` queues the intents to share a later commit;
    announcing the same again starts it now; the write then sends without waiting more."""
    journal = await Journal.open(tmp_path / "job.sqlite")
    seen: dict[str, Any] = {}
    writes = [("send:1", {"n": 1}), ("send:2", {"n": 2})]

    async def flow(item: str, ctx: FlowContext) -> ItemReport:
        ctx.announce(writes, within=60.0)
        await anyio.sleep(0.05)
        seen["queued"] = (journal.stats.commits, await journal.get(item, "send:1"))
        ctx.announce(writes)  # the same intents: their commit starts at this turn's end
        await anyio.lowlevel.checkpoint()  # (the journal's thread reads after that commit)
        recorded = await journal.get(item, "send:2")
        assert recorded is not None
        seen["committed"] = (journal.stats.commits, recorded.status, recorded.intent)
        for name, intent in writes:
            seen[name] = await ctx.write_step(name, intent, lambda: _answer({"ok": True}), None)
        return ItemReport(item, "done", [], None)

    async with journal:
        await run_flows(["a"], flow, journal=journal, limits=Limits(), flow_id=str, policy=QUICK)
        assert journal.stats.commits <= 3  # the intents, then results and the report
    assert seen == {
        "queued": (0, None),
        "committed": (1, "intent", {"n": 2}),
        "send:1": {"ok": True},
        "send:2": {"ok": True},
    }


async def _answer(answer: dict[str, Any]) -> dict[str, Any]:
    return answer


async def _fails_for_good() -> dict[str, Any]:
    raise InvalidParamError("refused", status=400)
