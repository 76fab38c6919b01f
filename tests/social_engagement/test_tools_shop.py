"""``trenz.social.tools`` and ``trenz.social.shop`` against the simulator, over HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import assert_refused_before_sending
from tests.social_engagement.conftest import OTHER_TIKTOK, TIKTOK, sent
from trenz_async import TrenzClient
from trenz_async.errors import AmbiguousOutcomeError, InvalidParamError
from trenz_async.models.social import (
    Hashtag,
    MusicTrack,
    ShopProduct,
    ShowcaseFailure,
    ShowcaseResult,
)
from trenz_async.testing import FaultRule

pytestmark = pytest.mark.anyio
V = "/open/v1/social"


def _youtube(sim: Any) -> int:
    return int(next(a.id for a in sim.social_accounts.all() if a.platform == "youtube"))


# -- Social/6 creation tools ---------------------------------------------------------------


async def test_hashtags_are_suggested_most_viewed_first(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    found = await client.social.tools.hashtags(keyword="Desk Lamp", limit=5)
    tags = list(found)
    assert all(isinstance(t, Hashtag) for t in tags)
    assert len(tags) == 5
    assert found.total_count is not None
    assert found.total_count > 5
    views = [t.view_count or 0 for t in tags]
    assert views == sorted(views, reverse=True)
    assert all("desklamp" in t.name and "#" not in t.name for t in tags)
    assert sent(trenz_simulator, "/tools/hashtags")[0].json == {
        "keyword": "Desk Lamp",
        "limit": 5,
    }


async def test_hashtag_counts_depend_on_the_platform(client: TrenzClient) -> None:
    tiktok = await client.social.tools.hashtags(keyword="lamp", platform="tiktok")
    youtube = await client.social.tools.hashtags(keyword="lamp", platform="youtube")
    assert {t.name for t in tiktok} & {t.name for t in youtube}
    assert [t.view_count for t in tiktok] != [t.view_count for t in youtube]


async def test_recent_music_lists_the_accounts_tracks(client: TrenzClient) -> None:
    recent = await client.social.tools.recent_music(platform_account_id=TIKTOK)
    tracks = list(recent)
    assert recent.total_count == len(tracks)
    assert 3 <= len(tracks) <= 12
    assert all(isinstance(t, MusicTrack) and t.music_id and t.title for t in tracks)
    assert all(t.duration and 8 <= t.duration <= 180 for t in tracks)
    again = await client.social.tools.recent_music(platform_account_id=TIKTOK)
    assert list(again) == tracks


async def test_popular_music_filters_by_keyword_and_pages(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    first = await client.social.tools.popular_music(keyword="summer", page_size=4)
    tracks = await client.social.tools.popular_music(keyword="summer", page_size=4).collect()
    assert len(tracks) == first.total > 4
    assert all("summer" in f"{t.title} {t.author}".lower() for t in tracks)
    usage = [t.usage_count or 0 for t in tracks]
    assert usage == sorted(usage, reverse=True)


async def test_popular_music_by_region_sends_the_lowercase_code(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    worldwide = await client.social.tools.popular_music()
    british = await client.social.tools.popular_music(region="GB")
    assert british.total == worldwide.total
    assert [t.usage_count for t in british] != [t.usage_count for t in worldwide]
    assert sent(trenz_simulator, "/music/popular")[1].json["region"] == "gb"


# -- Social/7 TikTok Shop ------------------------------------------------------------------


async def _shop(client: TrenzClient, account: int = TIKTOK) -> list[ShopProduct]:
    return await client.social.shop.products(platform_account_id=account, page_size=50).collect()


async def test_shop_products_list_the_shop_and_filter_by_keyword(client: TrenzClient) -> None:
    products = await _shop(client)
    assert products
    assert all(isinstance(p, ShopProduct) for p in products)
    assert all(p.price and p.price.unit == "USD" for p in products)
    word = (products[0].title or "").split()[-1]
    matching = await client.social.shop.products(platform_account_id=TIKTOK, keyword=word)
    assert matching.total == sum(word.lower() in (p.title or "").lower() for p in products)
    assert all(word.lower() in (p.title or "").lower() for p in matching)


async def test_showcase_add_reports_each_product_and_the_list_shows_it(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    products = await _shop(client)
    addable = next(p for p in products if not p.in_showcase and p.stock)
    shown = next(p for p in products if p.in_showcase)
    empty = next(p for p in products if not p.in_showcase and p.stock == 0)
    asked = [addable.product_id, shown.product_id, empty.product_id, "no-such-product"]
    result = await client.social.shop.add_to_showcase(platform_account_id=TIKTOK, product_ids=asked)
    assert isinstance(result, ShowcaseResult)
    assert list(result.added or ()) == [addable.product_id]
    assert list(result.already_in_showcase or ()) == [shown.product_id]
    assert list(result.failed or ()) == [
        ShowcaseFailure(product_id=empty.product_id, reason="out_of_stock"),
        ShowcaseFailure(product_id="no-such-product", reason="product_not_found"),
    ]
    assert result.ok is False
    assert result.failed_ids == [empty.product_id, "no-such-product"]
    assert trenz_simulator.showcase_adds == 1
    after = {p.product_id: p for p in await _shop(client)}
    assert after[addable.product_id].in_showcase is True
    assert after[empty.product_id].in_showcase is False


async def test_showcase_add_of_addable_products_is_ok(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    products = await _shop(client, OTHER_TIKTOK)
    addable = [p.product_id for p in products if not p.in_showcase and p.stock][:2]
    result = await client.social.shop.add_to_showcase(
        platform_account_id=OTHER_TIKTOK, product_ids=addable
    )
    assert (list(result.added or ()), result.failed, result.ok) == (addable, [], True)
    assert trenz_simulator.showcase_adds == 2


async def test_a_lost_showcase_add_is_ambiguous_and_added_once(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    products = await _shop(client)
    addable = next(p.product_id for p in products if not p.in_showcase and p.stock)
    trenz_simulator.add_fault(
        FaultRule(route=f"POST {V}/shop/showcase/add", lose_response=True, times=1)
    )
    with pytest.raises(AmbiguousOutcomeError):
        await client.social.shop.add_to_showcase(platform_account_id=TIKTOK, product_ids=[addable])
    assert trenz_simulator.showcase_adds == 1
    assert len(sent(trenz_simulator, "/showcase/add")) == 1
    again = await client.social.shop.add_to_showcase(
        platform_account_id=TIKTOK, product_ids=[addable]
    )
    assert (list(again.already_in_showcase or ()), again.ok) == ([addable], True)
    assert trenz_simulator.showcase_adds == 1


async def test_only_tiktok_accounts_have_a_shop(client: TrenzClient, trenz_simulator: Any) -> None:
    youtube = _youtube(trenz_simulator)
    with pytest.raises(InvalidParamError) as caught:
        await client.social.shop.products(platform_account_id=youtube)
    assert caught.value.message == (
        f"platform_account_id {youtube} is a youtube account; only TikTok accounts have a shop"
    )


@pytest.mark.parametrize(
    ("route", "call"),
    [
        ("/tools/hashtags", lambda c: c.social.tools.hashtags(keyword="lamp")),
        ("/tools/music/recent", lambda c: c.social.tools.recent_music(platform_account_id=TIKTOK)),
        ("/tools/music/popular", lambda c: c.social.tools.popular_music()),
        ("/shop/products/list", lambda c: c.social.shop.products(platform_account_id=TIKTOK)),
    ],
)
async def test_reads_are_retried_through_a_503(
    client: TrenzClient, trenz_simulator: Any, route: str, call: Any
) -> None:
    trenz_simulator.add_fault(FaultRule(route=f"POST {V}{route}", status=503, times=1))
    answer = await call(client)
    assert len(list(answer)) > 0
    assert [e.status for e in sent(trenz_simulator, route)] == [503, 200]


# -- refused before sending ----------------------------------------------------------------

BAD_CALLS = [
    ("tools", "hashtags", "keyword", {"keyword": ""}),
    ("tools", "hashtags", "keyword", {"keyword": "  "}),
    ("tools", "hashtags", "keyword", {"keyword": "k" * 101}),
    ("tools", "hashtags", "platform", {"keyword": "lamp", "platform": "myspace"}),
    ("tools", "hashtags", "limit", {"keyword": "lamp", "limit": 0}),
    ("tools", "hashtags", "limit", {"keyword": "lamp", "limit": 51}),
    ("tools", "recent_music", "platform_account_id", {"platform_account_id": "4687"}),
    ("tools", "popular_music", "region", {"region": "xx"}),
    ("tools", "popular_music", "keyword", {"keyword": "k" * 101}),
    ("tools", "popular_music", "page_size", {"page_size": 51}),
    ("shop", "products", "platform_account_id", {"platform_account_id": None}),
    ("shop", "products", "page", {"platform_account_id": TIKTOK, "page": 0}),
    ("shop", "add_to_showcase", "product_ids", {"platform_account_id": TIKTOK, "product_ids": []}),
    (
        "shop",
        "add_to_showcase",
        "product_ids",
        {"platform_account_id": TIKTOK, "product_ids": [str(n) for n in range(21)]},
    ),
    ("shop", "add_to_showcase", "product_ids", {"platform_account_id": TIKTOK, "product_ids": "1"}),
    (
        "shop",
        "add_to_showcase",
        "product_ids",
        {"platform_account_id": TIKTOK, "product_ids": ["1", " "]},
    ),
    (
        "shop",
        "add_to_showcase",
        "platform_account_id",
        {"platform_account_id": 0, "product_ids": ["1"]},
    ),
]


@pytest.mark.parametrize(("area", "method", "field", "arguments"), BAD_CALLS)
async def test_bad_arguments_are_refused_before_sending(
    client: TrenzClient,
    trenz_simulator: Any,
    area: str,
    method: str,
    field: str,
    arguments: dict[str, Any],
) -> None:
    call = getattr(getattr(client.social, area), method)
    assert_refused_before_sending(trenz_simulator, field, call, **arguments)
