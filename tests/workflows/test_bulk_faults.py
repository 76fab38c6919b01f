"""1,000 videos to two accounts through ``publish_many`` while a fifth of every route's requests
fail (5xx, resets, 429s, latency) and some writes are acted on with the answer lost: every
(item, target) is published exactly once by the simulator's own counters, and the report agrees.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest

from tests.workflows.conftest import (
    ACCOUNTS,
    FAST,
    advancing,
    publication_counts,
    write_manifest,
)
from trenz_async import RetryPolicy, TrenzClient
from trenz_async.cli.manifest import read_manifest
from trenz_async.cli.report import report_rows
from trenz_async.testing import FaultRule, Simulator
from trenz_async.workflows.journal import Journal
from trenz_async.workflows.publish import publish_many
from trenz_async.workflows.runner import Limits

pytestmark = pytest.mark.anyio
ITEMS = 1000
PUBLISH_ROUTE = "POST /open/v1/social/publish/upload-and-publish"
STORAGE_ROUTE = "PUT /_storage/*"
RETRY = RetryPolicy(max_attempts=12, base=0.002, max_wait=0.02, deadline=60)
"""Real retry rules with short waits; 12 attempts so that a read gives up about never."""
EVERY_ROUTE: list[dict[str, object]] = [
    {"status": 503},
    {"status": 500},
    {"reset": True},
    {"status": 429, "retry_after": 0},
    {"latency": 0.02},
]
"""Each fires on 4% of every route's requests: 20% in all."""


def fault_rules(share: float = 0.04) -> list[FaultRule]:
    """Lost answers first (5% of publish calls and storage PUTs: acted on, then the connection
    dropped), then the five faults of :data:`EVERY_ROUTE` each on ``share`` of all requests.

    The engine fires the first matching rule whose draw succeeds, so each rule's probability
    is its share of what the rules before it left.
    """
    rules = [
        FaultRule(route=PUBLISH_ROUTE, probability=0.05, lose_response=True),
        FaultRule(route=STORAGE_ROUTE, probability=0.05, lose_response=True),
    ]
    left = 1.0
    for fault in EVERY_ROUTE:
        rules.append(FaultRule(route="*", probability=share / left, **fault))  # type: ignore[arg-type]
        left -= share
    return rules


async def test_a_thousand_items_under_faults_publish_every_target_exactly_once(
    trenz_simulator: Simulator, tmp_path: Path
) -> None:
    items, problems = read_manifest(write_manifest(tmp_path, ITEMS))
    assert problems == []
    key = trenz_simulator.create_api_key(rate_limit_per_minute=100_000_000)
    for rule in fault_rules():
        trenz_simulator.add_fault(rule)
    started = time.monotonic()
    async with (
        TrenzClient(
            key,
            base_url=trenz_simulator.url,
            rate_limit_per_minute=None,
            retry=RETRY,
            retry_budget=None,
            pool_limit=200,
        ) as trenz,
        await Journal.open(tmp_path / "job.journal", synchronous="NORMAL") as journal,
        advancing(trenz_simulator, step=1.0, period=0.01),
    ):
        reports = await publish_many(
            trenz,
            items,
            journal=journal,
            limits=Limits(concurrency=200, per_key={"account": 100}),
            poll_policy=FAST,
            wait_timeout=120,
        )
    elapsed = time.monotonic() - started
    faults = Counter(entry.fault.split()[-1] for entry in trenz_simulator.journal if entry.fault)
    lookups = sum(e.path == "/open/v1/social/publish/records" for e in trenz_simulator.journal)
    trenz_simulator.clear_faults()

    # the simulator's counters: one publication per (item, account), none twice, none lost
    per_target: Counter[tuple[str, int]] = Counter()
    for (bucket_key, account), created in publication_counts(trenz_simulator.counters).items():
        item_id = bucket_key.removeprefix("upload/").partition(".mp4_")[0]
        per_target[(item_id, account)] += created
        assert trenz_simulator.publications_created(bucket_key, account) == created
    expected = {(item.id, account) for item in items for account in ACCOUNTS}
    assert set(per_target) == expected
    assert Counter(per_target.values()) == {1: len(expected)}
    assert trenz_simulator.publications_created() == len(expected)

    # the report agrees, target by target
    rows = report_rows(items, reports)
    assert len(rows) == len(expected)
    assert {(r["id"], r["platform_account_id"]) for r in rows} == expected
    assert Counter(r["status"] for r in rows) == {"published": len(expected)}, [
        r for r in rows if r["status"] != "published"
    ][:5]
    assert len({r["session_token"] for r in rows}) == len(expected)

    # the faults did fire, lost answers included (printed with -s: the run's numbers)
    assert faults["lose_response"] >= 20, faults
    assert lookups > 0  # lost publish answers were looked up, not re-sent blindly
    assert sum(faults.values()) >= 0.15 * len(trenz_simulator.journal), faults
    requests = len(trenz_simulator.journal)
    print(f"\n{ITEMS} items in {elapsed:.1f}s; {requests} requests, {lookups} lookups; {faults}")
