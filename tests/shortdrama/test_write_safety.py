"""Writes are never re-sent after a lost answer; reads are retried through a 503."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from tests.shortdrama.support import (
    ACCOUNT,
    FAST,
    SPACE,
    drama_requests,
    filled_album,
    ticking,
    upload_video,
)
from trenz_async import AmbiguousOutcomeError, BadRequestError, TikTokClient
from trenz_async.resources.shortdrama.paths import SHORTDRAMA_ENDPOINTS
from trenz_async.testing import FaultRule

pytestmark = pytest.mark.anyio
Send = Callable[[], Awaitable[object]]
Setup = Callable[[TikTokClient, Any], Awaitable[Send]]


async def _image(tiktok: TikTokClient, sim: Any) -> Send:
    return lambda: tiktok.shortdrama.images.create(image_url="https://cdn.example.com/a.jpg")


async def _video(tiktok: TikTokClient, sim: Any) -> Send:
    return lambda: tiktok.shortdrama.videos.upload(
        url="https://media.example.com/a.mp4",
        title="a",
        space_name=SPACE,
        byteplus_account_id=ACCOUNT,
    )


async def _subtitle(tiktok: TikTokClient, sim: Any) -> Send:
    return lambda: tiktok.shortdrama.subtitles.upload(
        subtitle_url="https://media.example.com/a.srt",
        language="en",
        space_name=SPACE,
        byteplus_account_id=ACCOUNT,
    )


async def _bind(tiktok: TikTokClient, sim: Any) -> Send:
    video = await upload_video(tiktok, sim)
    job = await tiktok.shortdrama.subtitles.upload(
        subtitle_url="https://media.example.com/a.srt",
        language="en",
        space_name=SPACE,
        byteplus_account_id=ACCOUNT,
    )
    done = await job.wait(timeout=5, policy=FAST, on_poll=ticking(sim))
    vid, subtitle_id = str(video.vid), str(done.subtitle_id)
    return lambda: tiktok.shortdrama.subtitles.bind(vid=vid, subtitle_id=subtitle_id)


async def _create(tiktok: TikTokClient, sim: Any) -> Send:
    return tiktok.shortdrama.albums.create


async def _update(tiktok: TikTokClient, sim: Any) -> Send:
    album_id, _ = await filled_album(tiktok, sim)
    return lambda: tiktok.shortdrama.albums.update(
        album_id=album_id, version=1, album_info={"title": "v2"}, episode_info_list=[]
    )


async def _authorize(tiktok: TikTokClient, sim: Any) -> Send:
    album_id, _ = await filled_album(tiktok, sim)
    friend, _ = sim.create_tiktok_client()
    return lambda: tiktok.shortdrama.albums.authorize(
        album_id=album_id, operate_type=1, target_client_key_list=[friend]
    )


async def _approved(tiktok: TikTokClient, sim: Any) -> str:
    album_id, _ = await filled_album(tiktok, sim)
    review = await tiktok.shortdrama.albums.submit_review(album_id=album_id, version=1)
    sim.decide_drama_review(review.review_id)
    return album_id


async def _online(tiktok: TikTokClient, sim: Any) -> Send:
    album_id = await _approved(tiktok, sim)
    return lambda: tiktok.shortdrama.albums.set_online_version(album_id=album_id, version=1)


async def _status(tiktok: TikTokClient, sim: Any) -> Send:
    album_id = await _approved(tiktok, sim)
    await tiktok.shortdrama.albums.set_online_version(album_id=album_id, version=1)
    return lambda: tiktok.shortdrama.albums.status(album_id=album_id, status=1)


async def _submit(tiktok: TikTokClient, sim: Any) -> Send:
    album_id, _ = await filled_album(tiktok, sim)
    return lambda: tiktok.shortdrama.albums.submit_review(
        album_id=album_id, version=1, priority_score=1
    )


async def _appeal(tiktok: TikTokClient, sim: Any) -> Send:
    album_id, _ = await filled_album(tiktok, sim)
    sim.drama_review_outcome(album_id, approve=False)
    review = await tiktok.shortdrama.albums.submit_review(album_id=album_id, version=1)
    sim.decide_drama_review(review.review_id)
    return lambda: tiktok.shortdrama.albums.appeal(
        album_id=album_id,
        review_id=str(review.review_id),
        appeal_item_type=1,
        item_id=album_id,
        appeal_reason="it follows the policy",
    )


async def _withdraw(tiktok: TikTokClient, sim: Any) -> Send:
    album_id, _ = await filled_album(tiktok, sim)
    await tiktok.shortdrama.albums.submit_review(album_id=album_id, version=1)
    return lambda: tiktok.shortdrama.albums.withdraw_review(album_id=album_id, version=1)


WRITES: dict[str, tuple[str, str, Setup]] = {
    "Create Image": ("/image", "images", _image),
    "Upload Video": ("/video", "videos", _video),
    "Upload subtitles": ("/subtitle/", "subtitles", _subtitle),
    "Bind Subtitles": ("/subtitle/bind/", "subtitle_binds", _bind),
    "Create a play": ("/album/create/", "albums_created", _create),
    "Edit Play": ("/album/update/", "album_updates", _update),
    "Episode Authorization": ("/album/authorize/", "authorizations_changed", _authorize),
    "Set the online version": ("/album/online_version/", "online_versions_set", _online),
    "Show listing and delisting": ("/album/status/", "listing_changes", _status),
    "Submitted Drama for Moderation": ("/album/review/submit/", "reviews_submitted", _submit),
    "Appeal": ("/album/review/appeal/", "appeals", _appeal),
    "Withdraw for review": ("/album/review/withdraw/", "withdrawals", _withdraw),
}


def test_every_write_endpoint_is_covered_here() -> None:
    writes = {name for name, e in SHORTDRAMA_ENDPOINTS.items() if e.safety == "write"}
    assert writes == set(WRITES)


@pytest.mark.parametrize("name", sorted(WRITES))
async def test_a_write_whose_answer_is_lost_is_ambiguous_and_acted_on_once(
    name: str, tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    path, counter, setup = WRITES[name]
    send = await setup(tiktok, trenz_simulator)
    route = f"POST /v2/sg/shortdrama{path}"
    acted, sent = trenz_simulator.drama_counters[counter], trenz_simulator.counters.get(route, 0)
    trenz_simulator.add_fault(FaultRule(route=route, lose_response=True, times=1))
    with pytest.raises(AmbiguousOutcomeError) as caught:
        await send()
    assert (caught.value.method, caught.value.path) == ("POST", f"/v2/sg/shortdrama{path}")
    assert trenz_simulator.drama_counters[counter] == acted + 1
    assert trenz_simulator.counters[route] == sent + 1  # sent once, not re-sent
    assert drama_requests(trenz_simulator)[-1].status is None  # the answer was lost


async def test_a_lost_update_sent_again_is_refused_by_the_version_guard(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    send = await _update(tiktok, trenz_simulator)
    trenz_simulator.add_fault(
        FaultRule(route="POST /v2/sg/shortdrama/album/update/", lose_response=True, times=1)
    )
    with pytest.raises(AmbiguousOutcomeError):
        await send()
    with pytest.raises(BadRequestError, match="version 1 is stale"):
        await send()  # the client did not see version 2: the service refuses it
    assert trenz_simulator.drama_counters["album_updates"] == 2  # the fill and the lost one


async def test_a_lost_urgent_submission_still_counts_against_the_day(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    send = await _submit(tiktok, trenz_simulator)
    trenz_simulator.add_fault(
        FaultRule(route="POST /v2/sg/shortdrama/album/review/submit/", lose_response=True, times=1)
    )
    with pytest.raises(AmbiguousOutcomeError):
        await send()
    assert tiktok.shortdrama.albums.urgent.used == 1


@pytest.mark.parametrize("path", ["/video", "/album/query/", "/subtitle/"])
async def test_a_read_is_retried_through_a_503(
    path: str, tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    video = await upload_video(tiktok, trenz_simulator)
    album_id, _ = await filled_album(tiktok, trenz_simulator)
    reads: dict[str, Send] = {
        "/video": lambda: tiktok.shortdrama.videos.get(vid=video.vid, byteplus_account_id=ACCOUNT),
        "/album/query/": lambda: tiktok.shortdrama.albums.get(album_id=album_id),
        "/subtitle/": lambda: tiktok.shortdrama.subtitles.get(
            vid=video.vid, byteplus_account_id=ACCOUNT
        ),
    }
    expected = await reads[path]()
    route = f"GET /v2/sg/shortdrama{path}"
    trenz_simulator.add_fault(FaultRule(route=route, status=503, times=1))
    assert await reads[path]() == expected
    assert [e.status for e in drama_requests(trenz_simulator)[-2:]] == [503, 200]
