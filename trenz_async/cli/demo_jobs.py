"""The demo's write-side jobs, against the same in-process simulator as its harvest.

* A bulk publish: small generated videos, each to two TikTok accounts, through
  :func:`~trenz_async.workflows.publish_many` on a journal, with faults injected on every
  route, answers lost after the service acted on publishes and storage PUTs included; the
  simulator's own counters then show how many times each (video, account) was published.
* A short-drama release (episodes, cover, subtitles, album, review, online, listed) through
  :func:`~trenz_async.workflows.drama.drama_many`.
* A harvest (product searches and a ranking in two markets, a research window) into JSON Lines
  through :func:`~trenz_async.workflows.harvest.harvest`, then the same harvest again: the
  journal has it done, so the rerun sends nothing and writes nothing.

The simulator's clock is moved by a background task, so publications go live and moderation
decides (in working days) within seconds.
"""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
import attrs

from trenz_async import RetryPolicy, TikTokClient, TrenzClient
from trenz_async.polling import PollPolicy
from trenz_async.testing import FaultRule, Simulator
from trenz_async.workflows import Journal, Limits, PublishItem, PublishTarget, publish_many
from trenz_async.workflows.drama import drama_many, release_from_dict
from trenz_async.workflows.harvest import HarvestPlan, harvest
from trenz_async.workflows.runner import StepPolicy
from trenz_async.workflows.sinks import open_sink

__all__ = ["DEMO_ACCOUNTS", "JobsSummary", "run_jobs"]

DEMO_ACCOUNTS = (4687, 5678)
"""The simulator's two seeded, active TikTok accounts."""
FAST_POLLS = PollPolicy(interval=0.05, jitter=0.01, backoff=1.0, max_interval=0.05)
STEP_POLICY = StepPolicy(attempts=8, base=0.02, max_wait=0.2, reconcile_delay=0.1)
"""Deep retries: the demo injects faults on every route, and a publish refused four times in
a row (about 1 in 500 at a 21% chance per attempt) would leave one target for a rerun."""
_MONDAY = 1_764_547_200.0  # 2025-12-01 00:00 UTC: moderation counts working days


@attrs.frozen
class JobsSummary:
    """What the demo's write-side jobs did, as the simulator counted it."""

    videos: int
    targets: int
    published: int
    created: int
    published_twice: int
    lost_answers: int
    drama_status: str
    drama_detail: str
    harvest_units: int = 0
    harvest_records: int = 0
    harvest_rerun_requests: int = -1
    harvest_rerun_written: int = -1


@asynccontextmanager
async def _clock_running(sim: Simulator, step: float) -> AsyncIterator[None]:
    """Move the simulator's clock ``step`` seconds every 10 ms while the block runs."""
    async with anyio.create_task_group() as group:

        async def tick() -> None:
            while True:
                await anyio.sleep(0.01)
                sim.clock.advance(step)

        group.start_soon(tick)
        try:
            yield
        finally:
            group.cancel_scope.cancel()


def _faults(sim: Simulator, rate: float) -> None:
    """Faults on every route the publish job uses, lost answers after acting included."""
    for route in ("POST /open/v1/*", "PUT /_storage/*"):
        sim.add_fault(FaultRule(route=route, status=503, probability=rate))
        sim.add_fault(FaultRule(route=route, reset=True, probability=rate / 2))
    publish = "POST /open/v1/social/publish/upload-and-publish"
    sim.add_fault(FaultRule(route=publish, lose_response=True, probability=rate))
    sim.add_fault(FaultRule(route="PUT /_storage/*", lose_response=True, probability=rate))


async def _bulk_publish(
    sim: Simulator, folder: Path, videos: int, fault_rate: float
) -> JobsSummary:
    key = sim.create_api_key(rate_limit_per_minute=100_000)
    items = []
    for n in range(1, videos + 1):
        path = folder / f"clip-{n:03}.mp4"
        path.write_bytes(bytes([n % 256]) * 20_000)
        targets = [PublishTarget(platform_account_id=a, title=f"clip {n}") for a in DEMO_ACCOUNTS]
        items.append(PublishItem(id=f"clip-{n:03}", file=path, title=f"Clip {n}", targets=targets))
    _faults(sim, fault_rate)
    retry = RetryPolicy(max_attempts=4, base=0.01, max_wait=0.1, deadline=30)
    async with (
        TrenzClient(key, base_url=sim.url, rate_limit_per_minute=None, retry=retry) as trenz,
        await Journal.open(folder / "publish.sqlite") as journal,
        _clock_running(sim, 5.0),
    ):
        reports = await publish_many(
            trenz,
            items,
            journal=journal,
            limits=Limits(concurrency=16, per_key={"account": 4}),
            policy=STEP_POLICY,
            poll_policy=FAST_POLLS,
            wait_timeout=60,
        )
    sim.clear_faults()
    published = sum(t.status == "published" for r in reports for t in r.targets)
    keys = {stored.key for stored in sim.storage.objects()}
    twice = sum(
        1 for key in keys for account in DEMO_ACCOUNTS if sim.publications_created(key, account) > 1
    )
    return JobsSummary(
        videos=videos,
        targets=videos * len(DEMO_ACCOUNTS),
        published=published,
        created=sim.publications_created(),
        published_twice=twice,
        lost_answers=sum(1 for e in sim.journal if e.fault and "lose_response" in e.fault),
        drama_status="",
        drama_detail="",
    )


