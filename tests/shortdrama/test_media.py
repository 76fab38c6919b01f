"""Images and video upload jobs over HTTP: round trips, waiting on the sim clock, failures."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from tests.helpers import SLOW_POLLS, poll_times
from tests.shortdrama.support import (
    ACCOUNT,
    FAST,
    SPACE,
    drama_requests,
    start_upload,
    ticking,
    upload_video,
)
from trenz_async import BadRequestError, TikTokClient
from trenz_async.errors import PollTimeoutError, UploadFailedError
from trenz_async.models.shortdrama import ResultType, UploadStatus, Video
from trenz_async.polling import PollEvent
from trenz_async.testing import FaultRule

pytestmark = pytest.mark.anyio


async def test_an_image_is_created_with_client_key_in_query_and_body(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    image = await tiktok.shortdrama.images.create(image_url="https://cdn.example.com/c.jpg")
    assert len(image.open_pic_id) == 32
    assert image.tiktok_pic_url is not None
    assert image.tiktok_pic_url.endswith(f"{image.open_pic_id}.jpg")
    [sent] = drama_requests(trenz_simulator)
    assert (sent.method, sent.path) == ("POST", "/v2/sg/shortdrama/image")
    assert sent.query == {"client_key": tiktok.client_key}
    assert sent.json == {
        "client_key": tiktok.client_key,
        "image_url": "https://cdn.example.com/c.jpg",
    }
    assert trenz_simulator.drama_counters["images"] == 1


async def test_an_image_the_service_cannot_fetch_is_its_bad_request(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    trenz_simulator.fail_next_drama_upload("image", "image_url could not be downloaded")
    with pytest.raises(BadRequestError) as caught:
        await tiktok.shortdrama.images.create(image_url="https://cdn.example.com/c.jpg")
    assert (caught.value.status, caught.value.code) == (400, "invalid_params")
    assert caught.value.message == "image_url could not be downloaded"
    assert caught.value.request_id


async def test_a_video_upload_is_a_job_that_waits_for_its_vid(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    job = await tiktok.shortdrama.videos.upload(
        url="https://media.example.com/ep1.mp4",
        title="episode_01",
        space_name=SPACE,
        byteplus_account_id=ACCOUNT,
    )
    assert job.job_id is not None
    assert job.job_id.startswith("vod:job:")
    assert job.accepted is not None
    assert job.accepted.result is ResultType.ACCEPTED
    assert job.accepted.accepted
    assert job.accepted.byteplus_vid == ""
    assert (await job.refresh()).status is UploadStatus.PROCESSING
    events: list[PollEvent] = []

    def tick(event: PollEvent) -> None:
        events.append(event)
        trenz_simulator.clock.advance(10)

    video = await job.wait(timeout=5, policy=FAST, on_poll=tick)
    assert video.status is UploadStatus.SUCCESS
    assert video.vid
    assert video.vid.startswith("v")
    assert video.byteplus_url == f"https://vod.byteplus.sim/play/{video.vid}.m3u8"
    assert video.title == "episode_01"
    assert video.job_id == job.job_id
    assert video.duration_ms is not None
    assert video.duration_ms >= 30_000
    assert video.raw_info is not None
    assert video.raw_info["Vid"] == video.vid
    assert [e.state for e in events] == ["processing", "processing", "processing", "success"]
    assert events[-1].what == f"video upload {job.job_id}"
    body = drama_requests(trenz_simulator)[0].json
    assert body == {
        "client_key": tiktok.client_key,
        "url": "https://media.example.com/ep1.mp4",
        "title": "episode_01",
        "space_name": SPACE,
        "byteplus_account_id": ACCOUNT,
    }
    assert trenz_simulator.drama_counters["videos"] == 1


async def test_a_video_is_read_by_job_id_or_by_vid(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    video = await upload_video(tiktok, trenz_simulator)
    by_vid = await tiktok.shortdrama.videos.get(vid=video.vid, byteplus_account_id=ACCOUNT)
    by_job = await tiktok.shortdrama.videos.get(job_id=video.job_id, byteplus_account_id=ACCOUNT)
    assert by_vid == by_job == video
    query = drama_requests(trenz_simulator)[-2].query
    assert query == {
        "client_key": tiktok.client_key,
        "byteplus_account_id": ACCOUNT,
        "vid": video.vid,
    }


async def test_a_failed_upload_raises_upload_failed_with_the_reason(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    trenz_simulator.fail_next_drama_upload("video", "transcoding failed: not a video")
    job = await tiktok.shortdrama.videos.upload(
        url="https://media.example.com/ep1.mp4",
        title="episode_01",
        space_name=SPACE,
        byteplus_account_id=ACCOUNT,
    )
    with pytest.raises(UploadFailedError) as caught:
        await job.wait(timeout=5, policy=FAST, on_poll=ticking(trenz_simulator))
    assert str(caught.value) == f"video upload {job.job_id} failed: transcoding failed: not a video"
    assert isinstance(caught.value.last, Video)
    assert caught.value.last.status is UploadStatus.FAILURE
    assert caught.value.last.vid == ""


async def test_waiting_gives_up_at_its_timeout_with_the_last_state(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    job = await tiktok.shortdrama.videos.upload(
        url="https://media.example.com/ep1.mp4",
        title="episode_01",
        space_name=SPACE,
        byteplus_account_id=ACCOUNT,
    )
    with pytest.raises(PollTimeoutError, match="last seen: processing") as caught:
        await job.wait(timeout=0.05, policy=FAST)
    assert isinstance(caught.value.last, Video)


async def test_a_registered_byteplus_video_and_a_resumed_job(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    first = await upload_video(tiktok, trenz_simulator)
    job = await tiktok.shortdrama.videos.upload(
        vid=first.vid,
        title="episode_01 again",
        space_name=SPACE,
        byteplus_account_id=ACCOUNT,
        byteplus_region="ap-singapore-1",
    )
    assert job.accepted is not None
    assert job.accepted.byteplus_vid == first.vid
    assert job.job_id is not None
    resumed = tiktok.shortdrama.videos.job(job_id=job.job_id, byteplus_account_id=ACCOUNT)
    assert resumed.accepted is None
    video = await resumed.wait(timeout=5, policy=FAST, on_poll=ticking(trenz_simulator))
    assert video.vid == first.vid
    assert video.title == "episode_01 again"
    body = [e.json for e in drama_requests(trenz_simulator) if e.method == "POST"][-1]
    assert "url" not in body
    assert body["vid"] == first.vid


async def test_a_poll_that_meets_a_503_is_retried_as_a_read(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    video = await upload_video(tiktok, trenz_simulator)
    trenz_simulator.add_fault(FaultRule(route="GET /v2/sg/shortdrama/video", status=503, times=1))
    again = await tiktok.shortdrama.videos.get(vid=video.vid, byteplus_account_id=ACCOUNT)
    assert again == video
    statuses = [e.status for e in drama_requests(trenz_simulator)[-2:]]
    assert statuses == [503, 200]


async def test_an_upload_refused_outright_raises_and_is_not_polled(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    answer = {"data": {"result_type": 3, "job_id": ""}, "error": {"code": "ok", "log_id": "l1"}}
    trenz_simulator.add_fault(
        FaultRule(
            route="POST /v2/sg/shortdrama/video",
            status=200,
            raw_body=json.dumps(answer),
            content_type="application/json",
            times=1,
        )
    )
    with pytest.raises(UploadFailedError, match="result_type 3") as caught:
        await tiktok.shortdrama.videos.upload(
            url="https://media.example.com/ep1.mp4",
            title="episode_01",
            space_name=SPACE,
            byteplus_account_id=ACCOUNT,
        )
    assert caught.value.last.result is ResultType.FAILURE  # type: ignore[attr-defined]
    assert len(drama_requests(trenz_simulator)) == 1


async def test_top_level_answer_fields_are_read_too(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    answer = {
        "result_type": 1,
        "job_id": "vod:job:1",
        "byteplus_vid": "v1",
        "byteplus_url": "https://vod.example.com/play/v1.m3u8",
        "error": {"code": "ok", "log_id": "l2"},
    }
    trenz_simulator.add_fault(
        FaultRule(
            route="POST /v2/sg/shortdrama/video",
            status=200,
            raw_body=json.dumps(answer),
            content_type="application/json",
            times=1,
        )
    )
    job = await tiktok.shortdrama.videos.upload(
        url="https://media.example.com/ep1.mp4",
        title="episode_01",
        space_name=SPACE,
        byteplus_account_id=ACCOUNT,
    )
    assert job.accepted is not None
    assert (job.accepted.result, job.accepted.byteplus_vid) == (ResultType.SUCCESS, "v1")
    assert job.job_id == "vod:job:1"
    assert job.vid == "v1"


async def test_a_job_polls_by_vid_when_the_answer_has_no_job_id(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    video = await upload_video(tiktok, trenz_simulator)
    answer = {"data": {"result_type": 1, "byteplus_vid": video.vid}, "error": {"code": "ok"}}
    trenz_simulator.add_fault(
        FaultRule(
            route="POST /v2/sg/shortdrama/video",
            status=200,
            raw_body=json.dumps(answer),
            content_type="application/json",
            times=1,
        )
    )
    job = await tiktok.shortdrama.videos.upload(
        url="https://media.example.com/ep1.mp4",
        title="episode_01",
        space_name=SPACE,
        byteplus_account_id=ACCOUNT,
    )
    assert job.job_id is None
    assert await job.wait(timeout=5, policy=FAST) == video
    assert drama_requests(trenz_simulator)[-1].query["vid"] == video.vid


async def test_an_accepted_upload_is_first_polled_one_interval_after_it_and_a_resumed_job_at_once(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    job = await start_upload(tiktok, "episode_02")
    assert job.submitted_at is not None
    assert job.job_id is not None
    trenz_simulator.clock.advance(3600)  # done already: one poll ends the wait
    _, (polled,) = await poll_times(job.wait)
    assert polled - job.submitted_at >= SLOW_POLLS.interval

    resumed = tiktok.shortdrama.videos.job(job_id=job.job_id, byteplus_account_id=ACCOUNT)
    assert resumed.submitted_at is None
    began = time.monotonic()
    _, (polled,) = await poll_times(resumed.wait)
    assert polled - began < SLOW_POLLS.interval
