"""Client CPU per call: trenz_async vs raw aiohttp + json, against the same local server.

The simulator runs in a separate process, so this process's CPU time (``time.process_time``)
is the client's alone. Both sides make the same ``GET /open/v1/products/search`` calls
(``country=us``, 10 rows a page, cycling through pages) at the same concurrency; the SDK
decodes every row into ``Product`` models, raw aiohttp stops at ``json.loads``. Rounds
alternate (raw, SDK, raw, SDK, ...) and the median of each side is compared.

    python benchmarks/overhead.py --calls 5000 --concurrency 32 --rounds 3

Prints the CPU microseconds per call of each side and the ratio SDK / raw (target <= 1.3).
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
    proc = subprocess.Popen(
        [sys.executable, "-m", "trenz_async", "simulator", "--port", "0", "--rate-limit", "0"],
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


async def raw_round(url: str, key: str, calls: int, concurrency: int) -> float:
    """Raw aiohttp: one session, the documented header, json.loads of each body."""
    headers = {"X-API-Key": key}
    connector = aiohttp.TCPConnector(limit=100)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def call(n: int) -> int:
            params = {"country": "us", "page": str(n % PAGES + 1), "page_size": "10"}
            async with session.get(
                f"{url}/open/v1/products/search", params=params, headers=headers
            ) as resp:
                body = json.loads(await resp.read())
                if resp.status != 200:
                    raise RuntimeError(body)
                return len(body["data"]["items"])

        await drive(min(200, calls), concurrency, call)  # warm up
        return await drive(calls, concurrency, call)


async def sdk_round(url: str, key: str, calls: int, concurrency: int) -> float:
    """trenz_async: validated call, retries armed, rate limiter on, rows decoded to models."""
    async with TrenzClient(key, base_url=url, rate_limit_per_minute=10_000_000) as trenz:
        products = trenz.data.products

        async def call(n: int) -> int:
            page = await products.search(country="us", page=n % PAGES + 1, page_size=10)
            return len(page.items)

        await drive(min(200, calls), concurrency, call)
        return await drive(calls, concurrency, call)


async def main(calls: int, concurrency: int, rounds: int) -> float:
    _pin(CLIENT_CPU)
    proc, url, key = start_simulator()
    try:
        raw: list[float] = []
        sdk: list[float] = []
        for _ in range(rounds):
            raw.append(await raw_round(url, key, calls, concurrency))
            sdk.append(await sdk_round(url, key, calls, concurrency))
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    raw_us = statistics.median(raw) / calls * 1e6
    sdk_us = statistics.median(sdk) / calls * 1e6
    ratio = sdk_us / raw_us
    best = min(sdk) / min(raw)
    print(f"calls per round: {calls}, concurrency: {concurrency}, rounds: {rounds}")
    print(f"raw aiohttp + json   : {raw_us:8.1f} us CPU per call  (rounds: {_fmt(raw, calls)})")
    print(f"trenz_async (models) : {sdk_us:8.1f} us CPU per call  (rounds: {_fmt(sdk, calls)})")
    print(f"ratio SDK / raw      : {ratio:8.2f}x median, {best:.2f}x best rounds (target <= 1.30)")
    return ratio


def _fmt(samples: list[float], calls: int) -> str:
    return ", ".join(f"{s / calls * 1e6:.0f}" for s in samples)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(main(args.calls, args.concurrency, args.rounds))
