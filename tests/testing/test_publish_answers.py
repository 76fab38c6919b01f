"""Social/2 answers as the seed shows them (``publish_answers="seed"``) and the 5-minute rule."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from tests.testing.conftest import Http
from tests.testing.test_publishing import (
    DAY,
    PUBLISH,
    entry,
    ok,
    publish,
    publish_body,
    session,
    upload,
)
from trenz_async.testing import Simulator

pytestmark = pytest.mark.anyio


@pytest.fixture
async def seed_http() -> AsyncIterator[Http]:
    async with (
        Simulator(seed=1234, publish_answers="seed") as sim,
        aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True)) as http,
    ):
        yield Http(http, sim, sim.create_api_key())


async def test_seed_answers_give_only_the_token_then_only_the_status(seed_http: Http) -> None:
    data = await ok(seed_http, PUBLISH, publish_body(*upload(seed_http.sim), entry()))
    assert list(data) == ["session_token"]
    assert await session(seed_http, data["session_token"]) == {"status": "processing"}
    seed_http.sim.clock.advance(10)
    assert await session(seed_http, data["session_token"]) == {"status": "completed"}


async def test_full_answers_are_the_default(http: Http) -> None:
    data = await publish(http, entry())
    assert {"session_token", "status", "publications"} <= set(data)
    assert {"session_token", "status", "publications"} <= set(
        await session(http, data["session_token"])
    )


def test_an_unknown_answer_style_is_refused() -> None:
    with pytest.raises(ValueError, match="publish_answers must be one of: full, seed"):
        Simulator(publish_answers="minimal")


@pytest.mark.parametrize("offset", [60, -3600], ids=["under 5 minutes", "in the past"])
async def test_a_reschedule_under_5_minutes_is_demoted_to_immediate(
    http: Http, offset: int
) -> None:
    data = await publish(http, entry(scheduled_at=int(http.sim.clock.now()) + DAY))
    pub_id = data["publications"][0]["publication_id"]
    at = int(http.sim.clock.now()) + offset
    moved = await ok(http, "/publish/reschedule", {"publication_id": pub_id, "scheduled_at": at})
    assert (moved["status"], moved["scheduled_at"]) == ("pending", None)
    http.sim.clock.advance(10)
    view = await session(http, data["session_token"])
    assert [p["status"] for p in view["publications"]] == ["published"]
