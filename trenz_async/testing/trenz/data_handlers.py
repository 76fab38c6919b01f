"""Thin handlers of the Data API: validate the query, then read the dataset.

Each operation is a pair: ``*_check`` (runs before billing, raises the documented 400s) and
``*_run`` (runs after billing, builds the :class:`Reply`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from trenz_async.testing.trenz import query as q
from trenz_async.testing.trenz import rankings
from trenz_async.testing.trenz.dataset import Dataset, SearchQuery
from trenz_async.testing.trenz.entities import SPECS
from trenz_async.testing.trenz.envelope import SimError
from trenz_async.testing.trenz.related import RELATED
from trenz_async.testing.trenz.routing import Call, Reply
from trenz_async.testing.trenz.sections import detail_item, section
from trenz_async.testing.trenz.words import CREATOR_CATEGORIES

SEARCH_MAX = 10
RANKING_MAX = 20


@attrs.frozen
class Listing:
    """A validated list request: market, paging and what to list."""

    country: str
    page: int
    page_size: int
    what: Any


def paged(rows: Sequence[dict[str, Any]], listing: Listing) -> Reply:
    """Return the page of ``rows`` asked for, with a warning when it is past the end."""
    start = (listing.page - 1) * listing.page_size
    items = rows[start : start + listing.page_size]
    warnings: tuple[str, ...] = ()
    if not items and start > 0:
        last = max(1, -(-len(rows) // listing.page_size))
        warnings = (f"page {listing.page} is beyond the last page ({last}); no items returned",)
    return Reply(
        {"items": items, "total_count": len(rows)},
        page=listing.page,
        page_size=listing.page_size,
        warnings=warnings,
    )


class DataApi:
    """Search, detail, related and ranking operations over one :class:`Dataset`."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset

    def search_check(self, entity: str, call: Call) -> Listing:
        """Validate a search of ``entity``; returns the listing to run."""
        spec, query = SPECS[entity], call.query
        country = q.country(query)
        page, size = q.page(query, SEARCH_MAX)
        sort, descending = q.sort(query, spec.sorts, spec.default_sort)
        exact = tuple(
            (param, value)
            for param, rule in spec.exact.items()
            if (value := q.exact(query, param, rule.kind)) is not None
        )
        ranges = tuple(
            (name, low, high)
            for name in spec.ranges
            for low, high in [(q.number(query, f"min_{name}"), q.number(query, f"max_{name}"))]
            if low is not None or high is not None
        )
        bools = tuple(
            (name, value) for name in spec.bools if (value := q.boolean(query, name)) is not None
        )
        keyword = query.get("keyword", "").strip() or None
        what = SearchQuery(entity, keyword, exact, ranges, bools, sort, descending)
        return Listing(country, page, size, what)

    def search_run(self, listing: Listing) -> Reply:
        """Run a validated search; an unknown creator/streamer niche is a 502 (upstream quirk)."""
        for param, value in listing.what.exact:
            niche = SPECS[listing.what.entity].exact[param].kind == "niche"
            if niche and value not in CREATOR_CATEGORIES:
                raise SimError("BACKEND_ERROR", f"Upstream rejected {param}={value}")
        return paged(self.dataset.market(listing.country).search(listing.what), listing)

    def detail_check(self, entity: str, call: Call) -> tuple[str, str, tuple[str, ...]]:
        """Validate a detail request: ``(country, id, include sections)``."""
        country = q.country(call.query)
        return country, call.params["id"], q.include(call.query, SPECS[entity].includes)

    def detail_run(self, entity: str, checked: tuple[str, str, tuple[str, ...]]) -> Reply:
        """Return the record and its sections, or an empty list for an unknown id."""
        country, record_id, sections = checked
        market = self.dataset.market(country)
        record = market.get(entity, record_id)
        if record is None:
            return Reply({"items": [], "total_count": 0})
        data: dict[str, Any] = {"items": [detail_item(entity, record)], "total_count": 1}
        for name in sections:
            data[name] = section(market, entity, name, record)
        return Reply(data)

    def related_check(self, call: Call) -> Listing:
        """Validate a related-list request (country, paging)."""
        country = q.country(call.query)
        page, size = q.page(call.query, SEARCH_MAX)
        return Listing(country, page, size, call.params["id"])

    def related_run(self, entity: str, relation: str, listing: Listing) -> Reply:
        """List the records related to the parent; an unknown parent gives an empty list."""
        market = self.dataset.market(listing.country)
        parent = market.get(entity, listing.what)
        if parent is None:
            return paged([], listing)
        finder, formatter = RELATED[(entity, relation)]
        rows = finder(market, parent)
        reply = paged(rows, listing)
        fmt = formatter(parent)
        reply.data["items"] = [fmt(row) for row in reply.data["items"]]
        return reply

    def ranking_check(self, kind: str, call: Call) -> Listing:
        """Validate a product ranking request of ``kind``."""
        country = q.country(call.query)
        page, size = q.page(call.query, RANKING_MAX)
        return Listing(country, page, size, rankings.parse(kind, call.query))

    def ranking_run(self, listing: Listing) -> Reply:
        """Return one page of the ranking."""
        return paged(rankings.rank(self.dataset.market(listing.country), listing.what), listing)
