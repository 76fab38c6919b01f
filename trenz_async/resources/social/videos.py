"""``trenz.social.videos``: video checks, publishing records and platform metrics (Social/3).

``records(bucket_key=...)`` is the reconciliation query: after a publish whose answer was lost
(:class:`~trenz_async.errors.AmbiguousOutcomeError`), it shows whether the publications exist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Coroutine, Mapping
from typing import Any, Unpack

import attrs

from trenz_async.errors import ValidationError
from trenz_async.models.social import (
    PublishingRecord,
    PublishingRecordDetail,
    VideoInfo,
    VideoMetric,
)
from trenz_async.pagination import Pager
from trenz_async.resources._base import CallOptions, Resource
from trenz_async.resources._validate import check_page, check_page_size
from trenz_async.resources.social._checks import (
    LIST_PAGE_SIZE_MAX,
    PUBLICATION_STATUSES,
    check_account_id,
    check_day,
    check_enum,
    check_nonblank,
)
from trenz_async.resources.social.paths import (
    PUBLISH_RECORD_DETAIL,
    PUBLISH_RECORDS,
    VIDEO_CHECK_INFO,
    VIDEO_METRICS,
)

__all__ = ["VideosResource"]


def _set(params: Mapping[str, object]) -> dict[str, object]:
    return {k: v for k, v in params.items() if v is not None}


def _platforms_listed(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """A check answer whose ``platforms`` is an object keyed by platform
    (``{"tiktok": {"passed": true}}``), with one entry per platform instead."""
    platforms = data["platforms"]
    listed = [
        {"platform": name, **check} if isinstance(check, Mapping) else {"platform": name}
        for name, check in platforms.items()
    ]
    return {**data, "platforms": listed}


class VideosResource(Resource):
    """Video checks, publishing records and per-video platform metrics."""

    def check_info(
        self, *, bucket_name: str, bucket_key: str, **options: Unpack[CallOptions]
    ) -> Coroutine[Any, Any, VideoInfo]:
        """Check an uploaded video against each platform's spec before publishing.

        Answers its size (bytes), type, duration (s), resolution, codec and bitrate (bit/s),
        and per platform whether it passes and why not. Raises
        :class:`~trenz_async.errors.InvalidParamError` when nothing is stored at the key.
        The seed does not show this answer: ``platforms`` may also come as an object keyed by
        platform, and an issue as an object (kept as its JSON text).
        """
        body = {
            "bucket_name": check_nonblank("bucket_name", bucket_name),
            "bucket_key": check_nonblank("bucket_key", bucket_key),
        }
        return self._check_info(body, options)

    async def _check_info(self, body: Mapping[str, object], options: CallOptions) -> VideoInfo:
        envelope = await self._transport.request(VIDEO_CHECK_INFO, json=body, **options)
        data = envelope.data
        platforms = data.get("platforms") if data.__class__ is dict else None
        if platforms is not None and isinstance(platforms, Mapping):
            envelope = attrs.evolve(envelope, data=_platforms_listed(data))
        return self._data_as(envelope, VideoInfo)

    def records(
        self,
        *,
        bucket_key: str | None = None,
        platform_account_id: int | None = None,
        status: str | None = None,
        session_token: str | None = None,
        page: int = 1,
        page_size: int = 10,
        **options: Unpack[CallOptions],
    ) -> Pager[PublishingRecord]:
        """Publishing records (one per publication), newest first, filtered by any of
        ``bucket_key``, ``platform_account_id``, ``status`` (pending, publishing, published,
        failed, cancelled) and ``session_token``. ``page_size`` is 1..50."""
        params = {
            "bucket_key": check_nonblank("bucket_key", bucket_key, optional=True),
            "platform_account_id": check_account_id(
                "platform_account_id", platform_account_id, optional=True
            ),
            "status": check_enum("status", status, PUBLICATION_STATUSES),
            "session_token": check_nonblank("session_token", session_token, optional=True),
        }
        return self._pager(
            PUBLISH_RECORDS,
            PublishingRecord,
            _set(params),
            options,
            page=check_page(page),
            page_size=check_page_size(page_size, LIST_PAGE_SIZE_MAX),
            in_body=True,
        )

    def record(
        self, record_id: str, **options: Unpack[CallOptions]
    ) -> Coroutine[Any, Any, PublishingRecordDetail]:
        """One publishing record with its video title, description and ``platform_config``.

        Raises :class:`~trenz_async.errors.InvalidParamError` for an unknown id.
        """
        body = {"record_id": check_nonblank("record_id", record_id)}
        return self._one(PUBLISH_RECORD_DETAIL, PublishingRecordDetail, options, body=body)

    def metrics(
        self,
        *,
        platform_account_id: int,
        start_date: str | dt.date | None = None,
        end_date: str | dt.date | None = None,
        page: int = 1,
        page_size: int = 10,
        **options: Unpack[CallOptions],
    ) -> Pager[VideoMetric]:
        """The account's videos with views, likes, comments and shares, newest first.

        ``start_date``/``end_date`` (``YYYY-MM-DD`` or ``datetime.date``, inclusive) bound the
        publishing date; ``page_size`` is 1..50.
        """
        start = check_day("start_date", start_date)
        end = check_day("end_date", end_date)
        if start is not None and end is not None and start > end:
            raise ValidationError("start_date", f"must not be after end_date ({end})", start)
        params = {
            "platform_account_id": check_account_id("platform_account_id", platform_account_id),
            "start_date": start,
            "end_date": end,
        }
        return self._pager(
            VIDEO_METRICS,
            VideoMetric,
            _set(params),
            options,
            page=check_page(page),
            page_size=check_page_size(page_size, LIST_PAGE_SIZE_MAX),
            in_body=True,
        )
