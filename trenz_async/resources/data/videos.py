"""``trenz.data.videos``: video search, detail and related lists."""

from __future__ import annotations

from collections.abc import Coroutine, Iterable
from typing import Any, Unpack

from trenz_async.errors import ValidationError
from trenz_async.models.data.products import Product
from trenz_async.models.data.videos import Video, VideoComment, VideoDetail
from trenz_async.pagination import Pager
from trenz_async.resources._base import CallOptions
from trenz_async.resources._validate import (
    check_bool,
    check_keyword,
    check_level1_category,
    check_min_max,
    check_sort,
)
from trenz_async.resources.data._common import DataResource, RelatedList
from trenz_async.resources.data._rows import RowShape

__all__ = ["VideosResource"]

SEARCH_SORT_FIELDS = ("views", "likes", "gmv_30d", "engagement")
"""Catalogue: the default sort field plus the range filters."""
DETAIL_SECTIONS = ("core",)
ACCOUNT_TYPES = (0, 3, 4)
"""Author account types accepted by Video Search (the catalogue gives the codes only)."""


def _check_account_type(value: int | None) -> int | None:
    if value is not None and (isinstance(value, bool) or value not in ACCOUNT_TYPES):
        raise ValidationError("account_type", "must be one of 0, 3, 4", value)
    return value


class VideosResource(DataResource):
    """TikTok videos of one market (``country``)."""

    ID_FIELD = "video_id"

    def search(
        self,
        *,
        country: str,
        keyword: str | None = None,
        category: str | int | None = None,
        is_commercial: bool | None = None,
        min_views: int | None = None,
        max_views: int | None = None,
        min_likes: int | None = None,
        max_likes: int | None = None,
        min_gmv_30d: float | None = None,
        max_gmv_30d: float | None = None,
        min_engagement: float | None = None,
        max_engagement: float | None = None,
        account_type: int | None = None,
        sort: str | None = None,
        page: int = 1,
        page_size: int = 10,
        **options: Unpack[CallOptions],
    ) -> Pager[Video]:
        """Search videos by description ``keyword``, product category and performance.

        ``category`` is a Level-1 product category id; ``is_commercial`` keeps (or drops)
        videos that sell a product; ``*_views``/``*_likes`` are counts, ``*_gmv_30d`` USD over
        30 days, ``*_engagement`` a decimal rate; ``account_type`` is 0, 3 or 4. ``sort`` is
        ``field:asc|desc`` over views, likes, gmv_30d, engagement (service default
        ``views:desc``). ``page_size`` is at most 10.
        """

        check_min_max("views", min_views, max_views, integer=True)
        check_min_max("likes", min_likes, max_likes, integer=True)
        check_min_max("gmv_30d", min_gmv_30d, max_gmv_30d)
        check_min_max("engagement", min_engagement, max_engagement)
        return self._list(
            "Video Search", Video, options, country=country, page=page, page_size=page_size,
            filters={
                "keyword": check_keyword(keyword),
                "category": check_level1_category("category", category),
                "is_commercial": check_bool("is_commercial", is_commercial),
                "min_views": min_views,
                "max_views": max_views,
                "min_likes": min_likes,
                "max_likes": max_likes,
                "min_gmv_30d": min_gmv_30d,
                "max_gmv_30d": max_gmv_30d,
                "min_engagement": min_engagement,
                "max_engagement": max_engagement,
                "account_type": _check_account_type(account_type),
                "sort": check_sort(sort, SEARCH_SORT_FIELDS),
            },
        )  # fmt: skip

    def get(
        self,
        video_id: str,
        *,
        country: str,
        include: Iterable[str] | str | None = None,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, VideoDetail]:
        """Video Detail (video and author); ``include`` section: ``core``.

        Raises :class:`~trenz_async.errors.NotFoundError` when the market has no such video.
        """
        return self._get(
            "Video Detail", VideoDetail, options,
            record_id=video_id, country=country, include=include, sections=DETAIL_SECTIONS,
        )  # fmt: skip

    products = RelatedList(
        "Video Products",
        Product,
        "Products sold in this video (none for a non-commerce video).",
        RowShape(strip=("tiktok_product_detail_",), id_from="product_id"),
    )
    reviews = RelatedList(
        "Video Reviews",
        VideoComment,
        "Viewer comments on this video.",
        RowShape(id_from="tiktok_video_detail_comment_id"),
    )
    similar = RelatedList("Similar Videos", Video, "Videos similar to this one.")
