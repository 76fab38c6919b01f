"""``trenz.tasks``: async task status, waiting, and the handle every async submit returns.

Every AI analysis and generation endpoint answers a ``task_id`` at once; the job runs on and
is polled at ``GET /open/v1/tasks/{task_id}`` (3-5 s apart, the seed's advice). A
:class:`TaskHandle` does that polling with :func:`trenz_async.polling.wait_until` and decodes
the result into the endpoint's own record.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Coroutine, Mapping
from typing import Any, Generic, TypeVar, Unpack

import attrs
import cattrs

from trenz_async._json import compact
from trenz_async.errors import ResponseDecodeError, TaskFailedError
from trenz_async.models import Task
from trenz_async.polling import Outcome, PollEvent, PollPolicy, wait_until
from trenz_async.resources._base import CallOptions, Resource
from trenz_async.resources._validate import check_id
from trenz_async.resources.general.paths import TASK_STATUS
from trenz_async.transport import Endpoint, Transport

__all__ = ["TaskHandle", "TaskSubmitter", "TasksResource"]

R = TypeVar("R")

_OUTCOMES = {"success": Outcome.DONE, "failed": Outcome.FAILED}
_STATUS_WORDS = {
    **dict.fromkeys(("succeeded", "succeed", "completed", "complete", "done"), "success"),
    **dict.fromkeys(("error", "fail", "cancelled", "canceled", "timeout", "expired"), "failed"),
}
"""Other spellings of a final status, read as the seed's ``success`` / ``failed``."""


def _task_fields(data: Mapping[str, Any], task_id: str) -> dict[str, Any]:
    """A task answer in the seed's terms, whatever else it holds: the id polled when it has
    none, the status lower-cased (``SUCCESS``, ``succeeded`` and the like read as the seed's
    words), an error object as its JSON text, and a time that is not unix seconds left out.
    """
    fields = dict(data)
    fields.setdefault("task_id", task_id)
    status = fields.get("status")
    if isinstance(status, str):
        status = status.strip().lower()
        fields["status"] = _STATUS_WORDS.get(status, status)
    error = fields.get("error_message")
    if error is not None and not isinstance(error, str):
        fields["error_message"] = compact(error)
    for name in ("created_at", "updated_at"):
        value = fields.get(name)
        if (isinstance(value, str) and value.isdigit()) or isinstance(value, float):
            fields[name] = int(value)
        elif value is not None and not isinstance(value, int):
            fields.pop(name)  # an ISO time or the like: kept in extras, not read as seconds
            fields[f"{name}_text"] = value
    return fields


def _classify(task: Task) -> tuple[Outcome, str]:
    return _OUTCOMES.get(task.status, Outcome.PENDING), task.status


def _failure(task: Task, _: str) -> TaskFailedError:
    message = task.error_message or "the task failed without a message"
    return TaskFailedError(
        f"task {task.task_id} failed: {message}", task_id=task.task_id, last=task
    )


class TasksResource(Resource):
    """Async task status: ``get`` reads one, ``wait`` polls until it succeeds or fails."""

    def get(self, task_id: str, **options: Unpack[CallOptions]) -> Coroutine[Any, Any, Task]:
        """The task's status, ``result`` (on success) or ``error_message`` (on failure).

        Raises :class:`~trenz_async.errors.NotFoundError` (404 ``TASK_NOT_FOUND``) for an
        unknown id.
        """
        task_id = check_id("task_id", task_id)
        return self._get(task_id, options)

    async def _get(self, task_id: str, options: CallOptions) -> Task:
        envelope = await self._transport.request(
            TASK_STATUS, path_params={"id": task_id}, **options
        )
        if isinstance(envelope.data, Mapping):
            envelope = attrs.evolve(envelope, data=_task_fields(envelope.data, task_id))
        return self._data_as(envelope, Task)

    async def wait(
        self,
        task_id: str,
        *,
        timeout: float | None = 600.0,
        policy: PollPolicy | None = None,
        on_poll: Callable[[PollEvent], object] | None = None,
        started_at: float | None = None,
    ) -> Task:
        """Poll until the task finishes; return it on success.

        Raises :class:`~trenz_async.errors.TaskFailedError` (the service's ``error_message``)
        when it fails and :class:`~trenz_async.errors.PollTimeoutError` after ``timeout``
        seconds (the task may still finish). ``policy`` paces the polls (3-5 s by default).
        ``started_at`` (``time.monotonic()`` when the submit answered, for a task just
        submitted) holds the first poll until one interval after it; without it the first
        poll is at once.
        """
        task_id = check_id("task_id", task_id)
        return await wait_until(
            lambda: self.get(task_id),
            _classify,
            what=f"task {task_id}",
            fail=_failure,
            timeout=timeout,
            policy=policy,
            on_poll=on_poll,
            started_at=started_at,
        )


