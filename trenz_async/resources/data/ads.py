"""``trenz.data.ads``: ad creative search, detail and related lists."""

from __future__ import annotations

from collections.abc import Coroutine, Iterable
from typing import Any, Unpack

from trenz_async.models.data.ads import Ad, AdDetail
from trenz_async.models.data.products import Product
from trenz_async.pagination import Pager
from trenz_async.resources._base import CallOptions
from trenz_async.resources._validate import (
    AD_TYPES,
    check_bool,
    check_choice,
    check_keyword,
    check_level1_category,
    check_min_max,
    check_sort,
)
from trenz_async.resources.data._common import DataResource, RelatedList
from trenz_async.resources.data._rows import RowShape

__all__ = ["AdsResource"]

SEARCH_SORT_FIELDS = ("gmv", "views", "days")
"""Catalogue: the default sort field plus the range filters."""
DETAIL_SECTIONS = ("core",)


class AdsResource(DataResource):
    """TikTok ad creatives of one market (``country``). Paths are unconfirmed (I-lo)."""

    ID_FIELD = "ad_id"

    def search(
        self,
        *,
        country: str,
        keyword: str | None = None,
        category: str | int | None = None,
        ad_type: int | None = None,
        exclude_spark_ads: bool | None = None,
        min_views: int | None = None,
        max_views: int | None = None,
        min_gmv: float | None = None,
        max_gmv: float | None = None,
        min_days: int | None = None,
        max_days: int | None = None,
        sort: str | None = None,
        page: int = 1,
        page_size: int = 10,
        **options: Unpack[CallOptions],
    ) -> Pager[Ad]:
        """Search ad creatives by title ``keyword``, product category, type and results.

        ``category`` is the advertised product's Level-1 id; ``ad_type`` 1..7 (see
        ``AD_TYPES``: TikTok Shop, independent site, app, game, brand, lead, engagement);
        ``exclude_spark_ads=True`` drops Spark Ads. ``*_views`` plays, ``*_gmv`` USD,
        ``*_days`` days the ad has run. ``sort`` is ``field:asc|desc`` over gmv, views, days
        (service default ``gmv:desc``). ``page_size`` is at most 10.
        """

        check_min_max("views", min_views, max_views, integer=True)
        check_min_max("gmv", min_gmv, max_gmv)
        check_min_max("days", min_days, max_days, integer=True)
        return self._list(
            "Ad Search", Ad, options, country=country, page=page, page_size=page_size,
            filters={
                "keyword": check_keyword(keyword),
                "category": check_level1_category("category", category),
                "ad_type": check_choice("ad_type", ad_type, AD_TYPES),
                "exclude_spark_ads": check_bool("exclude_spark_ads", exclude_spark_ads),
                "min_views": min_views,
                "max_views": max_views,
                "min_gmv": min_gmv,
                "max_gmv": max_gmv,
                "min_days": min_days,
                "max_days": max_days,
                "sort": check_sort(sort, SEARCH_SORT_FIELDS),
            },
        )  # fmt: skip

    def get(
        self,
        ad_id: str,
        *,
        country: str,
        include: Iterable[str] | str | None = None,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, AdDetail]:
        """TikTok Ad Creative Detail for a search row's ``id`` (not its ``video_id``).

        ``include`` section: ``core``. Raises :class:`~trenz_async.errors.NotFoundError` when
        the market has no such ad.
        """
        return self._get(
            "TikTok Ad Creative Detail", AdDetail, options,
            record_id=ad_id, country=country, include=include, sections=DETAIL_SECTIONS,
        )  # fmt: skip

    products = RelatedList(
        "Ad Creative Related Products",
        Product,
        "Products advertised by this ad creative.",
        RowShape(strip=("tiktok_product_detail_",), id_from="product_id"),
    )
    similar = RelatedList("Similar Ad Creatives", Ad, "Ad creatives similar to this one.")
