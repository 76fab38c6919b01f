"""The harvest flow: Trenz Data searches and rankings and TikTok research windows into one
output, resumable from the journal, no record written twice.

A :class:`HarvestPlan` is a list of units, each one flow of :func:`run_flows` (its
``flow_id`` is the unit's :attr:`id`, also the ``unit`` of its records in the output):

=================  ======================================================================
unit               what it walks
=================  ======================================================================
:class:`Search`    ``trenz.data.<entity>.search(country=, keyword=, sort=)``, page by page
                   (``page`` / ``page_size``), up to ``limit`` records
:class:`Ranking`   ``trenz.data.products.<kind>(country=, date=, granularity=)`` (kinds
                   ``top_selling``, ``most_promoted``, ``new_arrivals``), up to ``limit``
:class:`Research`  ``tiktok.research.commercial_content.query(filters=, fields=)``: the
                   research walk (windows, ``search_id`` recovery, window splitting) of
                   :mod:`~trenz_async.resources.tiktok_research.harvest`, resumed from the
                   walk position recorded after each page
=================  ======================================================================

Each page is one journal step, ``page:<n>`` (1-based, counted from the unit's start), run
with :meth:`FlowContext.step <trenz_async.workflows.runner.FlowContext.step>`: the page is
fetched (transient failures retried), its records written to the sink and flushed, and only
then the step is recorded with ``count``, ``written`` (new in the output), ``ids``,
``last_id``, ``more`` and, for research, ``position`` (where the walk continues). A rerun
with the same journal skips finished units without a request, replays the recorded pages of
the others without a request, and continues after the last recorded page. A crash between a
page's write and its record makes the rerun read that page again: the sinks skip records
already written (:mod:`~trenz_async.workflows.sinks`), so none is written twice.

A unit's report is ``done`` (walked to its end or its ``limit``), ``failed`` (refused for a
reason retrying cannot fix: a bad argument, a 4xx) or ``incomplete`` (stopped by something
a rerun may fix: the service down past the retries, bad credentials, the research quota).

Caveat: Trenz searches page by offset. Records that move between pages while a harvest is
paused (a rerun days later) may be skipped or read twice; reads twice are dropped by the
sink, skips are the API's (rerun with a fresh journal and output to start over).
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

import attrs

from trenz_async.clients import TikTokClient, TrenzClient
from trenz_async.errors import ValidationError
from trenz_async.pagination import Page, Pager
from trenz_async.resources.tiktok_research.harvest import ResearchPager
from trenz_async.workflows.journal import Journal
from trenz_async.workflows.runner import (
    INCOMPLETE,
    FlowContext,
    FlowEvent,
    ItemReport,
    Limits,
    StepPolicy,
    describe,
    failure_kind,
    run_flows,
)
from trenz_async.workflows.sinks import Row, Sink

__all__ = [
    "ENTITIES",
    "RANKINGS",
    "HarvestPlan",
    "HarvestUnit",
    "Ranking",
    "Research",
    "Search",
    "UnitReport",
    "harvest",
    "harvest_flow",
    "record_json",
]

ENTITIES: Final = ("products", "sellers", "creators", "videos", "lives", "ads", "creatives")
"""The Data entities a :class:`Search` unit can walk (``trenz.data.<entity>.search``)."""
RANKINGS: Final = ("top_selling", "most_promoted", "new_arrivals")
"""The product rankings a :class:`Ranking` unit can walk."""
RESEARCH_FIELDS: Final = (
    "id",
    "create_date",
    "create_timestamp",
    "label",
    "brand_names",
    "creator",
)


def _choice(choices: tuple[str, ...]) -> Callable[[object, attrs.Attribute[Any], object], None]:
    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value not in choices:
            raise ValidationError(attribute.name, f"must be one of {', '.join(choices)}", value)

    return check


def _limit(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(attribute.name, "must be None or a whole number >= 1", value)


def _part(value: object) -> str:
    return "-" if value is None else str(value)


@attrs.frozen
class Search:
    """``trenz.data.<entity>.search(country=, keyword=, sort=)``, up to ``limit`` records
    (None: all). ``page_size`` is at most 10."""

    entity: str = attrs.field(validator=_choice(ENTITIES))
    country: str
    keyword: str | None = None
    sort: str | None = None
    limit: int | None = attrs.field(default=None, validator=_limit)
    page_size: int = 10

    @property
    def id(self) -> str:
        """The unit's name in the journal and the output (the limit is not part of it)."""
        return f"search:{self.entity}:{self.country}:{_part(self.keyword)}:{_part(self.sort)}"

    def pager(self, trenz: TrenzClient, page: int) -> Pager[Any]:
        resource = getattr(trenz.data, self.entity)
        pager: Pager[Any] = resource.search(
            country=self.country,
            keyword=self.keyword,
            sort=self.sort,
            page=page,
            page_size=self.page_size,
        )
        return pager


