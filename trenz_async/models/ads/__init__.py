"""Typed records of the Ads management API (``trenz.ads``), one module per area.

Not to be confused with :mod:`trenz_async.models.data` (``Ad``, ``AdDetail``): those are
Data/Ads, public TikTok ad creatives found by search.
"""

from trenz_async.models.ads.accounts import AdAccount
from trenz_async.models.ads.campaigns import (
    AdCreative,
    AdMetrics,
    CampaignAd,
    CampaignAdDetail,
    InsightRow,
    InsightsPage,
)
from trenz_async.models.ads.landing_pages import LandingPage, LandingPageField, LandingPageFields
from trenz_async.models.ads.leads import Lead
from trenz_async.models.ads.reports import ReportPage, ReportRow

__all__ = [
    "AdAccount",
    "AdCreative",
    "AdMetrics",
    "CampaignAd",
    "CampaignAdDetail",
    "InsightRow",
    "InsightsPage",
    "LandingPage",
    "LandingPageField",
    "LandingPageFields",
    "Lead",
    "ReportPage",
    "ReportRow",
]
