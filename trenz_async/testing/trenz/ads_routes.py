"""The Ads management route table (seed "Ads", catalogue §4): 9 POST routes, scope ``ads``.

All paths are inferred (I-lo, the catalogue's suggestions). Every route costs 1 (``per_call``)
and takes a JSON object body (``*`` = required). Ids are strings of digits. Dates are
``YYYY-MM-DD`` (UTC days). Lists take ``page`` (>= 1, default 1) and ``page_size`` (1..50,
default 10; above: 400 PAGE_SIZE_EXCEEDED) and answer ``data.items`` + ``data.total_count`` plus
top-level ``page``, ``page_size``, ``total``. An unknown ``advertiser_id``, ``ad_id`` or ``page_id``
is 400 INVALID_PARAM naming the field.

==============================  ====================================  ===========================
path (``/open/v1/ads/...``)     body                                  ``data``
==============================  ====================================  ===========================
accounts/list                   ``page``, ``page_size``               list of account
accounts/remark                 ``advertiser_id``*, ``remark``* (str  the updated account
                                <= 100 chars; ``""`` clears it)
campaigns/list                  ``advertiser_id``*, ``status``        list of ad (newest first)
                                (ENABLE | DISABLE), paging
campaigns/detail                ``advertiser_id``*, ``ad_id``*        ad detail
campaigns/insights              ``advertiser_id``*, ``start_date``*,  list of insight row (by
                                ``end_date``* (end >= start, at most  date, then ad_id) +
                                90 days apart), ``ad_ids`` (1..100    ``currency``
                                ids of this account), paging
landing-pages/list              ``advertiser_id``*, paging            list of landing page
landing-pages/fields            ``page_id``*                          ``{page_id, fields: [field]}``
leads/list                      ``advertiser_id``*, ``page_id``,      list of lead (newest
                                ``start_date``, ``end_date`` (on      first)
                                ``create_time``), paging
reports/integrated              ``advertiser_id``*, ``start_date``*,  list of report row +
                                ``end_date``* (as insights),          ``totals`` (metrics),
                                ``dimensions`` (list from "date",     ``dimensions``,
                                "ad_id"; default ["date"]; ``[]``:    ``currency``
                                one total row), paging
==============================  ====================================  ===========================

Shapes:

* account: ``{advertiser_id, name, currency, timezone, status (active | suspended), balance
  (float), create_time (unix s), remark}``
* ad: ``{ad_id, advertiser_id, name, status (ENABLE | DISABLE), budget (float, daily),
  objective, create_time, campaign_id, campaign_name}``; detail adds ``budget_mode,
  optimization_goal, bid_price, landing_page_url, creative: {video_url, cover_url, ad_text,
  call_to_action}``
* insight row: ``{date, ad_id, spend, impressions, clicks, conversions, ctr, cpc, cpm}``
  (rows from each ad's start day up to the simulator clock's day; metrics in
  :mod:`~trenz_async.testing.trenz.ads_state`); report row: the ``dimensions`` keys + metrics
* landing page: ``{page_id, advertiser_id, title, url, status, create_time}``; field:
  ``{field_id, name, label, type (text | email | phone | select), required, options}``
* lead: ``{lead_id, page_id, advertiser_id, ad_id, fields: {name: value}, create_time}``
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import attrs

from trenz_async.testing.trenz import body_fields as f
from trenz_async.testing.trenz.ads_state import DIMENSIONS, AdsState
from trenz_async.testing.trenz.routing import Call, Reply, Route

V1 = "/open/v1/ads"
COST = 1
REMARK_MAX = 100
RANGE_MAX_DAYS = 90
AD_IDS_MAX = 100


@attrs.frozen
class Query:
    """A checked Ads request: the account (if any), paging and the operation's own values."""

    advertiser_id: str | None
    page: int
    page_size: int
    values: dict[str, Any] = attrs.field(factory=dict)


