"""The journal's records as callers see them, and how they are read back from SQLite rows."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Literal, cast

import attrs

__all__ = ["FlowRecord", "JournalStats", "StepRecord", "StepStatus", "flow_record", "step_record"]

StepStatus = Literal["intent", "done", "failed"]


@attrs.frozen(slots=True)
class StepRecord:
    """One step of one flow as the journal holds it.

    ``intent`` is what a write step was about to send (kept after it is done); ``result`` the
    step's answer once ``done``; ``error`` why it ``failed``, and ``final`` whether retrying
    cannot fix it. ``updated_at`` is unix seconds.
    """

    flow_id: str
    step: str
    status: StepStatus
    intent: dict[str, Any] | None
    result: dict[str, Any] | None
    error: str | None
    updated_at: float
    final: bool = False


@attrs.frozen(slots=True)
class FlowRecord:
    """One flow's status (the runner writes it when the flow ends: ``done``, ``incomplete``,
    ``interrupted``) and its last report (a dict, ``{}`` when there is none)."""

    flow_id: str
    status: str
    report: dict[str, Any]
    updated_at: float


@attrs.frozen(slots=True)
class JournalStats:
    """What the journal cost so far.

    ``writes`` acknowledged writes, ``commits`` transactions (several writes waiting at once
    share one), ``reads`` reads; ``write_seconds`` is the time callers spent awaiting their
    writes (lock, thread hop and commit), ``commit_seconds`` the time spent committing.
    """

    writes: int
    commits: int
    reads: int
    write_seconds: float
    commit_seconds: float

    @property
    def seconds_per_write(self) -> float:
        """Mean time a caller waited for one write to be durable."""
        return self.write_seconds / self.writes if self.writes else 0.0


def _load(text: str | None) -> dict[str, Any] | None:
    return None if text is None else cast(dict[str, Any], json.loads(text))


def step_record(row: Sequence[Any]) -> StepRecord:
    flow_id, step, status, intent, result, error, final, updated_at = row
    return StepRecord(
        flow_id=flow_id,
        step=step,
        status=status,
        intent=_load(intent),
        result=_load(result),
        error=error,
        updated_at=updated_at,
        final=bool(final),
    )


def flow_record(row: Sequence[Any]) -> FlowRecord:
    flow_id, status, report, updated_at = row
    return FlowRecord(flow_id, status, _load(report) or {}, updated_at)
