"""Social/1 Account Management: list, detail, disconnect, refresh, remark and TikTok QR login."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from tests.testing.conftest import Http
from trenz_async.testing import FaultRule, Simulator

V1 = "/open/v1/social"
DAY = 86_400
pytestmark = pytest.mark.anyio


async def ok(http: Http, path: str, body: Any = None) -> Any:
    status, answer = await http.post(V1 + path, body if body is not None else {})
    assert status == 200, answer
    return answer["data"]


async def refused(http: Http, path: str, body: Any, code: str, text: str) -> None:
    balance = http.sim.balance(http.key)
    status, answer = await http.post(V1 + path, body)
    assert (status, answer["code"]) == (400, code), answer
    assert text in answer["message"]
    assert http.sim.balance(http.key) == balance  # a refused call costs nothing


async def accounts(http: Http, **body: Any) -> list[dict[str, Any]]:
    data = await ok(http, "/accounts/list", {"page_size": 50, **body})
    items: list[dict[str, Any]] = data["items"]
    return items


async def test_list_has_the_seeded_accounts(http: Http) -> None:
    items = await accounts(http)
    assert [a["platform"] for a in items] == [
        "tiktok",
        "tiktok",
        "tiktok",
        "youtube",
        "instagram",
        "facebook",
    ]
    assert items[0]["id"] == 4687
    assert items[1]["id"] == 5678
    assert [a["status"] for a in items].count("expired") == 1
    assert set(items[0]) >= {
        "id",
        "platform",
        "nickname",
        "avatar_url",
        "status",
        "follower_count",
        "video_count",
        "remark",
        "token_expires_at",
    }
    assert all(isinstance(a["id"], int) for a in items)


async def test_list_envelope_filter_and_pages(http: Http) -> None:
    status, body = await http.post(V1 + "/accounts/list", {"page": 2, "page_size": 4})
    assert status == 200
    assert (body["page"], body["page_size"], body["total"]) == (2, 4, 6)
    assert body["data"]["total_count"] == 6
    assert len(body["data"]["items"]) == 2
    assert len(await accounts(http, platform="tiktok")) == 3
    assert [a["platform"] for a in await accounts(http, platform="youtube")] == ["youtube"]


@pytest.mark.parametrize(
    ("body", "code", "text"),
    [
        ({"platform": "myspace"}, "INVALID_PARAM", "platform must be one of"),
        ({"page_size": 51}, "PAGE_SIZE_EXCEEDED", "page_size must be between 1 and 50"),
        ({"page_size": 0}, "INVALID_PARAM", "page_size"),
        ({"page": 0}, "INVALID_PARAM", "page must be"),
        ([], "BAD_REQUEST", "JSON object"),
    ],
)
async def test_list_validation(http: Http, body: Any, code: str, text: str) -> None:
    await refused(http, "/accounts/list", body, code, text)


async def test_detail(http: Http) -> None:
    data = await ok(http, "/accounts/detail", {"platform_account_id": 4687})
    assert (data["id"], data["platform"], data["status"]) == (4687, "tiktok", "active")
    assert data["video_count"] > 0


@pytest.mark.parametrize(
    ("body", "code", "text"),
    [
        ({}, "MISSING_PARAM", "platform_account_id is required"),
        ({"platform_account_id": "4687"}, "INVALID_PARAM", "platform_account_id must be"),
        ({"platform_account_id": True}, "INVALID_PARAM", "platform_account_id must be"),
        ({"platform_account_id": 1}, "INVALID_PARAM", "platform_account_id: no bound"),
    ],
)
@pytest.mark.parametrize("path", ["/accounts/detail", "/accounts/disconnect"])
async def test_account_id_validation(
    http: Http, path: str, body: Any, code: str, text: str
) -> None:
    await refused(http, path, body, code, text)


async def test_disconnect_removes_the_account(http: Http) -> None:
    data = await ok(http, "/accounts/disconnect", {"platform_account_id": 5678})
    assert data == {"platform_account_id": 5678, "status": "disconnected"}
    assert 5678 not in [a["id"] for a in await accounts(http)]
    await refused(
        http, "/accounts/detail", {"platform_account_id": 5678}, "INVALID_PARAM", "no bound"
    )
    await refused(
        http, "/accounts/disconnect", {"platform_account_id": 5678}, "INVALID_PARAM", "no bound"
    )
    assert http.sim.social_accounts.get(5678) is None


async def test_refresh_token_moves_expiry_and_reactivates(http: Http) -> None:
    expired = next(a for a in await accounts(http) if a["status"] == "expired")
    data = await ok(http, "/accounts/refresh-token", {"platform_account_id": expired["id"]})
    assert data["status"] == "active"
    assert data["token_expires_at"] > expired["token_expires_at"]
    assert data["token_expires_at"] >= http.sim.clock.now() + 29 * DAY
    active = await ok(http, "/accounts/detail", {"platform_account_id": 4687})
    http.sim.clock.advance(DAY)
    again = await ok(http, "/accounts/refresh-token", {"platform_account_id": 4687})
    assert again["token_expires_at"] > active["token_expires_at"]


async def test_token_expires_on_the_clock(http: Http) -> None:
    account = await ok(http, "/accounts/detail", {"platform_account_id": 4687})
    http.sim.clock.set(account["token_expires_at"] + 1)
    assert (await ok(http, "/accounts/detail", {"platform_account_id": 4687}))["status"] == (
        "expired"
    )


async def test_remark(http: Http) -> None:
    data = await ok(http, "/accounts/remark", {"platform_account_id": 4687, "remark": "main shop"})
    assert data["remark"] == "main shop"
    assert (await accounts(http))[0]["remark"] == "main shop"
    assert (await ok(http, "/accounts/remark", {"platform_account_id": 4687, "remark": ""}))[
        "remark"
    ] == ""


@pytest.mark.parametrize(
    ("body", "code", "text"),
    [
        ({"platform_account_id": 4687}, "MISSING_PARAM", "remark is required"),
        ({"platform_account_id": 4687, "remark": "x" * 101}, "INVALID_PARAM", "at most 100"),
        ({"platform_account_id": 4687, "remark": 5}, "INVALID_PARAM", "remark must be a string"),
        ({"remark": "a"}, "MISSING_PARAM", "platform_account_id is required"),
    ],
)
async def test_remark_validation(http: Http, body: Any, code: str, text: str) -> None:
    await refused(http, "/accounts/remark", body, code, text)


async def qrcode(http: Http) -> dict[str, Any]:
    """Start a QR login with no body at all, as the catalogue lists it."""
    async with http.session.post(
        http.sim.url + V1 + "/tiktok/qrcode", headers={"X-API-Key": http.key}
    ) as response:
        assert response.status == 200
        data: dict[str, Any] = (await response.json())["data"]
        return data


async def qr_status(http: Http, token: str) -> dict[str, Any]:
    data: dict[str, Any] = await ok(http, "/tiktok/qrcode/status", {"qrcode_token": token})
    return data


async def test_qrcode_login_binds_a_tiktok_account(http: Http) -> None:
    login = await qrcode(http)
    token = login["qrcode_token"]
    assert len(token) == 36
    assert token.count("-") == 4
    assert token in login["qrcode_url"]
    assert login["expires_in"] == 120
    assert login["expires_at"] == pytest.approx(http.sim.clock.now() + 120, abs=2)
    assert (await qr_status(http, token))["status"] == "waiting"
    http.sim.scan_qrcode(token)
    assert await qr_status(http, token) == {
        "qrcode_token": token,
        "status": "scanned",
        "expires_at": login["expires_at"],
        "account": None,
    }
    http.sim.clock.advance(60)
    bound = http.sim.confirm_qrcode(token, nickname="New Shop")
    data = await qr_status(http, token)
    assert data["status"] == "confirmed"
    assert data["account"]["id"] == bound.id
    assert (data["account"]["platform"], data["account"]["nickname"]) == ("tiktok", "New Shop")
    listed = await accounts(http)
    assert (len(listed), listed[-1]["id"]) == (7, bound.id)
    http.sim.clock.advance(600)
    assert (await qr_status(http, token))["status"] == "confirmed"  # final


async def test_qrcode_expires_after_120_seconds(http: Http) -> None:
    token = (await qrcode(http))["qrcode_token"]
    http.sim.scan_qrcode(token)
    http.sim.clock.advance(121)
    assert (await qr_status(http, token))["status"] == "expired"
    with pytest.raises(ValueError, match="expired to confirmed"):
        http.sim.confirm_qrcode(token)
    assert len(await accounts(http)) == 6


async def test_qrcode_transitions_outside_the_table_are_refused(http: Http) -> None:
    token = (await qrcode(http))["qrcode_token"]
    with pytest.raises(ValueError, match="waiting to confirmed"):
        http.sim.confirm_qrcode(token)
    http.sim.scan_qrcode(token)
    with pytest.raises(ValueError, match="scanned to scanned"):
        http.sim.scan_qrcode(token)
    with pytest.raises(KeyError):
        http.sim.scan_qrcode("nope")


async def test_qrcode_status_validation(http: Http) -> None:
    await refused(http, "/tiktok/qrcode/status", {}, "MISSING_PARAM", "qrcode_token is required")
    await refused(
        http, "/tiktok/qrcode/status", {"qrcode_token": "x"}, "INVALID_PARAM", "qrcode_token"
    )


async def lost(http: Http, path: str, body: Any) -> None:
    """Send ``body`` with the response lost on the way back."""
    http.sim.add_fault(FaultRule(route=f"POST {V1}{path}", lose_response=True, times=1))
    with pytest.raises((aiohttp.ServerDisconnectedError, aiohttp.ClientOSError)):
        await http.post(V1 + path, body)


async def test_writes_act_once_when_the_response_is_lost(http: Http) -> None:
    start = http.sim.balance(http.key)
    await lost(http, "/accounts/remark", {"platform_account_id": 4687, "remark": "lost"})
    await lost(http, "/accounts/refresh-token", {"platform_account_id": 4687})
    await lost(http, "/accounts/disconnect", {"platform_account_id": 5678})
    await lost(http, "/tiktok/qrcode", {})
    counters = http.sim.counters
    for name in (
        "social_remarks_updated",
        "social_tokens_refreshed",
        "social_accounts_disconnected",
        "social_qrcodes_issued",
    ):
        assert counters[name] == 1, name
    assert http.sim.balance(http.key) == start - 4
    assert (await accounts(http))[0]["remark"] == "lost"
    assert 5678 not in [a["id"] for a in await accounts(http)]


async def test_social_scope_is_required(http: Http) -> None:
    key = http.sim.create_api_key(scopes=("data",))
    status, body = await http.post(V1 + "/accounts/list", {}, key=key)
    assert (status, body["code"]) == (403, "FORBIDDEN_SCOPE")


async def test_accounts_are_seeded_deterministically() -> None:
    async with Simulator(seed=5) as first, Simulator(seed=5) as second:

        def facts(sim: Simulator) -> list[tuple[int, str, str, str]]:
            return [(a.id, a.platform, a.username, a.status) for a in sim.social_accounts.all()]

        assert facts(first) == facts(second)
    async with Simulator(seed=6) as other:
        ids = [a.id for a in other.social_accounts.all()]
        assert ids[:2] == [4687, 5678]
        assert len(set(ids)) == 6
