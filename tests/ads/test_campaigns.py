"""``trenz.ads.campaigns``: ad list, ad detail and insight rows, against the simulator."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from tests.ads.conftest import TODAY
from tests.helpers import assert_refused_before_sending
from trenz_async import TrenzClient
from trenz_async.errors import InvalidParamError
from trenz_async.models.ads import (
    AdCreative,
    CampaignAd,
    CampaignAdDetail,
    InsightRow,
    InsightsPage,
)

pytestmark = pytest.mark.anyio


async def test_list_gives_the_accounts_ads_newest_first(
    client: TrenzClient, trenz_simulator: Any, advertiser_id: str
) -> None:
    seeded = trenz_simulator.ads.ads_of(advertiser_id)
    ads = await client.ads.campaigns.list(advertiser_id=advertiser_id, page_size=50).collect()
    assert all(isinstance(ad, CampaignAd) for ad in ads)
    assert [ad.ad_id for ad in ads] == [ad.ad_id for ad in seeded]
    first, seed = ads[0], seeded[0]
    assert (first.name, first.status, first.objective, first.campaign_id) == (
        seed.name,
        seed.status,
        seed.objective,
        seed.campaign_id,
    )
    assert isinstance(first.budget, float)
    assert first.budget == seed.budget
    times = [ad.create_time or 0 for ad in ads]
    assert times == sorted(times, reverse=True)
    assert {ad.advertiser_id for ad in ads} == {advertiser_id}


async def test_list_filters_by_status(
    client: TrenzClient, trenz_simulator: Any, advertiser_id: str
) -> None:
    enabled = await client.ads.campaigns.list(advertiser_id=advertiser_id, status="enable")
    expected = trenz_simulator.ads.ads_of(advertiser_id, "ENABLE")
    assert enabled.total == len(expected)
    assert all(ad.enabled for ad in enabled)
    assert trenz_simulator.journal[0].json["status"] == "ENABLE"
    disabled = await client.ads.campaigns.list(advertiser_id=advertiser_id, status="DISABLE")
    assert disabled.total + enabled.total == len(trenz_simulator.ads.ads_of(advertiser_id))
    assert {ad.status for ad in disabled} <= {"DISABLE"}


async def test_get_gives_the_ads_settings_and_creative(
    client: TrenzClient, trenz_simulator: Any, advertiser_id: str
) -> None:
    ad = trenz_simulator.ads.ads_of(advertiser_id)[0]
    detail = await client.ads.campaigns.get(int(ad.ad_id), advertiser_id=int(advertiser_id))
    assert isinstance(detail, CampaignAdDetail)
    expected = ad.detail()
    assert (detail.ad_id, detail.name, detail.budget_mode, detail.optimization_goal) == (
        ad.ad_id,
        ad.name,
        "BUDGET_MODE_DAY",
        expected["optimization_goal"],
    )
    assert detail.bid_price == expected["bid_price"]
    assert detail.landing_page_url == f"https://shop.example.com/lp/{ad.ad_id}"
    assert isinstance(detail.creative, AdCreative)
    assert detail.creative.video_url == expected["creative"]["video_url"]
    assert detail.creative.call_to_action == expected["creative"]["call_to_action"]
    assert trenz_simulator.journal[0].json == {"advertiser_id": advertiser_id, "ad_id": ad.ad_id}


async def test_get_of_another_accounts_ad_is_refused_by_the_service(
    client: TrenzClient, trenz_simulator: Any, advertiser_id: str
) -> None:
    other = trenz_simulator.ads.accounts()[1].advertiser_id
    foreign = trenz_simulator.ads.ads_of(other)[0].ad_id
    with pytest.raises(InvalidParamError) as caught:
        await client.ads.campaigns.get(foreign, advertiser_id=advertiser_id)
    assert f"ad_id {foreign} is not an ad of advertiser" in caught.value.message


async def test_insights_give_one_row_per_ad_per_day(
    client: TrenzClient, trenz_simulator: Any, advertiser_id: str
) -> None:
    start = TODAY - timedelta(days=6)
    pager = client.ads.campaigns.insights(
        advertiser_id=advertiser_id, start_date=start, end_date=TODAY, page_size=7
    )
    first = await pager
    assert isinstance(first, InsightsPage)
    assert first.currency == "USD"
    pages = [page async for page in pager.pages()]
    assert all(isinstance(page, InsightsPage) and page.currency == "USD" for page in pages)
    rows = [row for page in pages for row in page]
    ads = trenz_simulator.ads.ads_of(advertiser_id)
    expected = trenz_simulator.ads.insights(ads, start, TODAY)
    assert len(rows) == first.total == len(expected) > 7
    assert all(isinstance(row, InsightRow) for row in rows)
    assert [(r.date, r.ad_id) for r in rows] == [(e["date"], e["ad_id"]) for e in expected]
    assert [(r.spend, r.impressions, r.clicks, r.ctr, r.cpc, r.cpm) for r in rows] == [
        (e["spend"], e["impressions"], e["clicks"], e["ctr"], e["cpc"], e["cpm"]) for e in expected
    ]
    assert all(isinstance(r.spend, float) and isinstance(r.ctr, float) for r in rows)
    sent = trenz_simulator.journal[0].json
    assert (sent["start_date"], sent["end_date"]) == ("2026-08-26", "2026-09-01")


async def test_insights_narrowed_to_some_ads(
    client: TrenzClient, trenz_simulator: Any, advertiser_id: str
) -> None:
    ads = trenz_simulator.ads.ads_of(advertiser_id)
    chosen = [ads[0].ad_id, int(ads[1].ad_id)]
    rows = await client.ads.campaigns.insights(
        advertiser_id=advertiser_id,
        start_date="2026-08-30",
        end_date="2026-09-01",
        ad_ids=chosen,
        page_size=50,
    ).collect()
    assert rows
    assert {row.ad_id for row in rows} <= {ads[0].ad_id, ads[1].ad_id}
    assert trenz_simulator.journal[0].json["ad_ids"] == [ads[0].ad_id, ads[1].ad_id]


async def test_a_90_day_range_is_sent(client: TrenzClient, advertiser_id: str) -> None:
    page = await client.ads.campaigns.insights(
        advertiser_id=advertiser_id, start_date=TODAY - timedelta(days=90), end_date=TODAY
    )
    assert page.total > 0


@pytest.mark.parametrize(
    ("field", "arguments"),
    [
        ("advertiser_id", {"advertiser_id": "12a"}),
        ("status", {"status": "PAUSED"}),
        ("page_size", {"page_size": 0}),
    ],
)
async def test_bad_list_arguments_are_refused_before_sending(
    client: TrenzClient,
    trenz_simulator: Any,
    advertiser_id: str,
    field: str,
    arguments: dict[str, Any],
) -> None:
    full = {"advertiser_id": advertiser_id, **arguments}
    assert_refused_before_sending(trenz_simulator, field, client.ads.campaigns.list, **full)


async def test_a_bad_ad_id_is_refused_before_sending(
    client: TrenzClient, trenz_simulator: Any, advertiser_id: str
) -> None:
    call = client.ads.campaigns.get
    assert_refused_before_sending(trenz_simulator, "ad_id", call, ad_id="x1", advertiser_id=1)
    assert_refused_before_sending(
        trenz_simulator, "advertiser_id", call, ad_id=1, advertiser_id=None
    )


@pytest.mark.parametrize(
    ("field", "arguments"),
    [
        ("start_date", {"start_date": "2026/09/01"}),
        ("start_date", {"start_date": "20260901"}),
        ("end_date", {"end_date": "2026-02-30"}),
        ("end_date", {"end_date": datetime(2026, 9, 1, tzinfo=UTC)}),
        ("start_date", {"start_date": None}),
        ("end_date", {"start_date": "2026-09-01", "end_date": "2026-08-31"}),
        ("end_date", {"start_date": date(2026, 6, 2), "end_date": date(2026, 9, 1)}),
        ("ad_ids", {"ad_ids": []}),
        ("ad_ids", {"ad_ids": [str(n) for n in range(101)]}),
        ("ad_ids", {"ad_ids": "123"}),
        ("ad_ids[1]", {"ad_ids": ["123", "4x"]}),
    ],
)
async def test_bad_insight_arguments_are_refused_before_sending(
    client: TrenzClient,
    trenz_simulator: Any,
    advertiser_id: str,
    field: str,
    arguments: dict[str, Any],
) -> None:
    full = {
        "advertiser_id": advertiser_id,
        "start_date": "2026-08-01",
        "end_date": "2026-08-31",
        **arguments,
    }
    assert_refused_before_sending(trenz_simulator, field, client.ads.campaigns.insights, **full)
