"""Research API route (seed 001): query commercial content. Scope ``research.adlib.basic``.

======  =============================================  ==========================================
method  path                                           request -> answer
======  =============================================  ==========================================
POST    /v2/research/adlib/commercial_content/query/   see below
======  =============================================  ==========================================

Request: ``Authorization: Bearer <client token>``; query ``fields`` (str, required): comma
separated, among ``id, create_date, create_timestamp, label, brand_names, creator, videos``.
JSON body (unknown keys refused):

* ``filters`` (object, required): ``content_published_date_range`` (object, required) with
  ``min`` and ``max`` (required; ``"YYYYMMDD"`` strings, ints like ``20230102`` accepted);
  ``creator_country_code`` (str, optional, default ``"ALL"``: an EEA country code, upper case;
  ``GB``/``CH`` are not included); ``creator_usernames`` (list of str, optional; empty = all).
* ``max_count`` (int, optional, 1..50, default 10).
* ``search_id`` (str, optional; ``""``/null = none): resume the search that returned it.

Answer 200: ``{"data": {"commercial_contents": [...], "has_more": bool, "search_id": str},
"error": {"code": "ok", "message": "", "log_id": str, "http_status_code": 200}}``. Each content
holds only the requested fields: ``id`` (str, ``"v09044g40000..."``), ``create_date``
(``"YYYYMMDD"``), ``create_timestamp`` (int, unix s), ``label`` (``"Paid partnership"`` |
``"Promotional content"``), ``brand_names`` (list of str), ``creator`` ({``username``}),
``videos`` (list of {``id`` int, ``status`` ``"active"``|``"inactive"``, ``url``,
``cover_image_url``}). ``search_id`` is always sent; it resumes after this page.

Errors (``data`` is ``{}``, ``error.http_status_code`` repeats the status): 400
``invalid_params`` (any bad field: message names it; a window over 30 days; ``min`` not after
20221001; ``max`` before ``min``; a bad or foreign ``search_id``), 401 ``access_token_invalid``,
403 ``scope_not_authorized``, 429 ``rate_limit_exceeded`` (600/min), 429
``daily_quota_limit_exceeded``, 500 ``internal_error`` (see :mod:`.research` for quotas, cursors
and faults). ``min`` must be "after October 1st, 2022": 20221001 itself is refused. Decisions
where the seed is silent: the window is ``max - min <= 30`` days (31 calendar days at most);
contents published after the simulator clock's now are not visible yet.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from trenz_async.testing.tiktok.clients import RESEARCH_SCOPE
from trenz_async.testing.tiktok.envelope import TikTokError
from trenz_async.testing.tiktok.research import Research, ResearchQuery
from trenz_async.testing.tiktok.research_data import COUNTRY_RANGE
from trenz_async.testing.tiktok.routing import Call, TikTokRoute

QUERY_PATH = "/v2/research/adlib/commercial_content/query/"
FIELDS = ("id", "create_date", "create_timestamp", "label", "brand_names", "creator", "videos")
BODY_KEYS = frozenset({"filters", "max_count", "search_id"})
FILTER_KEYS = frozenset(
    {"content_published_date_range", "creator_country_code", "creator_usernames"}
)
EARLIEST = date(2022, 10, 2)
MAX_WINDOW_DAYS = 30
MAX_COUNT = 50
DEFAULT_MAX_COUNT = 10


def invalid(message: str) -> TikTokError:
    """A 400 ``invalid_params`` error."""
    return TikTokError("invalid_params", message)


class ResearchApi:
    """Handlers of the commercial content query."""

    def __init__(self, research: Research) -> None:
        self.research = research

    def check(self, call: Call) -> ResearchQuery:
        """Check the daily quota (429), then every parameter (400); nothing is counted yet."""
        assert call.client is not None  # a scoped route
        self.research.check_quota(call.client, call.now)
        body = call.body
        _no_unknown(body, BODY_KEYS, "the request body")
        filters = body.get("filters")
        if not isinstance(filters, dict):
            raise invalid("filters is required and must be an object")
        _no_unknown(filters, FILTER_KEYS, "filters")
        first, last = _window(filters.get("content_published_date_range"))
        return ResearchQuery(
            client=call.client,
            now=call.now,
            first=first,
            last=last,
            country=_country(filters.get("creator_country_code")),
            usernames=_usernames(filters.get("creator_usernames")),
            fields=_fields(call.query.get("fields")),
            max_count=_max_count(body.get("max_count")),
            search_id=_search_id(body.get("search_id")),
        )

    def query(self, q: ResearchQuery) -> dict[str, Any]:
        """Answer one page (counts the request and its records)."""
        return self.research.query(q)


def research_routes(api: ResearchApi) -> list[TikTokRoute]:
    """Return the Research API's routes."""
    return [
        TikTokRoute("POST", QUERY_PATH, RESEARCH_SCOPE, api.check, api.query, status_in_body=True)
    ]


def _no_unknown(value: dict[str, Any], known: frozenset[str], where: str) -> None:
    unknown = sorted(set(value) - known)
    if unknown:
        raise invalid(f"unknown field {unknown[0]!r} in {where}; known: {', '.join(sorted(known))}")


def _window(value: Any) -> tuple[date, date]:
    name = "filters.content_published_date_range"
    if not isinstance(value, dict):
        raise invalid(f"{name} is required and must be an object with min and max")
    _no_unknown(value, frozenset({"min", "max"}), name)
    first, last = _date(value.get("min"), f"{name}.min"), _date(value.get("max"), f"{name}.max")
    if first < EARLIEST:
        raise invalid(f"{name}.min must be after 20221001")
    if last < first:
        raise invalid(f"{name}.max must not be before min")
    if (last - first).days > MAX_WINDOW_DAYS:
        raise invalid(f"{name} must span at most {MAX_WINDOW_DAYS} days (max - min)")
    return first, last


def _date(value: Any, name: str) -> date:
    if value is None:
        raise invalid(f"{name} is required")
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or len(value) != 8 or not value.isdigit():
        raise invalid(f"{name} must be a date in the format YYYYMMDD")
    try:
        return datetime.strptime(value, "%Y%m%d").date()
    except ValueError:
        raise invalid(f"{name} must be a date in the format YYYYMMDD") from None


def _country(value: Any) -> str | None:
    if value is None or value == "ALL":
        return None
    if isinstance(value, str) and value in COUNTRY_RANGE:
        return value
    hint = " (the United Kingdom and Switzerland are not included)" if value in ("GB", "CH") else ""
    raise invalid(
        f"filters.creator_country_code {value!r} is not supported{hint}: use ALL or an EEA "
        "country code"
    )


def _usernames(value: Any) -> frozenset[str]:
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise invalid("filters.creator_usernames must be a list of non-empty strings")
    return frozenset(value)


def _fields(value: str | None) -> tuple[str, ...]:
    if not value:
        raise invalid(f"fields is required (query parameter): some of {','.join(FIELDS)}")
    asked = [name.strip() for name in value.split(",")]
    for name in asked:
        if name not in FIELDS:
            raise invalid(f"fields: unknown field {name!r}; known: {','.join(FIELDS)}")
    return tuple(name for name in FIELDS if name in asked)


def _max_count(value: Any) -> int:
    if value is None:
        return DEFAULT_MAX_COUNT
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_COUNT:
        raise invalid(f"max_count must be an integer from 1 to {MAX_COUNT}")
    return value


def _search_id(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise invalid("search_id must be a string")
    return value
