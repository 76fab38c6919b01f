"""Short-drama media: images, asynchronous video upload jobs, and the shared field readers.

Video job lifecycle (h11-style; anything else raises ``ValueError`` naming both states):

==========  ==========  ====================================================================
from        to          when
==========  ==========  ====================================================================
processing  success     the sim clock reaching ``finishes_at`` (``durations["video"]``, 30 s
                        after acceptance; 0 = done on the first read) or ``finish``
processing  failure     the same moment, when the ``url`` contains ``fail`` (any case) or a
                        test armed ``fail_next("video")``
success     (final)     ``vid`` (= ``byteplus_vid``), ``byteplus_url``, ``duration_ms``,
                        ``cover_url`` are answered from now on
failure     (final)     ``raw_video_info_json`` carries the failure reason
==========  ==========  ====================================================================

On the wire the state is ``upload_status`` 1 processing, 2 success, 3 failure. Everything is
owned by the calling ``client_key``: another client's job, vid or image is unknown to it.
Ids come from the simulator's seed, so a run is reproducible.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from trenz_async.testing.tiktok.envelope import TikTokError
from trenz_async.testing.tiktok.routing import Call

INVALID_PARAMS = "invalid_params"
INVALID_REQUEST = "invalid_request"
PROCESSING, SUCCESS, FAILURE = 1, 2, 3
UPLOAD_STATUS = {"processing": PROCESSING, "success": SUCCESS, "failure": FAILURE}
TRANSITIONS: dict[str, frozenset[str]] = {
    "processing": frozenset({"success", "failure"}),
    "success": frozenset(),
    "failure": frozenset(),
}
DEFAULT_DURATIONS = {"video": 30.0, "subtitle": 20.0}
FAIL_KINDS = ("image", "video", "subtitle")
DEFAULT_FAILURE = {
    "image": "image_url could not be downloaded",
    "video": "video transcoding failed: the source could not be downloaded",
    "subtitle": "subtitle file could not be parsed",
}
_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)
_DIGITS = re.compile(r"^[0-9]{1,19}$")
INT64_MAX = (1 << 63) - 1


def invalid(message: str) -> TikTokError:
    """A 400 ``invalid_params`` refusal: a field is missing, mistyped, out of its enum, or names
    an unknown object."""
    return TikTokError(INVALID_PARAMS, message)


def refused(message: str) -> TikTokError:
    """A 400 ``invalid_request`` refusal: well-formed, but the current state forbids it."""
    return TikTokError(INVALID_REQUEST, message)


def is_http_url(value: str) -> bool:
    """Whether ``value`` looks like an absolute http(s) URL."""
    return bool(_URL.match(value))


class Fields:
    """Typed readers over a JSON body (``where="body"``) or a query string (``"query"``).

    Query values are strings, so integers there are decimal digits; in a body they must be
    JSON integers, except int64 ids, which may also be decimal strings (19 digits overflow
    doubles in some languages).
    """

    def __init__(self, source: Mapping[str, Any] | None, where: str = "body") -> None:
        self.source: Mapping[str, Any] = source or {}
        self.where = where

    def has(self, name: str) -> bool:
        return self.source.get(name) is not None

    def text(self, name: str, *, max_len: int = 1024) -> str:
        """A required non-empty string."""
        value = self.opt_text(name, max_len=max_len)
        if value is None:
            raise invalid(f"{name} is required")
        return value

    def opt_text(self, name: str, *, max_len: int = 1024, empty: bool = False) -> str | None:
        value = self.source.get(name)
        if value is None:
            return None
        if not isinstance(value, str):
            raise invalid(f"{name} must be a string")
        if (not value.strip() and not empty) or len(value) > max_len:
            raise invalid(f"{name} must be a non-empty string of at most {max_len} characters")
        return value

    def url(self, name: str) -> str:
        """A required, publicly reachable-looking http(s) URL."""
        value = self.text(name, max_len=2048)
        if not is_http_url(value):
            raise invalid(f"{name} must be an http or https URL")
        return value

    def integer(self, name: str, *, choices: tuple[int, ...] = (), low: int = 0) -> int:
        value = self.opt_integer(name, choices=choices, low=low)
        if value is None:
            raise invalid(f"{name} is required")
        return value

    def opt_integer(self, name: str, *, choices: tuple[int, ...] = (), low: int = 0) -> int | None:
        value = self.source.get(name)
        if value is None:
            return None
        if self.where == "query" and isinstance(value, str) and _DIGITS.match(value):
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool):
            raise invalid(f"{name} must be an integer")
        if choices and value not in choices:
            raise invalid(f"{name} must be one of {', '.join(map(str, choices))}")
        if value < low or value > INT64_MAX:
            raise invalid(f"{name} must be between {low} and {INT64_MAX}")
        return value

    def int64_id(self, name: str) -> int:
        """A required positive int64 id: a JSON integer or a string of decimal digits."""
        value = self.source.get(name)
        if value is None:
            raise invalid(f"{name} is required")
        if isinstance(value, str) and _DIGITS.match(value):
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= INT64_MAX:
            raise invalid(f"{name} must be a positive int64 (a number or a string of digits)")
        return value

    def text_list(self, name: str, *, max_items: int = 100) -> list[str] | None:
        value = self.source.get(name)
        if value is None:
            return None
        if not isinstance(value, list) or len(value) > max_items:
            raise invalid(f"{name} must be an array of at most {max_items} strings")
        if not all(isinstance(item, str) and item.strip() for item in value):
            raise invalid(f"{name} must contain non-empty strings")
        return list(value)

    def int_list(self, name: str) -> list[int] | None:
        value = self.source.get(name)
        if value is None:
            return None
        ok = isinstance(value, list) and len(value) <= 100
        if not ok or not all(isinstance(i, int) and not isinstance(i, bool) for i in value):
            raise invalid(f"{name} must be an array of at most 100 integers")
        return list(value)


KEY_PLACES = ("query", "body")
"""Where a drama route takes ``client_key`` besides the ``client-key`` header (subtitle routes:
only where the seed documents the parameter)."""
_PLACE_NAMES = {"query": "query parameter", "body": "JSON body field"}


def client_of(call: Call, places: tuple[str, ...] = KEY_PLACES) -> str:
    """The caller's ``client_key``: the ``client-key`` header or a field in ``places`` must
    give it; every one given (query and body included) must equal the token's client."""
    if call.client is None:  # pragma: no cover - every drama route has a scope
        raise invalid("client_key is required")
    given = {"query": call.query.get("client_key"), "body": (call.body or {}).get("client_key")}
    header = call.headers.get("client-key")
    sent = [value for value in (header, *given.values()) if value is not None]
    if any(value != call.client.client_key for value in sent):
        raise invalid("client_key does not match the access token's client")
    if header is None and all(given[place] is None for place in places):
        where = ", ".join(["client-key header", *(_PLACE_NAMES[place] for place in places)])
        raise invalid(f"client_key is required ({where})")
    return call.client.client_key


