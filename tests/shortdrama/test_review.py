"""Moderation over HTTP: working days on the sim clock, appeal, withdraw, 35 urgent a day."""

from __future__ import annotations

from typing import Any

import pytest

from tests.shortdrama.support import (
    DAY,
    INFO,
    cover,
    drama_requests,
    filled_album,
    refused_before_sending,
    tiktok_client,
    upload_video,
)
from trenz_async import BadRequestError, TikTokClient
from trenz_async.models.shortdrama import PriorityScore, ReviewStatus
from trenz_async.testing import FaultRule

pytestmark = pytest.mark.anyio


async def _status(tiktok: TikTokClient, album_id: str, version: int = 1) -> ReviewStatus | None:
    album = await tiktok.shortdrama.albums.get(album_id=album_id, version=version)
    entry = album.version(version)
    assert entry is not None
    return entry.review


async def test_an_urgent_review_is_approved_after_one_working_day(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    album_id, _ = await filled_album(tiktok, trenz_simulator)
    submitted = await tiktok.shortdrama.albums.submit_review(
        album_id=album_id, version=1, priority_score=PriorityScore.URGENT
    )
    assert submitted.review_id is not None
    assert len(submitted.review_id) == 19
    assert drama_requests(trenz_simulator)[-1].json == {
        "client_key": tiktok.client_key,
        "album_id": int(album_id),
        "version": 1,
        "priority_score": 1,
    }
    assert tiktok.shortdrama.albums.urgent.used == 1
    assert await _status(tiktok, album_id) is ReviewStatus.UNDER_REVIEW
    trenz_simulator.clock.advance(DAY - 60)
    assert await _status(tiktok, album_id) is ReviewStatus.UNDER_REVIEW
    trenz_simulator.clock.advance(120)
    assert await _status(tiktok, album_id) is ReviewStatus.APPROVED


async def test_a_normal_review_takes_at_most_three_working_days(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    album_id, _ = await filled_album(tiktok, trenz_simulator)
    await tiktok.shortdrama.albums.submit_review(album_id=album_id, version=1)
    assert "priority_score" not in drama_requests(trenz_simulator)[-1].json
    assert tiktok.shortdrama.albums.urgent.used == 0
    trenz_simulator.clock.advance(DAY - 60)
    assert await _status(tiktok, album_id) is ReviewStatus.UNDER_REVIEW
    trenz_simulator.clock.advance(2 * DAY + 120)  # Thursday 10:01
    assert await _status(tiktok, album_id) is ReviewStatus.APPROVED


async def test_a_rejected_play_can_be_appealed(tiktok: TikTokClient, trenz_simulator: Any) -> None:
    album_id, _ = await filled_album(tiktok, trenz_simulator, title="to reject")
    submitted = await tiktok.shortdrama.albums.submit_review(album_id=album_id, version=1)
    assert submitted.review_id is not None
    trenz_simulator.clock.advance(3 * DAY + 60)  # Thursday 10:01: decided by now
    assert await _status(tiktok, album_id) is ReviewStatus.REJECTED
    attachments = [f"https://example.com/appeal-{n}.png" for n in range(10)]
    await tiktok.shortdrama.albums.appeal(
        album_id=album_id,
        review_id=submitted.review_id,
        appeal_item_type=1,
        item_id=album_id,
        appeal_reason="this content should pass policy review",
        attachment_urls=attachments,
    )
    sent = drama_requests(trenz_simulator)[-1].json
    assert sent["review_id"] == int(submitted.review_id)
    assert sent["item_id"] == album_id
    assert sent["attachment_urls"] == attachments
    assert await _status(tiktok, album_id) is ReviewStatus.APPEALING
    trenz_simulator.clock.advance(2 * DAY + 60)  # Thursday + 2 days: Saturday, no decision
    assert await _status(tiktok, album_id) is ReviewStatus.APPEALING
    trenz_simulator.clock.advance(2 * DAY)  # Monday: the second working day
    assert await _status(tiktok, album_id) is ReviewStatus.APPEAL_APPROVED
    assert trenz_simulator.drama_counters["appeals"] == 1
    online = await tiktok.shortdrama.albums.set_online_version(album_id=album_id, version=1)
    assert online.online_version == 1


async def test_an_episode_is_appealed_by_its_episode_id(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    album_id, _ = await filled_album(tiktok, trenz_simulator)
    trenz_simulator.drama_review_outcome(album_id, approve=False)
    submitted = await tiktok.shortdrama.albums.submit_review(album_id=album_id, version=1)
    assert submitted.review_id is not None
    assert trenz_simulator.decide_drama_review(submitted.review_id) == ReviewStatus.REJECTED
    version = (await tiktok.shortdrama.albums.get(album_id=album_id)).version(1)
    assert version is not None
    episode_id = version.episodes[0].episode_id
    assert episode_id is not None
    await tiktok.shortdrama.albums.appeal(
        album_id=album_id,
        review_id=submitted.review_id,
        appeal_item_type=2,
        item_id=episode_id,
        appeal_reason="please reject this appeal",
    )
    trenz_simulator.clock.advance(2 * DAY + 60)
    assert await _status(tiktok, album_id) is ReviewStatus.APPEAL_REJECTED


async def test_appealing_a_review_that_was_not_rejected_is_the_services_refusal(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    album_id, _ = await filled_album(tiktok, trenz_simulator)
    submitted = await tiktok.shortdrama.albums.submit_review(album_id=album_id, version=1)
    assert submitted.review_id is not None
    with pytest.raises(BadRequestError, match="only rejected moderation results") as caught:
        await tiktok.shortdrama.albums.appeal(
            album_id=album_id,
            review_id=submitted.review_id,
            appeal_item_type=1,
            item_id=album_id,
            appeal_reason="too early",
        )
    assert caught.value.code == "invalid_request"


async def test_a_review_can_be_withdrawn_and_submitted_again(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    album_id, _ = await filled_album(tiktok, trenz_simulator)
    await tiktok.shortdrama.albums.submit_review(album_id=album_id, version=1)
    await tiktok.shortdrama.albums.withdraw_review(album_id=album_id, version=1)
    assert drama_requests(trenz_simulator)[-1].json == {
        "client_key": tiktok.client_key,
        "album_id": int(album_id),
        "version": 1,
    }
    assert await _status(tiktok, album_id) is ReviewStatus.WITHDRAWN
    with pytest.raises(BadRequestError, match="only a version under review can be withdrawn"):
        await tiktok.shortdrama.albums.withdraw_review(album_id=album_id, version=1)
    again = await tiktok.shortdrama.albums.submit_review(album_id=album_id, version=1)
    assert again.review_id is not None
    assert await _status(tiktok, album_id) is ReviewStatus.UNDER_REVIEW
    assert trenz_simulator.drama_counters["withdrawals"] == 1


async def test_an_empty_answer_to_a_withdrawal_is_its_success(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    # Seed 002: withdraw returns "only a generic success response"; an empty HTTP 200 is one
    # (before, a write answered so raised AmbiguousOutcomeError).
    album_id, _ = await filled_album(tiktok, trenz_simulator)
    await tiktok.shortdrama.albums.submit_review(album_id=album_id, version=1)
    route = "POST /v2/sg/shortdrama/album/review/withdraw/"
    trenz_simulator.add_fault(FaultRule(route=route, status=200, raw_body="", times=1))
    assert await tiktok.shortdrama.albums.withdraw_review(album_id=album_id, version=1) is None


async def _plays(tiktok: TikTokClient, sim: Any, count: int) -> list[str]:
    """``count`` filled plays sharing one cover and one video (cheap to make)."""
    pic, video = await cover(tiktok), await upload_video(tiktok, sim)
    episode = {"title": "ep 1", "seq": 1, "cover_list": [pic], "byteplus_vid": video.vid}
    info = {"title": "demo", "cover_list": [pic], "language": 2, "seq_num": 1}
    info |= {"year": 2026, "desp": "", "drama_type": INFO.drama_type}
    ids = []
    for _ in range(count):
        created = await tiktok.shortdrama.albums.create()
        assert created.album_id is not None
        await tiktok.shortdrama.albums.update(
            album_id=created.album_id, album_info=info, episode_info_list=[episode]
        )
        ids.append(created.album_id)
    return ids


async def test_the_36th_urgent_review_of_the_day_is_refused_before_sending(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    *plays, last = await _plays(tiktok, trenz_simulator, 36)
    for album_id in plays:
        await tiktok.shortdrama.albums.submit_review(album_id=album_id, version=1, priority_score=1)
    assert tiktok.shortdrama.albums.urgent.used == 35
    error = refused_before_sending(
        trenz_simulator,
        "priority_score",
        tiktok.shortdrama.albums.submit_review,
        album_id=last,
        version=1,
        priority_score=1,
    )
    assert "at most 35 urgent" in error.rule
    assert "priority_score=2" in error.rule
    normal = await tiktok.shortdrama.albums.submit_review(
        album_id=last, version=1, priority_score=2
    )
    assert normal.review_id is not None
    assert trenz_simulator.drama_counters["reviews_submitted"] == 36


async def test_the_services_urgent_quota_refusal_is_a_bad_request_and_is_not_counted(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    key, secret = trenz_simulator.create_tiktok_client(rate_limit_per_minute=None)
    trenz_simulator.set_drama_organisation(key, "studio")
    trenz_simulator.set_drama_organisation(tiktok.client_key, "studio")
    async with tiktok_client(trenz_simulator, key, secret) as colleague:
        for album_id in await _plays(colleague, trenz_simulator, 35):
            await colleague.shortdrama.albums.submit_review(
                album_id=album_id, version=1, priority_score=1
            )
    [mine] = await _plays(tiktok, trenz_simulator, 1)
    with pytest.raises(BadRequestError, match="urgent moderation quota used up") as caught:
        await tiktok.shortdrama.albums.submit_review(album_id=mine, version=1, priority_score=1)
    assert caught.value.code == "invalid_request"
    assert tiktok.shortdrama.albums.urgent.used == 0
