"""The publish flow over real HTTP against the simulator: every (item, target) published
exactly once, by the simulator's own counters, whatever fails and whenever the run stops.

The simulator moves publications on its clock (pending -> publishing at +2 s -> published at
+10 s), so each test that waits runs :func:`clock_running` beside the flows.
"""

from __future__ import annotations

import fnmatch
import time
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
import pytest

from tests.helpers import sim_client
from trenz_async import EventHooks, RequestEvent, ResponseEvent, TrenzClient
from trenz_async.polling import PollPolicy
from trenz_async.testing.faults import FaultRule
from trenz_async.testing.server import Simulator
from trenz_async.workflows import (
    INCOMPLETE,
    FlowEvent,
    ItemReport,
    Journal,
    Limits,
    PublishItem,
    PublishTarget,
    StepPolicy,
    publish_many,
)

pytestmark = pytest.mark.anyio

ACCOUNT, OTHER = 4687, 5678
"""The simulator's two seeded active TikTok accounts."""
PUBLISH = "POST /open/v1/social/publish/upload-and-publish"
RECORDS = "POST /open/v1/social/publish/records"
SESSION = "POST /open/v1/social/publish/session"
PRESIGN = "POST /open/v1/social/upload/presigned-url"
CHECK = "POST /open/v1/social/videos/check-info"
STORAGE_PUT = "PUT /_storage/*"
FAST_POLL = PollPolicy(interval=0.01, jitter=0, max_interval=0.05)
QUICK = StepPolicy(attempts=8, base=0.005, max_wait=0.05, reconcile_delay=0.005)
VIDEO = b"\x00\x00\x00\x18ftypmp42" * 4096


@asynccontextmanager
async def clock_running(sim: Simulator, step: float = 1.0) -> AsyncIterator[None]:
    """Advance the simulator's clock ``step`` seconds every 5 ms while the block runs."""

    async def tick() -> None:
        while True:
            sim.clock.advance(step)
            await anyio.sleep(0.005)

    async with anyio.create_task_group() as group:
        group.start_soon(tick)
        yield
        group.cancel_scope.cancel()


def make_items(
    folder: Path, count: int, accounts: Sequence[int] = (ACCOUNT, OTHER), prefix: str = "clip"
) -> list[PublishItem]:
    items = []
    for n in range(count):
        path = folder / f"{prefix}-{n:03}.mp4"
        path.write_bytes(VIDEO)
        targets = [
            PublishTarget(platform_account_id=a, title=f"{prefix} {n} on {a}") for a in accounts
        ]
        items.append(
            PublishItem(id=f"{prefix}-{n:03}", file=path, title=f"{prefix} {n}", targets=targets)
        )
    return items


async def publish(
    trenz: TrenzClient, items: Sequence[PublishItem], journal: Journal, **options: Any
) -> list[ItemReport]:
    options.setdefault("limits", Limits(concurrency=16, per_key={"account": 4}))
    options.setdefault("policy", QUICK)
    options.setdefault("poll_policy", FAST_POLL)
    options.setdefault("wait_timeout", 20)
    return await publish_many(trenz, items, journal=journal, **options)


def requests(sim: Simulator, route: str) -> int:
    """Requests that reached the simulator on ``route`` ("METHOD /path", fnmatch)."""
    return sum(fnmatch.fnmatchcase(f"{e.method} {e.path}", route) for e in sim.journal)


async def object_key(journal: Journal, item: PublishItem) -> str:
    upload = await journal.get(item.id, "upload")
    assert upload is not None
    assert upload.result is not None
    key = upload.result["bucket_key"]
    assert isinstance(key, str)
    return key


