"""Arguments every Data namespace shares: market, paging, related lists.

A related list (``/{entity}/{id}/{relation}``) always has the same shape, so a resource
declares it in one line with :class:`RelatedList`; calling it looks like any method::

    class SellersResource(DataResource):
        creators = RelatedList("Seller Related Creators", Creator, "Creators who ...")

    page = await trenz.data.sellers.creators("7495...", country="us", page_size=5)
"""

from __future__ import annotations

from collections.abc import Coroutine, Iterable, Mapping
from typing import Any, ClassVar, Generic, TypeVar, Unpack, overload

from trenz_async.models import Model
from trenz_async.pagination import Pager
from trenz_async.resources._arguments import checked
from trenz_async.resources._base import CallOptions, Resource
from trenz_async.resources._validate import (
    check_country,
    check_id,
    check_include,
    check_page,
    check_page_size,
)
from trenz_async.resources.data._rows import RowShape
from trenz_async.resources.data.paths import DATA_ENDPOINTS

__all__ = [
    "LIST_PAGE_SIZE_MAX",
    "RANKING_PAGE_SIZE_MAX",
    "BoundRelatedList",
    "DataResource",
    "RelatedList",
]

M = TypeVar("M", bound=Model)

LIST_PAGE_SIZE_MAX = 10
"""Largest ``page_size`` for search and related lists."""
RANKING_PAGE_SIZE_MAX = 20
"""Largest ``page_size`` for rankings."""


class DataResource(Resource):
    """A Data namespace (one entity). Subclasses name their endpoints and models."""

    ID_FIELD: ClassVar[str] = "id"
    """The argument naming this entity's id (``product_id``, ...), as validation errors say."""

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
        filters: Mapping[str, object] | None = None,
        shape: RowShape | None = None,
    ) -> Pager[M]:
        """Validate the shared arguments and return a pager over ``endpoint_name``.

        ``filters`` are the endpoint's own query parameters, already checked (None = unset).
        """
        params: dict[str, object] = {"country": check_country(country)}
        if filters:  # unset filters are dropped once here, not on every page
            params.update((k, v) for k, v in filters.items() if v is not None)
        path_params = None if record_id is None else {"id": check_id(self.ID_FIELD, record_id)}
        return self._pager(
            DATA_ENDPOINTS[endpoint_name],
            model,
            params,
            options,
            page=check_page(page),
            page_size=check_page_size(page_size, max_page_size),
            path_params=path_params,
            shape=shape,
        )

    def _get(
        self,
        endpoint_name: str,
        model: type[M],
        options: CallOptions,
        *,
        record_id: str,
        country: str,
        include: Iterable[str] | str | None,
        sections: tuple[str, ...],
    ) -> Coroutine[Any, Any, M]:
        """Validate now; return the coroutine fetching the record and its ``include`` sections.

        Bad arguments raise when the method is called, not when its result is awaited.
        """
        record_id = check_id(self.ID_FIELD, record_id)
        params: dict[str, object] = {"country": check_country(country)}
        wanted = check_include(include, sections)
        if wanted:
            params["include"] = wanted
        return self._detail(
            DATA_ENDPOINTS[endpoint_name],
            model,
            record_id,
            params,
            options,
            tuple(wanted.split(",")) if wanted else (),
        )


class BoundRelatedList(Generic[M]):
    """A :class:`RelatedList` of one resource instance: call it to get a :class:`Pager`."""

    def __init__(self, resource: DataResource, spec: RelatedList[M]) -> None:
        self._resource = resource
        self._spec = spec
        self.__doc__ = spec.__doc__

    @checked
    def __call__(
        self,
        record_id: str,
        /,
        *,
        country: str,
        page: int = 1,
        page_size: int = 10,
        **options: Unpack[CallOptions],
    ) -> Pager[M]:
        """List the records related to ``record_id`` in market ``country`` (page_size <= 10).

        Raises :class:`~trenz_async.errors.ValidationError` at once for a bad argument.
        """
        return self._resource._list(
            self._spec.endpoint_name,
            self._spec.model,
            options,
            country=country,
            page=page,
            page_size=page_size,
            record_id=record_id,
            shape=self._spec.shape,
        )

    def __repr__(self) -> str:
        return f"<related list {self._spec.endpoint_name!r} of {type(self._resource).__name__}>"


class RelatedList(Generic[M]):
    """Declares a related-list method: ``(record_id, *, country, page=1, page_size=10)``.

    ``endpoint_name`` is a key of :data:`DATA_ENDPOINTS`; ``model`` decodes each row after
    ``shape`` (from the catalogue) has mapped upstream's prefixed names and row keys onto it;
    fields the model does not know are kept in ``extras``.
    """

    def __init__(
        self, endpoint_name: str, model: type[M], doc: str, shape: RowShape | None = None
    ) -> None:
        if endpoint_name not in DATA_ENDPOINTS:
            raise KeyError(f"unknown Data endpoint {endpoint_name!r}")
        self.endpoint_name = endpoint_name
        self.model = model
        self.shape = shape
        self.__doc__ = f"{doc} ({endpoint_name}; page_size <= {LIST_PAGE_SIZE_MAX}.)"

    @overload
    def __get__(self, instance: None, owner: Any) -> RelatedList[M]: ...

    @overload
    def __get__(self, instance: DataResource, owner: Any) -> BoundRelatedList[M]: ...

    def __get__(
        self, instance: DataResource | None, owner: Any
    ) -> RelatedList[M] | BoundRelatedList[M]:
        if instance is None:
            return self
        return BoundRelatedList(instance, self)
