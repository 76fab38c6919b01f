"""``GET /open/v1/auth/verify``: what the gateway knows of the calling key."""

from __future__ import annotations

import pytest

from tests.testing.conftest import Http

VERIFY = "/open/v1/auth/verify"
pytestmark = pytest.mark.anyio


async def test_verify_answers_the_key_and_its_balance(http: Http) -> None:
    status, _, body = await http.get(VERIFY)
    assert status == 200
    data = body["data"]
    assert set(data) == {"app_id", "tier", "credits_balance", "status"}
    assert isinstance(data["app_id"], int)
    assert isinstance(data["tier"], str)
    assert (data["credits_balance"], data["status"]) == (1_000_000, "active")
    assert body["usage"] == {"coin_cost": 0, "remaining_balance": 1_000_000}
    await http.get("/open/v1/products/search", country="us")
    assert (await http.get(VERIFY))[2]["data"]["credits_balance"] == 999_999


async def test_each_key_is_its_own_app_and_style_b(http: Http) -> None:
    key = http.sim.create_api_key(balance=42, usage_style="B")
    _, _, first = await http.get(VERIFY)
    _, _, second = await http.get(VERIFY, key=key)
    assert second["data"]["credits_balance"] == 42
    assert second["usage"] == {"credits_cost": 0, "credits_balance": 42}
    assert first["data"]["app_id"] != second["data"]["app_id"]


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"state": "revoked"}, 401, "AUTH_KEY_REVOKED"),
        ({"state": "suspended"}, 401, "AUTH_KEY_SUSPENDED"),
        ({"scopes": ("data",)}, 403, "FORBIDDEN_SCOPE"),
    ],
)
async def test_unusable_keys_are_refused(
    http: Http, kwargs: dict[str, object], status: int, code: str
) -> None:
    key = http.sim.create_api_key(**kwargs)  # type: ignore[arg-type]
    answer_status, _, body = await http.get(VERIFY, key=key)
    assert (answer_status, body["code"]) == (status, code)


async def test_invalid_key(http: Http) -> None:
    status, _, body = await http.get(VERIFY, key="sk_live_unknown")
    assert (status, body["code"]) == (401, "AUTH_INVALID_KEY")
