"""Harness for the workflow tests: an in-process simulator with its client and a journal
(``sim``, ``trenz``, ``journal``), videos and manifests on disk, the simulator's clock moved
while flows wait, and ``trenz-async simulator`` / ``trenz-async publish`` as child processes."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import urllib.request
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread
import pytest

from tests.helpers import sim_client
from trenz_async import TrenzClient
from trenz_async.cli import main
from trenz_async.polling import PollPolicy
from trenz_async.testing import Simulator
from trenz_async.workflows import Journal

ROOT = Path(__file__).parents[2]
ACCOUNTS = (4687, 5678)
"""The two active TikTok accounts the simulator seeds."""
FAST = PollPolicy(interval=0.02, jitter=0.0, backoff=1.0, max_interval=0.02)
"""Session polls 20 ms apart: the simulator's clock, moved by the test, paces publications."""
MP4_HEADER = b"\x00\x00\x00\x18ftypmp42"
SIMULATOR = [sys.executable, "-m", "trenz_async", "simulator"]


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator(seed=2024, rate_limit_per_minute=None) as simulator:
        yield simulator


@pytest.fixture
async def trenz(sim: Simulator) -> AsyncIterator[TrenzClient]:
    async with sim_client(sim, sim.create_api_key(), retry_budget=None) as client:
        yield client


@pytest.fixture
async def journal(tmp_path: Path) -> AsyncIterator[Journal]:
    async with await Journal.open(tmp_path / "job.sqlite") as opened:
        yield opened


def write_manifest(
    folder: Path,
    count: int,
    accounts: Sequence[int] = ACCOUNTS,
    *,
    size: int = 2048,
    name: str = "manifest.jsonl",
) -> Path:
    """``count`` small distinct videos under ``folder/videos`` and a manifest publishing each
    to ``accounts``; returns the manifest's path. Item ids are ``clip-0000``, ``clip-0001``..."""
    videos = folder / "videos"
    videos.mkdir(parents=True, exist_ok=True)
    lines = []
    for n in range(count):
        clip = f"clip-{n:04d}"
        body = MP4_HEADER + n.to_bytes(4, "big") + bytes(range(256)) * (size // 256)
        (videos / f"{clip}.mp4").write_bytes(body[:size])
        targets = [{"platform_account_id": account} for account in accounts]
        item = {"id": clip, "file": f"videos/{clip}.mp4", "title": f"Clip {n}", "targets": targets}
        lines.append(json.dumps(item))
    manifest = folder / name
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return manifest


def read_report(path: Path) -> list[dict[str, Any]]:
    """The report's rows."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@asynccontextmanager
async def advancing(sim: Simulator, step: float = 2.0, period: float = 0.01) -> AsyncIterator[None]:
    """Move ``sim``'s clock ``step`` seconds every ``period`` real seconds while inside."""

    async def pump() -> None:
        while True:
            await anyio.sleep(period)
            sim.clock.advance(step)

    async with anyio.create_task_group() as group:
        group.start_soon(pump)
        try:
            yield
        finally:
            group.cancel_scope.cancel()


class StandaloneSimulator:
    """``python -m trenz_async simulator --port 0 --rate-limit 0`` in a child process, driven
    through its HTTP control API under ``/_sim/``."""

    def __init__(self, log: Path) -> None:
        self._log = log.open("w")
        self.process = subprocess.Popen(
            [*SIMULATOR, "--port", "0", "--rate-limit", "0", "--log-level", "WARNING"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
        )
        assert self.process.stdout is not None
        url = key = ""
        for line in self.process.stdout:
            if match := re.search(r"listening on (\S+)", line):
                url = match.group(1)
            if match := re.search(r"API key: (\S+)", line):
                key = match.group(1)
            if "Ctrl-C to stop" in line:
                break
        if not (url and key):
            self.stop()
            raise RuntimeError(f"the simulator stopped before its banner: {log.read_text()}")
        self.url, self.api_key = url, key

    def control(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        """Call ``/_sim/<path>`` and return its JSON answer."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.url}/_sim/{path}", data=data, method=method)
        request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.loads(answer.read())

    def counters(self) -> dict[str, int]:
        """The simulator's counters (``publications_created key=<k> account=<id>`` ...)."""
        counters: dict[str, int] = self.control("GET", "counters")["counters"]
        return counters

    def journal(self) -> list[dict[str, Any]]:
        """Every request the simulator has seen, in order."""
        entries: list[dict[str, Any]] = self.control("GET", "journal")["entries"]
        return entries

    def advance(self, seconds: float) -> None:
        """Move the simulator's clock forward."""
        self.control("POST", "clock/advance", {"seconds": seconds})

    def env(self) -> dict[str, str]:
        """The environment a ``trenz-async publish`` child needs to reach this simulator."""
        return {**os.environ, "TRENZ_API_KEY": self.api_key, "TRENZ_BASE_URL": self.url}

    def stop(self) -> None:
        """Ctrl-C, then kill if it lingers."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        assert self.process.stdout is not None
        self.process.stdout.close()
        self._log.close()


@pytest.fixture
def standalone(tmp_path: Path) -> Iterator[StandaloneSimulator]:
    """A started standalone simulator (its log in ``tmp_path/simulator.log``)."""
    sim = StandaloneSimulator(tmp_path / "simulator.log")
    try:
        yield sim
    finally:
        sim.stop()


@contextmanager
def clock_pump(sim: StandaloneSimulator, step: float = 5.0, period: float = 0.1) -> Iterator[None]:
    """Advance the standalone simulator's clock ``step`` seconds every ``period`` seconds, from
    a thread, while inside (publications need 10 s of simulator time)."""
    stop = threading.Event()

    def pump() -> None:
        while not stop.wait(period):
            sim.advance(step)

    thread = threading.Thread(target=pump, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def publish_command(manifest: Path, journal: Path, report: Path, *extra: str) -> list[str]:
    """``python -m trenz_async publish`` with a journal and a report, no client rate limit."""
    return [
        sys.executable, "-m", "trenz_async", "publish", str(manifest),
        "--journal", str(journal), "--report", str(report), "--rate-limit", "0", *extra,
    ]  # fmt: skip


def publication_counts(
    counters: dict[str, int], accounts: Sequence[int] = ACCOUNTS
) -> dict[tuple[str, int], int]:
    """``{(bucket_key, account): publications created}`` from the simulator's counters."""
    pattern = re.compile(r"^publications_created key=(\S+) account=(\d+)$")
    counts: dict[tuple[str, int], int] = {}
    for name, value in counters.items():
        if match := pattern.match(name):
            account = int(match.group(2))
            if account in accounts:
                counts[(match.group(1), account)] = value
    return counts


@pytest.fixture
def trenz_env(trenz_simulator: Simulator, monkeypatch: pytest.MonkeyPatch) -> None:
    """``trenz-async publish``'s credentials point at the test's simulator (no server-side
    rate limit)."""
    key = trenz_simulator.create_api_key(rate_limit_per_minute=1_000_000)
    monkeypatch.setenv("TRENZ_API_KEY", key)
    monkeypatch.setenv("TRENZ_BASE_URL", trenz_simulator.url)


async def cli(sim: Simulator, *argv: str) -> int:
    """``trenz-async *argv`` in a worker thread, the simulator's clock moving meanwhile."""
    async with advancing(sim):
        return await anyio.to_thread.run_sync(main, list(argv))


def publish_args(tmp_path: Path, manifest: Path, *extra: str) -> list[str]:
    journal, report = tmp_path / "job.journal", tmp_path / "report.jsonl"
    return ["publish", str(manifest), "--journal", str(journal), "--report", str(report), *extra]
