"""Short-drama subtitles: upload jobs on the sim clock, query by job or vid, bind to a video."""

from __future__ import annotations

import pytest

from tests.testing.test_tiktok_drama_support import DramaHttp, dr, error_of

__all__ = ["dr"]
pytestmark = pytest.mark.anyio
ACCOUNT = {"byteplus_account_id": "333"}
SRT = {"subtitle_url": "https://vod.e.com/s/ep1.srt", "language": "en", "space_name": "sg"}


async def upload(dr: DramaHttp, **change: str) -> str:
    data = await dr.ok("/subtitle/", {**SRT, **ACCOUNT, **change})
    assert set(data) == {"job_id"}
    return str(data["job_id"])


async def test_subtitle_job_succeeds_20s_later_with_its_subtitle(dr: DramaHttp) -> None:
    job_id = await upload(dr)
    assert job_id.startswith("subtitle:job:")
    data = await dr.ok_get("/subtitle/", job_id=job_id, **ACCOUNT)
    assert data == {"job_id": job_id, "upload_status": 1, "vid": "", "subtitle_info_list": []}
    dr.sim.clock.advance(20)
    data = await dr.ok_get("/subtitle/", job_id=job_id, **ACCOUNT)
    assert data["upload_status"] == 2
    [info] = data["subtitle_info_list"]
    assert info["subtitle_id"].startswith("subtitle_")
    assert (info["language"], info["format"], info["vid"]) == ("en", "srt", "")
    assert dr.sim.drama_counters["subtitles"] == 1


async def test_subtitle_failures(dr: DramaHttp) -> None:
    dr.sim.fail_next_drama_upload("subtitle")
    arranged, by_url = await upload(dr), await upload(dr, subtitle_url="https://e.com/fail.vtt")
    dr.sim.clock.advance(20)
    for job_id in (arranged, by_url):
        data = await dr.ok_get("/subtitle/", job_id=job_id, **ACCOUNT)
        assert (data["upload_status"], data["subtitle_info_list"]) == (3, [])


async def test_bind_attaches_a_subtitle_to_a_video(dr: DramaHttp) -> None:
    vid = await dr.video()
    job_id = await upload(dr)
    assert dr.sim.finish_drama_job(job_id) == 2
    [info] = (await dr.ok_get("/subtitle/", job_id=job_id, **ACCOUNT))["subtitle_info_list"]
    subtitle_id = info["subtitle_id"]
    bind = {"vid": vid, "subtitle_id": subtitle_id}
    assert await dr.ok("/subtitle/bind/", bind) == bind
    assert await dr.ok("/subtitle/bind/", bind) == bind  # binding again changes nothing
    by_vid = await dr.ok_get("/subtitle/", vid=vid, **ACCOUNT)
    assert (by_vid["vid"], by_vid["job_id"], by_vid["upload_status"]) == (vid, job_id, 2)
    assert [s["subtitle_id"] for s in by_vid["subtitle_info_list"]] == [subtitle_id]
    assert (await dr.ok_get("/subtitle/", job_id=job_id, **ACCOUNT))["vid"] == vid
    french = await upload(dr, language="fr")
    english = await upload(dr)
    dr.sim.clock.advance(20)
    for other in (french, english):
        [info] = (await dr.ok_get("/subtitle/", job_id=other, **ACCOUNT))["subtitle_info_list"]
        await dr.ok("/subtitle/bind/", {"vid": vid, "subtitle_id": info["subtitle_id"]})
    listed = (await dr.ok_get("/subtitle/", vid=vid, **ACCOUNT))["subtitle_info_list"]
    assert sorted(s["language"] for s in listed) == ["en", "fr"]  # the new English replaced it
    assert subtitle_id not in {s["subtitle_id"] for s in listed}
    assert dr.sim.drama_counters["subtitle_binds"] == 4


async def test_bind_refusals(dr: DramaHttp) -> None:
    vid, other_vid = await dr.video(), await dr.video("b", "https://e.com/b.mp4")
    job_id = await upload(dr)
    subtitle_id = dr.sim.drama.subtitles.jobs[job_id].subtitle_id
    status, answer = await dr.post("/subtitle/bind/", {"vid": vid, "subtitle_id": subtitle_id})
    assert (status, error_of(answer)) == (
        400,
        ("invalid_request", f"subtitle {subtitle_id} is not processed successfully (processing)"),
    )
    dr.sim.finish_drama_job(job_id)
    await dr.ok("/subtitle/bind/", {"vid": vid, "subtitle_id": subtitle_id})
    _, answer = await dr.post("/subtitle/bind/", {"vid": other_vid, "subtitle_id": subtitle_id})
    assert error_of(answer) == (
        "invalid_request",
        f"subtitle {subtitle_id} is already bound to vid {vid}",
    )
    _, answer = await dr.post("/subtitle/bind/", {"vid": vid, "subtitle_id": "subtitle_1"})
    assert error_of(answer) == ("invalid_params", "subtitle_id subtitle_1 not found")
    elsewhere = await upload(dr, byteplus_account_id="444")
    dr.sim.finish_drama_job(elsewhere)
    moved = dr.sim.drama.subtitles.jobs[elsewhere].subtitle_id
    _, answer = await dr.post("/subtitle/bind/", {"vid": other_vid, "subtitle_id": moved})
    assert error_of(answer)[1] == (
        f"subtitle {moved} and vid {other_vid} are in different BytePlus accounts"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"language": "english!"}, "language must be a language code such as en, pt-BR or zh_Hans"),
        ({"subtitle_url": "file:///x.srt"}, "subtitle_url must be an http or https URL"),
        ({"space_name": None}, "space_name is required"),
    ],
)
async def test_subtitle_upload_fields_are_checked(
    dr: DramaHttp, change: dict[str, object], message: str
) -> None:
    body = {**SRT, **ACCOUNT, **change}
    status, answer = await dr.post("/subtitle/", body)
    assert (status, error_of(answer)) == (400, ("invalid_params", message))
