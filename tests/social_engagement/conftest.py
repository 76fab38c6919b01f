"""Fixtures for Social/4-7 (comments, analytics, tools, shop): a client on the simulator."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.helpers import sim_client
from trenz_async import TrenzClient

TIKTOK = 4687
"""A bound, active TikTok account of the seeded simulator."""
OTHER_TIKTOK = 5678


@pytest.fixture
async def client(trenz_simulator: Any, trenz_api_key: str) -> AsyncIterator[TrenzClient]:
    async with sim_client(trenz_simulator, trenz_api_key) as trenz:
        yield trenz


@pytest.fixture
def video_id(trenz_simulator: Any) -> str:
    """A video of :data:`TIKTOK` published long before the simulator started (it has history)."""
    videos = trenz_simulator.social_videos.for_account(TIKTOK)
    oldest = min(videos, key=lambda v: v.published_at)
    return str(oldest.platform_video_id)


@pytest.fixture
def today(trenz_simulator: Any) -> dt.date:
    """The simulator clock's UTC day."""
    return dt.datetime.fromtimestamp(trenz_simulator.clock.now(), dt.UTC).date()


def sent(sim: Any, path_end: str) -> list[Any]:
    """The journal entries whose path ends with ``path_end``."""
    return [entry for entry in sim.journal if entry.path.endswith(path_end)]
