"""Short-drama images and video upload jobs: seed fields, the sim-clock lifecycle, refusals."""

from __future__ import annotations

import json

import pytest

from tests.testing.test_tiktok_drama_support import DramaHttp, dr, error_of
from trenz_async.testing import Simulator

__all__ = ["dr"]
pytestmark = pytest.mark.anyio
ACCOUNT = {"byteplus_account_id": "333"}
UPLOAD = {"url": "https://e.com/1.mp4", "title": "episode_01", "space_name": "sg", **ACCOUNT}


async def test_image_answers_an_open_pic_id_and_a_preview_url(dr: DramaHttp) -> None:
    data = await dr.ok("/image", {"image_url": "https://cdn.example.com/a.jpg"})
    assert set(data) == {"open_pic_id", "tiktok_pic_url"}
    assert len(data["open_pic_id"]) == 32
    assert data["tiktok_pic_url"].startswith("https://")
    assert dr.sim.drama_counters["images"] == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "image_url is required"),
        ({"image_url": "ftp://e.com/a.jpg"}, "image_url must be an http or https URL"),
        ({"image_url": 5}, "image_url must be a string"),
        ({"image_url": "https://e.com/fail.jpg"}, "image_url could not be downloaded"),
    ],
)
async def test_bad_images_are_refused(dr: DramaHttp, body: dict[str, object], message: str) -> None:
    status, answer = await dr.post("/image", body)
    assert (status, error_of(answer)) == (400, ("invalid_params", message))
    assert answer["data"] == {}
    assert dr.sim.drama_counters["images"] == 0


async def test_an_arranged_image_failure_refuses_the_next_image_only(dr: DramaHttp) -> None:
    dr.sim.fail_next_drama_upload("image", "image is too large")
    status, answer = await dr.post("/image", {"image_url": "https://e.com/a.jpg"})
    assert (status, error_of(answer)) == (400, ("invalid_params", "image is too large"))
    await dr.image()


async def test_video_upload_is_accepted_async_then_succeeds_30s_later(dr: DramaHttp) -> None:
    accepted = await dr.ok("/video", UPLOAD)
    assert accepted["result_type"] == 2
    assert accepted["job_id"].startswith("vod:job:")
    assert (accepted["byteplus_vid"], accepted["byteplus_url"]) == ("", "")
    job_id = accepted["job_id"]
    processing = await dr.ok_get("/video", job_id=job_id, **ACCOUNT)
    assert processing == {
        "upload_status": 1,
        "job_id": job_id,
        "vid": "",
        "byteplus_url": "",
        "title": "episode_01",
        "duration_ms": 0,
        "cover_url": "",
        "raw_video_info_json": processing["raw_video_info_json"],
    }
    dr.sim.clock.advance(29)
    assert (await dr.ok_get("/video", job_id=job_id, **ACCOUNT))["upload_status"] == 1
    dr.sim.clock.advance(1)
    done = await dr.ok_get("/video", job_id=job_id, **ACCOUNT)
    assert done["upload_status"] == 2
    assert done["vid"].startswith("v")
    assert len(done["vid"]) == 32
    assert done["byteplus_url"].endswith(f"{done['vid']}.m3u8")
    assert 30_000 <= done["duration_ms"] < 180_000
    assert json.loads(done["raw_video_info_json"])["Vid"] == done["vid"]
    assert await dr.ok_get("/video", vid=done["vid"], **ACCOUNT) == done
    both = await dr.ok_get("/video", vid=done["vid"], job_id=job_id, **ACCOUNT)
    assert both == done
    assert dr.sim.drama_counters["videos"] == 1


async def test_durations_are_editable_and_zero_finishes_on_first_read(dr: DramaHttp) -> None:
    dr.sim.drama_durations["video"] = 0
    job_id = await dr.upload()
    assert (await dr.ok_get("/video", job_id=job_id, **ACCOUNT))["upload_status"] == 2


@pytest.mark.parametrize("arranged", [False, True])
async def test_failed_uploads_end_in_upload_status_3(dr: DramaHttp, arranged: bool) -> None:
    if arranged:
        dr.sim.fail_next_drama_upload("video", "transcode error")
        job_id = await dr.upload()
    else:
        job_id = await dr.upload(url="https://e.com/will-FAIL.mp4")
    dr.sim.clock.advance(30)
    data = await dr.ok_get("/video", job_id=job_id, **ACCOUNT)
    assert (data["upload_status"], data["vid"], data["duration_ms"]) == (3, "", 0)
    raw = json.loads(data["raw_video_info_json"])
    default = "video transcoding failed: the source could not be downloaded"
    assert raw["Error"] == ("transcode error" if arranged else default)
    assert raw["Status"] == "Failed"
    assert (await dr.ok_get("/video", job_id=await dr.upload(), **ACCOUNT))["upload_status"] == 1


async def test_registering_a_byteplus_vid_answers_it_at_once(dr: DramaHttp) -> None:
    body = {**UPLOAD, "vid": "v0abc", "byteplus_region": "ap-singapore-1"}
    del body["url"]
    accepted = await dr.ok("/video", body)
    assert (accepted["result_type"], accepted["byteplus_vid"]) == (2, "v0abc")
    dr.sim.clock.advance(30)
    assert (await dr.ok_get("/video", vid="v0abc", **ACCOUNT))["upload_status"] == 2


@pytest.mark.parametrize(
    ("drop", "change", "message"),
    [
        ("url", {}, "url is required"),
        ("title", {}, "title is required"),
        ("space_name", {}, "space_name is required"),
        ("byteplus_account_id", {}, "byteplus_account_id is required"),
        (None, {"byteplus_account_id": 333}, "byteplus_account_id must be a string"),
        (None, {"url": "e.com/1.mp4"}, "url must be an http or https URL"),
        (None, {"title": " "}, "title must be a non-empty string of at most 200 characters"),
    ],
)
async def test_upload_fields_are_checked(
    dr: DramaHttp, drop: str | None, change: dict[str, object], message: str
) -> None:
    body = {k: v for k, v in UPLOAD.items() if k != drop} | change
    status, answer = await dr.post("/video", body)
    assert (status, error_of(answer)) == (400, ("invalid_params", message))
    assert dr.sim.drama_counters["videos"] == 0


async def test_query_needs_job_or_vid_and_the_right_account(dr: DramaHttp) -> None:
    job_id = await dr.upload()
    status, answer = await dr.get("/video", **ACCOUNT)
    assert (status, error_of(answer)) == (400, ("invalid_params", "job_id or vid is required"))
    status, answer = await dr.get("/video", job_id=job_id)
    assert error_of(answer) == ("invalid_params", "byteplus_account_id is required")
    status, answer = await dr.get("/video", job_id=job_id, byteplus_account_id="999")
    assert error_of(answer)[1] == f"job_id {job_id} not found in BytePlus account 999"
    status, answer = await dr.get("/video", vid="vnope", **ACCOUNT)
    assert error_of(answer)[1] == "vid vnope not found in BytePlus account 333"


async def test_another_clients_job_is_unknown(dr: DramaHttp) -> None:
    job_id = await dr.upload()
    other = await dr.other()
    status, answer = await other.get("/video", job_id=job_id, **ACCOUNT)
    assert (status, answer["error"]["code"]) == (400, "invalid_params")


async def test_ids_are_deterministic_from_the_seed(dr: DramaHttp) -> None:
    async with Simulator(seed=1234) as twin:
        twin_http = await DramaHttp(dr.session, twin).login()
        first = await twin_http.ok("/album/create/")
    assert first["album_id"] == (await dr.ok("/album/create/"))["album_id"]
