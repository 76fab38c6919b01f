"""Every async Content submit is a charged write: failures, lost answers, an empty balance."""

from __future__ import annotations

from typing import Any

import pytest

from tests.content.support import COST, FAST, IMAGE, KIND, SUBMITS, finish, posts_to
from tests.helpers import sim_client
from trenz_async import TrenzClient
from trenz_async.errors import AmbiguousOutcomeError, InsufficientBalanceError, TaskFailedError
from trenz_async.models import Task
from trenz_async.testing import FaultRule

pytestmark = pytest.mark.anyio
SORA2 = "/open/v1/ai/videos/sora2"


@pytest.mark.parametrize("path", sorted(SUBMITS))
async def test_a_failed_task_raises_the_services_message(
    client: TrenzClient, trenz_simulator: Any, path: str
) -> None:
    message = f"upstream model refused the {KIND[path]} job"
    trenz_simulator.fail_next_task(kind=KIND[path], message=message)
    handle = await SUBMITS[path](client)
    finish(trenz_simulator, path)
    with pytest.raises(TaskFailedError) as caught:
        await handle.wait(policy=FAST)
    assert message in str(caught.value)
    assert caught.value.task_id == handle.task_id
    assert isinstance(caught.value.last, Task)
    assert caught.value.last.error_message == message


@pytest.mark.parametrize("path", sorted(SUBMITS))
async def test_a_lost_submit_answer_is_ambiguous_and_never_sent_again(
    client: TrenzClient, trenz_simulator: Any, trenz_api_key: str, path: str
) -> None:
    before = trenz_simulator.balance(trenz_api_key)
    trenz_simulator.add_fault(FaultRule(route=f"POST {path}", lose_response=True, times=1))
    with pytest.raises(AmbiguousOutcomeError):
        await SUBMITS[path](client)
    assert len(posts_to(trenz_simulator, path)) == 1
    assert trenz_simulator.tasks_submitted() == 1
    assert trenz_simulator.balance(trenz_api_key) == before - COST[path]


async def test_a_lost_sora2_submit_was_acted_on_and_charged_once(
    client: TrenzClient, trenz_simulator: Any, trenz_api_key: str
) -> None:
    before = trenz_simulator.balance(trenz_api_key)
    trenz_simulator.add_fault(FaultRule(route=f"POST {SORA2}", lose_response=True, times=1))
    with pytest.raises(AmbiguousOutcomeError):
        await client.content.videos.sora2(prompt="a lamp", duration=8)
    assert trenz_simulator.tasks_submitted(trenz_api_key) == 1
    assert trenz_simulator.balance(trenz_api_key) == before - 50
    assert [entry.status for entry in trenz_simulator.journal] == [None]


async def test_a_server_error_on_a_submit_is_not_retried(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    trenz_simulator.add_fault(FaultRule(route=f"POST {SORA2}", status=503, times=1))
    with pytest.raises(AmbiguousOutcomeError):
        await client.content.videos.sora2(prompt="a lamp")
    assert len(posts_to(trenz_simulator, SORA2)) == 1


@pytest.mark.parametrize(
    "path", [SORA2, "/open/v1/ai/videos/content-analysis", "/open/v1/ai/avatar/talking-photo"]
)
async def test_an_empty_balance_is_refused_and_nothing_is_submitted(
    trenz_simulator: Any, path: str
) -> None:
    broke = trenz_simulator.create_api_key(balance=0)
    async with sim_client(trenz_simulator, broke) as client:
        with pytest.raises(InsufficientBalanceError) as caught:
            await SUBMITS[path](client)
    assert caught.value.status == 402
    assert trenz_simulator.tasks_submitted() == 0
    assert trenz_simulator.balance(broke) == 0
    assert len(posts_to(trenz_simulator, path)) == 1


async def test_an_empty_balance_stops_the_sync_calls_too(trenz_simulator: Any) -> None:
    broke = trenz_simulator.create_api_key(balance=0, usage_style="B")
    async with sim_client(trenz_simulator, broke) as client:
        with pytest.raises(InsufficientBalanceError) as caught:
            await client.content.tools.text_embedding(text="lamp")
        assert caught.value.code == "INSUFFICIENT_CREDITS"
        with pytest.raises(InsufficientBalanceError):
            await client.content.materials.image_search(image_url=IMAGE)
    assert len(trenz_simulator.journal) == 2  # a 402 is an answer: not retried
