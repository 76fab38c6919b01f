"""Arguments every Data namespace shares: market, paging, related lists."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from trenz_async.models import Model
from trenz_async.pagination import Pager
from trenz_async.resources._base import CallOptions, Resource
from trenz_async.resources._validate import (
    check_country,
    check_id,
    check_include,
    check_page,
    check_page_size,
)
from trenz_async.resources.data.paths import DATA_ENDPOINTS

__all__ = ["LIST_PAGE_SIZE_MAX", "RANKING_PAGE_SIZE_MAX", "DataResource"]

M = TypeVar("M", bound=Model)

LIST_PAGE_SIZE_MAX = 10
"""Largest ``page_size`` for search and related lists."""
RANKING_PAGE_SIZE_MAX = 20
"""Largest ``page_size`` for rankings."""


class DataResource(Resource):
    """A Data namespace (one entity). Subclasses name their endpoints and models."""

    def _list(
        self,
        endpoint_name: str,
        model: type[M],
        options: CallOptions,
        *,
        country: str,
        page: int,
        page_size: int,
        max_page_size: int = LIST_PAGE_SIZE_MAX,
        record_id: str | None = None,
        **filters: object,
    ) -> Pager[M]:
        """Validate the shared arguments and return a pager over ``endpoint_name``."""
        params: dict[str, object] = {"country": check_country(country), **filters}
        path_params = None if record_id is None else {"id": check_id("id", record_id)}
        return self._pager(
            DATA_ENDPOINTS[endpoint_name],
            model,
            params,
            options,
            page=check_page(page),
            page_size=check_page_size(page_size, max_page_size),
            path_params=path_params,
        )

    async def _get(
        self,
        endpoint_name: str,
        model: type[M],
        options: CallOptions,
        *,
        record_id: str,
        country: str,
        include: Iterable[str] | str | None,
        sections: tuple[str, ...],
    ) -> M:
        """Validate and fetch a detail record with the requested ``include`` sections."""
        record_id = check_id("id", record_id)
        params: dict[str, object] = {"country": check_country(country)}
        wanted = check_include(include, sections)
        if wanted:
            params["include"] = wanted
        return await self._detail(
            DATA_ENDPOINTS[endpoint_name],
            model,
            record_id,
            params,
            options,
            tuple(wanted.split(",")) if wanted else (),
        )
