"""trenz.data.products: every documented argument rule refused before anything is sent."""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest

from tests.data.test_products import DATED, RELATIONS
from tests.helpers import assert_refused_before_sending
from trenz_async import TrenzClient
from trenz_async.errors import ValidationError

pytestmark = pytest.mark.anyio

#: (bad arguments, the field the error names); each case breaks one documented rule.
SEARCH_REFUSALS = [
    ({"country": "xx"}, "country"), ({"page": 0}, "page"), ({"page_size": 11}, "page_size"),
    ({"sort": "views:desc"}, "sort"), ({"sort": "price:up"}, "sort"), ({"sort": "price"}, "sort"),
    ({"category": "123"}, "category"), ({"category": "Beauty & Personal Care"}, "category"),
    ({"seller_type": 0}, "seller_type"), ({"seller_type": 5}, "seller_type"),
    ({"min_price": 30, "max_price": 20}, "min_price"), ({"min_price": -1}, "min_price"),
    ({"min_rating": 4.5, "max_rating": 4}, "min_rating"), ({"max_rating": 5.5}, "max_rating"),
    ({"min_sold_7d": 10, "max_sold_7d": 5}, "min_sold_7d"),
    ({"min_sold_30d": 10, "max_sold_30d": 5}, "min_sold_30d"),
    ({"free_shipping": "yes"}, "free_shipping"),
]  # fmt: skip
GET_REFUSALS = [
    ({"product_id": ""}, "product_id"), ({"product_id": "  "}, "product_id"),
    ({"country": "xx"}, "country"),
    ({"include": "portrait"}, "include"), ({"include": ["core", "analysis"]}, "include"),
]  # fmt: skip
RELATED_REFUSALS = [
    ("", {}, "product_id"), ("1", {"page": 0}, "page"), ("1", {"page_size": 11}, "page_size"),
    ("1", {"country": "xx"}, "country"),
]  # fmt: skip
DATED_RANKING_REFUSALS = [
    ({"date": "2026-08-20"}, "date"), ({"date": "20260231"}, "date"), ({"date": None}, "date"),
    ({"granularity": "yearly"}, "granularity"), ({"page": 0}, "page"),
    ({"page_size": 21}, "page_size"), ({"sort": "gmv_3d:desc"}, "sort"),
    ({"sort": "interval_gmv:down"}, "sort"), ({"category": "123"}, "category"),
    ({"seller_type": 5}, "seller_type"), ({"country": "xx"}, "country"),
]  # fmt: skip
NEW_ARRIVALS_REFUSALS = [
    ({"page_size": 21}, "page_size"), ({"sort": "interval_gmv:desc"}, "sort"),
    ({"listed_from": "20260701", "listed_to": "20260601"}, "listed_from"),
    ({"listed_to": "2026/06/01"}, "listed_to"), ({"product_status": 5}, "product_status"),
    ({"seller_type": 0}, "seller_type"), ({"category": "999999"}, "category"),
    ({"country": "xx"}, "country"),
]  # fmt: skip


@pytest.mark.parametrize(("kwargs", "field"), SEARCH_REFUSALS)
async def test_bad_search_argument_is_refused_before_sending(
    client: TrenzClient, trenz_simulator, kwargs: dict[str, object], field: str
) -> None:
    search = client.data.products.search
    assert_refused_before_sending(trenz_simulator, field, search, **{"country": "us", **kwargs})


@pytest.mark.parametrize(("kwargs", "field"), GET_REFUSALS)
async def test_bad_get_argument_is_refused_before_sending(
    client: TrenzClient, trenz_simulator, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        await client.data.products.get(**{"product_id": "1", "country": "us", **kwargs})
    assert caught.value.field == field
    assert trenz_simulator.journal == []


@pytest.mark.parametrize(("record_id", "kwargs", "field"), RELATED_REFUSALS)
@pytest.mark.parametrize("relation", RELATIONS)
async def test_bad_related_argument_is_refused_before_sending(
    client: TrenzClient, trenz_simulator, relation: str, record_id: str, kwargs: Any, field: str
) -> None:
    call = partial(getattr(client.data.products, relation), record_id)
    assert_refused_before_sending(trenz_simulator, field, call, **{"country": "us", **kwargs})


@pytest.mark.parametrize(("kwargs", "field"), DATED_RANKING_REFUSALS)
@pytest.mark.parametrize("name", ["top_selling", "most_promoted"])
async def test_bad_dated_ranking_argument_is_refused_before_sending(
    client: TrenzClient, trenz_simulator, name: str, kwargs: dict[str, object], field: str
) -> None:
    call = getattr(client.data.products, name)
    arguments = {"country": "us", **DATED, **kwargs}
    assert_refused_before_sending(trenz_simulator, field, call, **arguments)


@pytest.mark.parametrize(("kwargs", "field"), NEW_ARRIVALS_REFUSALS)
async def test_bad_new_arrivals_argument_is_refused_before_sending(
    client: TrenzClient, trenz_simulator, kwargs: dict[str, object], field: str
) -> None:
    call = client.data.products.new_arrivals
    assert_refused_before_sending(trenz_simulator, field, call, **{"country": "us", **kwargs})
