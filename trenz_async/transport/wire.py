"""The Trenz wire format as plain functions: requests in, envelopes or typed errors out.

No I/O and no aiohttp here. The session adapter hands ``(status, headers, body)`` to
:func:`decode_response` and gets back an :class:`Envelope` or an exception to raise.
"""

from __future__ import annotations

import email.utils
import json
import math
import re
import time
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, Literal
from urllib.parse import quote

import attrs

from trenz_async._json import parse
from trenz_async._twins import mutable_twin
from trenz_async.errors import (
    APIError,
    ResponseDecodeError,
    StorageError,
    UploadURLExpiredError,
    ValidationError,
    error_class_for,
    shorten,
)

__all__ = [
    "Endpoint",
    "Envelope",
    "Safety",
    "StorageAnswer",
    "decode_response",
    "decode_storage_response",
    "encode_query",
    "parse_retry_after",
    "render_path",
    "server_text",
]

Safety = Literal["read", "write"]
"""``read`` calls may be retried freely; ``write`` calls only when provably not acted on."""


@attrs.frozen(slots=True)
class Endpoint:
    """One API operation: method, path template, safety class and evidence level.

    ``evidence`` is the catalogue's tag (``C1`` confirmed ... ``I-lo`` guessed), kept beside the
    path so that a confirmed spec makes a fix one line. ``alternates`` are the other paths the
    evidence names for a guessed one: tried in turn when a path answers 404 ``ROUTE_NOT_FOUND``
    (which proves nothing was done), the one that answers kept for later calls.
    """

    name: str
    method: Literal["GET", "POST", "PUT", "DELETE"]
    path: str
    safety: Safety
    evidence: str = "C1"
    alternates: tuple[str, ...] = ()


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


_EnvelopeTwin: Any = mutable_twin(Envelope)

Redact = Callable[[str], str]
"""Masks every credential in a text from the server (see ``Auth.redact``)."""


def _same(text: str) -> str:
    return text


_DOT_SEGMENTS = frozenset(("", ".", ".."))


def render_path(template: str, params: Mapping[str, str]) -> str:
    """Fill ``{name}`` placeholders in ``template``, each value one opaque path segment.

    Values are percent-encoded (``/`` included). An empty value, ``.`` or ``..`` would
    name another endpoint once the URL is normalised, so it raises ``ValidationError``.
    """
    segments = {}
    for name, value in params.items():
        if value in _DOT_SEGMENTS:
            raise ValidationError(name, "must not be empty, '.' or '..' (a path segment)", value)
        segments[name] = quote(value, safe="")
    return template.format_map(segments)


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
    if not math.isfinite(value):
        raise ValueError("must be a finite number (not NaN or infinity)")
    text = repr(value)
    if "e" not in text:
        return text
    return format(Decimal(text), "f")


def encode_query(params: Mapping[str, object]) -> dict[str, str]:
    """Turn keyword arguments into query parameters.

    ``None`` is dropped, booleans become ``true``/``false``, sequences are comma-joined.
    NaN or infinity raises ``ValidationError`` naming the parameter.
    """
    try:
        return {
            k: v if v.__class__ is str else _query_value(v)
            for k, v in params.items()
            if v is not None
        }
    except ValueError:
        for name, value in params.items():  # find and name the parameter
            try:
                _query_value(value)
            except ValueError as exc:
                raise ValidationError(name, str(exc), value) from None
        raise


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


SNIPPET_CHARS = 200
"""How much of an undecodable body a :class:`ResponseDecodeError` quotes."""
_ID_CHARS = 120  # a request id, a code or a docs URL longer than this is not one


def _snippet(body: bytes, redact: Redact) -> str:
    return redact(body[: SNIPPET_CHARS * 2].decode("utf-8", "replace"))[:SNIPPET_CHARS]


def _parse_json(status: int, body: bytes, redact: Redact) -> Any:
    if not body or body.isspace():
        raise ResponseDecodeError(f"HTTP {status} with an empty body", status=status)
    try:
        return parse(body)
    except (ValueError, RecursionError) as exc:
        why = "nested too deeply" if isinstance(exc, RecursionError) else redact(str(exc))
        raise ResponseDecodeError(
            f"HTTP {status} body is not JSON ({exc.__class__.__name__}: {shorten(why)})",
            status=status,
            snippet=_snippet(body, redact),
        ) from None


def server_text(value: Any, redact: Redact, limit: int = 500) -> str | None:
    """A text field from the server, masked and shortened; None when absent or empty."""
    if value is None or value == "":
        return None
    text = value if isinstance(value, str) else json.dumps(value, default=str)[: limit * 4]
    return shorten(redact(text), limit)


def _error_fields(payload: Any) -> Mapping[str, Any]:
    """An error answer's fields: the seed's flat ``{code, message, request_id}``, or the same
    nested in an ``error`` object (its fields fill what the top level lacks)."""
    fields = payload if isinstance(payload, Mapping) else {}
    nested = fields.get("error")
    if not isinstance(nested, Mapping):
        return fields
    flat = {k: v for k, v in fields.items() if k != "error" and v is not None}
    if not isinstance(flat.get("code"), str):
        flat.pop("code", None)  # a string code nested wins over a number at the top
    return {**nested, **flat}


