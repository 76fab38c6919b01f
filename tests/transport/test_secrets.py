"""A canary API key used through a whole scenario shows up in no log, repr or error text."""

from __future__ import annotations

import logging
import traceback

import pytest

from tests.helpers import TEST_WRITE, sim_client
from trenz_async import TrenzError, ValidationError
from trenz_async.testing import FaultRule

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
