"""The HTTP control API drives the same state as the in-process methods."""

from __future__ import annotations

import pytest

from tests.testing.conftest import Http

pytestmark = pytest.mark.anyio


async def test_control_api_round_trip(http: Http) -> None:
    base = http.sim.url + "/_sim"
    async with http.session.post(base + "/keys", json={"rate_limit_per_minute": 1}) as r:
        key = (await r.json())["api_key"]
    assert (await http.get("/open/v1/products/search", key=key, country="us"))[0] == 200
    assert (await http.get("/open/v1/products/search", key=key, country="us"))[0] == 429
    async with http.session.post(base + "/clock/advance", json={"seconds": 61}) as r:
        assert r.status == 200
    async with http.session.post(base + "/faults", json={"route": "GET *", "status": 500}) as r:
        assert (await r.json())["status"] == 500
    assert (await http.get("/open/v1/products/search", key=key, country="us"))[0] == 500
    async with http.session.delete(base + "/faults") as r:
        assert r.status == 200
    async with http.session.get(base + "/journal") as r:
        entries = (await r.json())["entries"]
    assert [e["status"] for e in entries] == [200, 429, 500]
    assert key not in str(entries)
    async with http.session.get(base + "/counters") as r:
        assert (await r.json())["counters"]["GET /open/v1/products/search"] == 3
    async with http.session.post(
        base + "/tasks", json={"status": "failed", "error_message": "x"}
    ) as r:
        task_id = (await r.json())["task_id"]
    _, _, body = await http.get(f"/open/v1/tasks/{task_id}")
    assert body["data"]["error_message"] == "x"
    async with http.session.post(base + "/reset") as r:
        assert r.status == 200
    assert http.sim.journal == []


async def test_control_api_registers_a_tiktok_client_that_can_get_a_token(http: Http) -> None:
    body = {"scopes": ["research.adlib.basic"], "rate_limit_per_minute": None}
    async with http.session.post(http.sim.url + "/_sim/tiktok_clients", json=body) as r:
        client = await r.json()
    form = {**client, "grant_type": "client_credentials"}
    async with http.session.post(http.sim.url + "/v2/oauth/token/", data=form) as r:
        assert r.status == 200
        assert (await r.json())["access_token"]
    async with http.session.post(http.sim.url + "/_sim/tiktok_clients", json={"nope": 1}) as r:
        assert r.status == 400
