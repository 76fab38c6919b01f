"""Data/Products records: search rows, detail sections, related rows and rankings."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from trenz_async.models._base import Image, MillisTimestamp, Model, Money
from trenz_async.models.data._shared import Detail, SalesChannels

__all__ = [
    "Product",
    "ProductChannel",
    "ProductCore",
    "ProductDetail",
    "ProductInfo",
    "ProductRanking",
    "ProductReview",
    "ProductSku",
    "ProductSkuProp",
]


@attrs.frozen(slots=True)
class ProductSkuProp(Model):
    """A sale property of a product (e.g. colour) and its values."""

    prop_id: str | None = None
    prop_name: str | None = None
    has_image: bool | None = None
    sale_prop_values: Sequence[dict[str, object]] | None = None


@attrs.frozen(slots=True)
class ProductSku(Model):
    """One purchasable SKU: price block, stock and the sale property values it combines."""

    sku_id: str | None = None
    price: dict[str, object] | None = None
    sku_sale_props: Sequence[dict[str, object]] | None = None
    stock: int | None = None
    sale_prop_value_ids: str | None = None
    status: int | None = None


@attrs.frozen(slots=True)
class Product(Model):
    """A TikTok Shop product as search, similar and detail return it.

    Money fields are :class:`Money`; counts are integers; ``product_rating`` is 0-5.
    """

    id: str
    product_id: str | None = None
    region: str | None = None
    product_name: str | None = None
    product_images: Sequence[Image] | None = None
    floor_price: Money | None = None
    ceiling_price: Money | None = None
    product_rating: float | None = None
    product_sold_count: int | None = None
    product_gmv: Money | None = None
    product_sold_count_for_last_7_days: int | None = None
    product_gmv_for_last_7_days: Money | None = None
    product_sold_count_for_last_30_days: int | None = None
    product_gmv_for_last_30_days: Money | None = None
    product_daily_sold_count: int | None = None
    product_status: int | None = None
    seller_id: str | None = None
    shop_name: str | None = None
    seller_type: int | None = None
    seller_business_info: object = None
    l1_category: str | None = None
    l1_category_id: str | None = None
    free_shipping: bool | None = None
    create_time: MillisTimestamp | None = None


@attrs.frozen(slots=True)
class ProductInfo(Product):
    """A product as Product Detail returns it: the row fields plus title, SKUs and specs."""

    product_title: str | None = None
    product_sku_props: Sequence[ProductSkuProp] | None = None
    product_skus: Sequence[ProductSku] | None = None
    product_specifications: object = None


@attrs.frozen(slots=True)
class ProductCore(Model):
    """The ``core`` detail section: lifetime and 30-day sales, ad and content metrics."""

    product_gmv: Money | None = None
    product_sold_count: int | None = None
    product_gmv_for_last_30_days: Money | None = None
    product_sold_count_for_last_30_days: int | None = None
    related_creator_count: int | None = None
    related_video_count: int | None = None
    related_live_count: int | None = None


@attrs.frozen(slots=True)
class ProductChannel(SalesChannels):
    """The product ``channel`` detail section: 30-day GMV and sales per sales channel."""


@attrs.frozen(slots=True)
class ProductDetail(Detail):
    """Product Detail: the product plus each section asked for with ``include``.

    Each section is one record: ``None`` when not asked for or when the service sent none.
    """

    item: ProductInfo
    core: ProductCore | None = None
    channel: ProductChannel | None = None


@attrs.frozen(slots=True)
class ProductReview(Model):
    """A buyer review of a product."""

    id: str
    review_id: str | None = None
    content: str | None = None
    rating: float | None = None
    publish_time: MillisTimestamp | None = None
    images: Sequence[Image] | None = None
    sku_info: str | None = None


@attrs.frozen(slots=True)
class ProductRanking(Model):
    """A row of a product ranking (top-selling, most-promoted, new-arrivals).

    ``interval_*`` cover the ranking's date and granularity; ``*_3d`` the three days after
    listing (new arrivals); growth rates are decimals (``0.25`` = +25%). A ranking fills the
    fields it ranks by; the others may be None.
    """

    id: str
    product_id: str | None = None
    product_name: str | None = None
    product_images: Sequence[Image] | None = None
    floor_price: Money | None = None
    shop_name: str | None = None
    seller_id: str | None = None
    l1_category_id: str | None = None
    product_status: int | None = None
    interval_gmv: Money | None = None
    interval_sold_count: int | None = None
    total_gmv: Money | None = None
    total_sold_count: int | None = None
    gmv_growth_rate: float | None = None
    sold_count_growth_rate: float | None = None
    gmv_3d: Money | None = None
    sold_count_3d: int | None = None
    live_count: int | None = None
    live_user_count: int | None = None
    related_creator_count: int | None = None
    video_play_count: int | None = None