@attrs.frozen
class Ranking:
    """``trenz.data.products.<kind>(country=, date=, granularity=)``, up to ``limit``
    records; ``date`` (YYYYMMDD) and ``granularity`` are required but for ``new_arrivals``.
    ``page_size`` is at most 20."""

    kind: str = attrs.field(validator=_choice(RANKINGS))
    country: str
    date: str | None = None
    granularity: str | None = None
    limit: int | None = attrs.field(default=None, validator=_limit)
    page_size: int = 20

    @property
    def id(self) -> str:
        return f"ranking:{self.kind}:{self.country}:{_part(self.date)}:{_part(self.granularity)}"

    def pager(self, trenz: TrenzClient, page: int) -> Pager[Any]:
        products = trenz.data.products
        if self.kind == "new_arrivals":
            return products.new_arrivals(country=self.country, page=page, page_size=self.page_size)
        method = products.top_selling if self.kind == "top_selling" else products.most_promoted
        if self.date is None or self.granularity not in ("daily", "weekly", "monthly"):
            raise ValidationError("date", f"{self.kind} needs a date and a granularity", self.date)
        return method(
            country=self.country,
            date=self.date,
            granularity=self.granularity,  # type: ignore[arg-type]
            page=page,
            page_size=self.page_size,
        )


@attrs.frozen
class Research:
    """``tiktok.research.commercial_content`` over ``filters`` (the seed's shape:
    ``content_published_date_range`` {min, max}, ``creator_country_code``, ...), every
    record once; ``fields`` as the query takes them (``id`` is always read)."""

    filters: dict[str, Any]
    fields: tuple[str, ...] = RESEARCH_FIELDS
    max_count: int = 50
    window_days: int = 30

    @property
    def id(self) -> str:
        dates = self.filters.get("content_published_date_range") or {}
        country = self.filters.get("creator_country_code", "ALL")
        text = json.dumps(_plain(self.filters), sort_keys=True)
        digest = hashlib.sha256(text.encode()).hexdigest()[:8]
        return f"research:{country}:{dates.get('min')}-{dates.get('max')}:{digest}"

    def pager(self, tiktok: TikTokClient) -> ResearchPager:
        return tiktok.research.commercial_content.query(
            filters=self.filters,
            fields=list(self.fields),
            max_count=self.max_count,
            window_days=self.window_days,
        )


HarvestUnit = Search | Ranking | Research


@attrs.frozen
class HarvestPlan:
    """The units of one harvest (their ids must be unique)."""

    units: list[HarvestUnit] = attrs.field(factory=list)

    @classmethod
    def build(
        cls,
        *,
        markets: Sequence[str] = (),
        keywords: Sequence[str | None] = (None,),
        entity: str = "products",
        sort: str | None = None,
        limit: int | None = None,
        rankings: Sequence[str] = (),
        ranking_date: str | None = None,
        granularity: str | None = None,
        research: Sequence[Mapping[str, Any]] = (),
        research_fields: Sequence[str] = RESEARCH_FIELDS,
    ) -> HarvestPlan:
        """Searches for every market and keyword, the ``rankings`` of every market, and one
        research unit per filters in ``research``. A market given twice, in any case (``us``,
        ``US``: the same requests), makes one set of units, named as first given."""
        units: list[HarvestUnit] = []
        named: dict[str, str] = {}
        for market in markets:
            named.setdefault(str(market).strip().lower(), market)
        for market in named.values():
            for keyword in keywords or (None,):
                units.append(Search(entity, market, keyword, sort, limit))
            for kind in rankings:
                units.append(Ranking(kind, market, ranking_date, granularity, limit))
        for filters in research:
            units.append(Research(dict(filters), tuple(research_fields)))
        return cls(units)


