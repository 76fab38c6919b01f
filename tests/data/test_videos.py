"""trenz.data.videos against the simulator: search, detail, related lists, validation."""

from __future__ import annotations

import pytest

from tests.data.conftest import related_page
from tests.helpers import assert_refused_before_sending
from trenz_async import TrenzClient
from trenz_async.errors import NotFoundError, ValidationError
from trenz_async.models.data import Product, Video, VideoComment, VideoCore

pytestmark = pytest.mark.anyio


async def test_search_returns_videos_matching_the_filters(client: TrenzClient) -> None:
    page = await client.data.videos.search(
        country="us",
        is_commercial=True,
        account_type=3,
        min_views=1000,
        sort="likes:desc",
        page_size=5,
    )
    assert page.items
    assert all(isinstance(row, Video) and isinstance(row.id, str) for row in page.items)
    assert {row.account_type for row in page.items} == {3}
    assert all(row.product_id for row in page.items)
    assert all(row.video_play_count is not None and row.video_play_count >= 1000 for row in page)
    likes = [row.video_like_count for row in page.items]
    assert likes == sorted(likes, reverse=True)  # type: ignore[type-var]


async def test_search_filters_by_level1_category(client: TrenzClient) -> None:
    page = await client.data.videos.search(country="us", category=601450)
    assert page.items
    assert {row.l1_category_id for row in page.items} == {"601450"}


async def test_get_returns_the_requested_section(client: TrenzClient) -> None:
    video = (await client.data.videos.search(country="us", page_size=1)).items[0]
    detail = await client.data.videos.get(video.id, country="us", include="core")
    assert detail.item.id == video.id
    assert detail.core is not None
    assert isinstance(detail.core, VideoCore)
    assert detail.core.core_video_play_count == video.video_play_count


async def test_get_without_include_has_no_section(client: TrenzClient) -> None:
    video = (await client.data.videos.search(country="us", page_size=1)).items[0]
    detail = await client.data.videos.get(video.id, country="us")
    assert detail.core is None


async def test_get_unknown_id_raises_not_found(client: TrenzClient) -> None:
    with pytest.raises(NotFoundError):
        await client.data.videos.get("1000000000000000000", country="us")


@pytest.mark.parametrize(
    ("relation", "model"), [("products", Product), ("reviews", VideoComment), ("similar", Video)]
)
async def test_related_list_returns_rows(client: TrenzClient, relation: str, model: type) -> None:
    videos = client.data.videos
    search = videos.search(country="us", is_commercial=True)
    page = await related_page(search, getattr(videos, relation))
    assert all(isinstance(row, model) and isinstance(row.id, str) for row in page.items)


async def test_reviews_are_typed_comments(client: TrenzClient) -> None:
    videos = client.data.videos
    page = await related_page(videos.search(country="us"), videos.reviews)
    comment = page.items[0]
    assert comment.tiktok_video_detail_comment_text
    assert comment.tiktok_video_detail_comment_create_time is not None
    assert comment.tiktok_video_detail_comment_create_time.datetime.year >= 2020


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"sort": "comments:desc"}, "sort"),
        ({"account_type": 1}, "account_type"),
        ({"account_type": True}, "account_type"),
        ({"category": "Beauty"}, "category"),
        ({"is_commercial": 1}, "is_commercial"),
        ({"min_views": 10, "max_views": 1}, "min_views"),
        ({"page_size": 0}, "page_size"),
    ],
)
async def test_bad_search_argument_is_refused_before_sending(
    client: TrenzClient, trenz_simulator, kwargs: dict[str, object], field: str
) -> None:
    assert_refused_before_sending(
        trenz_simulator, field, client.data.videos.search, **{"country": "us", **kwargs}
    )


async def test_bad_detail_and_related_arguments_are_refused_before_sending(
    client: TrenzClient, trenz_simulator
) -> None:
    with pytest.raises(ValidationError) as caught:
        await client.data.videos.get("1", country="us", include="channel")
    assert caught.value.field == "include"
    with pytest.raises(ValidationError) as caught:
        client.data.videos.reviews("1", country="US ")
    assert caught.value.field == "country"
    assert trenz_simulator.journal == []
