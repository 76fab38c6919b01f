"""``trenz.social.publishing`` against the simulator's publish sessions, over HTTP."""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

import pytest

from tests.helpers import SLOW_POLLS, assert_refused_before_sending, poll_times
from tests.social.conftest import ACCOUNT, FAST, OTHER_ACCOUNT
from trenz_async import AmbiguousOutcomeError, InvalidParamError, TrenzClient
from trenz_async.errors import PollTimeoutError, PublishFailedError, ValidationError
from trenz_async.models import UploadedObject
from trenz_async.models.social import Publication, PublishSession
from trenz_async.polling import PollEvent
from trenz_async.testing import FaultRule

pytestmark = pytest.mark.anyio
V1 = "/open/v1/social"
PUBLISH_ROUTE = f"POST {V1}/publish/upload-and-publish"
HOUR = 3600


def _publish(client: TrenzClient, video: UploadedObject, *publications: Any) -> Any:
    return client.social.publishing.upload_and_publish(
        video_title="Desk lamp, three ways",
        bucket_name=video.bucket_name,
        bucket_key=video.bucket_key,
        publications=list(publications) or [{"platform_account_id": ACCOUNT}],
    )


def _advancing(sim: Any, seconds: float) -> Any:
    """An on_poll hook moving the simulator's clock ``seconds`` after every poll."""

    def advance(_: PollEvent) -> None:
        sim.clock.advance(seconds)

    return advance


async def test_upload_and_publish_sends_the_seeds_wire_form(
    client: TrenzClient, trenz_simulator: Any, video: UploadedObject
) -> None:
    later = int(time.time()) + HOUR
    session = await client.social.publishing.upload_and_publish(
        video_title="My Video",
        video_description="Check this out!",
        bucket_name=video.bucket_name,
        bucket_key=video.bucket_key,
        publications=[
            {
                "platform_account_id": ACCOUNT,
                "title": "Publish now",
                "platform_config": {"privacy": "PUBLIC_TO_EVERYONE"},
            },
            Publication(
                platform_account_id=OTHER_ACCOUNT,
                title="Publish later",
                platform_config='{"share_to_feed": true}',
                scheduled_at=later,
            ),
        ],
    )
    assert isinstance(session, PublishSession)
    assert session.session_token
    assert (session.status, session.video_title, session.bucket_key) == (
        "processing",
        "My Video",
        video.bucket_key,
    )
    now, scheduled = session.publications or ()
    assert (now.platform_account_id, now.title, now.status, now.scheduled_at) == (
        ACCOUNT,
        "Publish now",
        "pending",
        None,
    )
    assert (scheduled.platform_account_id, scheduled.scheduled_at) == (OTHER_ACCOUNT, later)
    assert [p.id for p in session.pending] == [now.publication_id, scheduled.publication_id]
    sent = trenz_simulator.journal[-1].json
    assert sent["publications"] == [
        {
            "platform_account_id": ACCOUNT,
            "title": "Publish now",
            "platform_config": '{"privacy":"PUBLIC_TO_EVERYONE"}',
        },
        {
            "platform_account_id": OTHER_ACCOUNT,
            "title": "Publish later",
            "platform_config": '{"share_to_feed": true}',
            "scheduled_at": later,
        },
    ]
    assert sent["video_description"] == "Check this out!"


async def test_an_aware_datetime_is_sent_as_unix_seconds(
    client: TrenzClient, trenz_simulator: Any, video: UploadedObject
) -> None:
    when = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=2)
    tokyo = when.astimezone(dt.timezone(dt.timedelta(hours=9)))
    session = await _publish(client, video, {"platform_account_id": ACCOUNT, "scheduled_at": tokyo})
    assert trenz_simulator.journal[-1].json["publications"][0]["scheduled_at"] == int(
        when.timestamp()
    )
    assert session.publications[0].scheduled_at == int(when.timestamp())


@pytest.mark.parametrize("now", [None, 0], ids=["none", "zero"])
async def test_none_or_zero_publishes_at_once(
    client: TrenzClient, trenz_simulator: Any, video: UploadedObject, now: int | None
) -> None:
    await _publish(client, video, Publication(platform_account_id=ACCOUNT, scheduled_at=now))
    assert trenz_simulator.journal[-1].json["publications"] == [{"platform_account_id": ACCOUNT}]


