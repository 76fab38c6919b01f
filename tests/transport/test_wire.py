"""The pure wire codec: envelopes and every documented error code, without a socket."""

from __future__ import annotations

import email.utils
import json
import subprocess
import sys
import time

import pytest

from trenz_async import errors
from trenz_async.transport.wire import decode_response, encode_query, parse_retry_after

DOCUMENTED = [
    (400, "BAD_REQUEST", errors.BadRequestError),
    (400, "INVALID_PARAM", errors.InvalidParamError),
    (400, "MISSING_PARAM", errors.MissingParamError),
    (400, "INVALID_SORT_FIELD", errors.InvalidSortFieldError),
    (400, "INVALID_INCLUDE", errors.InvalidIncludeError),
    (400, "PAGE_SIZE_EXCEEDED", errors.PageSizeExceededError),
    (401, "AUTH_MISSING_KEY", errors.AuthenticationError),
    (401, "AUTH_INVALID_KEY", errors.AuthenticationError),
    (401, "AUTH_KEY_REVOKED", errors.AuthenticationError),
    (401, "AUTH_KEY_SUSPENDED", errors.AuthenticationError),
    (402, "INSUFFICIENT_BALANCE", errors.InsufficientBalanceError),
    (402, "INSUFFICIENT_CREDITS", errors.InsufficientBalanceError),
    (403, "FORBIDDEN_SCOPE", errors.PermissionDeniedError),
    (404, "ROUTE_NOT_FOUND", errors.NotFoundError),
    (404, "TASK_NOT_FOUND", errors.NotFoundError),
    (429, "RATE_LIMITED", errors.RateLimitError),
    (429, "QUOTA_EXCEEDED", errors.QuotaExceededError),
    (500, "INTERNAL_ERROR", errors.ServerError),
    (502, "BACKEND_ERROR", errors.ServerError),
    (503, "BACKEND_UNAVAILABLE", errors.ServerError),
    (504, "BACKEND_TIMEOUT", errors.ServerError),
]


def _error_body(code: str) -> bytes:
    return json.dumps(
        {
            "code": code,
            "message": f"something about {code}",
            "request_id": "req-1",
            "docs_url": f"https://openapi-doc.trenz.ai/errors/{code}",
        }
    ).encode()


@pytest.mark.parametrize(("status", "code", "cls"), DOCUMENTED)
def test_every_documented_code_raises_its_class_with_fields(status, code, cls) -> None:
    with pytest.raises(cls) as caught:
        decode_response(status, {"Retry-After": "7"}, _error_body(code))
    error = caught.value
    assert type(error) is cls
    assert (error.status, error.code, error.request_id) == (status, code, "req-1")
    assert error.message == f"something about {code}"
    assert error.docs_url == f"https://openapi-doc.trenz.ai/errors/{code}"
    assert error.retry_after == 7.0


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, errors.BadRequestError),
        (401, errors.AuthenticationError),
        (404, errors.NotFoundError),
        (429, errors.RateLimitError),
        (507, errors.ServerError),
        (418, errors.APIError),
    ],
)
def test_unknown_code_falls_back_by_status(status, cls) -> None:
    with pytest.raises(errors.APIError) as caught:
        decode_response(status, {}, _error_body("SOMETHING_NEW"))
    assert type(caught.value) is cls
    assert caught.value.code == "SOMETHING_NEW"


@pytest.mark.parametrize(
    "body", [b"<html><body>502 Bad Gateway</body></html>", b'{"code": "BACK', b""]
)
def test_non_json_error_body_is_typed_by_status(body: bytes) -> None:
    with pytest.raises(errors.ServerError) as caught:
        decode_response(502, {}, body)
    assert caught.value.status == 502
    assert caught.value.code is None
    assert isinstance(caught.value.__cause__, errors.ResponseDecodeError)


@pytest.mark.parametrize("body", [b"<html>ok</html>", b'{"data": {"items": [', b"", b"[1, 2]"])
def test_garbled_success_body_is_a_decode_error(body: bytes) -> None:
    with pytest.raises(errors.ResponseDecodeError) as caught:
        decode_response(200, {}, body)
    assert caught.value.status == 200


def test_success_envelope_carries_usage_warnings_and_paging() -> None:
    body = {
        "data": {"items": [{"id": "1"}], "total_count": 31},
        "request_id": "r",
        "usage": {"coin_cost": 1, "remaining_balance": 99},
        "warnings": ["page beyond end"],
        "page": 2,
        "page_size": 10,
        "total": 31,
    }
    envelope = decode_response(200, {}, json.dumps(body).encode())
    assert envelope.data == {"items": [{"id": "1"}], "total_count": 31}
    assert envelope.usage == {"coin_cost": 1, "remaining_balance": 99}
    assert envelope.warnings == ("page beyond end",)
    assert (envelope.page, envelope.page_size, envelope.total) == (2, 10, 31)


def test_retry_after_in_seconds_and_as_http_date() -> None:
    now = time.time()
    assert parse_retry_after("3") == 3.0
    date = email.utils.formatdate(now + 30, usegmt=True)
    assert parse_retry_after(date, now=now) == pytest.approx(30, abs=1.5)
    assert parse_retry_after("garbage") is None
    assert parse_retry_after(None) is None
    assert parse_retry_after("inf") is None  # never a pause without end
    assert parse_retry_after("nan") is None
    assert parse_retry_after("-5") == 0.0


def test_encode_query_drops_none_and_spells_booleans_and_lists() -> None:
    query = encode_query({"a": None, "b": True, "c": False, "d": ["core", "channel"], "e": 3})
    assert query == {"b": "true", "c": "false", "d": "core,channel", "e": "3"}


def test_wire_module_imports_without_aiohttp() -> None:
    # Register the packages without running their __init__ (which wires up aiohttp), block
    # aiohttp, and import the wire module: it must need nothing but the standard library.
    code = (
        "import sys, types\n"
        "sys.modules['aiohttp'] = None\n"
        "for name, path in [('trenz_async', 'trenz_async'),"
        " ('trenz_async.transport', 'trenz_async/transport')]:\n"
        "    pkg = types.ModuleType(name); pkg.__path__ = [path]; sys.modules[name] = pkg\n"
        "import trenz_async.transport.wire as wire\n"
        "print(wire.decode_response.__name__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "decode_response"
