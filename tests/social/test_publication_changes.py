"""Changing publications after the fact: cancel, cancel a session, reschedule."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.helpers import assert_refused_before_sending
from tests.social.conftest import ACCOUNT, FAST, OTHER_ACCOUNT
from tests.social.test_publishing import HOUR, V1, _far, _publish
from trenz_async import AmbiguousOutcomeError, InvalidParamError, TrenzClient
from trenz_async.models import UploadedObject
from trenz_async.models.social import PublishingRecord
from trenz_async.testing import FaultRule

pytestmark = pytest.mark.anyio


async def test_cancel_stops_a_scheduled_publication(
    client: TrenzClient, trenz_simulator: Any, video: UploadedObject
) -> None:
    created = await _publish(
        client, video, {"platform_account_id": ACCOUNT, "scheduled_at": _far(HOUR)}
    )
    publication_id = created.publications[0].publication_id
    cancelled = await client.social.publishing.cancel(publication_id)
    assert isinstance(cancelled, PublishingRecord)
    assert (cancelled.publication_id, cancelled.status) == (publication_id, "cancelled")
    final = await client.social.publishing.wait(created.session_token, timeout=5, policy=FAST)
    assert final.status == "cancelled"
    assert [p.id for p in final.cancelled] == [publication_id]
    assert trenz_simulator.counters["publications_cancelled"] == 1


async def test_cancelling_a_published_publication_is_refused_by_the_service(
    client: TrenzClient, trenz_simulator: Any, video: UploadedObject
) -> None:
    created = await _publish(client, video)
    trenz_simulator.clock.advance(11)
    with pytest.raises(InvalidParamError) as caught:
        await client.social.publishing.cancel(created.publications[0].publication_id)
    assert "already published" in caught.value.message


async def test_cancel_session_cancels_every_pending_publication(
    client: TrenzClient, video: UploadedObject
) -> None:
    created = await _publish(
        client,
        video,
        {"platform_account_id": ACCOUNT, "scheduled_at": _far(HOUR)},
        {"platform_account_id": OTHER_ACCOUNT, "scheduled_at": _far(2 * HOUR)},
    )
    session = await client.social.publishing.cancel_session(created.session_token)
    assert session.status == "cancelled"
    assert set(session.cancelled_publication_ids or ()) == {
        p.publication_id for p in created.publications or ()
    }


async def test_reschedule_moves_a_pending_publication(
    client: TrenzClient, trenz_simulator: Any, video: UploadedObject
) -> None:
    created = await _publish(
        client, video, {"platform_account_id": ACCOUNT, "scheduled_at": _far(HOUR)}
    )
    publication_id = created.publications[0].publication_id
    later = _far(2 * HOUR)
    moved = await client.social.publishing.reschedule(publication_id, scheduled_at=later)
    assert (moved.publication_id, moved.status, moved.scheduled_at) == (
        publication_id,
        "pending",
        later,
    )
    tomorrow = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=1)
    moved = await client.social.publishing.reschedule(publication_id, scheduled_at=tomorrow)
    assert moved.scheduled_at == int(tomorrow.timestamp())
    assert trenz_simulator.journal[-1].json == {
        "publication_id": publication_id,
        "scheduled_at": int(tomorrow.timestamp()),
    }


@pytest.mark.parametrize(
    ("method", "field", "arguments"),
    [
        ("session", "session_token", {"session_token": ""}),
        ("wait", "session_token", {"session_token": 7}),
        ("wait", "timeout", {"session_token": "abc", "timeout": -1}),
        ("cancel_session", "session_token", {"session_token": None}),
        ("cancel", "publication_id", {"publication_id": ""}),
        ("reschedule", "scheduled_at", {"publication_id": "p", "scheduled_at": None}),
        ("reschedule", "scheduled_at", {"publication_id": "p", "scheduled_at": 0}),
        ("reschedule", "scheduled_at", {"publication_id": "p", "scheduled_at": _far(100 * 86_400)}),
        ("reschedule", "publication_id", {"publication_id": None, "scheduled_at": _far(HOUR)}),
    ],
)
async def test_bad_session_arguments_are_refused_before_sending(
    client: TrenzClient, trenz_simulator: Any, method: str, field: str, arguments: dict[str, Any]
) -> None:
    call = getattr(client.social.publishing, method)
    assert_refused_before_sending(trenz_simulator, field, call, **arguments)


@pytest.mark.parametrize(
    ("path", "counter", "act"),
    [
        ("/publish/cancel", "publications_cancelled", "cancel"),
        ("/publish/session/cancel", "publications_cancelled", "cancel_session"),
        ("/publish/reschedule", "publications_rescheduled", "reschedule"),
    ],
)
async def test_a_session_write_whose_answer_is_lost_is_not_sent_again(
    client: TrenzClient,
    trenz_simulator: Any,
    video: UploadedObject,
    path: str,
    counter: str,
    act: str,
) -> None:
    created = await _publish(
        client, video, {"platform_account_id": ACCOUNT, "scheduled_at": _far(HOUR)}
    )
    publication_id = created.publications[0].publication_id
    route = f"POST {V1}{path}"
    trenz_simulator.add_fault(FaultRule(route=route, lose_response=True, times=1))
    publishing = client.social.publishing
    calls = {
        "cancel": lambda: publishing.cancel(publication_id),
        "cancel_session": lambda: publishing.cancel_session(created.session_token),
        "reschedule": lambda: publishing.reschedule(publication_id, scheduled_at=_far(2 * HOUR)),
    }
    with pytest.raises(AmbiguousOutcomeError):
        await calls[act]()
    assert trenz_simulator.counters[route] == 1
    assert trenz_simulator.counters[counter] == 1
