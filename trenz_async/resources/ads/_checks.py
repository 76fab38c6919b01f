"""Argument rules of the Ads management API, checked before sending (ValidationError).

Each function checks one argument and returns its wire form; the error names the field and
the rule. Ids are strings of 1 to 30 digits (an ``int`` is accepted and converted); dates are
calendar days sent as ``YYYY-MM-DD`` (a ``datetime.date`` is formatted for you; a
``datetime.datetime`` is refused, since which day it falls on depends on a time zone).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence
from typing import Final

from trenz_async.errors import ValidationError
from trenz_async.resources._validate import check_page, check_page_size

__all__ = [
    "AD_IDS_MAX",
    "AD_STATUSES",
    "DIMENSIONS",
    "PAGE_SIZE_MAX",
    "RANGE_MAX_DAYS",
    "REMARK_MAX",
    "check_ad_ids",
    "check_day",
    "check_dimensions",
    "check_digits",
    "check_paging",
    "check_range",
    "check_remark",
    "check_status",
]

PAGE_SIZE_MAX: Final = 50
"""Largest ``page_size`` of every Ads list."""
REMARK_MAX: Final = 100
"""Longest account remark, in characters."""
RANGE_MAX_DAYS: Final = 90
"""Insights and reports: ``end_date - start_date`` is at most this many days."""
AD_IDS_MAX: Final = 100
"""Most ``ad_ids`` one insights call takes."""
AD_STATUSES: Final = ("ENABLE", "DISABLE")
DIMENSIONS: Final = ("date", "ad_id")
"""What an integrated report can be grouped by."""

_DIGITS = re.compile(r"[0-9]{1,30}")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ID_RULE = "must be an id: a string of 1 to 30 digits (or a non-negative int)"


def check_digits(field: str, value: str | int) -> str:
    """An id (``advertiser_id``, ``ad_id``, ``page_id``) as a string of digits."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValidationError(field, _ID_RULE, value)
    text = str(value).strip()
    if not _DIGITS.fullmatch(text):
        raise ValidationError(field, _ID_RULE, value)
    return text


def check_day(field: str, value: str | dt.date) -> str:
    """A calendar day, sent as ``YYYY-MM-DD``."""
    if isinstance(value, dt.datetime):
        rule = "must be a date (datetime.date or 'YYYY-MM-DD'), not a datetime"
        raise ValidationError(field, rule, value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        raise ValidationError(field, "must be a date in YYYY-MM-DD form", value)
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(field, "must be a real calendar date (YYYY-MM-DD)", value) from None
    return value


def check_range(
    start_date: str | dt.date | None,
    end_date: str | dt.date | None,
    *,
    required: bool,
) -> tuple[str | None, str | None]:
    """``start_date``/``end_date``: each a day, end not before start.

    ``required`` (insights, reports): both must be given and at most
    :data:`RANGE_MAX_DAYS` apart. Otherwise (leads) either may be omitted.
    """
    if required:
        for field, value in (("start_date", start_date), ("end_date", end_date)):
            if value is None:
                raise ValidationError(field, "is required")
    start = None if start_date is None else check_day("start_date", start_date)
    end = None if end_date is None else check_day("end_date", end_date)
    if start is not None and end is not None:
        days = (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days
        if days < 0:
            raise ValidationError("end_date", "must not be before start_date", end_date)
        if required and days > RANGE_MAX_DAYS:
            rule = f"must be at most {RANGE_MAX_DAYS} days after start_date (got {days})"
            raise ValidationError("end_date", rule, end_date)
    return start, end


def check_status(value: str | None) -> str | None:
    """An ad ``status`` filter: ``ENABLE`` or ``DISABLE`` (any case), or None for both."""
    if value is None:
        return None
    if not isinstance(value, str) or value.upper() not in AD_STATUSES:
        raise ValidationError("status", f"must be one of {', '.join(AD_STATUSES)}", value)
    return value.upper()


def check_remark(value: str) -> str:
    """An account remark: a string of at most :data:`REMARK_MAX` characters (``""`` clears)."""
    if not isinstance(value, str):
        raise ValidationError("remark", "must be a string ('' clears the remark)", value)
    if len(value) > REMARK_MAX:
        rule = f"must be at most {REMARK_MAX} characters (got {len(value)})"
        raise ValidationError("remark", rule, value)
    return value


def _as_list(field: str, value: object, what: str, *, sets: bool = False) -> list[object]:
    """A list or tuple (or, with ``sets``, a set) as a list; a lone string is refused."""
    kinds = (Sequence, set, frozenset) if sets else (Sequence,)
    if isinstance(value, (str, bytes)) or not isinstance(value, kinds):
        raise ValidationError(field, f"must be a list of {what}", value)
    return list(value)


def check_ad_ids(value: Collection[str | int] | None) -> list[str] | None:
    """``ad_ids``: 1 to :data:`AD_IDS_MAX` ad ids, or None for every ad of the account."""
    if value is None:
        return None
    ids = _as_list("ad_ids", value, "ad ids", sets=True)
    if not 1 <= len(ids) <= AD_IDS_MAX:
        rule = f"must hold 1 to {AD_IDS_MAX} ad ids (got {len(ids)})"
        raise ValidationError("ad_ids", rule, value)
    return [check_digits(f"ad_ids[{i}]", v) for i, v in enumerate(ids)]  # type: ignore[arg-type]


def check_dimensions(value: Sequence[str] | None) -> list[str] | None:
    """``dimensions``: distinct values from :data:`DIMENSIONS`; ``[]`` for one total row."""
    if value is None:
        return None
    names = _as_list("dimensions", value, f"names among {', '.join(DIMENSIONS)}")
    for name in names:
        if name not in DIMENSIONS:
            rule = f"values must be among {', '.join(DIMENSIONS)}; got {name!r}"
            raise ValidationError("dimensions", rule, value)
    if len(set(names)) != len(names):
        raise ValidationError("dimensions", "must not repeat a value", value)
    return names  # type: ignore[return-value]


def check_paging(page: int, page_size: int) -> tuple[int, int]:
    """``page`` >= 1 and ``page_size`` 1..:data:`PAGE_SIZE_MAX`."""
    return check_page(page), check_page_size(page_size, PAGE_SIZE_MAX)
