"""Shared test values and checks for the Content tests."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping
from typing import Any

import attrs

from trenz_async import TrenzClient
from trenz_async.models import Model
from trenz_async.polling import PollPolicy
from trenz_async.resources.general.tasks import TaskHandle
from trenz_async.testing.trenz.content_routes import OPERATIONS

FAST = PollPolicy(interval=0.01, jitter=0.0, max_interval=0.02)
"""Real polling, paced for tests."""
VIDEO = "https://cdn.example.com/clips/lamp.mp4"
IMAGE = "https://cdn.example.com/photos/face.jpg"
AUDIO = "https://cdn.example.com/audio/voice.mp3"
COST = {op.path: op.cost for op in OPERATIONS}
"""Credits the simulator charges per path."""
KIND = {op.path: op.kind for op in OPERATIONS}
"""The simulator's task kind per path."""


def finish(sim: Any, path: str) -> None:
    """Move the simulator's clock past the run time of a task submitted to ``path``."""
    sim.clock.advance(sim.task_durations[KIND[path]] + 1)


def posts_to(sim: Any, path: str) -> list[Any]:
    """The journal's requests to ``POST path``."""
    return [e for e in sim.journal if e.method == "POST" and e.path == path]


def sent_body(sim: Any, path: str) -> Any:
    """The JSON body of the one request sent to ``path``."""
    [entry] = posts_to(sim, path)
    return entry.json


def assert_fully_known(record: Any, where: str = "$") -> None:
    """Every field the simulator sent has a model field: no ``extras`` anywhere."""
    if isinstance(record, Model):
        assert dict(record.extras) == {}, f"{where} has unknown fields {dict(record.extras)}"
        for field in attrs.fields(type(record)):
            if field.name != "extras":
                assert_fully_known(getattr(record, field.name), f"{where}.{field.name}")
    elif isinstance(record, list | tuple):
        for index, item in enumerate(record):
            assert_fully_known(item, f"{where}[{index}]")
    elif isinstance(record, Mapping):
        raise AssertionError(f"{where} decoded as a plain mapping, not a model")


Submit = Callable[[TrenzClient], Coroutine[Any, Any, TaskHandle[Any]]]
V1 = "/open/v1"
SUBMITS: dict[str, Submit] = {
    f"{V1}/ai/videos/content-analysis": lambda t: t.content.analysis.video_content(video_url=VIDEO),
    f"{V1}/ai/videos/scripts/breakdown": lambda t: t.content.analysis.script_breakdown(
        video_url=VIDEO
    ),
    f"{V1}/ai/videos/scripts/breakdown-v2": lambda t: t.content.analysis.script_breakdown_v2(
        video_url=VIDEO
    ),
    f"{V1}/ai/videos/storyboard-breakdown": lambda t: t.content.analysis.storyboard_breakdown(
        video_url=VIDEO
    ),
    f"{V1}/ai/products/description": lambda t: t.content.copywriting.product_description(
        product_info="Bamboo desk lamp"
    ),
    f"{V1}/ai/products/title": lambda t: t.content.copywriting.product_title(
        product_info="Bamboo desk lamp"
    ),
    f"{V1}/ai/products/review-analysis": lambda t: t.content.copywriting.review_analysis(
        product_id="123", country="us"
    ),
    f"{V1}/ai/images/generate": lambda t: t.content.images.generate(prompt="a lamp"),
    f"{V1}/ai/videos/subtitle-removal": lambda t: t.content.images.remove_subtitles(
        video_url=VIDEO
    ),
    f"{V1}/ai/videos/seedance-pro-fast": lambda t: t.content.videos.seedance_pro_fast(
        prompt="a lamp"
    ),
    f"{V1}/ai/videos/seedance-pro": lambda t: t.content.videos.seedance_pro(prompt="a lamp"),
    f"{V1}/ai/videos/clone": lambda t: t.content.videos.clone(video_url=VIDEO),
    f"{V1}/ai/videos/grok": lambda t: t.content.videos.grok(prompt="a lamp"),
    f"{V1}/ai/videos/sora2-pro": lambda t: t.content.videos.sora2_pro(prompt="a lamp"),
    f"{V1}/ai/videos/sora2": lambda t: t.content.videos.sora2(prompt="a lamp"),
    f"{V1}/ai/videos/super-resolution": lambda t: t.content.videos.super_resolution(
        video_url=VIDEO
    ),
    f"{V1}/ai/videos/veo3": lambda t: t.content.videos.veo3(prompt="a lamp"),
    f"{V1}/ai/videos/wan2.6": lambda t: t.content.videos.wan(prompt="a lamp"),
    f"{V1}/ai/avatar/photo-analysis": lambda t: t.content.avatar.photo_analysis(image_url=IMAGE),
    f"{V1}/ai/avatar/talking-photo": lambda t: t.content.avatar.talking_photo(
        image_url=IMAGE, audio_url=AUDIO
    ),
    f"{V1}/ai/videos/transcription": lambda t: t.content.tools.transcription(video_url=VIDEO),
}
"""One valid submit per async Content endpoint, by path."""
