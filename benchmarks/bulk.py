"""Bulk publishing: the runner vs a bare aiohttp loop, the journal's cost, memory in flight.

One simulator (``trenz-async simulator`` in another process, faults off, no rate limit) serves
both sides. A flow publishes one small video to two TikTok accounts with the same HTTP requests
on both sides: presign, PUT to storage, check-info, upload-and-publish per account, then each
session polled in turn until it is final (the order ``publish_many`` sends them in). The bare
loop sends them with aiohttp and ``json.loads``; the runner is ``publish_many`` with its
SQLite journal (``synchronous=FULL``, the default), models, retries armed, the rate limiter
on (with room never to throttle) and the runner's garbage-collector setting
(``Limits.gc_young_threshold``, raised while it runs; the other sides run with CPython's; pass
``--runner-gc-threshold default`` to measure the runner with CPython's too).
Both poll at the same fixed interval, the first poll of a session one interval after its
publish was answered (as ``publish_many`` does); a child process moves the simulator's clock 11 s
every 50 ms, so a publication is final within a tick. Blocks alternate between the sides
(the order flipped each round) at the same concurrency; 10 rounds by default: on a shared
machine one round's ratio moves by 0.1 or more, and the median of 6 moved by 0.04 run to run.

    python benchmarks/bulk.py --flows 600 --waves 8 --concurrency 16,64,256 --rss-flows 10000

A block runs ``max(flows, waves * concurrency)`` flows: at least ``waves`` flows per slot, so
that a block measures the steady state of a long job rather than its ramp-up (every slot
starting at once) and its drain (the last flows finishing with few others in flight); at
concurrency 256, 600 flows would be 2.3 flows per slot.

Prints, per concurrency level and side, flows per second (median of the blocks), client
CPU per flow and the share of a core the simulator used (near 100%: the server, not the
client, set that side's pace, and its ratio means little), and the ratio runner / bare
(median of the per-round ratios; target >= 0.8x);
the journal's cost per step: the time a flow waited for each durable write in the run, and
one writer alone with FULL and with NORMAL sync; and the peak RSS of a fresh process running
``--rss-flows`` flows all in flight at once (target <= 150 MB), with its growth per flow.
A flow here is latency-bound (polls, round trips, durable writes), so at low concurrency the
ratio reads the journal's added latency per flow; at high concurrency, throughput.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any, NamedTuple

import aiohttp
import attrs

sys.path.insert(0, str(Path(__file__).resolve().parent))
from overhead import CLIENT_CPU, SERVER_CPU, _pin, start_simulator

from trenz_async import TrenzClient
from trenz_async.polling import PollPolicy
from trenz_async.workflows.journal import Journal
from trenz_async.workflows.publish import PublishItem, PublishTarget, publish_many
from trenz_async.workflows.runner import Limits

ACCOUNTS = (4687, 5678)
POLL = 0.05
POLICY = PollPolicy(interval=POLL, jitter=0.0, backoff=1.0, max_interval=POLL)
VIDEO = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 16  # 4 KiB
SOCIAL = "/open/v1/social"
MB = 1_000_000
SIDES = ["bare", "sdk", "runner"]
LABELS = {
    "bare": "bare aiohttp loop",
    "sdk": "SDK calls, no journal",
    "runner": "publish_many + journal",
}


def pump_clock(url: str, step: float = 11.0, period: float = 0.01) -> None:
    """Advance the simulator's clock ``step`` seconds every ``period`` seconds, until killed.

    Several ticks fall within every poll interval (:data:`POLL`), so each session is final at
    its first poll on every side: with one tick per interval, a poll sent sooner after its
    publish (a faster client) found more sessions still processing and polled again, and
    the sides no longer sent the same requests."""
    body = json.dumps({"seconds": step}).encode()
    while True:
        time.sleep(period)
        request = urllib.request.Request(f"{url}/_sim/clock/advance", data=body)
        with urllib.request.urlopen(request, timeout=10):
            pass


class ClockPump:
    """:func:`pump_clock` in a child process on the simulator's core: the measured client
    spends no CPU (nor GIL) on it."""

    def __init__(self, url: str) -> None:
        self._command = [sys.executable, __file__, "--pump-clock", url]
        self._proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> ClockPump:
        self._proc = subprocess.Popen(self._command, preexec_fn=lambda: _pin(SERVER_CPU))
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._proc is not None
        self._proc.terminate()
        self._proc.wait(timeout=10)


def items_for(prefix: str, count: int, video: Path) -> list[PublishItem]:
    targets = [PublishTarget(platform_account_id=account) for account in ACCOUNTS]
    return [
        PublishItem(id=f"{prefix}-{n}", file=video, title=f"Clip {n}", targets=targets)
        for n in range(count)
    ]


# -- the bare loop ---------------------------------------------------------------------------


class Bare:
    """The flow's requests with aiohttp and json.loads, nothing else."""

    def __init__(self, session: aiohttp.ClientSession, url: str, key: str, video: Path) -> None:
        self.session, self.url, self.video = session, url, video
        self.headers = {"X-API-Key": key}

    async def post(self, path: str, body: dict[str, Any]) -> Any:
        async with self.session.post(self.url + path, json=body, headers=self.headers) as resp:
            answer = json.loads(await resp.read())
            if resp.status != 200:
                raise RuntimeError(f"{path}: {resp.status} {answer}")
            return answer["data"]

    async def flow(self, n: int) -> None:
        presigned = await self.post(f"{SOCIAL}/upload/presigned-url", {"file_name": "clip.mp4"})
        body = self.video.read_bytes()
        headers = {"Content-Type": "video/mp4"}
        async with self.session.put(presigned["presigned_url"], data=body, headers=headers) as r:
            if r.status != 200:
                raise RuntimeError(f"PUT: {r.status}")
        stored = {"bucket_name": presigned["s3_bucket"], "bucket_key": presigned["object_key"]}
        await self.post(f"{SOCIAL}/videos/check-info", stored)
        sent = [await self.publish(n, stored, account) for account in ACCOUNTS]
        for token, created_at in sent:
            await self.wait(token, created_at)

    async def publish(self, n: int, stored: dict[str, str], account: int) -> tuple[str, float]:
        body = {"video_title": f"Clip {n}", **stored}
        body["publications"] = [{"platform_account_id": account}]  # type: ignore[assignment]
        session = await self.post(f"{SOCIAL}/publish/upload-and-publish", body)
        return str(session["session_token"]), time.monotonic()

    async def wait(self, session_token: str, created_at: float) -> None:
        token = {"session_token": session_token}
        first = created_at + POLL - time.monotonic()  # first poll an interval after creation
        if first > 0:
            await asyncio.sleep(first)
        while True:
            status = (await self.post(f"{SOCIAL}/publish/session", token))["status"]
            if status != "processing":
                if status != "completed":
                    raise RuntimeError(f"session ended {status}")
                return
            await asyncio.sleep(POLL)