async def assert_published_exactly_once(
    sim: Simulator, journal: Journal, items: Sequence[PublishItem], reports: Sequence[ItemReport]
) -> None:
    """Every target published once by the simulator's counters, as the report says."""
    assert [r.item_id for r in reports] == [item.id for item in items]
    for item, report in zip(items, reports, strict=True):
        assert (report.item_id, report.status, report.error) == (item.id, "done", None)
        key = await object_key(journal, item)
        for target, got in zip(item.targets, report.targets, strict=True):
            account = target.platform_account_id
            assert sim.publications_created(key, account) == 1, (item.id, account)
            records = sim.social_publishing.records(bucket_key=key, platform_account_id=account)
            assert [(r.session_token, r.status) for r in records] == [
                (got.session_token, "published")
            ]
            assert (got.platform_account_id, got.status, got.error) == (account, "published", None)
    assert sim.publications_created() == sum(len(item.targets) for item in items)


async def test_every_target_is_published_once_and_a_rerun_sends_nothing(
    sim: Simulator, trenz: TrenzClient, journal: Journal, tmp_path: Path
) -> None:
    items = make_items(tmp_path, 3)
    async with clock_running(sim):
        reports = await publish(trenz, items, journal)
    await assert_published_exactly_once(sim, journal, items, reports)
    assert requests(sim, PUBLISH) == 6
    steps = [s.step for s in await journal.steps(items[0].id)]
    # the targets' intents are recorded once the upload is presigned (while the video goes
    # up and is checked); then each target's publish is sent, and then waited for
    assert steps[:3] == [f"publish:{ACCOUNT}", f"publish:{OTHER}", "upload"]
    assert sorted(steps[3:]) == ["check_info", f"wait:{ACCOUNT}", f"wait:{OTHER}"]
    for item in items:  # each item's publishes are sent only once its check is answered
        key = await object_key(journal, item)
        mine = [
            e for e in sim.journal if isinstance(e.json, dict) and e.json.get("bucket_key") == key
        ]
        routes = [f"{e.method} {e.path}" for e in mine]
        assert routes[:3] == [CHECK, PUBLISH, PUBLISH], routes

    seen = len(sim.journal)
    again = await publish(trenz, items, journal)
    assert again == reports
    assert len(sim.journal) == seen  # a finished job reruns as a no-op


async def test_a_session_sent_in_this_run_is_first_polled_one_interval_after_its_publish(
    sim: Simulator, trenz: TrenzClient, journal: Journal, tmp_path: Path
) -> None:
    items = make_items(tmp_path, 3)
    interval = PollPolicy(interval=0.2, jitter=0, backoff=1.0, max_interval=0.2)
    async with clock_running(sim):  # each publication is final some 20 ms after it is sent
        reports = await publish(trenz, items, journal, poll_policy=interval)
    await assert_published_exactly_once(sim, journal, items, reports)
    # polled one interval after the publish, not at once (when it was still processing)
    assert requests(sim, SESSION) == 6


async def test_a_rerun_skips_the_upload_and_check_that_finished(
    sim: Simulator, trenz: TrenzClient, journal: Journal, tmp_path: Path
) -> None:
    items = make_items(tmp_path, 2)
    sim.add_fault(FaultRule(route=PUBLISH, status=403))  # the key lacks the scope: stop
    first = await publish(trenz, items, journal)
    assert [r.status for r in first] == [INCOMPLETE, INCOMPLETE]
    assert first[0].error is not None
    assert first[0].error.startswith("PermissionDeniedError: 403 FORBIDDEN_SCOPE")
    step = await journal.get(items[0].id, f"publish:{ACCOUNT}")
    assert step is not None
    assert (step.status, step.final) == ("failed", False)
    assert sim.publications_created() == 0
    uploads = (requests(sim, PRESIGN), requests(sim, STORAGE_PUT), requests(sim, CHECK))
    assert uploads == (2, 2, 2)

    sim.clear_faults()
    async with clock_running(sim):
        second = await publish(trenz, items, journal)
    await assert_published_exactly_once(sim, journal, items, second)
    assert (requests(sim, PRESIGN), requests(sim, STORAGE_PUT), requests(sim, CHECK)) == uploads


