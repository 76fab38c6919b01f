"""``trenz.data.creatives``: creative (organic and sponsored video) search and detail."""

from __future__ import annotations

from collections.abc import Coroutine, Iterable
from typing import Any, Unpack

from trenz_async.models.data.creatives import Creative, CreativeDetail
from trenz_async.pagination import Pager
from trenz_async.resources._base import CallOptions
from trenz_async.resources._validate import (
    check_bool,
    check_keyword,
    check_level1_category,
    check_sort,
)
from trenz_async.resources.data._common import DataResource

__all__ = ["CreativesResource"]

SEARCH_SORT_FIELDS = ("gmv", "views", "likes")
"""The catalogue gives the default (gmv) and no range filters; views and likes are the
counts every row carries."""
DETAIL_SECTIONS = ("analysis", "embedding")


class CreativesResource(DataResource):
    """Video creatives of one market (``country``). Paths are unconfirmed (I-lo)."""

    ID_FIELD = "creative_id"

    def search(
        self,
        *,
        country: str,
        keyword: str | None = None,
        category: str | int | None = None,
        has_product: bool | None = None,
        is_sponsored: bool | None = None,
        is_aigc: bool | None = None,
        sort: str | None = None,
        page: int = 1,
        page_size: int = 10,
        **options: Unpack[CallOptions],
    ) -> Pager[Creative]:
        """Search creatives by description ``keyword`` and product category.

        ``category`` is a Level-1 product category id; ``has_product`` keeps creatives that
        feature a product, ``is_sponsored`` paid ones, ``is_aigc`` AI-generated ones.
        ``sort`` is ``field:asc|desc`` over gmv, views, likes (service default ``gmv:desc``).
        ``page_size`` is at most 10.
        """

        return self._list(
            "Creative Search", Creative, options, country=country, page=page, page_size=page_size,
            filters={
                "keyword": check_keyword(keyword),
                "category": check_level1_category("category", category),
                "has_product": check_bool("has_product", has_product),
                "is_sponsored": check_bool("is_sponsored", is_sponsored),
                "is_aigc": check_bool("is_aigc", is_aigc),
                "sort": check_sort(sort, SEARCH_SORT_FIELDS),
            },
        )  # fmt: skip

    def get(
        self,
        creative_id: str,
        *,
        country: str,
        include: Iterable[str] | str | None = None,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, CreativeDetail]:
        """Creative Detail; ``include`` sections: ``analysis`` (hook, formula, angle,
        transcript, storyboards) and ``embedding`` (a float vector).

        Raises :class:`~trenz_async.errors.NotFoundError` when the market has no such creative.
        """
        return self._get(
            "Creative Detail", CreativeDetail, options,
            record_id=creative_id, country=country, include=include, sections=DETAIL_SECTIONS,
        )  # fmt: skip
