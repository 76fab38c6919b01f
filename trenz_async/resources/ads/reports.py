"""``trenz.ads.reports``: the integrated report, and the pager for answers with extras.

Ad Insight Data and Ad Integrated Report answer a list *plus* fields about the whole answer
(``currency``; a report's ``totals`` and ``dimensions``). They stay pagers, like every Ads
list, but their pages are :class:`~trenz_async.pagination.Page` subclasses that carry those
fields too (:class:`~trenz_async.models.ads.InsightsPage`,
:class:`~trenz_async.models.ads.ReportPage`), so nothing in the answer is lost::

    report = trenz.ads.reports.integrated(advertiser_id=..., start_date=..., end_date=...)
    first = await report                  # ReportPage: .items, .totals, .currency, .dimensions
    rows = await report.collect()         # every ReportRow, across pages
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Mapping, Sequence
from typing import Any, Generic, TypeVar, Unpack

import attrs

from trenz_async.errors import ResponseDecodeError
from trenz_async.models import Model
from trenz_async.models.ads import AdMetrics, ReportPage, ReportRow
from trenz_async.pagination import Page, Pager
from trenz_async.resources._base import CallOptions, Resource
from trenz_async.resources.ads._checks import (
    check_digits,
    check_dimensions,
    check_paging,
    check_range,
)
from trenz_async.resources.ads.paths import INTEGRATED_REPORT
from trenz_async.transport import Endpoint

__all__ = ["ReportPager", "ReportsResource", "RowsPager", "RowsResource"]

T = TypeVar("T", bound=Model)
P = TypeVar("P", bound=Page[Any])


class RowsPager(Pager[T], Generic[T, P]):
    """A pager whose pages are ``P``: a :class:`Page` that also carries the answer's extras.

    Awaiting it gives the first ``P``; :meth:`pages` yields ``P``; :meth:`iter` and
    :meth:`collect` walk the rows as any pager does.
    """

    def __init__(
        self, fetch: Callable[[int, int], Awaitable[P]], *, page: int, page_size: int
    ) -> None:
        super().__init__(fetch, page=page, page_size=page_size)
        self._fetch_page = fetch

    def __await__(self) -> Generator[Any, None, P]:
        return self._fetch_page(self.page, self.page_size).__await__()

    async def pages(self, *, max_pages: int | None = None) -> AsyncIterator[P]:
        """Yield pages (with their extras) from the starting page on, at most ``max_pages``."""
        async for page in super().pages(max_pages=max_pages):
            yield typing.cast(P, page)


ReportPager = RowsPager[ReportRow, ReportPage]
"""What :meth:`ReportsResource.integrated` returns."""


def _decode_error(where: str, problem: str) -> ResponseDecodeError:
    return ResponseDecodeError(f"{where}: {problem}")


def text_or_none(data: Mapping[str, Any], key: str) -> str | None:
    """``data[key]`` as text (None when absent); anything but a string is a decode error."""
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise _decode_error(f"$.data.{key}", f"expected a string, got {type(value).__name__}")
    return value


class RowsResource(Resource):
    """A resource with list answers that carry extras beside ``items`` (insights, reports)."""

    def _rows_pager(
        self,
        endpoint: Endpoint,
        model: type[T],
        make: Callable[[Page[T], Mapping[str, Any]], P],
        params: Mapping[str, object],
        options: CallOptions,
        *,
        page: int,
        page_size: int,
    ) -> RowsPager[T, P]:
        """A pager over ``endpoint`` (paging in the JSON body) whose pages ``make`` builds.

        ``make(page, data)`` turns the plain page and the answer's ``data`` into ``P``.
        """

        async def fetch(number: int, size: int) -> P:
            fields = {**params, "page": number, "page_size": size}
            envelope = await self._transport.request(endpoint, json=fields, **options)
            plain = self._page(envelope, model, number, size)
            return make(plain, envelope.data)

        return RowsPager(fetch, page=page, page_size=page_size)


class ReportsResource(RowsResource):
    """Ad Integrated Report: an account's metrics grouped by date and/or ad."""

    def integrated(
        self,
        *,
        advertiser_id: str | int,
        start_date: str | dt.date,
        end_date: str | dt.date,
        dimensions: Sequence[str] | None = None,
        page: int = 1,
        page_size: int = 10,
        **options: Unpack[CallOptions],
    ) -> ReportPager:
        """Ad Integrated Report over ``start_date``..``end_date`` (days, both included).

        Dates are ``YYYY-MM-DD`` or ``datetime.date``, end not before start and at most 90
        days after it. ``dimensions`` groups the rows: distinct names among ``"date"`` and
        ``"ad_id"`` (service default ``["date"]``; ``[]`` gives one row for the whole range).
        Every :class:`~trenz_async.models.ads.ReportPage` carries the range's ``totals`` (which
        equal the sums of Ad Insight Data over the same range), ``dimensions`` and the account's
        ``currency``. ``page_size`` is 1..50.
        """
        params: dict[str, object] = {"advertiser_id": check_digits("advertiser_id", advertiser_id)}
        start, end = check_range(start_date, end_date, required=True)
        params.update(start_date=start, end_date=end)
        dims = check_dimensions(dimensions)
        if dims is not None:
            params["dimensions"] = dims
        number, size = check_paging(page, page_size)
        return self._rows_pager(
            INTEGRATED_REPORT, ReportRow, self._report_page, params, options,
            page=number, page_size=size,
        )  # fmt: skip

    def _report_page(self, plain: Page[ReportRow], data: Mapping[str, Any]) -> ReportPage:
        totals = data.get("totals")
        if totals is not None:
            if not isinstance(totals, Mapping):
                kind = type(totals).__name__
                raise _decode_error("$.data.totals", f"expected an object, got {kind}")
            try:
                totals = self._hook(AdMetrics)(totals, AdMetrics)
            except Exception as exc:
                raise _decode_error("$.data.totals", str(exc)) from exc
        dims = data.get("dimensions") or []
        if not isinstance(dims, list) or not all(isinstance(d, str) for d in dims):
            raise _decode_error("$.data.dimensions", f"expected a list of names, got {dims!r}")
        return ReportPage(
            **attrs.asdict(plain, recurse=False),
            totals=totals,
            dimensions=tuple(dims),
            currency=text_or_none(data, "currency"),
        )
