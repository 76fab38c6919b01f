"""The Ads management state: lookups, the remark write, insights and the integrated report.

There is no lifecycle here: ads keep their ``status`` (the 9 endpoints cannot change it) and
the only write is an account's ``remark``. Insight rows exist for every day from an ad's start
to the simulator clock's day (UTC); a DISABLE ad reports zeros after it stopped.

Metrics of a row: ``spend`` (float, account currency, cents exact), ``impressions``,
``clicks``, ``conversions`` (ints), ``ctr`` (percent, clicks / impressions * 100), ``cpc``
(spend / clicks), ``cpm`` (spend / impressions * 1000), each rounded to 2 decimals and 0.0 when
its denominator is 0. Aggregated rows add up the counts and spend first, then derive the ratios,
so a report's sums equal the sums of the insight rows of the same range.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from trenz_async.testing.trenz.ads_data import Ad, AdAccount, LandingPage, daily_metrics, generate
from trenz_async.testing.trenz.body_fields import invalid

Totals = tuple[int, int, int, int]  # spend_cents, impressions, clicks, conversions
DIMENSIONS = ("date", "ad_id")


def metrics(totals: Totals) -> dict[str, Any]:
    """Return the metric fields of a row from its summed counts."""
    cents, impressions, clicks, conversions = totals
    spend = cents / 100
    return {
        "spend": round(spend, 2),
        "impressions": impressions,
        "clicks": clicks,
        "conversions": conversions,
        "ctr": round(clicks / impressions * 100, 2) if impressions else 0.0,
        "cpc": round(spend / clicks, 2) if clicks else 0.0,
        "cpm": round(spend / impressions * 1000, 2) if impressions else 0.0,
    }


def _add(a: Totals, b: Totals) -> Totals:
    return a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]


class AdsState:
    """Ad accounts, ads, landing pages and leads of one simulator, keyed by id."""

    def __init__(self, seed: int, now: Callable[[], float]) -> None:
        self.seed = seed
        self._now = now
        data = generate(seed)
        self._accounts = {a.advertiser_id: a for a in data.accounts}
        self._ads = {ad.ad_id: ad for ad in data.ads}
        self._pages = {page.page_id: page for page in data.pages}
        self._leads = data.leads

    # -- lookups (unknown ids are 400 INVALID_PARAM naming the field) -------------------------

    def accounts(self) -> list[AdAccount]:
        """Every ad account, in a stable order."""
        return list(self._accounts.values())

    def account(self, advertiser_id: str) -> AdAccount:
        """Return the account or raise INVALID_PARAM."""
        account = self._accounts.get(advertiser_id)
        if account is None:
            raise invalid(f"advertiser_id {advertiser_id} is not an ad account of this app")
        return account

    def ads_of(self, advertiser_id: str, status: str | None = None) -> list[Ad]:
        """The account's ads, newest first (ties by id), optionally of one status."""
        ads = [
            ad
            for ad in self._ads.values()
            if ad.advertiser_id == advertiser_id and (status is None or ad.status == status)
        ]
        return sorted(ads, key=lambda ad: (-ad.create_time, ad.ad_id))

    def ad(self, advertiser_id: str, ad_id: str, field: str = "ad_id") -> Ad:
        """Return the account's ad or raise INVALID_PARAM naming ``field``."""
        ad = self._ads.get(ad_id)
        if ad is None or ad.advertiser_id != advertiser_id:
            raise invalid(f"{field} {ad_id} is not an ad of advertiser {advertiser_id}")
        return ad

    def pages_of(self, advertiser_id: str) -> list[LandingPage]:
        """The account's landing pages."""
        return [page for page in self._pages.values() if page.advertiser_id == advertiser_id]

    def page(self, page_id: str) -> LandingPage:
        """Return the landing page or raise INVALID_PARAM."""
        page = self._pages.get(page_id)
        if page is None:
            raise invalid(f"page_id {page_id} is not a landing page")
        return page

    def leads(
        self, advertiser_id: str, page_id: str | None, start: date | None, end: date | None
    ) -> list[dict[str, Any]]:
        """The account's leads, newest first, of one page and/or created within [start, end]."""
        low = datetime(start.year, start.month, start.day, tzinfo=UTC).timestamp() if start else 0
        high = (
            datetime(end.year, end.month, end.day, tzinfo=UTC).timestamp() + 86_400
            if end
            else float("inf")
        )
        return [
            lead
            for lead in self._leads
            if lead["advertiser_id"] == advertiser_id
            and (page_id is None or lead["page_id"] == page_id)
            and low <= lead["create_time"] < high
        ]

    # -- the one write ------------------------------------------------------------------------

    def set_remark(self, advertiser_id: str, remark: str) -> AdAccount:
        """Replace the account's remark (idempotent) and return the account."""
        account = self.account(advertiser_id)
        account.remark = remark
        return account

    # -- insights and reports -------------------------------------------------------------------

    def today(self) -> date:
        """The simulator clock's day (UTC): the last day with insight rows."""
        return datetime.fromtimestamp(self._now(), UTC).date()

    def _cells(self, ads: Sequence[Ad], start: date, end: date) -> Iterator[tuple[date, Ad]]:
        last = min(end, self.today())
        day = start
        while day <= last:
            for ad in sorted(ads, key=lambda ad: ad.ad_id):
                if day >= ad.start_day:
                    yield day, ad
            day += timedelta(days=1)

    def insights(self, ads: Sequence[Ad], start: date, end: date) -> list[dict[str, Any]]:
        """One row per ad per day in [start, end] (from its start, up to today), by date, ad."""
        return [
            {
                "date": day.isoformat(),
                "ad_id": ad.ad_id,
                **metrics(daily_metrics(self.seed, ad, day)),
            }
            for day, ad in self._cells(ads, start, end)
        ]

    def report(
        self, advertiser_id: str, start: date, end: date, dimensions: Sequence[str]
    ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """Rows aggregated by ``dimensions`` (ordered by them) and the totals of the range."""
        groups: dict[tuple[str, ...], Totals] = {}
        total: Totals = (0, 0, 0, 0)
        for day, ad in self._cells(self.ads_of(advertiser_id), start, end):
            cell = daily_metrics(self.seed, ad, day)
            values = {"date": day.isoformat(), "ad_id": ad.ad_id}
            group = tuple(values[name] for name in dimensions)
            groups[group] = _add(groups.get(group, (0, 0, 0, 0)), cell)
            total = _add(total, cell)
        if not dimensions and not groups:
            groups[()] = total
        rows = [
            {**dict(zip(dimensions, group, strict=True)), **metrics(sums)}
            for group, sums in sorted(groups.items())
        ]
        return rows, metrics(total)
