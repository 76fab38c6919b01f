"""Video checks, an account's videos and quality prechecks (Social/3, Social/2 precheck).

* :func:`probe` turns a stored object into the media facts Validate Video Info answers and
  the per-platform checks. Facts are derived from the object (size, type, sha256), so an object
  always probes the same. Rules, per platform:

  =========  ==============  ====================================================
  platform   size cap        container types accepted
  =========  ==============  ====================================================
  tiktok     4 GB (4*1024³)  video/mp4, video/quicktime, video/webm
  youtube    256 GB          any video/*
  instagram  1 GB            video/mp4, video/quicktime
  facebook   10 GB           video/mp4, video/quicktime
  =========  ==============  ====================================================

  An empty object and a non-``video/*`` content type fail every platform. A publication whose
  platform check fails ends ``failed`` with the first issue as ``error_message``.
* :class:`SocialVideos` is an account's video list: seeded history plus the videos this
  simulator published for it. Other Social areas (comments, analytics) read
  :meth:`SocialVideos.for_account`.
* :class:`Prechecks`: lifecycle table ``running -> passed | failed`` 15 s of simulator clock
  after the trigger (failed when the checks found issues); ``passed``/``failed`` are final.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Protocol

import attrs

from trenz_async.testing.trenz.envelope import SimError
from trenz_async.testing.trenz.gen_common import BASE_MS, IdMaker
from trenz_async.testing.trenz.social_accounts import PLATFORMS, Account, SocialAccounts
from trenz_async.testing.trenz.social_publishing import (
    Publication,
    PublishingStore,
    platform_video,
)

GB = 1024**3
MP4_MOV = frozenset({"video/mp4", "video/quicktime"})
#: platform -> (size cap in bytes, accepted content types or None for any video/*).
PLATFORM_RULES: dict[str, tuple[int, frozenset[str] | None]] = {
    "tiktok": (4 * GB, MP4_MOV | {"video/webm"}),
    "youtube": (256 * GB, None),
    "instagram": (1 * GB, MP4_MOV),
    "facebook": (10 * GB, MP4_MOV),
}
CODECS = {"video/webm": "vp9", "video/x-matroska": "hevc"}
RESOLUTIONS = ((1080, 1920), (720, 1280), (1920, 1080), (1080, 1080))
PRECHECK_SECONDS = 15
PRECHECK_TRANSITIONS: dict[str, frozenset[str]] = {
    "running": frozenset({"passed", "failed"}),
    "passed": frozenset(),
    "failed": frozenset(),
}
BASE_S = BASE_MS // 1000
_TOPICS = ("desk lamp", "morning routine", "kitchen hack", "unboxing", "room makeover", "GRWM")
_HOOKS = ("You need this", "Honest review:", "3 ways to use", "Before vs after:", "POV:")


class StoredObject(Protocol):
    """What the storage side tells about an uploaded object."""

    @property
    def size(self) -> int: ...
    @property
    def sha256(self) -> str: ...
    @property
    def content_type(self) -> str: ...


class ObjectStore(Protocol):
    """The simulator's object storage (``sim.storage``), as far as Social reads it."""

    def exists(self, bucket: str, key: str) -> bool: ...
    def get(self, bucket: str, key: str) -> StoredObject | None: ...


def stored(storage: ObjectStore, bucket: str, key: str) -> StoredObject:
    """Return the uploaded object, or raise 400 INVALID_PARAM naming bucket_key."""
    found = storage.get(bucket, key) if storage.exists(bucket, key) else None
    if found is None:
        raise SimError("INVALID_PARAM", f"bucket_key: no uploaded object {key} in bucket {bucket}")
    return found


@attrs.frozen
class Media:
    """Media facts of one object and its per-platform checks."""

    bucket_key: str
    size: int
    content_type: str
    duration: float | None
    width: int | None
    height: int | None
    codec: str | None
    bitrate: int | None

    def issues(self, platform: str) -> list[str]:
        """Return why the video does not meet ``platform``'s spec (empty when it does)."""
        if not self.content_type.startswith("video/"):
            return [f"content_type {self.content_type} is not a video"]
        if self.size == 0:
            return ["the file is empty"]
        cap, types = PLATFORM_RULES[platform]
        found = []
        if self.size > cap:
            found.append(f"file size {self.size} bytes exceeds the {platform} limit of {cap}")
        if types is not None and self.content_type not in types:
            found.append(f"{platform} does not accept {self.content_type}")
        return found

    def view(self) -> dict[str, Any]:
        """Return Validate Video Info's ``data``."""
        checks = [
            {"platform": p, "passed": not issues, "issues": issues}
            for p in PLATFORMS
            for issues in [self.issues(p)]
        ]
        facts = attrs.asdict(self)
        return {**facts, "platforms": checks}


def probe(bucket_key: str, obj: StoredObject) -> Media:
    """Derive the media facts of ``obj`` (stable for the same bytes and type)."""
    if not obj.content_type.startswith("video/") or obj.size == 0:
        return Media(bucket_key, obj.size, obj.content_type, None, None, None, None, None)
    digest = int(obj.sha256[:16] or "0", 16)
    duration = float(8 + digest % 52)
    width, height = RESOLUTIONS[digest % len(RESOLUTIONS)]
    codec = CODECS.get(obj.content_type, "h264")
    bitrate = int(obj.size * 8 / duration)
    return Media(bucket_key, obj.size, obj.content_type, duration, width, height, codec, bitrate)


