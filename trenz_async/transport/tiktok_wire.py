"""The TikTok wire format as plain functions: the ``{data, error}`` envelope and the token.

Research and short-drama answers are ``{"data": ..., "error": {"code", "message", "log_id"}}``;
``error.code == "ok"`` (or no error at all) is success, anything else an error even under
HTTP 200: TikTok reports rate limits and expired tokens that way too, so the body code decides
and the error carries the status that code stands for (``error.http_status_code`` when sent).
A Business API number is a code too (``40100``; ``0`` is success), and an answer without
``error`` is read by its top-level numeric ``code`` or its ``BaseResp.StatusCode``.
Short-drama answers document their fields at the top level; they are read both inside ``data``
and beside it. The token endpoint answers a flat OAuth object. No I/O here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from trenz_async._json import parse
from trenz_async.errors import (
    TIKTOK_CODE_STATUS,
    APIError,
    ResponseDecodeError,
    error_class_for,
    shorten,
)
from trenz_async.transport.wire import Envelope, Redact, parse_retry_after, server_text

__all__ = ["decode_tiktok_response", "decode_token_response"]

_ENVELOPE_KEYS = frozenset(("data", "error", "extra"))


def _json(status: int, body: bytes, redact: Redact) -> Any:
    try:
        return parse(body) if body.strip() else None
    except (ValueError, RecursionError) as exc:
        why = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise ResponseDecodeError(
            f"HTTP {status} body is not JSON ({type(exc).__name__}: {shorten(redact(why))})",
            status=status,
            snippet=redact(body[:400].decode("utf-8", "replace"))[:200],
        ) from None


_SUCCESS_CODES = frozenset(("ok", "0"))
"""Codes meaning success (read in any case: ``"OK"`` too)."""


def _code(value: Any) -> str | None:
    """An answer's error code as text: ``"ok"``, a TikTok code, or a Business API number
    (``40100``, sent as a JSON number); None when there is none."""
    if isinstance(value, str):
        return value or None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _error_fields(payload: Mapping[str, Any]) -> Mapping[str, Any]:
    """The answer's ``error`` object; for an answer without one, a Business API top-level
    numeric ``code`` or a ``BaseResp`` status (the short-drama appeal's result)."""
    error = payload.get("error")
    if isinstance(error, Mapping):
        return error
    base = payload.get("BaseResp")
    if isinstance(base, Mapping) and "StatusCode" in base:
        return {"code": base["StatusCode"], "message": base.get("StatusMessage")}
    code = payload.get("code")
    if isinstance(code, int) and not isinstance(code, bool):
        return {
            "code": code,
            "message": payload.get("message"),
            "log_id": payload.get("request_id"),
        }
    return {}


def _log_id(log_id: Any, headers: Mapping[str, str], redact: Redact) -> str | None:
    """TikTok's request id: ``error.log_id``, else the ``x-tt-logid`` header."""
    return server_text(log_id, redact, 120) or server_text(headers.get("x-tt-logid"), redact, 120)


def _error(
    status: int,
    code: str | None,
    message: Any,
    log_id: Any,
    body: bytes,
    headers: Any,
    redact: Redact,
) -> APIError:
    effective = status
    if status < 400 and code is not None:  # a refusal answered 200: the code says which
        effective = TIKTOK_CODE_STATUS.get(code, 500 if code[:1] == "5" else 400)
    cls = error_class_for(effective, code)
    return cls(
        server_text(message, redact) or f"HTTP {status} {code or 'error'}",
        status=effective,
        code=code,
        request_id=_log_id(log_id, headers, redact),
        retry_after=parse_retry_after(headers.get("Retry-After")),
        body=redact(body.decode("utf-8", "replace")),
    )


def decode_tiktok_response(
    status: int, headers: Mapping[str, str], body: bytes, redact: Redact
) -> Envelope:
    """Decode a Research or short-drama answer into an :class:`Envelope`, or raise.

    ``data`` is the ``data`` object merged with any documented top-level fields; the
    ``request_id`` is ``error.log_id`` (else the ``x-tt-logid`` header).
    """
    try:
        payload = _json(status, body, redact)
    except ResponseDecodeError as exc:
        if status >= 400:  # an HTML 502 from a proxy is still a 502
            raise _error(status, None, str(exc), None, body, headers, redact) from exc
        raise
    if payload is None and status < 300:  # an empty 2xx: success with no fields (the
        return Envelope(status, {}, _log_id(None, headers, redact))  # seed: a "generic" one)
    if not isinstance(payload, Mapping):
        if status >= 400:
            raise _error(status, None, None, None, body, headers, redact)
        raise ResponseDecodeError(
            f"HTTP {status} body is not a TikTok envelope", status=status, snippet=""
        )
    error = _error_fields(payload)
    code = _code(error.get("code"))
    if status >= 400 or (code is not None and code.strip().lower() not in _SUCCESS_CODES):
        declared = error.get("http_status_code")
        if status < 400 and isinstance(declared, int) and declared >= 400:
            status = declared
        raise _error(status, code, error.get("message"), error.get("log_id"), body, headers, redact)
    data = payload.get("data")
    merged = dict(data) if isinstance(data, Mapping) else {}
    for key, value in payload.items():  # short drama documents its fields at the top level
        if key not in _ENVELOPE_KEYS:
            merged.setdefault(key, value)
    log_id = _log_id(error.get("log_id"), headers, redact)
    return Envelope(status, merged, log_id)


def decode_token_response(
    status: int, headers: Mapping[str, str], body: bytes, redact: Redact
) -> Envelope:
    """Decode ``POST /v2/oauth/token/``: a flat ``{access_token, expires_in, token_type}``.

    A refusal is OAuth's ``{"error": "invalid_client", "error_description": ...}`` or the TikTok
    envelope; either raises the class for its code (a bad key or secret: AuthenticationError).
    """
    payload = _json(status, body, redact)
    if isinstance(payload, Mapping) and isinstance(payload.get("data"), Mapping):
        inner = payload["data"]
        if "access_token" in inner:
            payload = {**payload, **inner}
    if (
        isinstance(payload, Mapping)
        and status < 400
        and isinstance(payload.get("access_token"), str)
    ):
        return Envelope(status, dict(payload), server_text(payload.get("log_id"), redact, 120))
    fields = payload if isinstance(payload, Mapping) else {}
    error = fields.get("error")
    if isinstance(error, Mapping):  # the TikTok envelope
        code, message, log_id = error.get("code"), error.get("message"), error.get("log_id")
    else:
        code, message, log_id = error, fields.get("error_description"), fields.get("log_id")
    code = code if isinstance(code, str) and code else None
    if status < 400 and code is None:
        raise ResponseDecodeError(
            f"HTTP {status} token answer has no access_token", status=status, snippet=""
        )
    raise _error(
        max(status, 400) if code is None else status, code, message, log_id, body, headers, redact
    )
