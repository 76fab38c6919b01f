"""A bulk publish killed with SIGKILL at random moments, and interrupted with Ctrl-C or SIGTERM,
then rerun: every (item, target) ends published exactly once, by the simulator's own counters.

Real processes on both sides: ``trenz-async simulator`` and ``trenz-async publish`` are child
processes talking loopback HTTP; the test moves the simulator's clock and arms its faults
through ``/_sim/``. Each publish call is held 0.3 s before the simulator acts on it, and some
are acted on with the answer lost (the client waits before looking them up), so that a kill
often lands between a publish's recorded intent and its recorded result: the rerun must
reconcile those from Publishing Record List, re-sending only what did not happen.
"""

from __future__ import annotations

import random
import re
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import anyio
import pytest

from tests.workflows.conftest import (
    ACCOUNTS,
    ROOT,
    StandaloneSimulator,
    clock_pump,
    publication_counts,
    publish_command,
    read_report,
    write_manifest,
)
from trenz_async.workflows.journal import Journal

ITEMS = 30
KILLS = 5
KEY_ITEM = re.compile(r"^upload/(clip-\d{4})\.mp4_[0-9a-f]{16}$")
PUBLISH_ROUTE = "POST /open/v1/social/publish/upload-and-publish"
FAULTS = [
    {"route": PUBLISH_ROUTE, "probability": 0.15, "lose_response": True},
    {"route": "PUT /_storage/*", "probability": 0.1, "lose_response": True},
    {"route": PUBLISH_ROUTE, "latency": 0.3},
]
"""Lost answers on publish calls and uploads; every other publish call held 0.3 s."""
FAST_JOB = ("--concurrency", "30", "--per-account", "8")


def arm(sim: StandaloneSimulator) -> None:
    for rule in FAULTS:
        sim.control("POST", "faults", rule)


def open_intents(journal: Path) -> int:
    """Publish steps the journal left at ``intent``: sent, with no answer recorded."""

    async def count() -> int:
        async with await Journal.open(journal) as opened:
            steps = await opened.all_steps()
        return sum(s.status == "intent" and s.step.startswith("publish:") for s in steps)

    return anyio.run(count)


def reconciled(sim: StandaloneSimulator) -> int:
    """Publishing Record List calls: each is a lookup of a publish whose outcome was unknown."""
    return sum(e["path"] == "/open/v1/social/publish/records" for e in sim.journal())


def start(sim: StandaloneSimulator, tmp_path: Path, run: int, *extra: str) -> subprocess.Popen[str]:
    """``trenz-async publish`` on the shared manifest/journal/report, output to a log file."""
    command = publish_command(
        tmp_path / "manifest.jsonl", tmp_path / "job.journal", tmp_path / "report.jsonl", *extra
    )
    with (tmp_path / f"run-{run}.log").open("w") as log:  # the child keeps its own copy
        return subprocess.Popen(
            command, cwd=ROOT, env=sim.env(), stdout=log, stderr=subprocess.STDOUT, text=True
        )


def log_of(tmp_path: Path, run: int) -> str:
    return (tmp_path / f"run-{run}.log").read_text()


def wait_for_start(tmp_path: Path, run: int, timeout: float = 30) -> None:
    """Until the command has printed its first line (it has checked the manifest and opened
    the journal; on a loaded machine the interpreter alone may take seconds to start)."""
    deadline = time.monotonic() + timeout
    while "Publishing" not in log_of(tmp_path, run):
        assert time.monotonic() < deadline, "the command did not start"
        time.sleep(0.05)


def assert_each_published_once(sim: StandaloneSimulator, tmp_path: Path) -> None:
    """Every (item, account) has exactly one publication; the report lists each as published."""
    per_target: Counter[tuple[str, int]] = Counter()
    for (key, account), created in publication_counts(sim.counters()).items():
        match = KEY_ITEM.match(key)
        assert match, key
        per_target[(match.group(1), account)] += created
    expected = {(f"clip-{n:04d}", account) for n in range(ITEMS) for account in ACCOUNTS}
    assert set(per_target) == expected
    assert set(per_target.values()) == {1}, {k: v for k, v in per_target.items() if v != 1}
    assert sim.counters()["publications_created"] == len(expected)
    rows = read_report(tmp_path / "report.jsonl")
    assert {(row["id"], row["platform_account_id"]) for row in rows} == expected
    assert len(rows) == len(expected)
    assert {row["status"] for row in rows} == {"published"}
    assert len({row["session_token"] for row in rows}) == len(expected)


def test_killed_at_five_random_moments_and_rerun_publishes_each_target_once(
    standalone: StandaloneSimulator, tmp_path: Path
) -> None:
    write_manifest(tmp_path, ITEMS)
    arm(standalone)
    delays = random.Random(1010).sample([x / 10 for x in range(5, 40)], KILLS)
    outcomes, left_open = [], []
    with clock_pump(standalone):
        for run, delay in enumerate(delays):
            process = start(standalone, tmp_path, run)
            time.sleep(delay)
            process.send_signal(signal.SIGKILL)
            outcomes.append(process.wait(timeout=10))
            left_open.append(open_intents(tmp_path / "job.journal"))
        final = start(standalone, tmp_path, KILLS)
        assert final.wait(timeout=120) == 0, log_of(tmp_path, KILLS)
    assert outcomes == [-signal.SIGKILL] * KILLS  # each kill landed while the job ran
    assert sum(left_open) > 0, left_open  # some kills cut a publish between intent and result
    assert reconciled(standalone) > 0
    assert_each_published_once(standalone, tmp_path)
    assert open_intents(tmp_path / "job.journal") == 0
    # a finished job reruns as a no-op: no request reaches the simulator
    seen = len(standalone.journal())
    again = start(standalone, tmp_path, KILLS + 1)
    assert again.wait(timeout=60) == 0, log_of(tmp_path, KILLS + 1)
    assert len(standalone.journal()) == seen
    assert_each_published_once(standalone, tmp_path)


@pytest.mark.parametrize("sent", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_job_exits_130_and_a_rerun_finishes_it(
    standalone: StandaloneSimulator, tmp_path: Path, sent: signal.Signals
) -> None:
    write_manifest(tmp_path, ITEMS)
    arm(standalone)
    with clock_pump(standalone):
        process = start(standalone, tmp_path, 0, *FAST_JOB)
        wait_for_start(tmp_path, 0)
        time.sleep(1.0)  # into the job: uploads done, publishes in flight
        process.send_signal(sent)
        assert process.wait(timeout=30) == 130, log_of(tmp_path, 0)
        assert "rerun the same command to resume" in log_of(tmp_path, 0)
        assert not (tmp_path / "report.jsonl").exists()
        rerun = start(standalone, tmp_path, 1, *FAST_JOB)
        assert rerun.wait(timeout=120) == 0, log_of(tmp_path, 1)
    assert_each_published_once(standalone, tmp_path)
