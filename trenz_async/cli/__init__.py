"""The ``trenz-async`` command: ``demo`` and ``simulator``."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

import anyio

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="trenz-async", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="run a concurrent data harvest against the simulator")
    demo.add_argument("--markets", default="us,gb,de,jp", help="comma-separated markets")
    demo.add_argument("--limit", type=int, default=100, help="products per market")
    demo.add_argument("--seed", type=int, default=2026)
    demo.add_argument("--fault-rate", type=float, default=0.05, help="share of injected 503s")
    demo.add_argument("--plain", action="store_true", help="plain progress lines, no bars")
    sim = sub.add_parser("simulator", help="serve the simulator until Ctrl-C")
    sim.add_argument("--host", default="127.0.0.1")
    sim.add_argument("--port", type=int, default=8800)
    sim.add_argument("--seed", type=int, default=0)
    sim.add_argument(
        "--rate-limit", type=int, default=200, help="requests/minute per key; 0 turns it off"
    )
    return parser


async def _demo(args: argparse.Namespace) -> int:
    from trenz_async.cli.demo import run_demo
    from trenz_async.cli.progress import make_progress, print_table

    markets = [m.strip() for m in args.markets.split(",") if m.strip()]
    print(f"Harvesting the top {args.limit} products of {', '.join(markets)} concurrently")
    print(f"(in-process simulator, seed {args.seed}, {args.fault_rate:.0%} injected 503s)\n")
    started = time.monotonic()
    rows, stats = await run_demo(
        make_progress(plain=args.plain),
        markets=markets,
        limit=args.limit,
        seed=args.seed,
        fault_rate=args.fault_rate,
    )
    elapsed = time.monotonic() - started
    print_table(
        "Top products by 7-day GMV",
        ["market", "harvested", "matching", "leader", "price", "GMV 7d", "videos", "sellers"],
        [
            [r.country, str(r.harvested), str(r.matching), r.leader, r.leader_price,
             r.leader_gmv_7d, str(r.leader_videos), str(r.unique_sellers)]
            for r in rows
        ],
    )  # fmt: skip
    print(
        f"\n{stats['requests']} requests, {stats['retries']} retried after injected faults, "
        f"{stats['coins_used']} coins used, {elapsed:.1f}s"
    )
    return 0


async def _simulator(args: argparse.Namespace) -> int:
    from trenz_async.testing import Simulator, run_forever

    sim = Simulator(args.seed, host=args.host, port=args.port,
                    rate_limit_per_minute=args.rate_limit or None)  # fmt: skip
    await sim.start()
    key = sim.create_api_key()
    print(f"Trenz simulator listening on {sim.url} (seed {args.seed})")
    print(f"API key: {key}")
    print(f"Try: TRENZ_BASE_URL={sim.url} TRENZ_API_KEY={key} python -c ...")
    print("Control API under /_sim/ (journal, faults, keys, clock). Ctrl-C to stop.")
    sys.stdout.flush()
    await run_forever(sim)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``trenz-async``."""
    args = _parser().parse_args(argv)
    command = _demo if args.command == "demo" else _simulator
    try:
        return anyio.run(command, args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