def _far(seconds: float) -> int:
    return int(time.time() + seconds)


BAD_PUBLICATIONS: list[tuple[str, object, str]] = [
    ("empty", [], "publications"),
    ("too many", [{"platform_account_id": n} for n in range(1, 22)], "publications"),
    ("not a list", {"platform_account_id": ACCOUNT}, "publications"),
    ("one record", Publication(platform_account_id=ACCOUNT), "publications"),
    ("not an entry", ["4687"], "publications[0]"),
    ("no account", [{"title": "x"}], "publications[0].platform_account_id"),
    ("bool account", [{"platform_account_id": True}], "publications[0].platform_account_id"),
    ("text account", [{"platform_account_id": "4687"}], "publications[0].platform_account_id"),
    (
        "same account twice",
        [{"platform_account_id": ACCOUNT}, Publication(platform_account_id=ACCOUNT)],
        "publications[1].platform_account_id",
    ),
    (
        "unknown key",
        [{"platform_account_id": ACCOUNT, "schedule_at": _far(HOUR)}],
        "publications[0].schedule_at",
    ),
    ("blank title", [{"platform_account_id": ACCOUNT, "title": " "}], "publications[0].title"),
    ("number title", [{"platform_account_id": ACCOUNT, "title": 7}], "publications[0].title"),
    (
        "config list",
        [{"platform_account_id": ACCOUNT, "platform_config": ["privacy"]}],
        "publications[0].platform_config",
    ),
    (
        "config not json",
        [{"platform_account_id": ACCOUNT, "platform_config": "privacy=public"}],
        "publications[0].platform_config",
    ),
    (
        "config json array",
        [{"platform_account_id": ACCOUNT, "platform_config": "[1, 2]"}],
        "publications[0].platform_config",
    ),
    (
        "config nan",
        [{"platform_account_id": ACCOUNT, "platform_config": {"x": float("nan")}}],
        "publications[0].platform_config",
    ),
    (
        "config object",
        [{"platform_account_id": ACCOUNT, "platform_config": {"x": object()}}],
        "publications[0].platform_config",
    ),
    (
        "over 90 days",
        [
            {"platform_account_id": ACCOUNT},
            {"platform_account_id": OTHER_ACCOUNT, "scheduled_at": _far(91 * 86_400)},
        ],
        "publications[1].scheduled_at",
    ),
    (
        "negative seconds",
        [{"platform_account_id": ACCOUNT, "scheduled_at": -5}],
        "publications[0].scheduled_at",
    ),
    (
        "naive datetime",
        [
            Publication(
                platform_account_id=ACCOUNT,
                scheduled_at=dt.datetime.now() + dt.timedelta(days=1),
            )
        ],
        "publications[0].scheduled_at",
    ),
    (
        "float seconds",
        [{"platform_account_id": ACCOUNT, "scheduled_at": time.time() + HOUR}],
        "publications[0].scheduled_at",
    ),
    (
        "a date",
        [{"platform_account_id": ACCOUNT, "scheduled_at": dt.date.today()}],
        "publications[0].scheduled_at",
    ),
]


@pytest.mark.parametrize(
    ("publications", "field"),
    [(p, f) for _, p, f in BAD_PUBLICATIONS],
    ids=[name for name, _, _ in BAD_PUBLICATIONS],
)
async def test_bad_publications_are_refused_before_sending(
    client: TrenzClient, trenz_simulator: Any, video: UploadedObject, publications: Any, field: str
) -> None:
    assert_refused_before_sending(
        trenz_simulator,
        field,
        client.social.publishing.upload_and_publish,
        video_title="t",
        bucket_name=video.bucket_name,
        bucket_key=video.bucket_key,
        publications=publications,
    )


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("video_title", {"video_title": ""}),
        ("video_description", {"video_description": 5}),
        ("bucket_name", {"bucket_name": None}),
        ("bucket_key", {"bucket_key": "  "}),
    ],
)
async def test_bad_video_fields_are_refused_before_sending(
    client: TrenzClient, trenz_simulator: Any, field: str, overrides: dict[str, Any]
) -> None:
    arguments = {
        "video_title": "t",
        "bucket_name": "b",
        "bucket_key": "k",
        "publications": [{"platform_account_id": ACCOUNT}],
        **overrides,
    }
    call = client.social.publishing.upload_and_publish
    assert_refused_before_sending(trenz_simulator, field, call, **arguments)