async def test_a_lost_publish_answer_leaves_its_intent_and_the_rerun_reconciles_it(
    sim: Simulator, trenz: TrenzClient, tmp_path: Path
) -> None:
    items = make_items(tmp_path, 1, accounts=[ACCOUNT])
    path = tmp_path / "job.sqlite"
    sim.add_fault(FaultRule(route=PUBLISH, lose_response=True, times=1))  # acted, then lost
    sim.add_fault(FaultRule(route=RECORDS, status=503))  # and nothing can be looked up
    async with await Journal.open(path) as journal:
        first = await publish(trenz, items, journal, policy=StepPolicy(2, 0.001, 0.005, 0.001))
    assert first[0].status == INCOMPLETE
    assert requests(sim, PUBLISH) == 1

    async with await Journal.open(path) as journal:  # a later run opens the same file
        key = await object_key(journal, items[0])
        step = await journal.get(items[0].id, f"publish:{ACCOUNT}")
        assert step is not None
        assert step.intent is not None
        assert (step.status, step.result) == ("intent", None)  # the intent is there, not the result
        assert step.intent["bucket_key"] == key
        assert step.intent["publications"] == [
            {"platform_account_id": ACCOUNT, "title": f"clip 0 on {ACCOUNT}"}
        ]
        assert sim.publications_created(key, ACCOUNT) == 1

        sim.clear_faults()
        events: list[FlowEvent] = []
        async with clock_running(sim):
            second = await publish(trenz, items, journal, on_event=events.append)
        await assert_published_exactly_once(sim, journal, items, second)
    assert requests(sim, PUBLISH) == 1  # reconciled by the records list, never re-sent
    states = [e.state for e in events if e.step == f"publish:{ACCOUNT}"]
    assert states == ["reconciling", "reconciled", "done"]


async def test_a_reset_publish_never_happened_and_the_rerun_sends_it(
    sim: Simulator, trenz: TrenzClient, journal: Journal, tmp_path: Path
) -> None:
    items = make_items(tmp_path, 1, accounts=[OTHER])
    sim.add_fault(FaultRule(route=PUBLISH, reset=True, times=1))  # dropped before acting
    sim.add_fault(FaultRule(route=RECORDS, status=503))
    first = await publish(trenz, items, journal, policy=StepPolicy(2, 0.001, 0.005, 0.001))
    assert first[0].status == INCOMPLETE
    key = await object_key(journal, items[0])
    step = await journal.get(items[0].id, f"publish:{OTHER}")
    assert step is not None
    assert (step.status, step.result) == ("intent", None)
    assert sim.publications_created(key, OTHER) == 0

    sim.clear_faults()
    events: list[FlowEvent] = []
    async with clock_running(sim):
        second = await publish(trenz, items, journal, on_event=events.append)
    await assert_published_exactly_once(sim, journal, items, second)
    assert requests(sim, PUBLISH) == 2  # the reset one, and the one sent after the lookup
    states = [e.state for e in events if e.step == f"publish:{OTHER}"]
    assert states == ["reconciling", "resending", "sending", "done"]


@pytest.mark.parametrize(
    ("fault", "sent", "states"),
    [
        ("lose_response", 1, ["ambiguous", "reconciling", "reconciled", "done"]),
        ("reset", 2, ["ambiguous", "reconciling", "resending", "sending", "done"]),
    ],
)
async def test_in_one_run_a_lost_answer_is_reconciled_and_a_reset_is_resent(
    sim: Simulator,
    trenz: TrenzClient,
    journal: Journal,
    tmp_path: Path,
    fault: str,
    sent: int,
    states: list[str],
) -> None:
    items = make_items(tmp_path, 1, accounts=[ACCOUNT])
    rule = FaultRule(
        route=PUBLISH, times=1, lose_response=fault == "lose_response", reset=fault == "reset"
    )
    sim.add_fault(rule)
    events: list[FlowEvent] = []
    async with clock_running(sim):
        reports = await publish(trenz, items, journal, on_event=events.append)
    await assert_published_exactly_once(sim, journal, items, reports)
    assert requests(sim, PUBLISH) == sent
    seen = [e.state for e in events if e.step == f"publish:{ACCOUNT}"]
    assert seen[:2] == ["running", "sending"] or seen[0] == "sending"
    assert seen[-len(states) :] == states


