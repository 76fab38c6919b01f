"""Retry rules over real HTTP: reads retried, writes never duplicated, storms stopped."""

from __future__ import annotations

import socket
import time

import pytest

from tests.helpers import FAST_RETRY, TEST_WRITE, sim_client
from trenz_async import (
    AmbiguousOutcomeError,
    ConnectError,
    EventHooks,
    QuotaExceededError,
    RequestTimeoutError,
    RetryBudgetExhaustedError,
    RetryEvent,
    RetryPolicy,
    ServerError,
    TrenzClient,
)
from trenz_async.testing import FaultRule

pytestmark = pytest.mark.anyio
SEARCH = "GET /open/v1/products/search"


def _searches(sim) -> int:
    return sum(1 for e in sim.journal if e.path == "/open/v1/products/search")


async def test_read_is_retried_on_5xx_until_it_succeeds(trenz_simulator, client) -> None:
    trenz_simulator.add_fault(FaultRule(route=SEARCH, status=503, times=2))
    page = await client.data.products.search(country="us")
    assert len(page.items) == 10
    assert _searches(trenz_simulator) == 3


async def test_read_is_retried_after_a_connection_reset(trenz_simulator, client) -> None:
    trenz_simulator.add_fault(FaultRule(route=SEARCH, reset=True, times=1))
    page = await client.data.products.search(country="gb")
    assert page.total > 0
    assert _searches(trenz_simulator) == 2


async def test_read_gives_up_after_max_attempts(trenz_simulator, client) -> None:
    trenz_simulator.add_fault(FaultRule(route=SEARCH, status=502, code="BACKEND_ERROR"))
    with pytest.raises(ServerError) as caught:
        await client.data.products.search(country="us")
    assert caught.value.code == "BACKEND_ERROR"
    assert _searches(trenz_simulator) == FAST_RETRY.max_attempts


async def test_retry_after_seconds_is_honoured(trenz_simulator, trenz_api_key) -> None:
    trenz_simulator.add_fault(
        FaultRule(route=SEARCH, status=429, code="RATE_LIMITED", retry_after=1, times=1)
    )
    retries: list[RetryEvent] = []
    hooks = EventHooks(on_retry=[retries.append])
    async with sim_client(
        trenz_simulator, trenz_api_key, hooks=hooks, rate_limit_per_minute=200
    ) as trenz:
        started = time.monotonic()
        await trenz.data.products.search(country="us")
        elapsed = time.monotonic() - started
    assert [r.wait for r in retries] == [1.0]
    assert elapsed >= 0.95
    assert trenz.transport.rate_limiter is not None
    assert trenz.transport.rate_limiter.current_per_minute < 200


async def test_retry_after_http_date_is_honoured(trenz_simulator, trenz_api_key) -> None:
    trenz_simulator.add_fault(
        FaultRule(
            route=SEARCH,
            status=503,
            retry_after=2,
            retry_after_http_date=True,
            times=1,
        )
    )
    retries: list[RetryEvent] = []
    hooks = EventHooks(on_retry=[retries.append])
    async with sim_client(trenz_simulator, trenz_api_key, hooks=hooks) as trenz:
        await trenz.data.products.search(country="us")
    assert len(retries) == 1
    assert 0.5 <= retries[0].wait <= 2.5  # an HTTP date has one-second resolution


async def test_retry_budget_stops_a_retry_storm(trenz_simulator, trenz_api_key) -> None:
    trenz_simulator.add_fault(FaultRule(route=SEARCH, status=503))
    policy = RetryPolicy(max_attempts=5, base=0.0, max_wait=0.0, deadline=None)
    async with sim_client(trenz_simulator, trenz_api_key, retry=policy, retry_budget=3) as trenz:
        outcomes = []
        for _ in range(10):
            with pytest.raises((ServerError, RetryBudgetExhaustedError)) as caught:
                await trenz.data.products.search(country="us")
            outcomes.append(type(caught.value))
    # 10 first attempts + the 3 retries the budget allowed, instead of 10 * 5 = 50.
    assert _searches(trenz_simulator) == 13
    assert RetryBudgetExhaustedError in outcomes
    assert outcomes[-1] is RetryBudgetExhaustedError