def body_of(call: Call, places: tuple[str, ...] = KEY_PLACES) -> tuple[str, Fields]:
    return client_of(call, places), Fields(call.body)


def query_of(call: Call, places: tuple[str, ...] = KEY_PLACES) -> tuple[str, Fields]:
    return client_of(call, places), Fields(call.query, "query")


def job_or_vid(fields: Fields) -> tuple[str, str | None, str | None]:
    account = fields.text("byteplus_account_id", max_len=64)
    job_id, vid = fields.opt_text("job_id", max_len=128), fields.opt_text("vid", max_len=128)
    if job_id is None and vid is None:
        raise invalid("job_id or vid is required")
    return account, job_id, vid


class Ids:
    """Seeded id generators: int64 ids (19 digits), hex ids, BytePlus vids, job ids."""

    def __init__(self, seed: int, stream: str) -> None:
        self._rng = random.Random(f"drama:{stream}:{seed}")

    def int64(self) -> int:
        return self._rng.randrange(7_000_000_000_000_000_000, 7_999_999_999_999_999_999)

    def hex32(self) -> str:
        return f"{self._rng.getrandbits(128):032x}"

    def vid(self) -> str:
        alphabet = "0123456789abcdefghijklmnopqrstuv"
        return "v" + "".join(self._rng.choice(alphabet) for _ in range(31))

    def job(self, prefix: str) -> str:
        return f"{prefix}:job:{self.int64()}"


