"""``trenz.ads.leads``: leads collected by an account's landing pages."""

from __future__ import annotations

import datetime as dt
from typing import Unpack

from trenz_async.models.ads import Lead
from trenz_async.pagination import Pager
from trenz_async.resources._base import CallOptions, Resource
from trenz_async.resources.ads._checks import check_digits, check_paging, check_range
from trenz_async.resources.ads.paths import LEADS_LIST

__all__ = ["LeadsResource"]


class LeadsResource(Resource):
    """Leads (lead-form submissions): ``list``."""

    def list(
        self,
        *,
        advertiser_id: str | int,
        page_id: str | int | None = None,
        start_date: str | dt.date | None = None,
        end_date: str | dt.date | None = None,
        page: int = 1,
        page_size: int = 10,
        **options: Unpack[CallOptions],
    ) -> Pager[Lead]:
        """Leads List: the account's leads, newest first; ``page_size`` is 1..50.

        ``page_id`` keeps one landing page's leads (it must be a page of this account);
        ``start_date``/``end_date`` (``YYYY-MM-DD`` or ``datetime.date``, UTC days, both
        included; either may be omitted; end not before start) bound ``create_time``.
        """
        params: dict[str, object] = {"advertiser_id": check_digits("advertiser_id", advertiser_id)}
        if page_id is not None:
            params["page_id"] = check_digits("page_id", page_id)
        start, end = check_range(start_date, end_date, required=False)
        params.update((k, v) for k, v in (("start_date", start), ("end_date", end)) if v)
        number, size = check_paging(page, page_size)
        return self._pager(
            LEADS_LIST, Lead, params, options, page=number, page_size=size, in_body=True
        )
