"""Fixtures for transport tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.helpers import sim_client
from trenz_async import TrenzClient


@pytest.fixture
async def client(trenz_simulator, trenz_api_key) -> AsyncIterator[TrenzClient]:
    async with sim_client(trenz_simulator, trenz_api_key) as trenz:
        yield trenz
