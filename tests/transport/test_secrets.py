"""A canary API key used through a whole scenario shows up in no log, repr or error text."""

from __future__ import annotations

import asyncio
import logging
import traceback

import pytest

from tests.helpers import FAST_RETRY, TEST_WRITE, sim_client
from trenz_async import (
    EventHooks,
    RetryEvent,
    TransportError,
    TrenzClient,
    TrenzError,
    ValidationError,
)
from trenz_async.testing import FaultRule
from trenz_async.transport import Endpoint

pytestmark = pytest.mark.anyio


async def _failures(trenz, sim) -> list[BaseException]:
    caught: list[BaseException] = []
    sim.add_fault(FaultRule(route="GET /open/v1/products/search", status=503, times=1))
    await trenz.data.products.search(country="us")  # retried, logged
    sim.add_fault(FaultRule(route="POST /open/v1/_test/writes", lose_response=True, times=1))
    for attempt in (
        lambda: trenz.transport.request(TEST_WRITE, json={"value": 1}),
        lambda: trenz.data.products.get("0", country="us"),
    ):
        try:
            await attempt()
        except TrenzError as exc:
            caught.append(exc)
    try:
        trenz.data.products.search(country="xx")
    except ValidationError as exc:
        caught.append(exc)
    return caught


async def test_canary_key_never_leaks(trenz_simulator, caplog) -> None:
    canary = trenz_simulator.create_api_key()
    caplog.set_level(logging.DEBUG, logger="trenz_async")
    async with sim_client(trenz_simulator, canary) as trenz:
        texts = [repr(trenz), repr(trenz.transport.auth), str(vars(trenz.transport))]
        errors = await _failures(trenz, trenz_simulator)
    revoked = trenz_simulator.create_api_key(state="revoked")
    async with sim_client(trenz_simulator, revoked) as trenz:
        try:
            await trenz.data.products.search(country="us")
        except TrenzError as exc:
            errors.append(exc)
    assert len(errors) == 4
    for exc in errors:
        texts += [str(exc), repr(exc), "".join(traceback.format_exception(exc))]
    texts += [record.getMessage() for record in caplog.records]
    texts += [repr(entry) for entry in trenz_simulator.journal]
    assert caplog.records, "the scenario should have logged something at DEBUG"
    for key in (canary, revoked):
        assert not [text for text in texts if key in text]


async def test_canary_key_never_leaks_from_a_broken_http_answer(caplog) -> None:
    """aiohttp's parse errors carry the request headers; none of that reaches our text."""

    async def answer_garbage(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 2x0 WHAT\r\n\r\n")
        await writer.drain()
        writer.close()

    canary = "sk_live_CANARY0123456789"
    retries: list[RetryEvent] = []
    caplog.set_level(logging.DEBUG, logger="trenz_async")
    server = await asyncio.start_server(answer_garbage, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with (
        server,
        TrenzClient(
            canary,
            base_url=f"http://127.0.0.1:{port}",
            retry=FAST_RETRY,
            rate_limit_per_minute=None,
            hooks=EventHooks(on_retry=[retries.append]),
        ) as trenz,
    ):
        with pytest.raises(TransportError) as caught:  # a short path: a cut text would still leak
            await trenz.transport.request(Endpoint("Probe", "GET", "/x", "read"))
    assert len(retries) == FAST_RETRY.max_attempts - 1
    texts = [
        str(caught.value),
        repr(caught.value),
        "".join(traceback.format_exception(caught.value)),
    ]
    texts += [r.reason for r in retries] + [record.getMessage() for record in caplog.records]
    assert "connection lost: ClientResponseError" in str(caught.value)
    assert not [text for text in texts if "CANARY" in text]