class Failures:
    """Failures a test arranged: each is used by the next upload of its kind, in order."""

    def __init__(self) -> None:
        self._queue: list[tuple[str, str]] = []

    def arm(self, kind: str, message: str | None = None) -> None:
        if kind not in FAIL_KINDS:
            raise ValueError(f"kind must be one of: {', '.join(FAIL_KINDS)}")
        self._queue.append((kind, message or DEFAULT_FAILURE[kind]))

    def take(self, kind: str, url: str) -> str | None:
        """The failure for an upload of ``kind`` from ``url`` (armed, or ``fail`` in the URL)."""
        for index, (wanted, message) in enumerate(self._queue):
            if wanted == kind:
                del self._queue[index]
                return message
        return DEFAULT_FAILURE[kind] if "fail" in url.lower() else None

    def clear(self) -> None:
        self._queue.clear()


@attrs.frozen
class Image:
    """An uploaded image: ``open_pic_id`` is what covers (``cover_list``) refer to."""

    open_pic_id: str
    owner: str
    image_url: str
    tiktok_pic_url: str


@attrs.define
class VideoJob:
    """One video upload (or BytePlus registration) job; ``vid`` is revealed on success."""

    job_id: str
    owner: str
    byteplus_account_id: str
    space_name: str
    title: str
    url: str
    vid: str
    created_at: float
    finishes_at: float
    fail_message: str | None = None
    status: str = "processing"
    duration_ms: int = 0

    def move(self, status: str) -> None:
        if status not in TRANSITIONS[self.status]:
            raise ValueError(f"video job cannot go from {self.status} to {status}")
        self.status = status

    def view(self) -> dict[str, Any]:
        """The ``GET .../video`` answer: every key always present, zero values until success."""
        done = self.status == "success"
        raw: dict[str, Any] = {"JobId": self.job_id, "SpaceName": self.space_name}
        if done:
            raw.update(Vid=self.vid, Duration=self.duration_ms / 1000, Status="Published")
        elif self.status == "failure":
            raw.update(Vid="", Status="Failed", Error=self.fail_message)
        return {
            "upload_status": UPLOAD_STATUS[self.status],
            "job_id": self.job_id,
            "vid": self.vid if done else "",
            "byteplus_url": f"https://vod.byteplus.sim/play/{self.vid}.m3u8" if done else "",
            "title": self.title,
            "duration_ms": self.duration_ms if done else 0,
            "cover_url": f"https://vod.byteplus.sim/cover/{self.vid}.jpg" if done else "",
            "raw_video_info_json": json.dumps(raw, separators=(",", ":")),
        }