@attrs.frozen
class UnitReport:
    """How one unit ended (``done``, ``failed``, ``incomplete``): ``pages`` and ``records``
    read across every run so far, ``written`` records new in the output, ``error`` why."""

    unit: str
    status: str
    pages: int
    records: int
    written: int
    error: str | None = None

    @property
    def finished(self) -> bool:
        return self.status != INCOMPLETE

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


def _plain(value: Any) -> Any:
    """``value`` as JSON data: models become their wire dicts (extras included, unset
    fields left out), dates ISO text."""
    if attrs.has(type(value)):
        out: dict[str, Any] = {}
        for field in attrs.fields(type(value)):
            if field.name == "extras":
                continue
            item = getattr(value, field.name)
            if item is not None:
                out[field.name] = _plain(item)
        extras = getattr(value, "extras", None)
        if isinstance(extras, Mapping):
            out.update((str(k), _plain(v)) for k, v in extras.items())
        return out
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return _plain(value.value)
    return value


def record_json(record: Any) -> dict[str, Any]:
    """A record as the output holds it: its wire fields as a JSON object (see :func:`_plain`)."""
    data = _plain(record)
    if not isinstance(data, dict):
        raise TypeError(f"not a record: {type(record).__name__}")
    return data


def _rows(items: Sequence[Any]) -> list[Row]:
    return [(str(item.id), record_json(item)) for item in items]


