"""Async tasks behind ``GET /open/v1/tasks/{task_id}``, running on the simulator clock.

Lifecycle table (h11-style): a task moves only along these edges; anything else raises
``ValueError`` naming the two states.

==========  ================  ==============================================================
from        to                when / by
==========  ================  ==============================================================
running     success           the clock reaching ``finishes_at`` (a submitted task), read N
                              (``succeed_after_reads``), ``sim.finish_task`` or ``sim.set_task``
running     failed            the same, when the test arranged it (``sim.fail_next_task``) or
                              the submit's input fails upstream (e.g. an unknown product)
success     (final)           its result is kept and answered on every later read
failed      (final)
==========  ================  ==============================================================

A submitted task has a ``kind`` (the Content operation, see
:data:`~trenz_async.testing.trenz.content_routes.TASK_DURATIONS`) and finishes ``durations[kind]``
seconds of simulator time after it was accepted. Times on the wire are unix seconds (ints).
A task submitted with a key belongs to that key: another key reading it gets 404 TASK_NOT_FOUND.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from typing import Any

import attrs

from trenz_async.testing.trenz.envelope import SimError

TRANSITIONS: dict[str, frozenset[str]] = {
    "running": frozenset({"success", "failed"}),
    "success": frozenset(),
    "failed": frozenset(),
}
DEFAULT_DURATION = 30.0
DEFAULT_FAILURE = "Task failed: the upstream model returned an error"


@attrs.define
class Task:
    """One async task: ``status``, its ``result`` or ``error_message``, and its timing."""

    task_id: str
    status: str = "running"
    result: Any = None
    error_message: str | None = None
    succeed_after_reads: int | None = None
    reads: int = 0
    kind: str | None = None
    owner: str | None = None
    created_at: float = 0.0
    updated_at: float = 0.0
    finishes_at: float | None = None
    fail_message: str | None = None

    def view(self) -> dict[str, Any]:
        """Return the task as the API's ``data`` object."""
        data: dict[str, Any] = {
            "task_id": self.task_id,
            "status": self.status,
            "created_at": int(self.created_at),
            "updated_at": int(self.updated_at),
        }
        if self.status == "success":
            data["result"] = self.result
        if self.status == "failed":
            data["error_message"] = self.error_message
        return data


class TaskStore:
    """Tasks by id, their per-kind durations and the failures a test arranged."""

    def __init__(
        self,
        now: Callable[[], float],
        seed: int = 0,
        durations: dict[str, float] | None = None,
    ) -> None:
        self._now = now
        self._rng = random.Random(f"tasks:{seed}")
        self._tasks: dict[str, Task] = {}
        self._failures: list[tuple[str | None, str]] = []
        #: Seconds from submit to finish, per kind; tests may change entries.
        self.durations: dict[str, float] = dict(durations or {})

    def _new_id(self) -> str:
        while True:
            task_id = str(uuid.UUID(int=self._rng.getrandbits(128), version=4))
            if task_id not in self._tasks:
                return task_id

    def create(
        self,
        *,
        status: str = "running",
        result: Any = None,
        error_message: str | None = None,
        succeed_after_reads: int | None = None,
        task_id: str | None = None,
    ) -> str:
        """Create a task by hand; ``succeed_after_reads`` finishes it on read N. Returns its id."""
        if status not in TRANSITIONS:
            raise ValueError(f"status must be one of: {', '.join(TRANSITIONS)}")
        new_id = task_id or self._new_id()
        now = self._now()
        self._tasks[new_id] = Task(
            new_id, status, result, error_message, succeed_after_reads, created_at=now
        )
        self._tasks[new_id].updated_at = now
        return new_id

    def submit(
        self, kind: str, result: Any, *, owner: str | None = None, fails_with: str | None = None
    ) -> Task:
        """Accept a task of ``kind`` whose ``result`` shows when it finishes on the clock.

        ``fails_with`` makes it fail instead (an input rejected upstream); a failure arranged by
        :meth:`fail_next` for this kind wins over both.
        """
        now = self._now()
        task = Task(
            self._new_id(),
            result=result,
            kind=kind,
            owner=owner,
            created_at=now,
            updated_at=now,
            finishes_at=now + self.durations.get(kind, DEFAULT_DURATION),
            fail_message=self._take_failure(kind) or fails_with,
        )
        self._tasks[task.task_id] = task
        return task

    def fail_next(self, kind: str | None = None, message: str = DEFAULT_FAILURE) -> None:
        """Make the next task submitted of ``kind`` (any kind if None) fail with ``message``."""
        if not message:
            raise ValueError("message must not be empty")
        self._failures.append((kind, message))

    def _take_failure(self, kind: str) -> str | None:
        for index, (wanted, message) in enumerate(self._failures):
            if wanted is None or wanted == kind:
                del self._failures[index]
                return message
        return None

    def clear_failures(self) -> None:
        """Forget every failure arranged with :meth:`fail_next`."""
        self._failures.clear()

    def move(self, task_id: str, status: str, **fields: Any) -> None:
        """Move a task to ``status`` along the table; anything else raises ValueError."""
        task = self._tasks[task_id]
        if status not in TRANSITIONS[task.status]:
            raise ValueError(f"task cannot go from {task.status} to {status}")
        task.status = status
        task.updated_at = fields.pop("updated_at", None) or self._now()
        for name, value in fields.items():
            setattr(task, name, value)

    def finish(self, task_id: str) -> None:
        """Finish a running task now: success with its result, or its arranged failure.

        An unknown id raises KeyError; a task no longer running raises ValueError.
        """
        task = self.get(task_id)
        if task is None:
            raise KeyError(f"unknown task {task_id}")
        if task.status != "running":
            raise ValueError(f"task {task_id} is already {task.status}: only running tasks finish")
        self._conclude(task, self._now())

    def _conclude(self, task: Task, at: float) -> None:
        if task.fail_message is not None:
            self.move(task.task_id, "failed", error_message=task.fail_message, updated_at=at)
        else:
            self.move(task.task_id, "success", updated_at=at)

    def get(self, task_id: str) -> Task | None:
        """Return the task (its status brought up to the clock), or None; no read is counted."""
        task = self._tasks.get(task_id)
        if task is not None and task.status == "running":
            self._advance(task)
        return task

    def _advance(self, task: Task) -> None:
        """Finish a running task whose time has come, dated at its finish time."""
        if task.finishes_at is not None and self._now() >= task.finishes_at:
            self._conclude(task, task.finishes_at)

    def read(self, task_id: str, owner: str | None = None) -> dict[str, Any]:
        """Return the task's view, counting the read; unknown ids raise 404 TASK_NOT_FOUND.

        A task owned by another key is unknown to ``owner``.
        """
        task = self.get(task_id)
        if task is None or (task.owner is not None and task.owner != owner):
            raise SimError("TASK_NOT_FOUND", f"Task {task_id} not found")
        task.reads += 1
        after = task.succeed_after_reads
        if task.status == "running" and after is not None and task.reads >= after:
            self._conclude(task, self._now())
        return task.view()

    def submitted(self, owner: str | None = None) -> int:
        """Return how many tasks were submitted through the API (by ``owner`` if given)."""
        return sum(
            1
            for task in self._tasks.values()
            if task.kind is not None and (owner is None or task.owner == owner)
        )
