"""Parameter validation answers the documented codes before charging."""

from __future__ import annotations

import pytest

from tests.testing.conftest import Http

SEARCH = "/open/v1/products/search"
pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("params", "code", "message"),
    [
        ({}, "MISSING_PARAM", "country is required"),
        ({"country": "US"}, "INVALID_PARAM", "country must be one of: us, th"),
        ({"country": "us", "page": 0}, "INVALID_PARAM", "page must be"),
        (
            {"country": "us", "page_size": 11},
            "PAGE_SIZE_EXCEEDED",
            "page_size must be between 1 and 10",
        ),
        ({"country": "us", "page_size": "x"}, "INVALID_PARAM", "page_size"),
        ({"country": "us", "sort": "price"}, "INVALID_PARAM", "sort must be"),
        ({"country": "us", "sort": "views:desc"}, "INVALID_SORT_FIELD", "sort field"),
        ({"country": "us", "free_shipping": "yes"}, "INVALID_PARAM", "free_shipping"),
        ({"country": "us", "min_price": "-1"}, "INVALID_PARAM", "min_price"),
        ({"country": "us", "category": "123"}, "INVALID_PARAM", "category"),
        ({"country": "us", "seller_type": "5"}, "INVALID_PARAM", "seller_type"),
    ],
)
async def test_search_validation(
    http: Http, params: dict[str, str], code: str, message: str
) -> None:
    balance = http.sim.balance(http.key)
    status, _, body = await http.get(SEARCH, **params)
    assert (status, body["code"]) == (400, code)
    assert message in body["message"]
    assert body["docs_url"].endswith(code)
    assert http.sim.balance(http.key) == balance


async def test_invalid_include(http: Http) -> None:
    status, _, body = await http.get("/open/v1/videos/1", country="us", include="channel")
    assert (status, body["code"]) == (400, "INVALID_INCLUDE")


async def test_ranking_requires_date_and_granularity(http: Http) -> None:
    path = "/open/v1/products/rankings/top-selling"
    _, _, body = await http.get(path, country="us")
    assert (body["code"], body["message"]) == ("MISSING_PARAM", "date is required")
    _, _, body = await http.get(path, country="us", date="20260231", granularity="daily")
    assert body["code"] == "INVALID_PARAM"
    status, _, body = await http.get(
        path, country="us", date="20260830", granularity="weekly", page_size=20
    )
    assert status == 200
    counts = [row["interval_sold_count"] for row in body["data"]["items"]]
    assert counts == sorted(counts, reverse=True)
    assert len(counts) == 20


async def test_unknown_route_and_wrong_method(http: Http) -> None:
    status, _, body = await http.get("/open/v1/nothing")
    assert (status, body["code"]) == (404, "ROUTE_NOT_FOUND")
    status, body = await http.post(SEARCH, {})
    assert (status, body["code"]) == (404, "ROUTE_NOT_FOUND")


async def test_malformed_json_body(http: Http) -> None:
    url = http.sim.url + "/open/v1/_test/writes"
    async with http.session.post(url, data="{bad", headers={"X-API-Key": http.key}) as r:
        assert r.status == 400
        assert (await r.json())["code"] == "BAD_REQUEST"
