"""Ads/Campaigns records: ads, their detail and creative, and daily insight rows.

Money (``budget``, ``bid_price``, ``spend``, ``cpc``, ``cpm``) is a plain float in the ad
account's currency (the insights page and the account say which). Times are unix seconds.
"""

from __future__ import annotations

import attrs

from trenz_async.models._base import Model
from trenz_async.pagination import Page

__all__ = [
    "AdCreative",
    "AdMetrics",
    "CampaignAd",
    "CampaignAdDetail",
    "InsightRow",
    "InsightsPage",
]


@attrs.frozen(slots=True)
class CampaignAd(Model):
    """An ad of an ad account, as Ad List returns it.

    ``status`` is ``ENABLE`` or ``DISABLE``; ``budget`` the daily budget; ``objective`` e.g.
    ``PRODUCT_SALES``, ``TRAFFIC``, ``LEAD_GENERATION``; ``campaign_id``/``campaign_name`` the
    campaign the ad belongs to.
    """

    ad_id: str
    advertiser_id: str | None = None
    name: str | None = None
    status: str | None = None
    budget: float | None = None
    objective: str | None = None
    create_time: int | None = None
    campaign_id: str | None = None
    campaign_name: str | None = None

    @property
    def enabled(self) -> bool:
        """True for an ad that is delivering (``status == "ENABLE"``)."""
        return self.status == "ENABLE"


@attrs.frozen(slots=True)
class AdCreative(Model):
    """An ad's creative: video and cover URLs, ad text, call to action."""

    video_url: str | None = None
    cover_url: str | None = None
    ad_text: str | None = None
    call_to_action: str | None = None


@attrs.frozen(slots=True)
class CampaignAdDetail(CampaignAd):
    """Ad Detail: the listed ad plus its delivery settings and ``creative``.

    ``budget_mode`` e.g. ``BUDGET_MODE_DAY``; ``optimization_goal`` e.g. ``CLICK``, ``CONVERT``;
    ``bid_price`` in the account's currency.
    """

    budget_mode: str | None = None
    optimization_goal: str | None = None
    bid_price: float | None = None
    landing_page_url: str | None = None
    creative: AdCreative | None = None


@attrs.frozen(slots=True)
class AdMetrics(Model):
    """Delivery metrics over a period: counts, spend and the ratios derived from them.

    ``spend`` in the account's currency; ``ctr`` a percentage (``1.5`` = 1.5% of impressions
    clicked); ``cpc`` spend per click; ``cpm`` spend per 1,000 impressions. Ratios are rounded
    to 2 decimals and ``0.0`` when their denominator is 0.
    """

    spend: float | None = None
    impressions: int | None = None
    clicks: int | None = None
    conversions: int | None = None
    ctr: float | None = None
    cpc: float | None = None
    cpm: float | None = None


@attrs.frozen(slots=True)
class InsightRow(AdMetrics):
    """One ad's metrics on one day (``date`` is ``YYYY-MM-DD``, UTC)."""

    date: str | None = None
    ad_id: str | None = None


@attrs.frozen(slots=True)
class InsightsPage(Page[InsightRow]):
    """A page of Ad Insight Data: rows by date then ad, and the account's ``currency``."""

    currency: str | None = None
