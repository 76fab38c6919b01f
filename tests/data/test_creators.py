"""trenz.data.creators against the simulator: search, detail, related lists, validation."""

from __future__ import annotations

import pytest

from tests.data.conftest import related_page
from tests.helpers import assert_refused_before_sending
from trenz_async import RetryPolicy, TrenzClient
from trenz_async.errors import NotFoundError, ValidationError
from trenz_async.models.data import (
    Creator,
    CreatorChannel,
    CreatorCore,
    CreatorPortrait,
    Live,
    Product,
    Video,
)

pytestmark = pytest.mark.anyio


async def test_search_returns_creators_matching_the_filters(client: TrenzClient) -> None:
    page = await client.data.creators.search(
        country="us", min_followers=100_000, has_contact=True, sort="followers:asc", page_size=5
    )
    assert page.items
    assert all(isinstance(row, Creator) and isinstance(row.id, str) for row in page.items)
    followers = [row.follower_count for row in page.items]
    assert all(f is not None and f >= 100_000 for f in followers)
    assert followers == sorted(followers)  # type: ignore[type-var]
    assert all(row.bio_email or row.ins_id for row in page.items)


async def test_search_range_on_money_and_rate(client: TrenzClient) -> None:
    page = await client.data.creators.search(
        country="us", min_gmv_30d=50_000, max_engagement=0.1, page_size=10
    )
    assert page.items
    for row in page.items:
        assert row.total_video_live_30d_gmv is not None
        assert row.total_video_live_30d_gmv.value is not None
        assert row.total_video_live_30d_gmv.value >= 50_000
        assert row.author_avg_engagement_rate is not None
        assert row.author_avg_engagement_rate <= 0.1


async def test_search_filters_by_niche_label(trenz_simulator, trenz_api_key: str) -> None:
    async with TrenzClient(
        trenz_api_key,
        base_url=trenz_simulator.url,
        rate_limit_per_minute=None,
        retry=RetryPolicy(max_attempts=1),
    ) as trenz:
        first = await trenz.data.creators.search(country="us", page_size=1)
        label = first.items[0].category_label
        assert label is not None
        page = await trenz.data.creators.search(country="us", category=label)
    assert page.items
    assert {row.category_label for row in page.items} == {label}


async def test_get_returns_the_requested_sections(client: TrenzClient) -> None:
    creator = (await client.data.creators.search(country="us", page_size=1)).items[0]
    detail = await client.data.creators.get(
        creator.id, country="us", include="core,channel,portrait"
    )
    assert detail.item.id == creator.id
    assert detail.core is not None
    assert isinstance(detail.core, CreatorCore)
    assert detail.channel is not None
    assert isinstance(detail.channel, CreatorChannel)
    assert detail.portrait is not None
    assert isinstance(detail.portrait, CreatorPortrait)


async def test_get_returns_only_the_requested_section(client: TrenzClient) -> None:
    creator = (await client.data.creators.search(country="us", page_size=1)).items[0]
    detail = await client.data.creators.get(creator.id, country="us", include=["portrait"])
    assert detail.portrait
    assert detail.core is None
    assert detail.channel is None


async def test_get_unknown_id_raises_not_found(client: TrenzClient) -> None:
    with pytest.raises(NotFoundError):
        await client.data.creators.get("1000000000000000000", country="us")


@pytest.mark.parametrize(
    ("relation", "model"),
    [("lives", Live), ("products", Product), ("similar", Creator), ("videos", Video)],
)
async def test_related_list_returns_rows(client: TrenzClient, relation: str, model: type) -> None:
    creators = client.data.creators
    page = await related_page(creators.search(country="us"), getattr(creators, relation))
    assert all(isinstance(row, model) and isinstance(row.id, str) for row in page.items)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"sort": "follower_growth:desc"}, "sort"),
        ({"sort": "followers"}, "sort"),
        ({"category": "  "}, "category"),
        ({"has_contact": "yes"}, "has_contact"),
        ({"min_followers": -1}, "min_followers"),
        ({"min_engagement": 0.2, "max_engagement": 0.1}, "min_engagement"),
        ({"page": 0}, "page"),
    ],
)
async def test_bad_search_argument_is_refused_before_sending(
    client: TrenzClient, trenz_simulator, kwargs: dict[str, object], field: str
) -> None:
    assert_refused_before_sending(
        trenz_simulator, field, client.data.creators.search, **{"country": "us", **kwargs}
    )


async def test_bad_detail_and_related_arguments_are_refused_before_sending(
    client: TrenzClient, trenz_simulator
) -> None:
    with pytest.raises(ValidationError) as caught:
        await client.data.creators.get("1", country="us", include=["core", "analysis"])
    assert caught.value.field == "include"
    with pytest.raises(ValidationError) as caught:
        client.data.creators.videos("1", country="us", page_size=20)
    assert caught.value.field == "page_size"
    assert trenz_simulator.journal == []
