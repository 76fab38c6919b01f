"""pytest plugin: ``trenz_simulator`` and ``trenz_api_key`` fixtures (anyio-driven).

The fixtures are ``async def``; the test module (or a conftest) must provide anyio's
``anyio_backend`` fixture returning ``"asyncio"`` and mark tests with ``@pytest.mark.anyio``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from trenz_async.testing.server import Simulator


@pytest.fixture
async def trenz_simulator() -> AsyncIterator[Simulator]:
    """Yield a started ``Simulator(seed=1234)``; it is closed after the test."""
    async with Simulator(seed=1234) as sim:
        yield sim


@pytest.fixture
def trenz_api_key(trenz_simulator: Simulator) -> str:
    """Return an active API key with every scope on ``trenz_simulator``."""
    return trenz_simulator.create_api_key()
