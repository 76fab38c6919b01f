"""Checks of a commercial-content query (seed 001, tiktok_notes "Limits"), before sending.

Every function checks one argument and returns its wire form, or raises
:class:`~trenz_async.errors.ValidationError` naming the field and the rule. The tables of
allowed values live here, once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

import attrs

from trenz_async.errors import ValidationError
from trenz_async.models.tiktok_research import CommercialContentFilters, PublishedDateRange
from trenz_async.resources._validate import check_int_range

__all__ = [
    "COMMERCIAL_CONTENT_FIELDS",
    "DEFAULT_MAX_COUNT",
    "EARLIEST_DAY",
    "EEA_COUNTRIES",
    "MAX_COUNT",
    "MAX_WINDOW_DAYS",
    "QueryFilters",
    "check_fields",
    "check_filters",
    "check_max_count",
    "check_window_days",
    "day_text",
]

EARLIEST_DAY: Final = dt.date(2022, 10, 2)
"""The first day ``content_published_date_range.min`` may be (the seed: it "needs to be after
October 1st, 2022", so October 1st itself is refused)."""
EEA_COUNTRIES: Final = (
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
    "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK",
)  # fmt: skip
"""``creator_country_code`` values besides ``ALL``: the European Economic Area (EU 27 plus
Iceland, Liechtenstein, Norway), upper case."""
_EXCLUDED: Final = {"GB": "the United Kingdom", "UK": "the United Kingdom", "CH": "Switzerland"}
COMMERCIAL_CONTENT_FIELDS: Final = (
    "id", "create_date", "create_timestamp", "label", "brand_names", "creator", "videos",
)  # fmt: skip
"""The fields a query may request (sent comma-joined in the ``fields`` query parameter)."""
MAX_COUNT: Final = 50
DEFAULT_MAX_COUNT: Final = 10
MAX_WINDOW_DAYS: Final = 30
"""Longest window in calendar days, both ends counted: "a date window of at most 30 days"
holds whether the service counts ``max - min`` or the days themselves."""
_RANGE = "filters.content_published_date_range"
_FILTER_KEYS: Final = ("content_published_date_range", "creator_country_code", "creator_usernames")


@attrs.frozen(slots=True)
class QueryFilters:
    """Checked filters: the whole range (``first``..``last``, inclusive), a country code or
    ``None`` (the service's default, ALL), and usernames (empty: everyone)."""

    first: dt.date
    last: dt.date
    country: str | None
    usernames: tuple[str, ...]

    def wire(self, first: dt.date, last: dt.date) -> dict[str, object]:
        """The body's ``filters`` for the window ``first``..``last``."""
        body: dict[str, object] = {
            "content_published_date_range": {"min": day_text(first), "max": day_text(last)}
        }
        if self.country is not None:
            body["creator_country_code"] = self.country
        if self.usernames:
            body["creator_usernames"] = list(self.usernames)
        return body

    @property
    def key(self) -> str:
        """What identifies this search (a checkpoint of other filters is refused)."""
        names = ",".join(sorted(self.usernames))
        text = f"{day_text(self.first)}|{day_text(self.last)}|{self.country or 'ALL'}|{names}"
        return hashlib.sha256(text.encode()).hexdigest()[:24]


def day_text(day: dt.date) -> str:
    """``day`` as ``YYYYMMDD``."""
    return day.strftime("%Y%m%d")


def check_filters(value: object) -> QueryFilters:
    """``filters``: a :class:`CommercialContentFilters` or a dict of the seed's shape."""
    fields = _filter_fields(value)
    first, last = _date_range(fields.get("content_published_date_range"))
    return QueryFilters(
        first=first,
        last=last,
        country=_country(fields.get("creator_country_code")),
        usernames=_usernames(fields.get("creator_usernames")),
    )


def _filter_fields(value: object) -> Mapping[str, object]:
    if isinstance(value, CommercialContentFilters):
        return {name: getattr(value, name) for name in _FILTER_KEYS}
    if not isinstance(value, Mapping):
        rule = "must be a CommercialContentFilters or a dict with content_published_date_range"
        raise ValidationError("filters", rule, value)
    for key in value:
        if key not in _FILTER_KEYS:
            rule = f"is not a filter (expected {', '.join(_FILTER_KEYS)})"
            raise ValidationError(f"filters.{key}", rule, value[key])
    return value


def _date_range(value: object) -> tuple[dt.date, dt.date]:
    low: object
    high: object
    if isinstance(value, PublishedDateRange):
        low, high = value.min, value.max
    elif isinstance(value, Mapping):
        for key in value:
            if key not in ("min", "max"):
                raise ValidationError(f"{_RANGE}.{key}", "is not min or max", value[key])
        low, high = value.get("min"), value.get("max")
    else:
        rule = "is required: a PublishedDateRange or a dict with min and max (YYYYMMDD)"
        raise ValidationError(_RANGE, rule, value)
    first, last = _day(f"{_RANGE}.min", low), _day(f"{_RANGE}.max", high)
    if first < EARLIEST_DAY:
        rule = "must be after 20221001 (the seed's first day: the API has nothing earlier)"
        raise ValidationError(f"{_RANGE}.min", rule, low)
    if last < first:
        rule = f"must not be before min ({day_text(first)})"
        raise ValidationError(f"{_RANGE}.max", rule, high)
    return first, last


def _day(field: str, value: object) -> dt.date:
    """A day from ``"YYYYMMDD"``, an int like ``20230102``, or a ``date``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if value is None:
        raise ValidationError(field, "is required (YYYYMMDD)", value)
    if not isinstance(value, str) or len(value) != 8 or not value.isdigit():
        raise ValidationError(field, "must be a date: 'YYYYMMDD', an int or a date", value)
    try:
        return dt.datetime.strptime(value, "%Y%m%d").date()
    except ValueError:
        raise ValidationError(field, "must be a real calendar date (YYYYMMDD)", value) from None


def _country(value: object) -> str | None:
    field = "filters.creator_country_code"
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError(field, "must be 'ALL' or an EEA country code", value)
    code = value.strip().upper()
    if code == "ALL" or code in EEA_COUNTRIES:
        return code
    if code in _EXCLUDED:
        rule = (
            f"{code} is not supported: {_EXCLUDED[code]} is not included in this API (only "
            "'ALL' and the EEA countries are)"
        )
        raise ValidationError(field, rule, value)
    rule = f"must be 'ALL' or an EEA country code: {', '.join(EEA_COUNTRIES)}"
    raise ValidationError(field, rule, value)


def _usernames(value: object) -> tuple[str, ...]:
    field = "filters.creator_usernames"
    if value is None:
        return ()
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, (Sequence, Iterable)):
        raise ValidationError(field, "must be a list of usernames", value)
    names = list(value)
    for index, name in enumerate(names):
        if not isinstance(name, str) or not name.strip():
            raise ValidationError(f"{field}[{index}]", "must be a non-empty string", name)
    return tuple(dict.fromkeys(name.strip() for name in names))


def check_fields(value: object) -> str:
    """``fields``: a list (or comma-separated string) from :data:`COMMERCIAL_CONTENT_FIELDS`.

    Returns the comma-joined wire form, with ``id`` added first when missing (the client
    de-duplicates records by id).
    """
    if isinstance(value, str):
        names = [name.strip() for name in value.split(",")]
    elif isinstance(value, Iterable) and not isinstance(value, (bytes, Mapping)):
        names = list(value)
    else:
        rule = (
            f"must be a list (or comma-separated string) of {', '.join(COMMERCIAL_CONTENT_FIELDS)}"
        )
        raise ValidationError("fields", rule, value)
    if not names or names == [""]:
        rule = f"must name at least one of {', '.join(COMMERCIAL_CONTENT_FIELDS)}"
        raise ValidationError("fields", rule, value)
    names = ["videos" if name == "video" else name for name in names]  # the table's name
    for name in names:
        if not isinstance(name, str) or name not in COMMERCIAL_CONTENT_FIELDS:
            rule = f"{name!r} is not a field; known: {', '.join(COMMERCIAL_CONTENT_FIELDS)}"
            raise ValidationError("fields", rule, value)
    ordered = dict.fromkeys(["id", *names])
    return ",".join(ordered)


def check_max_count(value: object) -> int:
    """``max_count``: records per request, 1..50."""
    return check_int_range("max_count", value, 1, MAX_COUNT)  # type: ignore[arg-type]


def check_window_days(value: object) -> int:
    """``window_days``: calendar days per query window, both ends counted, 1..30."""
    return check_int_range("window_days", value, 1, MAX_WINDOW_DAYS)  # type: ignore[arg-type]
