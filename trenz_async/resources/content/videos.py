"""``trenz.content.videos``: AI video generation, video clone and super resolution (async).

The seven model methods take the same arguments: ``prompt`` (required, up to 2000
characters), ``image_url`` (a public http/https image to animate; text-to-video without it),
``duration`` (seconds), ``aspect_ratio`` and ``resolution``, each from the model's own set
(:data:`~trenz_async.resources.content._checks.VIDEO_MODELS`; ``None`` leaves the service's
default, listed first in each docstring). A value outside the model's set raises
:class:`~trenz_async.errors.ValidationError` before anything is sent.

Each method returns a :class:`~trenz_async.resources.general.tasks.TaskHandle` once the job is
accepted; ``await handle.wait()`` gives the :class:`~trenz_async.models.content.GeneratedVideo`.
A job is charged when accepted and not refunded if it fails later; a submit whose answer is
lost is never re-sent (:class:`~trenz_async.errors.AmbiguousOutcomeError`): look before you
submit again.
"""

from __future__ import annotations

from collections.abc import Coroutine, Sequence
from typing import Any, Literal, Unpack

from trenz_async.models.content import GeneratedVideo
from trenz_async.resources._base import CallOptions
from trenz_async.resources.content._checks import (
    PROMPT_MAX,
    UPSCALE_TARGETS,
    VIDEO_MODELS,
    check_choice,
    check_int_in,
    check_long_text,
    check_optional_url,
    check_url,
    check_url_list,
)
from trenz_async.resources.content.paths import (
    VIDEO_CLONE,
    VIDEO_MODEL_ENDPOINTS,
    VIDEO_SUPER_RESOLUTION,
)
from trenz_async.resources.general.tasks import TaskHandle, TaskSubmitter

__all__ = ["TwoRatios", "UpscaleTarget", "VideoRatios", "VideosResource"]

VideoRatios = Literal["16:9", "9:16", "1:1"]
TwoRatios = Literal["16:9", "9:16"]
UpscaleTarget = Literal["1080p", "2k", "4k"]
_Video = Coroutine[Any, Any, TaskHandle[GeneratedVideo]]


