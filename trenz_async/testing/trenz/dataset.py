"""The seeded dataset: records per market and entity, generated lazily and cached.

Each entity of each market comes from ``random.Random(f"{seed}:{country}:{entity}")``, so a seed
always yields the same records whatever order they are first asked for in. Generation reads only
other entities' generated fields; then the counts that describe a related list (a seller's
product and creator counts, a live's product count) are filled from that list
(:mod:`~trenz_async.testing.trenz.counts`). Search results are computed from lists pre-sorted
once per sort field, and recent filtered results are cached, so paging through a search costs a
slice.
"""

from __future__ import annotations

import random
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

import attrs

from trenz_async.testing.trenz.counts import fill_record_counts
from trenz_async.testing.trenz.entities import SPECS, EntitySpec
from trenz_async.testing.trenz.gen_ads import make_ads, make_creatives
from trenz_async.testing.trenz.gen_commerce import make_products, make_sellers
from trenz_async.testing.trenz.gen_media import make_creators, make_lives, make_videos
from trenz_async.testing.trenz.words import BIG_MARKETS

Record = dict[str, Any]
SIZES = {"sellers": 150, "creators": 300, "videos": 600, "lives": 200, "ads": 300, "creatives": 300}
_CACHE_SIZE = 256
T = TypeVar("T")


@attrs.frozen
class SearchQuery:
    """A validated, hashable search: filters as ``(param, value)`` pairs plus the sort."""

    entity: str
    keyword: str | None = None
    exact: tuple[tuple[str, str | int], ...] = ()
    ranges: tuple[tuple[str, float | None, float | None], ...] = ()
    bools: tuple[tuple[str, bool], ...] = ()
    sort: str = ""
    descending: bool = True


class Market:
    """All records of one country, each entity generated on first use."""

    def __init__(self, seed: int, country: str) -> None:
        self.seed = seed
        self.country = country
        self.live_products: dict[str, list[str]] = {}
        self._generated: dict[str, list[Record]] = {}
        self._records: dict[str, list[Record]] = {}
        self._counting: set[str] = set()
        self._memo: dict[str, Any] = {}
        self._by_id: dict[str, dict[str, Record]] = {}
        self._sorted: dict[tuple[str, str, bool], list[Record]] = {}
        self._results: OrderedDict[SearchQuery, list[Record]] = OrderedDict()
        self._groups: dict[tuple[str, str], dict[Any, list[Record]]] = {}

    def records(self, entity: str) -> list[Record]:
        """Return every record of ``entity`` in generation order, its counts filled in."""
        records = self._records.get(entity)
        if records is None:
            if entity in self._counting:
                raise RuntimeError(f"the counts of {entity} depend on {entity}'s own counts")
            self._counting.add(entity)
            records = self._generate_once(entity)
            fill_record_counts(self, entity, records)
            self._records[entity] = records
            self._counting.discard(entity)
        return records

    def _generate_once(self, entity: str) -> list[Record]:
        """Return the generated records of ``entity`` (before their counts are filled)."""
        if entity not in self._generated:
            self._generated[entity] = self._generate(entity)
            self._by_id[entity] = {record["id"]: record for record in self._generated[entity]}
        return self._generated[entity]

    def memo(self, name: str, build: Callable[[Market], T]) -> T:
        """Return ``build(self)``, computed once per market and ``name`` (an index, say)."""
        if name not in self._memo:
            self._memo[name] = build(self)
        result: T = self._memo[name]
        return result

    def get(self, entity: str, record_id: str) -> Record | None:
        """Return the record of ``entity`` with ``record_id`` or None."""
        self.records(entity)
        return self._by_id[entity].get(record_id)

    def group(self, entity: str, key_field: str) -> dict[Any, list[Record]]:
        """Return records of ``entity`` grouped by ``key_field`` (cached index)."""
        index = self._groups.get((entity, key_field))
        if index is None:
            index = {}
            for record in self.records(entity):
                index.setdefault(record[key_field], []).append(record)
            self._groups[(entity, key_field)] = index
        return index

    def _generate(self, entity: str) -> list[Record]:
        rng = random.Random(f"{self.seed}:{self.country}:{entity}")
        count = SIZES.get(entity, 0)
        made = self._generate_once
        if entity == "sellers":
            return make_sellers(rng, self.country, count)
        if entity == "products":
            size = 1000 if self.country in BIG_MARKETS else 120
            return make_products(rng, self.country, size, made("sellers"))
        if entity == "creators":
            return make_creators(rng, self.country, count)
        products = made("products")
        if entity == "videos":
            return make_videos(rng, self.country, count, made("creators"), products)
        if entity == "lives":
            creators = made("creators")
            return make_lives(rng, self.country, count, creators, products, self.live_products)
        if entity == "ads":
            return make_ads(rng, count, products)
        if entity == "creatives":
            return make_creatives(rng, self.country, count, made("creators"), products)
        raise KeyError(entity)

    def sorted_by(self, spec: EntitySpec, sort: str, descending: bool) -> list[Record]:
        """Return the entity's records ordered by ``sort``, ties broken by id (cached)."""
        key = (spec.name, sort, descending)
        ordered = self._sorted.get(key)
        if ordered is None:
            getter = spec.sorts[sort]
            ordered = sorted(
                self.records(spec.name), key=lambda r: (getter(r), r["id"]), reverse=descending
            )
            self._sorted[key] = ordered
        return ordered

    def search(self, query: SearchQuery) -> list[Record]:
        """Return every record matching ``query``, in the query's order (recent ones cached)."""
        cached = self._results.get(query)
        if cached is not None:
            self._results.move_to_end(query)
            return cached
        spec = SPECS[query.entity]
        rows = self.sorted_by(spec, query.sort, query.descending)
        checks = _predicates(spec, query)
        if checks:
            rows = [row for row in rows if all(check(row) for check in checks)]
        self._results[query] = rows
        if len(self._results) > _CACHE_SIZE:
            self._results.popitem(last=False)
        return rows


def _predicates(spec: EntitySpec, query: SearchQuery) -> list[Any]:
    checks: list[Any] = []
    if query.keyword:
        needle, fields = query.keyword.lower(), spec.keyword_fields
        checks.append(lambda r: any(needle in r[f].lower() for f in fields))
    for param, value in query.exact:
        name = spec.exact[param].field
        checks.append(lambda r, n=name, v=value: r[n] == v)
    for param, low, high in query.ranges:
        getter = spec.ranges[param]
        if low is not None:
            checks.append(lambda r, g=getter, lo=low: g(r) >= lo)
        if high is not None:
            checks.append(lambda r, g=getter, hi=high: g(r) <= hi)
    for param, wanted in query.bools:
        getter = spec.bools[param]
        if param in spec.excluding:
            if wanted:
                checks.append(lambda r, g=getter: not g(r))
        else:
            checks.append(lambda r, g=getter, w=wanted: bool(g(r)) is w)
    return checks


class Dataset:
    """The markets of one seed, created on first use."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._markets: dict[str, Market] = {}

    def market(self, country: str) -> Market:
        """Return the market of ``country`` (a valid lowercase code)."""
        market = self._markets.get(country)
        if market is None:
            market = self._markets[country] = Market(self.seed, country)
        return market
