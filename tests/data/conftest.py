"""Fixtures for the Data namespace tests: a client on a fresh simulator, parent finders."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from trenz_async import TrenzClient
from trenz_async.pagination import Page, Pager


@pytest.fixture
async def client(trenz_simulator: Any, trenz_api_key: str) -> AsyncIterator[TrenzClient]:
    """A client pointed at the test's simulator, without a client-side rate limit."""
    async with TrenzClient(
        trenz_api_key, base_url=trenz_simulator.url, rate_limit_per_minute=None
    ) as trenz:
        yield trenz


async def related_page(search: Pager[Any], related: Any, *, tries: int = 40) -> Page[Any]:
    """The first non-empty page of ``related(id)`` for a parent drawn from ``search``."""
    async for parent in search.iter(limit=tries):
        page: Page[Any] = await related(parent.id, country="us", page_size=5)
        if page.items:
            return page
    pytest.fail(f"no parent among {tries} search rows has related rows")
