"""``trenz.social.videos`` and ``trenz.social.precheck`` against the simulator, over HTTP."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest

from tests.helpers import assert_refused_before_sending
from tests.social.conftest import ACCOUNT, OTHER_ACCOUNT
from trenz_async import AmbiguousOutcomeError, InvalidParamError, TrenzClient
from trenz_async.models import UploadedObject
from trenz_async.models.social import (
    Precheck,
    PublishingRecord,
    PublishingRecordDetail,
    VideoInfo,
    VideoMetric,
)
from trenz_async.testing import FaultRule

pytestmark = pytest.mark.anyio
V1 = "/open/v1/social"


async def _publish(client: TrenzClient, video: UploadedObject, *accounts: int) -> Any:
    return await client.social.publishing.upload_and_publish(
        video_title="Desk lamp, three ways",
        video_description="Warm light for late work",
        bucket_name=video.bucket_name,
        bucket_key=video.bucket_key,
        publications=[
            {"platform_account_id": a, "platform_config": {"privacy": "PUBLIC_TO_EVERYONE"}}
            for a in accounts
        ],
    )


async def test_check_info_reports_the_stored_video(
    client: TrenzClient, trenz_simulator: Any, video: UploadedObject
) -> None:
    info = await client.social.videos.check_info(
        bucket_name=video.bucket_name, bucket_key=video.bucket_key
    )
    assert isinstance(info, VideoInfo)
    stored = trenz_simulator.stored_object(video.bucket_name, video.bucket_key)
    assert (info.bucket_key, info.size, info.content_type) == (
        video.bucket_key,
        stored.size,
        "video/mp4",
    )
    assert info.duration is not None
    assert info.duration > 0
    assert info.width
    assert info.height
    assert info.codec == "h264"
    assert info.bitrate
    assert [c.platform for c in info.platforms or ()] == [
        "tiktok",
        "youtube",
        "instagram",
        "facebook",
    ]
    assert info.passed
    tiktok = info.check("tiktok")
    assert tiktok is not None
    assert (tiktok.passed, tiktok.issues) == (True, [])
    assert info.check("vimeo") is None


async def test_check_info_of_a_missing_object_is_an_invalid_param(client: TrenzClient) -> None:
    with pytest.raises(InvalidParamError) as caught:
        await client.social.videos.check_info(bucket_name="data-datanebula-object", bucket_key="x")
    assert "bucket_key" in caught.value.message


async def test_records_filter_by_key_account_status_and_session(
    client: TrenzClient, trenz_simulator: Any, video: UploadedObject
) -> None:
    first = await _publish(client, video, ACCOUNT, OTHER_ACCOUNT)
    second = await _publish(client, video, ACCOUNT)
    videos = client.social.videos
    by_key = await videos.records(bucket_key=video.bucket_key)
    assert by_key.total == 3
    assert all(isinstance(r, PublishingRecord) for r in by_key.items)
    newest = second.publications[0]
    assert by_key.items[0].record_id == newest.record_id  # newest first
    row = by_key.items[0]
    assert (row.session_token, row.bucket_key, row.platform_account_id, row.status) == (
        second.session_token,
        video.bucket_key,
        ACCOUNT,
        "pending",
    )
    assert row.created_at is not None
    assert row.scheduled_at is None
    by_account = await videos.records(platform_account_id=OTHER_ACCOUNT)
    assert [r.session_token for r in by_account.items] == [first.session_token]
    by_session = await videos.records(session_token=first.session_token, page_size=1)
    assert (len(by_session.items), by_session.total, by_session.has_next) == (1, 2, True)
    trenz_simulator.clock.advance(11)
    published = await videos.records(status="published", bucket_key=video.bucket_key)
    assert published.total == 3
    assert await videos.records(bucket_key="upload/other.mp4").collect() == []
    sent = trenz_simulator.journal[-1].json
    assert sent == {"bucket_key": "upload/other.mp4", "page": 1, "page_size": 10}


async def test_record_reads_one_publication_with_its_video_and_config(
    client: TrenzClient, video: UploadedObject
) -> None:
    created = await _publish(client, video, OTHER_ACCOUNT)
    entry = created.publications[0]
    detail = await client.social.videos.record(entry.record_id)
    assert isinstance(detail, PublishingRecordDetail)
    assert (detail.record_id, detail.session_token, detail.platform_account_id) == (
        entry.record_id,
        created.session_token,
        OTHER_ACCOUNT,
    )
    assert (detail.video_title, detail.video_description) == (
        "Desk lamp, three ways",
        "Warm light for late work",
    )
    assert detail.platform_config == '{"privacy":"PUBLIC_TO_EVERYONE"}'
    assert detail.config == {"privacy": "PUBLIC_TO_EVERYONE"}


async def test_an_unknown_record_is_an_invalid_param(client: TrenzClient) -> None:
    with pytest.raises(InvalidParamError):
        await client.social.videos.record("no-such-record")


async def test_metrics_list_the_accounts_videos_within_dates(
    client: TrenzClient, trenz_simulator: Any, video: UploadedObject
) -> None:
    created = await _publish(client, video, ACCOUNT)
    trenz_simulator.clock.advance(11)
    metrics = client.social.videos.metrics
    every = await metrics(platform_account_id=ACCOUNT, page_size=50)
    assert every.total >= 4
    assert all(isinstance(m, VideoMetric) for m in every.items)
    newest = every.items[0]
    assert newest.publication_id == created.publications[0].publication_id
    assert newest.views is not None
    assert newest.likes is not None
    assert newest.platform == "tiktok"
    today = dt.datetime.fromtimestamp(trenz_simulator.clock.now(), dt.UTC).date()
    recent = await metrics(platform_account_id=ACCOUNT, start_date=today, end_date=today)
    assert [m.publication_id for m in recent.items] == [newest.publication_id]
    oldest_day = dt.datetime.fromtimestamp(every.items[-1].published_at or 0, dt.UTC).date()
    window = await metrics(
        platform_account_id=ACCOUNT,
        start_date=oldest_day.isoformat(),
        end_date=oldest_day.isoformat(),
    )
    assert every.items[-1].platform_video_id in [m.platform_video_id for m in window.items]
    assert trenz_simulator.journal[-1].json["start_date"] == oldest_day.isoformat()


@pytest.mark.parametrize(
    ("method", "field", "arguments"),
    [
        ("check_info", "bucket_name", {"bucket_name": "", "bucket_key": "k"}),
        ("check_info", "bucket_key", {"bucket_name": "b", "bucket_key": None}),
        ("records", "status", {"status": "done"}),
        ("records", "platform_account_id", {"platform_account_id": "4687"}),
        ("records", "bucket_key", {"bucket_key": ""}),
        ("records", "page_size", {"page_size": 51}),
        ("record", "record_id", {"record_id": ""}),
        ("metrics", "platform_account_id", {"platform_account_id": None}),
        ("metrics", "start_date", {"platform_account_id": ACCOUNT, "start_date": "2026/01/01"}),
        ("metrics", "end_date", {"platform_account_id": ACCOUNT, "end_date": "2026-02-30"}),
        (
            "metrics",
            "start_date",
            {"platform_account_id": ACCOUNT, "start_date": "2026-03-02", "end_date": "2026-03-01"},
        ),
    ],
)
async def test_bad_arguments_are_refused_before_sending(
    client: TrenzClient, trenz_simulator: Any, method: str, field: str, arguments: dict[str, Any]
) -> None:
    call = getattr(client.social.videos, method)
    assert_refused_before_sending(trenz_simulator, field, call, **arguments)


async def test_a_precheck_runs_then_passes(
    client: TrenzClient, trenz_simulator: Any, video: UploadedObject
) -> None:
    started = await client.social.precheck.trigger(
        bucket_name=video.bucket_name, bucket_key=video.bucket_key, platform_account_id=ACCOUNT
    )
    assert isinstance(started, Precheck)
    assert (started.status, started.platform_account_id, started.platform, started.issues) == (
        "running",
        ACCOUNT,
        "tiktok",
        [],
    )
    running = await client.social.precheck.list(status="running")
    assert [p.precheck_id for p in running.items] == [started.precheck_id]
    trenz_simulator.clock.advance(16)
    passed = await client.social.precheck.list(status="passed")
    assert [p.precheck_id for p in passed.items] == [started.precheck_id]
    assert passed.items[0].completed_at is not None
    assert (await client.social.precheck.list(status="running")).total == 0


async def test_a_precheck_of_every_platform_names_no_account(
    client: TrenzClient, trenz_simulator: Any, video: UploadedObject
) -> None:
    started = await client.social.precheck.trigger(
        bucket_name=video.bucket_name, bucket_key=video.bucket_key
    )
    assert (started.platform_account_id, started.platform) == (None, None)
    assert "platform_account_id" not in trenz_simulator.journal[-1].json


async def test_precheck_arguments_are_refused_before_sending(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    precheck = client.social.precheck
    assert_refused_before_sending(
        trenz_simulator, "bucket_key", precheck.trigger, bucket_name="b", bucket_key=""
    )
    assert_refused_before_sending(
        trenz_simulator,
        "platform_account_id",
        precheck.trigger,
        bucket_name="b",
        bucket_key="k",
        platform_account_id=False,
    )
    assert_refused_before_sending(trenz_simulator, "status", precheck.list, status="ok")


async def test_a_precheck_trigger_whose_answer_is_lost_is_not_sent_again(
    client: TrenzClient, trenz_simulator: Any, video: UploadedObject
) -> None:
    route = f"POST {V1}/precheck/trigger"
    trenz_simulator.add_fault(FaultRule(route=route, lose_response=True, times=1))
    with pytest.raises(AmbiguousOutcomeError):
        await client.social.precheck.trigger(
            bucket_name=video.bucket_name, bucket_key=video.bucket_key
        )
    assert trenz_simulator.counters[route] == 1
    assert trenz_simulator.counters["prechecks_triggered"] == 1


@pytest.mark.parametrize(
    "path",
    [
        "/videos/check-info",
        "/publish/records",
        "/publish/record/detail",
        "/videos/metrics",
        "/precheck/list",
    ],
)
async def test_reads_are_retried_through_a_503(
    client: TrenzClient, trenz_simulator: Any, video: UploadedObject, path: str
) -> None:
    created = await _publish(client, video, ACCOUNT)
    videos = client.social.videos
    calls = {
        "/videos/check-info": lambda: videos.check_info(
            bucket_name=video.bucket_name, bucket_key=video.bucket_key
        ),
        "/publish/records": lambda: videos.records(bucket_key=video.bucket_key),
        "/publish/record/detail": lambda: videos.record(created.publications[0].record_id),
        "/videos/metrics": lambda: videos.metrics(platform_account_id=ACCOUNT),
        "/precheck/list": lambda: client.social.precheck.list(),
    }
    route = f"POST {V1}{path}"
    trenz_simulator.add_fault(FaultRule(route=route, status=503, times=1))
    started = time.monotonic()
    answer = await calls[path]()
    assert answer is not None
    assert trenz_simulator.counters[route] == 2
    assert time.monotonic() - started < 2
