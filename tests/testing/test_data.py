"""Filters, sort, pagination, details and related lists really read the dataset."""

from __future__ import annotations

import pytest

from tests.testing.conftest import Http

pytestmark = pytest.mark.anyio


async def test_walk_filtered_search(http: Http) -> None:
    params = {"country": "us", "keyword": "lamp", "min_price": 10, "sort": "price:asc"}
    seen: list[dict] = []
    page = 1
    while True:
        status, _, body = await http.get(
            "/open/v1/products/search", page=page, page_size=7, **params
        )
        assert status == 200
        seen += body["data"]["items"]
        if len(body["data"]["items"]) < 7:
            break
        page += 1
    total = body["data"]["total_count"]
    assert total == body["total"] == len(seen) > 10
    assert len({row["id"] for row in seen}) == total
    prices = [row["floor_price"]["value"] for row in seen]
    assert prices == sorted(prices)
    assert min(prices) >= 10
    assert all("lamp" in row["product_name"].lower() for row in seen)


async def test_page_beyond_end_warns(http: Http) -> None:
    _, _, body = await http.get("/open/v1/products/search", country="us", page=999)
    assert body["data"]["items"] == []
    assert body["warnings"]


async def test_detail_includes_and_unknown_id(http: Http) -> None:
    _, _, body = await http.get("/open/v1/products/search", country="gb", page_size=1)
    pid = body["data"]["items"][0]["id"]
    _, _, body = await http.get(f"/open/v1/products/{pid}", country="gb", include="core,channel")
    assert body["data"]["items"][0]["id"] == pid
    assert len(pid) == 19
    assert body["data"]["core"]["total_count"] == 1
    assert "channel" in body["data"]
    status, _, body = await http.get("/open/v1/products/1", country="gb")
    assert status == 200
    assert body["data"] == {"items": [], "total_count": 0}


async def test_related_lists_follow_references(http: Http) -> None:
    _, _, body = await http.get("/open/v1/videos/search", country="us", is_commercial="true")
    video = body["data"]["items"][0]
    _, _, body = await http.get(f"/open/v1/videos/{video['id']}/products", country="us")
    assert body["data"]["items"][0]["tiktok_product_detail_id"] == video["product_id"]
    assert body["data"]["items"][0]["tiktok_video_detail_video_id"] == video["id"]
    product_videos: set[str] = set()
    for page in range(1, 100):
        _, _, body = await http.get(
            f"/open/v1/products/{video['product_id']}/videos", country="us", page=page
        )
        product_videos |= {row["video_id"] for row in body["data"]["items"]}
        if page * 10 >= body["data"]["total_count"]:
            break
    assert video["id"] in product_videos
    assert len(product_videos) == body["data"]["total_count"]
    _, _, body = await http.get(
        f"/open/v1/creators/{video['author_id']}/videos", country="us", page_size=10
    )
    assert all(
        row["tiktok_creator_detail_video_author_id"] == video["author_id"]
        for row in body["data"]["items"]
    )
    _, _, body = await http.get("/open/v1/sellers/1/products", country="us")
    assert body["data"]["total_count"] == 0


async def test_dataset_is_deterministic(http: Http) -> None:
    from trenz_async.testing.trenz.dataset import Dataset

    first = Dataset(5).market("de").records("products")[:3]
    assert Dataset(5).market("de").records("products")[:3] == first
    assert len(Dataset(5).market("jp").records("products")) == 1000


@pytest.mark.parametrize("entity", ["sellers", "creators", "videos", "lives", "ads", "creatives"])
async def test_every_search_and_detail(http: Http, entity: str) -> None:
    status, _, body = await http.get(f"/open/v1/{entity}/search", country="th")
    assert status == 200
    assert body["data"]["items"]
    rid = body["data"]["items"][0]["id"]
    status, _, body = await http.get(f"/open/v1/{entity}/{rid}", country="th")
    assert status == 200
    assert body["data"]["items"][0]["id"] == rid
