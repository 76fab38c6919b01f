"""Fixtures for the Ads management client (``trenz.ads``): a client on the test's simulator.

The simulator's clock is pinned to noon UTC on 2026-09-01 (the day its seeded ads data is
generated around), so insight and report rows run up to that day whatever today is.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any

import pytest

from tests.helpers import sim_client
from trenz_async import TrenzClient

TODAY = date(2026, 9, 1)
"""The simulator clock's day in these tests: the last day with insight rows."""


@pytest.fixture
async def client(trenz_simulator: Any, trenz_api_key: str) -> AsyncIterator[TrenzClient]:
    trenz_simulator.clock.set(datetime(2026, 9, 1, 12, tzinfo=UTC).timestamp())
    async with sim_client(trenz_simulator, trenz_api_key) as trenz:
        yield trenz


@pytest.fixture
def advertiser_id(trenz_simulator: Any) -> str:
    """The first seeded ad account (active, USD)."""
    return str(trenz_simulator.ads.accounts()[0].advertiser_id)
