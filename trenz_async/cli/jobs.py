"""``trenz-async jobs show --journal PATH``: where a job stands, read from its journal.

A line says whether a job is running on the journal now (a ``started`` flow is then in
progress; otherwise it stopped with its run, and a rerun resumes it). Then one line per flow
(its id and status), and one indented line per step: its name, status, when it last changed,
and what it recorded (an object key, a session token, an error). A write step left at
``intent`` was sent without an answer recorded: the next run looks it up with the service
before anything is sent again (a write the service cannot be asked about is sent again).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

import anyio

from trenz_async.cli.errors import UsageError
from trenz_async.workflows._journal_lock import RunLock
from trenz_async.workflows.journal import Journal, JournalError, StepRecord

__all__ = ["show_job"]

#: Result fields worth a glance, in the order shown.
DETAIL_KEYS = (
    "bucket_key",
    "session_token",
    "status",
    "passed",
    "published",
    "count",
    "written",
    "error",
)
INTENT_NOTE = (
    "sent, no answer recorded yet (the next run looks it up first; one the service cannot"
    " be asked about is sent again)"
)
STARTED = "started"
"""A flow with steps recorded and no status: it is running, or its run died."""


async def show_job(journal_path: Path, out: TextIO) -> int:
    """Print each flow of the journal at ``journal_path`` with its steps; return 0.

    A missing journal, or a file that is not one, is a :class:`UsageError` (a journal is
    never created here).
    """
    if not await anyio.Path(journal_path).is_file():
        raise UsageError(f"--journal: no journal at {journal_path}")
    try:
        journal = await Journal.open(journal_path, shared=True)
    except JournalError as error:
        raise UsageError(f"--journal: {error}") from None
    async with journal:
        flows = await journal.flows()
        steps: dict[str, list[StepRecord]] = defaultdict(list)
        for step in await journal.all_steps():
            steps[step.flow_id].append(step)
    ended = {flow.flow_id: flow for flow in flows}
    # in the order their first step was recorded, then flows that recorded no step
    order = [*steps, *(f for f in ended if f not in steps)]
    status = {fid: ended[fid].status if fid in ended else STARTED for fid in order}
    counts = Counter(status.values())
    states = ", ".join(f"{n} {state}" for state, n in sorted(counts.items()))
    flows_text = f"{len(order)} flow{'s' * (len(order) != 1)}"
    out.write(f"journal {journal_path}: {flows_text}" + (f" ({states})" if states else ""))
    out.write(f"\n  {_run_note(journal_path)}\n")
    for fid in order:
        note = _flow_note(ended[fid].report) if fid in ended else ""
        out.write(f"{fid}  {status[fid]}{note}\n")
        out.writelines(_step_line(step) + "\n" for step in steps.get(fid, ()))
    return 0


def _run_note(journal_path: Path) -> str:
    """Whether a job is running on the journal now (its ``started`` flows are in progress)
    or not (they stopped with their run; a rerun resumes them)."""
    try:
        held, pid = RunLock.holder(str(journal_path))
    except JournalError as error:
        return f"whether a job is running on it is unknown: {error}"
    if not held:
        return "no job is running on this journal"
    return "a job is running on this journal" + (f" (pid {pid})" if pid else "")


def _flow_note(report: Mapping[str, Any] | None) -> str:
    """What a flow's recorded report says: ``": failed  (2 published, 1 failed)"`` (its own
    status when that is not ``done``, and its targets' when it has any)."""
    report = report or {}
    status = report.get("status")
    note = f": {status}" if isinstance(status, str) and status != "done" else ""
    targets = report.get("targets")
    if not isinstance(targets, list) or not targets:
        return note
    counts = Counter(t.get("status") for t in targets if isinstance(t, Mapping))
    return note + "  (" + ", ".join(f"{n} {status}" for status, n in counts.items()) + ")"


def _step_line(step: StepRecord) -> str:
    when = dt.datetime.fromtimestamp(step.updated_at).strftime("%Y-%m-%d %H:%M:%S")
    if step.status == "intent":
        detail = INTENT_NOTE
    elif step.status == "failed":
        detail = step.error or "failed"
    else:
        result = step.result or {}
        detail = "  ".join(f"{k}={result[k]}" for k in DETAIL_KEYS if result.get(k) is not None)
    return f"  {step.step:<20} {step.status:<7} {when}  {detail}".rstrip()
