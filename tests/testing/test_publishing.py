"""Social/2 Video Publishing: upload-and-publish, sessions, cancels, reschedule, counters."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import aiohttp
import pytest

from tests.testing.conftest import Http
from trenz_async.testing import FaultRule, Simulator

V1 = "/open/v1/social"
PUBLISH = "/publish/upload-and-publish"
DAY = 86_400
pytestmark = pytest.mark.anyio


def upload(sim: Simulator, name: str = "clip.mp4", size: int = 3_000_000) -> tuple[str, str]:
    """Record an uploaded object of ``size`` bytes (type from ``name``); return (bucket, key).

    Goes through the storage side's presign and its record of a finished PUT, so no bytes move
    (a 2 GB object costs nothing); :func:`test_real_presign_and_put` covers the HTTP path.
    """
    presign = sim.storage.presign(name)
    digest = hashlib.sha256(f"{presign.key}:{size}".encode())
    sim.storage.store(presign, size, digest.hexdigest(), hashlib.md5(b"").hexdigest())
    return presign.bucket, presign.key


async def ok(http: Http, path: str, body: Any) -> Any:
    status, answer = await http.post(V1 + path, body)
    assert status == 200, answer
    return answer["data"]


async def refused(http: Http, path: str, body: Any, code: str, text: str) -> None:
    balance = http.sim.balance(http.key)
    status, answer = await http.post(V1 + path, body)
    assert (status, answer["code"]) == (400, code), answer
    assert text in answer["message"], answer["message"]
    assert http.sim.balance(http.key) == balance


def entry(account: int = 4687, **extra: Any) -> dict[str, Any]:
    return {
        "platform_account_id": account,
        "title": "Check out this video!",
        "platform_config": '{"privacy":"PUBLIC_TO_EVERYONE"}',
        **extra,
    }


def publish_body(bucket: str, key: str, *entries: dict[str, Any]) -> dict[str, Any]:
    return {
        "video_title": "My Video",
        "video_description": "Check this out!",
        "bucket_name": bucket,
        "bucket_key": key,
        "publications": list(entries) or [entry()],
    }


async def publish(http: Http, *entries: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = await ok(http, PUBLISH, publish_body(*upload(http.sim), *entries))
    return data


async def session(http: Http, token: str) -> dict[str, Any]:
    data: dict[str, Any] = await ok(http, "/publish/session", {"session_token": token})
    return data


def statuses(data: dict[str, Any]) -> list[str]:
    return [p["status"] for p in data["publications"]]


def now(http: Http) -> int:
    return int(http.sim.clock.now())


async def test_publish_answers_a_session_token_and_counts(http: Http) -> None:
    balance = http.sim.balance(http.key)
    bucket, key = upload(http.sim)
    data = await ok(http, PUBLISH, publish_body(bucket, key))
    token = data["session_token"]
    assert len(token) == 36
    assert token.count("-") == 4
    assert http.sim.balance(http.key) == balance - 5
    assert http.sim.publications_created(key, 4687) == 1
    assert http.sim.publications_created(key) == 1
    assert http.sim.publications_created(platform_account_id=4687) == 1
    assert http.sim.publications_created() == 1
    assert http.sim.publications_created(key, 5678) == 0
    view = await session(http, token)
    assert (view["status"], view["video_title"], view["bucket_key"]) == (
        "processing",
        "My Video",
        key,
    )
    (pub,) = view["publications"]
    assert pub["status"] == "pending"
    assert isinstance(pub["publication_id"], str)
    assert (pub["platform_account_id"], pub["platform"], pub["title"]) == (
        4687,
        "tiktok",
        "Check out this video!",
    )
    assert pub["scheduled_at"] is None
    assert pub["published_at"] is None


async def test_immediate_publication_lifecycle(http: Http) -> None:
    token = (await publish(http, entry(), entry(5678, title=None)))["session_token"]
    http.sim.clock.advance(2)
    view = await session(http, token)
    assert (view["status"], statuses(view)) == ("processing", ["publishing", "publishing"])
    assert view["publications"][1]["title"] == "My Video"  # defaults to video_title
    http.sim.clock.advance(8)
    view = await session(http, token)
    assert (view["status"], statuses(view)) == ("completed", ["published", "published"])
    pub = view["publications"][0]
    assert pub["platform_video_id"]
    assert pub["platform_video_id"] in pub["video_url"]
    assert pub["published_at"] == pytest.approx(now(http), abs=2)
    assert pub["error_message"] is None


async def test_scheduled_publication_waits_for_its_time(http: Http) -> None:
    at = now(http) + 3600
    data = await publish(http, entry(scheduled_at=at), entry(5678))
    token = data["session_token"]
    http.sim.clock.advance(10)
    view = await session(http, token)
    assert (view["status"], statuses(view)) == ("processing", ["pending", "published"])
    assert view["publications"][0]["scheduled_at"] == at
    http.sim.clock.set(at + 2)
    assert statuses(await session(http, token))[0] == "publishing"
    http.sim.clock.set(at + 10)
    view = await session(http, token)
    assert (view["status"], statuses(view)) == ("completed", ["published", "published"])
    assert view["publications"][0]["published_at"] == at + 10


@pytest.mark.parametrize("offset", [0, 120, -3600, None])
async def test_near_past_or_zero_schedules_are_immediate(http: Http, offset: int | None) -> None:
    scheduled = 0 if offset is None else now(http) + offset
    token = (await publish(http, entry(scheduled_at=scheduled)))["session_token"]
    assert (await session(http, token))["publications"][0]["scheduled_at"] is None
    http.sim.clock.advance(10)
    assert statuses(await session(http, token)) == ["published"]


def _entries(n: int) -> list[dict[str, Any]]:
    return [entry(4687 + i) for i in range(n)]


@pytest.mark.parametrize(
    ("change", "code", "text"),
    [
        ({"video_title": None}, "MISSING_PARAM", "video_title is required"),
        ({"video_title": 3}, "INVALID_PARAM", "video_title must be"),
        ({"bucket_name": None}, "MISSING_PARAM", "bucket_name is required"),
        ({"bucket_key": ""}, "MISSING_PARAM", "bucket_key is required"),
        ({"publications": None}, "MISSING_PARAM", "publications is required"),
        ({"publications": []}, "INVALID_PARAM", "publications must be a list of 1 to 20"),
        ({"publications": _entries(21)}, "INVALID_PARAM", "publications must be a list of 1 to 20"),
        ({"publications": [5]}, "INVALID_PARAM", "publications[0] must be an object"),
        (
            {"publications": [entry(), {"title": "x"}]},
            "MISSING_PARAM",
            "publications[1].platform_account_id is required",
        ),
        (
            {"publications": [entry("4687")]},  # type: ignore[arg-type]
            "INVALID_PARAM",
            "publications[0].platform_account_id must be an integer",
        ),
        (
            {"publications": [entry(platform_config="privacy=public")]},
            "INVALID_PARAM",
            "publications[0].platform_config must be a JSON-encoded object string",
        ),
        (
            {"publications": [entry(platform_config="[1]")]},
            "INVALID_PARAM",
            "publications[0].platform_config",
        ),
        (
            {"publications": [entry(platform_config=7)]},
            "INVALID_PARAM",
            "publications[0].platform_config",
        ),
        (
            {"publications": [entry(scheduled_at="tomorrow")]},
            "INVALID_PARAM",
            "publications[0].scheduled_at must be an integer",
        ),
        (
            {"publications": [entry(), entry(4687)]},
            "INVALID_PARAM",
            "publications[1].platform_account_id repeats",
        ),
        (
            {"publications": [entry(), entry(1)]},
            "INVALID_PARAM",
            "publications[1].platform_account_id: no bound social account 1",
        ),
        ({"bucket_key": "upload/never.mp4"}, "INVALID_PARAM", "bucket_key: no uploaded object"),
    ],
)
async def test_publish_validation(http: Http, change: dict[str, Any], code: str, text: str) -> None:
    bucket, key = upload(http.sim)
    body = {**publish_body(bucket, key), **change}
    await refused(http, PUBLISH, body, code, text)
    assert http.sim.publications_created() == 0


async def test_schedule_beyond_90_days_is_refused(http: Http) -> None:
    bucket, key = upload(http.sim)
    late = entry(5678, scheduled_at=now(http) + 91 * DAY)
    await refused(
        http,
        PUBLISH,
        publish_body(bucket, key, entry(), late),
        "INVALID_PARAM",
        "publications[1].scheduled_at must be at most 90 days from now",
    )
    fine = await publish(http, entry(scheduled_at=now(http) + 89 * DAY))
    assert fine["status"] == "processing"


async def test_publishing_to_a_disconnected_account_is_refused(http: Http) -> None:
    await ok(http, "/accounts/disconnect", {"platform_account_id": 5678})
    bucket, key = upload(http.sim)
    await refused(
        http,
        PUBLISH,
        publish_body(bucket, key, entry(5678)),
        "INVALID_PARAM",
        "publications[0].platform_account_id: no bound social account 5678",
    )


async def test_platform_config_object_is_accepted_and_kept(http: Http) -> None:
    data = await publish(http, entry(platform_config={"share_to_feed": True}))
    record_id = data["publications"][0]["publication_id"]
    detail = await ok(http, "/publish/record/detail", {"record_id": record_id})
    assert json.loads(detail["platform_config"]) == {"share_to_feed": True}


async def test_fail_next_publication(http: Http) -> None:
    http.sim.fail_next_publication(5678, message="Video rejected: duplicate content")
    token = (await publish(http, entry(), entry(5678)))["session_token"]
    http.sim.clock.advance(10)
    view = await session(http, token)
    assert (view["status"], statuses(view)) == ("completed", ["published", "failed"])
    failed = view["publications"][1]
    assert failed["error_message"] == "Video rejected: duplicate content"
    assert failed["platform_video_id"] is None
    http.sim.fail_next_publication()
    token = (await publish(http, entry()))["session_token"]
    http.sim.clock.advance(10)
    assert (await session(http, token))["status"] == "failed"
    token = (await publish(http, entry()))["session_token"]  # the arm was used up
    http.sim.clock.advance(10)
    assert (await session(http, token))["status"] == "completed"


async def test_expired_token_and_disconnect_fail_the_publication(http: Http) -> None:
    expired = next(a for a in http.sim.social_accounts.all() if a.status == "expired")
    token = (await publish(http, entry(expired.id), entry(5678)))["session_token"]
    await ok(http, "/accounts/disconnect", {"platform_account_id": 5678})
    http.sim.clock.advance(10)
    first, second = (await session(http, token))["publications"]
    assert first["status"] == "failed"
    assert "token" in first["error_message"]
    assert second["status"] == "failed"
    assert "disconnected" in second["error_message"]


async def test_disconnect_after_publishing_keeps_the_result(http: Http) -> None:
    token = (await publish(http, entry(5678)))["session_token"]
    http.sim.clock.advance(11)
    await ok(http, "/accounts/disconnect", {"platform_account_id": 5678})
    assert statuses(await session(http, token)) == ["published"]


async def test_video_over_the_platform_cap_fails_there(http: Http) -> None:
    instagram = next(a for a in http.sim.social_accounts.all() if a.platform == "instagram")
    bucket, key = upload(http.sim, size=2 * 1024**3)
    data = await ok(http, PUBLISH, publish_body(bucket, key, entry(), entry(instagram.id)))
    http.sim.clock.advance(10)
    tiktok, insta = (await session(http, data["session_token"]))["publications"]
    assert tiktok["status"] == "published"
    assert insta["status"] == "failed"
    assert "exceeds the instagram limit" in insta["error_message"]


async def test_session_validation(http: Http) -> None:
    await refused(http, "/publish/session", {}, "MISSING_PARAM", "session_token is required")
    await refused(
        http, "/publish/session", {"session_token": "nope"}, "INVALID_PARAM", "session_token"
    )


async def test_cancel_session_cancels_pending_publications(http: Http) -> None:
    later = entry(5678, scheduled_at=now(http) + 3600)
    token = (await publish(http, entry(), later))["session_token"]
    http.sim.clock.advance(10)
    data = await ok(http, "/publish/session/cancel", {"session_token": token})
    assert statuses(data) == ["published", "cancelled"]
    assert data["cancelled_publication_ids"] == [data["publications"][1]["publication_id"]]
    assert data["status"] == "completed"
    await refused(
        http,
        "/publish/session/cancel",
        {"session_token": token},
        "INVALID_PARAM",
        "no pending publication",
    )


async def test_cancelling_everything_makes_the_session_cancelled(http: Http) -> None:
    token = (await publish(http, entry(), entry(5678)))["session_token"]
    data = await ok(http, "/publish/session/cancel", {"session_token": token})
    assert (data["status"], statuses(data)) == ("cancelled", ["cancelled", "cancelled"])
    http.sim.clock.advance(60)
    assert (await session(http, token))["status"] == "cancelled"
    assert http.sim.counters["publications_cancelled"] == 2


async def test_cancel_individual_publication(http: Http) -> None:
    data = await publish(http, entry(), entry(5678))
    first, second = (p["publication_id"] for p in data["publications"])
    cancelled = await ok(http, "/publish/cancel", {"publication_id": first})
    assert (cancelled["publication_id"], cancelled["status"]) == (first, "cancelled")
    http.sim.clock.advance(2)
    await refused(
        http, "/publish/cancel", {"publication_id": second}, "INVALID_PARAM", "already publishing"
    )
    http.sim.clock.advance(8)
    await refused(
        http, "/publish/cancel", {"publication_id": second}, "INVALID_PARAM", "already published"
    )
    await refused(
        http, "/publish/cancel", {"publication_id": first}, "INVALID_PARAM", "already cancelled"
    )
    await refused(http, "/publish/cancel", {"publication_id": "1"}, "INVALID_PARAM", "no pub")
    await refused(http, "/publish/cancel", {}, "MISSING_PARAM", "publication_id is required")
    assert (await session(http, data["session_token"]))["status"] == "completed"


async def test_reschedule_moves_a_pending_publication(http: Http) -> None:
    data = await publish(http, entry(scheduled_at=now(http) + 3600))
    pub_id = data["publications"][0]["publication_id"]
    new_at = now(http) + 2 * DAY
    moved = await ok(
        http, "/publish/reschedule", {"publication_id": pub_id, "scheduled_at": new_at}
    )
    assert (moved["status"], moved["scheduled_at"]) == ("pending", new_at)
    http.sim.clock.advance(3700)  # the old time passes: nothing happens
    assert statuses(await session(http, data["session_token"])) == ["pending"]
    http.sim.clock.set(new_at + 10)
    assert statuses(await session(http, data["session_token"])) == ["published"]
    await refused(
        http,
        "/publish/reschedule",
        {"publication_id": pub_id, "scheduled_at": now(http) + DAY},
        "INVALID_PARAM",
        "already published",
    )


@pytest.mark.parametrize(
    ("offset", "text"),
    [
        (91 * DAY, "scheduled_at must be at most 90 days from now"),
        (None, "scheduled_at is required"),
    ],
)
async def test_reschedule_validation(http: Http, offset: int | None, text: str) -> None:
    data = await publish(http, entry(scheduled_at=now(http) + 3600))
    body: dict[str, Any] = {"publication_id": data["publications"][0]["publication_id"]}
    if offset is not None:
        body["scheduled_at"] = now(http) + offset
    code = "MISSING_PARAM" if offset is None else "INVALID_PARAM"
    await refused(http, "/publish/reschedule", body, code, text)


async def lost(http: Http, path: str, body: Any) -> None:
    http.sim.add_fault(FaultRule(route=f"POST {V1}{path}", lose_response=True, times=1))
    with pytest.raises((aiohttp.ServerDisconnectedError, aiohttp.ClientOSError)):
        await http.post(V1 + path, body)


async def test_lost_publish_response_still_publishes_once(http: Http) -> None:
    balance = http.sim.balance(http.key)
    bucket, key = upload(http.sim)
    await lost(http, PUBLISH, publish_body(bucket, key, entry(), entry(5678)))
    assert http.sim.publications_created(key, 4687) == 1
    assert http.sim.publications_created(key, 5678) == 1
    assert http.sim.counters["publish_sessions_created"] == 1
    assert http.sim.balance(http.key) == balance - 5
    records = await ok(http, "/publish/records", {"bucket_key": key})
    assert records["total_count"] == 2  # what a client reconciles against


async def test_lost_cancel_and_reschedule_responses_act_once(http: Http) -> None:
    data = await publish(http, entry(scheduled_at=now(http) + 3600), entry(5678))
    first, second = (p["publication_id"] for p in data["publications"])
    new_at = now(http) + DAY
    await lost(http, "/publish/reschedule", {"publication_id": first, "scheduled_at": new_at})
    await lost(http, "/publish/cancel", {"publication_id": second})
    assert http.sim.counters["publications_rescheduled"] == 1
    assert http.sim.counters["publications_cancelled"] == 1
    view = await session(http, data["session_token"])
    assert view["publications"][0]["scheduled_at"] == new_at
    await lost(http, "/publish/session/cancel", {"session_token": data["session_token"]})
    assert http.sim.counters["publications_cancelled"] == 2
    assert (await session(http, data["session_token"]))["status"] == "cancelled"


async def test_real_presign_and_put(http: Http) -> None:
    status, body = await http.post(V1 + "/upload/presigned-url", {"file_name": "my_video.mp4"})
    assert status == 200, body
    presign = body["data"]
    put = await http.session.put(
        presign["presigned_url"], data=b"\x00" * 4096, headers={"Content-Type": "video/mp4"}
    )
    assert put.status == 200
    body = publish_body(presign["s3_bucket"], presign["object_key"])
    token = (await ok(http, PUBLISH, body))["session_token"]
    http.sim.clock.advance(10)
    assert (await session(http, token))["status"] == "completed"
    assert http.sim.publications_created(presign["object_key"], 4687) == 1
