"""JSON-body field checks with the documented 400s (shared by Content, Ads and General routes).

Rules, the same for every POST route:

* a required field absent, ``null`` or ``""`` -> 400 ``MISSING_PARAM`` "<field> is required";
* a wrong type, enum, range or format -> 400 ``INVALID_PARAM`` "<field> must be ...";
* ``page_size`` above the route's maximum -> 400 ``PAGE_SIZE_EXCEEDED``;
* unknown fields are ignored, as upstream does.

``bool`` is never accepted where a number is expected (JSON ``true`` is not ``1``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from trenz_async.testing.trenz.envelope import SimError
from trenz_async.testing.trenz.routing import Call, Reply

Body = dict[str, Any]
_DIGITS = re.compile(r"^[0-9]{1,30}$")


def invalid(message: str) -> SimError:
    """Return a 400 INVALID_PARAM error with ``message``."""
    return SimError("INVALID_PARAM", message)


def missing(name: str) -> SimError:
    """Return a 400 MISSING_PARAM error naming ``name``."""
    return SimError("MISSING_PARAM", f"{name} is required")


def body_of(call: Call) -> Body:
    """Return the JSON body, which must be an object (else 400 BAD_REQUEST)."""
    if not isinstance(call.body, dict):
        raise SimError("BAD_REQUEST", "request body must be a JSON object")
    return call.body


def present(body: Body, name: str) -> bool:
    """Return whether ``name`` is given (not absent, ``null`` or ``""``)."""
    return body.get(name) not in (None, "")


def text(body: Body, name: str, *, required: bool, max_len: int = 2000) -> str | None:
    """Return a non-blank string of at most ``max_len`` characters, or None when absent."""
    if not present(body, name):
        if required:
            raise missing(name)
        return None
    value = body[name]
    if not isinstance(value, str) or not value.strip():
        raise invalid(f"{name} must be a non-empty string")
    if len(value) > max_len:
        raise invalid(f"{name} must be at most {max_len} characters")
    return value


def req_text(body: Body, name: str, max_len: int = 2000) -> str:
    """Return the required non-blank string ``name``."""
    value = text(body, name, required=True, max_len=max_len)
    assert value is not None
    return value


def url(body: Body, name: str, *, required: bool) -> str | None:
    """Return an ``http``/``https`` URL with a host, or None when absent."""
    if not present(body, name):
        if required:
            raise missing(name)
        return None
    return _url_value(name, body[name])


def req_url(body: Body, name: str) -> str:
    """Return the required URL ``name``."""
    value = url(body, name, required=True)
    assert value is not None
    return value


def _url_value(name: str, value: Any) -> str:
    if not isinstance(value, str) or len(value) > 4096:
        raise invalid(f"{name} must be an http or https URL")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
        raise invalid(f"{name} must be an http or https URL")
    return value


def url_list(body: Body, name: str, *, max_items: int) -> tuple[str, ...]:
    """Return an optional list of 1..``max_items`` URLs (absent -> empty tuple)."""
    if body.get(name) is None:
        return ()
    value = body[name]
    if not isinstance(value, list) or not 1 <= len(value) <= max_items:
        raise invalid(f"{name} must be a list of 1 to {max_items} URLs")
    return tuple(_url_value(f"{name}[{i}]", item) for i, item in enumerate(value))


def choice(body: Body, name: str, allowed: Sequence[str], default: str | None = None) -> str:
    """Return ``name`` if it is one of ``allowed``; absent gives ``default`` (None: required)."""
    if not present(body, name):
        if default is None:
            raise missing(name)
        return default
    value = body[name]
    if value not in allowed:
        raise invalid(f"{name} must be one of: {', '.join(allowed)}")
    return str(value)


def integer(body: Body, name: str, low: int, high: int, default: int | None = None) -> int:
    """Return an integer in ``[low, high]``; absent gives ``default`` (None: required)."""
    value = body.get(name)
    if value is None:
        if default is None:
            raise missing(name)
        return default
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise invalid(f"{name} must be an integer between {low} and {high}")
    return value


def int_choice(body: Body, name: str, allowed: Sequence[int], default: int, what: str) -> int:
    """Return an integer among ``allowed`` (``what`` ends the message, e.g. "for veo3")."""
    value = body.get(name)
    if value is None:
        return default
    if isinstance(value, bool) or value not in allowed:
        listed = ", ".join(str(v) for v in allowed)
        raise invalid(f"{name} must be one of: {listed} {what}".rstrip())
    return int(value)


def digits(body: Body, name: str, *, required: bool = True) -> str | None:
    """Return an id given as a string of digits (ids stay strings), or None when absent."""
    if not present(body, name):
        if required:
            raise missing(name)
        return None
    value = body[name]
    if not isinstance(value, str) or not _DIGITS.match(value):
        raise invalid(f"{name} must be a string of digits")
    return value


def req_digits(body: Body, name: str) -> str:
    """Return the required digit-string id ``name``."""
    value = digits(body, name, required=True)
    assert value is not None
    return value


def page(body: Body, max_size: int = 50, default_size: int = 10) -> tuple[int, int]:
    """Return ``(page, page_size)``; ``page_size`` above ``max_size`` is PAGE_SIZE_EXCEEDED."""
    number = body.get("page", 1)
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise invalid("page must be an integer >= 1")
    size = body.get("page_size", default_size)
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise invalid(f"page_size must be an integer between 1 and {max_size}")
    if size > max_size:
        raise SimError("PAGE_SIZE_EXCEEDED", f"page_size must be between 1 and {max_size}")
    return number, size


def day(body: Body, name: str, *, required: bool) -> date | None:
    """Return a ``YYYY-MM-DD`` calendar date, or None when absent."""
    if not present(body, name):
        if required:
            raise missing(name)
        return None
    value = body[name]
    try:
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError(value)
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise invalid(f"{name} must be a date in YYYY-MM-DD format") from None


def exactly_one(body: Body, first: str, second: str) -> str:
    """Return which of two alternative fields is given; both or neither is an error."""
    has_first, has_second = present(body, first), present(body, second)
    if has_first and has_second:
        raise invalid(f"send exactly one of {first} or {second}, not both")
    if not has_first and not has_second:
        raise SimError("MISSING_PARAM", f"{first} or {second} is required")
    return first if has_first else second


def page_reply(rows: Sequence[dict[str, Any]], page_no: int, size: int, **extra: Any) -> Reply:
    """Answer one page of ``rows`` as ``data.items`` + ``data.total_count`` (+ ``extra`` keys).

    A page past the end is empty and carries a warning, as Data lists do.
    """
    start = (page_no - 1) * size
    items = list(rows[start : start + size])
    warnings: tuple[str, ...] = ()
    if not items and start > 0:
        last = max(1, -(-len(rows) // size))
        warnings = (f"page {page_no} is beyond the last page ({last}); no items returned",)
    data = {"items": items, "total_count": len(rows), **extra}
    return Reply(data, page=page_no, page_size=size, warnings=warnings)
