"""Shapes several Data entities share: the 30-day sales-channel split and trend points."""

from __future__ import annotations

import attrs

from trenz_async.models._base import MillisTimestamp, Model, Money

__all__ = ["SalesChannels", "TrendPoint"]


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
