"""Helpers shared by the tests: a simulator-bound client factory, a test write route, and
the times of a wait's polls."""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
import pytest

from trenz_async import RetryPolicy, TrenzClient, ValidationError
from trenz_async.polling import PollPolicy
from trenz_async.testing import FaultRule
from trenz_async.transport import Endpoint

TEST_WRITE = Endpoint("Test Write", "POST", "/open/v1/_test/writes", "write", "test-only")
"""A write route the simulator offers for testing the write-safety rules."""
TEST_PUT_WRITE = Endpoint("Test Put", "PUT", "/open/v1/_test/writes", "write", "test-only")
"""The same write over PUT, a method HTTP clients treat as safe to re-send."""

FAST_RETRY = RetryPolicy(max_attempts=4, base=0.01, max_wait=0.05, deadline=10)
"""Real retry behaviour with waits short enough for tests."""

SLOW_POLLS = PollPolicy(interval=0.3, jitter=0.0, backoff=1.0, max_interval=0.3)
"""Polls 300 ms apart: long enough to tell a held first poll from one sent at once."""


async def poll_times(
    wait: Callable[..., Awaitable[Any]], **options: Any
) -> tuple[Any, list[float]]:
    """What ``wait(policy=SLOW_POLLS, **options)`` returned, and when (``time.monotonic()``)
    each of its polls was answered; the wait must end within 10 s."""
    polled: list[float] = []
    with anyio.fail_after(10):
        got = await wait(
            policy=SLOW_POLLS, on_poll=lambda _: polled.append(time.monotonic()), **options
        )
    return got, polled


def sim_client(sim: Any, api_key: str, **options: Any) -> TrenzClient:
    """A client on the simulator with fast retries and no client-side rate limit."""
    settings: dict[str, Any] = {"rate_limit_per_minute": None, "retry": FAST_RETRY}
    return TrenzClient(api_key, base_url=sim.url, **{**settings, **options})


def assert_refused_before_sending(sim: Any, field: str, call: Any, **arguments: Any) -> None:
    """``call(**arguments)`` raises ValidationError naming ``field``; nothing reached ``sim``."""
    with pytest.raises(ValidationError) as caught:
        call(**arguments)
    assert caught.value.field == field
    assert sim.journal == []


def answer_with(sim: Any, route: str, body: Any, *, times: int | None = 1) -> None:
    """Answer the next ``times`` requests matching ``route`` (``"METHOD /path"``, fnmatch;
    None: every one) with HTTP 200 and ``body`` as JSON: an answer shape the simulator does
    not give by itself."""
    rule = FaultRule(
        route=route,
        status=200,
        raw_body=json.dumps(body),
        content_type="application/json",
        times=times,
    )
    sim.add_fault(rule)
