"""``trenz.content.materials``: image search (by URL or uploaded key) and material search."""

from __future__ import annotations

from typing import Any

import pytest

from tests.content.support import IMAGE, assert_fully_known, posts_to, sent_body
from tests.helpers import answer_with
from trenz_async import TrenzClient
from trenz_async.models import Money
from trenz_async.models.content import ImageSearchItem, Material
from trenz_async.testing import FaultRule

pytestmark = pytest.mark.anyio
IMAGE_SEARCH = "/open/v1/materials/image-search"
SEARCH = "/open/v1/materials/search"


async def test_image_search_by_url_pages_similar_products(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    page = await client.content.materials.image_search(image_url=IMAGE, country="de", page_size=5)
    assert sent_body(trenz_simulator, IMAGE_SEARCH) == {
        "image_url": IMAGE,
        "country": "DE",
        "page": 1,
        "page_size": 5,
    }
    assert len(page.items) == 5
    assert page.total >= 15
    assert page.has_next
    for item in page.items:
        assert type(item) is ImageSearchItem
        assert item.item_id.isdigit()
        assert item.title
        assert item.source
        assert isinstance(item.price, Money)
        assert item.price.unit == "USD"
        assert item.price.value is not None
        assert item.price.value > 0
        assert_fully_known(item)
    similarity = [item.similarity or 0 for item in page.items]
    assert similarity == sorted(similarity, reverse=True)


async def test_image_search_walks_every_page(client: TrenzClient, trenz_simulator: Any) -> None:
    pager = client.content.materials.image_search(image_url=IMAGE, page_size=50)
    first = await pager
    items = await pager.collect()
    assert len(items) == first.total
    assert len({item.item_id for item in items}) == first.total
    pages = [entry.json["page"] for entry in posts_to(trenz_simulator, IMAGE_SEARCH)]
    assert pages == [1, *range(1, -(-first.total // 50) + 1)]  # the await, then the walk


async def test_image_search_by_an_uploaded_images_key(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    uploaded = await client.files.upload(b"\x89PNG fake image bytes", file_name="lamp.png")
    page = await client.content.materials.image_search(os_key=uploaded.bucket_key)
    assert sent_body(trenz_simulator, IMAGE_SEARCH) == {
        "os_key": uploaded.bucket_key,
        "page": 1,
        "page_size": 10,
    }
    assert len(page.items) == 10


async def test_material_search_finds_videos_and_images_for_a_keyword(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    page = await client.content.materials.search(keyword="  desk lamp ", page=2, page_size=20)
    assert sent_body(trenz_simulator, SEARCH) == {
        "keyword": "desk lamp",
        "page": 2,
        "page_size": 20,
    }
    assert page.page == 2
    assert len(page.items) == min(20, page.total - 20)
    for item in page.items:
        assert type(item) is Material
        assert item.type in ("video", "image")
        assert (item.title or "").startswith("desk lamp ")
        assert (item.duration is None) == (item.type == "image")
        assert item.url
        assert item.url.endswith(".mp4" if item.type == "video" else ".jpg")
        assert_fully_known(item)
    assert {item.type for item in page.items} == {"video", "image"}


@pytest.mark.parametrize("route", [IMAGE_SEARCH, SEARCH])
async def test_a_search_is_a_read_retried_after_a_server_error(
    client: TrenzClient, trenz_simulator: Any, route: str
) -> None:
    trenz_simulator.add_fault(FaultRule(route=f"POST {route}", status=503, times=1))
    materials = client.content.materials
    if route == SEARCH:
        assert len((await materials.search(keyword="lamp")).items) == 10
    else:
        assert len((await materials.image_search(image_url=IMAGE)).items) == 10
    assert [entry.status for entry in posts_to(trenz_simulator, route)] == [503, 200]


async def test_a_search_whose_answer_was_lost_is_asked_again(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    trenz_simulator.add_fault(FaultRule(route=f"POST {SEARCH}", lose_response=True, times=1))
    page = await client.content.materials.search(keyword="lamp")
    assert len(page.items) == 10
    assert len(posts_to(trenz_simulator, SEARCH)) == 2


async def test_rows_keyed_by_a_plain_id_keep_it_as_their_key(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    # The seed names no row fields: a row may carry `id` where the catalogue's rows have
    # `material_id` / `item_id`.
    for route, row in ((SEARCH, {"id": "m1", "type": "video"}), (IMAGE_SEARCH, {"id": "p1"})):
        body = {"code": "OK", "data": {"items": [row], "total_count": 1}}
        answer_with(trenz_simulator, f"POST {route}", body)
    materials = await client.content.materials.search(keyword="desk lamp")
    assert [m.material_id for m in materials.items] == ["m1"]
    similar = await client.content.materials.image_search(image_url=IMAGE)
    assert [i.item_id for i in similar.items] == ["p1"]
