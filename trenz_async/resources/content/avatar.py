"""``trenz.content.avatar``: check a portrait photo, make it talk (async tasks).

Each method returns a :class:`~trenz_async.resources.general.tasks.TaskHandle` once the job
is accepted; ``await handle.wait()`` gives the typed result. A submit is charged and never
re-sent when its answer is lost (:class:`~trenz_async.errors.AmbiguousOutcomeError`).
"""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any, Unpack

from trenz_async.models.content import GeneratedVideo, PhotoAnalysis
from trenz_async.resources._base import CallOptions
from trenz_async.resources.content._checks import (
    SCRIPT_MAX,
    check_long_text,
    check_url,
    exactly_one,
)
from trenz_async.resources.content.paths import AVATAR_PHOTO_ANALYSIS, TALKING_PHOTO
from trenz_async.resources.general.tasks import TaskHandle, TaskSubmitter

__all__ = ["AvatarResource"]


class AvatarResource(TaskSubmitter):
    """Avatar photo analysis and talking-photo videos."""

    def photo_analysis(
        self, *, image_url: str, **options: Unpack[CallOptions]
    ) -> Coroutine[Any, Any, TaskHandle[PhotoAnalysis]]:
        """Check whether a photo (public http/https ``image_url``) can drive a talking photo:
        faces found, quality and issues (:class:`PhotoAnalysis`; 5 credits)."""
        body = {"image_url": check_url("image_url", image_url)}
        return self._submit(AVATAR_PHOTO_ANALYSIS, body, PhotoAnalysis, options)

    def talking_photo(
        self,
        *,
        image_url: str,
        script: str | None = None,
        audio_url: str | None = None,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, TaskHandle[GeneratedVideo]]:
        """Animate the face in ``image_url`` speaking (:class:`GeneratedVideo`; 30 credits,
        not refunded if the job fails later).

        Give exactly one of ``script`` (the text to speak, up to 2000 characters) or
        ``audio_url`` (a public http/https recording to lip-sync). Raises
        :class:`~trenz_async.errors.ValidationError` for neither or both, before sending.
        """
        body = {"image_url": check_url("image_url", image_url)}
        if exactly_one("script", script, "audio_url", audio_url) == "script":
            body["script"] = check_long_text("script", script, SCRIPT_MAX)
        else:
            body["audio_url"] = check_url("audio_url", audio_url)
        return self._submit(TALKING_PHOTO, body, GeneratedVideo, options)
