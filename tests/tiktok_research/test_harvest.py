"""harvest(): a long walk that resumes from its checkpoint after a crash, without duplicates."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import anyio
import pytest

from tests.tiktok_research.conftest import direct_ids, queries
from trenz_async import TikTokClient, ValidationError
from trenz_async.resources.tiktok_research.harvest import FileCheckpoint, MemoryCheckpoint
from trenz_async.testing import Simulator

pytestmark = pytest.mark.anyio

FIRST, LAST = dt.date(2023, 1, 1), dt.date(2023, 3, 31)
FILTERS = {
    "content_published_date_range": {"min": FIRST, "max": LAST},
    "creator_country_code": "AT",
}


class Crash(Exception):
    """What the consumer raises to stop the harvest mid-way."""


async def _expected(sim: Simulator) -> list[str]:
    found = await direct_ids(sim, FIRST, LAST, creator_country_code="AT")
    return sorted(i for window in found.values() for i in window)


async def _harvest(
    tiktok: TikTokClient, checkpoint: Any, *, stop_after: int | None = None
) -> list[str]:
    got: list[str] = []
    research = tiktok.research.commercial_content
    try:
        async for item in research.harvest(FILTERS, "id", checkpoint=checkpoint, max_count=10):
            got.append(item.id)
            if stop_after is not None and len(got) == stop_after:
                raise Crash
    except Crash:
        pass
    return got


async def test_a_crashed_harvest_resumes_without_duplicates(
    sim: Simulator, tiktok: TikTokClient, tmp_path: Path
) -> None:
    expected = await _expected(sim)
    sim.research_faults(reject_search_id_rate=0.3, wide_window_500_days=20)
    checkpoint = tmp_path / "harvest.checkpoint"
    runs = [await _harvest(tiktok, checkpoint, stop_after=stop) for stop in (7, 41, 23)]
    runs.append(await _harvest(tiktok, checkpoint))
    assert [len(run) for run in runs[:3]] == [7, 41, 23]  # each stopped mid-page
    everything = [i for run in runs for i in run]
    assert Counter(everything).most_common(1)[0][1] == 1
    assert sorted(everything) == expected
    sent = len(queries(sim, tiktok.client_key))
    assert await _harvest(tiktok, checkpoint) == []  # finished: nothing more, nothing sent
    assert len(queries(sim, tiktok.client_key)) == sent


async def test_a_break_mid_page_resumes(
    sim: Simulator, tiktok: TikTokClient, tmp_path: Path
) -> None:
    windows = list((await direct_ids(sim, FIRST, LAST, creator_country_code="AT")).values())
    checkpoint = str(tmp_path / "harvest.checkpoint")
    first: list[str] = []
    research = tiktok.research.commercial_content
    async for item in research.harvest(FILTERS, ["id"], checkpoint=checkpoint):
        first.append(item.id)
        if len(first) == len(windows[0]) + 20:  # the second window, mid-page
            break
    saved = FileCheckpoint(checkpoint).load()
    assert saved is not None
    assert saved.state.first == dt.date(2023, 1, 31)
    assert saved.state.seen == set(windows[1][:20])  # the current window's ids only
    rest = await _harvest(tiktok, checkpoint)
    assert sorted(first + rest) == sorted(i for window in windows for i in window)


async def test_a_cancelled_harvest_resumes(
    sim: Simulator, tiktok: TikTokClient, tmp_path: Path
) -> None:
    expected = await _expected(sim)
    checkpoint = FileCheckpoint(tmp_path / "harvest.checkpoint")
    first: list[str] = []
    research = tiktok.research.commercial_content
    with anyio.CancelScope() as scope:
        async for item in research.harvest(FILTERS, "id", checkpoint=checkpoint, max_count=10):
            first.append(item.id)
            if len(first) == 30:
                scope.cancel()  # lands in the harvest's next request
    assert scope.cancelled_caught
    rest = await _harvest(tiktok, FileCheckpoint(checkpoint.path))
    assert sorted(first + rest) == expected
    assert not set(first) & set(rest)


async def test_a_memory_checkpoint_resumes_after_an_exception(
    sim: Simulator, tiktok: TikTokClient
) -> None:
    expected = await _expected(sim)
    sim.research_faults(reject_search_id_rate=0.3)
    store = MemoryCheckpoint()
    first = await _harvest(tiktok, store, stop_after=55)
    rest = await _harvest(tiktok, store)
    assert sorted(first + rest) == expected


async def test_a_cut_last_line_is_ignored(
    sim: Simulator, tiktok: TikTokClient, tmp_path: Path
) -> None:
    expected = await _expected(sim)
    path = tmp_path / "harvest.checkpoint"
    first = await _harvest(tiktok, path, stop_after=12)
    with path.open("a") as out:
        out.write('{"mark": "v09044g4')  # a crash while a line was written
    rest = await _harvest(tiktok, path)
    assert sorted(first + rest) == expected


async def test_a_checkpoint_of_other_filters_is_refused(
    sim: Simulator, tiktok: TikTokClient, tmp_path: Path
) -> None:
    path = tmp_path / "harvest.checkpoint"
    await _harvest(tiktok, path, stop_after=3)
    before = len(sim.journal)
    other = {**FILTERS, "creator_country_code": "FR"}
    with pytest.raises(ValidationError) as caught:
        tiktok.research.commercial_content.harvest(other, "id", checkpoint=path)
    assert caught.value.field == "checkpoint"
    assert "other filters" in str(caught.value)
    assert len(sim.journal) == before


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"checkpoint": 5}, "checkpoint"),
        ({"checkpoint": ""}, "checkpoint"),
        ({"window_days": 0}, "window_days"),
        ({"max_count": 60}, "max_count"),
    ],
)
async def test_harvest_arguments_are_refused_before_sending(
    sim: Simulator, tiktok: TikTokClient, arguments: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        tiktok.research.commercial_content.harvest(FILTERS, "id", **arguments)
    assert caught.value.field == field
    assert sim.journal == []