async def drive(flows: int, concurrency: int, flow: Any) -> None:
    counter = iter(range(flows))

    async def worker() -> None:
        for n in counter:
            await flow(n)

    await asyncio.gather(*(worker() for _ in range(concurrency)))


class SdkLoop:
    """The same flow with trenz_async's calls, one after another: no runner, no journal."""

    def __init__(self, trenz: TrenzClient, video: Path) -> None:
        self.trenz, self.video = trenz, video

    async def flow(self, n: int) -> None:
        stored = await self.trenz.files.upload(self.video)
        where = {"bucket_name": stored.bucket_name, "bucket_key": stored.bucket_key}
        await self.trenz.social.videos.check_info(**where)
        publishing = self.trenz.social.publishing
        sent = []
        for account in ACCOUNTS:
            session = await publishing.upload_and_publish(
                video_title=f"Clip {n}", publications=[{"platform_account_id": account}], **where
            )
            sent.append((session.session_token, time.monotonic()))
        for token, created_at in sent:
            await publishing.wait(token, policy=POLICY, started_at=created_at)


# -- the runner ------------------------------------------------------------------------------


def sdk_client(url: str, key: str) -> TrenzClient:
    return TrenzClient(
        key, base_url=url, rate_limit_per_minute=10_000_000, rate_limit_burst=100_000
    )


RUNNER_LIMITS = Limits()
"""The runner's limits besides concurrency (``--runner-gc-threshold`` changes its GC setting)."""


async def run_sdk(
    trenz: TrenzClient, items: list[PublishItem], concurrency: int, journal_path: Path
) -> dict[str, float]:
    limits = attrs.evolve(RUNNER_LIMITS, concurrency=concurrency, per_key={"account": concurrency})
    async with await Journal.open(journal_path) as journal:
        reports = await publish_many(
            trenz,
            items,
            journal=journal,
            limits=limits,
            poll_policy=POLICY,
        )
        stats = journal.stats
    bad = [r for r in reports if r.status != "done"]
    if bad:
        raise RuntimeError(f"{len(bad)} flows did not finish: {bad[0]}")
    return {
        "writes": stats.writes,
        "commits": stats.commits,
        "write_seconds": stats.write_seconds,
        "commit_seconds": stats.commit_seconds,
    }


