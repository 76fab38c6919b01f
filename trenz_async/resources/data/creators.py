"""``trenz.data.creators``: creator search, detail and related lists."""

from __future__ import annotations

from collections.abc import Coroutine, Iterable
from typing import Any, Unpack

from trenz_async.models.data.creators import Creator, CreatorDetail
from trenz_async.models.data.lives import Live
from trenz_async.models.data.products import Product
from trenz_async.models.data.videos import Video
from trenz_async.pagination import Pager
from trenz_async.resources._base import CallOptions
from trenz_async.resources._validate import (
    check_bool,
    check_keyword,
    check_min_max,
    check_sort,
    check_text,
)
from trenz_async.resources.data._common import DataResource, RelatedList
from trenz_async.resources.data._rows import RowShape

__all__ = ["CreatorsResource"]

SEARCH_SORT_FIELDS = ("gmv_30d", "followers", "avg_views", "engagement")
"""Catalogue: the default sort field plus the range filters."""
DETAIL_SECTIONS = ("core", "channel", "portrait")


class CreatorsResource(DataResource):
    """TikTok creators of one market (``country``)."""

    ID_FIELD = "creator_id"

    def search(
        self,
        *,
        country: str,
        keyword: str | None = None,
        category: str | None = None,
        min_followers: int | None = None,
        max_followers: int | None = None,
        min_gmv_30d: float | None = None,
        max_gmv_30d: float | None = None,
        min_avg_views: int | None = None,
        max_avg_views: int | None = None,
        min_engagement: float | None = None,
        max_engagement: float | None = None,
        has_contact: bool | None = None,
        sort: str | None = None,
        page: int = 1,
        page_size: int = 10,
        **options: Unpack[CallOptions],
    ) -> Pager[Creator]:
        """Search creators by handle/nickname ``keyword``, niche and audience.

        ``category`` is a content niche (the creator taxonomy, not a product category; use a
        value seen in results, an unknown one may fail upstream with a 502). ``*_gmv_30d`` is
        video + live GMV over 30 days in USD; ``*_avg_views`` average plays per video;
        ``*_engagement`` a decimal rate (``0.05`` = 5%); ``has_contact`` keeps creators with
        an e-mail or Instagram. ``sort`` is ``field:asc|desc`` over gmv_30d, followers,
        avg_views, engagement (service default ``gmv_30d:desc``). ``page_size`` is at most 10.
        """

        check_min_max("followers", min_followers, max_followers, integer=True)
        check_min_max("gmv_30d", min_gmv_30d, max_gmv_30d)
        check_min_max("avg_views", min_avg_views, max_avg_views)
        check_min_max("engagement", min_engagement, max_engagement)
        return self._list(
            "Creator Search", Creator, options, country=country, page=page, page_size=page_size,
            filters={
                "keyword": check_keyword(keyword),
                "category": check_text("category", category),
                "min_followers": min_followers,
                "max_followers": max_followers,
                "min_gmv_30d": min_gmv_30d,
                "max_gmv_30d": max_gmv_30d,
                "min_avg_views": min_avg_views,
                "max_avg_views": max_avg_views,
                "min_engagement": min_engagement,
                "max_engagement": max_engagement,
                "has_contact": check_bool("has_contact", has_contact),
                "sort": check_sort(sort, SEARCH_SORT_FIELDS),
            },
        )  # fmt: skip

    def get(
        self,
        creator_id: str,
        *,
        country: str,
        include: Iterable[str] | str | None = None,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, CreatorDetail]:
        """Creator Detail; ``include`` sections: ``core``, ``channel``, ``portrait``.

        Raises :class:`~trenz_async.errors.NotFoundError` when the market has no such creator.
        """
        return self._get(
            "Creator Detail", CreatorDetail, options,
            record_id=creator_id, country=country, include=include, sections=DETAIL_SECTIONS,
        )  # fmt: skip

    lives = RelatedList(
        "Creator Related Lives",
        Live,
        "Live streams hosted by this creator.",
        RowShape(strip=("tiktok_creator_detail_live_",), id_from="room_id"),
    )
    products = RelatedList(
        "Creator Products",
        Product,
        "Products this creator promotes.",
        RowShape(strip=("tiktok_product_detail_",), id_from="product_id"),
    )
    similar = RelatedList("Similar Creators", Creator, "Creators similar to this one.")
    videos = RelatedList(
        "Creator Videos",
        Video,
        "Videos posted by this creator.",
        RowShape(strip=("tiktok_creator_detail_video_",), id_from="video_id"),
    )
