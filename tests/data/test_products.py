"""trenz.data.products against the simulator: search, detail, related lists, rankings, validation.

Expected values (sort fields and defaults, page-size limits, date format, include sections) come
from the API catalogue (§1, §1.1) and the seed's Level-1 category table, not from the resource code.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

import attrs
import pytest

from tests.data.conftest import related_page
from tests.helpers import answer_with
from trenz_async import TrenzClient
from trenz_async.errors import RECORD_NOT_FOUND, NotFoundError
from trenz_async.models import Money
from trenz_async.models.data import (
    Creator,
    Live,
    Product,
    ProductChannel,
    ProductCore,
    ProductInfo,
    ProductRanking,
    ProductReview,
    ProductSku,
    ProductSkuProp,
    Video,
)
from trenz_async.pagination import Pager
from trenz_async.resources._validate import LEVEL1_CATEGORIES

pytestmark = pytest.mark.anyio

#: Search sort field (catalogue) -> the row field it orders by.
SEARCH_SORTS = {
    "daily_sold": "product_daily_sold_count",
    "gmv_30d": "product_gmv_for_last_30_days",
    "gmv_7d": "product_gmv_for_last_7_days",
    "price": "floor_price",
    "rating": "product_rating",
    "sold_30d": "product_sold_count_for_last_30_days",
    "sold_7d": "product_sold_count_for_last_7_days",
}
DATED = {"date": "20260820", "granularity": "weekly"}
#: Ranking method -> (its required arguments, its sort fields, its default sort field).
RANKINGS: dict[str, tuple[dict[str, str], tuple[str, ...], str]] = {
    "top_selling": (DATED, (
        "gmv_growth_rate", "interval_gmv", "interval_sold_count",
        "sold_count_growth_rate", "total_gmv", "total_sold_count",
    ), "interval_sold_count"),
    "most_promoted": (DATED, (
        "interval_gmv", "interval_sold_count", "live_count",
        "live_user_count", "related_creator_count", "video_play_count",
    ), "related_creator_count"),
    "new_arrivals": ({}, ("gmv_3d", "sold_count_3d", "total_gmv", "total_sold_count"), "gmv_3d"),
}  # fmt: skip
RELATIONS: dict[str, type[Any]] = {
    "creators": Creator, "lives": Live, "reviews": ProductReview,
    "similar": Product, "videos": Video,
}  # fmt: skip
#: Search ranges: (min_/max_ suffix, low, high); the suffix is also the sort field.
RANGES = [
    ("price", 20, 30), ("rating", 3.5, 4.2), ("sold_7d", 1_000, 5_000), ("sold_30d", 2_000, 20_000),
]  # fmt: skip


def _number(value: object) -> float:
    """A row value as a number; money (decoded or a raw ``{unit, value}``) gives its value."""
    if isinstance(value, Money):
        value = value.value
    elif isinstance(value, dict):
        value = value["value"]
    assert isinstance(value, int | float), value
    return value


def _column(rows: Any, field: str) -> list[float]:
    return [_number(row.get(field)) for row in rows]


def _assert_sorted_both_ways(ascending: list[float], descending: list[float]) -> None:
    """Each page is ordered, and they come from opposite ends of the same ordering."""
    assert ascending == sorted(ascending)
    assert descending == sorted(descending, reverse=True)
    assert max(ascending) < min(descending)


def _ranking(client: TrenzClient, name: str, **kwargs: Any) -> Pager[ProductRanking]:
    method = getattr(client.data.products, name)
    pager: Pager[ProductRanking] = method(country="us", **{**RANKINGS[name][0], **kwargs})
    return pager


async def _first_product(client: TrenzClient, country: str = "us") -> Product:
    return (await client.data.products.search(country=country, page_size=1)).items[0]


async def _product_with(client: TrenzClient, relation: str, *, more_than: int) -> Product:
    """A product of the small "th" market with more than ``more_than`` ``relation`` rows."""
    related = getattr(client.data.products, relation)
    async for product in client.data.products.search(country="th").iter(limit=30):
        if (await related(product.id, country="th", page_size=1)).total > more_than:
            return product
    pytest.fail(f"no product has more than {more_than} {relation}")


# --- search -----------------------------------------------------------------------------------
async def test_search_returns_market_products_by_default_gmv_7d_desc(
    client: TrenzClient, trenz_simulator
) -> None:
    page = await client.data.products.search(country="us")
    assert "sort" not in trenz_simulator.journal[-1].query  # the order is the service default
    assert len(page.items) == 10
    assert page.total > 10
    assert page.has_next
    assert all(isinstance(row, Product) and row.region == "US" for row in page.items)
    assert all(len(row.id) == 19 and row.id.isdigit() for row in page.items)  # 19-digit strings
    gmv = _column(page.items, "product_gmv_for_last_7_days")
    assert gmv == sorted(gmv, reverse=True)


async def test_search_keyword_matches_product_names(client: TrenzClient) -> None:
    products = client.data.products
    rows = await products.search(country="us", keyword="Desk Lamp").collect()
    everything = await products.search(country="us", page_size=1)
    assert 0 < len(rows) < everything.total
    assert all(row.product_name and "Desk Lamp" in row.product_name for row in rows)


async def test_search_filters_by_level1_category(client: TrenzClient) -> None:
    page = await client.data.products.search(country="us", category="601450")
    everything = await client.data.products.search(country="us", page_size=1)
    assert 0 < page.total < everything.total
    assert {row.l1_category_id for row in page.items} == {"601450"}
    assert {row.l1_category for row in page.items} == {LEVEL1_CATEGORIES["601450"]}


async def test_search_seller_types_partition_the_market(client: TrenzClient) -> None:
    products = client.data.products
    everything = await products.search(country="us", page_size=1)
    totals = []
    for seller_type in (1, 2, 3, 4):
        page = await products.search(country="us", seller_type=seller_type)
        assert {row.seller_type for row in page.items} == {seller_type}
        totals.append(page.total)
    assert sum(totals) == everything.total


@pytest.mark.parametrize(("name", "low", "high"), RANGES)
async def test_search_range_bounds_every_row(
    client: TrenzClient, name: str, low: float, high: float
) -> None:
    bounds: dict[str, Any] = {f"min_{name}": low, f"max_{name}": high}
    for direction in ("asc", "desc"):  # the smallest and the largest rows both stay inside
        page = await client.data.products.search(country="us", sort=f"{name}:{direction}", **bounds)
        assert page.items
        assert all(low <= value <= high for value in _column(page.items, SEARCH_SORTS[name]))


async def test_search_free_shipping_splits_the_market(client: TrenzClient) -> None:
    products = client.data.products
    free = await products.search(country="us", free_shipping=True)
    paid = await products.search(country="us", free_shipping=False)
    everything = await products.search(country="us", page_size=1)
    assert {row.free_shipping for row in free.items} == {True}
    assert {row.free_shipping for row in paid.items} == {False}
    assert free.total + paid.total == everything.total


@pytest.mark.parametrize("field", SEARCH_SORTS)
async def test_search_sort_orders_the_rows_both_ways(client: TrenzClient, field: str) -> None:
    search = partial(client.data.products.search, country="us")
    ascending = await search(sort=f"{field}:asc")
    descending = await search(sort=f"{field}:desc")
    assert len(ascending.items) == len(descending.items) == 10
    _assert_sorted_both_ways(
        _column(ascending.items, SEARCH_SORTS[field]),
        _column(descending.items, SEARCH_SORTS[field]),
    )


async def test_search_pages_are_disjoint_and_cover_the_total(client: TrenzClient) -> None:
    pager = client.data.products.search(country="us", keyword="Desk Lamp", page_size=5)
    pages = [page async for page in pager.pages()]
    total = pages[0].total
    assert total > 10
    assert [page.page for page in pages] == list(range(1, len(pages) + 1))
    assert [len(page.items) for page in pages[:-1]] == [5] * (len(pages) - 1)
    assert [page.has_next for page in pages] == [True] * (len(pages) - 1) + [False]
    ids = [row.id for page in pages for row in page.items]
    assert len(ids) == len(set(ids)) == total
    second = await client.data.products.search(
        country="us", keyword="Desk Lamp", page=2, page_size=5
    )
    assert [row.id for row in second.items] == ids[5:10]


async def test_search_page_beyond_the_end_is_empty(client: TrenzClient) -> None:
    products = client.data.products
    first = await products.search(country="us", keyword="Desk Lamp")
    late = await products.search(country="us", keyword="Desk Lamp", page=99)
    assert late.items == []
    assert late.total == first.total
    assert not late.has_next


# --- detail -----------------------------------------------------------------------------------
async def test_get_without_include_returns_the_row_and_no_sections(
    client: TrenzClient, trenz_simulator
) -> None:
    row = await _first_product(client)
    detail = await client.data.products.get(row.id, country="us")
    for field in attrs.fields(Product):
        assert getattr(detail.item, field.name) == getattr(row, field.name), field.name
    assert detail.core is None
    assert detail.channel is None
    assert "include" not in trenz_simulator.journal[-1].query


async def test_get_item_is_product_info_with_detail_only_fields(client: TrenzClient) -> None:
    item = (await client.data.products.get((await _first_product(client)).id, country="us")).item
    assert isinstance(item, ProductInfo)
    assert item.product_title
    assert item.product_specifications
    assert item.product_sku_props
    assert item.product_skus
    assert all(isinstance(prop, ProductSkuProp) for prop in item.product_sku_props)
    assert all(isinstance(sku, ProductSku) for sku in item.product_skus)
    value_ids = {
        value["prop_value_id"]
        for prop in item.product_sku_props
        for value in prop.sale_prop_values or ()
    }
    assert {sku.sale_prop_value_ids for sku in item.product_skus} <= value_ids
    assert len({sku.sku_id for sku in item.product_skus}) == len(item.product_skus)


async def test_get_include_core_only(client: TrenzClient, trenz_simulator) -> None:
    row = await _first_product(client)
    detail = await client.data.products.get(row.id, country="us", include=["core"])
    assert detail.channel is None
    core = detail.core  # one record, not a list
    assert isinstance(core, ProductCore)
    assert core.product_gmv == row.product_gmv
    assert core.product_sold_count == row.product_sold_count
    assert core.product_sold_count_for_last_30_days == row.product_sold_count_for_last_30_days
    assert trenz_simulator.journal[-1].query["include"] == "core"


async def test_get_include_channel_only(client: TrenzClient, trenz_simulator) -> None:
    row = await _first_product(client)
    detail = await client.data.products.get(row.id, country="us", include=["channel"])
    assert detail.core is None
    channel = detail.channel  # one record, not a list
    assert isinstance(channel, ProductChannel)
    names = ("video", "live", "product_card", "personal_creator", "seller_creator")
    sold = [channel.get(f"channel_{name}_30d_sold_count") for name in names]
    assert all(isinstance(count, int) for count in sold)
    assert 0 < sum(sold) <= (row.product_sold_count_for_last_30_days or 0)
    assert trenz_simulator.journal[-1].query["include"] == "channel"


async def test_get_include_list_and_comma_string_are_the_same_request(
    client: TrenzClient, trenz_simulator
) -> None:
    row = await _first_product(client)
    as_list = await client.data.products.get(row.id, country="us", include=["core", "channel"])
    as_text = await client.data.products.get(row.id, country="us", include="core,channel")
    assert as_list == as_text
    assert as_list.core
    assert as_list.channel
    assert {entry.query["include"] for entry in trenz_simulator.journal[-2:]} == {"core,channel"}


async def test_get_unknown_id_raises_not_found(client: TrenzClient, trenz_simulator) -> None:
    with pytest.raises(NotFoundError) as caught:
        await client.data.products.get("1000000000000000000", country="us")
    error = caught.value
    assert error.code == RECORD_NOT_FOUND  # the client's own code, as the README lists it
    assert error.status == trenz_simulator.journal[-1].status == 200  # what the service sent
    assert "Product Detail" in str(error)
    assert "'1000000000000000000'" in str(error)
    assert "market us" in str(error)
    assert len(trenz_simulator.journal) == 1  # a missing record is not retried


async def test_a_detail_answered_as_the_bare_record_is_that_record(
    client: TrenzClient, trenz_simulator
) -> None:
    # The seed gives no detail shape: data may be the record itself rather than {items: [it]}.
    row = await _first_product(client)
    record = {"id": row.id, "product_name": "Desk Lamp", "floor_price": {"unit": "USD", "value": 9}}
    answer_with(trenz_simulator, f"GET /open/v1/products/{row.id}", {"data": record})
    detail = await client.data.products.get(row.id, country="us")
    assert (detail.item.id, detail.item.product_name) == (row.id, "Desk Lamp")
    assert detail.item.floor_price is not None
    assert detail.item.floor_price.value == 9


async def test_get_id_of_another_market_raises_not_found(client: TrenzClient) -> None:
    row = await _first_product(client, "us")
    with pytest.raises(NotFoundError) as caught:
        await client.data.products.get(row.id, country="gb")
    assert caught.value.code == RECORD_NOT_FOUND
    assert "market gb" in str(caught.value)


# --- related lists ----------------------------------------------------------------------------
@pytest.mark.parametrize(("relation", "model"), RELATIONS.items())
async def test_related_list_returns_rows(
    client: TrenzClient, relation: str, model: type[Any]
) -> None:
    products = client.data.products
    page = await related_page(products.search(country="us"), getattr(products, relation))
    assert all(isinstance(row, model) and isinstance(row.id, str) for row in page.items)
    assert page.total >= len(page.items)


@pytest.mark.parametrize("relation", RELATIONS)
async def test_related_list_pages_are_disjoint(client: TrenzClient, relation: str) -> None:
    product = await _product_with(client, relation, more_than=2)
    related = getattr(client.data.products, relation)
    first = await related(product.id, country="th", page_size=2)
    second = await related(product.id, country="th", page=2, page_size=2)
    assert (len(first.items), first.has_next) == (2, True)
    assert (second.page, second.total) == (2, first.total)
    assert not {row.id for row in first.items} & {row.id for row in second.items}
    rows = await related(product.id, country="th", page_size=2).collect()
    assert len({row.id for row in rows}) == len(rows) == first.total


async def test_related_creators_include_the_authors_of_its_videos(client: TrenzClient) -> None:
    product = await _product_with(client, "videos", more_than=1)
    videos = await client.data.products.videos(product.id, country="th")
    creators = await client.data.products.creators(product.id, country="th")
    assert max(videos.total, creators.total) <= 10  # each list fits on its one page
    assert {video.author_id for video in videos.items} <= {row.id for row in creators.items}


async def test_related_videos_feature_the_product(client: TrenzClient) -> None:
    product = await _product_with(client, "videos", more_than=1)
    videos = await client.data.products.videos(product.id, country="th", page_size=3)
    for video in videos.items:
        detail = await client.data.videos.get(video.id, country="th")
        assert detail.item.product_id == product.id


async def test_related_lives_list_the_product(client: TrenzClient) -> None:
    product = await _product_with(client, "lives", more_than=1)
    lives = await client.data.products.lives(product.id, country="th", page_size=3)
    for live in lives.items:
        sold = await client.data.lives.products(live.id, country="th")
        assert product.id in {row.id for row in sold.items}


async def test_similar_products_share_the_category_and_exclude_it(client: TrenzClient) -> None:
    product = await _first_product(client)
    similar = await client.data.products.similar(product.id, country="us")
    assert similar.items
    assert product.id not in {row.id for row in similar.items}
    assert {row.l1_category_id for row in similar.items} == {product.l1_category_id}
    assert {row.region for row in similar.items} == {"US"}


async def test_reviews_are_rated_one_to_five(client: TrenzClient) -> None:
    product = await _product_with(client, "reviews", more_than=5)
    reviews = await client.data.products.reviews(product.id, country="th")
    now = dt.datetime.now(dt.UTC)
    for review in reviews.items:
        assert review.review_id == review.id
        assert 1 <= (review.rating or 0) <= 5
        assert review.content
        assert review.publish_time is not None
        assert review.publish_time.datetime < now
    assert len({review.id for review in reviews.items}) == len(reviews.items)


# --- rankings ---------------------------------------------------------------------------------
@pytest.mark.parametrize("name", RANKINGS)
async def test_ranking_default_sort_is_the_documented_one(
    client: TrenzClient, trenz_simulator, name: str
) -> None:
    page = await _ranking(client, name)
    assert len(page.items) == 10
    assert all(isinstance(row, ProductRanking) for row in page.items)
    values = _column(page.items, RANKINGS[name][2])
    assert values == sorted(values, reverse=True)
    assert "sort" not in trenz_simulator.journal[-1].query


@pytest.mark.parametrize(
    ("name", "field"),
    [(name, field) for name, (_, fields, _) in RANKINGS.items() for field in fields],
)
async def test_ranking_sort_orders_the_rows_both_ways(
    client: TrenzClient, name: str, field: str
) -> None:
    ascending = await _ranking(client, name, sort=f"{field}:asc", page_size=20)
    descending = await _ranking(client, name, sort=f"{field}:desc", page_size=20)
    assert len(ascending.items) == len(descending.items) == 20
    _assert_sorted_both_ways(_column(ascending.items, field), _column(descending.items, field))


@pytest.mark.parametrize("name", RANKINGS)
async def test_ranking_pages_hold_up_to_20_rows(client: TrenzClient, name: str) -> None:
    first = await _ranking(client, name, page_size=20)
    second = await _ranking(client, name, page=2, page_size=20)
    assert len(first.items) == len(second.items) == 20
    assert (first.has_next, second.page) == (True, 2)
    assert not {row.id for row in first.items} & {row.id for row in second.items}


async def test_ranking_date_object_is_sent_as_yyyymmdd(
    client: TrenzClient, trenz_simulator
) -> None:
    products = client.data.products
    by_date = await products.top_selling(
        country="us", date=dt.date(2026, 8, 20), granularity="monthly"
    )
    query = trenz_simulator.journal[-1].query
    assert (query["date"], query["granularity"]) == ("20260820", "monthly")
    by_text = await products.top_selling(country="us", date="20260820", granularity="monthly")
    assert [row.id for row in by_date.items] == [row.id for row in by_text.items]


async def test_top_selling_month_outsells_a_day(client: TrenzClient) -> None:
    products = client.data.products
    month = await products.top_selling(country="us", date="20260820", granularity="monthly")
    day = await products.top_selling(country="us", date="20260820", granularity="daily")
    assert _number(month.items[0].interval_sold_count) > _number(day.items[0].interval_sold_count)


@pytest.mark.parametrize("name", RANKINGS)
async def test_ranking_filters_by_category_and_seller_type(
    client: TrenzClient, trenz_simulator, name: str
) -> None:
    page = await _ranking(client, name, category=601450, seller_type=3, page_size=3)
    assert trenz_simulator.journal[-1].query["category"] == "601450"
    assert page.items
    for row in page.items:
        item = (await client.data.products.get(row.product_id or row.id, country="us")).item
        assert (item.l1_category_id, item.seller_type) == ("601450", 3)


async def test_new_arrivals_filters_by_listing_window_and_status(client: TrenzClient) -> None:
    products = client.data.products
    everything = await products.new_arrivals(country="us", page_size=1)
    page = await products.new_arrivals(
        country="us", listed_from=dt.date(2026, 3, 1), listed_to="20260630", product_status=1
    )
    assert 0 < page.total < everything.total
    for row in page.items[:3]:
        item = (await products.get(row.id, country="us")).item
        assert item.product_status == 1
        assert item.create_time is not None
        assert dt.date(2026, 3, 1) <= item.create_time.datetime.date() <= dt.date(2026, 6, 30)


async def test_get_reports_what_the_call_cost(client: TrenzClient) -> None:
    page = await client.data.products.search(country="us", page_size=1)
    detail = await client.data.products.get(page.items[0].id, country="us", include="core")
    assert detail.request_id
    assert detail.request_id != page.request_id
    assert page.usage is not None
    assert page.usage.balance is not None
    assert detail.usage is not None
    assert detail.usage.cost is not None
    assert detail.usage.cost > 0
    assert detail.usage.balance == page.usage.balance - detail.usage.cost
    assert list(detail.warnings) == []
