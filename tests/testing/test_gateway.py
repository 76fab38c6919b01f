"""Auth, scope, billing, quota and rate limiting."""

from __future__ import annotations

import pytest

from tests.testing.conftest import Http

SEARCH = "/open/v1/products/search"
pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("state", "code"), [("revoked", "AUTH_KEY_REVOKED"), ("suspended", "AUTH_KEY_SUSPENDED")]
)
async def test_key_states(http: Http, state: str, code: str) -> None:
    key = http.sim.create_api_key(state=state)
    status, _, body = await http.get(SEARCH, key=key, country="us")
    assert (status, body["code"]) == (401, code)


async def test_missing_and_invalid_key(http: Http) -> None:
    async with http.session.get(http.sim.url + SEARCH + "?country=us") as r:
        assert (r.status, (await r.json())["code"]) == (401, "AUTH_MISSING_KEY")
    status, _, body = await http.get(SEARCH, key="sk_live_nope", country="us")
    assert (status, body["code"]) == (401, "AUTH_INVALID_KEY")


async def test_bearer_auth_and_usage_style_a(http: Http) -> None:
    headers = {"Authorization": f"Bearer {http.key}"}
    async with http.session.get(http.sim.url + SEARCH + "?country=us", headers=headers) as r:
        body = await r.json()
    assert r.status == 200
    assert body["usage"] == {"coin_cost": 1, "remaining_balance": 999_999}
    assert http.sim.balance(http.key) == 999_999


async def test_forbidden_scope(http: Http) -> None:
    key = http.sim.create_api_key(scopes=("general",))
    status, _, body = await http.get(SEARCH, key=key, country="us")
    assert (status, body["code"]) == (403, "FORBIDDEN_SCOPE")


@pytest.mark.parametrize(
    ("style", "code"), [("A", "INSUFFICIENT_BALANCE"), ("B", "INSUFFICIENT_CREDITS")]
)
async def test_402_per_style(http: Http, style: str, code: str) -> None:
    key = http.sim.create_api_key(balance=1, usage_style=style)
    status, _, body = await http.get(SEARCH, key=key, country="us")
    assert status == 200
    cost_field = "coin_cost" if style == "A" else "credits_cost"
    assert body["usage"][cost_field] == 1
    status, _, body = await http.get(SEARCH, key=key, country="us")
    assert (status, body["code"]) == (402, code)


async def test_refund_on_upstream_error(http: Http) -> None:
    status, _, body = await http.get("/open/v1/creators/search", country="us", category="9999")
    assert (status, body["code"]) == (502, "BACKEND_ERROR")
    assert http.sim.balance(http.key) == 1_000_000


async def test_rate_limit_and_clock(http: Http) -> None:
    key = http.sim.create_api_key(rate_limit_per_minute=3)
    for _ in range(3):
        assert (await http.get(SEARCH, key=key, country="us"))[0] == 200
    status, headers, body = await http.get(SEARCH, key=key, country="us")
    assert (status, body["code"]) == (429, "RATE_LIMITED")
    assert body["message"] == "Rate limit exceeded. Maximum 3 requests per minute."
    assert 1 <= int(headers["Retry-After"]) <= 60
    http.sim.clock.advance(61)
    assert (await http.get(SEARCH, key=key, country="us"))[0] == 200


async def test_daily_quota(http: Http) -> None:
    key = http.sim.create_api_key(daily_quota=2)
    for _ in range(2):
        assert (await http.get(SEARCH, key=key, country="us"))[0] == 200
    status, _, body = await http.get(SEARCH, key=key, country="us")
    assert (status, body["code"]) == (429, "QUOTA_EXCEEDED")
    http.sim.clock.advance(86_400)
    assert (await http.get(SEARCH, key=key, country="us"))[0] == 200


async def test_tasks(http: Http) -> None:
    task_id = http.sim.create_task(status="running", succeed_after_reads=2)
    _, _, body = await http.get(f"/open/v1/tasks/{task_id}")
    assert body["data"]["task_id"] == task_id
    assert body["data"]["status"] == "running"
    assert "result" not in body["data"]
    _, _, body = await http.get(f"/open/v1/tasks/{task_id}")
    assert body["data"]["status"] == "success"
    status, _, body = await http.get("/open/v1/tasks/unknown")
    assert (status, body["code"]) == (404, "TASK_NOT_FOUND")


async def test_journal_has_no_secrets(http: Http) -> None:
    await http.get(SEARCH, country="us")
    await http.post("/open/v1/_test/writes", {"value": 1})
    text = repr(http.sim.journal) + repr(http.sim.counters) + repr(http.sim)
    assert http.key not in text
    assert {entry.key_id for entry in http.sim.journal} == {"key_1"}
