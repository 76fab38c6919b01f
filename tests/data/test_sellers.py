"""trenz.data.sellers against the simulator: search, detail, related lists, validation."""

from __future__ import annotations

import pytest

from tests.data.conftest import related_page
from tests.helpers import assert_refused_before_sending
from trenz_async import TrenzClient
from trenz_async.errors import NotFoundError, ValidationError
from trenz_async.models.data import Creator, Product, Seller, SellerChannel, SellerCore, Video
from trenz_async.resources._validate import LEVEL1_CATEGORIES

pytestmark = pytest.mark.anyio


async def test_search_returns_sellers_matching_the_filters(client: TrenzClient) -> None:
    page = await client.data.sellers.search(
        country="us", min_rating=4, max_rating=5, sort="rating:desc", page_size=5
    )
    assert page.items
    assert all(isinstance(row, Seller) and isinstance(row.id, str) for row in page.items)
    ratings = [row.shop_rating for row in page.items]
    assert all(r is not None and r >= 4 for r in ratings)
    assert ratings == sorted(ratings, reverse=True)


async def test_search_filters_by_level1_category(client: TrenzClient) -> None:
    page = await client.data.sellers.search(country="us", category="601450")
    assert page.items
    assert {row.shop_main_category for row in page.items} == {LEVEL1_CATEGORIES["601450"]}


async def test_get_returns_the_requested_sections(client: TrenzClient) -> None:
    seller = (await client.data.sellers.search(country="us", page_size=1)).items[0]
    detail = await client.data.sellers.get(seller.id, country="us", include=["core", "channel"])
    assert detail.item.id == seller.id
    assert detail.core is not None
    assert isinstance(detail.core, SellerCore)
    assert detail.channel is not None
    assert isinstance(detail.channel, SellerChannel)


async def test_get_without_include_has_no_sections(client: TrenzClient) -> None:
    seller = (await client.data.sellers.search(country="us", page_size=1)).items[0]
    detail = await client.data.sellers.get(seller.id, country="us")
    assert detail.item.shop_name == seller.shop_name
    assert detail.core is None
    assert detail.channel is None


async def test_get_unknown_id_raises_not_found(client: TrenzClient) -> None:
    with pytest.raises(NotFoundError):
        await client.data.sellers.get("1000000000000000000", country="us")


@pytest.mark.parametrize(
    ("relation", "model"), [("creators", Creator), ("products", Product), ("videos", Video)]
)
async def test_related_list_returns_rows(client: TrenzClient, relation: str, model: type) -> None:
    sellers = client.data.sellers
    page = await related_page(sellers.search(country="us"), getattr(sellers, relation))
    assert all(isinstance(row, model) and isinstance(row.id, str) for row in page.items)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"sort": "total_gmv:desc"}, "sort"),
        ({"category": "123"}, "category"),
        ({"seller_type": 5}, "seller_type"),
        ({"min_gmv_7d": 10, "max_gmv_7d": 5}, "min_gmv_7d"),
        ({"max_rating": 6}, "max_rating"),
        ({"page_size": 11}, "page_size"),
        ({"country": "xx"}, "country"),
    ],
)
async def test_bad_search_argument_is_refused_before_sending(
    client: TrenzClient, trenz_simulator, kwargs: dict[str, object], field: str
) -> None:
    assert_refused_before_sending(
        trenz_simulator, field, client.data.sellers.search, **{"country": "us", **kwargs}
    )


async def test_bad_detail_and_related_arguments_are_refused_before_sending(
    client: TrenzClient, trenz_simulator
) -> None:
    with pytest.raises(ValidationError) as caught:
        await client.data.sellers.get("1", country="us", include="portrait")
    assert caught.value.field == "include"
    with pytest.raises(ValidationError) as caught:
        client.data.sellers.products("", country="us")
    assert caught.value.field == "seller_id"
    assert trenz_simulator.journal == []