class VideosResource(TaskSubmitter):
    """Text/image-to-video models (Seedance, Grok, Sora 2, Veo 3, Wan), clone, upscale."""

    def _generate(
        self,
        model: str,
        prompt: str,
        image_url: str | None,
        duration: int | None,
        aspect_ratio: str | None,
        resolution: str | None,
        options: CallOptions,
    ) -> _Video:
        spec, what = VIDEO_MODELS[model], f" for {model}"
        body: dict[str, object] = {"prompt": check_long_text("prompt", prompt, PROMPT_MAX)}
        optional = {
            "image_url": check_optional_url("image_url", image_url),
            "duration": check_int_in("duration", duration, spec.durations, what),
            "aspect_ratio": check_choice("aspect_ratio", aspect_ratio, spec.aspect_ratios, what),
            "resolution": check_choice("resolution", resolution, spec.resolutions, what),
        }
        body.update((k, v) for k, v in optional.items() if v is not None)
        return self._submit(VIDEO_MODEL_ENDPOINTS[model], body, GeneratedVideo, options)

    def seedance_pro_fast(
        self,
        *,
        prompt: str,
        image_url: str | None = None,
        duration: Literal[5, 10] | None = None,
        aspect_ratio: VideoRatios | None = None,
        resolution: Literal["720p", "480p", "1080p"] | None = None,
        **options: Unpack[CallOptions],
    ) -> _Video:
        """Seedance Pro Fast (30 credits): ``duration`` 5 or 10 s; ``aspect_ratio`` 16:9,
        9:16, 1:1; ``resolution`` 720p, 480p, 1080p (defaults first)."""
        return self._generate(
            "seedance-pro-fast", prompt, image_url, duration, aspect_ratio, resolution, options
        )

    def seedance_pro(
        self,
        *,
        prompt: str,
        image_url: str | None = None,
        duration: Literal[5, 10] | None = None,
        aspect_ratio: VideoRatios | None = None,
        resolution: Literal["1080p", "480p", "720p"] | None = None,
        **options: Unpack[CallOptions],
    ) -> _Video:
        """Seedance Pro (50 credits): ``duration`` 5 or 10 s; ``aspect_ratio`` 16:9, 9:16,
        1:1; ``resolution`` 1080p, 480p, 720p (defaults first)."""
        return self._generate(
            "seedance-pro", prompt, image_url, duration, aspect_ratio, resolution, options
        )

    def grok(
        self,
        *,
        prompt: str,
        image_url: str | None = None,
        duration: Literal[6, 10] | None = None,
        aspect_ratio: VideoRatios | None = None,
        resolution: Literal["720p", "480p"] | None = None,
        **options: Unpack[CallOptions],
    ) -> _Video:
        """Grok (40 credits): ``duration`` 6 or 10 s; ``aspect_ratio`` 16:9, 9:16, 1:1;
        ``resolution`` 720p, 480p (defaults first)."""
        return self._generate(
            "grok", prompt, image_url, duration, aspect_ratio, resolution, options
        )

    def sora2_pro(
        self,
        *,
        prompt: str,
        image_url: str | None = None,
        duration: Literal[4, 8, 12] | None = None,
        aspect_ratio: TwoRatios | None = None,
        resolution: Literal["1080p", "720p"] | None = None,
        **options: Unpack[CallOptions],
    ) -> _Video:
        """Sora 2 Pro (80 credits): ``duration`` 4, 8 or 12 s; ``aspect_ratio`` 16:9, 9:16;
        ``resolution`` 1080p, 720p (defaults first)."""
        return self._generate(
            "sora2-pro", prompt, image_url, duration, aspect_ratio, resolution, options
        )

    def sora2(
        self,
        *,
        prompt: str,
        image_url: str | None = None,
        duration: Literal[4, 8, 12] | None = None,
        aspect_ratio: TwoRatios | None = None,
        resolution: Literal["720p"] | None = None,
        **options: Unpack[CallOptions],
    ) -> _Video:
        """Sora 2 (50 credits): ``duration`` 4, 8 or 12 s; ``aspect_ratio`` 16:9, 9:16;
        ``resolution`` 720p only (defaults first)."""
        return self._generate(
            "sora2", prompt, image_url, duration, aspect_ratio, resolution, options
        )

    def veo3(
        self,
        *,
        prompt: str,
        image_url: str | None = None,
        duration: Literal[8] | None = None,
        aspect_ratio: TwoRatios | None = None,
        resolution: Literal["720p", "1080p"] | None = None,
        **options: Unpack[CallOptions],
    ) -> _Video:
        """Veo 3 (80 credits): ``duration`` 8 s only; ``aspect_ratio`` 16:9, 9:16;
        ``resolution`` 720p, 1080p (defaults first)."""
        return self._generate(
            "veo3", prompt, image_url, duration, aspect_ratio, resolution, options
        )

    def wan(
        self,
        *,
        prompt: str,
        image_url: str | None = None,
        duration: Literal[5, 10, 15] | None = None,
        aspect_ratio: VideoRatios | None = None,
        resolution: Literal["720p", "480p", "1080p"] | None = None,
        **options: Unpack[CallOptions],
    ) -> _Video:
        """Wan 2.6 (40 credits): ``duration`` 5, 10 or 15 s; ``aspect_ratio`` 16:9, 9:16,
        1:1; ``resolution`` 720p, 480p, 1080p (defaults first)."""
        return self._generate(
            "wan2.6", prompt, image_url, duration, aspect_ratio, resolution, options
        )

    def clone(
        self,
        *,
        video_url: str,
        product_image_urls: Sequence[str] | None = None,
        prompt: str | None = None,
        **options: Unpack[CallOptions],
    ) -> _Video:
        """Clone a video's style and structure for your product (50 credits).

        ``video_url``: the video to clone (public http/https URL); ``product_image_urls``:
        1-10 images of your product; ``prompt``: optional guidance, up to 2000 characters.
        """
        body: dict[str, object] = {"video_url": check_url("video_url", video_url)}
        optional = {
            "product_image_urls": check_url_list("product_image_urls", product_image_urls),
            "prompt": None if prompt is None else check_long_text("prompt", prompt, PROMPT_MAX),
        }
        body.update((k, v) for k, v in optional.items() if v is not None)
        return self._submit(VIDEO_CLONE, body, GeneratedVideo, options)

    def super_resolution(
        self,
        *,
        video_url: str,
        target_resolution: UpscaleTarget | None = None,
        **options: Unpack[CallOptions],
    ) -> _Video:
        """Upscale a video (20 credits) to ``target_resolution`` 1080p (service default), 2k
        or 4k. ``video_url``: a public http/https URL."""
        body = {"video_url": check_url("video_url", video_url)}
        target = check_choice("target_resolution", target_resolution, UPSCALE_TARGETS)
        if target is not None:
            body["target_resolution"] = target
        return self._submit(VIDEO_SUPER_RESOLUTION, body, GeneratedVideo, options)
