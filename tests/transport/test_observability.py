"""What a caller can observe of each call: event hooks, log lines, and recovery paths.

Hooks receive frozen records (request, response, retry); the ``trenz_async`` logger writes one
DEBUG line per answer and one INFO line per retry.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

import anyio
import pytest

from tests.helpers import sim_client
from trenz_async import (
    AuthenticationError,
    EventHooks,
    RequestEvent,
    ResponseEvent,
    RetryEvent,
    RetryPolicy,
)
from trenz_async.errors import APIError
from trenz_async.testing import FaultRule
from trenz_async.transport import Secret

pytestmark = pytest.mark.anyio
SEARCH = "GET /open/v1/products/search"


async def test_hooks_see_every_attempt_and_answer(trenz_simulator, trenz_api_key) -> None:
    trenz_simulator.add_fault(FaultRule(route=SEARCH, status=503, times=1))
    requests: list[RequestEvent] = []
    responses: list[ResponseEvent] = []
    retries: list[RetryEvent] = []
    hooks = EventHooks(
        on_request=[requests.append], on_response=[responses.append], on_retry=[retries.append]
    )
    async with sim_client(trenz_simulator, trenz_api_key, hooks=hooks) as trenz:
        page = await trenz.data.products.search(country="us")
    path = "/open/v1/products/search"
    assert [(e.method, e.path, e.attempt) for e in requests] == [("GET", path, 1), ("GET", path, 2)]
    assert [(e.status, e.attempt) for e in responses] == [(503, 1), (200, 2)]
    assert responses[-1].request_id == page.request_id
    assert all(e.elapsed >= 0 for e in responses)
    assert [(r.attempt, r.reason.split(":")[0]) for r in retries] == [(1, "ServerError")]


async def test_log_lines_name_the_call_and_its_outcome(
    trenz_simulator, trenz_api_key, caplog
) -> None:
    trenz_simulator.add_fault(FaultRule(route=SEARCH, status=503, times=1))
    caplog.set_level(logging.DEBUG, logger="trenz_async")
    async with sim_client(trenz_simulator, trenz_api_key) as trenz:
        page = await trenz.data.products.search(country="us")
    lines = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "trenz_async"]
    debug = [text for level, text in lines if level == "DEBUG"]
    info = [text for level, text in lines if level == "INFO"]
    assert debug[0].startswith("GET /open/v1/products/search -> 503 request_id=")
    assert debug[1].startswith(f"GET /open/v1/products/search -> 200 request_id={page.request_id}")
    assert "attempt=2 elapsed=" in debug[1]
    assert len(info) == 1
    assert info[0].startswith("retry GET /open/v1/products/search after attempt 1 in ")


async def test_the_services_own_rate_limit_is_waited_out(trenz_simulator) -> None:
    key = trenz_simulator.create_api_key(rate_limit_per_minute=2)
    statuses: list[int] = []
    waits: list[float] = []

    def a_minute_passes(event: RetryEvent) -> None:  # the simulator's clock, not ours
        waits.append(event.wait)
        trenz_simulator.clock.advance(60)

    hooks = EventHooks(
        on_response=[lambda e: statuses.append(e.status)], on_retry=[a_minute_passes]
    )
    policy = RetryPolicy(max_attempts=3, max_retry_after=0.05, deadline=10)
    async with sim_client(trenz_simulator, key, hooks=hooks, retry=policy) as trenz:
        for _ in range(3):
            await trenz.data.products.search(country="us")
    assert statuses == [200, 200, 429, 200]
    assert waits == [0.05]  # the server's Retry-After, capped by the policy


class RotatingKeyAuth:
    """A credential that is replaced once the service rejects it (as a token would be)."""

    def __init__(self, first: str, second: str) -> None:
        self.keys = [Secret(first), Secret(second)]
        self.refreshes = 0

    @property
    def identity(self) -> str:
        return "rotating"

    def ready_headers(self) -> Mapping[str, str] | None:
        return None  # exercise the awaited path

    async def headers(self) -> Mapping[str, str]:
        return {"X-API-Key": self.keys[0].reveal()}

    async def refresh_after(self, error: APIError, *, sent_at: float) -> bool:
        self.refreshes += 1
        self.keys.pop(0)
        return bool(self.keys)

    def redact(self, text: str) -> str:
        for key in self.keys:
            text = key.redact(text)
        return text

    def redact_bytes(self, data: bytes) -> bytes:
        for key in self.keys:
            data = key.redact_bytes(data)
        return data


async def test_a_rejected_credential_is_refreshed_once(trenz_simulator, trenz_api_key) -> None:
    revoked = trenz_simulator.create_api_key(state="revoked")
    async with sim_client(trenz_simulator, trenz_api_key) as trenz:
        auth = RotatingKeyAuth(revoked, trenz_api_key)
        trenz.transport.auth = auth
        page = await trenz.data.products.search(country="us")
        assert len(page.items) == 10
        assert auth.refreshes == 1
        auth.keys = [Secret(revoked), Secret(revoked)]
        with pytest.raises(AuthenticationError) as caught:
            await trenz.data.products.search(country="us")
    assert caught.value.code == "AUTH_KEY_REVOKED"
    assert auth.refreshes == 2  # refreshed once per call, then the rejection stands
    assert [e.status for e in trenz_simulator.journal] == [401, 200, 401, 401]


async def test_a_single_callable_is_accepted_as_a_hook(trenz_simulator, trenz_api_key) -> None:
    seen: list[object] = []
    hooks = EventHooks(on_request=seen.append, on_response=seen.append)
    async with sim_client(trenz_simulator, trenz_api_key, hooks=hooks) as trenz:
        await trenz.data.products.search(country="us")
    assert [type(event).__name__ for event in seen] == ["RequestEvent", "ResponseEvent"]


async def test_async_hooks_are_awaited_before_the_call_goes_on(
    trenz_simulator, trenz_api_key, recwarn
) -> None:
    order: list[str] = []

    async def on_request(event: RequestEvent) -> None:
        await anyio.sleep(0.01)
        order.append(f"request {event.attempt}")

    async def on_retry(event: RetryEvent) -> None:
        order.append(f"retry {event.attempt}")

    async def failing(event: ResponseEvent) -> None:
        raise RuntimeError("a broken async hook is logged, not raised")

    trenz_simulator.add_fault(FaultRule(route=SEARCH, status=503, times=1))
    hooks = EventHooks(on_request=on_request, on_retry=[on_retry], on_response=[failing])
    async with sim_client(trenz_simulator, trenz_api_key, hooks=hooks) as trenz:
        await trenz.data.products.search(country="us")
        order.append("returned")
    assert order == ["request 1", "retry 1", "request 2", "returned"]
    assert not [w for w in recwarn if "never awaited" in str(w.message)]


def test_a_hook_that_is_not_callable_is_refused_at_construction() -> None:
    with pytest.raises(TypeError, match="must be callable"):
        EventHooks(on_request=["not a function"])  # type: ignore[list-item]
