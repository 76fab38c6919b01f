"""``trenz-async harvest --journal PATH --out PATH``: a resumable harvest into JSONL or SQLite.

Units (see :mod:`trenz_async.workflows.harvest`): one search per market and keyword
(``--markets``, ``--keywords``, ``--entity``), the ``--rankings`` of every market, and one
TikTok research window (``--research-from``/``--research-to``/``--research-country``). Each
page is recorded in the journal after its records are in the output; the same command with
the same journal resumes, and a finished harvest reruns without a request. Exit status: 0
when every unit finished, 1 when any failed or stopped, 2 for bad usage, 130 interrupted.
"""

from __future__ import annotations

import datetime as dt
import sys
import threading
from collections.abc import Sequence
from importlib import import_module
from pathlib import Path
from typing import Any, Final, TextIO

import anyio
import attrs

from trenz_async.cli.errors import UsageError
from trenz_async.cli.progress import make_progress
from trenz_async.cli.publish import INTERRUPTED, _cancel_on_signal, _open_journal
from trenz_async.clients import TikTokClient, TrenzClient
from trenz_async.errors import ConfigurationError, ValidationError
from trenz_async.resources._validate import check_sort
from trenz_async.resources.tiktok_research.filters import check_filters
from trenz_async.workflows.harvest import (
    ENTITIES,
    RANKINGS,
    HarvestPlan,
    Research,
    UnitReport,
    harvest,
)
from trenz_async.workflows.journal import Journal
from trenz_async.workflows.runner import FlowEvent, Limits
from trenz_async.workflows.sinks import SUFFIXES, SinkError, open_sink

__all__ = ["HarvestOptions", "run_harvest", "split_list"]

ENDED = frozenset({"done", "failed", "incomplete", "skipped"})
SETTING: Final = "harvest"
"""The journal setting that holds the harvest's arguments and output."""
GRANULARITIES = ("daily", "weekly", "monthly")


def split_list(value: str | None) -> list[str]:
    if not value:
        return []
    return list(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))


