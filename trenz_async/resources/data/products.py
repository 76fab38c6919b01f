"""``trenz.data.products``: product search, detail, related lists and rankings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Coroutine, Iterable
from typing import Any, Literal, Unpack

from trenz_async.errors import ValidationError
from trenz_async.models.data.creators import Creator
from trenz_async.models.data.lives import Live
from trenz_async.models.data.products import Product, ProductDetail, ProductRanking, ProductReview
from trenz_async.models.data.videos import Video
from trenz_async.pagination import Pager
from trenz_async.resources._base import CallOptions
from trenz_async.resources._validate import (
    SELLER_TYPES,
    check_bool,
    check_choice,
    check_date,
    check_int_range,
    check_keyword,
    check_level1_category,
    check_min_max,
    check_sort,
)
from trenz_async.resources.data._common import RANKING_PAGE_SIZE_MAX, DataResource, RelatedList
from trenz_async.resources.data._rows import RowShape

__all__ = ["ProductsResource"]

SEARCH_SORT_FIELDS = ("daily_sold", "gmv_30d", "gmv_7d", "price", "rating", "sold_30d", "sold_7d")
DETAIL_SECTIONS = ("core", "channel")
TOP_SELLING_SORT_FIELDS = (
    "gmv_growth_rate",
    "interval_gmv",
    "interval_sold_count",
    "sold_count_growth_rate",
    "total_gmv",
    "total_sold_count",
)
MOST_PROMOTED_SORT_FIELDS = (
    "interval_gmv",
    "interval_sold_count",
    "live_count",
    "live_user_count",
    "related_creator_count",
    "video_play_count",
)
NEW_ARRIVALS_SORT_FIELDS = ("gmv_3d", "sold_count_3d", "total_gmv", "total_sold_count")
GRANULARITIES = ("daily", "weekly", "monthly")

Granularity = Literal["daily", "weekly", "monthly"]


def _check_granularity(value: str) -> str:
    if value not in GRANULARITIES:
        raise ValidationError("granularity", f"must be one of {', '.join(GRANULARITIES)}", value)
    return value


class ProductsResource(DataResource):
    """TikTok Shop products of one market (``country``)."""

    ID_FIELD = "product_id"

    def search(
        self,
        *,
        country: str,
        keyword: str | None = None,
        category: str | int | None = None,
        seller_type: int | None = None,
        min_price: float | None = None,
        max_price: float | None = None,
        min_rating: float | None = None,
        max_rating: float | None = None,
        min_sold_7d: int | None = None,
        max_sold_7d: int | None = None,
        min_sold_30d: int | None = None,
        max_sold_30d: int | None = None,
        free_shipping: bool | None = None,
        sort: str | None = None,
        page: int = 1,
        page_size: int = 10,
        **options: Unpack[CallOptions],
    ) -> Pager[Product]:
        """Search products. Prices are USD; ratings 0-5; ``category`` a Level-1 id.

        ``sort`` is ``field:asc|desc`` over daily_sold, gmv_30d, gmv_7d, price, rating,
        sold_30d, sold_7d (service default ``gmv_7d:desc``). ``page_size`` is at most 10.
        """

        check_min_max("price", min_price, max_price)
        check_min_max("rating", min_rating, max_rating, ceiling=5)
        check_min_max("sold_7d", min_sold_7d, max_sold_7d, integer=True)
        check_min_max("sold_30d", min_sold_30d, max_sold_30d, integer=True)
        return self._list(
            "Product Search", Product, options, country=country, page=page, page_size=page_size,
            filters={
                "keyword": check_keyword(keyword),
                "category": check_level1_category("category", category),
                "seller_type": check_choice("seller_type", seller_type, SELLER_TYPES),
                "min_price": min_price,
                "max_price": max_price,
                "min_rating": min_rating,
                "max_rating": max_rating,
                "min_sold_7d": min_sold_7d,
                "max_sold_7d": max_sold_7d,
                "min_sold_30d": min_sold_30d,
                "max_sold_30d": max_sold_30d,
                "free_shipping": check_bool("free_shipping", free_shipping),
                "sort": check_sort(sort, SEARCH_SORT_FIELDS),
            },
        )  # fmt: skip

    def get(
        self,
        product_id: str,
        *,
        country: str,
        include: Iterable[str] | str | None = None,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, ProductDetail]:
        """Product Detail; ``include`` sections: ``core``, ``channel``.

        Raises :class:`~trenz_async.errors.NotFoundError` when the market has no such product.
        """
        return self._get(
            "Product Detail",
            ProductDetail,
            options,
            record_id=product_id,
            country=country,
            include=include,
            sections=DETAIL_SECTIONS,
        )

    creators = RelatedList(
        "Product Related Creators",
        Creator,
        "Creators who promote this product.",
        RowShape(id_from="user_id"),
    )
    lives = RelatedList(
        "Product Related Lives",
        Live,
        "Live streams that sold this product.",
        RowShape(id_from="room_id"),
    )
    reviews = RelatedList(
        "Product Reviews",
        ProductReview,
        "Buyer reviews of this product.",
        RowShape(id_from="review_id"),
    )
    similar = RelatedList("Similar Products", Product, "Products similar to this one.")
    videos = RelatedList(
        "Product Related Videos",
        Video,
        "Videos that feature this product.",
        RowShape(id_from="video_id"),
    )

    def top_selling(
        self,
        *,
        country: str,
        date: str | dt.date,
        granularity: Granularity,
        category: str | int | None = None,
        seller_type: int | None = None,
        sort: str | None = None,
        page: int = 1,
        page_size: int = 10,
        **options: Unpack[CallOptions],
    ) -> Pager[ProductRanking]:
        """Top-selling ranking for the ``granularity`` period containing ``date`` (YYYYMMDD).

        ``page_size`` is 1..20; default sort ``interval_sold_count:desc``.
        """
        return self._dated_ranking(
            "Top-selling Products", TOP_SELLING_SORT_FIELDS, options, country=country,
            date=date, granularity=granularity, category=category, seller_type=seller_type,
            sort=sort, page=page, page_size=page_size,
        )  # fmt: skip

    def most_promoted(
        self,
        *,
        country: str,
        date: str | dt.date,
        granularity: Granularity,
        category: str | int | None = None,
        seller_type: int | None = None,
        sort: str | None = None,
        page: int = 1,
        page_size: int = 10,
        **options: Unpack[CallOptions],
    ) -> Pager[ProductRanking]:
        """Most-promoted ranking (creators, lives, video plays); default sort
        ``related_creator_count:desc``; ``page_size`` 1..20."""
        return self._dated_ranking(
            "Most-promoted Products", MOST_PROMOTED_SORT_FIELDS, options, country=country,
            date=date, granularity=granularity, category=category, seller_type=seller_type,
            sort=sort, page=page, page_size=page_size,
        )  # fmt: skip

    def new_arrivals(
        self,
        *,
        country: str,
        category: str | int | None = None,
        seller_type: int | None = None,
        listed_from: str | dt.date | None = None,
        listed_to: str | dt.date | None = None,
        product_status: int | None = None,
        sort: str | None = None,
        page: int = 1,
        page_size: int = 10,
        **options: Unpack[CallOptions],
    ) -> Pager[ProductRanking]:
        """New-arrivals ranking; ``listed_from``/``listed_to`` bound the listing date
        (YYYYMMDD); ``product_status`` 1..4; default sort ``gmv_3d:desc``."""
        start = check_date("listed_from", listed_from)
        end = check_date("listed_to", listed_to)
        if start and end and start > end:
            raise ValidationError("listed_from", "must not be after listed_to", start)
        return self._ranking(
            "New-arrival Products", options, country=country, page=page, page_size=page_size,
            category=check_level1_category("category", category),
            seller_type=check_choice("seller_type", seller_type, SELLER_TYPES),
            listed_from=start, listed_to=end,
            product_status=None if product_status is None
            else check_int_range("product_status", product_status, 1, 4),
            sort=check_sort(sort, NEW_ARRIVALS_SORT_FIELDS),
        )  # fmt: skip

    def _dated_ranking(
        self,
        name: str,
        sort_fields: tuple[str, ...],
        options: CallOptions,
        *,
        country: str,
        date: str | dt.date,
        granularity: str,
        category: str | int | None,
        seller_type: int | None,
        sort: str | None,
        page: int,
        page_size: int,
    ) -> Pager[ProductRanking]:
        """A ranking over one ``granularity`` period containing ``date`` (both required)."""
        return self._ranking(
            name, options, country=country, page=page, page_size=page_size,
            date=check_date("date", date) or _required("date"),
            granularity=_check_granularity(granularity),
            category=check_level1_category("category", category),
            seller_type=check_choice("seller_type", seller_type, SELLER_TYPES),
            sort=check_sort(sort, sort_fields),
        )  # fmt: skip

    def _ranking(
        self,
        name: str,
        options: CallOptions,
        *,
        country: str,
        page: int,
        page_size: int,
        **filters: Any,
    ) -> Pager[ProductRanking]:
        return self._list(
            name,
            ProductRanking,
            options,
            country=country,
            page=page,
            page_size=page_size,
            max_page_size=RANKING_PAGE_SIZE_MAX,
            filters=filters,
            shape=_RANKING_ROW,
        )


_RANKING_ROW = RowShape(id_from="product_id")
"""A ranking row may carry only ``product_id`` (the catalogue: ``id``/``product_id``)."""


def _required(field: str) -> str:
    raise ValidationError(field, "is required")
