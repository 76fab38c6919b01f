"""Ads management routes: accounts, remark, ads, insights, landing pages, leads, report."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest

from tests.testing.conftest import Http
from trenz_async.testing import FaultRule, Simulator

ADS = "/open/v1/ads"
pytestmark = pytest.mark.anyio


async def ok(http: Http, path: str, body: dict[str, Any]) -> Any:
    status, answer = await http.post(f"{ADS}/{path}", body)
    assert status == 200, answer
    return answer


async def advertiser(http: Http, index: int = 0) -> str:
    answer = await ok(http, "accounts/list", {})
    return str(answer["data"]["items"][index]["advertiser_id"])


async def all_rows(http: Http, path: str, body: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    page = 1
    while True:
        answer = await ok(http, path, {**body, "page": page, "page_size": 50})
        rows += answer["data"]["items"]
        if len(rows) >= answer["data"]["total_count"]:
            return rows
        page += 1


async def test_account_list_and_paging(http: Http) -> None:
    answer = await ok(http, "accounts/list", {})
    accounts = answer["data"]["items"]
    assert (answer["data"]["total_count"], answer["total"], answer["page"]) == (3, 3, 1)
    assert set(accounts[0]) == {
        "advertiser_id", "name", "currency", "timezone", "status", "balance", "create_time",
        "remark",
    }  # fmt: skip
    assert all(a["advertiser_id"].isdigit() for a in accounts)
    second = await ok(http, "accounts/list", {"page": 2, "page_size": 2})
    assert second["data"]["items"] == accounts[2:]
    status, bad = await http.post(f"{ADS}/accounts/list", {"page_size": 51})
    assert (status, bad["code"]) == (400, "PAGE_SIZE_EXCEEDED")
    assert answer["usage"]["coin_cost"] == 1


async def test_remark_update_shows_in_the_list(http: Http) -> None:
    advertiser_id = await advertiser(http, 1)
    answer = await ok(http, "accounts/remark", {"advertiser_id": advertiser_id, "remark": "Q3"})
    assert answer["data"]["remark"] == "Q3"
    listed = (await ok(http, "accounts/list", {}))["data"]["items"]
    assert [a["remark"] for a in listed] == ["", "Q3", ""]
    await ok(http, "accounts/remark", {"advertiser_id": advertiser_id, "remark": ""})
    assert http.sim.counters["ads remark updates"] == 2


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        ({"remark": "x"}, "MISSING_PARAM", "advertiser_id is required"),
        ({"advertiser_id": "1", "remark": "x"}, "INVALID_PARAM", "1 is not an ad account"),
        ({"advertiser_id": 1, "remark": "x"}, "INVALID_PARAM", "string of digits"),
        ({"advertiser_id": "ACCOUNT"}, "MISSING_PARAM", "remark is required"),
        ({"advertiser_id": "ACCOUNT", "remark": "x" * 101}, "INVALID_PARAM", "at most 100"),
        ({"advertiser_id": "ACCOUNT", "remark": 7}, "INVALID_PARAM", "remark must be a string"),
    ],
)
async def test_remark_validation(http: Http, body: dict[str, Any], code: str, message: str) -> None:
    if body.get("advertiser_id") == "ACCOUNT":
        body = {**body, "advertiser_id": await advertiser(http)}
    balance = http.sim.balance(http.key)
    status, answer = await http.post(f"{ADS}/accounts/remark", body)
    assert (status, answer["code"]) == (400, code)
    assert message in answer["message"]
    assert http.sim.balance(http.key) == balance


async def test_lost_remark_response_acts_once(http: Http) -> None:
    advertiser_id = await advertiser(http)
    http.sim.add_fault(FaultRule(route=f"POST {ADS}/accounts/remark", lose_response=True, times=1))
    with pytest.raises((aiohttp.ServerDisconnectedError, aiohttp.ClientOSError)):
        await http.post(f"{ADS}/accounts/remark", {"advertiser_id": advertiser_id, "remark": "r"})
    assert http.sim.counters["ads remark updates"] == 1
    assert (await ok(http, "accounts/list", {}))["data"]["items"][0]["remark"] == "r"


async def test_ad_list_status_filter_and_detail(http: Http) -> None:
    advertiser_id = await advertiser(http)
    ads = await all_rows(http, "campaigns/list", {"advertiser_id": advertiser_id})
    times = [ad["create_time"] for ad in ads]
    assert times == sorted(times, reverse=True)
    enabled = await all_rows(
        http, "campaigns/list", {"advertiser_id": advertiser_id, "status": "ENABLE"}
    )
    assert enabled == [ad for ad in ads if ad["status"] == "ENABLE"]
    body = {"advertiser_id": advertiser_id, "ad_id": ads[0]["ad_id"]}
    detail = (await ok(http, "campaigns/detail", body))["data"]
    assert {k: detail[k] for k in ads[0]} == ads[0]
    assert set(detail["creative"]) == {"video_url", "cover_url", "ad_text", "call_to_action"}
    status, bad = await http.post(
        f"{ADS}/campaigns/list", {"advertiser_id": advertiser_id, "status": "PAUSED"}
    )
    assert (status, bad["code"]) == (400, "INVALID_PARAM")
    assert "status must be one of: ENABLE, DISABLE" in bad["message"]


async def test_detail_of_another_accounts_ad_is_refused(http: Http) -> None:
    first, second = await advertiser(http, 0), await advertiser(http, 1)
    ads = await all_rows(http, "campaigns/list", {"advertiser_id": second})
    status, answer = await http.post(
        f"{ADS}/campaigns/detail", {"advertiser_id": first, "ad_id": ads[0]["ad_id"]}
    )
    assert (status, answer["code"]) == (400, "INVALID_PARAM")
    assert answer["message"].startswith("ad_id ")
    status, answer = await http.post(f"{ADS}/campaigns/detail", {"advertiser_id": first})
    assert (status, answer["message"]) == (400, "ad_id is required")


async def test_insights_rows_per_ad_per_day(http: Http) -> None:
    advertiser_id = await advertiser(http)
    ads = await all_rows(http, "campaigns/list", {"advertiser_id": advertiser_id})
    body = {"advertiser_id": advertiser_id, "start_date": "2026-08-20", "end_date": "2026-08-26"}
    rows = await all_rows(http, "campaigns/insights", body)
    started = [a for a in ads if a["create_time"] <= _unix("2026-08-20")]
    assert len(rows) == 7 * len(started)
    first = rows[0]
    assert set(first) == {
        "date", "ad_id", "spend", "impressions", "clicks", "conversions", "ctr", "cpc", "cpm",
    }  # fmt: skip
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    for row in rows:
        if row["impressions"]:
            assert row["ctr"] == round(row["clicks"] / row["impressions"] * 100, 2)
    one = await ok(http, "campaigns/insights", {**body, "ad_ids": [started[0]["ad_id"]]})
    assert {r["ad_id"] for r in one["data"]["items"]} == {started[0]["ad_id"]}
    assert one["data"]["currency"] == "USD"
    assert await all_rows(http, "campaigns/insights", body) == rows  # stable


def _unix(day: str) -> int:
    return int(datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp())


async def test_insights_stop_at_the_clock_day(http: Http) -> None:
    advertiser_id = await advertiser(http)
    today = datetime.fromtimestamp(http.sim.clock.now(), UTC).date()
    start = today - timedelta(days=2)
    body = {
        "advertiser_id": advertiser_id,
        "start_date": start.isoformat(),
        "end_date": (today + timedelta(days=5)).isoformat(),
    }
    dates = {r["date"] for r in await all_rows(http, "campaigns/insights", body)}
    assert max(dates) == today.isoformat()
    http.sim.clock.advance(86_400)
    dates = {r["date"] for r in await all_rows(http, "campaigns/insights", body)}
    assert max(dates) == (today + timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("extra", "code", "message"),
    [
        ({"start_date": None}, "MISSING_PARAM", "start_date is required"),
        ({"end_date": "2026/08/01"}, "INVALID_PARAM", "end_date must be a date in YYYY-MM-DD"),
        ({"end_date": "2026-02-30"}, "INVALID_PARAM", "end_date must be a date"),
        ({"end_date": "2026-07-31"}, "INVALID_PARAM", "end_date must not be before start_date"),
        ({"end_date": "2026-10-31"}, "INVALID_PARAM", "at most 90 days"),
        ({"ad_ids": "1"}, "INVALID_PARAM", "ad_ids must be a list"),
        ({"ad_ids": ["1"]}, "INVALID_PARAM", "ad_ids[0] 1 is not an ad of advertiser"),
        ({"ad_ids": [{}]}, "INVALID_PARAM", "ad_ids[0] must be a string of digits"),
    ],
)
async def test_insights_validation(
    http: Http, extra: dict[str, Any], code: str, message: str
) -> None:
    body = {"advertiser_id": await advertiser(http), "start_date": "2026-08-01"}
    body |= {"end_date": "2026-08-05", **extra}
    status, answer = await http.post(f"{ADS}/campaigns/insights", body)
    assert (status, answer["code"]) == (400, code)
    assert message in answer["message"]


async def test_report_sums_equal_the_insights(http: Http) -> None:
    advertiser_id = await advertiser(http)
    body = {"advertiser_id": advertiser_id, "start_date": "2026-07-01", "end_date": "2026-08-31"}
    insights = await all_rows(http, "campaigns/insights", body)
    by_date = await all_rows(http, "reports/integrated", body)
    assert len(by_date) == 62
    assert set(by_date[0]) == {"date", *(k for k in insights[0] if k not in ("date", "ad_id"))}
    for metric in ("impressions", "clicks", "conversions"):
        assert sum(r[metric] for r in by_date) == sum(r[metric] for r in insights)
    assert round(sum(r["spend"] for r in by_date), 2) == round(sum(r["spend"] for r in insights), 2)
    by_ad = await all_rows(http, "reports/integrated", {**body, "dimensions": ["ad_id"]})
    assert {r["ad_id"] for r in by_ad} == {r["ad_id"] for r in insights}
    whole = await ok(http, "reports/integrated", {**body, "dimensions": []})
    [total] = whole["data"]["items"]
    assert total == whole["data"]["totals"]
    assert total["clicks"] == sum(r["clicks"] for r in insights)
    assert whole["data"]["dimensions"] == []
    both = await ok(http, "reports/integrated", {**body, "dimensions": ["date", "ad_id"]})
    assert both["data"]["total_count"] == len(insights)


@pytest.mark.parametrize("dimensions", [["week"], "date", ["date", "date"], [1]])
async def test_report_dimensions_validation(http: Http, dimensions: Any) -> None:
    body = {
        "advertiser_id": await advertiser(http),
        "start_date": "2026-08-01",
        "end_date": "2026-08-02",
        "dimensions": dimensions,
    }
    status, answer = await http.post(f"{ADS}/reports/integrated", body)
    assert (status, answer["code"]) == (400, "INVALID_PARAM")
    assert answer["message"].startswith("dimensions must be")


async def test_landing_pages_fields_and_leads(http: Http) -> None:
    advertiser_id = await advertiser(http)
    pages = (await ok(http, "landing-pages/list", {"advertiser_id": advertiser_id}))["data"]
    assert pages["total_count"] >= 1
    page = pages["items"][0]
    fields = (await ok(http, "landing-pages/fields", {"page_id": page["page_id"]}))["data"]
    assert fields["page_id"] == page["page_id"]
    names = {field["name"] for field in fields["fields"]}
    required = {field["name"] for field in fields["fields"] if field["required"]}
    assert {"full_name", "email"} <= required
    body = {"advertiser_id": advertiser_id, "page_id": page["page_id"]}
    leads = await all_rows(http, "leads/list", body)
    assert leads
    for lead in leads:
        assert lead["page_id"] == page["page_id"]
        assert required <= set(lead["fields"]) <= names
    times = [lead["create_time"] for lead in leads]
    assert times == sorted(times, reverse=True)
    day = datetime.fromtimestamp(times[0], UTC).date().isoformat()
    dated = await all_rows(http, "leads/list", {**body, "start_date": day, "end_date": day})
    assert dated
    assert all(
        datetime.fromtimestamp(lead["create_time"], UTC).date().isoformat() == day for lead in dated
    )


async def test_landing_page_and_lead_errors(http: Http) -> None:
    status, answer = await http.post(f"{ADS}/landing-pages/fields", {"page_id": "42"})
    assert (status, answer["code"], answer["message"]) == (
        400,
        "INVALID_PARAM",
        "page_id 42 is not a landing page",
    )
    status, answer = await http.post(f"{ADS}/landing-pages/list", {})
    assert (status, answer["code"]) == (400, "MISSING_PARAM")
    first, second = await advertiser(http, 0), await advertiser(http, 1)
    pages = (await ok(http, "landing-pages/list", {"advertiser_id": second}))["data"]["items"]
    status, answer = await http.post(
        f"{ADS}/leads/list", {"advertiser_id": first, "page_id": pages[0]["page_id"]}
    )
    assert (status, answer["code"]) == (400, "INVALID_PARAM")
    assert "is not a landing page of" in answer["message"]


async def test_ads_scope_is_required(http: Http) -> None:
    key = http.sim.create_api_key(scopes=("data",))
    status, answer = await http.post(f"{ADS}/accounts/list", {}, key=key)
    assert (status, answer["code"]) == (403, "FORBIDDEN_SCOPE")


async def test_ids_are_stable_for_a_seed() -> None:
    found = []
    for _ in range(2):
        async with Simulator(seed=5) as sim:
            accounts = sim.ads.accounts()
            found.append(
                [(a.advertiser_id, len(sim.ads.ads_of(a.advertiser_id))) for a in accounts]
            )
    assert found[0] == found[1]