async def test_a_refused_schedule_says_why(client: TrenzClient, video: UploadedObject) -> None:
    with pytest.raises(ValidationError) as caught:
        _publish(client, video, {"platform_account_id": ACCOUNT, "scheduled_at": _far(91 * 86_400)})
    assert str(caught.value) == (
        "publications[0].scheduled_at: must be at most 90 days from now (local clock); "
        "it is 91.0 days ahead"
    )


async def test_the_service_refuses_an_object_that_was_never_uploaded(
    client: TrenzClient,
) -> None:
    with pytest.raises(InvalidParamError) as caught:
        await client.social.publishing.upload_and_publish(
            video_title="t",
            bucket_name="data-datanebula-object",
            bucket_key="upload/never.mp4",
            publications=[{"platform_account_id": ACCOUNT}],
        )
    assert "bucket_key" in caught.value.message


async def test_a_publish_whose_answer_is_lost_is_not_sent_again(
    client: TrenzClient, trenz_simulator: Any, video: UploadedObject
) -> None:
    trenz_simulator.add_fault(FaultRule(route=PUBLISH_ROUTE, lose_response=True, times=1))
    with pytest.raises(AmbiguousOutcomeError):
        await _publish(client, video)
    assert trenz_simulator.counters[PUBLISH_ROUTE] == 1
    assert trenz_simulator.publications_created(video.bucket_key, ACCOUNT) == 1
    # Reconcile: the records for the object key show the publication was made.
    found = await client.social.videos.records(bucket_key=video.bucket_key)
    assert [(r.platform_account_id, r.bucket_key) for r in found.items] == [
        (ACCOUNT, video.bucket_key)
    ]


async def test_session_reads_each_publication_and_is_retried_through_a_503(
    client: TrenzClient, trenz_simulator: Any, video: UploadedObject
) -> None:
    created = await _publish(client, video)
    route = f"POST {V1}/publish/session"
    trenz_simulator.add_fault(FaultRule(route=route, status=503, times=1))
    trenz_simulator.clock.advance(3)
    session = await client.social.publishing.session(created.session_token)
    assert trenz_simulator.counters[route] == 2
    assert session.session_token == created.session_token
    assert [p.status for p in session.publications or ()] == ["publishing"]


async def test_wait_returns_the_completed_session(
    client: TrenzClient, trenz_simulator: Any, video: UploadedObject
) -> None:
    created = await _publish(client, video, {"platform_account_id": ACCOUNT})
    states: list[str] = []

    def on_poll(event: PollEvent) -> None:
        states.append(event.state)
        trenz_simulator.clock.advance(4)

    final = await client.social.publishing.wait(
        created.session_token, timeout=5, policy=FAST, on_poll=on_poll
    )
    assert final.status == "completed"
    assert final.finished
    assert states[0] == "processing (1 pending)"
    assert states[-1] == "completed (1 published)"
    (published,) = final.published
    assert published.platform_video_id
    assert published.video_url
    assert published.published_at is not None
    assert final.failed == final.pending == []


async def test_a_partly_failed_session_is_returned_with_its_failures(
    client: TrenzClient, trenz_simulator: Any, video: UploadedObject
) -> None:
    trenz_simulator.fail_next_publication(OTHER_ACCOUNT, message="Video rejected: too short")
    created = await _publish(
        client, video, {"platform_account_id": ACCOUNT}, {"platform_account_id": OTHER_ACCOUNT}
    )
    final = await client.social.publishing.wait(
        created.session_token, timeout=5, policy=FAST, on_poll=_advancing(trenz_simulator, 4)
    )
    assert final.status == "completed"
    assert [p.platform_account_id for p in final.published] == [ACCOUNT]
    assert [(p.platform_account_id, p.error_message) for p in final.failed] == [
        (OTHER_ACCOUNT, "Video rejected: too short")
    ]


