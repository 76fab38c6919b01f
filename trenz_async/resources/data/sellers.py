"""``trenz.data.sellers``: seller (shop) search, detail and related lists."""

from __future__ import annotations

from collections.abc import Coroutine, Iterable
from typing import Any, Unpack

from trenz_async.models.data.creators import Creator
from trenz_async.models.data.products import Product
from trenz_async.models.data.sellers import Seller, SellerDetail
from trenz_async.models.data.videos import Video
from trenz_async.pagination import Pager
from trenz_async.resources._base import CallOptions
from trenz_async.resources._validate import (
    SELLER_TYPES,
    check_choice,
    check_keyword,
    check_level1_category,
    check_min_max,
    check_sort,
)
from trenz_async.resources.data._common import DataResource, RelatedList
from trenz_async.resources.data._rows import RowShape

__all__ = ["SellersResource"]

SEARCH_SORT_FIELDS = ("gmv_7d", "sold_7d", "rating")
"""Catalogue: the default sort field plus the range filters."""
DETAIL_SECTIONS = ("core", "channel")


class SellersResource(DataResource):
    """TikTok Shop sellers (shops) of one market (``country``)."""

    ID_FIELD = "seller_id"

    def search(
        self,
        *,
        country: str,
        keyword: str | None = None,
        category: str | int | None = None,
        seller_type: int | None = None,
        min_rating: float | None = None,
        max_rating: float | None = None,
        min_sold_7d: int | None = None,
        max_sold_7d: int | None = None,
        min_gmv_7d: float | None = None,
        max_gmv_7d: float | None = None,
        sort: str | None = None,
        page: int = 1,
        page_size: int = 10,
        **options: Unpack[CallOptions],
    ) -> Pager[Seller]:
        """Search sellers. ``category`` is a Level-1 id (the shop's main category).

        ``seller_type`` 1..4 (overseas non-brand, local, brand, non-brand); ratings 0-5;
        ``*_sold_7d`` units and ``*_gmv_7d`` USD over the last 7 days. ``sort`` is
        ``field:asc|desc`` over gmv_7d, sold_7d, rating (service default ``gmv_7d:desc``).
        ``page_size`` is at most 10.
        """

        check_min_max("rating", min_rating, max_rating, ceiling=5)
        check_min_max("sold_7d", min_sold_7d, max_sold_7d, integer=True)
        check_min_max("gmv_7d", min_gmv_7d, max_gmv_7d)
        return self._list(
            "Seller Search", Seller, options, country=country, page=page, page_size=page_size,
            filters={
                "keyword": check_keyword(keyword),
                "category": check_level1_category("category", category),
                "seller_type": check_choice("seller_type", seller_type, SELLER_TYPES),
                "min_rating": min_rating,
                "max_rating": max_rating,
                "min_sold_7d": min_sold_7d,
                "max_sold_7d": max_sold_7d,
                "min_gmv_7d": min_gmv_7d,
                "max_gmv_7d": max_gmv_7d,
                "sort": check_sort(sort, SEARCH_SORT_FIELDS),
            },
        )  # fmt: skip

    def get(
        self,
        seller_id: str,
        *,
        country: str,
        include: Iterable[str] | str | None = None,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, SellerDetail]:
        """Seller Detail; ``include`` sections: ``core``, ``channel``.

        Raises :class:`~trenz_async.errors.NotFoundError` when the market has no such seller.
        """
        return self._get(
            "Seller Detail", SellerDetail, options,
            record_id=seller_id, country=country, include=include, sections=DETAIL_SECTIONS,
        )  # fmt: skip

    creators = RelatedList(
        "Seller Related Creators",
        Creator,
        "Creators who promote this seller's products.",
        RowShape(strip=("tiktok_seller_detail_creator_",), id_from="user_id"),
    )
    products = RelatedList(
        "Seller Related Products",
        Product,
        "Products this seller sells.",
        RowShape(strip=("tiktok_seller_product_",), id_from="product_id"),
    )
    videos = RelatedList(
        "Seller Related Videos",
        Video,
        "Videos that feature this seller's products.",
        RowShape(strip=("tiktok_seller_detail_video_",), id_from="video_id"),
    )
