"""``tiktok.shortdrama.videos``: Upload Video (an asynchronous job) and Query Video.

``upload`` answers at once with a ``job_id``; the returned :class:`VideoJob` polls Query Video
until the upload succeeded (the :class:`~trenz_async.models.shortdrama.Video` with its
``vid`` and ``byteplus_url``) or failed (:class:`~trenz_async.errors.UploadFailedError`).
"""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any, TypeAlias, Unpack

from trenz_async.errors import ResponseDecodeError, UploadFailedError, ValidationError
from trenz_async.models.shortdrama import ResultType, Video, VideoUpload
from trenz_async.resources._base import CallOptions
from trenz_async.resources.shortdrama._base import DramaResource, UploadJob
from trenz_async.resources.shortdrama._checks import (
    check_account,
    check_job_or_vid,
    check_text,
    check_url,
)
from trenz_async.resources.shortdrama.paths import VIDEO_QUERY, VIDEO_UPLOAD

__all__ = ["VideoJob", "VideosResource"]

VideoJob: TypeAlias = UploadJob[VideoUpload, Video]
"""A video upload job: ``job_id``, ``accepted`` (the upload's answer), ``wait()`` -> Video."""


class VideosResource(DramaResource):
    """Episode videos: ``upload`` (an asynchronous job), ``get``, and ``job`` to resume one."""

    def upload(
        self,
        *,
        title: str,
        space_name: str,
        byteplus_account_id: str,
        url: str | None = None,
        vid: str | None = None,
        byteplus_region: str | None = None,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, VideoJob]:
        """Upload the video at ``url`` into the BytePlus ``space_name`` of
        ``byteplus_account_id``; return the job (``await job.wait()`` for the video).

        ``url`` must be a publicly downloadable http/https link. Instead of ``url``, ``vid``
        registers a video already in BytePlus (with ``byteplus_region``); one of the two, not
        both. An upload the service refuses outright (``result_type`` 3) raises
        :class:`~trenz_async.errors.UploadFailedError`. A write: a lost answer raises
        :class:`~trenz_async.errors.AmbiguousOutcomeError` and is not re-sent (look for the
        video by ``vid`` later, or upload again knowingly).
        """
        if (url is None) == (vid is None):
            rule = "pass url (to upload a file) or vid (to register a BytePlus video), not both"
            raise ValidationError("url", rule, url)
        body: dict[str, object] = {}
        if url is not None:
            body["url"] = check_url("url", url)
        if vid is not None:
            body["vid"] = check_text("vid", vid)
        body["title"] = check_text("title", title)
        body["space_name"] = check_text("space_name", space_name)
        account = check_account(byteplus_account_id)
        body["byteplus_account_id"] = account
        if byteplus_region is not None:
            body["byteplus_region"] = check_text("byteplus_region", byteplus_region)
        return self._start(self._write(VIDEO_UPLOAD, VideoUpload, options, body), account)

    async def _start(self, sent: Coroutine[Any, Any, VideoUpload], account: str) -> VideoJob:
        accepted = await sent
        if accepted.result_type == ResultType.FAILURE:
            raise UploadFailedError(
                "the video upload was refused (result_type 3, failure)", last=accepted
            )
        if not accepted.job_id and not accepted.byteplus_vid:
            raise ResponseDecodeError("$.data.job_id: Upload Video answered no job_id")
        return UploadJob(
            "video", accepted.job_id, account, self.get, accepted, vid=accepted.byteplus_vid
        )

    def get(
        self,
        *,
        byteplus_account_id: str,
        job_id: str | None = None,
        vid: str | None = None,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, Video]:
        """The upload job ``job_id`` or the uploaded video ``vid`` (at least one), read from
        ``byteplus_account_id``.

        ``upload_status`` is 1 processing, 2 success (``vid``, ``byteplus_url``,
        ``duration_ms``, ``cover_url`` set), 3 failure. A read (retried on 5xx and timeouts).
        """
        params = {"byteplus_account_id": check_account(byteplus_account_id)}
        params.update(check_job_or_vid(job_id, vid))
        return self._read(VIDEO_QUERY, Video, options, params)

    def job(self, *, job_id: str, byteplus_account_id: str) -> VideoJob:
        """A handle on a job started earlier (e.g. by a run that crashed); nothing is sent."""
        account = check_account(byteplus_account_id)
        return UploadJob("video", check_text("job_id", job_id), account, self.get)
