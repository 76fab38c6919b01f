"""The trenz-async command: a demo harvest, a standalone simulator, bulk publishing, jobs."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

import anyio

from trenz_async.cli.errors import UsageError
from trenz_async.cli.parsers import build_parser
from trenz_async.resources._validate import COUNTRIES

__all__ = ["main"]


async def _drama(args: argparse.Namespace) -> int:
    from trenz_async.cli.drama import DramaCommand, run_drama
    from trenz_async.cli.job_files import default_report

    journal = Path(args.journal)
    report = getattr(args, "report", None)
    command = DramaCommand(
        manifest=Path(args.manifest),
        journal=journal,
        report=Path(report) if report else default_report(journal),
        poll_interval=args.poll_interval,
        rate_limit=args.rate_limit,
        retry_failed=args.retry_failed,
    )
    return await run_drama(command)


async def _harvest(args: argparse.Namespace) -> int:
    from trenz_async.cli.harvest import HarvestOptions, run_harvest, split_list

    if args.keywords is not None and not split_list(args.keywords):
        raise UsageError(
            f"--keywords: no keyword in {args.keywords!r} (leave it out for one unfiltered"
            " search per market)"
        )
    options = HarvestOptions(
        journal=Path(args.journal),
        out=Path(args.out),
        markets=[m.lower() for m in split_list(args.markets)],
        keywords=split_list(args.keywords),
        entity=args.entity,
        sort=args.sort,
        limit=args.limit,
        rankings=split_list(args.rankings),
        ranking_date=args.ranking_date,
        granularity=args.granularity,
        research_from=args.research_from,
        research_to=args.research_to,
        research_country=args.research_country,
        concurrency=args.concurrency,
        rate_limit=args.rate_limit,
    )
    if options.markets:
        _markets(",".join(options.markets))
    return await run_harvest(options)


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
    return await _demo_jobs(args)


async def _demo_jobs(args: argparse.Namespace) -> int:
    """The demo's jobs: a bulk publish under faults, a short-drama release, a harvest."""
    from trenz_async.cli.demo_jobs import DEMO_ACCOUNTS, run_jobs
    from trenz_async.testing import Simulator

    accounts = " and ".join(map(str, DEMO_ACCOUNTS))
    rate = args.fault_rate * 2
    print(f"\nBulk publish: {args.videos} videos to {accounts}, {rate:.0%} faults on each route")
    started = time.monotonic()
    async with Simulator(args.seed) as sim:
        jobs = await run_jobs(sim, videos=args.videos, fault_rate=args.fault_rate * 2)
    print(
        f"{jobs.published}/{jobs.targets} published, {jobs.created} publications created "
        f"({jobs.published_twice} twice), {jobs.lost_answers} answers lost"
    )
    print(f"Short drama: {jobs.drama_status} ({jobs.drama_detail})")
    print(f"Harvest job: {jobs.harvest_records} records from {jobs.harvest_units} units")
    print(
        f"  run again on its journal: {jobs.harvest_rerun_requests} requests, "
        f"{jobs.harvest_rerun_written} records written"
    )
    print(f"{time.monotonic() - started:.1f}s")
    exact = jobs.published == jobs.created == jobs.targets and not jobs.published_twice
    idle = jobs.harvest_rerun_requests == jobs.harvest_rerun_written == 0
    return 0 if exact and jobs.drama_status == "released" and idle else 1


async def _simulator(args: argparse.Namespace) -> int:
    from trenz_async.cli.simulator import run_simulator

    return await run_simulator(
        host=args.host,
        port=args.port,
        seed=args.seed,
        rate_limit=args.rate_limit,
        log_level=args.log_level,
    )


async def _publish(args: argparse.Namespace) -> int:
    from trenz_async.cli.job_files import default_report
    from trenz_async.cli.publish import PublishOptions, run_publish

    journal = Path(args.journal)
    report = getattr(args, "report", None)
    options = PublishOptions(
        manifest=Path(args.manifest),
        journal=journal,
        report=Path(report) if report else default_report(journal),
        concurrency=args.concurrency,
        per_account=args.per_account,
        rate_limit=args.rate_limit,
        retry_failed=args.retry_failed,
    )
    return await run_publish(options)


async def _jobs(args: argparse.Namespace) -> int:
    from trenz_async.cli.jobs import show_job

    return await show_job(Path(args.journal), sys.stdout)


COMMANDS: dict[str, Callable[[argparse.Namespace], Awaitable[int]]] = {
    "demo": _demo,
    "simulator": _simulator,
    "publish": _publish,
    "jobs": _jobs,
    "drama": _drama,
    "harvest": _harvest,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``trenz-async``; returns the exit status (2 for a bad option value)."""
    args = build_parser().parse_args(argv)
    command = COMMANDS[args.command]
    try:
        return anyio.run(command, args)
    except UsageError as error:
        print(f"trenz-async: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (``| head``): stop quietly
        _silence_stdout()
        return 141


def _silence_stdout() -> None:
    """Point stdout at the null device, so the interpreter's last flush does not fail too."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (a test's buffer)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


if __name__ == "__main__":
    raise SystemExit(main())
