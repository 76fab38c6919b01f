"""``trenz.content.images``: image generation and subtitle removal."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.content.support import FAST, IMAGE, VIDEO, assert_fully_known, finish, sent_body
from tests.helpers import SLOW_POLLS, poll_times
from trenz_async import TrenzClient
from trenz_async.models.content import GeneratedVideo, ImageGeneration

pytestmark = pytest.mark.anyio
GENERATE = "/open/v1/ai/images/generate"
SUBTITLES = "/open/v1/ai/videos/subtitle-removal"


async def test_generate_makes_n_images_at_the_ratio_asked(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    handle = await client.content.images.generate(
        prompt="a bamboo desk lamp on a white desk", image_urls=[IMAGE], aspect_ratio="9:16", n=3
    )
    finish(trenz_simulator, GENERATE)
    result = await handle.wait(policy=FAST)
    assert type(result) is ImageGeneration
    assert result.aspect_ratio == "9:16"
    images = list(result.images or [])
    assert len(images) == 3
    assert len({image.url for image in images}) == 3
    assert all((image.width, image.height) == (576, 1024) for image in images)
    assert all((image.url or "").endswith(".png") for image in images)
    assert_fully_known(result)
    assert sent_body(trenz_simulator, GENERATE) == {
        "prompt": "a bamboo desk lamp on a white desk",
        "image_urls": [IMAGE],
        "aspect_ratio": "9:16",
        "n": 3,
    }


async def test_generate_leaves_unset_options_to_the_services_defaults(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    handle = await client.content.images.generate(prompt="a lamp")
    assert sent_body(trenz_simulator, GENERATE) == {"prompt": "a lamp"}
    finish(trenz_simulator, GENERATE)
    result = await handle.wait(policy=FAST)
    assert result.aspect_ratio == "1:1"
    assert [(i.width, i.height) for i in result.images or []] == [(1024, 1024)]


async def test_remove_subtitles_returns_the_cleaned_video(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    handle = await client.content.images.remove_subtitles(video_url=VIDEO)
    finish(trenz_simulator, SUBTITLES)
    result = await handle.wait(policy=FAST)
    assert type(result) is GeneratedVideo
    assert (result.video_url or "").endswith(".mp4")
    assert (result.cover_url or "").endswith(".jpg")
    assert result.duration is not None
    assert result.duration > 0
    assert result.model == "video-subtitle-removal"
    assert_fully_known(result)
    assert sent_body(trenz_simulator, SUBTITLES) == {"video_url": VIDEO}


async def test_a_submitted_task_is_first_polled_one_interval_after_its_submit(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    handle = await client.content.images.generate(prompt="a lamp", image_urls=[IMAGE])
    assert handle.submitted_at is not None
    finish(trenz_simulator, GENERATE)  # done already: one poll ends the wait
    _, (polled,) = await poll_times(handle.wait)
    assert polled - handle.submitted_at >= SLOW_POLLS.interval
    # the same task waited for by id (a task submitted earlier) is polled at once
    began = time.monotonic()
    _, (polled,) = await poll_times(client.tasks.wait, task_id=handle.task_id)
    assert polled - began < SLOW_POLLS.interval
