"""The simulator agrees with itself: every count matches the related list it counts.

For a sample of records of each entity, the counts a search row, a detail item or a detail
section carries are compared, over real HTTP, with the ``total_count`` of the related list they
describe; lists of up to ``WALK_MAX`` rows are also walked page by page. Ads and creatives
carry no count of a related list, so they have no case here.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from trenz_async import TrenzClient
from trenz_async.pagination import Pager
from trenz_async.testing import Simulator

pytestmark = pytest.mark.anyio

SAMPLE = 15
WALK_MAX = 60
COUNTRY = "us"

#: entity -> its include sections and (where, field, relation) for every count it carries;
#: where is "row" (search row), "item" (detail item) or a detail section.
COUNTS: dict[str, tuple[tuple[str, ...], tuple[tuple[str, str, str], ...]]] = {
    "products": (
        ("core", "channel"),
        (
            ("core", "related_creator_count", "creators"),
            ("core", "related_video_count", "videos"),
            ("core", "related_live_count", "lives"),
        ),
    ),
    "sellers": (
        ("core", "channel"),
        (
            ("row", "shop_product_count", "products"),
            ("item", "shop_product_count", "products"),
            ("core", "core_seller_shop_product_count", "products"),
            ("row", "total_related_creator_count", "creators"),
            ("item", "total_related_creator_count", "creators"),
            ("core", "core_seller_total_related_creator_count", "creators"),
        ),
    ),
    "creators": (
        ("core", "channel", "portrait"),
        (("core", "core_product_count", "products"),),
    ),
    "videos": (
        ("core",),
        (
            ("row", "video_comment_count", "reviews"),
            ("item", "video_comment_count", "reviews"),
            ("core", "core_video_comment_count", "reviews"),
        ),
    ),
    "lives": (
        ("core",),
        (
            ("row", "product_count", "products"),
            ("item", "product_count", "products"),
            ("core", "core_product_count", "products"),
        ),
    ),
}


@pytest.fixture
async def trenz(trenz_simulator: Simulator) -> AsyncIterator[TrenzClient]:
    """A client whose key may send a few hundred requests in a second."""
    key = trenz_simulator.create_api_key(rate_limit_per_minute=100_000)
    async with TrenzClient(key, base_url=trenz_simulator.url, rate_limit_per_minute=None) as c:
        yield c


async def list_size(pager: Pager[Any]) -> tuple[int, int | None]:
    """``(total_count, distinct rows walked)``; rows are walked only for short lists."""
    first = await pager
    if first.total > WALK_MAX:
        return first.total, None
    ids: set[str] = set()
    async for page in pager.pages():
        assert page.total == first.total
        ids.update(row.id for row in page.items)
    return first.total, len(ids)


def read(where: str, field: str, row: Any, detail: Any) -> int:
    """The count ``field`` as the search row, the detail item or a detail section gives it."""
    sources = {"row": row, "item": detail.item}
    source = sources[where] if where in sources else getattr(detail, where)
    value = getattr(source, field)
    assert isinstance(value, int), f"{where}.{field} is {value!r}"
    return value


@pytest.mark.parametrize("entity", list(COUNTS))
async def test_counts_match_the_related_lists(trenz: TrenzClient, entity: str) -> None:
    resource = getattr(trenz.data, entity)
    includes, counts = COUNTS[entity]
    seen: dict[str, list[int]] = {f"{where}.{field}": [] for where, field, _ in counts}
    for row in await resource.search(country=COUNTRY).collect(limit=SAMPLE):
        detail = await resource.get(row.id, country=COUNTRY, include=includes)
        sizes: dict[str, tuple[int, int | None]] = {}
        for where, field, relation in counts:
            if relation not in sizes:
                related = getattr(resource, relation)
                sizes[relation] = await list_size(related(row.id, country=COUNTRY, page_size=10))
            total, walked = sizes[relation]
            count = read(where, field, row, detail)
            where_ = f"{entity}/{row.id}: {where}.{field}"
            assert count == total, f"{where_} is {count}, /{relation} lists {total}"
            assert walked in (None, total), f"{where_}: walked {walked} of {total} rows"
            seen[f"{where}.{field}"].append(count)
    assert all(len(values) == SAMPLE for values in seen.values())
    assert all(any(values) for values in seen.values()), f"a count is 0 in every sample: {seen}"


async def test_most_promoted_counts_match_the_products_lists(trenz: TrenzClient) -> None:
    ranking = trenz.data.products.most_promoted(
        country=COUNTRY, date="20260815", granularity="weekly", page_size=SAMPLE
    )
    rows = (await ranking).items
    assert rows[0].related_creator_count, "the default sort puts promoted products first"
    for row in rows:
        creators = await trenz.data.products.creators(row.id, country=COUNTRY)
        lives = await trenz.data.products.lives(row.id, country=COUNTRY)
        assert (row.related_creator_count, row.live_count) == (creators.total, lives.total)
