"""The publish flow over HTTP when the answers hold only what the seed shows: Upload and
Publish ``{session_token}``, Publish Session Status ``{status}`` (``publish_answers="seed"``),
and publication statuses the seed never names."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import answer_with, sim_client
from tests.workflows.test_publish_flow import (
    ACCOUNT,
    OTHER,
    PUBLISH,
    RECORDS,
    SESSION,
    clock_running,
    make_items,
    object_key,
    publish,
    requests,
)
from trenz_async import TrenzClient
from trenz_async.testing.faults import FaultRule
from trenz_async.testing.server import Simulator
from trenz_async.workflows import Journal, PublishItem, PublishTarget

pytestmark = pytest.mark.anyio


@pytest.fixture
async def seed_sim() -> AsyncIterator[Simulator]:
    async with Simulator(seed=2024, rate_limit_per_minute=None, publish_answers="seed") as sim:
        yield sim


@pytest.fixture
async def full_sim() -> AsyncIterator[Simulator]:
    async with Simulator(seed=2024, rate_limit_per_minute=None) as sim:
        yield sim


@pytest.fixture
async def trenz(request: pytest.FixtureRequest) -> AsyncIterator[TrenzClient]:
    sim = request.getfixturevalue(request.param)
    async with sim_client(sim, sim.create_api_key(), retry_budget=None) as client:
        yield client


def scheduled(item: PublishItem, at: int) -> PublishItem:
    """``item`` with its one target scheduled at ``at`` (unix seconds)."""
    (target,) = item.targets
    return PublishItem(
        item.id,
        item.file,
        item.title,
        targets=[PublishTarget(target.platform_account_id, None, None, at)],
    )


def session_answer(sim: Simulator, data: dict[str, Any]) -> None:
    """Every Publish Session Status call answers ``data``."""
    answer_with(sim, SESSION, {"data": data, "request_id": "req-seed"}, times=None)


@pytest.mark.parametrize("trenz", ["seed_sim"], indirect=True)
async def test_targets_end_by_the_sessions_status_when_it_lists_no_publication(
    seed_sim: Simulator, trenz: TrenzClient, journal: Journal, tmp_path: Path
) -> None:
    items = make_items(tmp_path, 2)
    async with clock_running(seed_sim):
        reports = await publish(trenz, items, journal)
    for item, report in zip(items, reports, strict=True):
        assert (report.status, report.error) == ("done", None)
        key = await object_key(journal, item)
        for got in report.targets:
            (record,) = seed_sim.social_publishing.records(
                bucket_key=key, platform_account_id=got.platform_account_id
            )
            assert (got.status, got.session_token) == ("published", record.session_token)
            assert record.status == "published"
    assert seed_sim.publications_created() == 4


@pytest.mark.parametrize("trenz", ["seed_sim"], indirect=True)
async def test_a_failed_session_that_lists_no_publication_fails_its_target(
    seed_sim: Simulator, trenz: TrenzClient, journal: Journal, tmp_path: Path
) -> None:
    seed_sim.fail_next_publication(ACCOUNT, "The platform rejected the video")
    items = make_items(tmp_path, 1, accounts=[ACCOUNT])
    async with clock_running(seed_sim):
        (report,) = await publish(trenz, items, journal)
    (target,) = report.targets
    assert (report.status, target.status, target.error) == (
        "failed",
        "failed",
        "the session ended failed",
    )
    assert target.session_token


@pytest.mark.parametrize("trenz", ["full_sim"], indirect=True)
async def test_a_failed_session_gives_its_own_error_text_to_the_target(
    full_sim: Simulator, trenz: TrenzClient, journal: Journal, tmp_path: Path
) -> None:
    session_answer(full_sim, {"status": "failed", "error_message": "Account is banned"})
    (report,) = await publish(trenz, make_items(tmp_path, 1, accounts=[OTHER]), journal)
    (target,) = report.targets
    assert (report.status, target.status, target.error) == ("failed", "failed", "Account is banned")


@pytest.mark.parametrize("status", ["published", "completed", "success"])
@pytest.mark.parametrize("trenz", ["full_sim"], indirect=True)
async def test_a_publication_completed_or_success_is_published(
    full_sim: Simulator, trenz: TrenzClient, journal: Journal, tmp_path: Path, status: str
) -> None:
    publication = {"platform_account_id": ACCOUNT, "status": status, "platform_video_id": "v1"}
    session_answer(full_sim, {"status": "completed", "publications": [publication]})
    (report,) = await publish(trenz, make_items(tmp_path, 1, accounts=[ACCOUNT]), journal)
    (target,) = report.targets
    assert (report.status, target.status, target.error) == ("done", "published", None)


@pytest.mark.parametrize("trenz", ["seed_sim"], indirect=True)
async def test_a_scheduled_target_is_reported_scheduled_when_the_answer_lists_no_publication(
    seed_sim: Simulator, trenz: TrenzClient, journal: Journal, tmp_path: Path
) -> None:
    later = int(time.time()) + 3600
    item = scheduled(make_items(tmp_path, 1, accounts=[OTHER])[0], later)
    (report,) = await publish(trenz, [item], journal)
    (target,) = report.targets
    assert (report.status, target.status, target.error) == ("done", "scheduled", None)
    assert requests(seed_sim, SESSION) == 0  # reported from what was sent, not polled
    step = await journal.get(item.id, f"publish:{OTHER}")
    assert step is not None
    assert step.result is not None
    assert step.result["scheduled_at"] == later
    key = await object_key(journal, item)
    (record,) = seed_sim.social_publishing.records(bucket_key=key, platform_account_id=OTHER)
    assert (record.session_token, record.status, record.scheduled_at) == (
        target.session_token,
        "pending",
        later,
    )


@pytest.mark.parametrize("trenz", ["seed_sim"], indirect=True)
async def test_a_target_scheduled_under_5_minutes_is_published_at_once(
    seed_sim: Simulator, trenz: TrenzClient, journal: Journal, tmp_path: Path
) -> None:
    item = scheduled(make_items(tmp_path, 1, accounts=[OTHER])[0], int(time.time()) + 60)
    async with clock_running(seed_sim):
        (report,) = await publish(trenz, [item], journal)
    (target,) = report.targets
    assert (report.status, target.status, target.error) == ("done", "published", None)
    assert requests(seed_sim, SESSION) >= 1


@pytest.mark.parametrize("trenz", ["seed_sim"], indirect=True)
async def test_a_lost_publish_is_reconciled_from_a_record_without_its_session_token(
    seed_sim: Simulator, trenz: TrenzClient, journal: Journal, tmp_path: Path
) -> None:
    # Publishing Record List is only named in the seed: a record may well not carry the
    # session's token. It still proves the publication happened (never sent again), and the
    # target is followed through its record until it is final.
    seed_sim.add_fault(FaultRule(route=PUBLISH, lose_response=True, times=1))
    items = make_items(tmp_path, 1, accounts=[ACCOUNT])
    async with clock_running(seed_sim):
        (report,) = await publish(trenz, items, journal)
    (target,) = report.targets
    assert (report.status, target.status, target.session_token) == ("done", "published", None)
    assert requests(seed_sim, PUBLISH) == 1
    assert seed_sim.publications_created() == 1
    key = await object_key(journal, items[0])
    (record,) = seed_sim.social_publishing.records(bucket_key=key, platform_account_id=ACCOUNT)
    assert record.status == "published"
    assert requests(seed_sim, RECORDS) >= 2  # the lookup, then the record polled until final


@pytest.mark.parametrize("trenz", ["full_sim"], indirect=True)
async def test_a_video_check_it_cannot_read_does_not_stop_the_publishing(
    full_sim: Simulator, trenz: TrenzClient, journal: Journal, tmp_path: Path
) -> None:
    # Validate Video Info is "recommended" and its answer is not in the seed: one the client
    # cannot read is recorded as such, and the video is published all the same.
    answer_with(full_sim, "POST /open/v1/social/videos/check-info", {"data": {"platforms": 7}})
    items = make_items(tmp_path, 1, accounts=[ACCOUNT])
    async with clock_running(full_sim):
        (report,) = await publish(trenz, items, journal)
    assert (report.status, [t.status for t in report.targets]) == ("done", ["published"])
    check = await journal.get(items[0].id, "check_info")
    assert check is not None
    assert check.result is not None
    assert check.result["passed"] is None
    assert "platforms" in check.result["unread"]
    assert full_sim.publications_created() == 1