async def test_one_failing_item_or_target_never_stops_the_others(
    sim: Simulator, trenz: TrenzClient, journal: Journal, tmp_path: Path
) -> None:
    youtube = (await trenz.social.accounts.list(platform="youtube")).items[0].id
    await trenz.social.accounts.disconnect(ACCOUNT)
    sim.fail_next_publication(youtube, "The platform rejected the video")
    (mixed,) = make_items(tmp_path, 1, accounts=[ACCOUNT, OTHER], prefix="mixed")
    (good,) = make_items(tmp_path, 1, accounts=[OTHER], prefix="good")
    (rejected,) = make_items(tmp_path, 1, accounts=[youtube], prefix="rejected")
    missing = PublishItem(
        id="missing",
        file=tmp_path / "nowhere.mp4",
        title="gone",
        targets=[PublishTarget(platform_account_id=OTHER)],
    )
    items = [mixed, missing, rejected, good]
    async with clock_running(sim):
        reports = await publish(trenz, items, journal)
    by_id = {r.item_id: r for r in reports}

    assert by_id["good-000"].status == "done"
    assert [t.status for t in by_id["good-000"].targets] == ["published"]

    assert by_id["mixed-000"].status == "failed"
    lost, fine = by_id["mixed-000"].targets
    assert (lost.platform_account_id, lost.status, lost.session_token) == (ACCOUNT, "failed", None)
    assert lost.error is not None
    assert lost.error.startswith("InvalidParamError: 400 INVALID_PARAM")
    assert (fine.platform_account_id, fine.status) == (OTHER, "published")

    assert by_id["missing"].status == "failed"
    assert by_id["missing"].error == "ValidationError: source: must be an existing file"
    assert [(t.platform_account_id, t.status) for t in by_id["missing"].targets] == [
        (OTHER, "failed")
    ]

    (refused,) = by_id["rejected-000"].targets
    assert (refused.status, refused.error) == ("failed", "The platform rejected the video")
    assert refused.session_token is not None

    assert sim.publications_created(await object_key(journal, mixed), OTHER) == 1
    assert sim.publications_created(await object_key(journal, mixed), ACCOUNT) == 0
    assert {f.flow_id: f.status for f in await journal.flows()} == dict.fromkeys(
        ["mixed-000", "missing", "rejected-000", "good-000"], "done"
    )
    seen = len(sim.journal)
    assert await publish(trenz, items, journal) == reports  # failed for good: not retried
    assert len(sim.journal) == seen


async def test_per_account_limits_hold_for_the_publish_calls(
    sim: Simulator, journal: Journal, tmp_path: Path
) -> None:
    in_flight = 0
    peak = 0

    def sent(event: RequestEvent) -> None:
        nonlocal in_flight, peak
        if event.path.endswith("/upload-and-publish"):
            in_flight += 1
            peak = max(peak, in_flight)

    def answered(event: ResponseEvent) -> None:
        nonlocal in_flight
        if event.path.endswith("/upload-and-publish"):
            in_flight -= 1

    holding: Counter[str] = Counter()
    peaks: Counter[str] = Counter()

    def progress(event: FlowEvent) -> None:
        if not (event.step or "").startswith("publish:"):
            return
        if event.state == "sending":
            holding[event.step or ""] += 1
        elif event.state in ("done", "failed", "ambiguous"):
            holding[event.step or ""] -= 1
        peaks[event.step or ""] = max(peaks[event.step or ""], holding[event.step or ""])

    hooks = EventHooks(on_request=sent, on_response=answered)
    sim.add_fault(FaultRule(route=PUBLISH, latency=0.03))
    items = make_items(tmp_path, 10)
    limits = Limits(concurrency=10, per_key={"account": 2})
    async with (
        sim_client(sim, sim.create_api_key(), hooks=hooks) as trenz,
        clock_running(sim),
    ):
        reports = await publish(trenz, items, journal, limits=limits, on_event=progress)
    await assert_published_exactly_once(sim, journal, items, reports)
    assert dict(peaks) == {f"publish:{ACCOUNT}": 2, f"publish:{OTHER}": 2}
    assert 3 <= peak <= 4  # two per account, never more


