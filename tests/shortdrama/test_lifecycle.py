"""A short drama from uploaded episodes to an approved, online, listed play (sim clock)."""

from __future__ import annotations

from typing import Any

import anyio
import attrs
import pytest

from tests.shortdrama.support import ACCOUNT, DAY, FAST, INFO, SPACE, cover, ticking
from trenz_async import TikTokClient
from trenz_async.models.shortdrama import (
    EpisodeInfoInput,
    PublishStatus,
    ReviewStatus,
    Subtitles,
    Video,
)

pytestmark = pytest.mark.anyio


async def _episodes(tiktok: TikTokClient, sim: Any, count: int) -> list[Video]:
    """Upload ``count`` episode videos at once; each job is polled until it has its vid."""
    jobs = [
        await tiktok.shortdrama.videos.upload(
            url=f"https://media.example.com/ep{n}.mp4",
            title=f"episode_{n:02}",
            space_name=SPACE,
            byteplus_account_id=ACCOUNT,
        )
        for n in range(1, count + 1)
    ]
    videos: dict[int, Video] = {}

    async def wait(index: int) -> None:
        videos[index] = await jobs[index].wait(timeout=5, policy=FAST, on_poll=ticking(sim, 5))

    async with anyio.create_task_group() as group:
        for index in range(count):
            group.start_soon(wait, index)
    return [videos[index] for index in range(count)]


async def _subtitle(tiktok: TikTokClient, sim: Any, video: Video, language: str) -> Subtitles:
    job = await tiktok.shortdrama.subtitles.upload(
        subtitle_url=f"https://media.example.com/{video.title}.{language}.srt",
        language=language,
        space_name=SPACE,
        byteplus_account_id=ACCOUNT,
    )
    done = await job.wait(timeout=5, policy=FAST, on_poll=ticking(sim))
    assert done.subtitle_id is not None
    assert video.vid is not None
    await tiktok.shortdrama.subtitles.bind(vid=video.vid, subtitle_id=done.subtitle_id)
    return done


async def test_a_drama_goes_from_uploads_to_an_online_listed_play(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    drama, sim = tiktok.shortdrama, trenz_simulator
    poster = await cover(tiktok, "poster")
    still = await cover(tiktok, "still")
    first, second, third = await _episodes(tiktok, sim, 3)
    assert all(v.vid and v.byteplus_url for v in (first, second, third))

    created = await drama.albums.create()
    album_id = created.album_id
    assert album_id is not None
    assert created.version == 1
    filled = await drama.albums.update(
        album_id=album_id,
        album_info=attrs.evolve(INFO, cover_list=[poster], seq_num=3),
        episode_info_list=[
            EpisodeInfoInput(title="ep 1", seq=1, cover_list=[still], byteplus_vid=first.vid),
            EpisodeInfoInput(title="ep 2", seq=2, cover_list=[still], byteplus_vid=second.vid),
        ],
    )
    assert filled.version == 1
    assert set(filled.episode_ids) == {"seq_1", "seq_2"}
    edited = await drama.albums.update(
        album_id=album_id,
        version=filled.version,
        album_info={"album_status": 3},
        episode_info_list=[
            {"title": "ep 3", "seq": 3, "cover_list": [still], "byteplus_vid": third.vid},
        ],
    )
    assert edited.version == 2
    assert set(edited.episode_ids) == {"seq_3"}

    for video in (first, second, third):
        await _subtitle(tiktok, sim, video, "en")
    bound = await drama.subtitles.get(vid=third.vid, byteplus_account_id=ACCOUNT)
    assert [s.language for s in bound.subtitle_info_list or []] == ["en"]

    review = await drama.albums.submit_review(album_id=album_id, version=edited.version)
    assert review.review_id is not None
    sim.clock.advance(3 * DAY + 3600)  # three working days at the latest (Monday -> Thursday)
    album = await drama.albums.get(album_id=album_id)
    v2 = album.version(2)
    assert v2 is not None
    assert v2.review is ReviewStatus.APPROVED
    assert v2.approved
    assert [e.seq for e in v2.episodes] == [1, 2, 3]
    assert [e.byteplus_vid for e in v2.episodes] == [first.vid, second.vid, third.vid]
    v1 = album.version(1)
    assert v1 is not None
    assert v1.review is ReviewStatus.NOT_SUBMITTED

    online = await drama.albums.set_online_version(album_id=album_id, version=2)
    assert online.online_version == 2
    listed = await drama.albums.status(album_id=album_id, status=1)
    assert listed.status == 1
    final = await drama.albums.get(album_id=album_id, version=2)
    assert (final.online_version, final.listing) == (2, PublishStatus.LISTED)
    counters = sim.drama_counters
    assert (counters["videos"], counters["images"], counters["subtitles"]) == (3, 2, 3)
    assert (counters["albums_created"], counters["album_updates"]) == (1, 2)
    assert (counters["reviews_submitted"], counters["online_versions_set"]) == (1, 1)
    assert (counters["subtitle_binds"], counters["listing_changes"]) == (3, 1)
