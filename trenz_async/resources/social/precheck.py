"""``trenz.social.precheck``: quality prechecks of an uploaded video (Social/2).

A precheck runs on the service (``running``) and ends ``passed`` or ``failed`` with the
``issues`` found; ``list`` shows the records. For an answer at once, use
``trenz.social.videos.check_info``.
"""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any, Unpack

from trenz_async.models.social import Precheck
from trenz_async.pagination import Pager
from trenz_async.resources._base import CallOptions, Resource
from trenz_async.resources._validate import check_page, check_page_size
from trenz_async.resources.social._checks import (
    LIST_PAGE_SIZE_MAX,
    check_account_id,
    check_enum,
    check_nonblank,
)
from trenz_async.resources.social.paths import PRECHECK_LIST, PRECHECK_TRIGGER

__all__ = ["PRECHECK_STATUSES", "PrecheckResource"]

PRECHECK_STATUSES = ("running", "passed", "failed")


class PrecheckResource(Resource):
    """Quality prechecks: ``trigger`` one, ``list`` the records."""

    def trigger(
        self,
        *,
        bucket_name: str,
        bucket_key: str,
        platform_account_id: int | None = None,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, Precheck]:
        """Start a precheck of an uploaded video for one account's platform (or, without
        ``platform_account_id``, for every platform); answers the ``running`` record.

        A write (each call starts a new check).
        """
        body: dict[str, object] = {
            "bucket_name": check_nonblank("bucket_name", bucket_name),
            "bucket_key": check_nonblank("bucket_key", bucket_key),
        }
        if platform_account_id is not None:
            body["platform_account_id"] = check_account_id(
                "platform_account_id", platform_account_id
            )
        return self._one(PRECHECK_TRIGGER, Precheck, options, body=body)

    def list(
        self,
        *,
        status: str | None = None,
        page: int = 1,
        page_size: int = 10,
        **options: Unpack[CallOptions],
    ) -> Pager[Precheck]:
        """Precheck records, newest first, optionally of one ``status`` (running, passed,
        failed). ``page_size`` is 1..50."""
        checked = check_enum("status", status, PRECHECK_STATUSES)
        return self._pager(
            PRECHECK_LIST,
            Precheck,
            {} if checked is None else {"status": checked},
            options,
            page=check_page(page),
            page_size=check_page_size(page_size, LIST_PAGE_SIZE_MAX),
            in_body=True,
        )
