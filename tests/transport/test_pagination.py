"""The pager walks a result set exactly: every record once, and it stops at the end."""

from __future__ import annotations

import math

import pytest

pytestmark = pytest.mark.anyio


def _requests(sim) -> int:
    return sum(1 for e in sim.journal if e.path == "/open/v1/products/search")


async def test_pager_walks_exactly_total_count(trenz_simulator, client) -> None:
    pager = client.data.products.search(country="us", keyword="lamp", sort="price:asc")
    first = await pager
    assert first.total > 10, "the dataset should have more than one page of lamps"
    ids = [product.id async for product in pager.iter()]
    assert len(ids) == first.total
    assert len(set(ids)) == len(ids)
    assert _requests(trenz_simulator) == 1 + math.ceil(first.total / 10)


async def test_iter_limit_stops_early(trenz_simulator, client) -> None:
    items = await client.data.products.search(country="de").collect(limit=25)
    assert len(items) == 25
    assert _requests(trenz_simulator) == 3


async def test_pages_report_has_next_until_the_last(client) -> None:
    pages = [p async for p in client.data.products.search(country="jp", keyword="desk").pages()]
    assert pages, "expected at least one page"
    assert all(p.has_next for p in pages[:-1])
    assert not pages[-1].has_next
    assert sum(len(p) for p in pages) == pages[0].total
    assert [p.page for p in pages] == list(range(1, len(pages) + 1))


async def test_empty_result_is_one_empty_page(client) -> None:
    pager = client.data.products.search(country="us", keyword="zzzz-no-such-product")
    page = await pager
    assert (page.items, page.total, page.has_next) == ([], 0, False)
    assert [p async for p in pager.iter()] == []
