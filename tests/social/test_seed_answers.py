"""``trenz.social.publishing`` against answers holding only what the seed shows, over HTTP.

The seed describes the Upload and Publish answer by ``session_token`` and the Publish Session
Status answer by ``status`` alone; and says a ``scheduled_at`` under 5 minutes ahead is
demoted to immediate.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.helpers import sim_client
from tests.social.conftest import ACCOUNT, FAST
from tests.social.test_publishing import HOUR, PUBLISH_ROUTE, V1, _advancing, _far, _publish
from trenz_async import TrenzClient
from trenz_async.errors import PublishFailedError, ResponseDecodeError
from trenz_async.models import UploadedObject
from trenz_async.models.social import PublishSession
from trenz_async.testing import FaultRule, Simulator

pytestmark = pytest.mark.anyio
SESSION_ROUTE = f"POST {V1}/publish/session"


@pytest.fixture
async def seed_sim() -> AsyncIterator[Simulator]:
    async with Simulator(seed=1234, publish_answers="seed") as sim:
        yield sim


@pytest.fixture
async def seed_client(seed_sim: Simulator) -> AsyncIterator[TrenzClient]:
    async with sim_client(seed_sim, seed_sim.create_api_key()) as trenz:
        yield trenz


def _answer(data: dict[str, Any]) -> str:
    return json.dumps({"data": data, "request_id": "req-seed"})


async def test_a_session_answer_without_its_token_carries_the_token_polled(
    seed_sim: Simulator, seed_client: TrenzClient
) -> None:
    video = await seed_client.files.upload(b"\x00\x00\x00\x18ftypmp42" * 4096, file_name="a.mp4")
    created = await _publish(seed_client, video)
    token = created.session_token
    assert token
    assert created.publications is None
    polled = await seed_client.social.publishing.session(token)
    assert (polled.session_token, polled.status, polled.publications) == (
        token,
        "processing",
        None,
    )
    final = await seed_client.social.publishing.wait(
        token, timeout=5, policy=FAST, on_poll=_advancing(seed_sim, 4)
    )
    assert (final.session_token, final.status, final.published) == (token, "completed", [])


async def test_an_upload_and_publish_answer_without_a_token_is_a_decode_error(
    client: TrenzClient, trenz_simulator: Any, video: UploadedObject
) -> None:
    body = _answer({"status": "processing"})
    trenz_simulator.add_fault(
        FaultRule(route=PUBLISH_ROUTE, raw_body=body, status=200, content_type="application/json")
    )
    with pytest.raises(ResponseDecodeError) as caught:
        await _publish(client, video)
    assert str(caught.value) == "$.data.session_token: Upload and Publish Video answered none"


async def test_a_failed_session_without_publications_gives_its_own_error_text(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    body = _answer({"status": "failed", "error_message": "Account is banned"})
    trenz_simulator.add_fault(
        FaultRule(route=SESSION_ROUTE, raw_body=body, status=200, content_type="application/json")
    )
    with pytest.raises(PublishFailedError) as caught:
        await client.social.publishing.wait("sess-1", timeout=5, policy=FAST)
    assert str(caught.value) == "publish session sess-1 failed: Account is banned"
    last = caught.value.last
    assert isinstance(last, PublishSession)
    assert (last.session_token, last.error_message) == ("sess-1", "Account is banned")


@pytest.mark.parametrize("offset", [60, -HOUR], ids=["under 5 minutes", "in the past"])
async def test_a_schedule_under_5_minutes_is_sent_as_now_and_published_at_once(
    client: TrenzClient, trenz_simulator: Any, video: UploadedObject, offset: int
) -> None:
    # The seed: a schedule "must fall within 5 minutes to 90 days", and "values under 5
    # minutes are auto-demoted to immediate". Sent as the seed's own "now" (left out), it
    # is valid under either sentence.
    at = _far(offset)
    created = await _publish(client, video, {"platform_account_id": ACCOUNT, "scheduled_at": at})
    assert "scheduled_at" not in trenz_simulator.journal[-1].json["publications"][0]
    assert [p.scheduled_at for p in created.publications or ()] == [None]  # demoted
    final = await client.social.publishing.wait(
        created.session_token or "", timeout=5, policy=FAST, on_poll=_advancing(trenz_simulator, 4)
    )
    assert [p.status for p in final.published] == ["published"]


async def test_a_reschedule_under_5_minutes_is_sent_as_now(
    client: TrenzClient, trenz_simulator: Any, video: UploadedObject
) -> None:
    created = await _publish(
        client, video, {"platform_account_id": ACCOUNT, "scheduled_at": _far(HOUR)}
    )
    publication_id = (created.publications or ())[0].publication_id or ""
    at = _far(100)
    moved = await client.social.publishing.reschedule(publication_id, scheduled_at=at)
    assert trenz_simulator.journal[-1].json == {
        "publication_id": publication_id,
        "scheduled_at": 0,  # "Omit or set to 0 for immediate publishing"
    }
    assert (moved.status, moved.scheduled_at) == ("pending", None)  # published at once
