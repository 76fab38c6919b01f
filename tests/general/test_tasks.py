"""``trenz.tasks`` and the poller against the simulator's task store, over HTTP."""

from __future__ import annotations

import itertools
import time
from typing import Any

import pytest

from tests.helpers import answer_with
from trenz_async import NotFoundError, TrenzClient
from trenz_async.errors import PollTimeoutError, TaskFailedError
from trenz_async.models import Task
from trenz_async.polling import PollEvent, PollPolicy
from trenz_async.testing import FaultRule

pytestmark = pytest.mark.anyio
FAST = PollPolicy(interval=0.01, jitter=0.0, max_interval=0.02)


async def test_get_reads_a_task(client: TrenzClient, trenz_simulator: Any) -> None:
    task_id = trenz_simulator.create_task(status="success", result={"summary": "ok"})
    task = await client.tasks.get(task_id)
    assert isinstance(task, Task)
    assert (task.task_id, task.status, task.result, task.finished) == (
        task_id,
        "success",
        {"summary": "ok"},
        True,
    )


async def test_an_unknown_task_is_not_found(client: TrenzClient) -> None:
    with pytest.raises(NotFoundError) as caught:
        await client.tasks.get("no-such-task")
    assert caught.value.code == "TASK_NOT_FOUND"


async def test_wait_polls_until_success_and_reports_progress(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    task_id = trenz_simulator.create_task(succeed_after_reads=4, result=[1, 2])
    seen: list[PollEvent] = []
    task = await client.tasks.wait(task_id, policy=FAST, on_poll=seen.append)
    assert task.status == "success"
    assert [event.state for event in seen] == ["running"] * 3 + ["success"]
    assert [event.polls for event in seen] == [1, 2, 3, 4]
    assert all(entry.method == "GET" for entry in trenz_simulator.journal)


async def test_wait_raises_the_services_message_when_the_task_fails(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    task_id = trenz_simulator.create_task()
    trenz_simulator.set_task(task_id, "failed", error_message="video_url is not reachable")
    with pytest.raises(TaskFailedError) as caught:
        await client.tasks.wait(task_id, policy=FAST)
    assert caught.value.task_id == task_id
    assert "video_url is not reachable" in str(caught.value)
    assert isinstance(caught.value.last, Task)


async def test_wait_times_out_saying_what_it_last_saw(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    task_id = trenz_simulator.create_task()
    started = time.monotonic()
    with pytest.raises(PollTimeoutError) as caught:
        await client.tasks.wait(task_id, timeout=0.3, policy=FAST)
    assert 0.25 < time.monotonic() - started < 2
    assert "last seen: running" in str(caught.value)
    assert isinstance(caught.value, TimeoutError)
    assert caught.value.last is not None
    assert caught.value.last.status == "running"


async def test_a_failed_poll_is_polled_again_not_raised(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    task_id = trenz_simulator.create_task(succeed_after_reads=2)
    route = f"GET /open/v1/tasks/{task_id}"
    trenz_simulator.add_fault(FaultRule(route=route, status=503, times=8))  # beats the retries
    task = await client.tasks.wait(task_id, policy=FAST, timeout=10)
    assert task.status == "success"
    assert sum(1 for e in trenz_simulator.journal if e.status == 503) == 8


def _answer(sim: Any, task_id: str, data: dict[str, Any]) -> None:
    """The next poll of ``task_id`` answered with ``data`` as the task (HTTP 200)."""
    answer_with(sim, f"GET /open/v1/tasks/{task_id}", {"code": "OK", "data": data})


@pytest.mark.parametrize("status", ["success", "SUCCESS", "succeeded", "completed"])
async def test_a_task_answer_of_only_status_and_result_ends_the_wait(
    client: TrenzClient, trenz_simulator: Any, status: str
) -> None:
    # The seed describes the poll answer by status, result and error_message alone.
    task_id = trenz_simulator.create_task()
    _answer(trenz_simulator, task_id, {"status": status, "result": {"summary": "ok"}})
    task = await client.tasks.wait(task_id, policy=FAST, timeout=5)
    assert (task.task_id, task.status, task.result) == (task_id, "success", {"summary": "ok"})


async def test_a_failed_task_with_an_error_object_and_iso_times_raises_its_error(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    task_id = trenz_simulator.create_task()
    error = {"code": "BAD_VIDEO", "message": "video_url is not reachable"}
    when = "2026-11-27T10:00:00Z"
    data = {"status": "FAILED", "error_message": error, "created_at": when, "updated_at": 17.5}
    _answer(trenz_simulator, task_id, data)
    with pytest.raises(TaskFailedError) as caught:
        await client.tasks.wait(task_id, policy=FAST, timeout=5)
    assert "video_url is not reachable" in str(caught.value)
    last = caught.value.last
    assert isinstance(last, Task)
    assert (last.created_at, last.updated_at, last.extras["created_at_text"]) == (None, 17, when)


async def test_the_default_pace_is_the_seeds_three_to_five_seconds() -> None:
    waits = list(itertools.islice(PollPolicy().waits(), 50))
    assert all(3.0 <= w <= 5.0 for w in waits)  # "recommended poll interval: 3-5 seconds"
    assert len({round(w, 6) for w in waits}) > 40  # jittered, not in step


async def test_a_policy_may_grow_its_pace_to_a_cap() -> None:
    waits = list(itertools.islice(PollPolicy(backoff=1.25, max_interval=15.0).waits(), 30))
    assert 3.0 <= waits[0] <= 5.0
    assert all(w <= 15.0 + 1.0 for w in waits)
    assert max(waits) > 12
