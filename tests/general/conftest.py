"""Fixtures for Trenz General (tasks, files, account): a client on the test's simulator."""

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
