"""Social/5 Analytics: every report is a sum of the same daily figures, so they agree."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from typing import Any

import aiohttp
import pytest

from tests.testing.conftest import Http
from trenz_async.testing import Simulator

pytestmark = pytest.mark.anyio
A = "/open/v1/social/analytics"
ACCOUNT = 4687
#: 90 days ending on the seeded videos' newest day (they span the 180 days before 2026-09-01).
RANGE = {"start_date": "2026-06-04", "end_date": "2026-09-01"}
METRICS = ("views", "likes", "comments", "shares")


async def ok(http: Http, path: str, body: dict[str, Any]) -> Any:
    status, answer = await http.post(A + path, body)
    assert status == 200, answer
    return answer["data"]


async def refused(http: Http, path: str, body: dict[str, Any]) -> tuple[str, str]:
    balance = http.sim.balance(http.key)
    status, answer = await http.post(A + path, body)
    assert status == 400, answer
    assert http.sim.balance(http.key) == balance
    return answer["code"], answer["message"]


def cents(money: dict[str, Any]) -> int:
    assert money["unit"] == "USD"
    return round(money["value"] * 100)


async def test_overview_answers_the_range_and_totals(http: Http) -> None:
    data = await ok(http, "/overview", RANGE)
    bound = [a.id for a in http.sim.social_accounts.all()]
    assert data["platform_account_ids"] == bound
    assert (data["start_date"], data["end_date"]) == (RANGE["start_date"], RANGE["end_date"])
    for name in (*METRICS, "followers_gained", "videos_published", "orders"):
        assert isinstance(data[name], int)
    assert data["views"] > data["likes"] > 0
    assert data["gmv"]["value"] > 0


async def test_trend_points_add_up_to_the_overview(http: Http) -> None:
    overview = await ok(http, "/overview", RANGE)
    for metric, total in [*((m, m) for m in METRICS), ("followers", "followers_gained")]:
        trend = await ok(http, "/trend", {**RANGE, "metric": metric})
        assert len(trend["points"]) == 90
        assert trend["points"][0] == {"date": "2026-06-04", "value": trend["points"][0]["value"]}
        assert trend["points"][-1]["date"] == "2026-09-01"
        assert sum(p["value"] for p in trend["points"]) == trend["total"] == overview[total]


async def test_top_accounts_add_up_and_rank(http: Http) -> None:
    overview = await ok(http, "/overview", RANGE)
    data = await ok(http, "/top-accounts", {**RANGE, "limit": 50})
    rows = data["items"]
    assert data["total_count"] == len(rows) == len(overview["platform_account_ids"])
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
    assert [r["views"] for r in rows] == sorted((r["views"] for r in rows), reverse=True)
    for name in (*METRICS, "followers_gained", "videos_published", "orders"):
        assert sum(r[name] for r in rows) == overview[name]
    assert sum(cents(r["gmv"]) for r in rows) == cents(overview["gmv"])
    by_likes = await ok(http, "/top-accounts", {**RANGE, "sort_by": "likes", "limit": 2})
    assert len(by_likes["items"]) == 2
    assert by_likes["items"][0]["likes"] == max(r["likes"] for r in rows)


async def test_top_videos_of_one_account_add_up(http: Http) -> None:
    body = {**RANGE, "platform_account_ids": [ACCOUNT]}
    overview = await ok(http, "/overview", body)
    rows = (await ok(http, "/top-videos", {**body, "limit": 50}))["items"]
    assert {r["platform_account_id"] for r in rows} == {ACCOUNT}
    for name in METRICS:
        assert sum(r[name] for r in rows) == overview[name]
    assert sum(cents(r["gmv"]) for r in rows) == cents(overview["gmv"])
    by_shares = (await ok(http, "/top-videos", {**body, "sort_by": "shares"}))["items"]
    assert [r["shares"] for r in by_shares] == sorted((r["shares"] for r in rows), reverse=True)[
        :10
    ]


async def test_top_products_and_shoppable_videos_agree_with_the_gmv(http: Http) -> None:
    body = {**RANGE, "platform_account_ids": [ACCOUNT, 5678]}
    overview = await ok(http, "/overview", body)
    products = await ok(http, "/top-products", {**body, "limit": 50})
    assert products["total_count"] == len(products["items"]) > 0
    assert sum(cents(p["gmv"]) for p in products["items"]) == cents(overview["gmv"])
    assert sum(p["orders"] for p in products["items"]) == overview["orders"]
    gmvs = [cents(p["gmv"]) for p in products["items"]]
    assert gmvs == sorted(gmvs, reverse=True)
    listed = await ok(http, "/shoppable-videos/list", {**body, "page_size": 50})
    assert sum(cents(v["gmv"]) for v in listed["items"]) == cents(overview["gmv"])


async def test_shoppable_detail_links_products_with_their_orders(http: Http) -> None:
    listed = await ok(http, "/shoppable-videos/list", {"platform_account_ids": [ACCOUNT]})
    assert listed["total_count"] >= 1
    row = listed["items"][0]
    assert row["product_count"] == len(row["products"]) >= 1
    detail = await ok(
        http, "/shoppable-videos/detail", {"platform_video_id": row["platform_video_id"]}
    )
    assert detail["orders"] == row["orders"] == sum(p["orders"] for p in detail["products"])
    assert cents(detail["gmv"]) == sum(cents(p["gmv"]) for p in detail["products"])
    shop = http.sim.social_shops.products(http.sim.social_accounts.require(ACCOUNT))
    assert {p["product_id"] for p in detail["products"]} <= {p.product_id for p in shop}
    code, message = await refused(http, "/shoppable-videos/detail", {"platform_video_id": "1"})
    assert (code, message) == ("INVALID_PARAM", "platform_video_id 1 is not a shoppable video")


async def test_shoppable_list_pages_newest_first(http: Http) -> None:
    status, answer = await http.post(A + "/shoppable-videos/list", {"page_size": 2})
    assert status == 200
    assert (answer["page"], answer["page_size"], answer["total"]) == (
        1,
        2,
        answer["data"]["total_count"],
    )
    times = [v["published_at"] for v in answer["data"]["items"]]
    assert times == sorted(times, reverse=True)


@pytest.mark.parametrize(
    ("path", "body", "code", "message"),
    [
        ("/overview", {"end_date": "2026-09-01"}, "MISSING_PARAM", "start_date is required"),
        ("/overview", {"start_date": "2026-09-01"}, "MISSING_PARAM", "end_date is required"),
        (
            "/overview",
            {**RANGE, "start_date": "20260601"},
            "INVALID_PARAM",
            "start_date must be a date",
        ),
        (
            "/overview",
            {**RANGE, "end_date": "2026-02-30"},
            "INVALID_PARAM",
            "end_date must be a date",
        ),
        (
            "/overview",
            {"start_date": "2026-09-02", "end_date": "2026-09-01"},
            "INVALID_PARAM",
            "end_date must not be before start_date",
        ),
        (
            "/overview",
            {"start_date": "2026-06-03", "end_date": "2026-09-01"},
            "INVALID_PARAM",
            "end_date must be within 90 days of start_date",
        ),
        (
            "/overview",
            {**RANGE, "platform_account_ids": []},
            "INVALID_PARAM",
            "platform_account_ids",
        ),
        (
            "/overview",
            {**RANGE, "platform_account_ids": [1]},
            "INVALID_PARAM",
            "platform_account_ids",
        ),
        ("/trend", RANGE, "MISSING_PARAM", "metric is required"),
        ("/trend", {**RANGE, "metric": "gmv"}, "INVALID_PARAM", "metric must be one of"),
        (
            "/top-videos",
            {**RANGE, "limit": 0},
            "INVALID_PARAM",
            "limit must be an integer between 1 and 50",
        ),
        ("/top-videos", {**RANGE, "limit": 51}, "INVALID_PARAM", "limit"),
        ("/top-products", {**RANGE, "sort_by": "likes"}, "INVALID_PARAM", "sort_by must be one of"),
        ("/shoppable-videos/list", {"start_date": "2026-09-01"}, "INVALID_PARAM", "together"),
        ("/shoppable-videos/detail", {}, "MISSING_PARAM", "platform_video_id is required"),
    ],
)
async def test_validation(
    http: Http, path: str, body: dict[str, Any], code: str, message: str
) -> None:
    got_code, got_message = await refused(http, path, body)
    assert got_code == code
    assert message in got_message


async def test_the_same_seed_gives_the_same_figures(http: Http) -> None:
    first = await ok(http, "/top-videos", RANGE)
    async with Simulator(seed=1234) as sim, aiohttp.ClientSession() as session:
        key = sim.create_api_key()
        url = sim.url + A + "/top-videos"
        async with session.post(url, json=RANGE, headers={"X-API-Key": key}) as response:
            assert (await response.json())["data"] == first


async def test_a_video_published_through_the_api_counts_from_its_day(http: Http) -> None:
    presign = http.sim.storage.presign("clip.mp4")
    digest = hashlib.sha256(presign.key.encode()).hexdigest()
    http.sim.storage.store(presign, 3_000_000, digest, hashlib.md5(b"").hexdigest())
    body = {
        "video_title": "New",
        "bucket_name": presign.bucket,
        "bucket_key": presign.key,
        "publications": [{"platform_account_id": ACCOUNT, "title": "Fresh"}],
    }
    status, answer = await http.post("/open/v1/social/publish/upload-and-publish", body)
    assert status == 200, answer
    http.sim.clock.advance(11)
    video = http.sim.social_videos.for_account(ACCOUNT)[0]
    day = datetime.fromtimestamp(video.published_at, UTC).date().isoformat()
    window = {"start_date": day, "end_date": day, "platform_account_ids": [ACCOUNT]}
    overview = await ok(http, "/overview", window)
    assert overview["videos_published"] == 1
    rows = (await ok(http, "/top-videos", window))["items"]
    assert [r["title"] for r in rows] == ["Fresh"]
    assert rows[0]["views"] == overview["views"] > 0
    next_day = (date.fromisoformat(day) + timedelta(days=1)).isoformat()
    later = await ok(http, "/overview", {**window, "start_date": next_day, "end_date": next_day})
    assert 0 < later["views"] < overview["views"]  # most views come on the first day
    month = (date.fromisoformat(day) + timedelta(days=29)).isoformat()
    lifetime = await ok(http, "/top-videos", {**window, "end_date": month})
    assert lifetime["items"][0]["views"] == video.views  # spread over 30 days, none lost
