"""Fixtures for the Research client: a TikTok client on the simulator, and reference walks.

The reference (:func:`direct_ids`) reads the simulator over plain aiohttp with a client key
of its own (its quota and journal entries stay apart), one window at a time, 50 records per
request, with the Research faults off: what the client under test must yield, exactly once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from tests.helpers import FAST_RETRY
from trenz_async import TikTokClient
from trenz_async.testing import Simulator

QUERY = "/v2/research/adlib/commercial_content/query/"
ALL_FIELDS = ("id", "create_date", "create_timestamp", "label", "brand_names", "creator", "videos")


def research_client(sim: Simulator, key: str, secret: str, **options: Any) -> TikTokClient:
    """A TikTok client on ``sim`` with fast retries and no client-side rate limit."""
    settings: dict[str, Any] = {"rate_limit_per_minute": None, "retry": FAST_RETRY}
    return TikTokClient(key, secret, base_url=sim.url, **{**settings, **options})


@pytest.fixture
def sim(trenz_simulator: Simulator) -> Simulator:
    return trenz_simulator


@pytest.fixture
async def tiktok(sim: Simulator) -> AsyncIterator[TikTokClient]:
    key, secret = sim.create_tiktok_client()
    async with research_client(sim, key, secret) as client:
        yield client


def queries(sim: Simulator, client_key: str) -> list[Any]:
    """The journal's query requests of ``client_key``."""
    return [e for e in sim.journal if e.path == QUERY and e.key_id == client_key]


def windows(first: dt.date, last: dt.date, days: int) -> list[tuple[str, str]]:
    """``first``..``last`` cut into windows of ``days`` calendar days, as YYYYMMDD pairs."""
    found = []
    while first <= last:
        end = min(first + dt.timedelta(days=days - 1), last)
        found.append((f"{first:%Y%m%d}", f"{end:%Y%m%d}"))
        first = end + dt.timedelta(days=1)
    return found


async def direct_ids(
    sim: Simulator, first: dt.date, last: dt.date, **filters: Any
) -> dict[tuple[str, str], list[str]]:
    """Ids per 30-day window, read over raw HTTP (faults must be off), in service order."""
    key, secret = sim.create_tiktok_client()
    form = {"client_key": key, "client_secret": secret, "grant_type": "client_credentials"}
    found: dict[tuple[str, str], list[str]] = {}
    async with aiohttp.ClientSession() as http:
        async with http.post(sim.url + "/v2/oauth/token/", data=form) as answer:
            token = (await answer.json())["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        for low, high in windows(first, last, 30):
            ids: list[str] = []
            body: dict[str, Any] = {
                "filters": {"content_published_date_range": {"min": low, "max": high}, **filters},
                "max_count": 50,
            }
            while True:
                url = sim.url + QUERY
                async with http.post(url, params={"fields": "id"}, json=body, headers=headers) as r:
                    data = (await r.json())["data"]
                ids += [item["id"] for item in data["commercial_contents"]]
                if not data["has_more"]:
                    break
                body["search_id"] = data["search_id"]
            found[(low, high)] = ids
    return found
