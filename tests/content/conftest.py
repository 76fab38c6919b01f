"""Fixtures for the Content tests: a client on the test's simulator, a product to write about."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.helpers import sim_client
from trenz_async import TrenzClient


@pytest.fixture
async def client(trenz_simulator: Any, trenz_api_key: str) -> AsyncIterator[TrenzClient]:
    async with sim_client(trenz_simulator, trenz_api_key) as trenz:
        yield trenz


@pytest.fixture
async def product_id(client: TrenzClient) -> str:
    """The id of a real US product of the simulator's dataset (one Data search)."""
    page = await client.data.products.search(country="us", page_size=1)
    return page.items[0].id
