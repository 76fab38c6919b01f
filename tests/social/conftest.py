"""Fixtures for Social/1-3: a client on the test's simulator and a video stored through it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.helpers import sim_client
from trenz_async import TrenzClient
from trenz_async.models import UploadedObject
from trenz_async.polling import PollPolicy

FAST = PollPolicy(interval=0.01, jitter=0.0, max_interval=0.02)
"""Polls 10-20 ms apart: the simulator's clock, not the wall clock, moves lifecycles."""
ACCOUNT = 4687
OTHER_ACCOUNT = 5678
"""The two active TikTok accounts the simulator seeds (the seed's publishing examples)."""


@pytest.fixture
async def client(trenz_simulator: Any, trenz_api_key: str) -> AsyncIterator[TrenzClient]:
    async with sim_client(trenz_simulator, trenz_api_key) as trenz:
        yield trenz


@pytest.fixture
async def video(client: TrenzClient, trenz_simulator: Any) -> UploadedObject:
    """A small mp4 uploaded with the real client; the journal starts empty after it."""
    stored = await client.files.upload(b"\x00\x00\x00\x18ftypmp42" * 4096, file_name="clip.mp4")
    trenz_simulator.reset()
    return stored
