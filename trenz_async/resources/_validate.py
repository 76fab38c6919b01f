"""Client-side checks from the seed and catalogue, raised as ValidationError before sending.

Each function checks one argument and returns its wire form; the error names the field and
the rule. Tables of allowed values live here, once.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Final

from trenz_async.errors import ValidationError

__all__ = [
    "AD_TYPES",
    "COUNTRIES",
    "LEVEL1_CATEGORIES",
    "SELLER_TYPES",
    "check_bool",
    "check_choice",
    "check_country",
    "check_date",
    "check_id",
    "check_include",
    "check_keyword",
    "check_int_range",
    "check_level1_category",
    "check_min_max",
    "check_non_negative",
    "check_page",
    "check_page_size",
    "check_sort",
    "check_text",
]

COUNTRIES: Final = (
    "us", "th", "my", "vn", "mx", "de", "fr", "it", "es", "jp", "br", "gb", "ph", "sg", "id",
)  # fmt: skip
"""The 15 markets of the Data API (lowercase, as sent)."""

LEVEL1_CATEGORIES: Final[dict[str, str]] = {
    "601450": "Beauty & Personal Care",
    "601152": "Womenswear & Underwear",
    "700645": "Health",
    "603014": "Sports & Outdoor",
    "601739": "Phones & Electronics",
    "600942": "Home Appliances",
    "824328": "Menswear & Underwear",
    "605248": "Fashion Accessories",
    "700437": "Food & Beverages",
    "600001": "Household Products",
    "604453": "Furniture",
    "600024": "Kitchenware",
    "600154": "Home Textiles",
    "824584": "Luggage & Bags",
    "604206": "Toys & Hobbies",
    "601352": "Shoes",
    "604579": "Tools & Hardware",
    "604968": "Home Improvement",
    "602118": "Pet Supplies",
    "601755": "Computers & Office",
    "602284": "Baby & Maternity",
    "605196": "Automotive & Motorcycle",
    "951432": "Collectibles",
    "801928": "Books, Magazines & Audio/Video",
    "953224": "Jewelry & Accessories",
    "856720": "Pre-Owned Goods",
    "802184": "Kids' Fashion",
}
"""TikTok Level-1 product categories (seed table): id -> name."""

SELLER_TYPES: Final = {1: "Overseas Non-Brand", 2: "Local", 3: "Brand", 4: "Non-Brand"}
AD_TYPES: Final = {
    1: "TikTok Shop Ads",
    2: "Independent Site Ads",
    3: "App Ads",
    4: "Game Ads",
    5: "Brand Ads",
    6: "Lead Ads",
    7: "Engagement Ads",
}


def check_country(value: str) -> str:
    """A market code, lowercased; one of :data:`COUNTRIES`."""
    if not isinstance(value, str) or value.lower() not in COUNTRIES:
        raise ValidationError("country", f"must be one of {', '.join(COUNTRIES)}", value)
    return value.lower()


def check_id(field: str, value: str | int) -> str:
    """A non-empty record id, as a string (ints are accepted and converted).

    ``.`` and ``..`` are refused: in a URL path they name another endpoint.
    """
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValidationError(field, "must be a non-empty string id", value)
    text = str(value).strip()
    if not text:
        raise ValidationError(field, "must be a non-empty string id", value)
    if text in (".", ".."):
        raise ValidationError(field, "must not be '.' or '..' (it would name another path)", value)
    return text


def check_int_range(field: str, value: int, low: int, high: int | None = None) -> int:
    """An integer in ``low..high`` (``high=None`` for no upper bound); bools are refused."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(field, "must be an integer", value)
    if value < low or (high is not None and value > high):
        rule = f"must be between {low} and {high}" if high is not None else f"must be >= {low}"
        raise ValidationError(field, rule, value)
    return value


def check_page(value: int) -> int:
    """``page``: an integer >= 1."""
    return check_int_range("page", value, 1)


def check_page_size(value: int, maximum: int) -> int:
    """``page_size``: an integer in ``1..maximum`` (10 for search and lists, 20 for rankings)."""
    return check_int_range("page_size", value, 1, maximum)


