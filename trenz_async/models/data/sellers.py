"""Data/Sellers records: search rows and detail sections."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from trenz_async.models._base import Image, MillisTimestamp, Model, Money
from trenz_async.models.data._shared import Detail, SalesChannels, TrendPoint

__all__ = ["Seller", "SellerChannel", "SellerCore", "SellerDetail"]


@attrs.frozen(slots=True)
class Seller(Model):
    """A TikTok Shop seller (shop) as search and detail return it.

    ``shop_rating`` is 0-5; money fields are :class:`Money`; ``seller_type`` is 1..4
    (overseas non-brand, local, brand, non-brand).
    """

    id: str
    seller_id: str | None = None
    shop_name: str | None = None
    region: str | None = None
    seller_type: int | None = None
    shop_rating: float | None = None
    shop_main_category: str | None = None
    shop_main_category_id: str | None = None
    shop_product_count: int | None = None
    shop_total_sold_count: int | None = None
    shop_total_gmv: Money | None = None
    shop_sold_count_for_last_7_days: int | None = None
    shop_gmv_for_last_7_days: Money | None = None
    total_related_creator_count: int | None = None
    seller_business_info: object = None
    business_info: object = None
    sold_count_trend: Sequence[TrendPoint] | None = None
    seller_avatar: Image | None = None
    create_time: MillisTimestamp | None = None
    last_update_time: MillisTimestamp | None = None
    creator_user_id: str | None = None
    creator_user_name: str | None = None
    creator_nickname: str | None = None
    creator_role: str | None = None


@attrs.frozen(slots=True)
class SellerCore(Model):
    """The ``core`` detail section: catalogue size, lifetime and 30-day sales, creators.

    Live/video/shop creator counts whose names are not yet documented land in ``extras``.
    """

    core_seller_id: str | None = None
    core_region: str | None = None
    core_seller_shop_product_count: int | None = None
    core_seller_shop_total_product_count: int | None = None
    core_shop_total_sold_count: int | None = None
    core_seller_shop_total_gmv: Money | None = None
    core_seller_sold_count_for_last_30_days: int | None = None
    core_seller_gmv_for_last_30_days: Money | None = None
    core_seller_total_related_creator_count: int | None = None


@attrs.frozen(slots=True)
class SellerChannel(SalesChannels):
    """The ``channel`` detail section: the shop's 30-day GMV and sales by channel.

    Upstream ``channel_seller_*_30d`` totals are kept in ``extras``.
    """


@attrs.frozen(slots=True)
class SellerDetail(Detail):
    """Seller Detail: the seller plus each section asked for with ``include``.

    Each section is one record: ``None`` when not asked for or when the service sent none.
    """

    item: Seller
    core: SellerCore | None = None
    channel: SellerChannel | None = None
