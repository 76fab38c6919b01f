"""Ads/Accounts records: the ad accounts (advertisers) this app manages."""

from __future__ import annotations

import attrs

from trenz_async.models._base import Model

__all__ = ["AdAccount"]


@attrs.frozen(slots=True)
class AdAccount(Model):
    """An ad account, as Ad Account List and Update Ad Account Remark return it.

    ``balance`` is a plain number in the account's ``currency`` (e.g. ``"USD"``); ``status`` is
    ``active`` or ``suspended``; ``timezone`` an IANA name; ``create_time`` unix seconds;
    ``remark`` your own note (up to 100 characters, ``""`` when unset).
    """

    advertiser_id: str
    name: str | None = None
    currency: str | None = None
    timezone: str | None = None
    status: str | None = None
    balance: float | None = None
    create_time: int | None = None
    remark: str | None = None

    @property
    def active(self) -> bool:
        """True while the account can deliver ads (``status == "active"``)."""
        return self.status == "active"