class TaskHandle(Generic[R]):
    """An accepted async job: ``task_id`` now, the typed result after :meth:`wait`.

    The submit that created it was charged and will not be sent again; waiting only reads.
    ``submitted_at`` is ``time.monotonic()`` when the submit answered: :meth:`wait` polls
    first one interval after it (a poll sooner would find the task still running).
    """

    def __init__(
        self,
        tasks: TasksResource,
        task_id: str,
        decode: Callable[[object], R],
        name: str,
        submitted_at: float | None = None,
    ) -> None:
        self.task_id = task_id
        self.name = name
        self.submitted_at = submitted_at
        self._tasks = tasks
        self._decode = decode

    def refresh(self, **options: Unpack[CallOptions]) -> Coroutine[Any, Any, Task]:
        """The task's current status (one read)."""
        return self._tasks.get(self.task_id, **options)

    async def wait(
        self,
        *,
        timeout: float | None = 600.0,
        policy: PollPolicy | None = None,
        on_poll: Callable[[PollEvent], object] | None = None,
    ) -> R:
        """Poll until the task finishes and return its result, decoded.

        Raises :class:`~trenz_async.errors.TaskFailedError` or
        :class:`~trenz_async.errors.PollTimeoutError` (see :meth:`TasksResource.wait`), and
        :class:`~trenz_async.errors.ResponseDecodeError` for a result of the wrong shape.
        """
        task = await self._tasks.wait(
            self.task_id,
            timeout=timeout,
            policy=policy,
            on_poll=on_poll,
            started_at=self.submitted_at,
        )
        try:
            return self._decode(task.result)
        except Exception as exc:
            raise ResponseDecodeError(f"$.data.result of {self.name}: {exc}") from exc

    def __repr__(self) -> str:
        return f"TaskHandle({self.name!r}, task_id={self.task_id!r})"


class TaskSubmitter(Resource):
    """Base of namespaces whose endpoints start async tasks (Content)."""

    def __init__(self, transport: Transport, converter: cattrs.Converter) -> None:
        super().__init__(transport, converter)
        self._tasks = TasksResource(transport, converter)

    def _submit(
        self,
        endpoint: Endpoint,
        body: Mapping[str, object],
        result: type[R],
        options: CallOptions,
    ) -> Coroutine[Any, Any, TaskHandle[R]]:
        """The coroutine submitting ``body`` (a write: never re-sent when its outcome is
        unknown) and returning a handle whose ``wait()`` decodes the result as ``result``."""
        return self._submit_task(endpoint, body, result, options)

    async def _submit_task(
        self,
        endpoint: Endpoint,
        body: Mapping[str, object],
        result: type[R],
        options: CallOptions,
    ) -> TaskHandle[R]:
        envelope = await self._transport.request(endpoint, json=body, **options)
        data = envelope.data
        task_id = data.get("task_id") if isinstance(data, Mapping) else None
        if isinstance(task_id, int) and not isinstance(task_id, bool):
            task_id = str(task_id)
        if not isinstance(task_id, str) or not task_id:
            raise ResponseDecodeError(f"$.data.task_id: {endpoint.name} answered no task id")
        decode = self._result_decoder(result)
        return TaskHandle(self._tasks, task_id, decode, endpoint.name, time.monotonic())

    def _result_decoder(self, result: type[R]) -> Callable[[object], R]:
        if result is object:
            return lambda value: value  # type: ignore[return-value]
        hook = self._converter.get_structure_hook(result)
        return lambda value: hook(value, result)