async def test_wait_raises_when_every_publication_failed(
    client: TrenzClient, trenz_simulator: Any, video: UploadedObject
) -> None:
    trenz_simulator.fail_next_publication(ACCOUNT, message="Audio is not licensed")
    trenz_simulator.fail_next_publication(OTHER_ACCOUNT, message="Video rejected: too short")
    created = await _publish(
        client, video, {"platform_account_id": ACCOUNT}, {"platform_account_id": OTHER_ACCOUNT}
    )
    with pytest.raises(PublishFailedError) as caught:
        await client.social.publishing.wait(
            created.session_token, timeout=5, policy=FAST, on_poll=_advancing(trenz_simulator, 4)
        )
    text = str(caught.value)
    assert created.session_token in text
    assert "account 4687 (tiktok): Audio is not licensed" in text
    assert "account 5678 (tiktok): Video rejected: too short" in text
    last = caught.value.last
    assert isinstance(last, PublishSession)
    assert (last.status, len(last.failed)) == ("failed", 2)


async def test_wait_times_out_saying_what_it_last_saw(
    client: TrenzClient, video: UploadedObject
) -> None:
    created = await _publish(client, video)
    with pytest.raises(PollTimeoutError) as caught:
        await client.social.publishing.wait(created.session_token, timeout=0.1, policy=FAST)
    assert "last seen: processing (1 pending)" in str(caught.value)
    assert isinstance(caught.value.last, PublishSession)
    assert caught.value.last.status == "processing"


SESSION_ROUTE = f"POST {V1}/publish/session"


async def _first_poll(client: TrenzClient, sim: Any, token: str, started_at: float | None) -> float:
    """When (``time.monotonic()``) the only poll of a session already final was sent."""
    sim.clock.advance(3600)  # the publication is final: one poll ends the wait
    before = sim.counters.get(SESSION_ROUTE, 0)
    final, polled = await poll_times(
        client.social.publishing.wait, session_token=token, started_at=started_at
    )
    assert final.status == "completed"
    assert len(polled) == 1
    assert sim.counters[SESSION_ROUTE] - before == 1
    return polled[0]


async def test_wait_holds_the_first_poll_of_a_session_just_sent_one_interval(
    client: TrenzClient, trenz_simulator: Any, video: UploadedObject
) -> None:
    created = await _publish(client, video)
    created_at = time.monotonic()
    polled = await _first_poll(client, trenz_simulator, created.session_token, created_at)
    assert polled - created_at >= SLOW_POLLS.interval


async def test_wait_polls_at_once_without_started_at_or_when_an_interval_has_passed(
    client: TrenzClient, trenz_simulator: Any, video: UploadedObject
) -> None:
    created = await _publish(client, video)
    for started_at in (None, time.monotonic() - 10 * SLOW_POLLS.interval):
        began = time.monotonic()
        polled = await _first_poll(client, trenz_simulator, created.session_token, started_at)
        assert polled - began < SLOW_POLLS.interval


@pytest.mark.parametrize("started_at", [float("nan"), float("inf"), "now", True])
async def test_wait_refuses_a_started_at_that_is_not_a_monotonic_reading(
    client: TrenzClient, trenz_simulator: Any, started_at: Any
) -> None:
    assert_refused_before_sending(
        trenz_simulator,
        "started_at",
        client.social.publishing.wait,
        session_token="sess_abc",
        started_at=started_at,
    )


async def test_a_publication_record_survives_json_round_trip_of_its_config(
    client: TrenzClient, video: UploadedObject
) -> None:
    config = {"privacy": "SELF_ONLY", "disable_duet": True, "tags": ["lamp", "desk"]}
    created = await _publish(
        client, video, {"platform_account_id": ACCOUNT, "platform_config": config}
    )
    detail = await client.social.videos.record(created.publications[0].record_id)
    assert detail.config == config
    assert json.loads(detail.platform_config or "") == config
