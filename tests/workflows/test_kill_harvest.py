"""A harvest killed with SIGKILL at random moments, then rerun: the output ends with every
record exactly once, the same records an uninterrupted harvest writes, and the reruns resume
(pages the journal recorded are not read again).

Real processes on both sides: ``trenz-async simulator`` and ``trenz-async harvest`` are child
processes talking loopback HTTP. Every read is held 0.1 s by the simulator, so a kill lands
with pages in flight, some written to the output but not yet recorded in the journal, and
now and then in the middle of a line (JSON Lines) or a transaction (SQLite).
"""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import anyio
import pytest

from tests.workflows.conftest import ROOT, StandaloneSimulator
from trenz_async.workflows.journal import Journal

KILLS = 5
CONCURRENCY = 2
LATENCY = 0.1
READ_ROUTES = ("GET /open/v1/*", "POST /v2/research/*")
UNITS = (
    "--markets", "us,gb,de,fr", "--keywords", "phone,case", "--limit", "200",
    "--rankings", "top_selling,most_promoted", "--ranking-date", "20250101",
    "--research-from", "20230101", "--research-to", "20230331", "--research-country", "fr",
    "--rate-limit", "0",
)  # fmt: skip
"""17 units: 8 searches, 8 rankings and a 90-day research window (about 100 pages)."""


def harvest_env(sim: StandaloneSimulator) -> dict[str, str]:
    """Trenz and TikTok credentials for ``sim`` (a TikTok client registered through /_sim/)."""
    client = sim.control("POST", "tiktok_clients", {"rate_limit_per_minute": None})
    return {
        **sim.env(),
        "TIKTOK_CLIENT_KEY": client["client_key"],
        "TIKTOK_CLIENT_SECRET": client["client_secret"],
        "TIKTOK_BASE_URL": sim.url,
    }


def start(env: dict[str, str], tmp_path: Path, name: str, out: str) -> subprocess.Popen[str]:
    """``trenz-async harvest`` into ``tmp_path/out`` with journal ``tmp_path/<out>.journal``;
    its output goes to ``tmp_path/<name>.log``."""
    journal = tmp_path / f"{out}.journal"
    command = [
        sys.executable, "-m", "trenz_async", "harvest", "--journal", str(journal),
        "--out", str(tmp_path / out), "--concurrency", str(CONCURRENCY), *UNITS,
    ]  # fmt: skip
    with (tmp_path / f"{name}.log").open("w") as log:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True
        )


def wait_for_start(tmp_path: Path, name: str, timeout: float = 30) -> None:
    """Until the command has printed its first line (the journal and the output are open)."""
    deadline = time.monotonic() + timeout
    while "Harvesting" not in (tmp_path / f"{name}.log").read_text():
        assert time.monotonic() < deadline, "the command did not start"
        time.sleep(0.02)


def output_rows(path: Path) -> list[tuple[str, str]]:
    """Every record in the output as ``(unit, canonical JSON of the record)``, in file order."""
    if path.suffix == ".jsonl":
        entries = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        pairs = [(entry["unit"], entry["record"]) for entry in entries]
    else:
        with sqlite3.connect(path) as db:
            rows = db.execute("SELECT unit, record_id, json FROM records").fetchall()
        assert all(str(json.loads(text)["id"]) == rid for _, rid, text in rows)
        pairs = [(unit, json.loads(text)) for unit, _, text in rows]
    return [(unit, json.dumps(record, sort_keys=True)) for unit, record in pairs]


def page_reads(sim: StandaloneSimulator) -> int:
    """Requests for a page of records (token requests left out)."""
    return sum(e["path"].startswith(("/open/v1/", "/v2/research/")) for e in sim.journal())


def recorded_pages(journal: Path) -> int:
    """Page steps the journal has a result for."""

    async def count() -> int:
        async with await Journal.open(journal) as opened:
            steps: list[Any] = await opened.all_steps()
        return sum(s.status == "done" and s.step.startswith("page:") for s in steps)

    return anyio.run(count)


@pytest.mark.parametrize("out", ["out.jsonl", "out.sqlite"])
def test_a_harvest_killed_at_five_moments_writes_every_record_once(
    standalone: StandaloneSimulator, tmp_path: Path, out: str
) -> None:
    env = harvest_env(standalone)
    for route in READ_ROUTES:
        standalone.control("POST", "faults", {"route": route, "latency": LATENCY})
    delays = random.Random(out).sample([x / 20 for x in range(6, 24)], KILLS)
    outcomes, recorded = [], []
    for run, delay in enumerate(delays):
        process = start(env, tmp_path, f"run-{run}", out)
        wait_for_start(tmp_path, f"run-{run}")
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        outcomes.append(process.wait(timeout=10))
        recorded.append(recorded_pages(tmp_path / f"{out}.journal"))
    final = start(env, tmp_path, "final", out)
    assert final.wait(timeout=120) == 0, (tmp_path / "final.log").read_text()
    assert outcomes == [-signal.SIGKILL] * KILLS  # each kill landed while the job ran
    assert recorded == sorted(recorded)  # the journal only grows
    assert recorded[-1] > recorded[0] > 0
    killed_reads = page_reads(standalone)

    # the same harvest, uninterrupted, into a fresh journal and output
    standalone.control("DELETE", "faults")
    reference = "ref" + Path(out).suffix
    clean = start(env, tmp_path, "reference", reference)
    assert clean.wait(timeout=120) == 0, (tmp_path / "reference.log").read_text()
    expected = output_rows(tmp_path / reference)
    written = output_rows(tmp_path / out)
    assert Counter(written) == Counter(expected)  # every record once, nothing lost
    assert len(written) == len(expected) > 1500
    assert len({unit for unit, _ in expected}) == 17
    # reruns resume: only pages a kill caught unrecorded are read again
    once = page_reads(standalone) - killed_reads
    assert once < killed_reads <= once + KILLS * CONCURRENCY * 3, (once, killed_reads)
