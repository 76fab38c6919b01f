"""The benchmark scripts still run end to end (tiny settings; their numbers are not judged here)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def run(script: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_overhead_prints_the_ratio_against_raw_aiohttp() -> None:
    out = run("overhead.py", "--calls", "100", "--concurrency", "4", "--rounds", "2")
    assert re.search(r"ratio SDK / raw\s*:\s*\d+\.\d+x .*target <= 1\.30", out), out


def test_bulk_prints_each_side_the_journal_and_peak_rss() -> None:
    out = run(
        "bulk.py", "--flows", "12", "--concurrency", "4", "--rounds", "1", "--rss-flows", "30"
    )
    assert re.search(r"publish_many \+ journal .* \d+\.\d+x bare .*target >= 0\.80", out), out
    assert re.search(r"journal \(FULL\): 8\.0 writes per flow", out), out
    assert re.search(r"peak RSS, 30 flows in flight: \d+\.\d MB, target <= 150", out), out


def test_bulk_counts_prints_bytecodes_per_flow_for_each_side_and_what_adds_them() -> None:
    out = run("bulk_counts.py", "--flows", "4", "--concurrency", "2", "--top", "3")
    for side in ("bare", "sdk", "runner"):
        assert re.search(rf"^  {side}\s+\d+  \d+\.\d\dx bare$", out, re.MULTILINE), out
    for section in ("sdk over bare", "runner over sdk"):
        listed = out.split(f"most added per flow, {section}:\n", 1)[1].splitlines()[:3]
        assert all(re.match(r"^ +-?\d+\.\d  .+:\d+ \S+$", line) for line in listed), out
