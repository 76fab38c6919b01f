"""The connection gate hands a free connection to the queued call of lowest priority, and the
bulk runner gives earlier items lower priority: flows finish in about the items' order."""

from __future__ import annotations

import asyncio
from pathlib import Path

import anyio
import pytest
from aiohttp import web

from tests.transport.hostile import envelope, hostile_server, products_page
from trenz_async.transport.gate import ConnectionGate, set_call_priority
from trenz_async.workflows import FlowContext, ItemReport, Journal, Limits, run_flows

pytestmark = pytest.mark.anyio


async def _queue(gate: ConnectionGate, priority: float, served: list[float]) -> None:
    set_call_priority(priority)
    await gate.acquire()
    served.append(priority)
    await anyio.sleep(0.01)
    gate.release()


async def test_a_free_slot_goes_to_the_lowest_priority_then_the_first_come() -> None:
    gate = ConnectionGate(1)
    served: list[float] = []
    await gate.acquire()  # held: everyone below queues
    async with anyio.create_task_group() as group:
        for priority in (5, 1, 3, 1, 0.5):
            group.start_soon(_queue, gate, priority, served)
            await anyio.sleep(0.005)  # queue in this order
        assert gate.waiting == 5
        assert gate.locked()
        gate.release()
    assert served == [0.5, 1, 1, 3, 5]
    assert not gate.locked()
    assert gate.waiting == 0


async def test_a_cancelled_waiter_neither_keeps_nor_loses_a_slot() -> None:
    gate = ConnectionGate(1)
    await gate.acquire()
    with anyio.move_on_after(0.02):
        await gate.acquire()  # gives up while waiting
    assert gate.waiting == 0
    gate.release()
    assert not gate.locked()  # the slot went back to the pool, not to the cancelled waiter
    with anyio.fail_after(1):
        await gate.acquire()
    gate.release()


async def test_a_waiter_out_of_time_gives_up_and_the_slot_goes_on_to_the_next() -> None:
    gate = ConnectionGate(1)
    served: list[float] = []
    await gate.acquire()
    after = asyncio.ensure_future(_queue(gate, 2, served))
    loop = asyncio.get_running_loop()
    set_call_priority(1)
    with pytest.raises(TimeoutError):
        await gate.acquire(loop.time() + 0.02)  # first in line, but out of time
    assert gate.waiting == 1
    gate.release()
    with anyio.fail_after(1):
        await after
    assert served == [2]
    assert not gate.locked()


async def test_a_slot_handed_to_a_waiter_cancelled_meanwhile_is_passed_on() -> None:
    gate = ConnectionGate(1)
    served: list[float] = []
    await gate.acquire()
    doomed = asyncio.ensure_future(_queue(gate, 1, served))
    after = asyncio.ensure_future(_queue(gate, 2, served))
    await anyio.sleep(0.01)
    gate.release()  # hands the slot to priority 1 ...
    doomed.cancel()  # ... cancelled before it runs: the slot must pass to priority 2
    with anyio.fail_after(1):
        await after
    assert doomed.cancelled()
    assert served == [2]
    assert not gate.locked()


class Answer:
    """Answers every search after a short delay."""

    async def __call__(self, request: web.Request) -> web.Response:
        await anyio.sleep(0.01)
        return envelope(products_page())


async def test_with_more_flows_than_connections_the_earliest_flows_finish_first(
    tmp_path: Path,
) -> None:
    async with (
        hostile_server(Answer()) as server,
        server.client(pool_limit=1) as trenz,
        await Journal.open(tmp_path / "job.sqlite") as journal,
    ):

        async def flow(item: str, ctx: FlowContext) -> ItemReport:
            for step in range(3):
                await ctx.step(f"search:{step}", lambda: _search(item))
            return ItemReport(item, "done", [], None)

        async def _search(item: str) -> dict[str, int]:
            page = await trenz.data.products.search(country="us", keyword=item)
            return {"items": len(page.items)}

        items = [f"item{n}" for n in range(6)]
        limits = Limits(concurrency=6)
        reports = await run_flows(items, flow, journal=journal, limits=limits, flow_id=str)
    assert [r.status for r in reports] == ["done"] * 6
    order = [seen.query["keyword"] for seen in server.seen]
    assert len(order) == 18
    # first come, first served would send every item's first search before any second one
    last_of_first = max(i for i, item in enumerate(order) if item == "item0")
    first_of_last = order.index("item5")
    assert last_of_first < first_of_last, order