async def test_write_is_not_retried_when_the_response_is_lost(trenz_simulator, client) -> None:
    trenz_simulator.add_fault(FaultRule(route="POST /open/v1/_test/writes", lose_response=True))
    with pytest.raises(AmbiguousOutcomeError) as caught:
        await client.transport.request(TEST_WRITE, json={"value": "post-once"})
    assert caught.value.method == "POST"
    assert caught.value.cause is not None
    assert trenz_simulator.test_writes == ["post-once"]  # acted on exactly once
    assert len(trenz_simulator.journal) == 1


async def test_write_is_not_retried_after_a_5xx(trenz_simulator, client) -> None:
    trenz_simulator.add_fault(FaultRule(route="POST /open/v1/_test/writes", status=504))
    with pytest.raises(AmbiguousOutcomeError) as caught:
        await client.transport.request(TEST_WRITE, json={"value": 1})
    assert isinstance(caught.value.cause, ServerError)
    assert caught.value.cause.code == "BACKEND_TIMEOUT"
    assert len(trenz_simulator.journal) == 1


async def test_write_is_retried_after_rate_limited(trenz_simulator, client) -> None:
    trenz_simulator.add_fault(
        FaultRule(
            route="POST /open/v1/_test/writes",
            status=429,
            code="RATE_LIMITED",
            retry_after=1,
            times=1,
        )
    )
    envelope = await client.transport.request(TEST_WRITE, json={"value": "x"})
    assert envelope.data["count"] == 1
    assert trenz_simulator.test_writes == ["x"]
    assert len(trenz_simulator.journal) == 2


async def test_write_is_retried_when_no_connection_was_made() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    retries: list[RetryEvent] = []
    async with TrenzClient(
        "sk_live_unused",
        base_url=f"http://127.0.0.1:{port}",
        retry=FAST_RETRY,
        hooks=EventHooks(on_retry=[retries.append]),
        rate_limit_per_minute=None,
    ) as trenz:
        with pytest.raises(ConnectError):
            await trenz.transport.request(TEST_WRITE, json={"value": 1})
    assert len(retries) == FAST_RETRY.max_attempts - 1


async def test_quota_exceeded_is_not_retried(trenz_simulator) -> None:
    key = trenz_simulator.create_api_key(daily_quota=1)
    async with sim_client(trenz_simulator, key) as trenz:
        await trenz.data.products.search(country="us")
        with pytest.raises(QuotaExceededError) as caught:
            await trenz.data.products.search(country="us")
    assert caught.value.status == 429
    assert _searches(trenz_simulator) == 2


async def test_deadline_bounds_all_attempts(trenz_simulator, trenz_api_key) -> None:
    trenz_simulator.add_fault(FaultRule(route=SEARCH, status=503, latency=0.3))
    policy = RetryPolicy(max_attempts=50, base=0.2, max_wait=0.2, deadline=1.0)
    started = time.monotonic()
    async with sim_client(trenz_simulator, trenz_api_key, retry=policy) as trenz:
        with pytest.raises((ServerError, RequestTimeoutError)):
            await trenz.data.products.search(country="us")
    assert time.monotonic() - started < 2.0
    assert _searches(trenz_simulator) < 6


async def test_per_call_timeout_overrides_the_default(trenz_simulator, trenz_api_key) -> None:
    trenz_simulator.add_fault(FaultRule(route=SEARCH, latency=1.0))
    async with sim_client(
        trenz_simulator, trenz_api_key, retry=RetryPolicy(max_attempts=1)
    ) as trenz:
        with pytest.raises(RequestTimeoutError):
            await trenz.data.products.search(country="us", timeout=0.2)
