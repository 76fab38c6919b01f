"""``trenz.content.images``: AI image generation and video subtitle removal (async tasks).

Each method returns a :class:`~trenz_async.resources.general.tasks.TaskHandle` once the job
is accepted; ``await handle.wait()`` gives the typed result. Both are billed when accepted
(10 credits), not refunded if the job fails later, and never re-sent when the submit's
answer is lost (:class:`~trenz_async.errors.AmbiguousOutcomeError`).
"""

from __future__ import annotations

from collections.abc import Coroutine, Sequence
from typing import Any, Literal, Unpack

from trenz_async.models.content import GeneratedVideo, ImageGeneration
from trenz_async.resources._base import CallOptions
from trenz_async.resources._validate import check_int_range
from trenz_async.resources.content._checks import (
    IMAGE_ASPECT_RATIOS,
    PROMPT_MAX,
    check_choice,
    check_long_text,
    check_url,
    check_url_list,
)
from trenz_async.resources.content.paths import IMAGE_GENERATION, SUBTITLE_REMOVAL
from trenz_async.resources.general.tasks import TaskHandle, TaskSubmitter

__all__ = ["ImageAspectRatio", "ImagesResource"]

ImageAspectRatio = Literal["1:1", "3:4", "4:3", "9:16", "16:9"]


class ImagesResource(TaskSubmitter):
    """Generate images from a prompt (and reference images); clean subtitles off videos."""

    def generate(
        self,
        *,
        prompt: str,
        image_urls: Sequence[str] | None = None,
        aspect_ratio: ImageAspectRatio | None = None,
        n: int | None = None,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, TaskHandle[ImageGeneration]]:
        """Generate ``n`` images (1-4; service default 1) from ``prompt`` (up to 2000 chars).

        ``image_urls``: 1-10 reference images (public http/https URLs); ``aspect_ratio`` one
        of 1:1 (service default), 3:4, 4:3, 9:16, 16:9. Result: :class:`ImageGeneration`.
        Raises :class:`~trenz_async.errors.ValidationError` naming the field, before sending.
        """
        body: dict[str, object] = {"prompt": check_long_text("prompt", prompt, PROMPT_MAX)}
        urls = check_url_list("image_urls", image_urls)
        ratio = check_choice("aspect_ratio", aspect_ratio, IMAGE_ASPECT_RATIOS)
        count = None if n is None else check_int_range("n", n, 1, 4)
        optional = {"image_urls": urls, "aspect_ratio": ratio, "n": count}
        body.update((k, v) for k, v in optional.items() if v is not None)
        return self._submit(IMAGE_GENERATION, body, ImageGeneration, options)

    def remove_subtitles(
        self, *, video_url: str, **options: Unpack[CallOptions]
    ) -> Coroutine[Any, Any, TaskHandle[GeneratedVideo]]:
        """Remove burned-in subtitles from a video (public http/https ``video_url``).

        Result: the cleaned video (:class:`GeneratedVideo`).
        """
        body = {"video_url": check_url("video_url", video_url)}
        return self._submit(SUBTITLE_REMOVAL, body, GeneratedVideo, options)