class MediaStore:
    """Images and video jobs by id, per owning ``client_key``."""

    def __init__(self, seed: int, now: Callable[[], float], failures: Failures) -> None:
        self._now = now
        self._ids = Ids(seed, "media")
        self._failures = failures
        self.images: dict[str, Image] = {}
        self.jobs: dict[str, VideoJob] = {}
        self._vid_jobs: dict[str, list[VideoJob]] = {}
        #: Seconds of sim time from acceptance to the end of a job, per kind (editable).
        self.durations: dict[str, float] = dict(DEFAULT_DURATIONS)

    def add_image(self, owner: str, image_url: str) -> Image:
        """Fetch ``image_url`` now; an arranged failure or ``fail`` in it: invalid_params."""
        failure = self._failures.take("image", image_url)
        if failure is not None:
            raise invalid(failure)
        pic_id = self._ids.hex32()
        url = f"https://p16-drama.tiktokcdn.sim/obj/short_drama_image/{pic_id}.jpg"
        image = Image(pic_id, owner, image_url, url)
        self.images[pic_id] = image
        return image

    def image(self, owner: str, open_pic_id: str) -> Image:
        image = self.images.get(open_pic_id)
        if image is None or image.owner != owner:
            raise invalid(f"image {open_pic_id} not found: upload it with /image first")
        return image

    def upload_video(
        self, owner: str, account: str, space: str, title: str, url: str, vid: str | None = None
    ) -> VideoJob:
        """Accept an upload from ``url`` (or register the BytePlus video ``vid``)."""
        if vid is not None and any(job.owner != owner for job in self._vid_jobs.get(vid, ())):
            raise invalid(f"vid {vid} not found in BytePlus account {account}")
        now = self._now()
        new_vid = vid or self._ids.vid()
        digest = hashlib.sha256(f"{new_vid}:{url}".encode()).digest()
        job = VideoJob(
            job_id=self._ids.job("vod"),
            owner=owner,
            byteplus_account_id=account,
            space_name=space,
            title=title,
            url=url,
            vid=new_vid,
            created_at=now,
            finishes_at=now + self.durations["video"],
            fail_message=self._failures.take("video", url or new_vid),
            duration_ms=30_000 + int.from_bytes(digest[:4], "big") % 150_000,
        )
        self.jobs[job.job_id] = job
        self._vid_jobs.setdefault(new_vid, []).append(job)
        return job

    def _advance(self, job: VideoJob) -> VideoJob:
        if job.status == "processing" and self._now() >= job.finishes_at:
            self._conclude(job)
        return job

    def _conclude(self, job: VideoJob) -> None:
        job.move("failure" if job.fail_message is not None else "success")

    def finish(self, job_id: str) -> VideoJob:
        """End a processing job now (success or its arranged failure); KeyError / ValueError."""
        job = self.jobs[job_id]
        if job.status != "processing":
            raise ValueError(f"video job {job_id} is already {job.status}")
        self._conclude(job)
        return job

    def find(self, owner: str, account: str, job_id: str | None, vid: str | None) -> VideoJob:
        """The job named by ``job_id`` and/or ``vid`` in ``account``; unknown: invalid_params."""
        job: VideoJob | None = None
        if job_id is not None:
            job = self.jobs.get(job_id)
        elif vid is not None:
            job = self._successful(owner, vid)
        if job is None or job.owner != owner or job.byteplus_account_id != account:
            what = f"job_id {job_id}" if job_id is not None else f"vid {vid}"
            raise invalid(f"{what} not found in BytePlus account {account}")
        self._advance(job)
        if vid is not None and job_id is not None and (job.status != "success" or job.vid != vid):
            raise invalid(f"vid {vid} does not belong to job_id {job_id}")
        return job

    def _successful(self, owner: str, vid: str) -> VideoJob | None:
        jobs = [self._advance(job) for job in self._vid_jobs.get(vid, ()) if job.owner == owner]
        return next((job for job in jobs if job.status == "success"), None)

    def video(self, owner: str, vid: str) -> VideoJob:
        """The successful upload of ``vid`` for albums and subtitles.

        Unknown (or another client's): invalid_params; still processing or failed:
        invalid_request.
        """
        found = self._successful(owner, vid)
        if found is not None:
            return found
        mine = [job for job in self._vid_jobs.get(vid, ()) if job.owner == owner]
        if mine:
            raise refused(f"byteplus_vid {vid} is not uploaded successfully ({mine[-1].status})")
        raise invalid(f"byteplus_vid {vid} not found: upload the video first")
