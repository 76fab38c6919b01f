"""What every resource shares: one transport call, list decoding, detail decoding.

A resource method validates its arguments, names an :class:`Endpoint` and hands off here.
Per-call options (:class:`CallOptions`) are the same for every method: ``timeout`` (seconds
for one attempt) and ``deadline`` (seconds for the whole call, retries included; ``None``
for no deadline). Every public method's keywords are checked when it is called (see
:mod:`trenz_async.resources._arguments`).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Coroutine, Mapping, Sequence
from typing import Any, TypedDict, TypeVar

import attrs
import cattrs

from trenz_async.errors import RECORD_NOT_FOUND, NotFoundError, ResponseDecodeError
from trenz_async.models import Model, Usage
from trenz_async.pagination import CursorPage, CursorPager, Page, Pager, has_more_flag
from trenz_async.resources._arguments import checked, takes_options
from trenz_async.transport import Endpoint, Envelope, Transport

__all__ = ["MAX_TOTAL", "CallOptions", "Resource"]

M = TypeVar("M", bound=Model)

MAX_TOTAL = 2**53
"""A ``total_count`` above this (or below 0) is not a count: the answer does not decode."""


class CallOptions(TypedDict, total=False):
    """Per-call overrides accepted by every resource method."""

    timeout: float
    deadline: float | None


def _decode_error(where: str, exc: Exception) -> ResponseDecodeError:
    return ResponseDecodeError(f"{where}: {exc}")


def _no_task(data: Mapping[str, Any], model: type[Model]) -> None:
    """Refuse an answer that is only a ``task_id`` where a result was due: the service ran
    the call as an async task, and reading it as an empty result would lose it silently."""
    if data.keys() == {"task_id"} and "task_id" not in attrs.fields_dict(model):
        raise ResponseDecodeError(
            f"$.data: the service answered an async task ({data['task_id']!r}) where a "
            f"{model.__name__} was due; poll it with trenz.tasks.wait(task_id)"
        )


def _more(data: Mapping[str, Any], count: int, page_size: int) -> bool:
    """Whether a page without a count has a next one: its ``has_more``, else a full page."""
    flag = has_more_flag(data["has_more"]) if "has_more" in data else None
    return count >= page_size if flag is None else flag


_ROWS_KEYS = ("list", "records", "rows")
"""Where a list answer without ``items`` may hold its rows instead."""


def _only_list(data: Mapping[str, Any]) -> list[Any]:
    """The rows of a list answer that keeps them under a name of its own (``products``...):
    its one list; none when it has no list (an empty list); a decode error when several."""
    lists = [key for key, value in data.items() if value.__class__ is list]
    if len(lists) > 1:
        why = f"no 'items', and several lists could be the rows: {', '.join(lists)}"
        raise _decode_error("$.data", ValueError(why[:160]))
    return data[lists[0]] if lists else []


def _total(data: Mapping[str, Any], envelope: Envelope) -> int | None:
    """The list's ``total_count`` (else its ``total``, else the envelope's); a count, None
    when the answer has none, or a decode error."""
    total = data.get("total_count", data.get("total", envelope.total))
    if total is None:
        return envelope.total
    as_text = total.__class__ is str and total.isdigit() and len(total) <= 16
    if as_text or (total.__class__ is float and total.is_integer()):  # text, or a JSON float
        total = int(total)
    if total.__class__ is not int or not 0 <= total <= MAX_TOTAL:
        why = f"expected a count from 0 to 2**53, got {total!r}"[:120]
        raise _decode_error("$.data.total_count", ValueError(why))
    return total


_SINGLE_SECTIONS: dict[type[Model], frozenset[str]] = {}


def _single_sections(model: type[Model]) -> frozenset[str]:
    """Fields of a detail model that hold one record (not a list): ``core``, ``portrait``..."""
    found = _SINGLE_SECTIONS.get(model)
    if found is None:
        found = _SINGLE_SECTIONS[model] = _find_single_sections(model)
    return found


def _find_single_sections(model: type[Model]) -> frozenset[str]:
    hints = typing.get_type_hints(model)
    single = set()
    for name, hint in hints.items():
        args = (
            typing.get_args(hint)
            if typing.get_origin(hint) in (typing.Union, types.UnionType)
            else (hint,)
        )
        if any(isinstance(a, type) and issubclass(a, Model) for a in args) and name != "item":
            single.add(name)
    return frozenset(single)


class Resource:
    """Base of resource namespaces: holds the transport and the converter.

    Every public method of a subclass that takes ``**options`` has its keywords checked
    when it is called: a misspelled one raises at once, naming the closest match.
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, value in list(vars(cls).items()):
            if not name.startswith("_") and takes_options(value):
                setattr(cls, name, checked(value))

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
        if data.__class__ is list:  # the rows themselves, the count beside them (``total``)
            data = {"items": data}
        elif data.__class__ is not dict and not isinstance(data, Mapping):
            kind = type(data).__name__
            raise _decode_error("$.data", TypeError(f"expected an object with 'items', got {kind}"))
        rows = data.get("items")
        if rows is None:
            _no_task(data, model)
            rows = next((data[k] for k in _ROWS_KEYS if data.get(k).__class__ is list), None)
        if rows is None:
            rows = _only_list(data)
        if shape is not None and rows.__class__ is list:
            rows = [shape(row) if isinstance(row, Mapping) else row for row in rows]
        items = self._structure_items(rows, model, "$.data.items")
        page, page_size = envelope.page or page, envelope.page_size or page_size
        total, more = _total(data, envelope), None
        if total is None:  # no count: what was seen so far, and whether more follows
            more = _more(data, len(items), page_size)
            total = (page - 1) * page_size + len(items)
        return Page(
            items=items,
            total=total,
            page=page,
            page_size=page_size,
            request_id=envelope.request_id,
            usage=self._usage(envelope),
            warnings=envelope.warnings,
            more=more,
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
        in_body: bool = False,
    ) -> Pager[M]:
        """A pager over ``endpoint``; ``shape`` maps each row onto ``model``'s names first.

        ``params`` (with ``page``/``page_size``) go in the query string, or in the JSON body
        when ``in_body`` (the POST lists of Social and Ads).
        """

        async def fetch(number: int, size: int) -> Page[M]:
            fields = {**params, "page": number, "page_size": size}
            envelope = await self._transport.request(
                endpoint,
                path_params=path_params,
                params=None if in_body else fields,
                json=fields if in_body else None,
                **options,
            )
            return self._page(envelope, model, number, size, shape)

        return Pager(fetch, page=page, page_size=page_size)

    def _cursor_pager(
        self,
        endpoint: Endpoint,
        model: type[M],
        params: Mapping[str, object],
        options: CallOptions,
        *,
        cursor: object = 0,
        count: int = 20,
        cursor_field: str = "cursor",
        count_field: str = "count",
        items_field: str = "items",
        has_more_field: str = "has_more",
        carry: Sequence[str] = (),
    ) -> CursorPager[M]:
        """A pager over a cursor list whose fields go in the JSON body.

        Each request sends ``params`` + ``{count_field: count, cursor_field: <cursor>}``; the
        answer's ``data`` holds ``items_field``, the next ``cursor_field`` and
        ``has_more_field`` (a bool, or ``"true"``/``"false"``). Fields named in ``carry``
        (e.g. ``search_id``) are copied from each answer into the next request.
        """

        async def fetch(position: Mapping[str, Any]) -> CursorPage[M]:
            fields = {**params, count_field: count, **position}
            envelope = await self._transport.request(endpoint, json=fields, **options)
            return self._cursor_page(
                envelope, model, cursor_field, items_field, has_more_field, carry
            )

        return CursorPager(fetch, {cursor_field: cursor})

    def _cursor_page(
        self,
        envelope: Envelope,
        model: type[M],
        cursor_field: str,
        items_field: str,
        has_more_field: str,
        carry: Sequence[str],
    ) -> CursorPage[M]:
        data = envelope.data
        if not (data.__class__ is dict or isinstance(data, Mapping)):
            kind = type(data).__name__
            raise _decode_error("$.data", TypeError(f"expected an object, got {kind}"))
        rows = data.get(items_field)
        items = self._structure_items([] if rows is None else rows, model, f"$.data.{items_field}")
        has_more = has_more_flag(data.get(has_more_field))
        if has_more is None:
            why = f"expected true or false, got {data.get(has_more_field)!r}"[:120]
            raise _decode_error(f"$.data.{has_more_field}", ValueError(why))
        after = data.get(cursor_field)
        if has_more and items and (after is None or isinstance(after, (bool, Mapping, list))):
            why = f"{has_more_field} is true but the next cursor is {after!r}"[:120]
            raise _decode_error(f"$.data.{cursor_field}", ValueError(why))
        resume = {cursor_field: after, **{k: data[k] for k in carry if data.get(k) is not None}}
        return CursorPage(
            items=items,
            cursor=after,
            has_more=has_more,
            resume=resume,
            request_id=envelope.request_id,
            usage=self._usage(envelope),
            warnings=envelope.warnings,
        )

    def _one(
        self,
        endpoint: Endpoint,
        model: type[M],
        options: CallOptions,
        *,
        body: Mapping[str, object] | None = None,
        params: Mapping[str, object] | None = None,
        path_params: Mapping[str, str] | None = None,
        known: Mapping[str, object] | None = None,
    ) -> Coroutine[Any, Any, M]:
        """The coroutine sending ``endpoint`` once and decoding ``data`` as one ``model``.

        Arguments are already checked (methods validate before returning this coroutine).
        ``known``: fields a write's answer may leave out, known from the call (an answer of
        just an acknowledgement, ``null``, ``true`` or ``{}``, is read as them).
        """
        return self._fetch_one(endpoint, model, options, body, params, path_params, known)

    async def _fetch_one(
        self,
        endpoint: Endpoint,
        model: type[M],
        options: CallOptions,
        body: Mapping[str, object] | None,
        params: Mapping[str, object] | None,
        path_params: Mapping[str, str] | None,
        known: Mapping[str, object] | None = None,
    ) -> M:
        envelope = await self._transport.request(
            endpoint, path_params=path_params, params=params, json=body, **options
        )
        return self._data_as(envelope, model, known)

    def _data_as(
        self, envelope: Envelope, model: type[M], known: Mapping[str, object] | None = None
    ) -> M:
        """``envelope.data`` decoded as one ``model``; a wrong shape names ``$.data``. A
        detail answered as a one-row list (``{"items": [record]}``) is read as its record;
        ``known`` fills what the answer leaves out (see :meth:`_one`)."""
        data = envelope.data
        if known is not None:
            data = {**known, **data} if isinstance(data, Mapping) else dict(known)
        if (data.__class__ is dict or isinstance(data, Mapping)) and data.keys() == {"items"}:
            rows = data["items"]
            one = rows.__class__ is list and len(rows) == 1
            if one and "items" not in attrs.fields_dict(model):
                data = rows[0]
        if not (data.__class__ is dict or isinstance(data, Mapping)):
            kind = type(data).__name__
            raise _decode_error("$.data", TypeError(f"expected an object, got {kind}"))
        _no_task(data, model)
        try:
            return typing.cast(M, self._hook(model)(data, model))
        except Exception as exc:
            raise _decode_error("$.data", exc) from exc

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

        A section the model holds as one record (``core``...) gets the section's first item.
        An answer whose ``data`` is the record itself (no ``items``) is read as that record,
        with no sections (the seed gives no detail shape; the catalogue's is second-hand).
        Raises :class:`NotFoundError` (``code`` :data:`RECORD_NOT_FOUND`) when the service
        answers with no record for the id, and ``ResponseDecodeError`` (naming the JSON path)
        for an answer of the wrong shape.
        """
        envelope = await self._transport.request(
            endpoint, path_params={"id": record_id}, params=params, **options
        )
        data = envelope.data
        if not (data.__class__ is dict or isinstance(data, Mapping)):
            kind = type(data).__name__
            raise _decode_error("$.data", TypeError(f"expected an object with 'items', got {kind}"))
        items = data.get("items")
        bare = items is None and bool(data)  # data is the record
        if bare:
            items, sections = [data], ()
        if items is not None and not isinstance(items, list):
            kind = type(items).__name__
            raise _decode_error("$.data.items", TypeError(f"expected a list, got {kind}"))
        if not items:
            raise self._not_found(endpoint, envelope, record_id, params)
        if not isinstance(items[0], Mapping):
            kind = type(items[0]).__name__
            raise _decode_error("$.data.items[0]", TypeError(f"expected an object, got {kind}"))
        shaped: dict[str, Any] = {
            "item": items[0],
            "request_id": envelope.request_id,
            "usage": envelope.usage,
            "warnings": envelope.warnings,
        }
        single = _single_sections(model)
        for section in sections:
            rows = self._section_rows(data.get(section), section)
            if section in single:
                shaped[section] = rows[0] if rows else None
            else:
                shaped[section] = rows
        try:
            return self._converter.structure(shaped, model)
        except Exception as exc:
            raise _decode_error("$.data", exc) from exc

    @staticmethod
    def _section_rows(block: Any, section: str) -> list[Any]:
        """The ``items`` of a detail section (none when the section is absent or null)."""
        if block is None:
            return []
        if not isinstance(block, Mapping):
            kind = type(block).__name__
            raise _decode_error(f"$.data.{section}", TypeError(f"expected an object, got {kind}"))
        rows = block.get("items")
        if rows is None:
            return []
        if not isinstance(rows, list):
            kind = type(rows).__name__
            raise _decode_error(
                f"$.data.{section}.items", TypeError(f"expected a list, got {kind}")
            )
        return rows

    @staticmethod
    def _not_found(
        endpoint: Endpoint, envelope: Envelope, record_id: str, params: Mapping[str, object]
    ) -> NotFoundError:
        where = f" in market {params['country']}" if "country" in params else ""
        return NotFoundError(
            f"{endpoint.name}: no record with id {record_id!r}{where} (the service answered "
            f"HTTP {envelope.status} with no items)",
            status=envelope.status,
            code=RECORD_NOT_FOUND,
            request_id=envelope.request_id,
        )
