"""Shapes several Data entities share: the 30-day sales-channel split and trend points."""

from __future__ import annotations

import attrs

from trenz_async.models._base import MillisTimestamp, Model, Money
from trenz_async.models.common import Usage

__all__ = ["Detail", "SalesChannels", "TrendPoint"]


@attrs.frozen(slots=True)
class TrendPoint(Model):
    """One point of a daily trend: ``timestamp`` (ms, start of the day) and its ``value``."""

    timestamp: MillisTimestamp | None = None
    value: float | None = None


@attrs.frozen(slots=True)
class SalesChannels(Model):
    """30-day GMV and units sold split by sales channel (the ``channel`` detail section).

    Channels: short videos, lives, the product card, personal creators and seller-owned
    creator accounts.
    """

    channel_video_30d_gmv: Money | None = None
    channel_video_30d_sold_count: int | None = None
    channel_live_30d_gmv: Money | None = None
    channel_live_30d_sold_count: int | None = None
    channel_product_card_30d_gmv: Money | None = None
    channel_product_card_30d_sold_count: int | None = None
    channel_personal_creator_30d_gmv: Money | None = None
    channel_personal_creator_30d_sold_count: int | None = None
    channel_seller_creator_30d_gmv: Money | None = None
    channel_seller_creator_30d_sold_count: int | None = None


@attrs.frozen(slots=True)
class Detail(Model):
    """Base of detail records: beside the record and its sections, what the call reported.

    ``request_id`` identifies the call for support; ``usage`` is what it cost and what is
    left; ``warnings`` are the service's notes about the answer. They take no part in
    equality: two fetches of the same record are equal.
    """

    request_id: str | None = attrs.field(default=None, kw_only=True, eq=False)
    usage: Usage | None = attrs.field(default=None, kw_only=True, eq=False)
    warnings: tuple[str, ...] = attrs.field(default=(), kw_only=True, eq=False)
