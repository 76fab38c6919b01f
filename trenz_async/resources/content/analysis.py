"""``trenz.content.analysis``: what a video says and shows (async tasks).

Each method submits one video (a public ``http``/``https`` URL; upload a local file with
``trenz.files.upload`` and pass its ``cdn_url``) and returns a
:class:`~trenz_async.resources.general.tasks.TaskHandle` as soon as the job is accepted;
``await handle.wait()`` polls until it finishes and returns the typed result. Each submit is
charged (5 credits) and, as a ``write``, never re-sent when its answer is lost
(:class:`~trenz_async.errors.AmbiguousOutcomeError`).
"""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any, Unpack

from trenz_async.models.content import (
    ScriptBreakdown,
    ScriptBreakdownV2,
    StoryboardBreakdown,
    VideoAnalysis,
)
from trenz_async.resources._base import CallOptions
from trenz_async.resources.content._checks import check_url
from trenz_async.resources.content.paths import (
    SCRIPT_BREAKDOWN,
    SCRIPT_BREAKDOWN_V2,
    STORYBOARD_BREAKDOWN,
    VIDEO_CONTENT_ANALYSIS,
)
from trenz_async.resources.general.tasks import TaskHandle, TaskSubmitter

__all__ = ["AnalysisResource"]


class AnalysisResource(TaskSubmitter):
    """Video content analysis and script/storyboard breakdowns."""

    def video_content(
        self, *, video_url: str, **options: Unpack[CallOptions]
    ) -> Coroutine[Any, Any, TaskHandle[VideoAnalysis]]:
        """Analyse a video: summary, hook, duration, scenes and tags (:class:`VideoAnalysis`).

        Raises :class:`~trenz_async.errors.ValidationError` for a ``video_url`` that is not an
        http/https URL, before sending.
        """
        body = {"video_url": check_url("video_url", video_url)}
        return self._submit(VIDEO_CONTENT_ANALYSIS, body, VideoAnalysis, options)

    def script_breakdown(
        self, *, video_url: str, **options: Unpack[CallOptions]
    ) -> Coroutine[Any, Any, TaskHandle[ScriptBreakdown]]:
        """Break a video into its script: the analysis plus voiceover and visual per line
        (:class:`ScriptBreakdown`). ``video_url`` as for :meth:`video_content`."""
        body = {"video_url": check_url("video_url", video_url)}
        return self._submit(SCRIPT_BREAKDOWN, body, ScriptBreakdown, options)

    def script_breakdown_v2(
        self, *, video_url: str, **options: Unpack[CallOptions]
    ) -> Coroutine[Any, Any, TaskHandle[ScriptBreakdownV2]]:
        """Script breakdown, version 2: adds the selling points and the call to action
        (:class:`ScriptBreakdownV2`). ``video_url`` as for :meth:`video_content`."""
        body = {"video_url": check_url("video_url", video_url)}
        return self._submit(SCRIPT_BREAKDOWN_V2, body, ScriptBreakdownV2, options)

    def storyboard_breakdown(
        self, *, video_url: str, **options: Unpack[CallOptions]
    ) -> Coroutine[Any, Any, TaskHandle[StoryboardBreakdown]]:
        """Break a video into shots: type, camera movement and timing of each
        (:class:`StoryboardBreakdown`). ``video_url`` as for :meth:`video_content`."""
        body = {"video_url": check_url("video_url", video_url)}
        return self._submit(STORYBOARD_BREAKDOWN, body, StoryboardBreakdown, options)
