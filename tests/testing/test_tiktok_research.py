"""Research API commercial content query: fields, filters, pages, search_id, quotas, faults."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import aiohttp
import pytest

from trenz_async.testing import Simulator

QUERY = "/v2/research/adlib/commercial_content/query/"
ALL_FIELDS = "id,create_date,create_timestamp,label,brand_names,creator,videos"
JAN = {"min": "20230102", "max": "20230109"}
pytestmark = pytest.mark.anyio


class Research:
    """Token + raw query calls for one client."""

    def __init__(self, session: aiohttp.ClientSession, sim: Simulator) -> None:
        self.session, self.sim = session, sim
        self.token = self.key = ""

    async def login(self, **client: Any) -> str:
        key, secret = self.sim.create_tiktok_client(**client)
        form = {"client_key": key, "client_secret": secret, "grant_type": "client_credentials"}
        async with self.session.post(self.sim.url + "/v2/oauth/token/", data=form) as r:
            self.token = (await r.json())["access_token"]
        self.key = key
        return key

    async def query(
        self, body: dict[str, Any], fields: str | None = ALL_FIELDS
    ) -> tuple[int, dict[str, Any]]:
        params = {"fields": fields} if fields is not None else {}
        headers = {"Authorization": f"Bearer {self.token}"}
        url = self.sim.url + QUERY
        async with self.session.post(url, params=params, json=body, headers=headers) as r:
            answer = await r.json()
            assert answer["error"]["log_id"] == r.headers["x-tt-logid"]
            assert answer["error"]["http_status_code"] == r.status
            return r.status, answer

    async def ok(self, body: dict[str, Any], fields: str = ALL_FIELDS) -> dict[str, Any]:
        status, answer = await self.query(body, fields)
        assert (status, answer["error"]["code"]) == (200, "ok"), answer
        return dict(answer["data"])

    async def walk(self, filters: dict[str, Any], max_count: int = 50) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        body: dict[str, Any] = {"filters": filters, "max_count": max_count}
        while True:
            data = await self.ok(body)
            items += data["commercial_contents"]
            if not data["has_more"]:
                return items
            body["search_id"] = data["search_id"]


@pytest.fixture
async def rs(trenz_simulator: Simulator) -> AsyncIterator[Research]:
    connector = aiohttp.TCPConnector(force_close=True)
    async with aiohttp.ClientSession(connector=connector) as session:
        research = Research(session, trenz_simulator)
        await research.login()
        yield research


def _window(first: str, last: str, **filters: Any) -> dict[str, Any]:
    return {"content_published_date_range": {"min": first, "max": last}, **filters}


async def test_first_page_has_the_seed_shape(rs: Research) -> None:
    data = await rs.ok({"filters": {"content_published_date_range": JAN}})
    assert set(data) == {"commercial_contents", "has_more", "search_id"}
    assert len(data["commercial_contents"]) == 10
    assert data["has_more"] is True
    assert isinstance(data["search_id"], str)
    item = data["commercial_contents"][0]
    assert set(item) == set(ALL_FIELDS.split(","))
    assert item["id"].startswith("v0")
    assert "20230102" <= item["create_date"] <= "20230109"
    assert set(item["creator"]) == {"username"}
    video = item["videos"][0]
    assert set(video) == {"id", "status", "url", "cover_image_url"}
    assert video["url"].endswith(f"@{item['creator']['username']}/video/{video['id']}")


async def test_only_the_requested_fields(rs: Research) -> None:
    data = await rs.ok({"filters": {"content_published_date_range": JAN}}, "creator, id")
    assert all(set(item) == {"id", "creator"} for item in data["commercial_contents"])


async def test_pages_walk_the_window_in_a_stable_order(rs: Research) -> None:
    items = await rs.walk(_window("20230102", "20230115", creator_country_code="FR"), 7)
    keys = [(item["create_timestamp"], item["id"]) for item in items]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys) > 30
    french = set(rs.sim.tiktok_research_usernames("FR"))
    assert {item["creator"]["username"] for item in items} <= french
    assert items == await rs.walk(_window("20230102", "20230115", creator_country_code="FR"))


async def test_all_countries_is_the_union_of_each(rs: Research) -> None:
    everyone = await rs.walk(_window("20240301", "20240301"))
    assert 20 <= len(everyone) <= 60
    dutch = await rs.walk(_window("20240301", "20240301", creator_country_code="NL"))
    assert [i for i in everyone if i["creator"]["username"] in set(_names(dutch))] == dutch


def _names(items: list[dict[str, Any]]) -> list[str]:
    return [item["creator"]["username"] for item in items]


async def test_creator_usernames_filter(rs: Research) -> None:
    wanted = rs.sim.tiktok_research_usernames("DE")[:2]
    items = await rs.walk(_window("20230601", "20230630", creator_usernames=wanted))
    assert items
    assert set(_names(items)) <= set(wanted)


async def test_int_dates_equal_string_dates(rs: Research) -> None:
    as_ints = await rs.ok({"filters": _window(20230102, 20230109)})  # type: ignore[arg-type]
    as_strings = await rs.ok({"filters": _window("20230102", "20230109")})
    assert as_ints == as_strings


async def test_same_seed_same_contents() -> None:
    pages = []
    for seed in (5, 5, 6):
        async with Simulator(seed=seed) as sim, aiohttp.ClientSession() as session:
            research = Research(session, sim)
            await research.login()
            pages.append(await research.ok({"filters": {"content_published_date_range": JAN}}))
    assert pages[0] == pages[1] != pages[2]


async def test_min_20221002_is_the_first_day_accepted(rs: Research) -> None:
    assert (await rs.ok({"filters": _window("20221002", "20221031")}))["commercial_contents"]


@pytest.mark.parametrize(
    ("body", "fields", "needle"),
    [
        ({"filters": _window("20230101", "20230105")}, None, "fields is required"),
        ({"filters": _window("20230101", "20230105")}, "id,video", "unknown field 'video'"),
        ({}, ALL_FIELDS, "filters is required"),
        ({"filters": {}}, ALL_FIELDS, "content_published_date_range is required"),
        ({"filters": _window("20220930", "20221005")}, ALL_FIELDS, "after 20221001"),
        ({"filters": _window("20221001", "20221005")}, ALL_FIELDS, "after 20221001"),
        ({"filters": _window("20230105", "20230101")}, ALL_FIELDS, "max must not be before"),
        ({"filters": _window("20230101", "20230201")}, ALL_FIELDS, "at most 30 days"),
        ({"filters": _window("2023-01-01", "20230105")}, ALL_FIELDS, "format YYYYMMDD"),
        ({"filters": _window("20230230", "20230301")}, ALL_FIELDS, "format YYYYMMDD"),
        ({"filters": _window("20230101", None)}, ALL_FIELDS, ".max is required"),
        ({"filters": _window("20230101", "20230105", creator_country_code="GB")}, ALL_FIELDS,
         "United Kingdom"),
        ({"filters": _window("20230101", "20230105", creator_country_code="fr")}, ALL_FIELDS,
         "'fr' is not supported"),
        ({"filters": _window("20230101", "20230105", creator_usernames="joe")}, ALL_FIELDS,
         "creator_usernames"),
        ({"filters": _window("20230101", "20230105", region="FR")}, ALL_FIELDS,
         "unknown field 'region' in filters"),
        ({"filters": _window("20230101", "20230105"), "max_count": 51}, ALL_FIELDS, "max_count"),
        ({"filters": _window("20230101", "20230105"), "max_count": 0}, ALL_FIELDS, "max_count"),
        ({"filters": _window("20230101", "20230105"), "max_count": "10"}, ALL_FIELDS,
         "max_count"),
        ({"filters": _window("20230101", "20230105"), "cursor": 0}, ALL_FIELDS,
         "unknown field 'cursor' in the request body"),
        ({"filters": _window("20230101", "20230105"), "search_id": 5}, ALL_FIELDS, "search_id"),
    ],
)  # fmt: skip
async def test_invalid_params(
    rs: Research, body: dict[str, Any], fields: str | None, needle: str
) -> None:
    status, answer = await rs.query(body, fields)
    assert (status, answer["error"]["code"], answer["data"]) == (400, "invalid_params", {})
    assert needle in answer["error"]["message"]
    assert rs.sim.tiktok_quota_used(rs.key) == (0, 0)


async def test_a_30_day_span_is_the_widest(rs: Research) -> None:
    assert (await rs.query({"filters": _window("20230101", "20230131")}))[0] == 200


async def test_search_id_is_bound_to_its_filters(rs: Research) -> None:
    first = await rs.ok({"filters": _window("20230102", "20230109")})
    again = {"filters": _window("20230102", "20230109"), "search_id": first["search_id"]}
    second = await rs.ok({**again, "max_count": 3}, "id")  # fields and max_count may change
    assert len(second["commercial_contents"]) == 3
    assert second["commercial_contents"][0]["id"] != first["commercial_contents"][0]["id"]
    status, answer = await rs.query({**again, "filters": _window("20230102", "20230110")})
    assert (status, answer["error"]["code"]) == (400, "invalid_params")
    assert "other filters" in answer["error"]["message"]


@pytest.mark.parametrize("search_id", ["2837438294054038", "eyJsYXN0X3NvcnQiOlsyNTQx", "@@"])
async def test_a_forged_search_id_is_invalid_or_expired(rs: Research, search_id: str) -> None:
    body = {"filters": _window("20230102", "20230109"), "search_id": search_id}
    status, answer = await rs.query(body)
    assert (status, answer["error"]["code"]) == (400, "invalid_params")
    assert answer["error"]["message"] == f"Search Id {search_id} is invalid or expired"


async def test_last_page_has_more_false_and_a_search_id(rs: Research) -> None:
    filters = _window("20230102", "20230102", creator_country_code="LU")
    data = await rs.ok({"filters": filters, "max_count": 50})
    assert data["has_more"] is False
    assert isinstance(data["search_id"], str)
    again = await rs.ok({"filters": filters, "search_id": data["search_id"]})
    assert (again["commercial_contents"], again["has_more"]) == ([], False)


async def test_missing_scope_is_403_with_http_status_code(rs: Research) -> None:
    await rs.login(scopes=("shortdrama.media",))
    status, answer = await rs.query({"filters": _window("20230101", "20230105")})
    assert (status, answer["error"]["code"]) == (403, "scope_not_authorized")


async def test_daily_request_quota_resets_at_utc_midnight(rs: Research) -> None:
    key = await rs.login(daily_request_quota=2, token_lifetime=2 * 86400)
    body = {"filters": _window("20230101", "20230105"), "max_count": 5}
    assert (await rs.query({"filters": {}}))[0] == 400  # invalid: not counted
    for _ in range(2):
        assert (await rs.query(body))[0] == 200
    status, answer = await rs.query(body)
    assert (status, answer["error"]["code"]) == (429, "daily_quota_limit_exceeded")
    assert "2 requests" in answer["error"]["message"]
    assert rs.sim.tiktok_quota_used(key) == (2, 10)
    now = rs.sim.clock.now()
    rs.sim.clock.advance(86400 - now % 86400)
    assert rs.sim.tiktok_quota_used(key) == (0, 0)
    assert (await rs.query(body))[0] == 200


async def test_record_quota_cuts_the_page_then_refuses(rs: Research) -> None:
    key = await rs.login(daily_record_quota=15)
    body: dict[str, Any] = {"filters": _window("20230101", "20230105"), "max_count": 10}
    first = await rs.ok(body)
    second = await rs.ok({**body, "search_id": first["search_id"]})
    assert (len(second["commercial_contents"]), second["has_more"]) == (5, True)
    status, answer = await rs.query({**body, "search_id": second["search_id"]})
    assert (status, answer["error"]["code"]) == (429, "daily_quota_limit_exceeded")
    assert rs.sim.tiktok_quota_used(key) == (2, 15)


async def test_fresh_search_ids_rejected_and_still_counted(rs: Research) -> None:
    key = await rs.login()
    body: dict[str, Any] = {"filters": _window("20230101", "20230105")}
    first = await rs.ok(body)
    rs.sim.research_faults(reject_search_id_rate=1.0)
    assert (await rs.query(body))[0] == 200  # a new search is never refused
    status, answer = await rs.query({**body, "search_id": first["search_id"]})
    assert (status, answer["error"]["code"]) == (400, "invalid_params")
    assert answer["error"]["message"].endswith("is invalid or expired")
    assert rs.sim.tiktok_quota_used(key) == (3, 20)
    rs.sim.research_faults()
    assert (await rs.query({**body, "search_id": first["search_id"]}))[0] == 200


async def _rejections(seed: int) -> list[int]:
    async with Simulator(seed=seed) as sim, aiohttp.ClientSession() as session:
        research = Research(session, sim)
        await research.login()
        body: dict[str, Any] = {"filters": _window("20230101", "20230105")}
        search_id = (await research.ok(body))["search_id"]
        sim.research_faults(reject_search_id_rate=0.5)
        return [(await research.query({**body, "search_id": search_id}))[0] for _ in range(12)]


async def test_search_id_rejections_are_seeded() -> None:
    first = await _rejections(9)
    assert first == await _rejections(9)
    assert set(first) == {200, 400}


async def test_wide_windows_answer_500_and_use_quota(rs: Research) -> None:
    key = await rs.login()
    rs.sim.research_faults(wide_window_500_days=7)
    assert (await rs.query({"filters": _window("20230101", "20230108")}))[0] == 200
    status, answer = await rs.query({"filters": _window("20230101", "20230109")})
    assert (status, answer["error"]["code"], answer["data"]) == (500, "internal_error", {})
    assert rs.sim.tiktok_quota_used(key) == (2, 10)
    rs.sim.reset()
    assert (await rs.query({"filters": _window("20230101", "20230109")}))[0] == 200


async def test_contents_after_now_are_not_visible_yet(rs: Research) -> None:
    noon = datetime(2023, 1, 5, 12, tzinfo=UTC).timestamp()
    rs.sim.clock.set(noon)
    await rs.login()  # a token issued on the new clock
    items = await rs.walk(_window("20230104", "20230110"))
    assert items
    assert max(item["create_timestamp"] for item in items) <= noon
    assert max(item["create_date"] for item in items) == "20230105"
