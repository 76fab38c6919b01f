"""Pages and pagers for ``page``/``page_size`` list endpoints.

A :class:`Pager` is what a list method returns, before any request is sent::

    page = await trenz.data.products.search(country="us")        # the first page
    async for product in trenz.data.products.search(country="us").iter(limit=500): ...
    async for page in trenz.data.products.search(country="us").pages(): ...
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator, Sequence
from typing import Any, Generic, TypeVar

import attrs

from trenz_async.models.common import Usage

__all__ = ["Page", "Pager"]

T = TypeVar("T")


@attrs.frozen(slots=True)
class Page(Generic[T]):
    """One page of results.

    ``total`` is the number of matching records across all pages (``data.total_count``, or
    the top-level ``total``); ``page`` is 1-based. ``usage`` is what the call cost.
    """

    items: Sequence[T]
    total: int
    page: int
    page_size: int
    request_id: str | None = None
    usage: Usage | None = None
    warnings: tuple[str, ...] = ()

    @property
    def has_next(self) -> bool:
        """True when records remain after this page."""
        return bool(self.items) and self.page * self.page_size < self.total

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)


PageFetcher = Callable[[int, int], Awaitable[Page[T]]]
"""``fetch(page, page_size)``: one request for one page."""


class Pager(Generic[T]):
    """A lazy list result: awaitable for the first page, iterable across all of them.

    Arguments were validated when the pager was made; nothing is sent until it is awaited
    or iterated. Iteration stops exactly at the end: when a page says nothing is left, or
    at the first empty page, whatever ``total`` claims.
    """

    def __init__(self, fetch: PageFetcher[T], *, page: int = 1, page_size: int = 10) -> None:
        self._fetch = fetch
        self.page = page
        self.page_size = page_size

    def __await__(self) -> Generator[Any, None, Page[T]]:
        return self._fetch(self.page, self.page_size).__await__()

    async def pages(self, *, max_pages: int | None = None) -> AsyncIterator[Page[T]]:
        """Yield pages from the starting page on, at most ``max_pages`` of them."""
        number = self.page
        fetched = 0
        while max_pages is None or fetched < max_pages:
            page = await self._fetch(number, self.page_size)
            fetched += 1
            yield page
            if not page.has_next:
                return
            number += 1

    async def iter(self, *, limit: int | None = None) -> AsyncIterator[T]:
        """Yield records across pages, stopping after ``limit`` records if given."""
        if limit is not None and limit <= 0:
            return
        count = 0
        async for page in self.pages():
            for item in page.items:
                yield item
                count += 1
                if limit is not None and count >= limit:
                    return

    def __aiter__(self) -> AsyncIterator[T]:
        return self.iter()

    async def collect(self, *, limit: int | None = None) -> list[T]:
        """All records (or the first ``limit``) as a list."""
        return [item async for item in self.iter(limit=limit)]
