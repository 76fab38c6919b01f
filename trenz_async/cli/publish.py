"""``trenz-async publish MANIFEST --journal PATH``: a resumable bulk publish from a manifest.

The manifest is checked whole first (:mod:`trenz_async.cli.manifest`): a bad line stops the
command with status 2 before any request. Then :func:`~trenz_async.workflows.publish_many`
runs every item under the limits, recording each step in the journal; the report
(:mod:`trenz_async.cli.report`) is written when every item has finished. Exit status: 0 when
every target ended published or scheduled, 1 when any failed, 2 for bad usage or a bad
manifest, 130 when interrupted (Ctrl-C or SIGTERM): the journal is left consistent and the
same command resumes the job; a finished job reruns without sending anything.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

import anyio
import attrs

from trenz_async.cli.errors import UsageError
from trenz_async.cli.job_files import check_job_files
from trenz_async.cli.manifest import Problem, read_manifest
from trenz_async.cli.progress import Progress, make_progress
from trenz_async.cli.report import report_rows, write_report
from trenz_async.clients import TrenzClient
from trenz_async.errors import ConfigurationError
from trenz_async.workflows.journal import Journal, JournalError
from trenz_async.workflows.publish import PublishItem, publish_many
from trenz_async.workflows.runner import FlowEvent, ItemReport, Limits

__all__ = ["PublishOptions", "ManifestError", "run_publish"]

INTERRUPTED = 130
ENDED = frozenset({"done", "failed", "incomplete", "skipped"})
"""Flow events (``step`` None) that end an item for this run."""
SHOWN_FAILURES = 10


class ManifestError(UsageError):
    """The manifest has bad lines; the message names every one (``PATH:LINE: field: rule``)."""

    def __init__(self, manifest: Path, problems: Sequence[Problem]) -> None:
        lines = [f"{manifest}:{p.line}: {p.text}" if p.line else f"{manifest}: {p.text}"
                 for p in problems]  # fmt: skip
        bad = len({p.line for p in problems})
        head = f"{manifest}: {bad} bad line{'s' * (bad != 1)}, nothing was sent"
        super().__init__("\n".join([head, *lines]))
        self.problems = list(problems)


@attrs.frozen
class PublishOptions:
    """The command's arguments, checked."""

    manifest: Path
    journal: Path
    report: Path
    concurrency: int
    per_account: int
    rate_limit: int = 200
    retry_failed: bool = False

    def __attrs_post_init__(self) -> None:
        if self.concurrency < 1:
            raise UsageError(f"--concurrency: must be at least 1, not {self.concurrency}")
        if self.per_account < 1:
            raise UsageError(f"--per-account: must be at least 1, not {self.per_account}")
        if self.rate_limit < 0:
            raise UsageError(f"--rate-limit: must be 0 (off) or more, not {self.rate_limit}")
        check_job_files(self.manifest, self.journal, self.report)


async def run_publish(options: PublishOptions, out: TextIO | None = None) -> int:
    """Run the command; return its exit status (a bad manifest raises :class:`ManifestError`)."""
    out = out or sys.stdout
    items = await _checked_items(options)
    resumed = " (resuming)" if options.journal.exists() else ""
    try:
        client = TrenzClient(rate_limit_per_minute=options.rate_limit or None)
    except ConfigurationError as error:
        raise UsageError(str(error)) from None
    async with client, await _open_journal(options.journal) as journal:
        targets = sum(len(item.targets) for item in items)
        out.write(
            f"Publishing {len(items)} items to {targets} targets{resumed}\n"
            f"  journal {options.journal}, concurrency {options.concurrency}, "
            f"{options.per_account} per account\n"
        )
        out.flush()
        reports = await _run(client, journal, items, options, out)
    if reports is None:
        out.write("Interrupted: the journal is consistent; rerun the same command to resume.\n")
        return INTERRUPTED
    rows = report_rows(items, reports)
    write_report(options.report, rows)
    status = _summary(rows, options.report, out)
    stopped = sum(not report.finished for report in reports)
    if stopped:
        out.write(
            f"{stopped} items stopped on an error a rerun may fix (the service down, bad "
            "credentials, a wait that timed out): rerun the same command to resume them.\n"
        )
    return status


async def _checked_items(options: PublishOptions) -> list[PublishItem]:
    """The manifest's items; a bad line raises :class:`ManifestError`.

    A ``scheduled_at`` that has passed since a run sent it is no problem on a rerun: the
    service publishes a schedule under 5 minutes ahead at once, so the client sends it as is.
    """
    try:
        items, problems = read_manifest(options.manifest)
    except OSError as error:
        raise UsageError(f"MANIFEST: cannot read {options.manifest}: {error.strerror}") from None
    if problems:
        raise ManifestError(options.manifest, problems)
    return items


async def _open_journal(path: Path) -> Journal:
    """The job's journal; a file that is not one is a :class:`UsageError`."""
    try:
        return await Journal.open(path)
    except JournalError as error:
        raise UsageError(f"--journal: {error}") from None


async def _run(
    client: TrenzClient,
    journal: Journal,
    items: list[PublishItem],
    options: PublishOptions,
    out: TextIO,
) -> list[ItemReport] | None:
    """``publish_many`` with progress; cancelled by SIGINT/SIGTERM (then None)."""
    limits = Limits(concurrency=options.concurrency, per_key={"account": options.per_account})
    reports: list[ItemReport] | None = None
    caught: list[int] = []
    with make_progress(out) as progress:
        on_event = _progress_events(progress, items)
        async with anyio.create_task_group() as group:
            if threading.current_thread() is threading.main_thread():
                group.start_soon(_cancel_on_signal, group.cancel_scope, caught)
            reports = await publish_many(
                client,
                items,
                journal=journal,
                limits=limits,
                on_event=on_event,
                retry_failed=options.retry_failed,
            )
            group.cancel_scope.cancel()  # stop watching for signals
    return None if caught else reports


async def _cancel_on_signal(scope: anyio.CancelScope, caught: list[int]) -> None:
    """Cancel ``scope`` at the first SIGINT or SIGTERM (noted in ``caught``); once the
    receiver is gone, a second Ctrl-C interrupts for good."""
    with anyio.open_signal_receiver(signal.SIGINT, signal.SIGTERM) as signals:
        async for signum in signals:
            caught.append(signum)
            scope.cancel()
            return


def _progress_events(
    progress: Progress, items: Sequence[PublishItem]
) -> Callable[[FlowEvent], None]:
    """Advance an ``items`` task by one each time a flow ends (or is found done earlier)."""
    progress.add("items", len(items))

    def on_event(event: FlowEvent) -> None:
        if event.step is None and event.state in ENDED:
            progress.advance("items")

    return on_event


def _summary(rows: Sequence[dict[str, object]], report: Path, out: TextIO) -> int:
    """Print the counts, the first failures and where the report is; return 0 or 1."""
    counts = dict.fromkeys(("published", "scheduled", "failed"), 0)
    for row in rows:
        counts[str(row["status"])] += 1
    out.write(
        f"\n{len(rows)} targets: {counts['published']} published, {counts['scheduled']} "
        f"scheduled, {counts['failed']} failed\nreport: {report}\n"
    )
    failed = [row for row in rows if row["status"] == "failed"]
    for row in failed[:SHOWN_FAILURES]:
        out.write(f"  failed {row['id']} -> {row['platform_account_id']}: {row['error']}\n")
    if len(failed) > SHOWN_FAILURES:
        out.write(f"  ... and {len(failed) - SHOWN_FAILURES} more in the report\n")
    return 1 if failed else 0
