"""``trenz.ads.campaigns``: an account's ads, one ad's detail, and daily insight rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Coroutine, Mapping
from typing import Any, Unpack

import attrs

from trenz_async.models.ads import CampaignAd, CampaignAdDetail, InsightRow, InsightsPage
from trenz_async.pagination import Page, Pager
from trenz_async.resources._base import CallOptions
from trenz_async.resources.ads._checks import (
    check_ad_ids,
    check_digits,
    check_paging,
    check_range,
    check_status,
)
from trenz_async.resources.ads.paths import AD_DETAIL, AD_INSIGHTS, AD_LIST
from trenz_async.resources.ads.reports import RowsPager, RowsResource, text_or_none

__all__ = ["CampaignsResource", "InsightsPager"]

InsightsPager = RowsPager[InsightRow, InsightsPage]
"""What :meth:`CampaignsResource.insights` returns."""


class CampaignsResource(RowsResource):
    """Ads of an ad account: ``list``, ``get`` one, read their daily ``insights``."""

    def list(
        self,
        *,
        advertiser_id: str | int,
        status: str | None = None,
        page: int = 1,
        page_size: int = 10,
        **options: Unpack[CallOptions],
    ) -> Pager[CampaignAd]:
        """Ad List: the account's ads, newest first; ``page_size`` is 1..50.

        ``status`` keeps ``ENABLE`` (delivering) or ``DISABLE`` ads (None: both). An
        ``advertiser_id`` that is not one of this app's accounts is refused by the service
        (:class:`~trenz_async.errors.BadRequestError`, ``INVALID_PARAM``).
        """
        params: dict[str, object] = {"advertiser_id": check_digits("advertiser_id", advertiser_id)}
        wanted = check_status(status)
        if wanted is not None:
            params["status"] = wanted
        number, size = check_paging(page, page_size)
        return self._pager(
            AD_LIST, CampaignAd, params, options, page=number, page_size=size, in_body=True
        )

    def get(
        self, ad_id: str | int, *, advertiser_id: str | int, **options: Unpack[CallOptions]
    ) -> Coroutine[Any, Any, CampaignAdDetail]:
        """Ad Detail: the ad with its budget mode, optimization goal, bid and creative.

        ``ad_id`` must be an ad of ``advertiser_id``; the service refuses any other
        (``INVALID_PARAM``).
        """
        body = {
            "advertiser_id": check_digits("advertiser_id", advertiser_id),
            "ad_id": check_digits("ad_id", ad_id),
        }
        return self._one(AD_DETAIL, CampaignAdDetail, options, body=body)

    def insights(
        self,
        *,
        advertiser_id: str | int,
        start_date: str | dt.date,
        end_date: str | dt.date,
        ad_ids: Collection[str | int] | None = None,
        page: int = 1,
        page_size: int = 10,
        **options: Unpack[CallOptions],
    ) -> InsightsPager:
        """Ad Insight Data: one row per ad per day, ordered by date then ``ad_id``.

        Dates are ``YYYY-MM-DD`` or ``datetime.date`` (UTC days, both included), end not
        before start and at most 90 days after it; days before an ad started or after today
        have no row. ``ad_ids`` (1..100 ads of this account; None: all of them) narrows the
        rows. Each :class:`~trenz_async.models.ads.InsightsPage` carries the account's
        ``currency``, the unit of ``spend``, ``cpc`` and ``cpm``. ``page_size`` is 1..50.
        """
        params: dict[str, object] = {"advertiser_id": check_digits("advertiser_id", advertiser_id)}
        start, end = check_range(start_date, end_date, required=True)
        params.update(start_date=start, end_date=end)
        ids = check_ad_ids(ad_ids)
        if ids is not None:
            params["ad_ids"] = ids
        number, size = check_paging(page, page_size)
        return self._rows_pager(
            AD_INSIGHTS, InsightRow, _insights_page, params, options,
            page=number, page_size=size,
        )  # fmt: skip


def _insights_page(plain: Page[InsightRow], data: Mapping[str, Any]) -> InsightsPage:
    return InsightsPage(
        **attrs.asdict(plain, recurse=False), currency=text_or_none(data, "currency")
    )