class AdsApi:
    """Thin handlers: ``*_check`` validates (before billing), the operation answers."""

    def __init__(self, state: AdsState, on_remark: Callable[[], None]) -> None:
        self.state = state
        self._on_remark = on_remark

    def _advertiser(self, body: dict[str, Any]) -> str:
        advertiser_id = f.req_digits(body, "advertiser_id")
        self.state.account(advertiser_id)
        return advertiser_id

    def _range(self, body: dict[str, Any], *, required: bool) -> tuple[date | None, date | None]:
        start = f.day(body, "start_date", required=required)
        end = f.day(body, "end_date", required=required)
        if start is not None and end is not None:
            if end < start:
                raise f.invalid("end_date must not be before start_date")
            if required and (end - start).days > RANGE_MAX_DAYS:
                raise f.invalid(
                    f"the range from start_date to end_date must be at most {RANGE_MAX_DAYS} days"
                )
        return start, end

    def paged_check(self, call: Call) -> Query:
        """Body with paging only (Ad Account List)."""
        return Query(None, *f.page(f.body_of(call)))

    def account_list(self, query: Query) -> Reply:
        """Ad Account List."""
        rows = [account.view() for account in self.state.accounts()]
        return f.page_reply(rows, query.page, query.page_size)

    def remark_check(self, call: Call) -> Query:
        """``advertiser_id``*, ``remark``* (a string of at most 100 characters; may be empty)."""
        body = f.body_of(call)
        advertiser_id = self._advertiser(body)
        remark = body.get("remark")
        if remark is None:
            raise f.missing("remark")
        if not isinstance(remark, str) or len(remark) > REMARK_MAX:
            raise f.invalid(f"remark must be a string of at most {REMARK_MAX} characters")
        return Query(advertiser_id, 1, 1, {"remark": remark})

    def update_remark(self, query: Query) -> Reply:
        """Update Ad Account Remark."""
        assert query.advertiser_id is not None
        account = self.state.set_remark(query.advertiser_id, query.values["remark"])
        self._on_remark()
        return Reply(account.view())

    def ad_list_check(self, call: Call) -> Query:
        """``advertiser_id``*, ``status`` (ENABLE | DISABLE), paging."""
        body = f.body_of(call)
        advertiser_id = self._advertiser(body)
        status = f.choice(body, "status", ("ENABLE", "DISABLE"), default="") or None
        return Query(advertiser_id, *f.page(body), {"status": status})

    def ad_list(self, query: Query) -> Reply:
        """Ad List."""
        assert query.advertiser_id is not None
        ads = self.state.ads_of(query.advertiser_id, query.values["status"])
        return f.page_reply([ad.row() for ad in ads], query.page, query.page_size)

    def ad_detail_check(self, call: Call) -> Query:
        """``advertiser_id``*, ``ad_id``*."""
        body = f.body_of(call)
        advertiser_id = self._advertiser(body)
        ad = self.state.ad(advertiser_id, f.req_digits(body, "ad_id"))
        return Query(advertiser_id, 1, 1, {"ad_id": ad.ad_id})

    def ad_detail(self, query: Query) -> Reply:
        """Ad Detail."""
        assert query.advertiser_id is not None
        return Reply(self.state.ad(query.advertiser_id, query.values["ad_id"]).detail())

    def insights_check(self, call: Call) -> Query:
        """``advertiser_id``*, ``start_date``*, ``end_date``*, ``ad_ids`` (ids of the account)."""
        body = f.body_of(call)
        advertiser_id = self._advertiser(body)
        start, end = self._range(body, required=True)
        ads = self.state.ads_of(advertiser_id)
        raw = body.get("ad_ids")
        if raw is not None:
            if not isinstance(raw, list) or not 1 <= len(raw) <= AD_IDS_MAX:
                raise f.invalid(f"ad_ids must be a list of 1 to {AD_IDS_MAX} ad ids")
            chosen = {}
            for index, value in enumerate(raw):
                name = f"ad_ids[{index}]"
                ad = self.state.ad(advertiser_id, f.req_digits({name: value}, name), name)
                chosen[ad.ad_id] = ad
            ads = list(chosen.values())
        values = {"ads": ads, "start": start, "end": end}
        return Query(advertiser_id, *f.page(body), values)

    def insights(self, query: Query) -> Reply:
        """Ad Insight Data."""
        assert query.advertiser_id is not None
        rows = self.state.insights(query.values["ads"], query.values["start"], query.values["end"])
        currency = self.state.account(query.advertiser_id).currency
        return f.page_reply(rows, query.page, query.page_size, currency=currency)

    def advertiser_check(self, call: Call) -> Query:
        """``advertiser_id``*, paging (Landing Page List)."""
        body = f.body_of(call)
        return Query(self._advertiser(body), *f.page(body))

    def landing_pages(self, query: Query) -> Reply:
        """Landing Page List."""
        assert query.advertiser_id is not None
        rows = [page.row() for page in self.state.pages_of(query.advertiser_id)]
        return f.page_reply(rows, query.page, query.page_size)

    def fields_check(self, call: Call) -> Query:
        """``page_id``*."""
        page = self.state.page(f.req_digits(f.body_of(call), "page_id"))
        return Query(None, 1, 1, {"page_id": page.page_id})

    def page_fields(self, query: Query) -> Reply:
        """Landing Page Field Definitions."""
        page = self.state.page(query.values["page_id"])
        return Reply({"page_id": page.page_id, "fields": [dict(x) for x in page.fields]})

    def leads_check(self, call: Call) -> Query:
        """``advertiser_id``*, ``page_id`` (a page of the account), dates, paging."""
        body = f.body_of(call)
        advertiser_id = self._advertiser(body)
        page_id = f.digits(body, "page_id", required=False)
        if page_id is not None and self.state.page(page_id).advertiser_id != advertiser_id:
            raise f.invalid(f"page_id {page_id} is not a landing page of {advertiser_id}")
        start, end = self._range(body, required=False)
        values = {"page_id": page_id, "start": start, "end": end}
        return Query(advertiser_id, *f.page(body), values)

    def leads(self, query: Query) -> Reply:
        """Leads List."""
        assert query.advertiser_id is not None
        v = query.values
        rows = self.state.leads(query.advertiser_id, v["page_id"], v["start"], v["end"])
        return f.page_reply(rows, query.page, query.page_size)

    def report_check(self, call: Call) -> Query:
        """``advertiser_id``*, ``start_date``*, ``end_date``*, ``dimensions``, paging."""
        body = f.body_of(call)
        advertiser_id = self._advertiser(body)
        start, end = self._range(body, required=True)
        dims = body.get("dimensions", ["date"])
        allowed = set(DIMENSIONS)
        if (
            not isinstance(dims, list)
            or not all(isinstance(d, str) and d in allowed for d in dims)
            or len(set(dims)) != len(dims)
        ):
            raise f.invalid('dimensions must be a list of distinct values from: "date", "ad_id"')
        values = {"start": start, "end": end, "dimensions": tuple(dims)}
        return Query(advertiser_id, *f.page(body), values)

    def integrated_report(self, query: Query) -> Reply:
        """Ad Integrated Report."""
        assert query.advertiser_id is not None
        v = query.values
        rows, totals = self.state.report(query.advertiser_id, v["start"], v["end"], v["dimensions"])
        return f.page_reply(
            rows,
            query.page,
            query.page_size,
            totals=totals,
            dimensions=list(v["dimensions"]),
            currency=self.state.account(query.advertiser_id).currency,
        )


def ads_routes(api: AdsApi) -> list[Route]:
    """Return the 9 Ads management routes bound to ``api``."""
    table: list[tuple[str, Callable[[Call], Query], Callable[[Query], Reply]]] = [
        ("accounts/list", api.paged_check, api.account_list),
        ("accounts/remark", api.remark_check, api.update_remark),
        ("campaigns/list", api.ad_list_check, api.ad_list),
        ("campaigns/detail", api.ad_detail_check, api.ad_detail),
        ("campaigns/insights", api.insights_check, api.insights),
        ("landing-pages/list", api.advertiser_check, api.landing_pages),
        ("landing-pages/fields", api.fields_check, api.page_fields),
        ("leads/list", api.leads_check, api.leads),
        ("reports/integrated", api.report_check, api.integrated_report),
    ]
    return [
        Route("POST", f"{V1}/{path}", "ads", COST, check, act, json_body=True)
        for path, check, act in table
    ]