async def test_a_scheduled_target_is_reported_scheduled(
    sim: Simulator, trenz: TrenzClient, journal: Journal, tmp_path: Path
) -> None:
    later = int(time.time()) + 3600
    (item,) = make_items(tmp_path, 1, accounts=[OTHER])
    item = PublishItem(
        id=item.id,
        file=item.file,
        title=item.title,
        description="launch",
        targets=[PublishTarget(OTHER, None, {"privacy": "PUBLIC_TO_EVERYONE"}, later)],
    )
    (report,) = await publish(trenz, [item], journal)
    (target,) = report.targets
    assert (report.status, target.status, target.error) == ("done", "scheduled", None)
    key = await object_key(journal, item)
    (record,) = sim.social_publishing.records(bucket_key=key, platform_account_id=OTHER)
    assert (record.session_token, record.status, record.scheduled_at) == (
        target.session_token,
        "pending",
        later,
    )


async def test_fifty_items_to_two_accounts_under_twenty_percent_faults_publish_exactly_once(
    sim: Simulator, trenz: TrenzClient, journal: Journal, tmp_path: Path
) -> None:
    every = 0.045  # five rules on every route: about 20% of requests get a fault
    for rule in (
        FaultRule(route=PUBLISH, lose_response=True, times=2),  # surely, and then by chance
        FaultRule(route=STORAGE_PUT, lose_response=True, times=2),
        FaultRule(route=PUBLISH, lose_response=True, probability=0.05),
        FaultRule(route=STORAGE_PUT, lose_response=True, probability=0.05),
        FaultRule(route="*", status=503, probability=every),
        FaultRule(route="*", status=500, probability=every),
        FaultRule(route="*", status=429, retry_after=0, probability=every),
        FaultRule(route="*", reset=True, probability=every),
        FaultRule(route="*", latency=0.05, probability=every),
    ):
        sim.add_fault(rule)
    items = make_items(tmp_path, 50)
    async with clock_running(sim):
        reports = await publish(trenz, items, journal, limits=Limits(50, {"account": 8}))
    await assert_published_exactly_once(sim, journal, items, reports)
    faults = Counter(e.fault.split()[-1] for e in sim.journal if e.fault)
    assert set(faults) >= {"lose_response", "status=503", "status=500", "status=429", "reset"}
    assert 0.12 < sum(faults.values()) / len(sim.journal) < 0.3
    lost = [e for e in sim.journal if e.fault and "lose_response" in e.fault]
    assert any(e.method == "POST" for e in lost)
    assert any(e.method == "PUT" for e in lost)


async def test_a_cancelled_run_leaves_a_journal_the_next_run_finishes_exactly_once(
    sim: Simulator, trenz: TrenzClient, journal: Journal, tmp_path: Path
) -> None:
    sim.add_fault(FaultRule(route=PUBLISH, lose_response=True, probability=0.2))
    sim.add_fault(FaultRule(route=PUBLISH, latency=0.02))
    items = make_items(tmp_path, 20)
    # a request cut off by the cancel may still be acted on after the simulator's latency:
    # the rerun waits that long after the last journal write before looking it up
    settle = StepPolicy(attempts=8, base=0.005, max_wait=0.05, reconcile_delay=0.2)
    sends = 0
    with anyio.CancelScope() as scope:

        def stop_midway(event: FlowEvent) -> None:
            nonlocal sends
            if event.state == "sending":
                sends += 1
                if sends == 15:
                    scope.cancel()  # as the CLI does on Ctrl-C

        async with clock_running(sim):
            await publish(trenz, items, journal, on_event=stop_midway)
    assert scope.cancelled_caught
    statuses = Counter(f.status for f in await journal.flows())
    assert statuses["interrupted"] > 0
    assert statuses["done"] < len(items)
    assert any(s.status == "intent" for s in await journal.all_steps())

    async with clock_running(sim):
        reports = await publish(trenz, items, journal, policy=settle)
    await assert_published_exactly_once(sim, journal, items, reports)
