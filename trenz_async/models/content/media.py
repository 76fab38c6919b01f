"""Generated media: images, videos (every video kind) and avatar photo checks.

URLs point at the platform's CDN; download what you keep. Durations are seconds; sizes pixels.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from trenz_async.models._base import Model

__all__ = ["FaceBox", "GeneratedImage", "GeneratedVideo", "ImageGeneration", "PhotoAnalysis"]


@attrs.frozen(slots=True)
class GeneratedImage(Model):
    """One generated image: its ``url`` and ``width`` x ``height`` pixels."""

    url: str | None = None
    width: int | None = None
    height: int | None = None


@attrs.frozen(slots=True)
class ImageGeneration(Model):
    """AI Image Generation: the ``images`` made (``n`` of them) at ``aspect_ratio``."""

    images: Sequence[GeneratedImage] | None = None
    aspect_ratio: str | None = None


@attrs.frozen(slots=True)
class GeneratedVideo(Model):
    """A generated or processed video (every AI Video model, clone, super resolution,
    subtitle removal, talking photo): ``video_url``, ``cover_url`` (a still), ``duration``
    seconds, ``resolution`` (720p, 1080p, 4k...), ``aspect_ratio`` and the ``model`` used."""

    video_url: str | None = None
    cover_url: str | None = None
    duration: float | None = None
    resolution: str | None = None
    aspect_ratio: str | None = None
    model: str | None = None


@attrs.frozen(slots=True)
class FaceBox(Model):
    """Where the face is in the photo: top-left ``x``/``y`` and ``width``/``height``, pixels."""

    x: int | None = None
    y: int | None = None
    width: int | None = None
    height: int | None = None


@attrs.frozen(slots=True)
class PhotoAnalysis(Model):
    """Avatar Photo Analysis: whether the photo can drive a talking photo.

    ``suitable`` is True for exactly one clear face; ``quality_score`` 0-1; ``face_box`` is
    None when no face was found; ``issues`` say what to fix (low light, face covered...).
    """

    face_count: int | None = None
    suitable: bool | None = None
    quality_score: float | None = None
    face_box: FaceBox | None = None
    issues: Sequence[str] | None = None
