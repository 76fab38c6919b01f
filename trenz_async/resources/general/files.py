"""``trenz.files``: presigned uploads to the platform's storage, streamed from disk.

The seed's flow: presign (``POST /open/v1/social/upload/presigned-url``), then ``PUT`` the raw
bytes to ``presigned_url`` with the file's ``Content-Type``. The URL is valid for one hour. The
storage host is another party: the PUT never carries the API key.
"""

from __future__ import annotations

import mimetypes
import time
from collections.abc import Callable, Coroutine
from typing import Any, Final, Unpack

import attrs

from trenz_async.errors import UploadURLExpiredError, ValidationError
from trenz_async.models import PresignedUpload, UnixSeconds, UploadedObject
from trenz_async.resources._base import CallOptions, Resource
from trenz_async.resources.general.paths import PRESIGN_UPLOAD
from trenz_async.resources.general.upload_source import (
    Progress,
    Source,
    UploadSource,
    upload_source,
)
from trenz_async.transport._checks import check_optional_seconds, check_seconds

__all__ = ["PLATFORM_SIZE_CAPS", "PRESIGN_LIFETIME", "FilesResource", "Presigned"]

GB: Final = 1024**3
PLATFORM_SIZE_CAPS: Final = {"tiktok": 4 * GB, "youtube": 256 * GB, "instagram": 1 * GB}
"""Largest file each platform takes (the seed's upload step), in bytes."""
PRESIGN_LIFETIME: Final = 3600
"""Seconds a presigned URL stays valid (the seed: one hour)."""
RENEW_MARGIN: Final = 60
"""A URL with less than this many seconds left is presigned again before the PUT."""
MIN_RATE: Final = 1024 * 1024
"""Bytes per second an upload attempt is allowed at least (sets its default timeout)."""
Presigned = Callable[[PresignedUpload], object]
"""``on_presigned(record)``: where the file is about to be stored, before its bytes are sent."""


def _check_file_name(file_name: object) -> str:
    if not isinstance(file_name, str) or not file_name.strip():
        raise ValidationError("file_name", "must be a non-empty file name", file_name)
    name = file_name.strip()
    if "/" in name or "\\" in name:
        raise ValidationError("file_name", "must be a bare file name, without a path", file_name)
    if "." not in name.strip("."):
        raise ValidationError("file_name", "must have an extension (e.g. clip.mp4)", file_name)
    return name


_MILLISECONDS = 10**11
"""An ``expires_at`` above this is in milliseconds (as seconds, it would be year 5138)."""


