"""Subtitle jobs over HTTP: upload and wait on the sim clock, query, bind, failures."""

from __future__ import annotations

from typing import Any

import pytest

from tests.shortdrama.support import ACCOUNT, FAST, SPACE, drama_requests, ticking, upload_video
from trenz_async import BadRequestError, TikTokClient
from trenz_async.errors import UploadFailedError
from trenz_async.models.shortdrama import Subtitles, UploadStatus

pytestmark = pytest.mark.anyio


async def _upload(tiktok: TikTokClient, url: str = "https://vod.example.com/sub/en.srt") -> Any:
    return await tiktok.shortdrama.subtitles.upload(
        subtitle_url=url, language="en", space_name=SPACE, byteplus_account_id=ACCOUNT
    )


async def test_a_subtitle_upload_waits_then_binds_to_a_video(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    video = await upload_video(tiktok, trenz_simulator)
    job = await _upload(tiktok)
    assert job.job_id.startswith("subtitle:job:")
    assert job.accepted.job_id == job.job_id
    assert (await job.refresh()).status is UploadStatus.PROCESSING
    done = await job.wait(timeout=5, policy=FAST, on_poll=ticking(trenz_simulator))
    assert done.status is UploadStatus.SUCCESS
    assert done.job_id == job.job_id
    assert done.subtitle_id is not None
    assert done.subtitle_id.startswith("subtitle_")
    [info] = done.subtitle_info_list or []
    assert (info.language, info.format, info.vid) == ("en", "srt", "")
    assert info.subtitle_url == "https://vod.example.com/sub/en.srt"
    upload_body = next(
        e.json for e in drama_requests(trenz_simulator) if e.path.endswith("/subtitle/")
    )
    assert upload_body == {
        "client_key": tiktok.client_key,
        "subtitle_url": "https://vod.example.com/sub/en.srt",
        "language": "en",
        "space_name": SPACE,
        "byteplus_account_id": ACCOUNT,
    }

    assert video.vid is not None
    bound = await tiktok.shortdrama.subtitles.bind(vid=video.vid, subtitle_id=done.subtitle_id)
    assert (bound.vid, bound.subtitle_id) == (video.vid, done.subtitle_id)
    assert drama_requests(trenz_simulator)[-1].query == {"client_key": tiktok.client_key}
    assert trenz_simulator.drama_counters["subtitle_binds"] == 1

    listed = await tiktok.shortdrama.subtitles.get(vid=video.vid, byteplus_account_id=ACCOUNT)
    assert isinstance(listed, Subtitles)
    assert listed.vid == video.vid
    assert [(s.subtitle_id, s.vid) for s in listed.subtitle_info_list or []] == [
        (done.subtitle_id, video.vid)
    ]
    by_job = await tiktok.shortdrama.subtitles.get(job_id=job.job_id, byteplus_account_id=ACCOUNT)
    assert by_job.vid == video.vid


async def test_a_failed_subtitle_job_raises_upload_failed(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    trenz_simulator.fail_next_drama_upload("subtitle")
    job = await _upload(tiktok)
    with pytest.raises(UploadFailedError, match=f"subtitle upload {job.job_id} failed") as caught:
        await job.wait(timeout=5, policy=FAST, on_poll=ticking(trenz_simulator))
    assert isinstance(caught.value.last, Subtitles)
    assert caught.value.last.status is UploadStatus.FAILURE


async def test_binding_an_unknown_subtitle_is_the_services_refusal_and_a_job_resumes(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    video = await upload_video(tiktok, trenz_simulator)
    job = await _upload(tiktok)
    assert video.vid is not None
    with pytest.raises(BadRequestError) as caught:
        await tiktok.shortdrama.subtitles.bind(vid=video.vid, subtitle_id="subtitle_1")
    assert caught.value.code == "invalid_params"
    assert caught.value.message == "subtitle_id subtitle_1 not found"
    resumed = tiktok.shortdrama.subtitles.job(job_id=job.job_id, byteplus_account_id=ACCOUNT)
    assert (
        await resumed.wait(timeout=5, policy=FAST, on_poll=ticking(trenz_simulator))
    ).subtitle_id
