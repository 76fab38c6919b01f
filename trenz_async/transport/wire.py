"""The Trenz wire format as plain functions: requests in, envelopes or typed errors out.

No I/O and no aiohttp here. The session adapter hands ``(status, headers, body)`` to
:func:`decode_response` and gets back an :class:`Envelope` or an exception to raise.
"""

from __future__ import annotations

import email.utils
import json
import math
import time
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Literal

import attrs

from trenz_async.errors import APIError, ResponseDecodeError, error_class_for

__all__ = [
    "Endpoint",
    "Envelope",
    "Safety",
    "decode_response",
    "encode_query",
    "parse_retry_after",
    "render_path",
]

Safety = Literal["read", "write"]
"""``read`` calls may be retried freely; ``write`` calls only when provably not acted on."""


@attrs.frozen(slots=True)
class Endpoint:
    """One API operation: method, path template, safety class and evidence level.

    ``evidence`` is the catalogue's tag (``C1`` confirmed ... ``I-lo`` guessed), kept beside the
    path so that a confirmed spec makes a fix one line.
    """

    name: str
    method: Literal["GET", "POST", "PUT", "DELETE"]
    path: str
    safety: Safety
    evidence: str = "C1"


@attrs.frozen(slots=True)
class Envelope:
    """A decoded success answer.

    ``data`` is the endpoint's payload; ``usage`` is the raw usage object (or ``None``);
    ``page``, ``page_size`` and ``total`` are the optional top-level list fields.
    """

    status: int
    data: Any
    request_id: str | None = None
    usage: Mapping[str, Any] | None = None
    warnings: tuple[str, ...] = ()
    page: int | None = None
    page_size: int | None = None
    total: int | None = None


def render_path(template: str, params: Mapping[str, str]) -> str:
    """Fill ``{name}`` placeholders in ``template``, percent-encoding each value."""
    from urllib.parse import quote

    return template.format_map({k: quote(v, safe="") for k, v in params.items()})


def _query_value(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Iterable):
        return ",".join(_query_value(v) for v in value)
    return str(value)


def _float_text(value: float) -> str:
    """A float in plain decimal notation (``0.00001``, not ``1e-05``), shortest exact form."""
    text = repr(value)
    if "e" not in text:
        return text
    return format(Decimal(text), "f")


def encode_query(params: Mapping[str, object]) -> dict[str, str]:
    """Turn keyword arguments into query parameters.

    ``None`` is dropped, booleans become ``true``/``false``, sequences are comma-joined.
    """
    return {
        k: v if v.__class__ is str else _query_value(v) for k, v in params.items() if v is not None
    }


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if math.isfinite(seconds) else None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


def _snippet(body: bytes) -> str:
    return body[:200].decode("utf-8", "replace")


def _parse_json(status: int, body: bytes) -> Any:
    if not body or body.isspace():
        raise ResponseDecodeError(f"HTTP {status} with an empty body", status=status)
    try:
        return json.loads(body)
    except ValueError as exc:
        raise ResponseDecodeError(
            f"HTTP {status} body is not JSON ({exc.__class__.__name__}: {exc})",
            status=status,
            snippet=_snippet(body),
        ) from None


def _api_error(status: int, payload: Any, retry_after: float | None) -> APIError:
    code = payload.get("code") if isinstance(payload, Mapping) else None
    code = code if isinstance(code, str) else None
    message = payload.get("message") if isinstance(payload, Mapping) else None
    request_id = payload.get("request_id") if isinstance(payload, Mapping) else None
    docs_url = payload.get("docs_url") if isinstance(payload, Mapping) else None
    cls = error_class_for(status, code)
    return cls(
        str(message) if message else f"HTTP {status}",
        status=status,
        code=code,
        request_id=str(request_id) if request_id is not None else None,
        docs_url=str(docs_url) if docs_url else None,
        retry_after=retry_after,
    )


def decode_response(status: int, headers: Mapping[str, str], body: bytes) -> Envelope:
    """Decode one HTTP answer into an :class:`Envelope`, or raise the matching error.

    Raises the :class:`~trenz_async.errors.APIError` subclass for the code (or the status) on
    any status >= 400, even when that body is not JSON (an HTML 502 is a ``ServerError`` with
    ``code=None``); raises :class:`~trenz_async.errors.ResponseDecodeError` for a success
    status whose body is not the documented envelope.
    """
    if status >= 400:
        retry_after = parse_retry_after(headers.get("Retry-After"))
        try:
            payload = _parse_json(status, body)
        except ResponseDecodeError as exc:
            # An HTML 502 from a proxy is still a 502: raise the status's class, keep the why.
            error = _api_error(status, {"message": f"{exc} {exc.snippet!r}".strip()}, retry_after)
            raise error from exc
        raise _api_error(status, payload, retry_after)
    payload = _parse_json(status, body)
    if payload.__class__ is not dict or "data" not in payload:
        raise ResponseDecodeError(
            f"HTTP {status} body is not a Trenz envelope (no 'data')",
            status=status,
            snippet=_snippet(body),
        )
    get = payload.get
    request_id, usage, warnings = get("request_id"), get("usage"), get("warnings")
    page, page_size, total = get("page"), get("page_size"), get("total")
    return Envelope(
        status,
        payload["data"],
        None if request_id is None else str(request_id),
        usage if usage.__class__ is dict else None,
        tuple(str(w) for w in warnings) if warnings.__class__ is list else (),
        page if page.__class__ is int else None,
        page_size if page_size.__class__ is int else None,
        total if total.__class__ is int else None,
    )
