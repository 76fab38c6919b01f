"""The harvest flow over real HTTP: searches, a ranking and a research window into JSONL and
SQLite, each record exactly once (compared with direct pager walks), across cancels, crashes
between a page's write and its journal record, finished reruns and injected 503s."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

import anyio
import pytest

from tests.helpers import FAST_RETRY, answer_with
from trenz_async import TikTokClient, TrenzClient
from trenz_async.testing import FaultRule, Simulator
from trenz_async.workflows import FlowEvent, Journal
from trenz_async.workflows.harvest import HarvestPlan, Ranking, Research, Search, harvest
from trenz_async.workflows.sinks import Row, Sink, SinkError, open_sink

pytestmark = pytest.mark.anyio

FILTERS = {
    "content_published_date_range": {"min": "20230101", "max": "20230220"},
    "creator_country_code": "FR",
}
PLAN = HarvestPlan.build(
    markets=["us", "gb"],
    keywords=["phone", "case"],
    limit=25,
    rankings=["top_selling"],
    ranking_date="20250101",
    granularity="weekly",
    research=[FILTERS],
)
Key = tuple[str, str]


@pytest.fixture
async def clients(trenz_simulator: Simulator) -> AsyncIterator[tuple[TrenzClient, TikTokClient]]:
    sim = trenz_simulator
    key = sim.create_api_key(rate_limit_per_minute=1_000_000)
    client_key, secret = sim.create_tiktok_client(rate_limit_per_minute=None)
    trenz = TrenzClient(key, base_url=sim.url, rate_limit_per_minute=None, retry=FAST_RETRY)
    tiktok = TikTokClient(
        client_key, secret, base_url=sim.url, rate_limit_per_minute=None, retry=FAST_RETRY
    )
    async with trenz, tiktok:
        yield trenz, tiktok


async def expected(trenz: TrenzClient, tiktok: TikTokClient) -> set[Key]:
    """Every (unit, record id) the plan must write, read by plain pager walks."""
    keys: set[Key] = set()
    for unit in PLAN.units:
        if isinstance(unit, Search):
            pager: Any = trenz.data.products.search(
                country=unit.country, keyword=unit.keyword, page_size=10
            )
            items = await pager.collect(limit=unit.limit)
        elif isinstance(unit, Ranking):
            pager = trenz.data.products.top_selling(
                country=unit.country, date="20250101", granularity="weekly", page_size=20
            )
            items = await pager.collect(limit=unit.limit)
        else:
            assert isinstance(unit, Research)
            query = tiktok.research.commercial_content.query(
                filters=FILTERS, fields="id", max_count=50
            )
            items = await query.collect()
        keys |= {(unit.id, str(item.id)) for item in items}
    return keys


def assert_exactly_once(got: list[Key], want: set[Key]) -> None:
    assert len(got) == len(set(got)), Counter(got).most_common(3)
    assert set(got) == want


def written(out: Path) -> list[Key]:
    """Every (unit, record id) in the output, duplicates included."""
    if out.suffix == ".jsonl":
        lines = out.read_text(encoding="utf-8").splitlines()
        entries = [json.loads(line) for line in lines]
        return [(e["unit"], e["record"]["id"]) for e in entries]
    with sqlite3.connect(out) as db:
        rows = db.execute("SELECT unit, record_id, json FROM records").fetchall()
    assert all(json.loads(text)["id"] == record_id for _, record_id, text in rows)
    return [(unit, record_id) for unit, record_id, _ in rows]


async def run(
    tmp_path: Path,
    clients: tuple[TrenzClient, TikTokClient],
    out: Path,
    *,
    sink_wrapper: Any = None,
    on_event: Any = None,
) -> list[Any]:
    trenz, tiktok = clients
    async with await Journal.open(tmp_path / "harvest.journal") as journal:
        sink: Sink = await open_sink(out)
        try:
            used = sink_wrapper(sink) if sink_wrapper else sink
            return await harvest(
                PLAN, journal=journal, sink=used, trenz=trenz, tiktok=tiktok, on_event=on_event
            )
        finally:
            await sink.close()


@pytest.mark.parametrize("suffix", [".jsonl", ".sqlite"])
async def test_every_record_is_written_exactly_once_and_a_rerun_sends_nothing(
    trenz_simulator: Simulator,
    clients: tuple[TrenzClient, TikTokClient],
    tmp_path: Path,
    suffix: str,
) -> None:
    want = await expected(*clients)
    out = tmp_path / f"out{suffix}"
    reports = await run(tmp_path, clients, out)
    assert [r.status for r in reports] == ["done"] * len(PLAN.units)
    got = written(out)
    assert_exactly_once(got, want)
    assert sum(r.written for r in reports) == len(want)
    assert {r.unit for r in reports} == {u.id for u in PLAN.units}
    if suffix == ".jsonl":  # the record is the wire's: extras and all, as JSON
        first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
        assert first["unit"].startswith("search:products:")
        assert "product_name" in first["record"]

    # A research page records the ids it added, not the window's whole set of seen ids
    # (which grows with every page: a busy window's journal grew with the square of it).
    async with await Journal.open(tmp_path / "harvest.journal", shared=True) as journal:
        steps = [s for s in await journal.all_steps() if s.flow_id.startswith("research:")]
    pages = [s.result for s in steps if s.step.startswith("page:") and s.result]
    assert len(pages) > 2
    assert all("seen" not in page["position"] for page in pages)
    assert all(len(page["seen_added"]) <= 50 for page in pages)

    requests = len(trenz_simulator.journal)
    again = await run(tmp_path, clients, out)
    assert len(trenz_simulator.journal) == requests
    assert [r.to_dict() for r in again] == [r.to_dict() for r in reports]
    assert written(out) == got


@pytest.mark.parametrize("suffix", [".jsonl", ".sqlite"])
async def test_a_harvest_cancelled_mid_way_resumes_without_duplicates_or_losses(
    clients: tuple[TrenzClient, TikTokClient], tmp_path: Path, suffix: str
) -> None:
    want = await expected(*clients)
    out = tmp_path / f"out{suffix}"
    for stop_after in (3, 7):
        pages = 0
        with anyio.CancelScope() as scope:

            def on_event(
                event: FlowEvent, scope: anyio.CancelScope = scope, stop_after: int = stop_after
            ) -> None:
                nonlocal pages
                if event.step and event.step.startswith("page:") and event.state == "done":
                    pages += 1
                    if pages == stop_after:
                        scope.cancel()

            await run(tmp_path, clients, out, on_event=on_event)
        assert scope.cancelled_caught
        partial = written(out)
        assert len(partial) == len(set(partial))
        assert set(partial) < want
    reports = await run(tmp_path, clients, out)
    assert all(r.status == "done" for r in reports)
    got = written(out)
    assert_exactly_once(got, want)


class Crash(Exception):
    """A crash right after a page was written, before the journal recorded it."""


class CrashAfterWrite:
    """Writes through, then raises on the ``at``-th write of a unit."""

    def __init__(self, sink: Sink, at: int) -> None:
        self.sink, self.at, self.path, self.writes = sink, at, sink.path, Counter[str]()

    async def write(self, unit: str, rows: Sequence[Row]) -> int:
        added = await self.sink.write(unit, rows)
        self.writes[unit] += 1
        if self.writes[unit] == self.at:
            raise Crash(unit)
        return added

    async def close(self) -> None:
        await self.sink.close()


@pytest.mark.parametrize("suffix", [".jsonl", ".sqlite"])
async def test_a_page_written_but_not_recorded_is_read_again_without_duplicates(
    clients: tuple[TrenzClient, TikTokClient], tmp_path: Path, suffix: str
) -> None:
    want = await expected(*clients)
    out = tmp_path / f"out{suffix}"
    first = await run(tmp_path, clients, out, sink_wrapper=lambda s: CrashAfterWrite(s, 2))
    stopped = [r for r in first if r.status == "incomplete"]
    assert stopped
    assert all("Crash" in (r.error or "") for r in stopped)
    reports = await run(tmp_path, clients, out)
    assert all(r.status == "done" for r in reports)
    got = written(out)
    assert_exactly_once(got, want)
    # the pages read again wrote nothing new: what they held was already in the output
    assert sum(r.written for r in reports) < len(want) == sum(r.records for r in reports)


async def test_503s_on_the_search_routes_are_retried(
    trenz_simulator: Simulator, clients: tuple[TrenzClient, TikTokClient], tmp_path: Path
) -> None:
    want = await expected(*clients)
    for route in ("GET /open/v1/products/search", "GET /open/v1/products/rankings/*"):
        trenz_simulator.add_fault(FaultRule(route=route, status=503, probability=0.4))
    out = tmp_path / "out.jsonl"
    reports = await run(tmp_path, clients, out)
    assert all(r.status == "done" for r in reports)
    assert trenz_simulator.counters.get("status 503", 0) > 0
    got = written(out)
    assert_exactly_once(got, want)


@pytest.mark.parametrize("records", [3, 0])
async def test_a_service_that_ignores_the_page_number_ends_the_unit_not_loops(
    trenz_simulator: Simulator,
    clients: tuple[TrenzClient, TikTokClient],
    tmp_path: Path,
    records: int,
) -> None:
    # The seed documents no paging parameter: a service paging by other means answers page 2
    # with page 1 again, "has_more" still true. A page that brings no new record ends it, and
    # so does an empty page that says more follow.
    rows = [{"id": f"p{n}", "product_name": f"lamp {n}"} for n in range(records)]
    same = {"data": {"items": rows, "has_more": True}, "request_id": "r"}
    answer_with(trenz_simulator, "GET /open/v1/products/search", same, times=None)
    plan = HarvestPlan.build(markets=["us"], keywords=["lamp"])
    out = tmp_path / "out.jsonl"
    async with await Journal.open(tmp_path / "harvest.journal") as journal:
        sink = await open_sink(out)
        try:
            with anyio.fail_after(20):
                (report,) = await harvest(plan, journal=journal, sink=sink, trenz=clients[0])
        finally:
            await sink.close()
    assert (report.status, report.written) == ("done", records)
    searches = [e for e in trenz_simulator.journal if e.path == "/open/v1/products/search"]
    assert len(searches) == (2 if records else 1)


class _DiskFull:
    """The output file, except that its next write stores half its text and then fails as a
    full disk does."""

    def __init__(self, out: Any) -> None:
        self.out = out

    def write(self, text: str) -> int:
        self.out.write(text[: len(text) // 2])
        self.out.flush()
        raise OSError(28, "No space left on device")

    def __getattr__(self, name: str) -> Any:
        return getattr(self.out, name)


async def test_a_failed_jsonl_write_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    sink: Any = await open_sink(out)
    await sink.write("u", [("1", {"id": "1"})])
    real = sink._out
    sink._out = _DiskFull(real)
    with pytest.raises(SinkError, match="No space left"):
        await sink.write("u", [("2", {"id": "2"})])
    sink._out = real
    assert await sink.write("u", [("2", {"id": "2"})]) == 1  # written whole, on its own line
    await sink.close()
    reopened = await open_sink(out)  # before: the half line made the file refuse to resume
    await reopened.close()
    ids = [json.loads(line)["record"]["id"] for line in out.read_text().splitlines()]
    assert ids == ["1", "2"]


def as_written_before(journal: Path) -> None:
    """Rewrite the journal's research page steps as an earlier version wrote them: the
    window's whole seen set in the position, no ``seen_added``."""
    with sqlite3.connect(journal) as db:
        seen: set[str] = set()
        for rowid, text in db.execute(
            "SELECT rowid, result FROM steps WHERE step LIKE 'page:%' AND status = 'done'"
            " ORDER BY rowid"
        ).fetchall():
            result = json.loads(text)
            seen = (set() if result.pop("seen_reset") else seen) | set(result.pop("seen_added"))
            result["position"]["seen"] = sorted(seen)
            db.execute("UPDATE steps SET result = ? WHERE rowid = ?", (json.dumps(result), rowid))


