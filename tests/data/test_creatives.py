"""trenz.data.creatives against the simulator: search, detail, validation."""

from __future__ import annotations

import pytest

from tests.helpers import assert_refused_before_sending
from trenz_async import TrenzClient
from trenz_async.errors import NotFoundError, ValidationError
from trenz_async.models.data import Creative, CreativeAnalysis, CreativeEmbedding
from trenz_async.resources._validate import LEVEL1_CATEGORIES

pytestmark = pytest.mark.anyio


async def test_search_returns_creatives_matching_the_filters(client: TrenzClient) -> None:
    page = await client.data.creatives.search(
        country="us", has_product=True, is_aigc=False, sort="views:desc", page_size=5
    )
    assert page.items
    assert all(isinstance(row, Creative) and isinstance(row.id, str) for row in page.items)
    assert all(row.product_id and row.is_aigc_video is False for row in page.items)
    views = [row.video_play_count for row in page.items]
    assert views == sorted(views, reverse=True)  # type: ignore[type-var]


async def test_search_keeps_sponsored_creatives_of_a_category(client: TrenzClient) -> None:
    page = await client.data.creatives.search(country="us", category="601450", is_sponsored=True)
    assert page.items
    assert {row.l1_category for row in page.items} == {LEVEL1_CATEGORIES["601450"]}
    assert all(row.is_sponsored for row in page.items)


async def test_get_returns_the_requested_sections(client: TrenzClient) -> None:
    creative = (await client.data.creatives.search(country="us", page_size=1)).items[0]
    detail = await client.data.creatives.get(
        creative.id, country="us", include=["analysis", "embedding"]
    )
    assert detail.item.id == creative.id
    assert detail.analysis is not None
    assert isinstance(detail.analysis, CreativeAnalysis)
    assert detail.embedding is not None
    assert isinstance(detail.embedding, CreativeEmbedding)
    vector = detail.embedding.embedding
    assert vector
    assert all(isinstance(x, float) for x in vector)


async def test_get_returns_only_the_requested_section(client: TrenzClient) -> None:
    creative = (await client.data.creatives.search(country="us", page_size=1)).items[0]
    detail = await client.data.creatives.get(creative.id, country="us", include="embedding")
    assert detail.embedding
    assert detail.analysis is None


async def test_get_unknown_id_raises_not_found(client: TrenzClient) -> None:
    with pytest.raises(NotFoundError):
        await client.data.creatives.get("1000000000000000000", country="us")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"sort": "launch_time:desc"}, "sort"),
        ({"sort": "gmv:up"}, "sort"),
        ({"has_product": "1"}, "has_product"),
        ({"is_sponsored": 0}, "is_sponsored"),
        ({"category": True}, "category"),
        ({"page_size": 50}, "page_size"),
    ],
)
async def test_bad_search_argument_is_refused_before_sending(
    client: TrenzClient, trenz_simulator, kwargs: dict[str, object], field: str
) -> None:
    assert_refused_before_sending(
        trenz_simulator, field, client.data.creatives.search, **{"country": "us", **kwargs}
    )


async def test_bad_detail_argument_is_refused_before_sending(
    client: TrenzClient, trenz_simulator
) -> None:
    with pytest.raises(ValidationError) as caught:
        await client.data.creatives.get("1", country="us", include="core")
    assert caught.value.field == "include"
    assert trenz_simulator.journal == []
