"""Every short-drama write acts exactly once when its answer is lost (``lose_response``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import pytest

from tests.testing.test_tiktok_drama_support import INFO, D, DramaHttp, dr, error_of
from trenz_async.testing import FaultRule

__all__ = ["dr"]
pytestmark = pytest.mark.anyio
ACCOUNT = {"byteplus_account_id": "333"}


async def lost(dr: DramaHttp, path: str, body: dict[str, Any]) -> None:
    """POST ``body`` with the answer dropped after the simulator acted on it."""
    dr.sim.add_fault(FaultRule(route=f"POST {D}{path}", lose_response=True, times=1))
    with pytest.raises(aiohttp.ClientError):
        await dr.post(path, body)
    assert dr.sim.journal[-1].status is None


Setup = Callable[[DramaHttp], Awaitable[tuple[str, dict[str, Any], str]]]


async def _image(dr: DramaHttp) -> tuple[str, dict[str, Any], str]:
    return "/image", {"image_url": "https://e.com/a.jpg"}, "images"


async def _video(dr: DramaHttp) -> tuple[str, dict[str, Any], str]:
    body = {"url": "https://e.com/1.mp4", "title": "t", "space_name": "s", **ACCOUNT}
    return "/video", body, "videos"


async def _subtitle(dr: DramaHttp) -> tuple[str, dict[str, Any], str]:
    body = {"subtitle_url": "https://e.com/1.srt", "language": "en", "space_name": "s", **ACCOUNT}
    return "/subtitle/", body, "subtitles"


async def _create(dr: DramaHttp) -> tuple[str, dict[str, Any], str]:
    return "/album/create/", {}, "albums_created"


@pytest.mark.parametrize("setup", [_image, _video, _subtitle, _create])
async def test_a_lost_upload_or_create_acted_once(dr: DramaHttp, setup: Setup) -> None:
    path, body, counter = await setup(dr)
    await lost(dr, path, body)
    assert dr.sim.drama_counters[counter] == 1
    journal = [entry for entry in dr.sim.journal if entry.path == D + path]
    assert len(journal) == 1


async def test_a_lost_update_acted_once_and_its_resend_is_refused_as_stale(
    dr: DramaHttp,
) -> None:
    album_id, _ = await dr.filled()
    body = {"album_id": album_id, "version": 1, "episode_info_list": []}
    await lost(dr, "/album/update/", body)
    assert dr.sim.drama_albums[album_id].current_version == 2
    status, answer = await dr.post("/album/update/", body)
    assert (status, error_of(answer)[0]) == (400, "invalid_request")
    assert dr.sim.drama_albums[album_id].current_version == 2
    assert dr.sim.drama_counters["album_updates"] == 2


async def test_a_lost_first_fill_resent_without_version_is_refused(dr: DramaHttp) -> None:
    album_id, pic, vid = await dr.album(), await dr.image(), await dr.video()
    episode = {"title": "e", "seq": 1, "cover_list": [pic], "byteplus_vid": vid}
    body = {"album_id": album_id, "album_info": {**INFO, "cover_list": [pic]}}
    body["episode_info_list"] = [episode]
    await lost(dr, "/album/update/", body)
    status, answer = await dr.post("/album/update/", body)
    assert (status, error_of(answer)[0]) == (400, "invalid_params")
    assert dr.sim.drama_albums[album_id].current_version == 1
    assert len(dr.sim.drama_albums[album_id].versions[1].episodes) == 1


async def test_lost_moderation_writes_acted_once(dr: DramaHttp) -> None:
    album_id, _ = await dr.filled(title="reject")
    version = {"album_id": album_id, "version": 1}
    await lost(dr, "/album/review/submit/", version)
    assert dr.sim.drama_counters["reviews_submitted"] == 1
    status, answer = await dr.post("/album/review/submit/", version)
    assert (status, error_of(answer)[0]) == (400, "invalid_request")  # already under review
    await lost(dr, "/album/review/withdraw/", version)
    assert dr.sim.drama_albums[album_id].versions[1].review_status == 4
    review_id = (await dr.ok("/album/review/submit/", version))["review_id"]
    dr.sim.decide_drama_review(review_id)
    appeal = {
        "album_id": album_id,
        "review_id": review_id,
        "appeal_item_type": 1,
        "item_id": str(album_id),
        "appeal_reason": "please look again",
    }
    await lost(dr, "/album/review/appeal/", appeal)
    assert dr.sim.drama_albums[album_id].versions[1].review_status == 5
    assert dr.sim.drama_counters["appeals"] == 1
    assert (await dr.post("/album/review/appeal/", appeal))[0] == 400
    assert dr.sim.drama_counters["withdrawals"] == 1


async def test_lost_album_state_writes_acted_once(dr: DramaHttp) -> None:
    album_id, _ = await dr.filled()
    review_id = await dr.ok("/album/review/submit/", {"album_id": album_id, "version": 1})
    dr.sim.decide_drama_review(review_id["review_id"])
    await lost(dr, "/album/online_version/", {"album_id": album_id, "version": 1})
    assert dr.sim.drama_albums[album_id].online_version == 1
    await lost(dr, "/album/status/", {"album_id": album_id, "status": 1})
    assert dr.sim.drama_albums[album_id].publish_status == 1
    other = await dr.other()
    targets = {"album_id": album_id, "operate_type": 1, "target_client_key_list": [other.key]}
    await lost(dr, "/album/authorize/", targets)
    assert dr.sim.drama_albums[album_id].authorized == {other.key}
    results = (await dr.ok("/album/authorize/", targets))["client_key_result_list"]
    assert results[0]["error_code"] == 22010  # the resend reports "already exists"
    counters = dr.sim.drama_counters
    assert (counters["online_versions_set"], counters["listing_changes"]) == (1, 1)
    assert counters["authorizations_changed"] == 1


async def test_a_lost_bind_acted_once(dr: DramaHttp) -> None:
    vid = await dr.video()
    data = await dr.ok(
        "/subtitle/",
        {"subtitle_url": "https://e.com/1.srt", "language": "en", "space_name": "s", **ACCOUNT},
    )
    dr.sim.finish_drama_job(data["job_id"])
    subtitle_id = dr.sim.drama.subtitles.jobs[data["job_id"]].subtitle_id
    await lost(dr, "/subtitle/bind/", {"vid": vid, "subtitle_id": subtitle_id})
    assert dr.sim.drama.subtitles.jobs[data["job_id"]].vid == vid
    assert dr.sim.drama_counters["subtitle_binds"] == 1


async def test_a_status_fault_acts_not_at_all(dr: DramaHttp) -> None:
    dr.sim.add_fault(
        FaultRule(route=f"POST {D}/album/create/", status=200, code="rate_limit_exceeded", times=1)
    )
    status, answer = await dr.post("/album/create/")
    assert (status, answer["error"]["code"]) == (200, "rate_limit_exceeded")
    assert dr.sim.drama_counters["albums_created"] == 0
    assert dr.sim.drama_albums == {}
