"""``trenz.social.analytics`` against the simulator's analytics, over HTTP.

The simulator's figures are sums of daily values, so the reports must agree: a trend adds up
to the overview, the rankings add up to it too, a shoppable video's products add up to it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.helpers import assert_refused_before_sending
from tests.social_engagement.conftest import OTHER_TIKTOK, TIKTOK, sent
from trenz_async import TrenzClient
from trenz_async.errors import InvalidParamError
from trenz_async.models.social import (
    AnalyticsOverview,
    AnalyticsTrend,
    ShoppableVideo,
    TopAccount,
    TopProduct,
    TopVideo,
)
from trenz_async.testing import FaultRule

pytestmark = pytest.mark.anyio
V = "/open/v1/social/analytics"
METRIC_FIGURE = {
    "views": "views",
    "likes": "likes",
    "comments": "comments",
    "shares": "shares",
    "followers": "followers_gained",
}


def _window(today: dt.date, days: int = 90) -> dict[str, Any]:
    return {"start_date": today - dt.timedelta(days=days - 1), "end_date": today}


async def test_overview_totals_the_range_and_echoes_it(
    client: TrenzClient, trenz_simulator: Any, today: dt.date
) -> None:
    overview = await client.social.analytics.overview(**_window(today))
    assert isinstance(overview, AnalyticsOverview)
    every = [a.id for a in trenz_simulator.social_accounts.all()]
    assert overview.platform_account_ids == every
    assert overview.start_date == (today - dt.timedelta(days=89)).isoformat()
    assert overview.end_date == today.isoformat()
    assert overview.views
    assert overview.views > 0
    assert overview.gmv is not None
    assert overview.gmv.unit == "USD"
    body = sent(trenz_simulator, "/analytics/overview")[0].json
    assert body == {"start_date": overview.start_date, "end_date": overview.end_date}


@pytest.mark.parametrize("metric", sorted(METRIC_FIGURE))
async def test_trend_points_add_up_to_the_overview_figure(
    client: TrenzClient, today: dt.date, metric: Any
) -> None:
    window = {**_window(today, 60), "platform_account_ids": [TIKTOK, OTHER_TIKTOK]}
    overview = await client.social.analytics.overview(**window)
    trend = await client.social.analytics.trend(metric=metric, **window)
    assert isinstance(trend, AnalyticsTrend)
    points = trend.points or ()
    assert len(points) == 60
    assert [p.date for p in points[:2]] == [
        (today - dt.timedelta(days=59)).isoformat(),
        (today - dt.timedelta(days=58)).isoformat(),
    ]
    assert sum(p.value or 0 for p in points) == trend.total
    assert trend.total == getattr(overview, METRIC_FIGURE[metric])
    assert trend.metric == metric


async def test_top_accounts_rank_every_account_and_add_up_to_the_overview(
    client: TrenzClient, trenz_simulator: Any, today: dt.date
) -> None:
    window = _window(today)
    overview = await client.social.analytics.overview(**window)
    ranking = await client.social.analytics.top_accounts(**window, sort_by="likes", limit=50)
    rows = list(ranking)
    assert all(isinstance(r, TopAccount) for r in rows)
    assert ranking.total_count == len(rows) == len(trenz_simulator.social_accounts.all())
    assert [r.rank for r in rows] == list(range(1, len(rows) + 1))
    likes = [r.likes or 0 for r in rows]
    assert likes == sorted(likes, reverse=True)
    assert sum(r.views or 0 for r in rows) == overview.views
    assert sum(r.followers_gained or 0 for r in rows) == overview.followers_gained
    first = next(r for r in rows if r.platform_account_id == TIKTOK)
    account = trenz_simulator.social_accounts.get(TIKTOK)
    assert (first.platform, first.nickname) == ("tiktok", account.nickname)


async def test_top_accounts_limit_cuts_the_list_not_the_count(
    client: TrenzClient, today: dt.date
) -> None:
    ranking = await client.social.analytics.top_accounts(**_window(today), limit=2)
    assert len(ranking.items or ()) == 2
    assert ranking.total_count == 6


async def test_top_videos_of_one_account_add_up_to_its_overview(
    client: TrenzClient, today: dt.date
) -> None:
    window = {**_window(today), "platform_account_ids": [OTHER_TIKTOK]}
    overview = await client.social.analytics.overview(**window)
    ranking = await client.social.analytics.top_videos(**window, sort_by="views", limit=50)
    rows = list(ranking)
    assert all(isinstance(r, TopVideo) for r in rows)
    assert ranking.total_count == len(rows) > 0
    assert {r.platform_account_id for r in rows} == {OTHER_TIKTOK}
    views = [r.views or 0 for r in rows]
    assert views == sorted(views, reverse=True)
    assert sum(views) == overview.views
    assert sum(r.orders or 0 for r in rows) == overview.orders
    assert rows[0].video_url
    assert rows[0].platform_video_id in rows[0].video_url


async def test_top_products_gmv_adds_up_to_the_overview_gmv(
    client: TrenzClient, today: dt.date
) -> None:
    window = _window(today)
    overview = await client.social.analytics.overview(**window)
    ranking = await client.social.analytics.top_products(**window, limit=50)
    rows = list(ranking)
    assert all(isinstance(r, TopProduct) for r in rows)
    assert ranking.total_count == len(rows) > 0
    gmv = [r.gmv.value if r.gmv and r.gmv.value else 0.0 for r in rows]
    assert gmv == sorted(gmv, reverse=True)
    assert overview.gmv is not None
    assert sum(gmv) == pytest.approx(overview.gmv.value)
    for row in rows:
        assert row.price is not None
        assert row.price.value is not None
        assert row.gmv is not None
        assert row.gmv.value == pytest.approx((row.orders or 0) * row.price.value)


async def test_shoppable_videos_page_newest_first_and_detail_adds_up(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    analytics = client.social.analytics
    first = await analytics.shoppable_videos(page_size=3)
    videos = await analytics.shoppable_videos(page_size=3).collect()
    assert len(videos) == first.total > 3
    assert all(isinstance(v, ShoppableVideo) for v in videos)
    published = [v.published_at or 0 for v in videos]
    assert published == sorted(published, reverse=True)
    assert "start_date" not in sent(trenz_simulator, "/shoppable-videos/list")[0].json
    listed = videos[0]
    assert listed.products
    assert listed.products[0].image_url is None
    detail = await analytics.shoppable_video(platform_video_id=listed.platform_video_id)
    assert (detail.platform_video_id, detail.views, detail.orders) == (
        listed.platform_video_id,
        listed.views,
        listed.orders,
    )
    products = detail.products or ()
    assert len(products) == detail.product_count
    assert sum(p.orders or 0 for p in products) == detail.orders
    assert detail.gmv is not None
    assert sum(p.gmv.value or 0 for p in products if p.gmv) == pytest.approx(detail.gmv.value)
    assert all(p.image_url for p in products)


async def test_shoppable_figures_narrow_to_a_range(client: TrenzClient, today: dt.date) -> None:
    analytics = client.social.analytics
    lifetime = (await analytics.shoppable_videos(platform_account_ids=[OTHER_TIKTOK])).items
    chosen = lifetime[0]
    published = dt.datetime.fromtimestamp(chosen.published_at or 0, dt.UTC).date()
    first_day = await analytics.shoppable_video(
        platform_video_id=chosen.platform_video_id, start_date=published, end_date=published
    )
    assert 0 < (first_day.views or 0) < (chosen.views or 0)
    whole = await analytics.shoppable_video(
        platform_video_id=chosen.platform_video_id,
        start_date=published,
        end_date=published + dt.timedelta(days=89),
    )
    assert whole.views == chosen.views


async def test_dates_as_date_objects_and_as_text_send_the_same(
    client: TrenzClient, trenz_simulator: Any, today: dt.date
) -> None:
    start = today - dt.timedelta(days=6)
    as_dates = await client.social.analytics.overview(start_date=start, end_date=today)
    as_text = await client.social.analytics.overview(
        start_date=start.isoformat(), end_date=today.isoformat()
    )
    assert as_dates == as_text
    bodies = [e.json for e in sent(trenz_simulator, "/analytics/overview")]
    assert bodies[0] == bodies[1]


async def test_an_unbound_account_is_refused_by_the_service(
    client: TrenzClient, today: dt.date
) -> None:
    with pytest.raises(InvalidParamError) as caught:
        await client.social.analytics.overview(**_window(today), platform_account_ids=[999])
    assert "no bound social account 999" in caught.value.message


async def test_a_video_that_is_not_shoppable_is_refused_by_the_service(
    client: TrenzClient,
) -> None:
    with pytest.raises(InvalidParamError, match="is not a shoppable video"):
        await client.social.analytics.shoppable_video(platform_video_id="123")


async def test_reads_are_retried_through_a_503(
    client: TrenzClient, trenz_simulator: Any, today: dt.date
) -> None:
    trenz_simulator.add_fault(FaultRule(route=f"POST {V}/overview", status=503, times=1))
    overview = await client.social.analytics.overview(**_window(today))
    assert overview.views
    assert [e.status for e in sent(trenz_simulator, "/analytics/overview")] == [503, 200]


# -- refused before sending ----------------------------------------------------------------

START, END = "2026-01-01", "2026-03-31"  # 90 days, both counted
RANGE = {"start_date": START, "end_date": END}
BAD_RANGES = [
    ("end_date", {"end_date": "2026-04-01"}),  # 91 days
    ("end_date", {"start_date": "2026-02-01", "end_date": "2026-01-31"}),
    ("start_date", {"start_date": "2026/01/01"}),
    ("start_date", {"start_date": "2026-02-30"}),
    ("end_date", {"end_date": 20260101}),
    ("start_date", {"start_date": None}),
    ("end_date", {"end_date": None}),
    ("platform_account_ids", {"platform_account_ids": []}),
    ("platform_account_ids", {"platform_account_ids": list(range(1, 52))}),
    ("platform_account_ids", {"platform_account_ids": ["4687"]}),
    ("platform_account_ids", {"platform_account_ids": [True]}),
    ("platform_account_ids", {"platform_account_ids": 4687}),
    ("platform_account_ids", {"platform_account_ids": "4687"}),
]


@pytest.mark.parametrize("method", ["overview", "top_accounts", "top_videos", "top_products"])
@pytest.mark.parametrize(("field", "bad"), BAD_RANGES)
async def test_a_bad_range_is_refused_before_sending(
    client: TrenzClient, trenz_simulator: Any, method: str, field: str, bad: dict[str, Any]
) -> None:
    call = getattr(client.social.analytics, method)
    assert_refused_before_sending(trenz_simulator, field, call, **{**RANGE, **bad})


async def test_a_90_day_range_is_accepted(client: TrenzClient) -> None:
    overview = await client.social.analytics.overview(**RANGE)
    assert (overview.start_date, overview.end_date) == (START, END)


BAD_CALLS = [
    ("trend", "metric", {**RANGE, "metric": "followers_gained"}),
    ("trend", "metric", {**RANGE, "metric": None}),
    ("trend", "end_date", {"metric": "views", "start_date": START, "end_date": "2026-05-01"}),
    ("top_accounts", "sort_by", {**RANGE, "sort_by": "orders"}),
    ("top_videos", "sort_by", {**RANGE, "sort_by": "followers_gained"}),
    ("top_products", "sort_by", {**RANGE, "sort_by": "likes"}),
    ("top_videos", "limit", {**RANGE, "limit": 0}),
    ("top_products", "limit", {**RANGE, "limit": 51}),
    ("top_accounts", "limit", {**RANGE, "limit": "10"}),
    ("shoppable_videos", "end_date", {"start_date": START}),
    ("shoppable_videos", "start_date", {"end_date": END}),
    ("shoppable_videos", "page_size", {"page_size": 51}),
    ("shoppable_videos", "platform_account_ids", {"platform_account_ids": [0]}),
    ("shoppable_video", "platform_video_id", {"platform_video_id": ""}),
    ("shoppable_video", "end_date", {"platform_video_id": "1", "start_date": START}),
    ("shoppable_video", "end_date", {"platform_video_id": "1", **RANGE, "end_date": "2027-01-01"}),
]


@pytest.mark.parametrize(("method", "field", "arguments"), BAD_CALLS)
async def test_bad_arguments_are_refused_before_sending(
    client: TrenzClient, trenz_simulator: Any, method: str, field: str, arguments: dict[str, Any]
) -> None:
    call = getattr(client.social.analytics, method)
    assert_refused_before_sending(trenz_simulator, field, call, **arguments)
