"""Fault rules: statuses, raw bodies, resets, lost responses, probability and times."""

from __future__ import annotations

import aiohttp
import pytest

from tests.testing.conftest import Http
from trenz_async.testing import FaultRule, Simulator

SEARCH = "/open/v1/products/search"
pytestmark = pytest.mark.anyio


async def test_status_fault_with_retry_after(http: Http) -> None:
    http.sim.add_fault(
        FaultRule(route="GET /open/v1/products/*", status=503, retry_after=7, times=1)
    )
    status, headers, body = await http.get(SEARCH, country="us")
    assert (status, body["code"], headers["Retry-After"]) == (503, "BACKEND_UNAVAILABLE", "7")
    assert (await http.get(SEARCH, country="us"))[0] == 200
    assert http.sim.journal[0].fault is not None


async def test_raw_body_fault(http: Http) -> None:
    http.sim.add_fault(FaultRule(route="GET *", status=502, raw_body="<html>bad gateway</html>"))
    async with http.session.get(http.sim.url + SEARCH, headers={"X-API-Key": http.key}) as r:
        assert r.status == 502
        assert r.content_type == "text/html"
        assert await r.text() == "<html>bad gateway</html>"


async def test_reset_is_not_acted_on(http: Http) -> None:
    http.sim.add_fault(FaultRule(route="POST *", reset=True, times=1))
    with pytest.raises((aiohttp.ServerDisconnectedError, aiohttp.ClientOSError)):
        await http.post("/open/v1/_test/writes", {"value": 1})
    assert http.sim.test_writes == []
    assert http.sim.journal[0].status is None


async def test_lose_response_is_acted_on(http: Http) -> None:
    http.sim.add_fault(FaultRule(route="POST /open/v1/_test/writes", lose_response=True, times=1))
    with pytest.raises((aiohttp.ServerDisconnectedError, aiohttp.ClientOSError)):
        await http.post("/open/v1/_test/writes", {"value": "a"})
    status, body = await http.post("/open/v1/_test/writes", {"value": "a"})
    assert status == 200
    assert body["data"] == {"write_id": "2", "count": 2}
    assert http.sim.counters["test_writes_acted"] == 2
    assert http.sim.balance(http.key) == 1_000_000 - 2


async def _pattern(seed: int) -> list[int]:
    async with Simulator(seed=seed) as sim, aiohttp.ClientSession() as session:
        key = sim.create_api_key()
        sim.add_fault(FaultRule(route="GET *", probability=0.5, status=500))
        statuses = []
        for _ in range(20):
            url = f"{sim.url}{SEARCH}?country=us"
            async with session.get(url, headers={"X-API-Key": key}) as r:
                statuses.append(r.status)
        return statuses


async def test_probability_is_seeded() -> None:
    first = await _pattern(3)
    assert first == await _pattern(3)
    assert set(first) == {200, 500}
