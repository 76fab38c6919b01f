"""Social/3 records: a video's platform checks and the metrics of published videos."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from trenz_async.models._base import JsonText, Model, Number

__all__ = ["PlatformCheck", "VideoInfo", "VideoMetric"]


@attrs.frozen(slots=True)
class PlatformCheck(Model):
    """Whether a video meets one platform's spec; ``issues`` says why not (an issue sent as
    an object is its JSON text)."""

    platform: str | None = None
    passed: bool | None = None
    issues: Sequence[JsonText] | None = None


@attrs.frozen(slots=True)
class VideoInfo(Model):
    """Validate Video Info: the media facts of an uploaded video and a check per platform.

    ``size`` is bytes, ``duration`` seconds, ``bitrate`` bits per second; the media facts are
    None when the object is not a readable video.
    """

    bucket_key: str | None = None
    size: Number | None = None
    content_type: str | None = None
    duration: float | None = None
    width: Number | None = None
    height: Number | None = None
    codec: str | None = None
    bitrate: Number | None = None
    platforms: Sequence[PlatformCheck] | None = None

    def check(self, platform: str) -> PlatformCheck | None:
        """The check for ``platform`` (``"tiktok"``...), or None when it was not checked."""
        return next((c for c in self.platforms or () if c.platform == platform), None)

    @property
    def passed(self) -> bool:
        """True when every platform checked accepts the video."""
        return bool(self.platforms) and all(c.passed for c in self.platforms or ())


@attrs.frozen(slots=True)
class VideoMetric(Model):
    """One video on an account with its counts (views, likes, comments, shares).

    ``publication_id`` is set for videos published through the API; ``published_at`` is unix
    seconds.
    """

    platform_video_id: str
    platform_account_id: int | None = None
    platform: str | None = None
    title: str | None = None
    video_url: str | None = None
    published_at: int | None = None
    views: int | None = None
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    publication_id: str | None = None
