"""What every resource shares: one transport call, list decoding, detail decoding.

A resource method validates its arguments, names an :class:`Endpoint` and hands off here.
Per-call options (:class:`CallOptions`) are the same for every method: ``timeout`` (seconds
for one attempt) and ``deadline`` (seconds for the whole call, retries included; ``None``
for no deadline).
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypedDict, TypeVar

import cattrs

from trenz_async.errors import NotFoundError, ResponseDecodeError
from trenz_async.models import Model, Usage
from trenz_async.pagination import Page, Pager
from trenz_async.transport import Endpoint, Envelope, Transport

__all__ = ["CallOptions", "Resource"]

M = TypeVar("M", bound=Model)


class CallOptions(TypedDict, total=False):
    """Per-call overrides accepted by every resource method."""

    timeout: float
    deadline: float | None


def _decode_error(where: str, exc: Exception) -> ResponseDecodeError:
    return ResponseDecodeError(f"{where}: {exc}")


class Resource:
    """Base of resource namespaces: holds the transport and the converter."""

    def __init__(self, transport: Transport, converter: cattrs.Converter) -> None:
        self._transport = transport
        self._converter = converter
        self._hooks: dict[type[Model], Callable[[Any, type], Any]] = {}

    def _hook(self, model: type[Model]) -> Callable[[Any, type], Any]:
        """The converter's structure hook for ``model``, looked up once per resource."""
        hook = self._hooks.get(model)
        if hook is None:
            hook = self._hooks[model] = self._converter.get_structure_hook(model)
        return hook

    def _usage(self, envelope: Envelope) -> Usage | None:
        if envelope.usage is None:
            return None
        try:
            return typing.cast(Usage, self._hook(Usage)(envelope.usage, Usage))
        except Exception as exc:
            raise _decode_error("$.usage", exc) from exc

    def _structure_items(self, rows: Any, model: type[M], where: str) -> list[M]:
        if not isinstance(rows, list):
            raise _decode_error(where, TypeError(f"expected a list, got {type(rows).__name__}"))
        hook = self._hook(model)
        try:
            return [hook(row, model) for row in rows]
        except Exception:
            for index, row in enumerate(rows):  # find and name the record that failed
                try:
                    hook(row, model)
                except Exception as exc:
                    raise _decode_error(f"{where}[{index}]", exc) from exc
            raise

    def _page(
        self,
        envelope: Envelope,
        model: type[M],
        page: int,
        page_size: int,
        shape: Callable[[Any], Any] | None = None,
    ) -> Page[M]:
        data = envelope.data
        if data.__class__ is not dict and not isinstance(data, Mapping):
            raise _decode_error("$.data", TypeError("expected an object with 'items'"))
        rows = data.get("items", [])
        if shape is not None and rows.__class__ is list:
            rows = [shape(row) for row in rows]
        items = self._structure_items(rows, model, "$.data.items")
        total = data.get("total_count", envelope.total)
        if total.__class__ is not int:
            total = len(items) if envelope.total is None else envelope.total
        return Page(
            items=items,
            total=total,
            page=envelope.page or page,
            page_size=envelope.page_size or page_size,
            request_id=envelope.request_id,
            usage=self._usage(envelope),
            warnings=envelope.warnings,
        )

    def _pager(
        self,
        endpoint: Endpoint,
        model: type[M],
        params: Mapping[str, object],
        options: CallOptions,
        *,
        page: int,
        page_size: int,
        path_params: Mapping[str, str] | None = None,
        shape: Callable[[Any], Any] | None = None,
    ) -> Pager[M]:
        """A pager over ``endpoint``; ``shape`` maps each row onto ``model``'s names first."""

        async def fetch(number: int, size: int) -> Page[M]:
            query = {**params, "page": number, "page_size": size}
            envelope = await self._transport.request(
                endpoint, path_params=path_params, params=query, **options
            )
            return self._page(envelope, model, number, size, shape)

        return Pager(fetch, page=page, page_size=page_size)

    async def _detail(
        self,
        endpoint: Endpoint,
        model: type[M],
        record_id: str,
        params: Mapping[str, object],
        options: CallOptions,
        sections: Sequence[str],
    ) -> M:
        """Fetch a detail record: ``data.items[0]`` plus ``data.<section>.items`` per section.

        Raises :class:`NotFoundError` when the service returns no record for the id.
        """
        envelope = await self._transport.request(
            endpoint, path_params={"id": record_id}, params=params, **options
        )
        data = envelope.data
        items = data.get("items") if isinstance(data, Mapping) else None
        if not items:
            raise NotFoundError(
                f"{endpoint.name}: no record with id {record_id!r} "
                f"({', '.join(f'{k}={v}' for k, v in params.items() if k != 'include')})",
                status=envelope.status,
                code="NOT_FOUND",
                request_id=envelope.request_id,
            )
        shaped: dict[str, Any] = {
            "item": items[0],
            "request_id": envelope.request_id,
            "usage": envelope.usage,
            "warnings": list(envelope.warnings),
        }
        for section in sections:
            block = data.get(section)
            if isinstance(block, Mapping):
                shaped[section] = block.get("items", [])
        try:
            return self._converter.structure(shaped, model)
        except Exception as exc:
            raise _decode_error("$.data", exc) from exc
