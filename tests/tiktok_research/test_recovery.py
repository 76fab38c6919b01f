"""Windows through the Research API's own faults: rejected search_ids, wide-window 500s."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from tests.tiktok_research.conftest import QUERY, direct_ids, queries
from trenz_async import TikTokClient
from trenz_async.errors import BadRequestError, ServerError
from trenz_async.resources.tiktok_research.harvest import MAX_RESTARTS
from trenz_async.testing import FaultRule, Simulator

pytestmark = pytest.mark.anyio

FIRST, LAST = dt.date(2023, 1, 1), dt.date(2023, 3, 31)  # 90 days: three 30-day windows
FILTERS = {
    "content_published_date_range": {"min": "20230101", "max": "20230331"},
    "creator_country_code": "AT",
}


async def test_90_days_through_rejections_and_500s_yield_each_record_once(
    sim: Simulator, tiktok: TikTokClient
) -> None:
    expected = await direct_ids(sim, FIRST, LAST, creator_country_code="AT")
    assert all(len(ids) > 30 for ids in expected.values())  # several pages per window
    sim.research_faults(reject_search_id_rate=0.3, wide_window_500_days=20)
    research = tiktok.research.commercial_content
    pager = research.query(filters=FILTERS, fields="id,create_date", max_count=10)
    got = [item async for item in pager.iter()]
    ids = [item.id for item in got]
    assert Counter(ids).most_common(1)[0][1] == 1  # never twice
    assert sorted(ids) == sorted(i for window in expected.values() for i in window)
    assert all("20230101" <= (item.create_date or "") <= "20230331" for item in got)
    sent = queries(sim, tiktok.client_key)
    statuses = Counter(entry.status for entry in sent)
    assert statuses[400] >= 3  # search_ids were rejected and recovered
    assert statuses[500] >= 4  # a 30-day window failed through the transport's retries
    spans = {
        entry.json["filters"]["content_published_date_range"]["max"]
        for entry in sent
        if entry.status == 200
    }
    assert "20230115" in spans  # ... and was read in halves
    # The ledger counted what the service counted: refusals, every 500 attempt, records.
    assert research.ledger is not None
    usage = research.ledger.usage(tiktok.client_key)
    assert (usage.requests, usage.records) == sim.tiktok_quota_used(tiktok.client_key)


async def test_a_failing_window_is_halved_down_to_one_day(
    sim: Simulator, tiktok: TikTokClient
) -> None:
    sim.research_faults(wide_window_500_days=0)  # every window with max > min fails
    page = await tiktok.research.commercial_content.query(
        filters={"content_published_date_range": {"min": "20230101", "max": "20230104"}},
        fields="id",
        max_count=50,
    )
    assert page.window == (dt.date(2023, 1, 1), dt.date(2023, 1, 1))
    assert page.items
    sent = [
        (e.json["filters"]["content_published_date_range"]["max"], e.status)
        for e in queries(sim, tiktok.client_key)
    ]
    assert sent == [("20230104", 500)] * 4 + [("20230102", 500)] * 4 + [("20230101", 200)]


async def test_a_failing_one_day_window_is_raised(sim: Simulator, tiktok: TikTokClient) -> None:
    sim.add_fault(FaultRule(route=f"POST {QUERY}", status=500))
    with pytest.raises(ServerError):
        await tiktok.research.commercial_content.query(
            filters={"content_published_date_range": {"min": "20230101", "max": "20230101"}},
            fields="id",
        )
    assert len(queries(sim, tiktok.client_key)) == 4  # the transport's attempts, no split


async def test_restarts_in_a_row_without_progress_give_up(
    sim: Simulator, tiktok: TikTokClient
) -> None:
    sim.research_faults(reject_search_id_rate=1.0)  # every continuation refused
    pager = tiktok.research.commercial_content.query(
        filters={"content_published_date_range": {"min": "20230101", "max": "20230110"}},
        fields="id",
        max_count=5,
    )
    pages = pager.pages()
    assert len((await anext(pages)).items) == 5
    with pytest.raises(BadRequestError, match="is invalid or expired"):
        await anext(pages)
    # the first page and its continuation, then each restart: the first page again + one
    assert len(queries(sim, tiktok.client_key)) == 2 + 2 * MAX_RESTARTS
