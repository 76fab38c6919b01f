"""``trenz.ads``: ad accounts, campaigns and insights, landing pages, leads, reports."""

from __future__ import annotations

from functools import cached_property

import cattrs

from trenz_async.resources.ads.accounts import AdAccountsResource
from trenz_async.resources.ads.campaigns import CampaignsResource
from trenz_async.resources.ads.landing_pages import LandingPagesResource
from trenz_async.resources.ads.leads import LeadsResource
from trenz_async.resources.ads.reports import ReportsResource
from trenz_async.transport import Transport

__all__ = ["AdsAPI"]


class AdsAPI:
    """``trenz.ads``: ad accounts, campaigns and insights, landing pages, leads, reports."""

    def __init__(self, transport: Transport, converter: cattrs.Converter) -> None:
        self._transport = transport
        self._converter = converter

    @cached_property
    def accounts(self) -> AdAccountsResource:
        """Ad accounts: list, set_remark."""
        return AdAccountsResource(self._transport, self._converter)

    @cached_property
    def campaigns(self) -> CampaignsResource:
        """Ads: list, get, insights."""
        return CampaignsResource(self._transport, self._converter)

    @cached_property
    def landing_pages(self) -> LandingPagesResource:
        """Landing pages: list, fields."""
        return LandingPagesResource(self._transport, self._converter)

    @cached_property
    def leads(self) -> LeadsResource:
        """Leads: list."""
        return LeadsResource(self._transport, self._converter)

    @cached_property
    def reports(self) -> ReportsResource:
        """Integrated reports."""
        return ReportsResource(self._transport, self._converter)
