"""trenz.data.lives against the simulator: search, detail, related lists, validation."""

from __future__ import annotations

import pytest

from tests.data.conftest import related_page
from tests.helpers import assert_refused_before_sending
from trenz_async import TrenzClient
from trenz_async.errors import NotFoundError, ValidationError
from trenz_async.models.data import Live, LiveCore, Product
from trenz_async.resources._validate import LEVEL1_CATEGORIES

pytestmark = pytest.mark.anyio


async def test_search_returns_lives_matching_the_filters(client: TrenzClient) -> None:
    page = await client.data.lives.search(
        country="us", is_commercial=True, min_audience=500, sort="audience:asc", page_size=5
    )
    assert page.items
    assert all(isinstance(row, Live) and isinstance(row.id, str) for row in page.items)
    audience = [row.total_user for row in page.items]
    assert all(a is not None and a >= 500 for a in audience)
    assert audience == sorted(audience)  # type: ignore[type-var]
    assert all(row.product_count for row in page.items)


async def test_search_keeps_streams_on_air(client: TrenzClient) -> None:
    page = await client.data.lives.search(country="us", is_living=True)
    assert page.items
    assert all(row.is_living and row.end_time is None for row in page.items)


async def test_search_filters_by_product_category(client: TrenzClient) -> None:
    cat = next(
        row.most_product_category_id
        for row in (await client.data.lives.search(country="us")).items
        if row.most_product_category_id
    )
    page = await client.data.lives.search(country="us", product_category=cat)
    assert page.items
    assert {row.most_product_category_label for row in page.items} == {LEVEL1_CATEGORIES[cat]}


async def test_get_returns_the_requested_section(client: TrenzClient) -> None:
    live = (await client.data.lives.search(country="us", page_size=1)).items[0]
    detail = await client.data.lives.get(live.id, country="us", include=["core"])
    assert detail.item.id == live.id
    assert detail.core is not None
    assert isinstance(detail.core, LiveCore)
    assert detail.core.core_gmv == live.gmv


async def test_get_without_include_has_no_section(client: TrenzClient) -> None:
    live = (await client.data.lives.search(country="us", page_size=1)).items[0]
    assert (await client.data.lives.get(live.id, country="us")).core is None


async def test_get_unknown_id_raises_not_found(client: TrenzClient) -> None:
    with pytest.raises(NotFoundError):
        await client.data.lives.get("1000000000000000000", country="us")


@pytest.mark.parametrize(("relation", "model"), [("products", Product), ("similar", Live)])
async def test_related_list_returns_rows(client: TrenzClient, relation: str, model: type) -> None:
    lives = client.data.lives
    search = lives.search(country="us", is_commercial=True)
    page = await related_page(search, getattr(lives, relation))
    assert all(isinstance(row, model) and isinstance(row.id, str) for row in page.items)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"sort": "gpm:desc"}, "sort"),
        ({"category": ""}, "category"),
        ({"product_category": "Beauty"}, "product_category"),
        ({"is_living": "true"}, "is_living"),
        ({"min_gmv": 5, "max_gmv": 1}, "min_gmv"),
        ({"max_sold": -3}, "max_sold"),
    ],
)
async def test_bad_search_argument_is_refused_before_sending(
    client: TrenzClient, trenz_simulator, kwargs: dict[str, object], field: str
) -> None:
    assert_refused_before_sending(
        trenz_simulator, field, client.data.lives.search, **{"country": "us", **kwargs}
    )


async def test_bad_detail_and_related_arguments_are_refused_before_sending(
    client: TrenzClient, trenz_simulator
) -> None:
    with pytest.raises(ValidationError) as caught:
        await client.data.lives.get("  ", country="us")
    assert caught.value.field == "live_id"
    with pytest.raises(ValidationError) as caught:
        client.data.lives.similar("1", country="us", page=0)
    assert caught.value.field == "page"
    assert trenz_simulator.journal == []