def _date(option: str, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        dt.datetime.strptime(value, "%Y%m%d")
    except ValueError:
        raise UsageError(f"{option}: must be a date as YYYYMMDD, not {value!r}") from None
    return value


@attrs.frozen
class HarvestOptions:
    """The command's arguments, checked (see ``trenz-async harvest --help``)."""

    journal: Path
    out: Path
    markets: list[str] = attrs.field(factory=list)
    keywords: list[str] = attrs.field(factory=list)
    entity: str = "products"
    sort: str | None = None
    limit: int | None = None
    rankings: list[str] = attrs.field(factory=list)
    ranking_date: str | None = None
    granularity: str = "weekly"
    research_from: str | None = None
    research_to: str | None = None
    research_country: str = "ALL"
    concurrency: int = 4
    rate_limit: int = 200

    def __attrs_post_init__(self) -> None:
        if self.out.suffix.lower() not in SUFFIXES:
            raise UsageError(f"--out: must end in {', '.join(SUFFIXES)}, not {self.out}")
        if self.journal.is_dir():
            raise UsageError(f"--journal: {self.journal} is a folder, not a journal file")
        if self.journal.resolve() == self.out.resolve():
            raise UsageError("--out: must not be the journal's file (--journal)")
        if self.entity not in ENTITIES:
            raise UsageError(f"--entity: one of {', '.join(ENTITIES)}, not {self.entity!r}")
        for kind in self.rankings:
            if kind not in RANKINGS:
                raise UsageError(
                    f"--rankings: unknown {kind!r} (choose from {', '.join(RANKINGS)})"
                )
        if self.granularity not in GRANULARITIES:
            raise UsageError(f"--granularity: one of {', '.join(GRANULARITIES)}")
        dated = [k for k in self.rankings if k != "new_arrivals"]
        if dated and self.ranking_date is None:
            raise UsageError(f"--ranking-date: needed for {', '.join(dated)}")
        _date("--ranking-date", self.ranking_date)
        if self.limit is not None and self.limit < 1:
            raise UsageError(f"--limit: must be at least 1, not {self.limit}")
        if self.concurrency < 1:
            raise UsageError(f"--concurrency: must be at least 1, not {self.concurrency}")
        if self.rate_limit < 0:
            raise UsageError(f"--rate-limit: must be 0 (off) or more, not {self.rate_limit}")
        if (self.research_from is None) != (self.research_to is None):
            raise UsageError("--research-from and --research-to go together")
        low = _date("--research-from", self.research_from)
        high = _date("--research-to", self.research_to)
        if low and high and low > high:
            raise UsageError("--research-from: must not be after --research-to")
        if (self.keywords or self.rankings) and not self.markets:
            raise UsageError("--markets: needed for --keywords and --rankings")
        if not self.markets and self.research_from is None:
            raise UsageError("nothing to harvest: give --markets and/or --research-from/-to")
        _check_with_library(self)

    def settings(self) -> dict[str, Any]:
        """What the harvest writes and where: a rerun on the journal must match them (the
        journal records them on its first run)."""
        named = {**attrs.asdict(self), "out": str(self.out.resolve())}
        named["markets"] = list(dict.fromkeys(m.lower() for m in self.markets))
        named["research_country"] = self.research_country.upper()
        for key in ("journal", "concurrency", "rate_limit"):  # how, not what
            del named[key]
        return named

    def plan(self) -> HarvestPlan:
        research = []
        if self.research_from and self.research_to:
            dates = {"min": self.research_from, "max": self.research_to}
            country = self.research_country.upper()
            research.append(
                {"content_published_date_range": dates, "creator_country_code": country}
            )
        keywords: list[str | None] = list(self.keywords) or [None]
        return HarvestPlan.build(
            markets=self.markets,
            keywords=keywords,
            entity=self.entity,
            sort=self.sort,
            limit=self.limit,
            rankings=self.rankings,
            ranking_date=self.ranking_date,
            granularity=self.granularity,
            research=research,
        )


_RESEARCH_OPTIONS: Final = {
    "content_published_date_range.min": "--research-from",
    "content_published_date_range.max": "--research-to",
    "creator_country_code": "--research-country",
}


def _check_with_library(options: HarvestOptions) -> None:
    """The rules the calls themselves check (research dates and country, the search's sort),
    checked before anything is written, and named by their option."""
    if options.sort is not None:
        fields = import_module(f"trenz_async.resources.data.{options.entity}").SEARCH_SORT_FIELDS
        try:
            check_sort(options.sort, fields)
        except ValidationError as error:
            raise UsageError(f"--sort: {error.rule}") from None
    if options.research_from and options.research_to:
        dates = {"min": options.research_from, "max": options.research_to}
        filters = {
            "content_published_date_range": dates,
            "creator_country_code": options.research_country,
        }
        try:
            check_filters(filters)
        except ValidationError as error:
            option = next(
                (o for field, o in _RESEARCH_OPTIONS.items() if error.field.endswith(field)),
                "--research-from",
            )
            raise UsageError(f"{option}: {error.rule}") from None


async def _check_journal(journal: Journal, options: HarvestOptions) -> None:
    """Refuse a journal run with other arguments or another output, or whose output is gone
    (its pages would count as written)."""
    settings = options.settings()
    recorded = await journal.setting(SETTING)
    if recorded is not None and recorded != settings:
        changed = [key for key in settings if recorded.get(key) != settings[key]]
        key = changed[0] if changed else "out"
        option = "--" + key.replace("_", "-")
        raise UsageError(
            f"{option}: this journal's harvest ran with {recorded.get(key)!r}, not "
            f"{settings[key]!r}; rerun it as it was, or start a new journal"
        )
    if await journal.flows_with_steps() and not options.out.exists():
        raise UsageError(
            f"--out: {options.out} is gone, but this journal recorded pages written to it; "
            "put it back, or start a new journal to harvest again"
        )


def _clients(plan: HarvestPlan, rate_limit: int) -> tuple[TrenzClient | None, TikTokClient | None]:
    research = any(isinstance(unit, Research) for unit in plan.units)
    trenz_needed = any(not isinstance(unit, Research) for unit in plan.units)
    per_minute = rate_limit or None
    try:
        trenz = TrenzClient(rate_limit_per_minute=per_minute) if trenz_needed else None
        tiktok = TikTokClient() if research else None
    except ConfigurationError as error:
        raise UsageError(str(error)) from None
    return trenz, tiktok


async def run_harvest(options: HarvestOptions, out: TextIO | None = None) -> int:
    """Run the command; return its exit status (bad usage raises :class:`UsageError`)."""
    out = out or sys.stdout
    plan = options.plan()
    trenz, tiktok = _clients(plan, options.rate_limit)
    resumed = " (resuming)" if options.journal.exists() else ""
    try:
        async with await _open_journal(options.journal) as journal:  # held before the output
            await _check_journal(journal, options)
            try:
                sink = await open_sink(options.out)
            except (SinkError, ValueError) as error:
                raise UsageError(f"--out: {error}") from None
            if await journal.setting(SETTING) is None:  # its first run: what a rerun matches
                await journal.set_setting(SETTING, options.settings())
            out.write(
                f"Harvesting {len(plan.units)} units into {options.out}{resumed}\n"
                f"  journal {options.journal}, concurrency {options.concurrency}\n"
            )
            out.flush()
            try:
                reports = await _run(plan, journal, sink, trenz, tiktok, options, out)
            finally:
                await sink.close()
    finally:
        for client in (trenz, tiktok):
            if client is not None:
                await client.close()
    if reports is None:
        out.write("Interrupted: the journal is consistent; rerun the same command to resume.\n")
        return INTERRUPTED
    return _summary(reports, options.out, out)


async def _run(
    plan: HarvestPlan,
    journal: Any,
    sink: Any,
    trenz: TrenzClient | None,
    tiktok: TikTokClient | None,
    options: HarvestOptions,
    out: TextIO,
) -> list[UnitReport] | None:
    """``harvest`` with progress; cancelled by SIGINT/SIGTERM (then None)."""
    limits = Limits(concurrency=options.concurrency, per_key={})
    reports: list[UnitReport] | None = None
    caught: list[int] = []
    with make_progress(out) as progress:
        progress.add("units", len(plan.units))

        def on_event(event: FlowEvent) -> None:
            if event.step is None and event.state in ENDED:
                progress.advance("units")

        async with anyio.create_task_group() as group:
            if threading.current_thread() is threading.main_thread():
                group.start_soon(_cancel_on_signal, group.cancel_scope, caught)
            reports = await harvest(
                plan,
                journal=journal,
                sink=sink,
                trenz=trenz,
                tiktok=tiktok,
                limits=limits,
                on_event=on_event,
            )
            group.cancel_scope.cancel()
    return None if caught else reports


def _summary(reports: Sequence[UnitReport], path: Path, out: TextIO) -> int:
    counts = dict.fromkeys(("done", "failed", "incomplete"), 0)
    for report in reports:
        counts[report.status] = counts.get(report.status, 0) + 1
    records = sum(r.written for r in reports)
    out.write(
        f"\n{len(reports)} units: {counts['done']} done, {counts['failed']} failed, "
        f"{counts['incomplete']} stopped; {records} records in {path}\n"
    )
    for report in reports:
        if report.status != "done":
            out.write(f"  {report.status} {report.unit}: {report.error}\n")
    if counts["incomplete"]:
        out.write("Units stopped on an error a rerun may fix: rerun the same command.\n")
    return 0 if all(r.status == "done" for r in reports) else 1