def _api_error(
    status: int, payload: Any, retry_after: float | None, body: str, redact: Redact
) -> APIError:
    fields = _error_fields(payload)
    code = fields.get("code")
    if isinstance(code, int) and not isinstance(code, bool):
        code = str(code)
    code = server_text(code, redact, _ID_CHARS) if isinstance(code, str) else None
    cls = error_class_for(status, code)
    return cls(
        server_text(fields.get("message"), redact, 500) or f"HTTP {status}",
        status=status,
        code=code,
        request_id=server_text(fields.get("request_id"), redact, _ID_CHARS),
        docs_url=server_text(fields.get("docs_url"), redact, _ID_CHARS),
        retry_after=retry_after,
        body=body,
    )


def decode_response(
    status: int, headers: Mapping[str, str], body: bytes, redact: Redact = _same
) -> Envelope:
    """Decode one HTTP answer into an :class:`Envelope`, or raise the matching error.

    Raises the :class:`~trenz_async.errors.APIError` subclass for the code (or the status) on
    any status >= 400, even when that body is not JSON (an HTML 502 is a ``ServerError`` with
    ``code=None``); raises :class:`~trenz_async.errors.ResponseDecodeError` for a success
    status whose body is not the documented envelope. Server text that reaches an error or
    the envelope's ``request_id`` and ``warnings`` passes through ``redact`` first.
    """
    if status >= 400:
        retry_after = parse_retry_after(headers.get("Retry-After"))
        text = redact(body.decode("utf-8", "replace"))
        try:
            payload = _parse_json(status, body, redact)
        except ResponseDecodeError as exc:
            # An HTML 502 from a proxy is still a 502: raise the status's class, keep the why.
            message = f"{exc} {exc.snippet!r}".strip()
            raise _api_error(status, {"message": message}, retry_after, text, redact) from exc
        raise _api_error(status, payload, retry_after, text, redact)
    payload = _parse_json(status, body, redact)
    if payload.__class__ is not dict or "data" not in payload:
        raise ResponseDecodeError(
            f"HTTP {status} body is not a Trenz envelope (no 'data')",
            status=status,
            snippet=_snippet(body, redact),
        )
    get = payload.get
    envelope = _EnvelopeTwin()  # built without Envelope.__init__'s call per field
    envelope.status = status
    envelope.data = payload["data"]
    request_id = get("request_id")
    envelope.request_id = None if request_id is None else server_text(request_id, redact, _ID_CHARS)
    usage, warnings = get("usage"), get("warnings")
    envelope.usage = usage if usage.__class__ is dict else None
    envelope.warnings = (
        tuple(redact(str(w)) for w in warnings) if warnings.__class__ is list else ()
    )
    page, page_size, total = get("page"), get("page_size"), get("total")
    envelope.page = page if page.__class__ is int and page > 0 else None
    envelope.page_size = page_size if page_size.__class__ is int and page_size > 0 else None
    envelope.total = total if total.__class__ is int else None
    envelope.__class__ = Envelope
    return envelope  # type: ignore[no-any-return]


@attrs.frozen(slots=True)
class StorageAnswer:
    """A storage host's acceptance of an upload: ``status`` and the object's ``etag``."""

    status: int
    etag: str | None = None


_XML_FIELD = re.compile(r"<(Code|Message)>([^<]{0,500})</\1>")


def _storage_fields(text: str) -> dict[str, str]:
    """``code`` and ``message`` of a storage error: S3-style XML, JSON, or plain text."""
    try:
        payload = json.loads(text)
    except (ValueError, RecursionError):
        payload = None
    if isinstance(payload, Mapping):
        fields = {k.lower(): str(v) for k, v in payload.items() if k.lower() in ("code", "message")}
        if fields:
            return fields
    fields = {name.lower(): value for name, value in _XML_FIELD.findall(text)}
    return fields or {"message": text.strip()}


def decode_storage_response(
    status: int, headers: Mapping[str, str], body: bytes, redact: Redact = _same
) -> StorageAnswer:
    """Decode a storage host's answer to a PUT: 2xx is success, anything else an error.

    Raises :class:`~trenz_async.errors.UploadURLExpiredError` for a 403 that says the URL
    expired, :class:`~trenz_async.errors.StorageError` for any other refusal (the status
    decides retries: 5xx and 429 are retried, other 4xx are not).
    """
    if 200 <= status < 300:
        return StorageAnswer(status, headers.get("ETag"))
    text = redact(body.decode("utf-8", "replace"))
    fields = _storage_fields(text)
    code = fields.get("code")
    message = shorten(fields.get("message") or f"HTTP {status}")
    expired = status == 403 and "expire" in f"{code} {message}".lower()
    cls = UploadURLExpiredError if expired else StorageError
    error = cls(
        f"storage refused the upload: {message}",
        status=status,
        code=shorten(code, 120) if code else None,
        body=text,
        retry_after=parse_retry_after(headers.get("Retry-After")),
    )
    raise error