def _expiring(record: PresignedUpload, asked: float) -> PresignedUpload:
    """``record`` with ``expires_at`` in unix seconds: from ``expires_in`` or the seed's one
    hour after ``asked`` when the service gave none, divided by 1000 when sent in ms."""
    if record.expires_at is not None:
        if record.expires_at < _MILLISECONDS:
            return record
        return attrs.evolve(record, expires_at=UnixSeconds(record.expires_at // 1000))
    lifetime = record.expires_in or PRESIGN_LIFETIME
    return attrs.evolve(record, expires_at=UnixSeconds(int(asked + lifetime)))


class FilesResource(Resource):
    """Presigned uploads: ``presign`` alone, or ``upload`` for presign + streamed PUT."""

    def presign(
        self, *, file_name: str, **options: Unpack[CallOptions]
    ) -> Coroutine[Any, Any, PresignedUpload]:
        """A presigned PUT URL for ``file_name`` (with its extension), valid for one hour.

        The record's ``s3_bucket``/``object_key`` are the ``bucket_name``/``bucket_key`` that
        publishing takes; ``expires_at`` is unix seconds.
        """
        body = {"file_name": _check_file_name(file_name)}
        return self._presign(body, options)

    async def _presign(self, body: dict[str, str], options: CallOptions) -> PresignedUpload:
        asked = time.time()
        record = await self._one(PRESIGN_UPLOAD, PresignedUpload, options, body=body)
        return _expiring(record, asked)

    def upload(
        self,
        source: Source,
        *,
        file_name: str | None = None,
        content_type: str | None = None,
        on_progress: Progress | None = None,
        on_presigned: Presigned | None = None,
        size: int | None = None,
        max_size: int = PLATFORM_SIZE_CAPS["tiktok"],
        timeout: float | None = None,
        deadline: float | None = None,
    ) -> Coroutine[Any, Any, UploadedObject]:
        """Presign, then stream ``source`` to storage; return where it is stored.

        ``source`` is a path, bytes, a binary file (read from its current position) or an
        async byte iterator (then ``size`` is required). ``file_name`` defaults to the path's
        name; ``content_type`` to the type its extension implies. ``on_progress(sent, total)``
        is called as chunks go out; ``on_presigned(record)`` with the presigned upload (its
        ``s3_bucket`` and ``object_key``: where the file will be) before the PUT, and again
        should an expired URL be presigned anew (lets a caller record the destination, or
        what it will do with it, while the bytes go out). A file larger than ``max_size``
        (TikTok's 4 GB by default; see :data:`PLATFORM_SIZE_CAPS`) or empty is refused before
        anything is sent.
        The PUT is retried like a read (same key, same bytes); an expired URL is presigned
        again. ``timeout`` bounds one attempt (default: the client's, plus a second per MiB);
        ``deadline`` the whole upload (default none).
        """
        body = upload_source(source, size)
        name = _check_file_name(file_name if file_name is not None else body.name)
        kind = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
        if not isinstance(kind, str) or "/" not in kind:
            raise ValidationError("content_type", "must be a MIME type such as video/mp4", kind)
        if body.size == 0:
            raise ValidationError("source", "is empty: there is nothing to upload", name)
        if body.size > max_size:
            raise ValidationError(
                "source",
                f"is {body.size} bytes, over the {max_size}-byte cap (platform caps: TikTok "
                "4 GB, YouTube 256 GB, Instagram Reels 1 GB; pass max_size= to change it)",
                name,
            )
        if timeout is None:
            timeout = self._transport.config.timeout + body.size / MIN_RATE
        timeout = check_seconds("timeout", timeout)
        deadline = check_optional_seconds("deadline", deadline)
        return self._upload(name, kind, body, on_progress, on_presigned, timeout, deadline)

    async def _upload(
        self,
        name: str,
        kind: str,
        body: UploadSource,
        on_progress: Progress | None,
        on_presigned: Presigned | None,
        timeout: float,
        deadline: float | None,
    ) -> UploadedObject:
        asked = time.time()  # presigned here, not by _presign: one coroutine less queued
        presigned = await self._one(PRESIGN_UPLOAD, PresignedUpload, {}, body={"file_name": name})
        presigned = _expiring(presigned, asked)
        size = body.size
        stream = body.stream(on_progress)  # built once presigned: a queued upload stays small
        headers = {"Content-Type": kind, "Content-Length": str(size)}
        told = None  # the record on_presigned was last given
        for renewal in (False, True):
            if (presigned.expires_at or 0) - time.time() < RENEW_MARGIN:
                presigned = await self._presign({"file_name": name}, {})
            if on_presigned is not None and presigned.object_key != told:
                on_presigned(presigned)
                told = presigned.object_key
            try:
                answer = await self._transport.upload(
                    presigned.presigned_url,
                    stream,
                    headers=headers,
                    timeout=timeout,
                    deadline=deadline,
                )
            except UploadURLExpiredError:
                if renewal:
                    raise
                presigned = attrs.evolve(presigned, expires_at=UnixSeconds(0))  # presign again
                continue
            return UploadedObject(
                bucket_name=presigned.s3_bucket,
                bucket_key=presigned.object_key,
                cdn_url=presigned.cdn_url,
                size=size,
                content_type=kind,
                etag=answer.etag,
            )
        raise AssertionError("unreachable")  # pragma: no cover
