"""Query-string parsing and validation with the documented error codes.

Every parser raises :class:`SimError` with a message naming the field and the rule, e.g.
``"page_size must be between 1 and 10"``. Unknown parameters are ignored, as upstream does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime

from trenz_async.testing.trenz.envelope import SimError
from trenz_async.testing.trenz.words import CATEGORIES, COUNTRIES, CREATOR_CATEGORIES

Query = Mapping[str, str]
_SORT_RE = re.compile(r"^([a-z0-9_]+):(asc|desc)$")
_INT_RE = re.compile(r"^[0-9]+$")
_NUMBER_RE = re.compile(r"^[0-9]+(\.[0-9]+)?$")


def invalid(message: str) -> SimError:
    """Return a 400 INVALID_PARAM error with ``message``."""
    return SimError("INVALID_PARAM", message)


def country(query: Query) -> str:
    """Return the required lowercase ``country`` (one of the 15 markets)."""
    value = query.get("country")
    if value is None or value == "":
        raise SimError("MISSING_PARAM", "country is required")
    if value not in COUNTRIES:
        raise invalid(f"country must be one of: {', '.join(COUNTRIES)}")
    return value


def page(query: Query, max_size: int, default_size: int = 10) -> tuple[int, int]:
    """Return ``(page, page_size)``; ``page_size`` above ``max_size`` is PAGE_SIZE_EXCEEDED."""
    page_text = query.get("page", "1")
    if not _INT_RE.match(page_text) or int(page_text) < 1:
        raise invalid("page must be an integer >= 1")
    size_text = query.get("page_size", str(default_size))
    if not _INT_RE.match(size_text) or int(size_text) < 1:
        raise invalid(f"page_size must be an integer between 1 and {max_size}")
    if int(size_text) > max_size:
        raise SimError("PAGE_SIZE_EXCEEDED", f"page_size must be between 1 and {max_size}")
    return int(page_text), int(size_text)


def sort(query: Query, allowed: Mapping[str, object], default: str) -> tuple[str, bool]:
    """Return ``(field, descending)`` from ``sort=field:asc|desc``."""
    text = query.get("sort") or default
    match = _SORT_RE.match(text)
    if match is None:
        raise invalid("sort must be 'field:asc' or 'field:desc'")
    name, direction = match.groups()
    if name not in allowed:
        raise SimError(
            "INVALID_SORT_FIELD", f"sort field must be one of: {', '.join(sorted(allowed))}"
        )
    return name, direction == "desc"


def include(query: Query, allowed: frozenset[str]) -> tuple[str, ...]:
    """Return the requested ``include`` sections (comma list), in the order given."""
    text = query.get("include", "")
    sections = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    for section in sections:
        if section not in allowed:
            raise SimError(
                "INVALID_INCLUDE", f"include must be among: {', '.join(sorted(allowed))}"
            )
    return sections


def boolean(query: Query, name: str) -> bool | None:
    """Return the boolean ``name`` ("true"/"false") or None when absent."""
    value = query.get(name)
    if value is None:
        return None
    if value not in ("true", "false"):
        raise invalid(f"{name} must be 'true' or 'false'")
    return value == "true"


def number(query: Query, name: str) -> float | None:
    """Return the number ``name`` (>= 0) or None when absent."""
    value = query.get(name)
    if value is None:
        return None
    if not _NUMBER_RE.match(value):
        raise invalid(f"{name} must be a number >= 0")
    return float(value)


_NICHE_BY_LABEL = {label.casefold(): niche for niche, label in CREATOR_CATEGORIES.items()}


def exact(query: Query, name: str, kind: str) -> str | int | None:
    """Return an equality filter value validated by ``kind`` ("l1", "niche", "int:...")."""
    value = query.get(name)
    if value is None or value == "":
        return None
    if kind == "l1":
        if value not in CATEGORIES:
            raise invalid(f"{name} must be a Level-1 category id such as 601450")
        return value
    if kind == "niche":  # the seed: an id, but "use the category_label values": take both
        return _NICHE_BY_LABEL.get(value.casefold(), value)
    allowed = _int_choices(kind.removeprefix("int:"))
    if not _INT_RE.match(value) or int(value) not in allowed:
        raise invalid(f"{name} must be one of: {', '.join(map(str, allowed))}")
    return int(value)


def _int_choices(spec: str) -> tuple[int, ...]:
    if "-" in spec:
        low, high = spec.split("-")
        return tuple(range(int(low), int(high) + 1))
    return tuple(int(part) for part in spec.split(","))


def date(query: Query, name: str, *, required: bool) -> str | None:
    """Return a ``YYYYMMDD`` date that exists on the calendar, or None when absent."""
    value = query.get(name)
    if value is None or value == "":
        if required:
            raise SimError("MISSING_PARAM", f"{name} is required")
        return None
    try:
        if len(value) != 8:
            raise ValueError(value)
        datetime.strptime(value, "%Y%m%d")
    except ValueError:
        raise invalid(f"{name} must be a date in YYYYMMDD format") from None
    return value


def choice(query: Query, name: str, allowed: tuple[str, ...], *, required: bool) -> str | None:
    """Return ``name`` if it is one of ``allowed``."""
    value = query.get(name)
    if value is None or value == "":
        if required:
            raise SimError("MISSING_PARAM", f"{name} is required")
        return None
    if value not in allowed:
        raise invalid(f"{name} must be one of: {', '.join(allowed)}")
    return value
