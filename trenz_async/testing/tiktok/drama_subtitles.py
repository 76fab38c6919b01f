"""Short-drama subtitles: asynchronous upload jobs, then binding to a video (an episode's vid).

Subtitle job lifecycle (the video job's table, see :mod:`.drama_media`):

==========  ==========  ====================================================================
from        to          when
==========  ==========  ====================================================================
processing  success     the sim clock reaching ``finishes_at`` (``durations["subtitle"]``,
                        20 s after acceptance) or ``finish``; ``subtitle_info_list`` then
                        holds the subtitle (its ``subtitle_id`` is what ``bind`` takes)
processing  failure     the same moment, when ``subtitle_url`` contains ``fail`` or a test
                        armed ``fail_next("subtitle")``
success     (final)     bind attaches it to one vid of the same BytePlus account
failure     (final)
==========  ==========  ====================================================================

Binding: the vid must be a successful video upload of the same client and BytePlus account; a
subtitle binds to one vid only (binding it again to the same vid is a no-op success); a vid
keeps one subtitle per language (a new one of that language replaces the old binding).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from trenz_async.testing.tiktok.drama_media import (
    TRANSITIONS,
    UPLOAD_STATUS,
    Failures,
    Ids,
    MediaStore,
    invalid,
    refused,
)


@attrs.define
class SubtitleJob:
    """One subtitle upload; ``subtitle_id`` is revealed on success, ``vid`` once bound."""

    job_id: str
    subtitle_id: str
    owner: str
    byteplus_account_id: str
    space_name: str
    language: str
    subtitle_url: str
    created_at: float
    finishes_at: float
    fail_message: str | None = None
    status: str = "processing"
    vid: str = ""

    def move(self, status: str) -> None:
        if status not in TRANSITIONS[self.status]:
            raise ValueError(f"subtitle job cannot go from {self.status} to {status}")
        self.status = status

    def info(self) -> dict[str, Any]:
        """One ``SubtitleInfo``: subtitle_id, language, format, subtitle_url, vid."""
        path = self.subtitle_url.split("?", 1)[0].lower()
        return {
            "subtitle_id": self.subtitle_id,
            "language": self.language,
            "format": "vtt" if path.endswith(".vtt") else "srt",
            "subtitle_url": self.subtitle_url,
            "vid": self.vid,
        }

    def view(self) -> dict[str, Any]:
        """The ``GET .../subtitle/`` answer for a job: the list is empty until success."""
        return {
            "job_id": self.job_id,
            "upload_status": UPLOAD_STATUS[self.status],
            "vid": self.vid,
            "subtitle_info_list": [self.info()] if self.status == "success" else [],
        }


class SubtitleStore:
    """Subtitle jobs by id and the bindings from vids to subtitles."""

    def __init__(
        self,
        seed: int,
        now: Callable[[], float],
        media: MediaStore,
        failures: Failures,
    ) -> None:
        self._now = now
        self._ids = Ids(seed, "subtitles")
        self._media = media
        self._failures = failures
        self.jobs: dict[str, SubtitleJob] = {}
        self._by_subtitle: dict[str, SubtitleJob] = {}

    def upload(self, owner: str, account: str, space: str, language: str, url: str) -> SubtitleJob:
        """Accept a subtitle file; it is processed on the sim clock."""
        now = self._now()
        job = SubtitleJob(
            job_id=self._ids.job("subtitle"),
            subtitle_id=f"subtitle_{self._ids.int64()}",
            owner=owner,
            byteplus_account_id=account,
            space_name=space,
            language=language,
            subtitle_url=url,
            created_at=now,
            finishes_at=now + self._media.durations["subtitle"],
            fail_message=self._failures.take("subtitle", url),
        )
        self.jobs[job.job_id] = job
        self._by_subtitle[job.subtitle_id] = job
        return job

    def _advance(self, job: SubtitleJob) -> SubtitleJob:
        if job.status == "processing" and self._now() >= job.finishes_at:
            job.move("failure" if job.fail_message is not None else "success")
        return job

    def finish(self, job_id: str) -> SubtitleJob:
        """End a processing job now (success or its arranged failure); KeyError / ValueError."""
        job = self.jobs[job_id]
        if job.status != "processing":
            raise ValueError(f"subtitle job {job_id} is already {job.status}")
        job.move("failure" if job.fail_message is not None else "success")
        return job

    def by_job(self, owner: str, account: str, job_id: str) -> dict[str, Any]:
        job = self.jobs.get(job_id)
        if job is None or job.owner != owner or job.byteplus_account_id != account:
            raise invalid(f"job_id {job_id} not found in BytePlus account {account}")
        return self._advance(job).view()

    def by_vid(self, owner: str, account: str, vid: str) -> dict[str, Any]:
        """The subtitles bound to ``vid`` (``job_id`` is that of the latest bound one)."""
        video = self._media.video(owner, vid)
        if video.byteplus_account_id != account:
            raise invalid(f"vid {vid} not found in BytePlus account {account}")
        bound = [job for job in self.jobs.values() if job.owner == owner and job.vid == vid]
        return {
            "job_id": bound[-1].job_id if bound else "",
            "upload_status": UPLOAD_STATUS["success"],
            "vid": vid,
            "subtitle_info_list": [job.info() for job in bound],
        }

    def bind(self, owner: str, vid: str, subtitle_id: str) -> SubtitleJob:
        """Bind a successful subtitle to a successful video of the same BytePlus account."""
        video = self._media.video(owner, vid)
        job = self._by_subtitle.get(subtitle_id)
        if job is None or job.owner != owner:
            raise invalid(f"subtitle_id {subtitle_id} not found")
        if self._advance(job).status != "success":
            raise refused(f"subtitle {subtitle_id} is not processed successfully ({job.status})")
        if job.byteplus_account_id != video.byteplus_account_id:
            raise refused(
                f"subtitle {subtitle_id} and vid {vid} are in different BytePlus accounts"
            )
        if job.vid and job.vid != vid:
            raise refused(f"subtitle {subtitle_id} is already bound to vid {job.vid}")
        for other in self.jobs.values():
            same_slot = other.vid == vid and other.language == job.language
            if same_slot and other is not job and other.owner == owner:
                other.vid = ""  # one subtitle per language and video: the new one replaces it
        job.vid = vid
        return job