@attrs.frozen
class SocialVideo:
    """One video on an account (``publication_id`` is set when this simulator published it)."""

    platform_video_id: str
    platform_account_id: int
    platform: str
    title: str
    video_url: str
    published_at: int
    views: int
    likes: int
    comments: int
    shares: int
    publication_id: str | None = None

    def metrics(self) -> dict[str, Any]:
        """Return the Platform Video Metrics List row."""
        return attrs.asdict(self)


def _engagement(rng: random.Random) -> tuple[int, int, int, int]:
    views = 100 + int(500_000 * rng.random() ** 3)
    likes = int(views * rng.uniform(0.02, 0.12))
    return views, likes, int(likes * rng.uniform(0.01, 0.08)), int(likes * rng.uniform(0.005, 0.05))


class SocialVideos:
    """Each bound account's videos: seeded history plus what was published through the API."""

    def __init__(self, seed: int, accounts: SocialAccounts, publishing: PublishingStore) -> None:
        self._seed = seed
        self._accounts = accounts
        self._publishing = publishing
        self._history: dict[int, list[SocialVideo]] = {}

    def for_account(self, platform_account_id: int) -> list[SocialVideo]:
        """Return the account's videos newest first ([] for an account that is not bound)."""
        account = self._accounts.get(platform_account_id)
        if account is None:
            return []
        published = [
            self._published(p)
            for p in self._publishing.records(platform_account_id=account.id, status="published")
        ]
        videos = published + self._seeded(account.id, account.platform, account.username)
        return sorted(videos, key=lambda v: v.published_at, reverse=True)

    def count(self, platform_account_id: int) -> int:
        """Return how many videos the account has."""
        return len(self.for_account(platform_account_id))

    def _published(self, publication: Publication) -> SocialVideo:
        rng = random.Random(f"social-metrics:{self._seed}:{publication.publication_id}")
        return SocialVideo(
            str(publication.platform_video_id),
            publication.request.platform_account_id,
            publication.request.platform,
            publication.request.title,
            str(publication.video_url),
            int(publication.published_at or 0),
            *_engagement(rng),
            publication_id=publication.publication_id,
        )

    def _seeded(self, account_id: int, platform: str, username: str) -> list[SocialVideo]:
        if account_id not in self._history:
            rng = random.Random(f"social-videos:{self._seed}:{account_id}")
            videos = []
            for _ in range(3 + rng.randrange(10)):
                vid, url = platform_video(rng, platform, username)
                title = f"{rng.choice(_HOOKS)} {rng.choice(_TOPICS)}"
                published_at = BASE_S - rng.randrange(0, 180 * 86_400)
                videos.append(
                    SocialVideo(
                        vid, account_id, platform, title, url, published_at, *_engagement(rng)
                    )
                )
            self._history[account_id] = videos
        return list(self._history[account_id])


def utc_date(timestamp: int) -> str:
    """Return the UTC calendar date (YYYY-MM-DD) of a unix timestamp."""
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")


@attrs.define
class Precheck:
    """One quality precheck of an uploaded object."""

    precheck_id: str
    bucket_name: str
    bucket_key: str
    platform_account_id: int | None
    platform: str | None
    found: list[str]
    created_at: int
    status: str = "running"
    completed_at: int | None = None

    def move(self, status: str, at: int) -> None:
        """Move along :data:`PRECHECK_TRANSITIONS`; anything else raises ValueError."""
        if status not in PRECHECK_TRANSITIONS[self.status]:
            raise ValueError(f"precheck {self.precheck_id}: {self.status} -> {status}")
        self.status, self.completed_at = status, at

    def view(self) -> dict[str, Any]:
        """Return the precheck record (``issues`` stay empty while running)."""
        return {
            "precheck_id": self.precheck_id,
            "status": self.status,
            "bucket_name": self.bucket_name,
            "bucket_key": self.bucket_key,
            "platform_account_id": self.platform_account_id,
            "platform": self.platform,
            "issues": [] if self.status == "running" else list(self.found),
            "created_at": self.created_at,
            "completed_at": self.completed_at,
        }


class Prechecks:
    """Quality prechecks by id, finished lazily on the simulator clock."""

    def __init__(self, seed: int, now: Callable[[], float], bump: Callable[[str], None]) -> None:
        self._now = now
        self._bump = bump
        self._ids = IdMaker(random.Random(f"social-prechecks:{seed}"))
        self._items: list[Precheck] = []

    def trigger(self, media: Media, bucket_name: str, account: Account | None) -> Precheck:
        """Start a precheck of ``media`` for ``account``'s platform (every platform if None)."""
        if account is not None:
            found = media.issues(account.platform)
        else:
            found = [f"{p}: {issue}" for p in PLATFORMS for issue in media.issues(p)]
        precheck = Precheck(
            self._ids(),
            bucket_name,
            media.bucket_key,
            account.id if account is not None else None,
            account.platform if account is not None else None,
            found,
            int(self._now()),
        )
        self._items.append(precheck)
        self._bump("prechecks_triggered")
        return precheck

    def all(self, status: str | None = None) -> list[Precheck]:
        """Return the prechecks (finished when due) newest first, optionally of one status."""
        now = self._now()
        for item in self._items:
            due = item.created_at + PRECHECK_SECONDS
            if item.status == "running" and now >= due:
                item.move("failed" if item.found else "passed", due)
        return [p for p in reversed(self._items) if status is None or p.status == status]
