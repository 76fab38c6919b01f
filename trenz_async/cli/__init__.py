"""The trenz-async command: a demo harvest and a standalone simulator of the Trenz API."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

import anyio

from trenz_async.cli.errors import UsageError
from trenz_async.resources._validate import COUNTRIES

__all__ = ["main"]

DESCRIPTION = """\
trenz_async's command line: a demo that harvests TikTok Shop data from an
in-process simulator, and the simulator of the Trenz Open Platform API alone."""
DEMO_DESCRIPTION = """\
Harvest the top products of several markets concurrently from an in-process
simulator (with injected 503s that the client retries), then print a summary."""
SIMULATOR_DESCRIPTION = """\
Serve the Trenz simulator over HTTP until Ctrl-C. It prints its URL, an API key
and two requests to try, then logs one line per request."""
EPILOG = """examples:
  trenz-async demo --markets us,gb --limit 20
  trenz-async simulator --port 8800 --log-level WARNING"""
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class _Formatter(argparse.ArgumentDefaultsHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Every option's help ends with its default; the examples keep their lines."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trenz-async", description=DESCRIPTION, epilog=EPILOG, formatter_class=_Formatter
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="{demo,simulator}")
    demo = sub.add_parser(
        "demo",
        help="harvest the top products of several markets concurrently, then print a summary",
        description=DEMO_DESCRIPTION,
        formatter_class=_Formatter,
    )
    demo.add_argument(
        "--markets", default="us,gb,de,jp", help=f"comma-separated, among {', '.join(COUNTRIES)}"
    )
    demo.add_argument("--limit", type=int, default=100, help="products to harvest per market")
    demo.add_argument("--seed", type=int, default=2026, help="seed of the simulated dataset")
    demo.add_argument(
        "--fault-rate", type=float, default=0.05, help="share of requests answered with a 503"
    )
    demo.add_argument("--plain", action="store_true", help="plain progress lines, no bars")
    sim = sub.add_parser(
        "simulator",
        help="serve the simulator over HTTP until Ctrl-C",
        description=SIMULATOR_DESCRIPTION,
        formatter_class=_Formatter,
    )
    sim.add_argument("--host", default="127.0.0.1", help="address to listen on")
    sim.add_argument("--port", type=int, default=8800, help="port to listen on; 0 picks a free one")
    sim.add_argument("--seed", type=int, default=0, help="seed of the simulated dataset")
    sim.add_argument(
        "--rate-limit", type=int, default=200, help="requests/minute per key; 0 turns it off"
    )
    sim.add_argument(
        "--log-level",
        type=str.upper,
        choices=LOG_LEVELS,
        default="INFO",
        help="INFO logs one line per request; WARNING only failed or dropped ones",
    )
    return parser


def _markets(value: str) -> list[str]:
    """The market codes of ``--markets``, checked against the API's markets."""
    markets = list(dict.fromkeys(m.strip().lower() for m in value.split(",") if m.strip()))
    choices = ", ".join(COUNTRIES)
    if not markets:
        raise UsageError(f"--markets: no market given (choose from {choices})")
    for market in markets:
        if market not in COUNTRIES:
            raise UsageError(f"--markets: unknown market {market!r} (choose from {choices})")
    return markets


def _check_demo(args: argparse.Namespace) -> None:
    if args.limit < 1:
        raise UsageError(f"--limit: must be at least 1, not {args.limit}")
    if not 0 <= args.fault_rate < 1:
        raise UsageError(f"--fault-rate: must be at least 0 and below 1, not {args.fault_rate}")


async def _demo(args: argparse.Namespace) -> int:
    from trenz_async.cli.demo import SUMMARY_LEADER, SUMMARY_NUMBERS, run_demo, summary_table
    from trenz_async.cli.progress import make_progress, print_table

    markets = _markets(args.markets)
    _check_demo(args)
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
    headers, cells = summary_table(rows)
    title = "Top products by 7-day GMV"
    print_table(title, headers, cells, shrink=SUMMARY_LEADER, right=SUMMARY_NUMBERS)
    print(
        f"\n{stats['requests']} requests, {stats['retries']} retried after injected faults, "
        f"{stats['coins_used']} coins used, {elapsed:.1f}s"
    )
    return 0


async def _simulator(args: argparse.Namespace) -> int:
    from trenz_async.cli.simulator import run_simulator

    return await run_simulator(
        host=args.host,
        port=args.port,
        seed=args.seed,
        rate_limit=args.rate_limit,
        log_level=args.log_level,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``trenz-async``; returns the exit status (2 for a bad option value)."""
    args = _parser().parse_args(argv)
    command = _demo if args.command == "demo" else _simulator
    try:
        return anyio.run(command, args)
    except UsageError as error:
        print(f"trenz-async: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