def _seen_change(before: Mapping[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """How a research page changed the window's ``seen`` ids, taken out of ``after`` (the new
    position): a page records the ids it added (or that the set was emptied, for new days),
    not the whole set, which grows with every page of the window."""
    old, new = set(before.get("seen", ())), set(after.pop("seen", ()))
    if old <= new:
        return {"seen_reset": False, "seen_added": sorted(new - old)}
    return {"seen_reset": True, "seen_added": sorted(new)}


def _page_result(rows: Sequence[Row], written: int, more: bool) -> dict[str, Any]:
    ids = [record_id for record_id, _ in rows]
    return {
        "count": len(rows),
        "written": written,
        "ids": ids,
        "last_id": ids[-1] if ids else None,
        "more": more,
    }


class _Walk:
    """One unit's pages, each a journal step."""

    def __init__(
        self,
        unit: HarvestUnit,
        ctx: FlowContext,
        sink: Sink,
        trenz: TrenzClient | None,
        tiktok: TikTokClient | None,
    ) -> None:
        self.unit = unit
        self.ctx = ctx
        self.sink = sink
        self.trenz = trenz
        self.tiktok = tiktok
        self.pages = self.records = self.written = 0

    def _add(self, result: Mapping[str, Any]) -> None:
        self.pages += 1
        self.records += int(result.get("count", 0))
        self.written += int(result.get("written", 0))

    async def run(self) -> None:
        if isinstance(self.unit, Research):
            await self._research(self.unit)
        else:
            await self._paged(self.unit)

    async def _paged(self, unit: Search | Ranking) -> None:
        trenz = self.trenz
        if trenz is None:
            raise ValidationError("trenz", f"unit {unit.id} needs a TrenzClient")
        number = 0
        seen: set[str] = set()  # ids of this unit's pages so far
        while unit.limit is None or self.records < unit.limit:
            number += 1
            left = None if unit.limit is None else unit.limit - self.records

            async def read(number: int = number, left: int | None = left) -> dict[str, Any]:
                page: Page[Any] = await unit.pager(trenz, number)
                items = list(page.items)[:left] if left is not None else list(page.items)
                rows = _rows(items)
                written = await self.sink.write(unit.id, rows)
                return _page_result(rows, written, page.has_next)

            result = await self.ctx.step(f"page:{number}", read)
            self._add(result)
            ids = set(result.get("ids") or ())
            if not result.get("more") or (ids and ids <= seen):
                return  # the end; or a page brought nothing new (a service ignoring `page`)
            seen |= ids

    async def _research(self, unit: Research) -> None:
        tiktok = self.tiktok
        if tiktok is None:
            raise ValidationError("tiktok", f"unit {unit.id} needs a TikTokClient")
        pager = unit.pager(tiktok)
        position: Mapping[str, Any] = pager.start
        seen: set[str] = set(position.get("seen", ()))
        number = 0
        while True:
            number += 1

            async def read(position: Mapping[str, Any] = position) -> dict[str, Any]:
                pager.start = position  # the walk continues from the recorded position
                page = await pager
                rows = _rows(page.items)
                written = await self.sink.write(unit.id, rows)
                result = _page_result(rows, written, page.has_more)
                resume = dict(page.resume)
                return {**result, **_seen_change(position, resume), "position": resume}

            result = await self.ctx.step(f"page:{number}", read)
            self._add(result)
            if not result.get("more"):
                return
            recorded = dict(result["position"])
            if "seen" in recorded:  # recorded whole (by an earlier version)
                seen = set(recorded["seen"])
            else:
                seen = (set() if result.get("seen_reset") else seen) | set(result["seen_added"])
            position = {**recorded, "seen": seen}


async def harvest_flow(
    unit: HarvestUnit,
    ctx: FlowContext,
    *,
    sink: Sink,
    trenz: TrenzClient | None = None,
    tiktok: TikTokClient | None = None,
) -> ItemReport:
    """Walk ``unit``'s pages into ``sink``, one journal step per page (see the module
    docstring); ``trenz`` for Search and Ranking units, ``tiktok`` for Research ones."""
    walk = _Walk(unit, ctx, sink, trenz, tiktok)
    try:
        await walk.run()
    except Exception as error:
        status = "failed" if failure_kind(error) == "final" else INCOMPLETE
        return ItemReport(unit.id, status, [], describe(error))
    return ItemReport(unit.id, "done", [], None)


async def _unit_report(journal: Journal, report: ItemReport) -> UnitReport:
    pages = records = written = 0
    for step in await journal.steps(report.item_id):
        if step.step.startswith("page:") and step.status == "done" and step.result:
            pages += 1
            records += int(step.result.get("count", 0))
            written += int(step.result.get("written", 0))
    return UnitReport(report.item_id, report.status, pages, records, written, report.error)


async def harvest(
    plan: HarvestPlan | Sequence[HarvestUnit],
    *,
    journal: Journal,
    sink: Sink,
    trenz: TrenzClient | None = None,
    tiktok: TikTokClient | None = None,
    limits: Limits | None = None,
    on_event: Callable[[FlowEvent], object] | None = None,
    policy: StepPolicy | None = None,
) -> list[UnitReport]:
    """Run every unit of ``plan`` into ``sink`` under ``limits`` (default: 4 units at once);
    one :class:`UnitReport` per unit, in order. Units done in the journal are skipped
    without a request; the others resume after their last recorded page."""
    units = list(plan.units if isinstance(plan, HarvestPlan) else plan)
    for unit in units:
        needs = tiktok if isinstance(unit, Research) else trenz
        if needs is None:
            client = "TikTokClient" if isinstance(unit, Research) else "TrenzClient"
            raise ValidationError("plan", f"unit {unit.id} needs a {client}", unit)

    async def flow(unit: HarvestUnit, ctx: FlowContext) -> ItemReport:
        return await harvest_flow(unit, ctx, sink=sink, trenz=trenz, tiktok=tiktok)

    reports: Sequence[ItemReport] = await run_flows(
        units,
        flow,
        journal=journal,
        limits=limits or Limits(concurrency=4, per_key={}),
        flow_id=lambda unit: unit.id,
        on_event=on_event,
        policy=policy,
    )
    return [await _unit_report(journal, report) for report in reports]
