"""Social/6 Creation Tools (hashtags, music) and Social/7 TikTok Shop (products, showcase)."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from tests.testing.conftest import Http
from trenz_async.testing import FaultRule

pytestmark = pytest.mark.anyio
S = "/open/v1/social"
ACCOUNT = 4687  # a seeded TikTok account


async def ok(http: Http, path: str, body: dict[str, Any]) -> Any:
    status, answer = await http.post(S + path, body)
    assert status == 200, answer
    return answer["data"]


async def refused(http: Http, path: str, body: dict[str, Any]) -> tuple[str, str]:
    balance = http.sim.balance(http.key)
    status, answer = await http.post(S + path, body)
    assert status == 400, answer
    assert http.sim.balance(http.key) == balance
    return answer["code"], answer["message"]


def youtube_account(http: Http) -> int:
    return http.sim.social_accounts.all("youtube")[0].id


async def test_hashtags_for_a_keyword(http: Http) -> None:
    data = await ok(http, "/tools/hashtags", {"keyword": "Desk Lamp!", "limit": 5})
    assert len(data["items"]) == 5
    assert data["total_count"] > 5
    assert all("desklamp" in tag["name"] for tag in data["items"])
    views = [tag["view_count"] for tag in data["items"]]
    assert views == sorted(views, reverse=True)
    assert all(0 < tag["video_count"] < tag["view_count"] for tag in data["items"])
    assert await ok(http, "/tools/hashtags", {"keyword": "Desk Lamp!", "limit": 5}) == data
    tiktok = await ok(http, "/tools/hashtags", {"keyword": "desk lamp", "platform": "tiktok"})
    assert tiktok["items"] != data["items"][:10]


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        ({}, "MISSING_PARAM", "keyword is required"),
        ({"keyword": "!!"}, "INVALID_PARAM", "keyword must contain at least one letter or digit"),
        ({"keyword": "x" * 101}, "INVALID_PARAM", "keyword must be at most 100 characters"),
        ({"keyword": "lamp", "platform": "myspace"}, "INVALID_PARAM", "platform must be one of"),
        ({"keyword": "lamp", "limit": 51}, "INVALID_PARAM", "limit must be an integer between"),
    ],
)
async def test_hashtag_validation(
    http: Http, body: dict[str, Any], code: str, message: str
) -> None:
    got_code, got_message = await refused(http, "/tools/hashtags", body)
    assert got_code == code
    assert message in got_message


async def test_recent_music_of_an_account(http: Http) -> None:
    data = await ok(http, "/tools/music/recent", {"platform_account_id": ACCOUNT})
    assert 3 <= data["total_count"] == len(data["items"]) <= 12
    track = data["items"][0]
    assert set(track) == {"music_id", "title", "author", "duration", "usage_count"}
    assert isinstance(track["music_id"], str)
    code, message = await refused(http, "/tools/music/recent", {"platform_account_id": 1})
    assert (code, message) == ("INVALID_PARAM", "platform_account_id: no bound social account 1")


async def test_popular_music_by_keyword_and_region(http: Http) -> None:
    world = await ok(http, "/tools/music/popular", {"page_size": 50})
    counts = [t["usage_count"] for t in world["items"]]
    assert counts == sorted(counts, reverse=True)
    found = await ok(http, "/tools/music/popular", {"keyword": "SUMMER"})
    assert found["total_count"] < world["total_count"]
    assert all("summer" in f"{t['title']} {t['author']}".lower() for t in found["items"])
    us = await ok(http, "/tools/music/popular", {"region": "US", "page_size": 50})
    assert us["total_count"] == world["total_count"]
    assert us["items"] != world["items"]
    code, message = await refused(http, "/tools/music/popular", {"region": "zz"})
    assert code == "INVALID_PARAM"
    assert message.startswith("region must be one of: us, th")
    code, _ = await refused(http, "/tools/music/popular", {"page_size": 51})
    assert code == "PAGE_SIZE_EXCEEDED"


async def test_shop_products_list(http: Http) -> None:
    status, answer = await http.post(
        S + "/shop/products/list", {"platform_account_id": ACCOUNT, "page_size": 5}
    )
    assert status == 200
    assert (answer["page"], answer["page_size"]) == (1, 5)
    product = answer["data"]["items"][0]
    assert isinstance(product["product_id"], str)
    assert product["price"]["unit"] == "USD"
    word = product["title"].split()[-1].lower()
    found = await ok(http, "/shop/products/list", {"platform_account_id": ACCOUNT, "keyword": word})
    assert all(word in p["title"].lower() for p in found["items"])
    assert product["product_id"] in [p["product_id"] for p in found["items"]]


async def test_only_tiktok_accounts_have_a_shop(http: Http) -> None:
    other = youtube_account(http)
    for path, extra in [
        ("/shop/products/list", {}),
        ("/shop/showcase/add", {"product_ids": ["1"]}),
    ]:
        code, message = await refused(http, path, {"platform_account_id": other, **extra})
        assert code == "INVALID_PARAM"
        assert message == (
            f"platform_account_id {other} is a youtube account; only TikTok accounts have a shop"
        )


async def shop(http: Http) -> list[dict[str, Any]]:
    body = {"platform_account_id": ACCOUNT, "page_size": 50}
    return list((await ok(http, "/shop/products/list", body))["items"])


async def test_showcase_add_reports_each_product(http: Http) -> None:
    products = await shop(http)
    fresh = next(p["product_id"] for p in products if not p["in_showcase"] and p["stock"] > 0)
    shown = next(p["product_id"] for p in products if p["in_showcase"])
    empty = next(p["product_id"] for p in products if not p["in_showcase"] and p["stock"] == 0)
    body = {"platform_account_id": ACCOUNT, "product_ids": [fresh, shown, empty, "404", fresh]}
    data = await ok(http, "/shop/showcase/add", body)
    assert data == {
        "added": [fresh],
        "already_in_showcase": [shown],
        "failed": [
            {"product_id": empty, "reason": "out_of_stock"},
            {"product_id": "404", "reason": "product_not_found"},
        ],
    }
    after = {p["product_id"]: p["in_showcase"] for p in await shop(http)}
    assert after[fresh] is True
    assert after[empty] is False
    assert http.sim.showcase_adds == 1


@pytest.mark.parametrize(
    ("product_ids", "code"),
    [
        (None, "MISSING_PARAM"),
        ([], "INVALID_PARAM"),
        (["1"] * 21, "INVALID_PARAM"),
        ([1], "INVALID_PARAM"),
        ("1", "INVALID_PARAM"),
    ],
)
async def test_showcase_validation(http: Http, product_ids: Any, code: str) -> None:
    body = {"platform_account_id": ACCOUNT, "product_ids": product_ids}
    got_code, message = await refused(http, "/shop/showcase/add", body)
    assert got_code == code
    assert message.startswith("product_ids")


async def test_lost_showcase_response_adds_once(http: Http) -> None:
    products = await shop(http)
    fresh = next(p["product_id"] for p in products if not p["in_showcase"] and p["stock"] > 0)
    body = {"platform_account_id": ACCOUNT, "product_ids": [fresh]}
    http.sim.add_fault(FaultRule(route=f"POST {S}/shop/showcase/add", lose_response=True, times=1))
    with pytest.raises((aiohttp.ServerDisconnectedError, aiohttp.ClientOSError)):
        await http.post(S + "/shop/showcase/add", body)
    again = await ok(http, "/shop/showcase/add", body)
    assert again == {"added": [], "already_in_showcase": [fresh], "failed": []}
    assert http.sim.showcase_adds == 1
