"""What a journal answers: its records of steps, flows and settings (see
:class:`~trenz_async.workflows.Journal`, which runs these queries in its own thread)."""

from __future__ import annotations

import json
from typing import Any

from trenz_async.workflows._journal_records import (
    FlowRecord,
    StepRecord,
    flow_record,
    step_record,
)
from trenz_async.workflows._journal_sqlite import SETTINGS, STEP_COLUMNS


class JournalReads:
    """The journal's queries; a subclass runs them (``_read``)."""

    async def _read(self, sql: str, params: tuple[object, ...]) -> list[Any]:
        raise NotImplementedError

    async def get(self, flow_id: str, step: str) -> StepRecord | None:
        """The step's record, or None when the step never ran."""
        sql = f"SELECT {STEP_COLUMNS} FROM steps WHERE flow_id = ? AND step = ?"
        rows = await self._read(sql, (flow_id, step))
        return step_record(rows[0]) if rows else None

    async def steps(self, flow_id: str) -> list[StepRecord]:
        """Every recorded step of the flow, in the order they were first recorded."""
        sql = f"SELECT {STEP_COLUMNS} FROM steps WHERE flow_id = ? ORDER BY rowid"
        return [step_record(row) for row in await self._read(sql, (flow_id,))]

    async def all_steps(self) -> list[StepRecord]:
        """Every recorded step of every flow, in the order they were first recorded."""
        sql = f"SELECT {STEP_COLUMNS} FROM steps ORDER BY rowid"
        return [step_record(row) for row in await self._read(sql, ())]

    async def flow(self, flow_id: str) -> FlowRecord | None:
        """The flow's record, or None when it never started."""
        sql = "SELECT flow_id, status, report, updated_at FROM flows WHERE flow_id = ?"
        rows = await self._read(sql, (flow_id,))
        return flow_record(rows[0]) if rows else None

    async def flows(self) -> list[FlowRecord]:
        """Every flow recorded, in the order each was first recorded."""
        sql = "SELECT flow_id, status, report, updated_at FROM flows ORDER BY rowid"
        return [flow_record(row) for row in await self._read(sql, ())]

    async def flows_with_steps(self) -> set[str]:
        """The ids of every flow with at least one step recorded."""
        return {row[0] for row in await self._read("SELECT DISTINCT flow_id FROM steps", ())}

    async def setting(self, name: str) -> dict[str, Any] | None:
        """The job's setting ``name`` as recorded, or None (never recorded)."""
        exists = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
        if not await self._read(exists, (SETTINGS,)):  # a journal from before settings
            return None
        rows = await self._read(f"SELECT value FROM {SETTINGS} WHERE name = ?", (name,))
        return json.loads(rows[0][0]) if rows else None

    async def last_write(self) -> float:
        """When anything was last recorded (unix seconds; 0.0 for an empty journal)."""
        sql = (
            "SELECT MAX(t) FROM (SELECT MAX(updated_at) AS t FROM steps"
            " UNION ALL SELECT MAX(updated_at) FROM flows)"
        )
        rows = await self._read(sql, ())
        return float(rows[0][0] or 0.0)
