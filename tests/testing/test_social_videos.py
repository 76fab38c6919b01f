"""Social/3 Video Management (check-info, records, metrics) and Social/2 quality prechecks."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tests.testing.conftest import Http
from tests.testing.test_publishing import (
    entry,
    lost,
    ok,
    publish,
    refused,
    upload,
)
from trenz_async.testing import Simulator

GB = 1024**3
pytestmark = pytest.mark.anyio


async def check_info(http: Http, name: str = "clip.mp4", size: int = 3_000_000) -> Any:
    bucket, key = upload(http.sim, name, size)
    return await ok(http, "/videos/check-info", {"bucket_name": bucket, "bucket_key": key})


def verdicts(data: dict[str, Any]) -> dict[str, bool]:
    return {p["platform"]: p["passed"] for p in data["platforms"]}


async def test_check_info_describes_the_object(http: Http) -> None:
    data = await check_info(http)
    assert data["bucket_key"].startswith("upload/clip.mp4_")
    assert (data["size"], data["content_type"], data["codec"]) == (3_000_000, "video/mp4", "h264")
    assert 8 <= data["duration"] < 60
    assert (data["width"], data["height"]) in [
        (1080, 1920),
        (720, 1280),
        (1920, 1080),
        (1080, 1080),
    ]
    assert data["bitrate"] == int(3_000_000 * 8 / data["duration"])
    assert verdicts(data) == {"tiktok": True, "youtube": True, "instagram": True, "facebook": True}
    assert all(p["issues"] == [] for p in data["platforms"])
    again = await ok(
        http,
        "/videos/check-info",
        {"bucket_name": "data-datanebula-object", "bucket_key": data["bucket_key"]},
    )
    assert again == data


@pytest.mark.parametrize(
    ("name", "size", "failing"),
    [
        ("big.mp4", 2 * GB, {"instagram"}),
        ("huge.mp4", 5 * GB, {"instagram", "tiktok"}),
        ("giant.mp4", 11 * GB, {"instagram", "tiktok", "facebook"}),
        ("clip.webm", 1000, {"instagram", "facebook"}),
        ("notes.txt", 1000, {"instagram", "tiktok", "facebook", "youtube"}),
        ("empty.mp4", 0, {"instagram", "tiktok", "facebook", "youtube"}),
    ],
)
async def test_check_info_applies_platform_rules(
    http: Http, name: str, size: int, failing: set[str]
) -> None:
    data = await check_info(http, name, size)
    assert {p for p, passed in verdicts(data).items() if not passed} == failing
    for platform in data["platforms"]:
        assert bool(platform["issues"]) == (platform["platform"] in failing)


async def test_check_info_issue_texts(http: Http) -> None:
    big = await check_info(http, "big.mp4", 2 * GB)
    insta = next(p for p in big["platforms"] if p["platform"] == "instagram")
    assert insta["issues"] == [f"file size {2 * GB} bytes exceeds the instagram limit of {GB}"]
    text = await check_info(http, "notes.txt", 10)
    assert text["platforms"][0]["issues"] == ["content_type text/plain is not a video"]
    assert text["duration"] is None
    assert text["codec"] is None


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        ({"bucket_key": "k"}, "MISSING_PARAM", "bucket_name is required"),
        ({"bucket_name": "b"}, "MISSING_PARAM", "bucket_key is required"),
        ({"bucket_name": "b", "bucket_key": "k"}, "INVALID_PARAM", "bucket_key: no uploaded"),
    ],
)
@pytest.mark.parametrize("path", ["/videos/check-info", "/precheck/trigger"])
async def test_object_validation(
    http: Http, path: str, body: dict[str, Any], code: str, message: str
) -> None:
    await refused(http, path, body, code, message)


async def test_records_newest_first_with_filters(http: Http) -> None:
    first = await publish(http, entry(), entry(5678))
    second = await publish(http, entry())
    http.sim.clock.advance(10)
    records = await ok(http, "/publish/records", {})
    rows = records["items"]
    assert records["total_count"] == 3
    assert [r["session_token"] for r in rows] == [second["session_token"]] + [
        first["session_token"]
    ] * 2
    row = rows[0]
    assert row["record_id"] == row["publication_id"]
    assert set(row) >= {
        "bucket_key",
        "platform_account_id",
        "platform",
        "title",
        "status",
        "scheduled_at",
        "created_at",
        "published_at",
        "platform_video_id",
    }
    by_account = await ok(http, "/publish/records", {"platform_account_id": 5678})
    assert [r["platform_account_id"] for r in by_account["items"]] == [5678]
    by_key = await ok(http, "/publish/records", {"bucket_key": first["bucket_key"]})
    assert by_key["total_count"] == 2
    by_session = await ok(http, "/publish/records", {"session_token": second["session_token"]})
    assert by_session["total_count"] == 1
    assert (await ok(http, "/publish/records", {"status": "published"}))["total_count"] == 3
    assert (await ok(http, "/publish/records", {"status": "pending"}))["total_count"] == 0
    page = await ok(http, "/publish/records", {"page": 2, "page_size": 2})
    assert [r["record_id"] for r in page["items"]] == [rows[2]["record_id"]]


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        ({"status": "done"}, "INVALID_PARAM", "status must be one of: pending, publishing"),
        ({"platform_account_id": "5678"}, "INVALID_PARAM", "platform_account_id must be"),
        ({"page_size": 51}, "PAGE_SIZE_EXCEEDED", "page_size must be between 1 and 50"),
    ],
)
async def test_records_validation(
    http: Http, body: dict[str, Any], code: str, message: str
) -> None:
    await refused(http, "/publish/records", body, code, message)


async def test_record_detail(http: Http) -> None:
    data = await publish(http, entry())
    record_id = data["publications"][0]["publication_id"]
    detail = await ok(http, "/publish/record/detail", {"record_id": record_id})
    assert (detail["record_id"], detail["video_title"], detail["status"]) == (
        record_id,
        "My Video",
        "pending",
    )
    assert detail["platform_config"] == '{"privacy":"PUBLIC_TO_EVERYONE"}'
    assert detail["video_description"] == "Check this out!"
    await refused(http, "/publish/record/detail", {}, "MISSING_PARAM", "record_id is required")
    await refused(
        http, "/publish/record/detail", {"record_id": "9"}, "INVALID_PARAM", "record_id: no"
    )


async def metrics(http: Http, **body: Any) -> Any:
    return await ok(http, "/videos/metrics", {"platform_account_id": 4687, "page_size": 50, **body})


async def test_metrics_list_history_and_published_videos(http: Http) -> None:
    before = await metrics(http)
    assert before["total_count"] >= 3
    row = before["items"][0]
    assert set(row) >= {
        "platform_video_id",
        "title",
        "views",
        "likes",
        "comments",
        "shares",
        "published_at",
    }
    times = [r["published_at"] for r in before["items"]]
    assert times == sorted(times, reverse=True)
    data = await publish(http, entry())
    http.sim.clock.advance(10)
    after = await metrics(http)
    assert after["total_count"] == before["total_count"] + 1
    published = (await ok(http, "/publish/session", {"session_token": data["session_token"]}))[
        "publications"
    ][0]
    newest = after["items"][0]
    assert newest["platform_video_id"] == published["platform_video_id"]
    assert newest["publication_id"] == published["publication_id"]
    account = await ok(http, "/accounts/detail", {"platform_account_id": 4687})
    assert account["video_count"] == after["total_count"]
    shared = http.sim.social_videos.for_account(4687)
    assert [v.platform_video_id for v in shared] == [r["platform_video_id"] for r in after["items"]]


async def test_metrics_date_window(http: Http) -> None:
    rows = (await metrics(http))["items"]
    day = datetime.fromtimestamp(rows[1]["published_at"], UTC).strftime("%Y-%m-%d")
    window = await metrics(http, start_date=day, end_date=day)
    days = {
        datetime.fromtimestamp(r["published_at"], UTC).strftime("%Y-%m-%d") for r in window["items"]
    }
    assert days == {day}
    assert window["total_count"] >= 1
    assert (await metrics(http, start_date="2001-01-01", end_date="2001-01-31"))["items"] == []


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        ({}, "MISSING_PARAM", "platform_account_id is required"),
        ({"platform_account_id": 2}, "INVALID_PARAM", "no bound social account 2"),
        ({"platform_account_id": 4687, "start_date": "2026/01/01"}, "INVALID_PARAM", "start_date"),
        ({"platform_account_id": 4687, "end_date": "2026-02-30"}, "INVALID_PARAM", "end_date"),
        (
            {"platform_account_id": 4687, "start_date": "2026-03-01", "end_date": "2026-02-01"},
            "INVALID_PARAM",
            "start_date must not be after end_date",
        ),
    ],
)
async def test_metrics_validation(
    http: Http, body: dict[str, Any], code: str, message: str
) -> None:
    await refused(http, "/videos/metrics", body, code, message)


async def test_metrics_are_deterministic() -> None:
    async with Simulator(seed=9) as first, Simulator(seed=9) as second:
        assert first.social_videos.for_account(4687) == second.social_videos.for_account(4687)


async def trigger(http: Http, name: str = "clip.mp4", size: int = 1000, **body: Any) -> Any:
    bucket, key = upload(http.sim, name, size)
    return await ok(http, "/precheck/trigger", {"bucket_name": bucket, "bucket_key": key, **body})


async def test_precheck_runs_then_passes(http: Http) -> None:
    data = await trigger(http, platform_account_id=4687)
    assert (data["status"], data["platform"], data["issues"]) == ("running", "tiktok", [])
    assert isinstance(data["precheck_id"], str)
    http.sim.clock.advance(14)
    listed = await ok(http, "/precheck/list", {})
    assert listed["items"][0]["status"] == "running"
    http.sim.clock.advance(1)
    listed = await ok(http, "/precheck/list", {})
    row = listed["items"][0]
    assert (row["precheck_id"], row["status"]) == (data["precheck_id"], "passed")
    assert row["completed_at"] == data["created_at"] + 15


async def test_precheck_fails_with_issues(http: Http) -> None:
    instagram = next(a for a in http.sim.social_accounts.all() if a.platform == "instagram")
    one = await trigger(http, "big.mp4", 2 * GB, platform_account_id=instagram.id)
    every = await trigger(http, "big.mp4", 2 * GB)
    await trigger(http)
    http.sim.clock.advance(15)
    failed = await ok(http, "/precheck/list", {"status": "failed"})
    assert [r["precheck_id"] for r in failed["items"]] == [every["precheck_id"], one["precheck_id"]]
    assert failed["items"][1]["issues"] == [
        f"file size {2 * GB} bytes exceeds the instagram limit of {GB}"
    ]
    assert failed["items"][0]["issues"] == [
        f"instagram: file size {2 * GB} bytes exceeds the instagram limit of {GB}"
    ]
    assert (await ok(http, "/precheck/list", {"status": "passed"}))["total_count"] == 1
    await refused(http, "/precheck/list", {"status": "ok"}, "INVALID_PARAM", "status must be")
    await refused(http, "/precheck/list", {"page_size": 60}, "PAGE_SIZE_EXCEEDED", "page_size")


async def test_precheck_refuses_an_unknown_account(http: Http) -> None:
    bucket, key = upload(http.sim)
    body = {"bucket_name": bucket, "bucket_key": key, "platform_account_id": 3}
    await refused(http, "/precheck/trigger", body, "INVALID_PARAM", "platform_account_id: no bound")


async def test_lost_precheck_response_triggers_once(http: Http) -> None:
    bucket, key = upload(http.sim)
    await lost(http, "/precheck/trigger", {"bucket_name": bucket, "bucket_key": key})
    assert http.sim.counters["prechecks_triggered"] == 1
    assert (await ok(http, "/precheck/list", {}))["total_count"] == 1