def check_sort(value: str | None, allowed: Iterable[str]) -> str | None:
    """``sort``: ``field:asc`` or ``field:desc`` with ``field`` from ``allowed``."""
    if value is None:
        return None
    allowed = tuple(allowed)
    field, sep, direction = value.partition(":") if isinstance(value, str) else ("", "", "")
    if not sep or direction not in ("asc", "desc"):
        raise ValidationError("sort", "must look like 'field:asc' or 'field:desc'", value)
    if field not in allowed:
        raise ValidationError("sort", f"field must be one of {', '.join(allowed)}", value)
    return value


def check_include(value: Iterable[str] | str | None, allowed: Iterable[str]) -> str | None:
    """``include``: sections from ``allowed``, sent comma-separated."""
    if value is None:
        return None
    allowed = tuple(allowed)
    if isinstance(value, str):
        sections = [s.strip() for s in value.split(",")]
    elif isinstance(value, Iterable) and not isinstance(value, (bytes, dict)):
        sections = list(value)
    else:
        rule = (
            f"must be a list of sections (or a comma-separated string) among {', '.join(allowed)}"
        )
        raise ValidationError("include", rule, value)
    for section in sections:
        if not isinstance(section, str) or section not in allowed:
            raise ValidationError(
                "include", f"sections must be among {', '.join(allowed)}; got {section!r}", value
            )
    return ",".join(dict.fromkeys(sections)) or None


def check_level1_category(field: str, value: str | int | None) -> str | None:
    """A Level-1 product category id from the seed table."""
    if value is None:
        return None
    text = str(value) if not isinstance(value, bool) else ""
    if text not in LEVEL1_CATEGORIES:
        raise ValidationError(field, "must be a Level-1 category id (see LEVEL1_CATEGORIES)", value)
    return text


def check_choice(field: str, value: int | None, choices: dict[int, str]) -> int | None:
    """An integer code from ``choices`` (e.g. seller_type 1..4, ad_type 1..7)."""
    if value is None:
        return None
    if type(value) is not int or value not in choices:
        low, high = min(choices), max(choices)
        raise ValidationError(field, f"must be an integer {low}..{high}", value)
    return value


def check_bool(field: str, value: bool | None) -> bool | None:
    """A real boolean (sent as ``true``/``false``); strings like ``"yes"`` are refused."""
    if value is not None and not isinstance(value, bool):
        raise ValidationError(field, "must be True or False", value)
    return value


def check_text(field: str, value: str | None) -> str | None:
    """A non-empty string (surrounding spaces removed), or None."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(field, "must be a non-empty string", value)
    return value.strip()


def check_keyword(value: str | None) -> str | None:
    """``keyword``: search text; an empty or blank string means no keyword."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValidationError("keyword", "must be a string", value)
    return value.strip() or None


def check_non_negative(field: str, value: float | None) -> float | None:
    """A number >= 0, or None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValidationError(field, "must be a number >= 0", value)
    if not math.isfinite(value):
        raise ValidationError(field, "must be a finite number (not NaN or infinity)", value)
    if value < 0:
        raise ValidationError(field, "must be a number >= 0", value)
    return value


def check_min_max(
    name: str,
    low: float | None,
    high: float | None,
    *,
    ceiling: float | None = None,
    integer: bool = False,
) -> None:
    """``min_<name>``/``max_<name>``: each >= 0 (and <= ``ceiling``), and min <= max.

    ``integer=True`` is for counts (units sold, views, days): a float is refused.
    """
    if low is None and high is None:
        return
    for field, value in ((f"min_{name}", low), (f"max_{name}", high)):
        if value is None:
            continue
        if integer and type(value) is not int:
            raise ValidationError(field, "must be a whole number >= 0", value)
        check_non_negative(field, value)
        if ceiling is not None and value > ceiling:
            raise ValidationError(field, f"must be between 0 and {ceiling:g}", value)
    if low is not None and high is not None and low > high:
        raise ValidationError(f"min_{name}", f"must not exceed max_{name}", low)


def check_date(field: str, value: str | dt.date | None) -> str | None:
    """A calendar date sent as ``YYYYMMDD``; a ``date`` object is formatted for you."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.strftime("%Y%m%d")
    if not isinstance(value, str) or len(value) != 8 or not value.isdigit():
        raise ValidationError(field, "must be a date in YYYYMMDD form", value)
    try:
        dt.datetime.strptime(value, "%Y%m%d")
    except ValueError:
        raise ValidationError(field, "must be a real calendar date (YYYYMMDD)", value) from None
    return value
