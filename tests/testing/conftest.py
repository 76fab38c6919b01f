"""Fixtures for the simulator's own tests: a fresh HTTP session and a GET helper."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from trenz_async.testing import Simulator


class Http:
    """A tiny aiohttp wrapper bound to a simulator and a key."""

    def __init__(self, session: aiohttp.ClientSession, sim: Simulator, key: str) -> None:
        self.session, self.sim, self.key = session, sim, key

    async def get(
        self, path: str, key: str | None = None, **params: Any
    ) -> tuple[int, dict[str, Any], Any]:
        headers = {"X-API-Key": key or self.key}
        query = {k: str(v) for k, v in params.items()}
        async with self.session.get(self.sim.url + path, params=query, headers=headers) as r:
            return r.status, dict(r.headers), await r.json(content_type=None)

    async def post(self, path: str, body: Any, key: str | None = None) -> tuple[int, Any]:
        headers = {"X-API-Key": key or self.key}
        async with self.session.post(self.sim.url + path, json=body, headers=headers) as r:
            return r.status, await r.json(content_type=None)


@pytest.fixture
async def http(trenz_simulator: Simulator, trenz_api_key: str) -> AsyncIterator[Http]:
    connector = aiohttp.TCPConnector(force_close=True)
    async with aiohttp.ClientSession(connector=connector) as session:
        yield Http(session, trenz_simulator, trenz_api_key)
