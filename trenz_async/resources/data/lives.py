"""``trenz.data.lives``: live-stream search, detail and related lists."""

from __future__ import annotations

from collections.abc import Coroutine, Iterable
from typing import Any, Unpack

from trenz_async.models.data.lives import Live, LiveDetail
from trenz_async.models.data.products import Product
from trenz_async.pagination import Pager
from trenz_async.resources._base import CallOptions
from trenz_async.resources._validate import (
    check_bool,
    check_keyword,
    check_level1_category,
    check_min_max,
    check_sort,
    check_text,
)
from trenz_async.resources.data._common import DataResource, RelatedList
from trenz_async.resources.data._rows import RowShape

__all__ = ["LivesResource"]

SEARCH_SORT_FIELDS = ("gmv", "sold", "audience")
"""Catalogue: the default sort field plus the range filters."""
DETAIL_SECTIONS = ("core",)


class LivesResource(DataResource):
    """TikTok live streams of one market (``country``)."""

    ID_FIELD = "live_id"

    def search(
        self,
        *,
        country: str,
        keyword: str | None = None,
        category: str | None = None,
        product_category: str | int | None = None,
        is_living: bool | None = None,
        is_commercial: bool | None = None,
        min_sold: int | None = None,
        max_sold: int | None = None,
        min_gmv: float | None = None,
        max_gmv: float | None = None,
        min_audience: int | None = None,
        max_audience: int | None = None,
        sort: str | None = None,
        page: int = 1,
        page_size: int = 10,
        **options: Unpack[CallOptions],
    ) -> Pager[Live]:
        """Search live streams by title ``keyword``, streamer niche and sales.

        ``category`` is the streamer's content niche (not a product category; an unknown one
        may fail upstream with a 502); ``product_category`` the Level-1 id of the products
        sold; ``is_living`` keeps streams on air now; ``is_commercial`` streams that sell.
        ``*_sold`` units, ``*_gmv`` USD, ``*_audience`` total viewers. ``sort`` is
        ``field:asc|desc`` over gmv, sold, audience (service default ``gmv:desc``).
        ``page_size`` is at most 10.
        """

        check_min_max("sold", min_sold, max_sold, integer=True)
        check_min_max("gmv", min_gmv, max_gmv)
        check_min_max("audience", min_audience, max_audience, integer=True)
        return self._list(
            "Live Search", Live, options, country=country, page=page, page_size=page_size,
            filters={
                "keyword": check_keyword(keyword),
                "category": check_text("category", category),
                "product_category": check_level1_category("product_category", product_category),
                "is_living": check_bool("is_living", is_living),
                "is_commercial": check_bool("is_commercial", is_commercial),
                "min_sold": min_sold,
                "max_sold": max_sold,
                "min_gmv": min_gmv,
                "max_gmv": max_gmv,
                "min_audience": min_audience,
                "max_audience": max_audience,
                "sort": check_sort(sort, SEARCH_SORT_FIELDS),
            },
        )  # fmt: skip

    def get(
        self,
        live_id: str,
        *,
        country: str,
        include: Iterable[str] | str | None = None,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, LiveDetail]:
        """Live Detail (stream and streamer); ``include`` section: ``core``.

        Raises :class:`~trenz_async.errors.NotFoundError` when the market has no such live.
        """
        return self._get(
            "Live Detail", LiveDetail, options,
            record_id=live_id, country=country, include=include, sections=DETAIL_SECTIONS,
        )  # fmt: skip

    products = RelatedList(
        "Live Related Products",
        Product,
        "Products sold in this live.",
        RowShape(strip=("tiktok_live_detail_product_",), id_from="product_id"),
    )
    similar = RelatedList("Similar Lives", Live, "Live streams similar to this one.")
