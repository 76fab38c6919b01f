"""Calls beyond the connection pool queue in the transport: cheaply, and with their
connect and attempt timeouts stopped until a connection is free; the deadline still holds."""

from __future__ import annotations

import anyio
import pytest
from aiohttp import web

from tests.transport.hostile import envelope, hostile_server, products_page
from trenz_async import RequestTimeoutError, RetryPolicy

pytestmark = pytest.mark.anyio


class SlowHandler:
    """Answers after ``delay`` seconds and remembers how many requests it held at once."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.now = 0
        self.most = 0

    async def __call__(self, request: web.Request) -> web.Response:
        self.now += 1
        self.most = max(self.most, self.now)
        try:
            await anyio.sleep(self.delay)
        finally:
            self.now -= 1
        return envelope(products_page())


async def test_calls_queued_behind_a_full_pool_do_not_time_out_while_they_wait() -> None:
    handler = SlowHandler(0.1)
    options = {"pool_limit": 2, "connect_timeout": 0.05, "timeout": 0.5}
    async with (
        hostile_server(handler) as server,
        server.client(
            rate_limit_per_minute=None, retry=RetryPolicy(max_attempts=1), **options
        ) as trenz,
    ):
        results: list[int] = []

        async def one() -> None:
            page = await trenz.data.products.search(country="us")
            results.append(len(page.items))

        async with anyio.create_task_group() as group:
            for _ in range(12):  # 0.6 s of queueing: past both timeouts for the last ones
                group.start_soon(one)
    assert results == [2] * 12
    assert len(server.seen) == 12  # each sent once: no timeout, no retry
    assert handler.most == 2


async def test_the_deadline_holds_while_a_call_waits_for_a_connection() -> None:
    handler = SlowHandler(0.6)
    async with (
        hostile_server(handler) as server,
        server.client(rate_limit_per_minute=None, pool_limit=1) as trenz,
    ):

        async def first() -> None:
            await trenz.data.products.search(country="us")

        async with anyio.create_task_group() as group:
            group.start_soon(first)
            await anyio.sleep(0.1)  # the one connection is busy for 0.5 s more
            with anyio.fail_after(0.45), pytest.raises(RequestTimeoutError) as caught:
                await trenz.data.products.search(country="us", deadline=0.2)
        assert "waiting for a free connection" in str(caught.value)
        assert "nothing was sent" in str(caught.value)
    assert len(server.seen) == 1


async def test_a_call_that_queued_for_a_connection_sends_within_what_is_left_of_its_deadline() -> (
    None
):
    handler = SlowHandler(0.5)
    async with (
        hostile_server(handler) as server,
        server.client(
            rate_limit_per_minute=None, pool_limit=1, timeout=5, retry=RetryPolicy(max_attempts=1)
        ) as trenz,
    ):

        async def first() -> None:
            await trenz.data.products.search(country="us")

        async with anyio.create_task_group() as group:
            group.start_soon(first)
            await anyio.sleep(0.05)  # the one connection is busy for 0.45 s more
            handler.delay = 1.0  # the queued call's own answer would come too late
            started = anyio.current_time()
            with anyio.fail_after(2), pytest.raises(RequestTimeoutError):
                await trenz.data.products.search(country="us", deadline=0.6)
            took = anyio.current_time() - started
    assert 0.5 < took < 0.85  # its attempt had the 0.15 s left, not the 0.6 s it began with
    assert len(server.seen) == 2
