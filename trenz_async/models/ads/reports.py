"""Ads/Reports records: integrated report rows and a report page with its totals.

Report rows add up counts and spend first, then derive the ratios, so a report's totals over
a range equal the sum of the insight rows (:class:`InsightRow`) of the same range.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from trenz_async.models.ads.campaigns import AdMetrics
from trenz_async.pagination import Page

__all__ = ["ReportPage", "ReportRow"]


@attrs.frozen(slots=True)
class ReportRow(AdMetrics):
    """One row of an integrated report: metrics summed over the row's ``dimensions``.

    ``date`` (``YYYY-MM-DD``) is set when the report is by ``date``, ``ad_id`` when by
    ``ad_id``; with no dimensions the report is one row over the whole range.
    """

    date: str | None = None
    ad_id: str | None = None


@attrs.frozen(slots=True)
class ReportPage(Page[ReportRow]):
    """A page of Ad Integrated Report rows, with what the whole report shares.

    ``totals`` are the metrics of the whole range (every page carries the same), ``dimensions``
    the grouping the rows use (e.g. ``("date",)``), ``currency`` the account's currency.
    """

    totals: AdMetrics | None = None
    dimensions: Sequence[str] = ()
    currency: str | None = None
