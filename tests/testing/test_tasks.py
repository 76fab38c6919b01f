"""Async tasks: submitted by Content routes, they finish on the simulator clock."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from tests.testing.conftest import Http
from trenz_async.testing import FaultRule, Simulator

ANALYSIS = "/open/v1/ai/videos/content-analysis"
SORA = "/open/v1/ai/videos/sora2"
VIDEO = {"video_url": "https://cdn.example.com/a.mp4"}
pytestmark = pytest.mark.anyio


async def submit(http: Http, path: str = ANALYSIS, body: Any = None, key: str | None = None) -> str:
    status, answer = await http.post(path, VIDEO if body is None else body, key=key)
    assert status == 200, answer
    assert answer["data"]["status"] == "running"
    task_id: str = answer["data"]["task_id"]
    return task_id


async def task(http: Http, task_id: str, key: str | None = None) -> tuple[int, Any]:
    status, _, body = await http.get(f"/open/v1/tasks/{task_id}", key=key)
    return status, body


async def test_task_runs_until_its_duration_passes(http: Http) -> None:
    task_id = await submit(http)
    _, body = await task(http, task_id)
    data = body["data"]
    assert (data["status"], data["created_at"]) == ("running", data["updated_at"])
    assert "result" not in data
    assert "error_message" not in data
    assert body["usage"]["coin_cost"] == 0
    http.sim.clock.advance(19)
    assert (await task(http, task_id))[1]["data"]["status"] == "running"
    http.sim.clock.advance(1.5)
    done = (await task(http, task_id))[1]["data"]
    assert done["status"] == "success"
    assert done["updated_at"] - done["created_at"] in (19, 20, 21)  # finish time, in whole seconds
    assert set(done["result"]) >= {"summary", "hook", "scenes", "tags"}
    http.sim.clock.advance(86_400)
    assert (await task(http, task_id))[1]["data"] == done  # results are kept


async def test_each_kind_has_its_duration(http: Http) -> None:
    assert http.sim.task_durations["sora2_video_generation"] == 180
    assert http.sim.task_durations["ai_image_generation"] == 60
    task_id = await submit(http, SORA, {"prompt": "a cat on a skateboard"})
    http.sim.clock.advance(170)
    assert (await task(http, task_id))[1]["data"]["status"] == "running"
    http.sim.clock.advance(11)
    assert (await task(http, task_id))[1]["data"]["status"] == "success"


async def test_durations_are_editable(http: Http) -> None:
    http.sim.task_durations["video_content_analysis"] = 0
    task_id = await submit(http)
    assert (await task(http, task_id))[1]["data"]["status"] == "success"


async def test_fail_next_task_fails_at_finish_time_and_is_not_refunded(http: Http) -> None:
    http.sim.fail_next_task("sora2_video_generation", "content policy violation")
    other = await submit(http)
    failing = await submit(http, SORA, {"prompt": "x"})
    later = await submit(http, SORA, {"prompt": "y"})
    assert (await task(http, failing))[1]["data"]["status"] == "running"
    http.sim.clock.advance(181)
    data = (await task(http, failing))[1]["data"]
    assert (data["status"], data["error_message"]) == ("failed", "content policy violation")
    assert "result" not in data
    assert (await task(http, other))[1]["data"]["status"] == "success"
    assert (await task(http, later))[1]["data"]["status"] == "success"
    assert http.sim.balance(http.key) == 1_000_000 - 5 - 50 - 50


async def test_fail_next_task_any_kind_and_bad_kind(http: Http) -> None:
    http.sim.fail_next_task()
    task_id = await submit(http)
    http.sim.finish_task(task_id)
    data = (await task(http, task_id))[1]["data"]
    assert data["status"] == "failed"
    assert data["error_message"].startswith("Task failed")
    with pytest.raises(ValueError, match="kind must be one of"):
        http.sim.fail_next_task("video_magic")


async def test_reset_forgets_arranged_failures(http: Http) -> None:
    http.sim.fail_next_task()
    http.sim.reset()
    task_id = await submit(http)
    http.sim.finish_task(task_id)
    assert (await task(http, task_id))[1]["data"]["status"] == "success"


async def test_finish_task_and_transition_table(http: Http) -> None:
    task_id = await submit(http)
    http.sim.finish_task(task_id)
    assert (await task(http, task_id))[1]["data"]["status"] == "success"
    with pytest.raises(ValueError, match="cannot go from success to failed"):
        http.sim.set_task(task_id, "failed", error_message="late")
    with pytest.raises(ValueError, match="is already success"):
        http.sim.finish_task(task_id)
    with pytest.raises(KeyError):
        http.sim.finish_task("nope")


async def test_unknown_task_and_another_keys_task(http: Http) -> None:
    status, body = await task(http, "no-such-task")
    assert (status, body["code"]) == (404, "TASK_NOT_FOUND")
    assert "no-such-task" in body["message"]
    task_id = await submit(http)
    other_key = http.sim.create_api_key()
    status, body = await task(http, task_id, key=other_key)
    assert (status, body["code"]) == (404, "TASK_NOT_FOUND")


async def test_tasks_submitted_per_key_and_counter(http: Http) -> None:
    other_key = http.sim.create_api_key()
    await submit(http)
    await submit(http)
    await submit(http, key=other_key)
    await http.post("/open/v1/ai/text/embedding", {"text": "sync, no task"})
    await http.post(ANALYSIS, {})  # refused: no task
    assert http.sim.tasks_submitted() == 3
    assert http.sim.tasks_submitted(http.key) == 2
    assert http.sim.tasks_submitted(other_key) == 1
    assert http.sim.counters["tasks submitted"] == 3


async def test_lost_response_submits_exactly_once(http: Http) -> None:
    http.sim.add_fault(FaultRule(route=f"POST {SORA}", lose_response=True, times=1))
    with pytest.raises((aiohttp.ServerDisconnectedError, aiohttp.ClientOSError)):
        await http.post(SORA, {"prompt": "x"})
    assert http.sim.tasks_submitted(http.key) == 1
    assert http.sim.balance(http.key) == 1_000_000 - 50


async def test_hand_made_tasks_still_work(http: Http) -> None:
    task_id = http.sim.create_task(status="running", succeed_after_reads=2)
    assert (await task(http, task_id))[1]["data"]["status"] == "running"
    assert (await task(http, task_id))[1]["data"]["status"] == "success"


async def _ids_and_result(seed: int) -> tuple[list[str], Any]:
    async with Simulator(seed=seed) as sim, aiohttp.ClientSession() as session:
        http = Http(session, sim, sim.create_api_key())
        ids = [await submit(http) for _ in range(3)]
        sim.finish_task(ids[0])
        return ids, (await task(http, ids[0]))[1]["data"]["result"]


async def test_ids_and_results_are_stable_for_a_seed() -> None:
    assert await _ids_and_result(4) == await _ids_and_result(4)


async def test_control_api_fails_and_finishes_tasks(http: Http) -> None:
    base = http.sim.url + "/_sim/tasks"
    body = {"kind": "video_content_analysis", "message": "boom"}
    async with http.session.post(base + "/fail_next", json=body) as r:
        assert r.status == 200
    async with http.session.post(base + "/fail_next", json={"kind": "nope"}) as r:
        assert r.status == 400
    task_id = await submit(http)
    async with http.session.post(base + "/finish", json={"task_id": task_id}) as r:
        assert r.status == 200
    data = (await task(http, task_id))[1]["data"]
    assert (data["status"], data["error_message"]) == ("failed", "boom")
