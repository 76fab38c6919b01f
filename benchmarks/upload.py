"""Upload throughput and memory: ``trenz.files.upload`` vs a raw aiohttp PUT of the same file.

A sparse file (1 GiB by default) is uploaded to the same simulator (another process, pinned to
the other core) through presigned URLs, alternately by the SDK and by raw aiohttp (presign with
one POST, then ``session.put(url, data=open(path, "rb"))``). Each upload runs in a fresh child
process so that its peak RSS (``VmHWM``) growth over the RSS it had just before the upload is
the upload's own. Prints the throughput of each side, the ratio SDK / raw (target >= 0.9x) and
the SDK's peak RSS growth (target <= 32 MiB).

    python benchmarks/upload.py --size-mib 1024 --rounds 2
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
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from overhead import CLIENT_CPU, _pin, start_simulator

from trenz_async import TrenzClient

MiB = 1024 * 1024


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


async def _raw(url: str, key: str, path: Path, size: int) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.post(
            f"{url}/open/v1/social/upload/presigned-url",
            json={"file_name": path.name},
            headers={"X-API-Key": key},
        ) as resp:
            presigned = (await resp.json())["data"]
        headers = {"Content-Type": "video/mp4", "Content-Length": str(size)}
        with path.open("rb") as body:
            async with session.put(presigned["presigned_url"], data=body, headers=headers) as r:
                if r.status != 200:
                    raise RuntimeError(f"raw PUT answered {r.status}: {await r.text()}")


async def _sdk(url: str, key: str, path: Path, size: int) -> None:
    async with TrenzClient(key, base_url=url, rate_limit_per_minute=None) as trenz:
        stored = await trenz.files.upload(path)
        if stored.size != size:
            raise RuntimeError(f"stored {stored.size} bytes")


def child(side: str, url: str, key: str, path: Path) -> None:
    """Run one upload in this (fresh) process; print seconds and peak RSS growth as JSON."""
    _pin(CLIENT_CPU)
    rss_before = _status_kib("VmRSS")
    started = time.perf_counter()
    asyncio.run((_sdk if side == "sdk" else _raw)(url, key, path, path.stat().st_size))
    seconds = time.perf_counter() - started
    growth = (_status_kib("VmHWM") - rss_before) * 1024
    print(json.dumps({"side": side, "seconds": seconds, "rss_growth": growth}))


def _run_child(side: str, url: str, key: str, path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", side, "--url", url, "--key", key, str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main(size_mib: int, rounds: int) -> None:
    proc, url, key = start_simulator()
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "benchmark.mp4"
            with path.open("wb") as handle:
                handle.truncate(size_mib * MiB)  # sparse: no disk space, read as zeros
            results: dict[str, list[dict[str, float]]] = {"raw": [], "sdk": []}
            _run_child("sdk", url, key, path)  # warm the page cache and the simulator
            for r in range(rounds):
                for side in ("raw", "sdk") if r % 2 == 0 else ("sdk", "raw"):
                    results[side].append(_run_child(side, url, key, path))
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    speed = {
        side: statistics.median(size_mib / run["seconds"] for run in runs)
        for side, runs in results.items()
    }
    growth = max(run["rss_growth"] for run in results["sdk"]) / MiB
    raw_growth = max(run["rss_growth"] for run in results["raw"]) / MiB
    print(f"file: {size_mib} MiB, {rounds} uploads per side (median), child process each")
    print(f"raw aiohttp PUT      : {speed['raw']:8.1f} MiB/s, peak RSS growth {raw_growth:.1f} MiB")
    print(f"trenz.files.upload   : {speed['sdk']:8.1f} MiB/s, peak RSS growth {growth:.1f} MiB")
    print(f"throughput SDK / raw : {speed['sdk'] / speed['raw']:8.2f}x, target >= 0.90")
    print(f"SDK peak RSS growth  : {growth:8.1f} MiB, target <= 32")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", choices=["raw", "sdk"])
    parser.add_argument("--url")
    parser.add_argument("--key")
    parser.add_argument("path", nargs="?")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.url, args.key, Path(args.path))
    else:
        os.environ.setdefault("PYTHONHASHSEED", "0")
        main(args.size_mib, args.rounds)