class Block(NamedTuple):
    """One block of flows, as measured."""

    wall: float  # seconds
    cpu: float  # the client's CPU seconds
    served: float  # the simulator's CPU seconds
    requests: int  # requests the simulator answered


def _answered(url: str) -> int:
    """Requests the simulator has answered so far (its ``status N`` counters)."""
    with urllib.request.urlopen(f"{url}/_sim/counters", timeout=10) as answer:
        counters = json.loads(answer.read())["counters"]
    return sum(n for name, n in counters.items() if name.startswith("status "))


def _cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) process ``pid`` has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def compare(
    url: str, key: str, flows: int, waves: int, levels: list[int], rounds: int, server: int
) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bulk-bench-"))
    video = folder / "clip.mp4"
    video.write_bytes(VIDEO)
    totals: dict[str, float] = {}
    connector = aiohttp.TCPConnector(limit=100)
    async with aiohttp.ClientSession(connector=connector) as session, sdk_client(url, key) as trenz:
        loops = {"bare": Bare(session, url, key, video).flow, "sdk": SdkLoop(trenz, video).flow}

        async def block(side: str, label: str, count: int, concurrency: int) -> Block:
            """Wall seconds, client CPU seconds, server CPU seconds and requests the
            simulator answered, of one block (the requests counted outside its time)."""
            answered = _answered(url)
            wall, cpu, served = time.perf_counter(), time.process_time(), _cpu_seconds(server)
            if side in loops:
                await drive(count, concurrency, loops[side])
            else:
                items = items_for(label, count, video)
                stats = await run_sdk(trenz, items, concurrency, folder / f"{label}.journal")
                for name, value in stats.items():
                    totals[name] = totals.get(name, 0.0) + value
            served = _cpu_seconds(server) - served
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            return Block(wall, cpu, served, _answered(url) - answered)

        for side in SIDES:  # connections, caches, the simulator's first keys
            await block(side, "warm", 200, 32)
        print(
            f"{rounds} rotating blocks per side and concurrency (one flow: presign, PUT"
            f" {len(VIDEO)} B, check-info, 2 publishes, then session polls); the runner's"
            f" gc_young_threshold {RUNNER_LIMITS.gc_young_threshold or 'left alone'}"
        )
        for concurrency in levels:
            totals.clear()
            count = max(flows, waves * concurrency)
            runs: dict[str, list[Block]] = {side: [] for side in SIDES}
            for r in range(rounds):
                for side in SIDES[r % 3 :] + SIDES[: r % 3]:
                    label = f"c{concurrency}-r{r}"
                    runs[side].append(await block(side, label, count, concurrency))
            print_level(concurrency, runs, count, totals)
    for mode in ("FULL", "NORMAL"):
        per_step = await journal_alone(folder / f"alone-{mode}.journal", mode)
        print(f"journal alone ({mode:<6}): {per_step * 1e3:.2f} ms per write step (intent + done)")


def print_level(
    concurrency: int,
    runs: dict[str, list[Block]],
    flows: int,
    totals: dict[str, float],
) -> None:
    """A level's lines: each side's median flows/s, CPU per flow, the server's share of a
    core, requests per flow (the same on every side) and the ratio to bare (median of the
    per-round ratios; target for the runner >= 0.80); then the journal's costs."""
    rate = {side: [flows / block.wall for block in got] for side, got in runs.items()}
    print(f"concurrency {concurrency} ({flows} flows a block):")
    for side in SIDES:
        blocks = runs[side]
        cpu = sum(b.cpu for b in blocks) / (flows * len(blocks)) * 1e3
        server = sum(b.served for b in blocks) / sum(b.wall for b in blocks)
        requests = sum(b.requests for b in blocks) / (flows * len(blocks))
        line = (
            f"  {LABELS[side]:<23} {statistics.median(rate[side]):7.1f} flows/s {cpu:6.2f} ms CPU"
            f" (server {server:4.0%}, {requests:.2f} requests a flow)"
        )
        if side != "bare":
            ratios = [s / b for s, b in zip(rate[side], rate["bare"], strict=True)]
            rounds = ", ".join(f"{x:.2f}" for x in ratios)
            line += f"  {statistics.median(ratios):.2f}x bare (rounds {rounds})"
        print(line + ("; target >= 0.80" if side == "runner" else ""))
    writes = totals["writes"]
    print(
        f"  journal (FULL): {writes / (flows * len(runs['runner'])):.1f} writes per flow, "
        f"{totals['write_seconds'] / writes * 1e3:.2f} ms awaited per write, "
        f"{writes / totals['commits']:.1f} writes per commit of "
        f"{totals['commit_seconds'] / totals['commits'] * 1e3:.2f} ms"
    )


