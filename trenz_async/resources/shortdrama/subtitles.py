"""``tiktok.shortdrama.subtitles``: Upload subtitles (an asynchronous job), Query, Bind.

``upload`` answers a ``job_id``; the returned :class:`SubtitleJob` polls Query subtitles until
the file is processed (:class:`~trenz_async.models.shortdrama.Subtitles` whose
``subtitle_id`` is what ``bind`` takes) or failed
(:class:`~trenz_async.errors.UploadFailedError`).
"""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any, TypeAlias, Unpack

from trenz_async.errors import ResponseDecodeError
from trenz_async.models.shortdrama import SubtitleBinding, Subtitles, SubtitleUpload
from trenz_async.resources._base import CallOptions
from trenz_async.resources.shortdrama._base import DramaResource, UploadJob
from trenz_async.resources.shortdrama._checks import (
    check_account,
    check_job_or_vid,
    check_text,
    check_url,
)
from trenz_async.resources.shortdrama.paths import SUBTITLE_BIND, SUBTITLE_QUERY, SUBTITLE_UPLOAD

__all__ = ["SubtitleJob", "SubtitlesResource"]

SubtitleJob: TypeAlias = UploadJob[SubtitleUpload, Subtitles]
"""A subtitle upload job: ``job_id``, ``wait()`` -> Subtitles (``.subtitle_id``)."""


class SubtitlesResource(DramaResource):
    """Subtitles: ``upload`` (an asynchronous job), ``get``, ``bind``, and ``job`` to resume."""

    def upload(
        self,
        *,
        subtitle_url: str,
        language: str,
        space_name: str,
        byteplus_account_id: str,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, SubtitleJob]:
        """Upload the subtitle file at ``subtitle_url`` (publicly downloadable http/https) in
        ``language`` (an ISO 639-1 code such as ``en`` is recommended) into the BytePlus
        ``space_name`` of ``byteplus_account_id``; return the job.

        A write: a lost answer raises :class:`~trenz_async.errors.AmbiguousOutcomeError` and
        is not re-sent.
        """
        account = check_account(byteplus_account_id)
        body = {
            "subtitle_url": check_url("subtitle_url", subtitle_url),
            "language": check_text("language", language),
            "space_name": check_text("space_name", space_name),
            "byteplus_account_id": account,
        }
        return self._start(self._write(SUBTITLE_UPLOAD, SubtitleUpload, options, body), account)

    async def _start(self, sent: Coroutine[Any, Any, SubtitleUpload], account: str) -> SubtitleJob:
        accepted = await sent
        if not accepted.job_id:
            raise ResponseDecodeError("$.data.job_id: Upload subtitles answered no job_id")
        return UploadJob("subtitle", accepted.job_id, account, self.get, accepted)

    def get(
        self,
        *,
        byteplus_account_id: str,
        job_id: str | None = None,
        vid: str | None = None,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, Subtitles]:
        """A subtitle job by ``job_id``, or the subtitles bound to the video ``vid`` (at least
        one of them), read from ``byteplus_account_id``. A read."""
        params = {"byteplus_account_id": check_account(byteplus_account_id)}
        params.update(check_job_or_vid(job_id, vid))
        return self._read(SUBTITLE_QUERY, Subtitles, options, params)

    def bind(
        self, *, vid: str, subtitle_id: str, **options: Unpack[CallOptions]
    ) -> Coroutine[Any, Any, SubtitleBinding]:
        """Bind the processed subtitle ``subtitle_id`` to the uploaded video ``vid``.

        A write: a lost answer raises :class:`~trenz_async.errors.AmbiguousOutcomeError`
        (binding again to the same vid is harmless, but it is not re-sent for you).
        """
        body = {
            "vid": check_text("vid", vid),
            "subtitle_id": check_text("subtitle_id", subtitle_id),
        }
        return self._write(SUBTITLE_BIND, SubtitleBinding, options, body)

    def job(self, *, job_id: str, byteplus_account_id: str) -> SubtitleJob:
        """A handle on a subtitle job started earlier; nothing is sent."""
        account = check_account(byteplus_account_id)
        return UploadJob("subtitle", check_text("job_id", job_id), account, self.get)
