"""Work per publish flow, counted rather than timed: the sides of ``bulk.py`` by bytecodes.

Timed ratios on a shared machine move with its speed (``bulk.py``'s rounds spread from 0.6 to
1.2); a count does not. This runs each side of ``bulk.py`` (bare aiohttp loop, SDK calls,
``publish_many`` with its journal) against the same simulator and counts the Python bytecodes
the event loop's thread executes per flow, by function. Use it to tell whether a change to the
transport, the runner or the journal removed work, before timing anything. Not counted: C code
(aiohttp's parser, SQLite, the JSON codec) and the journal's own thread.

    python benchmarks/bulk_counts.py --flows 200 --concurrency 64 --top 15

Prints each side's bytecodes per flow and its ratio to the bare loop, then the functions that
add the most per flow: the SDK over the bare loop, and the runner over the SDK. Tracing makes
every side some 30x slower, so sessions are always final at their first poll.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import sysconfig
import tempfile
from collections import Counter
from collections.abc import Coroutine
from pathlib import Path
from types import CodeType, FrameType
from typing import Any

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bulk import VIDEO, Bare, ClockPump, SdkLoop, drive, items_for, run_sdk, sdk_client
from overhead import CLIENT_CPU, _pin, start_simulator

SIDES = ("bare", "sdk", "runner")


class OpcodeCounter:
    """Bytecodes executed per code object, in the thread that starts it (``sys.settrace``)."""

    def __init__(self) -> None:
        self.counts: Counter[CodeType] = Counter()

    def _trace(self, frame: FrameType, event: str, arg: object) -> Any:
        frame.f_trace_opcodes = True
        if event == "opcode":
            self.counts[frame.f_code] += 1
        return self._trace

    async def count(self, work: Coroutine[Any, Any, object]) -> None:
        """Run ``work``, counting every bytecode its frames (and the loop's) execute."""
        sys.settrace(self._trace)
        try:
            await work
        finally:
            sys.settrace(None)


_ROOTS = sorted(
    {sysconfig.get_paths()[k] for k in ("purelib", "platlib", "stdlib")}
    | {str(Path(__file__).resolve().parent.parent)},
    key=len,
    reverse=True,
)
"""Folders whose prefix is cut from a function's file name (longest first)."""


def _name(code: CodeType) -> str:
    where = code.co_filename
    for root in _ROOTS:
        if where.startswith(root + os.sep):
            where = where[len(root) + 1 :]
            break
    return f"{where}:{code.co_firstlineno} {code.co_name}"


async def count_sides(url: str, key: str, flows: int, concurrency: int) -> dict[str, Counter[str]]:
    """Per side, bytecodes per function over ``flows`` flows (after a warm-up block)."""
    folder = Path(tempfile.mkdtemp(prefix="bulk-counts-"))
    video = folder / "clip.mp4"
    video.write_bytes(VIDEO)
    counted: dict[str, Counter[str]] = {}
    connector = aiohttp.TCPConnector(limit=100)
    async with aiohttp.ClientSession(connector=connector) as session, sdk_client(url, key) as trenz:
        loops = {"bare": Bare(session, url, key, video).flow, "sdk": SdkLoop(trenz, video).flow}

        def block(side: str, label: str, count: int) -> Coroutine[Any, Any, object]:
            if side in loops:
                return drive(count, concurrency, loops[side])
            items = items_for(label, count, video)
            return run_sdk(trenz, items, concurrency, folder / f"{label}.journal")

        for side in SIDES:
            await block(side, f"warm-{side}", concurrency)  # connections, caches, first keys
            counter = OpcodeCounter()
            await counter.count(block(side, f"counted-{side}", flows))
            counted[side] = Counter({_name(c): n for c, n in counter.counts.items()})
    return counted


def report(counted: dict[str, Counter[str]], flows: int, top: int) -> None:
    totals = {side: sum(counts.values()) / flows for side, counts in counted.items()}
    print(f"Python bytecodes per flow in the event loop's thread ({flows} flows per side):")
    for side in SIDES:
        print(f"  {side:<7} {totals[side]:9.0f}  {totals[side] / totals['bare']:.2f}x bare")
    for base, side in (("bare", "sdk"), ("sdk", "runner")):
        extra: Counter[str] = Counter(counted[side])
        extra.subtract(counted[base])
        print(f"most added per flow, {side} over {base}:")
        for name, n in extra.most_common(top):
            print(f"  {n / flows:8.1f}  {name}")


def main(flows: int, concurrency: int, top: int) -> None:
    _pin(CLIENT_CPU)
    proc, url, key = start_simulator()
    try:
        with ClockPump(url):
            counted = asyncio.run(count_sides(url, key, flows, concurrency))
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    report(counted, flows, top)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flows", type=int, default=200, help="counted flows per side")
    parser.add_argument("--concurrency", type=int, default=64, help="flows in flight at once")
    parser.add_argument("--top", type=int, default=15, help="functions listed per comparison")
    args = parser.parse_args()
    main(args.flows, args.concurrency, args.top)
