"""The adaptive token bucket: pacing, slowdown on 429, recovery, sharing per key."""

from __future__ import annotations

import time

import anyio
import pytest

from tests.helpers import sim_client
from trenz_async.transport.ratelimit import RateLimiter, shared_limiter


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_burst_then_paced_at_the_configured_rate() -> None:
    clock = FakeClock()
    limiter = RateLimiter(per_minute=60, burst=2, clock=clock)
    assert [limiter.reserve() for _ in range(2)] == [0.0, 0.0]
    assert limiter.reserve() == pytest.approx(1.0)
    assert limiter.reserve() == pytest.approx(2.0)
    clock.now += 10
    assert limiter.reserve() == 0.0


def test_rate_limited_halves_the_rate_and_pauses() -> None:
    clock = FakeClock()
    limiter = RateLimiter(per_minute=120, burst=5, clock=clock)
    limiter.on_rate_limited(retry_after=3)
    assert limiter.current_per_minute == pytest.approx(60)
    assert limiter.reserve() >= 3.0


def test_successes_recover_the_configured_rate() -> None:
    clock = FakeClock()
    limiter = RateLimiter(per_minute=100, burst=5, clock=clock)
    limiter.on_rate_limited(retry_after=None)
    for _ in range(100):
        limiter.on_success()
    assert limiter.current_per_minute == pytest.approx(100)


def test_bucket_is_shared_per_key_and_url() -> None:
    a = shared_limiter("key:abc", "http://x", 200, 10)
    assert shared_limiter("key:abc", "http://x", 200, 10) is a
    assert shared_limiter("key:other", "http://x", 200, 10) is not a


@pytest.mark.anyio
async def test_client_paces_requests_to_its_rate(trenz_simulator, trenz_api_key) -> None:
    async with sim_client(
        trenz_simulator, trenz_api_key, rate_limit_per_minute=600, rate_limit_burst=1
    ) as trenz:
        started = time.monotonic()
        for _ in range(4):
            await trenz.data.products.search(country="us")
        elapsed = time.monotonic() - started
    assert elapsed >= 0.29  # 3 waits of 0.1 s after the first request


@pytest.mark.anyio
async def test_simulator_429_slows_the_client(trenz_simulator) -> None:
    from trenz_async import RateLimitError, RetryPolicy

    key = trenz_simulator.create_api_key(rate_limit_per_minute=2)
    async with sim_client(
        trenz_simulator, key, rate_limit_per_minute=200, retry=RetryPolicy(max_attempts=1)
    ) as trenz:
        await trenz.data.products.search(country="us")
        await trenz.data.products.search(country="us")
        with pytest.raises(RateLimitError) as caught:
            await trenz.data.products.search(country="us")
        limiter = trenz.transport.rate_limiter
        assert limiter is not None
    assert caught.value.code == "RATE_LIMITED"
    assert caught.value.retry_after is not None
    assert 1 <= caught.value.retry_after <= 60
    assert limiter.current_per_minute == pytest.approx(100)


def test_a_reservation_beyond_max_wait_takes_nothing() -> None:
    clock = FakeClock()
    limiter = RateLimiter(per_minute=60, burst=1, clock=clock)
    assert limiter.reserve() == 0.0
    assert limiter.reserve(max_wait=0.5) is None  # would wait 1 s
    assert limiter.reserve(max_wait=1.5) == pytest.approx(1.0)  # the refused one took nothing


@pytest.mark.anyio
async def test_deadline_bounds_the_wait_for_a_paused_limiter(
    trenz_simulator, trenz_api_key
) -> None:
    from trenz_async import RateLimitError, RequestTimeoutError, RetryPolicy
    from trenz_async.testing import FaultRule

    trenz_simulator.add_fault(
        FaultRule(route="GET /open/v1/products/search", status=429, retry_after=3600, times=1)
    )
    async with sim_client(
        trenz_simulator, trenz_api_key, rate_limit_per_minute=200, retry=RetryPolicy(max_attempts=1)
    ) as trenz:
        with pytest.raises(RateLimitError):
            await trenz.data.products.search(country="us")
        started = time.monotonic()
        with (
            anyio.fail_after(3),
            pytest.raises(RequestTimeoutError, match=r"paused by the service.s Retry-After until"),
        ):
            await trenz.data.products.search(country="us", deadline=0.5)
        assert time.monotonic() - started < 0.4  # refused at once, not after sleeping
    assert len(trenz_simulator.journal) == 1


@pytest.mark.anyio
async def test_retry_after_is_capped_by_the_policy(trenz_simulator, trenz_api_key) -> None:
    from trenz_async import EventHooks, RetryEvent, RetryPolicy
    from trenz_async.testing import FaultRule

    trenz_simulator.add_fault(
        FaultRule(route="GET /open/v1/products/search", status=429, retry_after=3600, times=1)
    )
    retries: list[RetryEvent] = []
    policy = RetryPolicy(max_attempts=2, max_retry_after=0.3, deadline=5)
    async with sim_client(
        trenz_simulator,
        trenz_api_key,
        rate_limit_per_minute=200,
        retry=policy,
        hooks=EventHooks(on_retry=[retries.append]),
    ) as trenz:
        started = time.monotonic()
        page = await trenz.data.products.search(country="us")
        elapsed = time.monotonic() - started
    assert len(page.items) == 10
    assert [r.wait for r in retries] == [0.3]
    assert 0.25 <= elapsed < 2.0  # the limiter's pause was capped as well


@pytest.mark.anyio
async def test_acquire_sleeps_only_for_the_debt() -> None:
    clock = FakeClock()
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock.now += seconds

    limiter = RateLimiter(per_minute=60, burst=1, clock=clock, sleep=sleep)
    await limiter.acquire()
    await limiter.acquire()
    assert slept == [pytest.approx(1.0)]
