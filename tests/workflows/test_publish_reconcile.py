"""Reconciling a publish whose outcome is unknown, against lookups that fail or mislead.

A refused lookup never fails a write for good; a record of another object or account, from a
service that ignored the filters, is never taken for ours.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import answer_with
from tests.workflows.test_publish_flow import (
    ACCOUNT,
    PUBLISH,
    RECORDS,
    assert_published_exactly_once,
    clock_running,
    make_items,
    publish,
    requests,
)
from trenz_async import TrenzClient
from trenz_async.testing.faults import FaultRule
from trenz_async.testing.server import Simulator
from trenz_async.workflows import INCOMPLETE, Journal, StepPolicy

pytestmark = pytest.mark.anyio


async def test_a_refused_lookup_stops_the_flow_and_the_rerun_reconciles(
    sim: Simulator, trenz: TrenzClient, journal: Journal, tmp_path: Path
) -> None:
    # A 404 from the records list says nothing of the publish: never "failed for good".
    items = make_items(tmp_path, 1, accounts=[ACCOUNT])
    sim.add_fault(FaultRule(route=PUBLISH, lose_response=True, times=1))
    sim.add_fault(FaultRule(route=RECORDS, status=404))
    first = await publish(trenz, items, journal, policy=StepPolicy(2, 0.001, 0.005, 0.001))
    assert first[0].status == INCOMPLETE
    assert "could not look up whether it happened" in (first[0].error or "")
    sim.clear_faults()
    async with clock_running(sim):
        second = await publish(trenz, items, journal)
    await assert_published_exactly_once(sim, journal, items, second)
    assert requests(sim, PUBLISH) == 1


async def test_a_lookup_never_takes_another_objects_publication(
    sim: Simulator, trenz: TrenzClient, journal: Journal, tmp_path: Path
) -> None:
    # A service that ignored the filters answers someone else's record: not ours, so the
    # publish (reset before it was acted on) is sent again.
    items = make_items(tmp_path, 1, accounts=[ACCOUNT])
    other = {"bucket_key": "upload/other.mp4_0", "platform_account_id": ACCOUNT}
    record = {**other, "session_token": "someone-else", "status": "published", "record_id": "1"}
    answer = {"code": "OK", "message": "ok", "data": {"items": [record], "total_count": 1}}
    sim.add_fault(FaultRule(route=PUBLISH, reset=True, times=1))
    answer_with(sim, RECORDS, answer)
    async with clock_running(sim):
        reports = await publish(trenz, items, journal)
    await assert_published_exactly_once(sim, journal, items, reports)
    assert reports[0].targets[0].session_token != "someone-else"
    assert requests(sim, PUBLISH) == 2
