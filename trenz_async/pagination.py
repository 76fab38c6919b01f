"""Pages and pagers: ``page``/``page_size`` lists and cursor lists.

A :class:`Pager` is what a list method returns, before any request is sent::

    page = await trenz.data.products.search(country="us")        # the first page
    async for product in trenz.data.products.search(country="us").iter(limit=500): ...
    async for page in trenz.data.products.search(country="us").pages(): ...

A :class:`CursorPager` is the same for lists that continue from a cursor the previous
answer gave (``cursor`` + ``has_more``, e.g. real-time comments), used the same way.
"""

from __future__ import annotations

from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Iterator,
    Mapping,
    Sequence,
)
from typing import Any, Generic, Protocol, TypeVar

import attrs

from trenz_async.models.common import Usage

__all__ = ["CursorPage", "CursorPager", "Page", "Pager", "has_more_flag"]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


@attrs.frozen(slots=True)
class Page(Generic[T]):
    """One page of results.

    ``total`` is the number of matching records across all pages (``data.total_count``, or
    the top-level ``total``); ``page`` is 1-based. ``usage`` is what the call cost. An answer
    without a count sets ``more`` instead (its ``has_more``, else whether the page was full),
    and ``total`` counts the records up to this page.
    """

    items: Sequence[T]
    total: int
    page: int
    page_size: int
    request_id: str | None = None
    usage: Usage | None = None
    warnings: tuple[str, ...] = ()
    more: bool | None = None

    @property
    def has_next(self) -> bool:
        """True when records remain after this page."""
        if self.more is not None:
            return bool(self.items) and self.more
        return bool(self.items) and self.page * self.page_size < self.total

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)


PageFetcher = Callable[[int, int], Awaitable[Page[T]]]
"""``fetch(page, page_size)``: one request for one page."""


class _Items(Protocol[T_co]):
    @property
    def items(self) -> Sequence[T_co]: ...


class _Walk(Generic[T]):
    """Record iteration shared by both pagers, built on their ``pages()``."""

    def pages(self, *, max_pages: int | None = None) -> AsyncIterator[_Items[T]]:
        raise NotImplementedError

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


class Pager(_Walk[T]):
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


def has_more_flag(value: object) -> bool | None:
    """A cursor list's ``has_more`` as a bool: ``true``/``false``, ``"true"``/``"false"``
    (any case), ``1``/``0``; missing or null is ``False``. Anything else is ``None`` (the
    caller reports the answer as undecodable)."""
    if value is None or value is False or value is True:
        return bool(value)
    if value.__class__ is str:
        text = str(value).strip().lower()
        if text in ("true", "false"):
            return text == "true"
    elif value.__class__ is int and value in (0, 1):
        return value == 1
    return None


@attrs.frozen(slots=True)
class CursorPage(Generic[T]):
    """One page of a cursor list.

    ``cursor`` is the answer's cursor (where the next page starts) and ``has_more`` whether
    the service has more after it. ``resume`` is the request fields that continue from here
    (the cursor, plus anything the list carries from page to page such as a ``search_id``):
    pass ``resume[cursor_field]`` as ``cursor=`` to pick the list up later.
    """

    items: Sequence[T]
    cursor: Any
    has_more: bool
    resume: Mapping[str, Any] = attrs.field(factory=dict)
    request_id: str | None = None
    usage: Usage | None = None
    warnings: tuple[str, ...] = ()

    @property
    def has_next(self) -> bool:
        """True when the service says more follows and this page was not empty."""
        return self.has_more and bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)


CursorFetcher = Callable[[Mapping[str, Any]], Awaitable[CursorPage[T]]]
"""``fetch(position)``: one request for the page at ``position`` (the cursor's fields)."""


class CursorPager(_Walk[T]):
    """A lazy cursor list: awaitable for the first page, iterable across all of them.

    Arguments were validated when the pager was made; nothing is sent until it is awaited
    or iterated. Iteration stops when a page says ``has_more`` is false, at the first empty
    page, or when the service hands back the cursor it was just sent (it would loop).
    """

    def __init__(self, fetch: CursorFetcher[T], start: Mapping[str, Any]) -> None:
        self._fetch = fetch
        self.start: Mapping[str, Any] = dict(start)

    def __await__(self) -> Generator[Any, None, CursorPage[T]]:
        return self._fetch(self.start).__await__()

    async def pages(self, *, max_pages: int | None = None) -> AsyncIterator[CursorPage[T]]:
        """Yield pages from the starting cursor on, at most ``max_pages`` of them."""
        position = self.start
        fetched = 0
        while max_pages is None or fetched < max_pages:
            page = await self._fetch(position)
            fetched += 1
            yield page
            if not page.has_next or page.resume == position:
                return
            position = page.resume