async def journal_alone(path: Path, mode: str, steps: int = 500) -> float:
    """Seconds per write step (intent, then done) for one writer, nothing else running."""
    async with await Journal.open(path, synchronous=mode) as journal:
        started = time.perf_counter()
        for n in range(steps):
            await journal.intend(f"f{n}", "publish:1", {"bucket_key": "k", "n": n})
            await journal.done(f"f{n}", "publish:1", {"session_token": "t"})
        return (time.perf_counter() - started) / steps


# -- peak RSS with every flow in flight -------------------------------------------------------


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


async def _rss_child(url: str, key: str, flows: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bulk-rss-"))
    video = folder / "clip.mp4"
    video.write_bytes(VIDEO)
    items = items_for("rss", flows, video)
    async with sdk_client(url, key) as trenz:
        before = _status_kib("VmRSS")
        started = time.perf_counter()
        await run_sdk(trenz, items, flows, folder / "rss.journal")
        seconds = time.perf_counter() - started
    peak = _status_kib("VmHWM")
    print(json.dumps({"before": before * 1024, "peak": peak * 1024, "seconds": seconds}))


def rss(url: str, key: str, flows: int) -> None:
    command = [sys.executable, __file__, "--rss-child", str(flows), "--url", url, "--key", key]
    command += ["--runner-gc-threshold", str(RUNNER_LIMITS.gc_young_threshold or "default")]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    got = json.loads(out.strip().splitlines()[-1])
    growth = (got["peak"] - got["before"]) / flows / 1000
    print(
        f"peak RSS, {flows} flows in flight: {got['peak'] / MB:.1f} MB, target <= 150 "
        f"({got['before'] / MB:.1f} MB before the flows, {growth:.1f} kB more per flow; "
        f"{flows / got['seconds']:.0f} flows/s)"
    )


def funded_key(url: str) -> str:
    """A fresh simulator key whose balance outlasts a run (the printed key's million credits
    pay for some 100,000 publish flows; ten rounds at three levels send about that many)."""
    body = json.dumps({"balance": 10**12}).encode()
    request = urllib.request.Request(f"{url}/_sim/keys", data=body)
    with urllib.request.urlopen(request, timeout=10) as answer:
        return str(json.loads(answer.read())["api_key"])


def main(flows: int, waves: int, levels: list[int], rounds: int, rss_flows: int) -> None:
    _pin(CLIENT_CPU)
    proc, url, _ = start_simulator()
    try:
        key = funded_key(url)
        with ClockPump(url):
            asyncio.run(compare(url, key, flows, waves, levels, rounds, proc.pid))
            if rss_flows:
                rss(url, key, rss_flows)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flows", type=int, default=600, help="flows per block, at least")
    parser.add_argument(
        "--waves", type=int, default=8, help="flows per block: at least this many per slot"
    )
    parser.add_argument(
        "--concurrency", default="16,64,256", help="comma-separated levels, each compared"
    )
    parser.add_argument(
        "--rounds", type=int, default=10, help="blocks per side and level (the median's sample)"
    )
    parser.add_argument("--rss-flows", type=int, default=10_000, help="0 skips the RSS run")
    parser.add_argument(
        "--runner-gc-threshold",
        default=str(Limits().gc_young_threshold),
        help="the runner's Limits.gc_young_threshold; 'default' keeps CPython's setting",
    )
    parser.add_argument("--rss-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--pump-clock", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--key", help=argparse.SUPPRESS)
    args = parser.parse_args()
    threshold = None if args.runner_gc_threshold == "default" else int(args.runner_gc_threshold)
    RUNNER_LIMITS = Limits(gc_young_threshold=threshold)
    if args.pump_clock:
        pump_clock(args.pump_clock)
    elif args.rss_child:
        _pin(CLIENT_CPU)
        asyncio.run(_rss_child(args.url, args.key, args.rss_child))
    else:
        os.environ.setdefault("PYTHONHASHSEED", "0")
        levels = [int(level) for level in args.concurrency.split(",")]
        main(args.flows, args.waves, levels, args.rounds, args.rss_flows)
