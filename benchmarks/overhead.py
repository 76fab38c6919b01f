"""Client CPU per call: trenz_async vs raw aiohttp + json, against the same local server.

The simulator runs in a separate process, so this process's CPU time (``time.process_time``)
is the client's alone. Both sides make the same ``GET /open/v1/products/search`` calls
(``country=us``, 10 rows a page, cycling through pages) at the same concurrency; the SDK
decodes every row into ``Product`` models, raw aiohttp stops at ``json.loads``. Both clients
stay open and warm; the calls run in blocks that alternate between the two sides (the order
flipped each round), so drifting machine noise lands on both alike.

    python benchmarks/overhead.py --calls 20000 --concurrency 32 --rounds 40

Prints the CPU microseconds per call of each side and the ratio SDK / raw (target <= 1.3):
the median of the per-round ratios (a round is one block of each side, back to back, so a
hiccup of the machine spoils one round rather than the result) and, beside it, the ratio of
the totals and the spread of the rounds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable

import aiohttp

from trenz_async import TrenzClient

PAGES = 50  # cycle through the first 50 pages so responses differ
CLIENT_CPU, SERVER_CPU = 0, 1


def _pin(cpu: int) -> None:
    """Keep client and server on separate cores where the OS allows it (less noise)."""
    if hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > 1:
        os.sched_setaffinity(0, {cpu})


def start_simulator() -> tuple[subprocess.Popen[str], str, str]:
    """Start ``trenz-async simulator`` on a free port (no rate limit); return url and key."""
    command = ["-m", "trenz_async", "simulator", "--port", "0", "--rate-limit", "0"]
    proc = subprocess.Popen(
        [sys.executable, *command, "--log-level", "WARNING"],
        stdout=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: _pin(SERVER_CPU),
    )
    assert proc.stdout is not None
    url = key = ""
    while not (url and key):
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError("simulator exited before printing its URL and key")
        if match := re.search(r"listening on (\S+)", line):
            url = match.group(1)
        if match := re.search(r"API key: (\S+)", line):
            key = match.group(1)
    return proc, url, key


async def drive(calls: int, concurrency: int, call: Callable[[int], Awaitable[int]]) -> float:
    """Run ``calls`` calls with ``concurrency`` workers; return CPU seconds spent."""
    counter = iter(range(calls))
    rows = 0

    async def worker() -> None:
        nonlocal rows
        for n in counter:
            got = await call(n)  # not `rows += await ...`: that reads rows before awaiting
            rows += got

    started = time.process_time()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    spent = time.process_time() - started
    assert rows == calls * 10, f"expected 10 rows a call, got {rows / calls:.1f}"
    return spent


RawCall = Callable[[int], Awaitable[int]]


def raw_caller(session: aiohttp.ClientSession, url: str, key: str) -> RawCall:
    """Raw aiohttp: the documented header, json.loads of each body."""
    headers = {"X-API-Key": key}

    async def call(n: int) -> int:
        params = {"country": "us", "page": str(n % PAGES + 1), "page_size": "10"}
        async with session.get(
            f"{url}/open/v1/products/search", params=params, headers=headers
        ) as resp:
            body = json.loads(await resp.read())
            if resp.status != 200:
                raise RuntimeError(body)
            return len(body["data"]["items"])

    return call


def sdk_caller(trenz: TrenzClient) -> RawCall:
    """trenz_async: validated call, retries armed, rate limiter on, rows decoded to models."""
    products = trenz.data.products

    async def call(n: int) -> int:
        page = await products.search(country="us", page=n % PAGES + 1, page_size=10)
        return len(page.items)

    return call


async def compare(url: str, key: str, calls: int, concurrency: int, rounds: int) -> None:
    """Alternate blocks of raw and SDK calls (order flipped each round) on warm clients."""
    block = max(1, calls // rounds)
    cpu = {"raw": [], "sdk": []}  # type: dict[str, list[float]]
    connector = aiohttp.TCPConnector(limit=100)
    async with (
        aiohttp.ClientSession(connector=connector) as session,
        # The limiter stays on (its bookkeeping is measured) with room never to throttle: a
        # small burst at concurrency 32 adds timer sleeps, which is pacing, not overhead.
        TrenzClient(
            key, base_url=url, rate_limit_per_minute=10_000_000, rate_limit_burst=100_000
        ) as trenz,
    ):
        sides = {"raw": raw_caller(session, url, key), "sdk": sdk_caller(trenz)}
        for call in sides.values():  # warm up: connections, caches, generated code
            await drive(300, concurrency, call)
        for r in range(rounds):
            for name in ("raw", "sdk") if r % 2 == 0 else ("sdk", "raw"):
                cpu[name].append(await drive(block, concurrency, sides[name]))
    raw_us = sum(cpu["raw"]) / (block * rounds) * 1e6
    sdk_us = sum(cpu["sdk"]) / (block * rounds) * 1e6
    ratios = sorted(s / r for s, r in zip(cpu["sdk"], cpu["raw"], strict=True))
    quartiles = statistics.quantiles(ratios, n=4)
    print(
        f"calls per side: {block * rounds} in {rounds} alternating blocks, "
        f"concurrency {concurrency}"
    )
    print(f"raw aiohttp + json   : {raw_us:8.1f} us CPU per call")
    print(f"trenz_async (models) : {sdk_us:8.1f} us CPU per call")
    print(
        f"rounds SDK / raw     : min {ratios[0]:.2f}, quartiles {quartiles[0]:.2f} / "
        f"{quartiles[1]:.2f} / {quartiles[2]:.2f}, max {ratios[-1]:.2f}"
    )
    print(
        f"ratio SDK / raw      : {statistics.median(ratios):8.2f}x (median of rounds; "
        f"{sdk_us / raw_us:.2f}x of totals), target <= 1.30"
    )


async def main(calls: int, concurrency: int, rounds: int) -> None:
    _pin(CLIENT_CPU)
    proc, url, key = start_simulator()
    try:
        await compare(url, key, calls, concurrency, rounds)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    asyncio.run(main(args.calls, args.concurrency, args.rounds))
