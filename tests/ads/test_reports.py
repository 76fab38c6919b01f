"""``trenz.ads.reports.integrated``: rows, totals and dimensions agree with the insights."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import pytest

from tests.ads.conftest import TODAY
from tests.helpers import assert_refused_before_sending
from trenz_async import TrenzClient
from trenz_async.errors import UnexpectedArgumentError
from trenz_async.models.ads import AdMetrics, InsightRow, ReportPage, ReportRow

pytestmark = pytest.mark.anyio
START = TODAY - timedelta(days=29)


def _sums(rows: Iterable[AdMetrics]) -> tuple[float, int, int, int]:
    """Spend (to the cent) and the counts, added up."""
    cents = impressions = clicks = conversions = 0
    for row in rows:
        cents += round((row.spend or 0) * 100)
        impressions += row.impressions or 0
        clicks += row.clicks or 0
        conversions += row.conversions or 0
    return cents / 100, impressions, clicks, conversions


async def _insights(client: TrenzClient, advertiser_id: str) -> list[InsightRow]:
    return await client.ads.campaigns.insights(
        advertiser_id=advertiser_id, start_date=START, end_date=TODAY, page_size=50
    ).collect()


async def test_report_totals_equal_the_sum_of_the_insight_rows(
    client: TrenzClient, advertiser_id: str
) -> None:
    report = client.ads.reports.integrated(
        advertiser_id=advertiser_id, start_date=START, end_date=TODAY, page_size=50
    )
    first = await report
    assert isinstance(first, ReportPage)
    assert (first.dimensions, first.currency, first.total) == (("date",), "USD", 30)
    assert isinstance(first.totals, AdMetrics)
    insights = await _insights(client, advertiser_id)
    assert len(insights) > 30
    totals = first.totals
    assert (totals.spend, totals.impressions, totals.clicks, totals.conversions) == _sums(insights)
    assert totals.impressions
    assert totals.clicks
    assert totals.spend
    assert totals.ctr == round(totals.clicks / totals.impressions * 100, 2)
    assert totals.cpc == round(totals.spend / totals.clicks, 2)
    assert totals.cpm == round(totals.spend / totals.impressions * 1000, 2)


async def test_rows_by_date_sum_the_insight_rows_of_each_day(
    client: TrenzClient, advertiser_id: str
) -> None:
    pager = client.ads.reports.integrated(
        advertiser_id=advertiser_id, start_date=START, end_date=TODAY, page_size=7
    )
    pages = [page async for page in pager.pages()]
    assert [len(page) for page in pages] == [7, 7, 7, 7, 2]
    assert all(isinstance(p, ReportPage) and p.totals == pages[0].totals for p in pages)
    rows = [row for page in pages for row in page]
    assert all(isinstance(row, ReportRow) and row.ad_id is None for row in rows)
    assert [row.date for row in rows] == [
        (START + timedelta(days=n)).isoformat() for n in range(30)
    ]
    by_day: dict[str | None, list[InsightRow]] = defaultdict(list)
    for insight in await _insights(client, advertiser_id):
        by_day[insight.date].append(insight)
    for row in rows:
        assert _sums([row]) == _sums(by_day[row.date]), row.date
    assert _sums(rows) == _sums([pages[0].totals or AdMetrics()])


async def test_rows_by_ad_sum_each_ads_insight_rows(
    client: TrenzClient, trenz_simulator: Any, advertiser_id: str
) -> None:
    rows = await client.ads.reports.integrated(
        advertiser_id=advertiser_id,
        start_date=START,
        end_date=TODAY,
        dimensions=["ad_id"],
        page_size=50,
    ).collect()
    assert all(row.date is None and row.ad_id for row in rows)
    by_ad: dict[str | None, list[InsightRow]] = defaultdict(list)
    for insight in await _insights(client, advertiser_id):
        by_ad[insight.ad_id].append(insight)
    assert {row.ad_id for row in rows} == set(by_ad)
    for row in rows:
        assert _sums([row]) == _sums(by_ad[row.ad_id]), row.ad_id
    assert trenz_simulator.journal[0].json["dimensions"] == ["ad_id"]


async def test_rows_by_date_and_ad_are_the_insight_rows(
    client: TrenzClient, advertiser_id: str
) -> None:
    report = client.ads.reports.integrated(
        advertiser_id=advertiser_id,
        start_date=TODAY - timedelta(days=2),
        end_date=TODAY,
        dimensions=("date", "ad_id"),
        page_size=50,
    )
    rows = await report.collect()
    insights = await client.ads.campaigns.insights(
        advertiser_id=advertiser_id,
        start_date=TODAY - timedelta(days=2),
        end_date=TODAY,
        page_size=50,
    ).collect()
    assert [(r.date, r.ad_id, r.spend, r.clicks, r.ctr, r.cpm) for r in rows] == [
        (i.date, i.ad_id, i.spend, i.clicks, i.ctr, i.cpm) for i in insights
    ]


async def test_no_dimensions_give_one_row_equal_to_the_totals(
    client: TrenzClient, trenz_simulator: Any, advertiser_id: str
) -> None:
    page = await client.ads.reports.integrated(
        advertiser_id=int(advertiser_id), start_date="2026-08-03", end_date="2026-09-01",
        dimensions=[],
    )  # fmt: skip
    assert (page.total, page.dimensions) == (1, ())
    only = page.items[0]
    assert (only.date, only.ad_id) == (None, None)
    assert page.totals is not None
    assert _sums([only]) == _sums([page.totals])
    assert (only.ctr, only.cpc, only.cpm) == (page.totals.ctr, page.totals.cpc, page.totals.cpm)
    sent = trenz_simulator.journal[0].json
    assert sent == {
        "advertiser_id": advertiser_id,
        "start_date": "2026-08-03",
        "end_date": "2026-09-01",
        "dimensions": [],
        "page": 1,
        "page_size": 10,
    }


async def test_pages_carry_the_accounts_own_currency(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    euro = trenz_simulator.ads.accounts()[2]
    assert euro.currency == "EUR"
    euro_id = euro.advertiser_id
    report = await client.ads.reports.integrated(
        advertiser_id=euro_id, start_date=START, end_date=TODAY
    )
    insights = await client.ads.campaigns.insights(
        advertiser_id=euro_id, start_date=START, end_date=TODAY
    )
    assert (report.currency, insights.currency) == ("EUR", "EUR")


async def test_a_range_after_today_has_no_rows_and_zero_totals(
    client: TrenzClient, advertiser_id: str
) -> None:
    page = await client.ads.reports.integrated(
        advertiser_id=advertiser_id,
        start_date=TODAY + timedelta(days=1),
        end_date=TODAY + timedelta(days=5),
    )
    assert (page.total, list(page.items)) == (0, [])
    assert page.totals == AdMetrics(
        spend=0.0, impressions=0, clicks=0, conversions=0, ctr=0.0, cpc=0.0, cpm=0.0
    )


@pytest.mark.parametrize(
    ("field", "arguments"),
    [
        ("dimensions", {"dimensions": ["date", "date"]}),
        ("dimensions", {"dimensions": ["campaign_id"]}),
        ("dimensions", {"dimensions": "date"}),
        ("dimensions", {"dimensions": {"date"}}),
        ("end_date", {"end_date": None}),
        ("end_date", {"start_date": "2026-06-01", "end_date": "2026-09-01"}),
        ("end_date", {"start_date": "2026-09-01", "end_date": date(2026, 8, 31)}),
        ("start_date", {"start_date": 20260801}),
        ("advertiser_id", {"advertiser_id": ["1"]}),
        ("page", {"page": -1}),
    ],
)
async def test_bad_report_arguments_are_refused_before_sending(
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
    assert_refused_before_sending(trenz_simulator, field, client.ads.reports.integrated, **full)


async def test_a_misspelled_keyword_names_the_right_one(
    client: TrenzClient, trenz_simulator: Any, advertiser_id: str
) -> None:
    with pytest.raises(UnexpectedArgumentError) as caught:
        client.ads.reports.integrated(  # type: ignore[call-arg]
            advertiser_id=advertiser_id,
            start_date="2026-08-01",
            end_date="2026-08-31",
            dimension=["ad_id"],
        )
    assert (caught.value.field, caught.value.suggestion) == ("dimension", "dimensions")
    assert trenz_simulator.journal == []
