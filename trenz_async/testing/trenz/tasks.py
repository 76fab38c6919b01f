"""A minimal async-task store for ``GET /open/v1/tasks/{task_id}``.

Lifecycle table (h11-style): a task moves only along these edges, by the test (``sim.set_task``)
or by reads (``succeed_after_reads``):

==========  ========================
from        to
==========  ========================
running     success, failed
success     (final)
failed      (final)
==========  ========================
"""

from __future__ import annotations

import uuid
from typing import Any

import attrs

from trenz_async.testing.trenz.envelope import SimError

TRANSITIONS: dict[str, frozenset[str]] = {
    "running": frozenset({"success", "failed"}),
    "success": frozenset(),
    "failed": frozenset(),
}


@attrs.define
class Task:
    """One async task: ``status``, its ``result`` or ``error_message``."""

    task_id: str
    status: str = "running"
    result: Any = None
    error_message: str | None = None
    succeed_after_reads: int | None = None
    reads: int = 0

    def view(self) -> dict[str, Any]:
        """Return the task as the API's ``data`` object."""
        data: dict[str, Any] = {"task_id": self.task_id, "status": self.status}
        if self.status == "success":
            data["result"] = self.result
        if self.status == "failed":
            data["error_message"] = self.error_message
        return data


class TaskStore:
    """Tasks by id."""

    def __init__(self) -> None:
        self._tasks: dict[str, Task] = {}

    def create(
        self,
        *,
        status: str = "running",
        result: Any = None,
        error_message: str | None = None,
        succeed_after_reads: int | None = None,
        task_id: str | None = None,
    ) -> str:
        """Create a task and return its id; ``succeed_after_reads`` makes it finish on read N."""
        if status not in TRANSITIONS:
            raise ValueError(f"status must be one of: {', '.join(TRANSITIONS)}")
        new_id = task_id or uuid.uuid4().hex
        self._tasks[new_id] = Task(new_id, status, result, error_message, succeed_after_reads)
        return new_id

    def move(self, task_id: str, status: str, **fields: Any) -> None:
        """Move a task to ``status`` along the table; anything else raises ValueError."""
        task = self._tasks[task_id]
        if status not in TRANSITIONS[task.status]:
            raise ValueError(f"task cannot go from {task.status} to {status}")
        task.status = status
        for name, value in fields.items():
            setattr(task, name, value)

    def read(self, task_id: str) -> dict[str, Any]:
        """Return the task's view, counting the read; unknown ids raise 404 TASK_NOT_FOUND."""
        task = self._tasks.get(task_id)
        if task is None:
            raise SimError("TASK_NOT_FOUND", f"Task {task_id} not found")
        task.reads += 1
        after = task.succeed_after_reads
        if task.status == "running" and after is not None and task.reads >= after:
            task.status = "success"
        return task.view()
