"""``trenz.content.videos``: the seven generation models, clone and super resolution."""

from __future__ import annotations

from typing import Any

import pytest

from tests.content.support import FAST, IMAGE, VIDEO, assert_fully_known, finish, sent_body
from trenz_async import TrenzClient
from trenz_async.models.content import GeneratedVideo

pytestmark = pytest.mark.anyio
V1 = "/open/v1/ai/videos"

#: method -> (model path segment, non-default duration, aspect ratio, resolution)
MODELS: dict[str, tuple[str, int, str, str]] = {
    "seedance_pro_fast": ("seedance-pro-fast", 10, "1:1", "1080p"),
    "seedance_pro": ("seedance-pro", 10, "9:16", "480p"),
    "grok": ("grok", 10, "1:1", "480p"),
    "sora2_pro": ("sora2-pro", 12, "9:16", "720p"),
    "sora2": ("sora2", 8, "9:16", "720p"),
    "veo3": ("veo3", 8, "9:16", "1080p"),
    "wan": ("wan2.6", 15, "1:1", "480p"),
}


@pytest.mark.parametrize("method", sorted(MODELS))
async def test_a_model_makes_the_video_asked_for(
    client: TrenzClient, trenz_simulator: Any, method: str
) -> None:
    model, duration, ratio, resolution = MODELS[method]
    generate = getattr(client.content.videos, method)
    handle = await generate(
        prompt="a lamp turning on at dusk",
        image_url=IMAGE,
        duration=duration,
        aspect_ratio=ratio,
        resolution=resolution,
    )
    path = f"{V1}/{model}"
    assert sent_body(trenz_simulator, path) == {
        "prompt": "a lamp turning on at dusk",
        "image_url": IMAGE,
        "duration": duration,
        "aspect_ratio": ratio,
        "resolution": resolution,
    }
    finish(trenz_simulator, path)
    result = await handle.wait(policy=FAST)
    assert type(result) is GeneratedVideo
    assert (result.model, result.duration) == (model, float(duration))
    assert (result.aspect_ratio, result.resolution) == (ratio, resolution)
    assert (result.video_url or "").startswith("https://")
    assert result.cover_url
    assert_fully_known(result)


@pytest.mark.parametrize(
    ("method", "defaults"),
    [
        ("seedance_pro_fast", (5.0, "16:9", "720p")),
        ("seedance_pro", (5.0, "16:9", "1080p")),
        ("grok", (6.0, "16:9", "720p")),
        ("sora2_pro", (4.0, "16:9", "1080p")),
        ("veo3", (8.0, "16:9", "720p")),
    ],
)
async def test_a_prompt_alone_gets_the_models_defaults(
    client: TrenzClient, trenz_simulator: Any, method: str, defaults: tuple[float, str, str]
) -> None:
    model = MODELS[method][0]
    handle = await getattr(client.content.videos, method)(prompt="a lamp")
    assert sent_body(trenz_simulator, f"{V1}/{model}") == {"prompt": "a lamp"}
    finish(trenz_simulator, f"{V1}/{model}")
    result = await handle.wait(policy=FAST)
    assert (result.duration, result.aspect_ratio, result.resolution) == defaults


async def test_clone_sends_the_video_and_product_images(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    images = [IMAGE, "https://cdn.example.com/photos/lamp-side.jpg"]
    handle = await client.content.videos.clone(
        video_url=VIDEO, product_image_urls=images, prompt="swap in our lamp"
    )
    assert sent_body(trenz_simulator, f"{V1}/clone") == {
        "video_url": VIDEO,
        "product_image_urls": images,
        "prompt": "swap in our lamp",
    }
    finish(trenz_simulator, f"{V1}/clone")
    result = await handle.wait(policy=FAST)
    assert result.model == "video-clone"
    assert (result.video_url or "").endswith(".mp4")
    assert_fully_known(result)


async def test_super_resolution_upscales_to_the_target(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    handle = await client.content.videos.super_resolution(video_url=VIDEO, target_resolution="4k")
    finish(trenz_simulator, f"{V1}/super-resolution")
    result = await handle.wait(policy=FAST)
    assert (result.resolution, result.model) == ("4k", "video-super-resolution")
    default = await client.content.videos.super_resolution(video_url=VIDEO)
    finish(trenz_simulator, f"{V1}/super-resolution")
    assert (await default.wait(policy=FAST)).resolution == "1080p"
