"""Short-drama moderation, online version and listing: working days, outcomes, appeal, withdraw."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from tests.testing.test_tiktok_drama_support import DramaHttp, dr, error_of
from trenz_async.testing.tiktok import drama_review as review
from trenz_async.testing.tiktok.drama_albums import Episode, Version

__all__ = ["dr"]
pytestmark = pytest.mark.anyio
UTC = datetime.UTC
MONDAY = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=UTC).timestamp()
FRIDAY = MONDAY + 4 * 86_400
HOUR = 3600.0


def test_working_days_skip_the_weekend() -> None:
    assert review.add_working_days(MONDAY, 1) == MONDAY + 86_400
    assert review.add_working_days(FRIDAY, 1) == FRIDAY + 3 * 86_400  # Monday 10:00
    assert review.add_working_days(FRIDAY + 86_400, 1) == FRIDAY + 3 * 86_400  # from Saturday
    assert review.add_working_days(FRIDAY, 3) == FRIDAY + 5 * 86_400  # Wednesday


def test_the_review_table_refuses_illegal_edges() -> None:
    version = Version(1, {"title": "t"}, [])
    review.move(version, review.UNDER_REVIEW)
    review.move(version, review.REJECTED)
    with pytest.raises(ValueError, match="review status cannot go from rejected to approved"):
        review.move(version, review.APPROVED)
    review.move(version, review.APPEALING)
    review.move(version, review.APPEAL_APPROVED)
    assert review.REVIEW_TRANSITIONS[review.APPEAL_APPROVED] == frozenset()


async def submit(dr: DramaHttp, album_id: int, version: int = 1, priority: int = 2) -> int:
    body = {"album_id": album_id, "version": version, "priority_score": priority}
    data = await dr.ok("/album/review/submit/", body)
    assert data["result_type"] == 1
    return int(data["review_id"])


async def review_status(dr: DramaHttp, album_id: int, version: int = 1) -> int:
    data = await dr.ok_get("/album/query/", album_id=album_id, version=version)
    return int(data["album_version_list"][0]["review_status"])


async def test_urgent_review_is_decided_after_one_working_day(dr: DramaHttp) -> None:
    dr.sim.clock.set(FRIDAY)
    album_id, _ = await dr.filled()
    review_id = await submit(dr, album_id, priority=1)
    assert len(str(review_id)) == 19
    assert await review_status(dr, album_id) == 1
    dr.sim.clock.set(FRIDAY + 3 * 86_400 - HOUR)  # Monday 09:00
    assert await review_status(dr, album_id) == 1
    dr.sim.clock.advance(HOUR + 5)  # the submit came a moment after Friday 10:00
    assert await review_status(dr, album_id) == 2
    assert dr.sim.drama_counters["reviews_submitted"] == 1


async def test_normal_review_takes_one_to_three_working_days(dr: DramaHttp) -> None:
    dr.sim.clock.set(MONDAY)
    album_id, _ = await dr.filled()
    await submit(dr, album_id)
    dr.sim.clock.set(MONDAY + 86_400 - 1)
    assert await review_status(dr, album_id) == 1
    dr.sim.clock.set(MONDAY + 3 * 86_400 + 5)
    assert await review_status(dr, album_id) == 2


async def test_a_title_with_reject_is_rejected_and_an_arranged_outcome_wins(
    dr: DramaHttp,
) -> None:
    album_id, _ = await dr.filled(title="Please REJECT me")
    review_id = await submit(dr, album_id)
    assert dr.sim.decide_drama_review(review_id) == 3
    other_id, _ = await dr.filled()
    dr.sim.drama_review_outcome(other_id, approve=False)
    dr.sim.decide_drama_review(await submit(dr, other_id))
    assert await review_status(dr, other_id) == 3


async def test_online_version_needs_an_approved_version_and_listing_needs_online(
    dr: DramaHttp,
) -> None:
    album_id, _ = await dr.filled()
    body = {"album_id": album_id, "version": 1}
    status, answer = await dr.post("/album/online_version/", body)
    assert (status, error_of(answer)[0]) == (400, "invalid_request")
    assert "has not passed moderation (review_status 0)" in error_of(answer)[1]
    status, answer = await dr.post("/album/status/", {"album_id": album_id, "status": 1})
    assert error_of(answer) == (
        "invalid_request",
        f"play {album_id} has no online version: set one before (de)listing",
    )
    dr.sim.decide_drama_review(await submit(dr, album_id))
    assert await dr.ok("/album/online_version/", body) == {
        "album_id": album_id,
        "online_version": 1,
    }
    for status_value in (1, 1, 2):
        data = await dr.ok("/album/status/", {"album_id": album_id, "status": status_value})
        assert data == {"album_id": album_id, "status": status_value}
    [entry] = (await dr.ok_get("/album/query/", album_id=album_id))["album_version_list"]
    assert (entry["online_version"], entry["publish_status"]) == (1, 2)
    assert entry["album_info"]["publish_status"] == 2
    counters = dr.sim.drama_counters
    assert (counters["online_versions_set"], counters["listing_changes"]) == (1, 2)


async def test_appeal_only_for_a_rejected_review(dr: DramaHttp) -> None:
    album_id, first = await dr.filled(title="reject this")
    review_id = await submit(dr, album_id)
    episode_id = first["episode_id_map"]["seq_1"]
    appeal: dict[str, Any] = {
        "album_id": album_id,
        "review_id": review_id,
        "appeal_item_type": 2,
        "item_id": episode_id,
        "appeal_reason": "this content should pass policy review",
        "attachment_urls": ["https://example.com/appeal-1.png"],
    }
    status, answer = await dr.post("/album/review/appeal/", appeal)
    assert (status, error_of(answer)[0]) == (400, "invalid_request")
    assert "under review: it cannot become appealing" in error_of(answer)[1]
    dr.sim.decide_drama_review(review_id)
    assert await dr.ok("/album/review/appeal/", appeal) == {}
    assert await review_status(dr, album_id) == 5
    status, answer = await dr.post("/album/review/appeal/", appeal)
    assert error_of(answer)[0] == "invalid_request"  # one appeal per rejection
    assert dr.sim.decide_drama_review(review_id) == 6
    assert await dr.ok("/album/online_version/", {"album_id": album_id, "version": 1})
    assert dr.sim.drama_counters["appeals"] == 1


@pytest.mark.parametrize(
    ("change", "code", "message"),
    [
        ({"attachment_urls": ["https://e.com/a.png"] * 11}, "invalid_params",
         "attachment_urls must be an array of at most 10 strings"),
        ({"attachment_urls": ["nope"]}, "invalid_params",
         "attachment_urls[0] must be an http or https URL"),
        ({"appeal_item_type": 1, "item_id": "1"}, "invalid_params",
         "item_id must be the album_id when appeal_item_type is 1"),
        ({"item_id": "42"}, "invalid_params", "item_id 42 is not an episode of version 1"),
        ({"appeal_reason": ""}, "invalid_params",
         "appeal_reason must be a non-empty string of at most 2000 characters"),
        ({"appeal_item_type": 3}, "invalid_params", "appeal_item_type must be one of 1, 2"),
    ],
)  # fmt: skip
async def test_appeal_fields_are_checked(
    dr: DramaHttp, change: dict[str, Any], code: str, message: str
) -> None:
    album_id, first = await dr.filled(title="reject")
    review_id = await submit(dr, album_id)
    dr.sim.decide_drama_review(review_id)
    body = {
        "album_id": album_id,
        "review_id": review_id,
        "appeal_item_type": 2,
        "item_id": first["episode_id_map"]["seq_1"],
        "appeal_reason": "fine",
    }
    status, answer = await dr.post("/album/review/appeal/", body | change)
    assert (status, error_of(answer)) == (400, (code, message))
    assert await review_status(dr, album_id) == 3


async def test_an_appeal_reason_with_reject_is_rejected(dr: DramaHttp) -> None:
    album_id, _ = await dr.filled(title="reject")
    review_id = await submit(dr, album_id)
    dr.sim.decide_drama_review(review_id)
    body = {"album_id": album_id, "review_id": review_id, "appeal_item_type": 1}
    await dr.ok("/album/review/appeal/", body | {"item_id": album_id, "appeal_reason": "reject"})
    dr.sim.clock.advance(5 * 86_400)  # 2 working days at most
    assert await review_status(dr, album_id) == 7


async def test_withdraw_only_while_under_review_then_resubmit(dr: DramaHttp) -> None:
    album_id, _ = await dr.filled()
    body = {"album_id": album_id, "version": 1}
    status, answer = await dr.post("/album/review/withdraw/", body)
    assert (status, error_of(answer)[0]) == (400, "invalid_request")
    first = await submit(dr, album_id)
    assert await dr.ok("/album/review/withdraw/", body) == {}
    assert await review_status(dr, album_id) == 4
    dr.sim.clock.advance(10 * 86_400)
    assert await review_status(dr, album_id) == 4  # a withdrawn review is never decided
    second = await submit(dr, album_id)
    assert second != first
    assert await review_status(dr, album_id) == 1
    assert dr.sim.drama_counters["withdrawals"] == 1


async def test_one_version_per_album_under_review(dr: DramaHttp) -> None:
    album_id, _ = await dr.filled()
    await submit(dr, album_id)
    await dr.ok("/album/update/", {"album_id": album_id, "version": 1, "episode_info_list": []})
    _, answer = await dr.post("/album/review/submit/", {"album_id": album_id, "version": 2})
    assert error_of(answer) == (
        "invalid_request",
        f"version 1 of play {album_id} is already under moderation",
    )
    empty = await dr.album()
    _, answer = await dr.post("/album/review/submit/", {"album_id": empty, "version": 1})
    assert error_of(answer) == (
        "invalid_request",
        "version 1 has no album_info or no episodes to review",
    )


async def test_35_urgent_submissions_per_organisation_per_day(dr: DramaHttp) -> None:
    dr.sim.clock.set(MONDAY)
    other = await dr.other()
    dr.sim.set_drama_organisation(dr.key, "studio")
    dr.sim.set_drama_organisation(other.key, "studio")
    pic = await dr.image()
    for n in range(35):
        client = dr if n % 2 else other
        album_id = await client.album()
        version = dr.sim.drama_albums[album_id].versions[1]  # content without 35 uploads
        version.album_info, version.episodes = (
            {"title": f"x{n}"},
            [Episode("1", "e", 1, [pic], "v")],
        )
        await submit(client, album_id, priority=1)
    album_id, _ = await dr.filled()
    body = {"album_id": album_id, "version": 1, "priority_score": 1}
    status, answer = await dr.post("/album/review/submit/", body)
    assert (status, error_of(answer)[0]) == (400, "invalid_request")
    assert error_of(answer)[1].startswith("urgent moderation quota used up: 35 per organisation")
    await submit(dr, album_id, priority=2)  # normal priority is still accepted
    dr.sim.clock.set(MONDAY + 14 * HOUR)  # 00:00 UTC on Tuesday
    await dr.ok("/album/review/withdraw/", {"album_id": album_id, "version": 1})
    await submit(dr, album_id, priority=1)


async def test_a_decided_version_cannot_be_withdrawn(dr: DramaHttp) -> None:
    album_id, _ = await dr.filled()
    dr.sim.decide_drama_review(await submit(dr, album_id))
    status, answer = await dr.post("/album/review/withdraw/", {"album_id": album_id, "version": 1})
    assert (status, error_of(answer)) == (
        400,
        (
            "invalid_request",
            "version 1 is approved: it cannot become withdrawn "
            "(only a version under review can be withdrawn)",
        ),
    )
    assert await review_status(dr, album_id) == 2


async def test_no_appeal_while_another_version_is_under_review(dr: DramaHttp) -> None:
    album_id, _ = await dr.filled(title="reject")
    review_id = await submit(dr, album_id)
    dr.sim.decide_drama_review(review_id)
    await dr.ok("/album/update/", {"album_id": album_id, "version": 1, "episode_info_list": []})
    await submit(dr, album_id, version=2)
    body = {"album_id": album_id, "review_id": review_id, "appeal_item_type": 1}
    body |= {"item_id": album_id, "appeal_reason": "fine"}
    _, answer = await dr.post("/album/review/appeal/", body)
    assert error_of(answer) == (
        "invalid_request",
        f"version 2 of play {album_id} is already under moderation",
    )
    assert await review_status(dr, album_id) == 3
