"""While a run goes, the garbage collector scans young objects less often; the process's own
setting comes back when the last run ends, and a setting the process chose is respected."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import anyio
import anyio.lowlevel
import pytest

from trenz_async.errors import ValidationError
from trenz_async.workflows import FlowContext, ItemReport, Journal, Limits, run_flows
from trenz_async.workflows._young_gc import BULK_YOUNG_THRESHOLD

pytestmark = pytest.mark.anyio
DEFAULT = (700, 10, 10)


@pytest.fixture(autouse=True)
def collector() -> Iterator[None]:
    """Each test starts from CPython's default setting and leaves the process's as it was."""
    before, enabled = gc.get_threshold(), gc.isenabled()
    gc.set_threshold(*DEFAULT)
    yield
    gc.set_threshold(*before)
    if enabled:
        gc.enable()


@pytest.fixture
async def journal(tmp_path: Path) -> AsyncIterator[Journal]:
    async with await Journal.open(tmp_path / "job.sqlite") as opened:
        yield opened


def seen_by(
    flows: list[tuple[int, int, int]],
) -> Callable[[str, FlowContext], Awaitable[ItemReport]]:
    """A flow that notes the collector's threshold while it runs."""

    async def flow(item: str, ctx: FlowContext) -> ItemReport:
        await anyio.lowlevel.checkpoint()
        flows.append(gc.get_threshold())
        if item == "boom":
            raise RuntimeError("boom")
        return ItemReport(item, "done", [], None)

    return flow


async def test_the_threshold_is_raised_while_flows_run_and_put_back_after(
    journal: Journal,
) -> None:
    seen: list[tuple[int, int, int]] = []
    await run_flows(
        ["a", "boom", "c"], seen_by(seen), journal=journal, limits=Limits(2), flow_id=str
    )
    assert seen == [(BULK_YOUNG_THRESHOLD, 10, 10)] * 3
    assert gc.get_threshold() == DEFAULT


async def test_none_leaves_the_collector_alone(journal: Journal) -> None:
    seen: list[tuple[int, int, int]] = []
    limits = Limits(2, gc_young_threshold=None)
    await run_flows(["a", "b"], seen_by(seen), journal=journal, limits=limits, flow_id=str)
    assert seen == [DEFAULT] * 2


async def test_the_setting_comes_back_when_the_last_of_two_runs_ends(tmp_path: Path) -> None:
    first_done = anyio.Event()
    after_first: list[tuple[int, int, int]] = []

    async def slow(item: str, ctx: FlowContext) -> ItemReport:
        await first_done.wait()
        after_first.append(gc.get_threshold())
        return ItemReport(item, "done", [], None)

    async def quick(item: str, ctx: FlowContext) -> ItemReport:
        await anyio.lowlevel.checkpoint()
        return ItemReport(item, "done", [], None)

    async with (
        await Journal.open(tmp_path / "one.sqlite") as one,
        await Journal.open(tmp_path / "two.sqlite") as two,
        anyio.create_task_group() as group,
    ):
        group.start_soon(lambda: run_flows(["s"], slow, journal=one, limits=Limits(), flow_id=str))
        await anyio.sleep(0.01)
        await run_flows(["q"], quick, journal=two, limits=Limits(), flow_id=str)
        first_done.set()
    assert after_first == [(BULK_YOUNG_THRESHOLD, 10, 10)]  # the other run still went
    assert gc.get_threshold() == DEFAULT


async def test_a_higher_threshold_is_kept(journal: Journal) -> None:
    gc.set_threshold(50_000, 20, 20)
    seen: list[tuple[int, int, int]] = []
    await run_flows(["a"], seen_by(seen), journal=journal, limits=Limits(), flow_id=str)
    assert seen == [(50_000, 20, 20)]
    assert gc.get_threshold() == (50_000, 20, 20)


async def test_a_collector_turned_off_stays_off(journal: Journal) -> None:
    gc.disable()
    seen: list[tuple[int, int, int]] = []
    await run_flows(["a"], seen_by(seen), journal=journal, limits=Limits(), flow_id=str)
    assert seen == [DEFAULT]
    assert not gc.isenabled()


async def test_a_setting_changed_during_the_run_is_not_undone(journal: Journal) -> None:
    async def retune(item: str, ctx: FlowContext) -> ItemReport:
        gc.set_threshold(2_000, 10, 10)  # the application's own choice, made meanwhile
        return ItemReport(item, "done", [], None)

    await run_flows(["a"], retune, journal=journal, limits=Limits(), flow_id=str)
    assert gc.get_threshold() == (2_000, 10, 10)


@pytest.mark.parametrize("value", [0, -5, 2.5, True])
def test_a_threshold_that_is_not_a_whole_number_of_at_least_one_is_refused(
    value: object,
) -> None:
    with pytest.raises(ValidationError, match="gc_young_threshold: must be a whole number >= 1"):
        Limits(gc_young_threshold=value)
