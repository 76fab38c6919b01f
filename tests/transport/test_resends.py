"""Only the transport decides to re-send: no silent re-sends below it, writes never twice.

aiohttp on its own re-sends an idempotent request (GET, PUT, DELETE) once when its connection
drops; the transport turns that off, so every re-send is a counted, visible retry of ours.
"""

from __future__ import annotations

import aiohttp
import pytest

from tests.helpers import TEST_PUT_WRITE, TEST_WRITE, sim_client
from trenz_async import (
    AmbiguousOutcomeError,
    EventHooks,
    MissingParamError,
    PageSizeExceededError,
    RequestEvent,
    RequestTimeoutError,
    RetryEvent,
    RetryPolicy,
    TransportError,
)
from trenz_async.testing import FaultRule

pytestmark = pytest.mark.anyio
SEARCH = "GET /open/v1/products/search"
WRITES = "* /open/v1/_test/writes"


def _count(sim, method: str, path: str) -> int:
    return sum(1 for e in sim.journal if e.method == method and e.path == path)


async def test_a_dropped_read_is_resent_as_a_visible_retry(trenz_simulator, trenz_api_key) -> None:
    trenz_simulator.add_fault(FaultRule(route=SEARCH, lose_response=True, times=1))
    retries: list[RetryEvent] = []
    async with sim_client(
        trenz_simulator, trenz_api_key, hooks=EventHooks(on_retry=[retries.append])
    ) as trenz:
        page = await trenz.data.products.search(country="us")
    assert len(page.items) == 10
    assert [(r.method, r.attempt) for r in retries] == [("GET", 1)]
    assert "connection lost" in retries[0].reason
    assert _count(trenz_simulator, "GET", "/open/v1/products/search") == 2


async def test_a_dropped_read_is_not_resent_when_retries_are_off(
    trenz_simulator, trenz_api_key
) -> None:
    trenz_simulator.add_fault(FaultRule(route=SEARCH, lose_response=True, times=1))
    async with sim_client(
        trenz_simulator, trenz_api_key, retry=RetryPolicy(max_attempts=1)
    ) as trenz:
        with pytest.raises(TransportError, match="connection lost"):
            await trenz.data.products.search(country="us")
    assert _count(trenz_simulator, "GET", "/open/v1/products/search") == 1


async def test_a_put_write_whose_answer_is_lost_is_sent_once(trenz_simulator, client) -> None:
    trenz_simulator.add_fault(FaultRule(route=WRITES, lose_response=True, times=1))
    with pytest.raises(AmbiguousOutcomeError) as caught:
        await client.transport.request(TEST_PUT_WRITE, json={"value": "put-once"})
    assert caught.value.method == "PUT"
    assert isinstance(caught.value.cause, TransportError)
    assert trenz_simulator.test_writes == ["put-once"]
    assert _count(trenz_simulator, "PUT", "/open/v1/_test/writes") == 1


async def test_a_write_that_times_out_is_ambiguous_and_sent_once(
    trenz_simulator, trenz_api_key
) -> None:
    trenz_simulator.add_fault(FaultRule(route=WRITES, latency=1.0, times=1))
    sent: list[RequestEvent] = []
    async with sim_client(
        trenz_simulator, trenz_api_key, hooks=EventHooks(on_request=[sent.append])
    ) as trenz:
        with pytest.raises(AmbiguousOutcomeError) as caught:
            await trenz.transport.request(TEST_WRITE, json={"value": 1}, timeout=0.2)
    assert isinstance(caught.value.cause, RequestTimeoutError)
    assert [(e.method, e.attempt) for e in sent] == [("POST", 1)]


async def test_a_write_hit_by_a_connection_reset_is_ambiguous(trenz_simulator, client) -> None:
    trenz_simulator.add_fault(FaultRule(route=WRITES, reset=True, times=1))
    with pytest.raises(AmbiguousOutcomeError, match="may have been acted on"):
        await client.transport.request(TEST_WRITE, json={"value": 1})
    assert trenz_simulator.test_writes == []  # the reset came first; the client cannot know
    assert _count(trenz_simulator, "POST", "/open/v1/_test/writes") == 1


async def test_an_injected_session_keeps_its_own_settings_out_of_error_mapping(
    trenz_simulator, trenz_api_key
) -> None:
    async with aiohttp.ClientSession(raise_for_status=True) as session:
        async with sim_client(trenz_simulator, trenz_api_key, session=session) as trenz:
            with pytest.raises(PageSizeExceededError):
                await trenz.transport.request(
                    TEST_WRITE.__class__("Search", "GET", "/open/v1/products/search", "read"),
                    params={"country": "us", "page_size": 50},
                )
            with pytest.raises(MissingParamError):  # a rejected write is not ambiguous
                await trenz.transport.request(TEST_WRITE, json={"nope": 1})
        assert not session.closed
    assert trenz_simulator.test_writes == []
