"""``trenz.content.materials``: aggregated image and material search (synchronous lists).

Both answer at once with a page (``data.items`` + ``data.total_count``; ``page`` and
``page_size`` travel in the JSON body) and return a :class:`~trenz_async.pagination.Pager`:
``await`` it for the first page, ``async for`` over ``.iter()`` for every row. They cost one
credit per page but create nothing, so they are ``read`` endpoints: a lost or 5xx answer is
retried like any query (a retried page may be billed again).
"""

from __future__ import annotations

from typing import Unpack

from trenz_async.errors import ValidationError
from trenz_async.models.content import ImageSearchItem, Material
from trenz_async.pagination import Pager
from trenz_async.resources._base import CallOptions, Resource
from trenz_async.resources._validate import COUNTRIES, check_page, check_page_size
from trenz_async.resources.content._checks import (
    KEYWORD_MAX,
    OS_KEY_MAX,
    SEARCH_PAGE_SIZE_MAX,
    check_long_text,
    check_url,
    exactly_one,
)
from trenz_async.resources.content.paths import IMAGE_SEARCH, MATERIAL_SEARCH
from trenz_async.resources.data._rows import RowShape

__all__ = ["MaterialsResource"]

SEARCH_COUNTRIES = tuple(country.upper() for country in COUNTRIES)
"""Markets of image search: the Data markets, sent uppercase (``US`` by default)."""


def _check_search_country(value: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or value.upper() not in SEARCH_COUNTRIES:
        raise ValidationError("country", f"must be one of {', '.join(SEARCH_COUNTRIES)}", value)
    return value.upper()


_ITEM_ROW = RowShape(id_from="id", key="item_id")
_MATERIAL_ROW = RowShape(id_from="id", key="material_id")
"""A row keyed by a plain ``id`` (the seed names no row fields) keeps it as its key too."""


class MaterialsResource(Resource):
    """Find products that look like an image, and creative materials by keyword."""

    def image_search(
        self,
        *,
        image_url: str | None = None,
        os_key: str | None = None,
        country: str | None = None,
        page: int = 1,
        page_size: int = 10,
        **options: Unpack[CallOptions],
    ) -> Pager[ImageSearchItem]:
        """Products across marketplaces that look like an image, most similar first.

        Give exactly one of ``image_url`` (a public http/https URL) or ``os_key`` (the
        ``bucket_key`` of an image uploaded with ``trenz.files.upload``). ``country`` is a
        market (``US`` when omitted; lowercase is accepted and sent uppercase);
        ``page_size`` 1-50. Rows: :class:`ImageSearchItem`. Raises
        :class:`~trenz_async.errors.ValidationError` naming the field, before sending.
        """
        params: dict[str, object] = {}
        if exactly_one("image_url", image_url, "os_key", os_key) == "image_url":
            params["image_url"] = check_url("image_url", image_url)
        else:
            params["os_key"] = check_long_text("os_key", os_key, OS_KEY_MAX).strip()
        market = _check_search_country(country)
        if market is not None:
            params["country"] = market
        return self._pager(
            IMAGE_SEARCH,
            ImageSearchItem,
            params,
            options,
            page=check_page(page),
            page_size=check_page_size(page_size, SEARCH_PAGE_SIZE_MAX),
            in_body=True,
            shape=_ITEM_ROW,
        )

    def search(
        self,
        *,
        keyword: str,
        page: int = 1,
        page_size: int = 10,
        **options: Unpack[CallOptions],
    ) -> Pager[Material]:
        """Creative materials (videos and images) for ``keyword`` (up to 200 characters),
        best match first; ``page_size`` 1-50. Rows: :class:`Material`."""
        text = check_long_text("keyword", keyword, KEYWORD_MAX).strip()
        return self._pager(
            MATERIAL_SEARCH,
            Material,
            {"keyword": text},
            options,
            page=check_page(page),
            page_size=check_page_size(page_size, SEARCH_PAGE_SIZE_MAX),
            in_body=True,
            shape=_MATERIAL_ROW,
        )