async def _drama(sim: Simulator, folder: Path) -> tuple[str, str]:
    sim.clock.set(_MONDAY)
    key, secret = sim.create_tiktok_client(rate_limit_per_minute=None, token_lifetime=30 * 86_400)
    release, problems = release_from_dict(
        {
            "id": "demo-drama",
            "album": {"language": 2, "title": "The Long Night", "year": 2026, "desp": "demo",
                      "drama_type": 2, "album_status": 2, "tag_list": [101]},
            "cover_url": "https://cdn.example.com/poster.jpg",
            "space_name": "shortdrama-sg",
            "byteplus_account_id": "333234234",
            "episodes": [
                {"title": f"Episode {n}", "seq": n, "url": f"https://media.example.com/ep{n}.mp4",
                 "subtitles": [{"language": "en", "url": f"https://media.example.com/ep{n}.srt"}]}
                for n in (1, 2, 3)
            ],
        }
    )  # fmt: skip
    assert release is not None, problems
    async with (
        TikTokClient(key, secret, base_url=sim.url, rate_limit_per_minute=None) as tiktok,
        await Journal.open(folder / "drama.sqlite") as journal,
        _clock_running(sim, 900.0),
    ):
        [report] = await drama_many(
            tiktok,
            [release],
            journal=journal,
            policy=STEP_POLICY,
            poll_policy=FAST_POLLS,
            moderation_policy=FAST_POLLS,
            moderation_timeout=60,
            upload_timeout=60,
        )
    counters = sim.drama_counters
    detail = (
        f"{counters['videos']} uploads, {counters['album_updates']} album update, "
        f"{counters['reviews_submitted']} review, {counters['online_versions_set']} online"
    )
    return report.status, report.error or detail


HARVEST_PLAN = HarvestPlan.build(
    markets=("us", "gb"),
    keywords=(None, "lamp"),
    limit=30,
    rankings=("new_arrivals",),
    research=[
        {
            "content_published_date_range": {"min": "20230101", "max": "20230131"},
            "creator_country_code": "FR",
        }
    ],
)
"""The demo's harvest: 4 searches and 2 rankings (30 records each at most), 1 research window."""


async def _harvest(sim: Simulator, folder: Path) -> dict[str, int]:
    """Run :data:`HARVEST_PLAN` into JSON Lines, then again (a finished job reruns idle)."""
    key = sim.create_api_key(rate_limit_per_minute=100_000)
    client_key, secret = sim.create_tiktok_client(rate_limit_per_minute=None)
    out = folder / "harvest.jsonl"
    counts: list[tuple[int, int]] = []  # (requests sent, lines in the output) after each run
    async with (
        TrenzClient(key, base_url=sim.url, rate_limit_per_minute=None) as trenz,
        TikTokClient(client_key, secret, base_url=sim.url, rate_limit_per_minute=None) as tiktok,
    ):
        for _ in range(2):
            before = len(sim.journal)
            sink = await open_sink(out)
            try:
                async with await Journal.open(folder / "harvest.sqlite") as journal:
                    await harvest(
                        HARVEST_PLAN, journal=journal, sink=sink, trenz=trenz, tiktok=tiktok
                    )
            finally:
                await sink.close()
            counts.append((len(sim.journal) - before, len(out.read_text().splitlines())))
    return {
        "harvest_units": len(HARVEST_PLAN.units),
        "harvest_records": counts[0][1],
        "harvest_rerun_requests": counts[1][0],
        "harvest_rerun_written": counts[1][1] - counts[0][1],
    }


async def run_jobs(sim: Simulator, *, videos: int = 40, fault_rate: float = 0.1) -> JobsSummary:
    """Run the bulk publish, the drama release and the harvest on ``sim``; summarise them."""
    with tempfile.TemporaryDirectory(prefix="trenz-demo-") as folder:
        summary = await _bulk_publish(sim, Path(folder), videos, fault_rate)
        status, detail = await _drama(sim, Path(folder))
        harvested = await _harvest(sim, Path(folder))
    return attrs.evolve(summary, drama_status=status, drama_detail=detail, **harvested)
