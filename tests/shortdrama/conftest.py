"""Fixtures for the short-drama client: a ``TikTokClient`` on the test's simulator."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.shortdrama.support import MONDAY, tiktok_client
from trenz_async import TikTokClient


@pytest.fixture
def credentials(trenz_simulator: Any) -> tuple[str, str]:
    """A short-drama app's ``(client_key, client_secret)``; the sim clock is set to a Monday,
    10:00 UTC (reviews take working days)."""
    trenz_simulator.clock.set(MONDAY)
    return trenz_simulator.create_tiktok_client(rate_limit_per_minute=None)  # type: ignore[no-any-return]


@pytest.fixture
async def tiktok(trenz_simulator: Any, credentials: tuple[str, str]) -> AsyncIterator[TikTokClient]:
    """A client of that app."""
    async with tiktok_client(trenz_simulator, *credentials) as client:
        yield client
