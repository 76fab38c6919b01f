"""Short-drama test support: clients, uploads and filled plays made through the real client."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
import pytest

from tests.helpers import FAST_RETRY
from trenz_async import TikTokClient, ValidationError
from trenz_async.models.shortdrama import AlbumInfoInput, EpisodeInfoInput, Video
from trenz_async.polling import PollEvent, PollPolicy
from trenz_async.resources.shortdrama.paths import PREFIX

MONDAY = dt.datetime(2027, 3, 1, 10, 0, tzinfo=dt.UTC).timestamp()
"""A Monday, 10:00 UTC: reviews take working days, so tests start on a known weekday."""
DAY = 86_400.0
FAST = PollPolicy(interval=0.01, jitter=0.0, max_interval=0.02)
"""Polls 10-20 ms apart: the simulator's clock, not the wall clock, moves the jobs."""
ACCOUNT = "333234234"
SPACE = "shortdrama-sg"
INFO = AlbumInfoInput(
    language=2,
    title="demo drama",
    seq_num=40,
    year=2026,
    album_status=2,
    desp="demo description",
    drama_type=2,
    tag_list=[101],
)


def tiktok_client(sim: Any, key: str, secret: str, **options: Any) -> TikTokClient:
    """A client on the simulator with fast retries and no client-side rate limit."""
    settings: dict[str, Any] = {"rate_limit_per_minute": None, "retry": FAST_RETRY}
    return TikTokClient(key, secret, base_url=sim.url, **{**settings, **options})


def ticking(sim: Any, seconds: float = 10.0) -> Callable[[PollEvent], None]:
    """An ``on_poll`` that moves the simulator clock ``seconds`` after every poll."""
    return lambda _: sim.clock.advance(seconds)


def drama_requests(sim: Any) -> list[Any]:
    """The short-drama requests the simulator received (the token request excluded)."""
    return [entry for entry in sim.journal if entry.path.startswith(PREFIX)]


def refused_before_sending(sim: Any, field: str, call: Any, **arguments: Any) -> ValidationError:
    """``call(**arguments)`` raises ValidationError on ``field`` and nothing is sent."""
    before = len(sim.journal)
    with pytest.raises(ValidationError) as caught:
        call(**arguments)
    assert caught.value.field == field, caught.value
    assert len(sim.journal) == before
    return caught.value


def start_upload(tiktok: TikTokClient, title: str = "episode_01") -> Any:
    """The upload call for ``title`` (a coroutine giving its job)."""
    return tiktok.shortdrama.videos.upload(
        url=f"https://media.example.com/{title}.mp4",
        title=title,
        space_name=SPACE,
        byteplus_account_id=ACCOUNT,
    )


async def upload_video(tiktok: TikTokClient, sim: Any, title: str = "episode_01") -> Video:
    """Upload a video through the client and wait (on the sim clock) for its ``vid``."""
    job = await start_upload(tiktok, title)
    return await job.wait(timeout=5, policy=FAST, on_poll=ticking(sim))


async def cover(tiktok: TikTokClient, name: str = "cover") -> str:
    image = await tiktok.shortdrama.images.create(image_url=f"https://cdn.example.com/{name}.jpg")
    return image.open_pic_id


async def filled_album(
    tiktok: TikTokClient, sim: Any, *, title: str = "demo drama", episodes: int = 1
) -> tuple[str, list[str]]:
    """A new play whose version 1 is filled with ``episodes`` episodes; (album_id, vids)."""
    pic = await cover(tiktok)
    videos = [await upload_video(tiktok, sim, f"episode_{n:02}") for n in range(1, episodes + 1)]
    created = await tiktok.shortdrama.albums.create()
    assert created.album_id is not None
    await tiktok.shortdrama.albums.update(
        album_id=created.album_id,
        album_info=attrs.evolve(INFO, title=title, cover_list=[pic]),
        episode_info_list=[
            EpisodeInfoInput(title=f"ep {n}", seq=n, cover_list=[pic], byteplus_vid=v.vid)
            for n, v in enumerate(videos, start=1)
        ],
    )
    return created.album_id, [str(v.vid) for v in videos]
