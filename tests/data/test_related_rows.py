"""Related-list rows arrive in upstream's shapes (prefixed names, their own keys) and decode
into fully populated models: every row has an ``id`` and its main fields, and no prefixed
name the row shape should have mapped is left behind in ``extras``."""

from __future__ import annotations

from typing import Any

import pytest

from tests.data.conftest import related_page
from trenz_async import TrenzClient
from trenz_async.models.data import Creator, Live, Product, ProductReview, Video, VideoComment

pytestmark = pytest.mark.anyio

# (parent namespace, relation, row model, fields every row must carry, search filters)
RELATED: list[tuple[str, str, type, tuple[str, ...], dict[str, Any]]] = [
    ("products", "creators", Creator, ("user_id", "nickname", "follower_count"), {}),
    ("products", "lives", Live, ("room_id", "title", "start_time"), {}),
    ("products", "reviews", ProductReview, ("review_id", "rating", "content"), {}),
    ("products", "videos", Video, ("video_id", "video_play_count"), {}),
    ("sellers", "creators", Creator, ("nickname", "follower_count"), {}),
    ("sellers", "products", Product, ("product_name", "floor_price", "seller_id"), {}),
    ("sellers", "videos", Video, ("video_desc", "author_id"), {}),
    ("creators", "lives", Live, ("title", "gmv", "user_id"), {}),
    ("creators", "products", Product, ("product_name", "floor_price"), {}),
    ("creators", "videos", Video, ("video_desc", "author_id"), {}),
    ("videos", "products", Product, ("product_name", "floor_price"), {"is_commercial": True}),
    ("videos", "reviews", VideoComment, ("tiktok_video_detail_comment_text",), {}),
    ("lives", "products", Product, ("product_name", "floor_price"), {}),
    ("ads", "products", Product, ("product_name", "floor_price"), {"ad_type": 1}),
]
LEFTOVER_PREFIXES = (
    "tiktok_seller_detail_creator_",
    "tiktok_seller_product_",
    "tiktok_seller_detail_video_",
    "tiktok_creator_detail_live_",
    "tiktok_creator_detail_video_",
    "tiktok_live_detail_product_",
    "tiktok_product_detail_",
)


@pytest.mark.parametrize(
    ("parent", "relation", "model", "fields", "filters"),
    RELATED,
    ids=[f"{parent}.{relation}" for parent, relation, *_ in RELATED],
)
async def test_related_rows_decode_populated(
    client: TrenzClient,
    parent: str,
    relation: str,
    model: type,
    fields: tuple[str, ...],
    filters: dict[str, Any],
) -> None:
    namespace = getattr(client.data, parent)
    page = await related_page(
        namespace.search(country="us", **filters), getattr(namespace, relation)
    )
    for row in page.items:
        assert type(row) is model
        assert isinstance(row.id, str)
        assert row.id
        missing = [name for name in fields if getattr(row, name) is None]
        assert not missing, f"{parent}.{relation} row lacks {missing}"
        leftovers = [key for key in row.extras if key.startswith(LEFTOVER_PREFIXES)]
        assert not leftovers, f"{parent}.{relation} row kept prefixed fields {leftovers}"


async def test_seller_products_are_the_sellers_own(client: TrenzClient) -> None:
    seller = (await client.data.sellers.search(country="us", page_size=1)).items[0]
    page = await client.data.sellers.products(seller.id, country="us")
    assert page.items
    assert {row.seller_id for row in page.items} == {seller.id}
    assert all(row.id == row.product_id for row in page.items)
