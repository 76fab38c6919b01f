"""Content/AI Analysis results: what a video says and shows, scene by scene.

Every time (``start``, ``end``, ``duration``) is seconds from the start of the video.
The four results share the :class:`VideoAnalysis` fields; each breakdown adds its own.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from trenz_async.models._base import Model

__all__ = [
    "Scene",
    "ScriptBreakdown",
    "ScriptBreakdownV2",
    "ScriptLine",
    "Shot",
    "StoryboardBreakdown",
    "VideoAnalysis",
]


@attrs.frozen(slots=True)
class Scene(Model):
    """One scene: ``start``/``end`` seconds and what happens in it."""

    start: float | None = None
    end: float | None = None
    description: str | None = None


@attrs.frozen(slots=True)
class VideoAnalysis(Model):
    """Video Content Analysis: a ``summary``, the opening ``hook``, ``duration`` (seconds),
    the ``scenes`` in order and topic ``tags``."""

    summary: str | None = None
    hook: str | None = None
    duration: float | None = None
    scenes: Sequence[Scene] | None = None
    tags: Sequence[str] | None = None


@attrs.frozen(slots=True)
class ScriptLine(Model):
    """One line of a script: the ``voiceover`` spoken and the ``visual`` shown from
    ``start`` to ``end`` seconds."""

    start: float | None = None
    end: float | None = None
    voiceover: str | None = None
    visual: str | None = None


@attrs.frozen(slots=True)
class ScriptBreakdown(VideoAnalysis):
    """Video Script Breakdown: the analysis plus the ``script``, line by line."""

    script: Sequence[ScriptLine] | None = None


@attrs.frozen(slots=True)
class ScriptBreakdownV2(ScriptBreakdown):
    """Video Script Breakdown V2: the breakdown plus the ``selling_points`` the video makes
    and its ``call_to_action``."""

    selling_points: Sequence[str] | None = None
    call_to_action: str | None = None


@attrs.frozen(slots=True)
class Shot(Model):
    """One storyboard shot: its 1-based ``index``, ``start``/``end`` seconds, ``shot_type``
    (close-up, medium, wide...), ``camera_movement`` (static, pan, zoom-in...) and content."""

    index: int | None = None
    start: float | None = None
    end: float | None = None
    shot_type: str | None = None
    camera_movement: str | None = None
    description: str | None = None


@attrs.frozen(slots=True)
class StoryboardBreakdown(VideoAnalysis):
    """Video Storyboard Breakdown: the analysis plus the ``shots`` list."""

    shots: Sequence[Shot] | None = None
