"""Waiting on the client's own rate limiter: visible, refunded when cancelled, explained."""

from __future__ import annotations

import logging
from typing import Any

import anyio
import pytest
from aiohttp import web

from tests.transport.hostile import envelope, error, hostile_server, products_page
from trenz_async import EventHooks, RateLimitError, RequestTimeoutError, RetryPolicy
from trenz_async.transport import RateLimitWaitEvent

pytestmark = pytest.mark.anyio


async def _ok(request: web.Request) -> web.Response:
    return envelope(products_page())


async def test_cancelled_waiters_give_their_tokens_back() -> None:
    async with (
        hostile_server(_ok) as server,
        server.client(
            rate_limit_per_minute=60, rate_limit_burst=10, retry=RetryPolicy(deadline=None)
        ) as trenz,
    ):
        limiter = trenz.transport.rate_limiter
        assert limiter is not None

        async def one() -> None:
            await trenz.data.products.search(country="us")

        async with anyio.create_task_group() as group:
            for _ in range(300):
                group.start_soon(one)
            await anyio.sleep(0.5)  # the burst is sent; 290 calls wait on the bucket
            group.cancel_scope.cancel()
        assert len(server.seen) == 10
        wait = limiter.reserve()  # what the cancelled waiters reserved came back
        assert wait is not None
        assert wait < 2.0  # not the 290 s a leaked reservation would cost at 60/min
        limiter.refund()


async def test_a_long_limiter_wait_is_logged_and_sent_as_an_event(caplog: Any) -> None:
    caplog.set_level(logging.DEBUG, logger="trenz_async")
    waits: list[RateLimitWaitEvent] = []
    hooks = EventHooks(on_rate_limit_wait=waits.append)
    async with (
        hostile_server(_ok) as server,
        server.client(rate_limit_per_minute=300, rate_limit_burst=1, hooks=hooks) as trenz,
    ):
        for _ in range(3):
            await trenz.data.products.search(country="us")
    assert len(waits) == 2  # the first call had the burst token
    assert all(0.1 <= w.wait <= 0.25 for w in waits)
    assert waits[0].per_minute == pytest.approx(300)
    assert not waits[0].paused_by_server
    lines = [r.getMessage() for r in caplog.records if "waits" in r.getMessage()]
    assert len(lines) == 2
    assert "for the rate limiter (300/min)" in lines[0]


async def test_a_short_limiter_wait_is_not_reported() -> None:
    waits: list[RateLimitWaitEvent] = []
    hooks = EventHooks(on_rate_limit_wait=waits.append)
    async with (
        hostile_server(_ok) as server,
        server.client(rate_limit_per_minute=6000, rate_limit_burst=1, hooks=hooks) as trenz,
    ):
        for _ in range(3):
            await trenz.data.products.search(country="us")
    assert waits == []  # 10 ms waits are pacing, not news


async def test_a_limiter_paused_by_retry_after_says_so_and_until_when() -> None:
    answers = iter([error(429, "RATE_LIMITED")])

    async def limited(request: web.Request) -> web.Response:
        response = next(answers, None) or envelope(products_page())
        if response.status == 429:
            response.headers["Retry-After"] = "3600"
        return response

    async with (
        hostile_server(limited) as server,
        server.client(rate_limit_per_minute=200, retry=RetryPolicy(max_attempts=1)) as trenz,
    ):
        with pytest.raises(RateLimitError):
            await trenz.data.products.search(country="us")
        for _ in range(2):  # every later call on the key explains itself
            with pytest.raises(RequestTimeoutError) as caught:
                await trenz.data.products.search(country="us", deadline=1)
    message = str(caught.value)
    assert "paused by the service's Retry-After until" in message
    assert " UTC (300s from now)" in message  # capped by RetryPolicy.max_retry_after
    assert len(server.seen) == 1