@pytest.mark.parametrize("earlier", [False, True], ids=["this-version", "earlier-version"])
async def test_a_research_window_resumed_mid_way_knows_the_ids_it_had_seen(
    trenz_simulator: Simulator,
    clients: tuple[TrenzClient, TikTokClient],
    tmp_path: Path,
    earlier: bool,
) -> None:
    # A service keeping one search_id per search: the window ends at the first page that
    # brings no new record. Resumed after a crash, the walk must still know the ids of the
    # pages recorded before it (each page records only those it added; a journal written by
    # an earlier version holds the whole set in each page).
    def page(ids: str) -> dict[str, Any]:
        items = [{"id": i, "create_date": "20230103"} for i in ids]
        data = {"commercial_contents": items, "has_more": True, "search_id": "SID"}
        return {"data": data, "error": {"code": "ok", "message": "", "log_id": "l"}}

    for ids in ("ab", "c", "c", "d", "a"):  # "c" twice: read again after the crash
        answer_with(trenz_simulator, "POST /v2/research/adlib/commercial_content/query/", page(ids))
    one_window = {**FILTERS, "content_published_date_range": {"min": "20230101", "max": "20230110"}}
    plan = HarvestPlan.build(research=[one_window])
    out = tmp_path / "out.jsonl"
    for crash in (True, False):
        async with await Journal.open(tmp_path / "harvest.journal") as journal:
            sink: Sink = await open_sink(out)
            used = CrashAfterWrite(sink, 2) if crash else sink
            try:
                (report,) = await harvest(plan, journal=journal, sink=used, tiktok=clients[1])
            finally:
                await sink.close()
        assert report.status == ("incomplete" if crash else "done")
        if crash and earlier:
            as_written_before(tmp_path / "harvest.journal")
    assert sorted(key for _, key in written(out)) == ["a", "b", "c", "d"]
    queries = [e for e in trenz_simulator.journal if e.path.endswith("/query/")]
    assert len(queries) == 5  # the repeated "a" ended the window: no sixth request


def test_a_market_given_twice_in_any_case_makes_one_set_of_units() -> None:
    plan = HarvestPlan.build(markets=["us", "US", "gb", " Us", "gb"], keywords=["lamp"])
    assert [unit.id for unit in plan.units] == [
        "search:products:us:lamp:-",
        "search:products:gb:lamp:-",
    ]
