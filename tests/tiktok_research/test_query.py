"""tiktok.research.commercial_content.query: the round trip, the pager, windows, validation."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from typing import Any

import pytest

from tests.helpers import answer_with
from tests.tiktok_research.conftest import ALL_FIELDS, QUERY, direct_ids, queries, windows
from trenz_async import TikTokClient, ValidationError
from trenz_async.errors import BadRequestError
from trenz_async.models.tiktok_research import (
    CommercialContent,
    CommercialContentFilters,
    PublishedDateRange,
)
from trenz_async.testing import FaultRule, Simulator

pytestmark = pytest.mark.anyio

JAN = {"content_published_date_range": {"min": "20230102", "max": "20230109"}}


def _range(low: Any, high: Any, **more: Any) -> dict[str, Any]:
    return {"content_published_date_range": {"min": low, "max": high}, **more}


async def test_first_page_round_trips_real_values(sim: Simulator, tiktok: TikTokClient) -> None:
    filters = _range("20230102", "20230109", creator_country_code="FR")
    page = await tiktok.research.commercial_content.query(
        filters=filters, fields=list(ALL_FIELDS), max_count=20
    )
    assert len(page.items) == 20
    assert page.has_more is True
    assert isinstance(page.search_id, str)
    assert page.search_id
    assert page.window == (dt.date(2023, 1, 2), dt.date(2023, 1, 9))
    french = set(sim.tiktok_research_usernames("FR"))
    for item in page.items:
        assert isinstance(item, CommercialContent)
        assert item.id.startswith("v09044g40000")
        assert item.create_date is not None
        assert "20230102" <= item.create_date <= "20230109"
        assert item.created_at is not None
        assert f"{item.created_at:%Y%m%d}" == item.create_date
        assert item.label in ("Paid partnership", "Promotional content")
        assert item.brand_names
        assert item.creator is not None
        assert item.creator.username in french
        assert item.videos
        video = item.videos[0]
        assert isinstance(video.id, str)
        assert video.id.isdigit()
        assert video.url == f"https://www.tiktok.com/@{item.creator.username}/video/{video.id}"
        assert item.extras == {}
    (sent,) = queries(sim, tiktok.client_key)
    assert sent.method == "POST"
    assert sent.query == {"fields": ",".join(ALL_FIELDS)}
    assert sent.json == {"filters": filters, "max_count": 20}


async def test_only_requested_fields_and_id_always(sim: Simulator, tiktok: TikTokClient) -> None:
    page = await tiktok.research.commercial_content.query(filters=JAN, fields="creator, label")
    assert page.items
    for item in page.items:
        assert item.id
        assert item.label is not None
        assert item.creator is not None
        assert (item.create_date, item.videos, item.brand_names) == (None, None, None)
    assert queries(sim, tiktok.client_key)[0].query == {"fields": "id,creator,label"}


async def test_typed_filters_ints_and_dates_send_the_seed_shape(
    sim: Simulator, tiktok: TikTokClient
) -> None:
    research = tiktok.research.commercial_content
    usernames = sim.tiktok_research_usernames("DE")[:3]
    typed = CommercialContentFilters(
        content_published_date_range=PublishedDateRange(min=dt.date(2023, 6, 1), max=20230620),
        creator_country_code="de",
        creator_usernames=usernames,
    )
    as_dict = _range("20230601", "20230620", creator_country_code="DE", creator_usernames=usernames)
    first = await research.query(filters=typed, fields=["id", "creator"])
    second = await research.query(filters=as_dict, fields=["id", "creator"])
    assert [i.id for i in first.items] == [i.id for i in second.items]
    assert {i.creator.username for i in first.items if i.creator} <= set(usernames)
    bodies = [entry.json for entry in queries(sim, tiktok.client_key)]
    assert bodies[0] == bodies[1] == {"filters": as_dict, "max_count": 10}


async def test_iter_walks_30_day_windows_in_service_order(
    sim: Simulator, tiktok: TikTokClient
) -> None:
    first, last = dt.date(2023, 1, 1), dt.date(2023, 3, 31)
    expected = await direct_ids(sim, first, last, creator_country_code="AT")
    pager = tiktok.research.commercial_content.query(
        filters=_range(first, last, creator_country_code="AT"), fields="id", max_count=25
    )
    got = [item.id async for item in pager.iter()]
    assert got == [i for ids in expected.values() for i in ids]
    sent = [
        e.json["filters"]["content_published_date_range"] for e in queries(sim, tiktok.client_key)
    ]
    assert sorted({(w["min"], w["max"]) for w in sent}) == windows(first, last, 30)


async def test_pages_cover_the_range_exactly(tiktok: TikTokClient) -> None:
    pager = tiktok.research.commercial_content.query(
        filters=_range("20231001", "20231215", creator_country_code="SE"),
        fields="create_date",
        max_count=50,
        window_days=10,
    )
    seen = [page.window async for page in pager.pages()]
    spans = sorted({w for w in seen if w is not None})
    assert spans[0][0] == dt.date(2023, 10, 1)
    assert spans[-1][1] == dt.date(2023, 12, 15)
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert start == end + dt.timedelta(days=1)
    assert all((high - low).days == 9 for low, high in spans[:-1])


async def test_iter_limit_stops_sending(sim: Simulator, tiktok: TikTokClient) -> None:
    pager = tiktok.research.commercial_content.query(filters=JAN, fields="id", max_count=10)
    got = [item async for item in pager.iter(limit=15)]
    assert len(got) == len({i.id for i in got}) == 15
    assert len(queries(sim, tiktok.client_key)) == 2


async def test_search_id_continues_the_first_window(tiktok: TikTokClient) -> None:
    research = tiktok.research.commercial_content
    walk = [page async for page in research.query(filters=JAN, fields="id").pages(max_pages=2)]
    again = await research.query(filters=JAN, fields="id", search_id=walk[0].search_id)
    assert [i.id for i in again.items] == [i.id for i in walk[1].items]


async def test_a_query_is_a_read_retried_through_a_503(
    sim: Simulator, tiktok: TikTokClient
) -> None:
    sim.add_fault(FaultRule(route=f"POST {QUERY}", status=503, times=2))
    page = await tiktok.research.commercial_content.query(filters=JAN, fields="id")
    assert len(page.items) == 10
    assert [e.status for e in queries(sim, tiktok.client_key)] == [503, 503, 200]


async def test_a_rejected_search_id_of_the_caller_is_raised(
    sim: Simulator, tiktok: TikTokClient
) -> None:
    with pytest.raises(BadRequestError) as caught:
        await tiktok.research.commercial_content.query(filters=JAN, fields="id", search_id="abc")
    assert caught.value.code == "invalid_params"
    assert caught.value.message == "Search Id abc is invalid or expired"
    assert len(queries(sim, tiktok.client_key)) == 1


@pytest.mark.parametrize(("flag", "expected"), [("true", True), ("false", False)])
async def test_has_more_as_a_string(
    sim: Simulator, tiktok: TikTokClient, flag: str, expected: bool
) -> None:
    item = {"id": "v09044g40000ce6enu3c77u36l73sp20", "create_date": "20230109"}
    body = {
        "data": {"commercial_contents": [item], "has_more": flag, "search_id": "2837438294054038"},
        "error": {"code": "ok", "message": "", "log_id": "20220728", "http_status_code": 200},
    }
    sim.add_fault(
        FaultRule(
            route=f"POST {QUERY}",
            status=200,
            raw_body=json.dumps(body),
            content_type="application/json",
            times=1,
        )
    )
    page = await tiktok.research.commercial_content.query(filters=JAN, fields="create_date")
    assert (page.has_more, page.search_id, page.request_id) == (
        expected,
        "2837438294054038",
        "20220728",
    )
    assert page.items[0].create_date == "20230109"


@pytest.mark.parametrize(
    "body",
    [
        {"data": {}, "error": {"code": 40100, "message": "too frequent", "log_id": "l1"}},
        {"code": 40132, "message": "too frequent", "request_id": "r1", "data": {}},
        {"code": 50002, "message": "server busy", "request_id": "r1", "data": {}},
    ],
)
async def test_a_numeric_refusal_under_http_200_is_retried_not_read_as_a_page(
    sim: Simulator, tiktok: TikTokClient, body: dict[str, Any]
) -> None:
    answer_with(sim, f"POST {QUERY}", body)
    page = await tiktok.research.commercial_content.query(filters=JAN, fields="id")
    assert len(page.items) == 10  # the retry's page, not an empty one read from the refusal
    assert len(queries(sim, tiktok.client_key)) == 2


async def test_a_numeric_expired_token_under_http_200_refreshes_the_token(
    sim: Simulator, tiktok: TikTokClient
) -> None:
    await tiktok.research.commercial_content.query(filters=JAN, fields="id")
    fetched = sim.tiktok_token_requests
    answer_with(sim, f"POST {QUERY}", {"code": 40102, "message": "token expired", "data": {}})
    page = await tiktok.research.commercial_content.query(filters=JAN, fields="id")
    assert len(page.items) == 10
    assert sim.tiktok_token_requests == fetched + 1


async def test_a_numeric_success_code_is_a_page(sim: Simulator, tiktok: TikTokClient) -> None:
    item = {"id": "v09044g40000ce6enu3c77u36l73sp20", "create_date": "20230109"}
    data = {"commercial_contents": [item], "has_more": False, "search_id": "s1"}
    answer_with(sim, f"POST {QUERY}", {"code": 0, "message": "OK", "request_id": "r", "data": data})
    page = await tiktok.research.commercial_content.query(filters=JAN, fields="create_date")
    assert [i.create_date for i in page.items] == ["20230109"]


async def test_a_search_id_the_service_keeps_from_page_to_page_walks_every_page(
    sim: Simulator, tiktok: TikTokClient
) -> None:
    # A service may keep one search_id per cached search and track the position itself: the
    # walk goes on while pages bring new records, and stops on one that brings none.
    def page(ids: str, has_more: bool) -> dict[str, Any]:
        items = [{"id": i, "create_date": "20230103"} for i in ids]
        data = {"commercial_contents": items, "has_more": has_more, "search_id": "SID"}
        return {"data": data, "error": {"code": "ok", "message": "", "log_id": "l"}}

    for ids in ("ab", "c", "d", "a"):  # the last repeats a record: the walk stops there
        answer_with(sim, f"POST {QUERY}", page(ids, True))
    pager = tiktok.research.commercial_content.query(filters=JAN, fields="create_date")
    assert [item.id async for item in pager.iter()] == ["a", "b", "c", "d"]
    sent = [entry.json.get("search_id") for entry in queries(sim, tiktok.client_key)]
    assert sent == [None, "SID", "SID", "SID"]


async def test_a_search_id_answered_as_a_number_is_sent_back_as_text(
    sim: Simulator, tiktok: TikTokClient
) -> None:
    # The seed types search_id as a string: one answered as a JSON number goes back as text.
    for ids in ("a", "b"):
        items = [{"id": ids, "create_date": "20230103"}]
        data = {"commercial_contents": items, "has_more": True, "search_id": 2837438294054038}
        answer_with(sim, f"POST {QUERY}", {"data": data, "error": {"code": "OK", "message": ""}})
    pager = tiktok.research.commercial_content.query(filters=JAN, fields="create_date")
    pages = [page async for page in pager.pages(max_pages=2)]
    assert [p.search_id for p in pages] == ["2837438294054038"] * 2
    sent = [entry.json.get("search_id") for entry in queries(sim, tiktok.client_key)]
    assert sent == [None, "2837438294054038"]


async def test_the_tables_singular_video_is_taken_and_read_as_videos(
    sim: Simulator, tiktok: TikTokClient
) -> None:
    # The seed's table names the field `video`; its examples (request and answer) `videos`.
    video = {"url": "https://example.com/v.mp4", "cover_image_url": "https://example.com/c.jpg"}
    item = {"id": "v1", "video": video}
    data = {"commercial_contents": [item], "has_more": False, "search_id": "s1"}
    answer_with(sim, f"POST {QUERY}", {"data": data, "error": {"code": "ok", "message": ""}})
    page = await tiktok.research.commercial_content.query(filters=JAN, fields="video")
    assert queries(sim, tiktok.client_key)[-1].query["fields"] == "id,videos"
    assert page.items[0].videos is not None
    assert [v.url for v in page.items[0].videos] == ["https://example.com/v.mp4"]


async def test_an_empty_range_is_one_empty_last_page(tiktok: TikTokClient) -> None:
    usernames = ["nobody_at_all"]
    pager = tiktok.research.commercial_content.query(
        filters=_range("20230101", "20230301", creator_usernames=usernames), fields="id"
    )
    page = await pager
    assert (list(page.items), page.has_more) == ([], False)
    assert [item async for item in pager.iter()] == []


BAD_CALLS: list[tuple[dict[str, Any], str, str]] = [
    ({"filters": _range("20220930", "20221005")}, "filters.content_published_date_range.min",
     "after 20221001"),
    ({"filters": _range("20221001", "20221005")}, "filters.content_published_date_range.min",
     "after 20221001"),
    ({"filters": _range("20230105", "20230101")}, "filters.content_published_date_range.max",
     "not be before min"),
    ({"filters": _range("2023-01-01", "20230105")}, "filters.content_published_date_range.min",
     "YYYYMMDD"),
    ({"filters": _range("20230230", "20230301")}, "filters.content_published_date_range.min",
     "real calendar date"),
    ({"filters": _range(True, "20230301")}, "filters.content_published_date_range.min",
     "YYYYMMDD"),
    ({"filters": _range("20230101", None)}, "filters.content_published_date_range.max",
     "required"),
    ({"filters": {"content_published_date_range": {"min": "20230101", "max": "20230102",
                                                    "to": 1}}},
     "filters.content_published_date_range.to", "not min or max"),
    ({"filters": {}}, "filters.content_published_date_range", "required"),
    ({"filters": "FR"}, "filters", "CommercialContentFilters or a dict"),
    ({"filters": {**JAN, "region": "FR"}}, "filters.region", "is not a filter"),
    ({"filters": {**JAN, "creator_country_code": "GB"}}, "filters.creator_country_code",
     "the United Kingdom is not included"),
    ({"filters": {**JAN, "creator_country_code": "CH"}}, "filters.creator_country_code",
     "Switzerland is not included"),
    ({"filters": {**JAN, "creator_country_code": "US"}}, "filters.creator_country_code",
     "EEA country code"),
    ({"filters": {**JAN, "creator_usernames": "joe"}}, "filters.creator_usernames",
     "list of usernames"),
    ({"filters": {**JAN, "creator_usernames": ["joe", ""]}}, "filters.creator_usernames[1]",
     "non-empty"),
    ({"filters": JAN, "fields": "id,vidoes"}, "fields", "'vidoes' is not a field"),
    ({"filters": JAN, "fields": []}, "fields", "at least one"),
    ({"filters": JAN, "fields": 7}, "fields", "comma-separated"),
    ({"filters": JAN, "max_count": 0}, "max_count", "between 1 and 50"),
    ({"filters": JAN, "max_count": 51}, "max_count", "between 1 and 50"),
    ({"filters": JAN, "max_count": True}, "max_count", "integer"),
    ({"filters": JAN, "window_days": 31}, "window_days", "between 1 and 30"),
    ({"filters": JAN, "search_id": ""}, "search_id", "non-empty"),
    ({"filters": JAN, "ledger": "file.json"}, "ledger", "QuotaLedger"),
]  # fmt: skip


@pytest.mark.parametrize(("arguments", "field", "needle"), BAD_CALLS)
async def test_invalid_arguments_are_refused_before_sending(
    sim: Simulator, tiktok: TikTokClient, arguments: dict[str, Any], field: str, needle: str
) -> None:
    call = {"fields": "id", **arguments}
    with pytest.raises(ValidationError) as caught:
        tiktok.research.commercial_content.query(**call)
    assert caught.value.field == field
    assert needle in str(caught.value)
    assert sim.journal == []


async def test_a_misspelled_keyword_is_refused(sim: Simulator, tiktok: TikTokClient) -> None:
    with pytest.raises(ValidationError, match="did you mean 'max_count'"):
        tiktok.research.commercial_content.query(filters=JAN, fields="id", max_cont=5)  # type: ignore[call-arg]
    assert sim.journal == []
