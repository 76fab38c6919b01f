"""trenz.data.ads against the simulator: search, detail, related lists, validation."""

from __future__ import annotations

import pytest

from tests.data.conftest import related_page
from tests.helpers import assert_refused_before_sending
from trenz_async import TrenzClient
from trenz_async.errors import NotFoundError, ValidationError
from trenz_async.models.data import Ad, AdCore, Product
from trenz_async.resources._validate import LEVEL1_CATEGORIES

pytestmark = pytest.mark.anyio


async def test_search_returns_ads_matching_the_filters(client: TrenzClient) -> None:
    page = await client.data.ads.search(
        country="us", ad_type=1, exclude_spark_ads=True, min_days=10, sort="days:desc"
    )
    assert page.items
    assert all(isinstance(row, Ad) and isinstance(row.id, str) for row in page.items)
    assert {row.ad_type for row in page.items} == {1}
    assert not any(row.is_spark_ad for row in page.items)
    days = [row.ad_day_count for row in page.items]
    assert all(d is not None and d >= 10 for d in days)
    assert days == sorted(days, reverse=True)  # type: ignore[type-var]


async def test_search_filters_by_level1_category(client: TrenzClient) -> None:
    page = await client.data.ads.search(country="us", category="601450")
    assert page.items
    assert {row.product_l1_category for row in page.items} == {LEVEL1_CATEGORIES["601450"]}


async def test_get_uses_the_row_id_and_returns_the_section(client: TrenzClient) -> None:
    ad = (await client.data.ads.search(country="us", page_size=1)).items[0]
    detail = await client.data.ads.get(ad.id, country="us", include="core")
    assert detail.item.id == ad.id
    assert detail.core is not None
    assert isinstance(detail.core, AdCore)
    assert detail.core.core_creative_id == ad.id


async def test_get_by_video_id_is_not_found(client: TrenzClient) -> None:
    ad = (await client.data.ads.search(country="us", page_size=1)).items[0]
    assert ad.video_id
    with pytest.raises(NotFoundError):
        await client.data.ads.get(ad.video_id, country="us")


async def test_get_without_include_has_no_section(client: TrenzClient) -> None:
    ad = (await client.data.ads.search(country="us", page_size=1)).items[0]
    assert (await client.data.ads.get(ad.id, country="us")).core is None


@pytest.mark.parametrize(("relation", "model"), [("products", Product), ("similar", Ad)])
async def test_related_list_returns_rows(client: TrenzClient, relation: str, model: type) -> None:
    ads = client.data.ads
    page = await related_page(ads.search(country="us"), getattr(ads, relation))
    assert all(isinstance(row, model) and isinstance(row.id, str) for row in page.items)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"sort": "roas:desc"}, "sort"),
        ({"ad_type": 8}, "ad_type"),
        ({"ad_type": 0}, "ad_type"),
        ({"exclude_spark_ads": "false"}, "exclude_spark_ads"),
        ({"category": "601451"}, "category"),
        ({"min_days": 30, "max_days": 7}, "min_days"),
    ],
)
async def test_bad_search_argument_is_refused_before_sending(
    client: TrenzClient, trenz_simulator, kwargs: dict[str, object], field: str
) -> None:
    assert_refused_before_sending(
        trenz_simulator, field, client.data.ads.search, **{"country": "us", **kwargs}
    )


async def test_bad_detail_and_related_arguments_are_refused_before_sending(
    client: TrenzClient, trenz_simulator
) -> None:
    with pytest.raises(ValidationError) as caught:
        await client.data.ads.get("1", country="us", include="core,embedding")
    assert caught.value.field == "include"
    with pytest.raises(ValidationError) as caught:
        client.data.ads.products("1", country="cn")
    assert caught.value.field == "country"
    assert trenz_simulator.journal == []
