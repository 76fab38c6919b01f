"""The targets' intents are announced once the upload is presigned, before its bytes are sent.

An upload that ends somewhere else (its URL expired, an attempt presigned anew) announces
them again with the new key; an upload that never completes leaves them failed (not sent),
and the rerun publishes each target once without looking anything up.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anyio
import pytest

from tests.workflows.test_publish_flow import (
    ACCOUNT,
    OTHER,
    PUBLISH,
    RECORDS,
    STORAGE_PUT,
    assert_published_exactly_once,
    clock_running,
    make_items,
    object_key,
    publish,
    requests,
)
from trenz_async import TrenzClient
from trenz_async.testing.faults import FaultRule
from trenz_async.testing.server import Simulator
from trenz_async.workflows import INCOMPLETE, Journal, StepPolicy

pytestmark = pytest.mark.anyio


async def test_the_intents_are_queued_before_the_file_is_sent(
    sim: Simulator, trenz: TrenzClient, journal: Journal, tmp_path: Path
) -> None:
    items = make_items(tmp_path, 1)
    intend_soon = journal.intend_soon
    seen: list[tuple[list[str], int]] = []

    def counted(flow_id: str, intents: Any, **options: Any) -> Any:
        seen.append(([step for step, _ in intents], requests(sim, STORAGE_PUT)))
        return intend_soon(flow_id, intents, **options)

    journal.intend_soon = counted  # type: ignore[method-assign]
    async with clock_running(sim):
        reports = await publish(trenz, items, journal)
    await assert_published_exactly_once(sim, journal, items, reports)
    assert seen == [([f"publish:{ACCOUNT}", f"publish:{OTHER}"], 0)]  # one commit, no PUT yet


async def test_an_upload_presigned_anew_announces_the_new_key(
    sim: Simulator, trenz: TrenzClient, journal: Journal, tmp_path: Path
) -> None:
    items = make_items(tmp_path, 2)
    original = sim.storage.presign
    keys: list[str] = []

    def expired_first(*args: Any, **kwargs: Any) -> Any:
        presign = original(*args, **kwargs)
        keys.append(presign.key)
        if len(keys) == 1:  # the first URL expires before its PUT arrives
            sim.clock.advance(3601)
        return presign

    sim.storage.presign = expired_first  # type: ignore[method-assign]
    async with clock_running(sim):
        reports = await publish(trenz, items, journal)
    await assert_published_exactly_once(sim, journal, items, reports)
    assert len(keys) == 3  # one item presigned twice
    assert requests(sim, RECORDS) == 0  # nothing was looked up: the first key was never sent
    for item in items:
        key = await object_key(journal, item)
        for target in item.targets:
            step = await journal.get(item.id, f"publish:{target.platform_account_id}")
            assert step is not None
            assert step.intent is not None
            assert (step.status, step.intent["bucket_key"]) == ("done", key)


async def test_an_upload_that_never_lands_leaves_its_intents_unsent_for_the_rerun(
    sim: Simulator, trenz: TrenzClient, journal: Journal, tmp_path: Path
) -> None:
    items = make_items(tmp_path, 2)
    sim.add_fault(FaultRule(route=STORAGE_PUT, status=503))
    policy = StepPolicy(attempts=2, base=0.001, max_wait=0.002, reconcile_delay=0.005)
    reports = await publish(trenz, items, journal, policy=policy)
    assert [r.status for r in reports] == [INCOMPLETE, INCOMPLETE]
    assert requests(sim, PUBLISH) == 0
    for item in items:
        for target in item.targets:
            step = await journal.get(item.id, f"publish:{target.platform_account_id}")
            assert step is not None
            assert (step.status, step.final) == ("failed", False)
            assert step.error == "announced, not sent: the flow ended first"

    sim.clear_faults()
    async with clock_running(sim):
        again = await publish(trenz, items, journal)
    await assert_published_exactly_once(sim, journal, items, again)
    assert requests(sim, RECORDS) == 0  # withdrawn, so sent without a lookup


async def test_a_run_cancelled_during_the_upload_leaves_its_intents_unsent_for_the_rerun(
    sim: Simulator, trenz: TrenzClient, journal: Journal, tmp_path: Path
) -> None:
    items = make_items(tmp_path, 3)
    sim.add_fault(FaultRule(route=STORAGE_PUT, latency=0.5))
    with anyio.move_on_after(0.25) as scope:  # the PUTs are on their way: as on Ctrl-C
        await publish(trenz, items, journal)
    assert scope.cancelled_caught
    assert requests(sim, PUBLISH) == 0
    for item in items:
        flow = await journal.flow(item.id)
        assert flow is not None
        assert flow.status == "interrupted"
        for target in item.targets:
            step = await journal.get(item.id, f"publish:{target.platform_account_id}")
            assert step is not None
            assert (step.status, step.final) == ("failed", False)

    sim.clear_faults()
    async with clock_running(sim):
        again = await publish(trenz, items, journal)
    await assert_published_exactly_once(sim, journal, items, again)
    assert requests(sim, RECORDS) == 0  # withdrawn, so sent without a lookup
