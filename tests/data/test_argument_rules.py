"""Argument rules shared by the Data namespaces: codes, counts, keywords, numbers on the wire."""

from __future__ import annotations

import pytest

from tests.helpers import assert_refused_before_sending
from trenz_async import TrenzClient, ValidationError

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("namespace", "field", "value"),
    [
        ("products", "seller_type", 1.0),
        ("products", "seller_type", True),
        ("sellers", "seller_type", "2"),
        ("ads", "ad_type", 2.0),
    ],
)
async def test_coded_choices_must_be_integers(
    client: TrenzClient, trenz_simulator, namespace: str, field: str, value: object
) -> None:
    search = getattr(client.data, namespace).search
    assert_refused_before_sending(trenz_simulator, field, search, country="us", **{field: value})


@pytest.mark.parametrize(
    ("namespace", "field"),
    [
        ("products", "min_sold_7d"),
        ("products", "max_sold_30d"),
        ("videos", "min_views"),
        ("ads", "max_days"),
        ("creators", "min_followers"),
        ("lives", "min_audience"),
    ],
)
async def test_counts_must_be_whole_numbers(
    client: TrenzClient, trenz_simulator, namespace: str, field: str
) -> None:
    search = getattr(client.data, namespace).search
    with pytest.raises(ValidationError) as caught:
        search(country="us", **{field: 1.5})
    assert (caught.value.field, caught.value.rule) == (field, "must be a whole number >= 0")
    assert isinstance(caught.value, ValueError)
    assert trenz_simulator.journal == []


async def test_amounts_may_be_fractions(client: TrenzClient, trenz_simulator) -> None:
    page = await client.data.products.search(country="us", min_price=1.5, max_rating=4.5)
    assert all(p.floor_price is not None and p.floor_price.value >= 1.5 for p in page.items)
    assert trenz_simulator.journal[-1].query["min_price"] == "1.5"


async def test_a_keyword_must_be_text(client: TrenzClient, trenz_simulator) -> None:
    assert_refused_before_sending(
        trenz_simulator, "keyword", client.data.products.search, country="us", keyword=123
    )


async def test_an_empty_keyword_is_not_sent(client: TrenzClient, trenz_simulator) -> None:
    await client.data.products.search(country="us", keyword="  ")
    assert "keyword" not in trenz_simulator.journal[-1].query


async def test_small_numbers_are_sent_in_plain_decimals(
    client: TrenzClient, trenz_simulator
) -> None:
    page = await client.data.products.search(country="us", min_price=0.00001)
    assert page.total > 0
    assert trenz_simulator.journal[-1].query["min_price"] == "0.00001"


async def test_a_bad_id_is_named_by_its_argument(client: TrenzClient, trenz_simulator) -> None:
    with pytest.raises(ValidationError) as caught:
        await client.data.videos.get("", country="us")
    assert (caught.value.field, caught.value.rule) == ("video_id", "must be a non-empty string id")
    with pytest.raises(ValidationError) as caught:
        client.data.creators.videos(" ", country="us")
    assert caught.value.field == "creator_id"
    assert trenz_simulator.journal == []
