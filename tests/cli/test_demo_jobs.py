"""The demo's jobs: a bulk publish under faults publishes each target exactly once, the
drama is released, and the harvest job reruns on its journal without a request."""

from __future__ import annotations

import pytest

from trenz_async.cli.demo_jobs import run_jobs
from trenz_async.testing import Simulator

pytestmark = pytest.mark.anyio


async def test_the_demo_jobs_publish_exactly_once_and_release_the_drama() -> None:
    async with Simulator(seed=11) as sim:
        jobs = await run_jobs(sim, videos=12, fault_rate=0.15)
    assert (jobs.targets, jobs.published, jobs.created, jobs.published_twice) == (24, 24, 24, 0)
    assert jobs.lost_answers > 0  # the faults really hit acted-on writes
    assert jobs.drama_status == "released"
    assert jobs.harvest_units == 7
    assert jobs.harvest_records > 100
    assert (jobs.harvest_rerun_requests, jobs.harvest_rerun_written) == (0, 0)
