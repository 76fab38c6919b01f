"""Social/4 Comment Management: the platform side, the managed copy, syncs and the writes."""

from __future__ import annotations

import hashlib
from typing import Any

import aiohttp
import pytest

from tests.testing.conftest import Http
from trenz_async.testing import FaultRule

pytestmark = pytest.mark.anyio
C = "/open/v1/social/comments"
ACCOUNT = 4687  # a seeded TikTok account


def video_id(http: Http, index: int = 0) -> str:
    return http.sim.social_videos.for_account(ACCOUNT)[index].platform_video_id


async def ok(http: Http, path: str, body: dict[str, Any]) -> Any:
    status, answer = await http.post(C + path, body)
    assert status == 200, answer
    return answer["data"]


async def refused(http: Http, path: str, body: Any) -> tuple[str, str]:
    balance = http.sim.balance(http.key)
    status, answer = await http.post(C + path, body)
    assert status == 400, answer
    assert http.sim.balance(http.key) == balance  # a 400 costs nothing
    return answer["code"], answer["message"]


async def ids(http: Http, path: str, body: dict[str, Any]) -> list[str]:
    data = await ok(http, path, {**body, "page_size": 50})
    return [row["comment_id"] for row in data["items"]]


async def lost(http: Http, path: str, body: dict[str, Any]) -> None:
    """Send a write whose response is lost after it was acted on."""
    http.sim.add_fault(FaultRule(route=f"POST {C}{path}", lose_response=True, times=1))
    with pytest.raises((aiohttp.ServerDisconnectedError, aiohttp.ClientOSError)):
        await http.post(C + path, body)


async def test_sync_pulls_what_only_the_platform_had(http: Http) -> None:
    where = {"platform_account_id": ACCOUNT, "video_id": video_id(http)}
    managed = await ids(http, "/list", where)
    platform = await ids(http, "/realtime", {**where, "count": 50})
    unseen = [c for c in platform if c not in managed]
    assert unseen
    assert set(managed) < set(platform)
    data = await ok(http, "/sync", where)
    assert data["new_comments"] == len(unseen)
    assert data["video_count"] == 1
    assert data["synced_at"] == int(http.sim.clock.now())
    assert await ids(http, "/list", where) == platform
    assert (await ok(http, "/sync", where))["new_comments"] == 0
    assert http.sim.comment_writes["synced"] == data["new_comments"] + data["new_replies"]


async def test_new_comments_reach_the_platform_as_the_clock_moves(http: Http) -> None:
    where = {"platform_account_id": ACCOUNT, "video_id": video_id(http)}
    await ok(http, "/sync", {"platform_account_id": ACCOUNT})
    before = await ids(http, "/realtime", {**where, "count": 50})
    http.sim.clock.advance(6 * 3600)
    after = await ids(http, "/realtime", {**where, "count": 50})
    assert len(after) > len(before)
    assert await ids(http, "/list", where) == before
    data = await ok(http, "/sync", {"platform_account_id": ACCOUNT})
    assert data["new_comments"] >= len(after) - len(before)
    assert await ids(http, "/list", where) == after


async def test_realtime_cursor_walks_every_comment_once(http: Http) -> None:
    where = {"platform_account_id": ACCOUNT, "video_id": video_id(http)}
    everything = await ids(http, "/realtime", {**where, "count": 50})
    seen: list[str] = []
    cursor, more = 0, True
    while more:
        data = await ok(http, "/realtime", {**where, "cursor": cursor, "count": 3})
        seen += [row["comment_id"] for row in data["items"]]
        cursor, more = data["cursor"], data["has_more"]
    assert seen == everything
    times = [row["create_time"] for row in (await ok(http, "/realtime", where))["items"]]
    assert times == sorted(times, reverse=True)


async def test_managed_list_pages(http: Http) -> None:
    where = {"platform_account_id": ACCOUNT, "video_id": video_id(http)}
    status, answer = await http.post(C + "/list", {**where, "page": 1, "page_size": 2})
    assert status == 200
    assert (answer["page"], answer["page_size"]) == (1, 2)
    assert answer["total"] == answer["data"]["total_count"] >= len(answer["data"]["items"])
    code, message = await refused(http, "/list", {**where, "page_size": 51})
    assert (code, message) == ("PAGE_SIZE_EXCEEDED", "page_size must be between 1 and 50")


async def test_create_posts_on_both_sides(http: Http) -> None:
    where = {"platform_account_id": ACCOUNT, "video_id": video_id(http)}
    comment = await ok(http, "/create", {**where, "text": "Thanks for watching!"})
    assert comment["text"] == "Thanks for watching!"
    assert comment["author_name"] == http.sim.social_accounts.require(ACCOUNT).nickname
    assert comment["created_via_api"] is True
    assert (comment["parent_id"], comment["like_count"], comment["reply_count"]) == (None, 0, 0)
    assert comment["create_time"] == int(http.sim.clock.now())
    assert (await ids(http, "/list", where))[0] == comment["comment_id"]
    assert (await ids(http, "/realtime", where))[0] == comment["comment_id"]
    assert http.sim.counters["comments created"] == 1


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        ({"video_id": "1"}, "MISSING_PARAM", "platform_account_id is required"),
        ({"platform_account_id": ACCOUNT}, "MISSING_PARAM", "video_id is required"),
        ({"platform_account_id": ACCOUNT, "video_id": "V"}, "MISSING_PARAM", "text is required"),
        (
            {"platform_account_id": ACCOUNT, "video_id": "V", "text": ""},
            "MISSING_PARAM",
            "text is required",
        ),
        ({"platform_account_id": "4687", "video_id": "V", "text": "a"}, "INVALID_PARAM", "integer"),
        ({"platform_account_id": 1, "video_id": "V", "text": "a"}, "INVALID_PARAM", "account 1"),
        (
            {"platform_account_id": ACCOUNT, "video_id": "V", "text": "a"},
            "INVALID_PARAM",
            "video_id",
        ),
    ],
)
async def test_create_validation(http: Http, body: dict[str, Any], code: str, message: str) -> None:
    got_code, got_message = await refused(http, "/create", body)
    assert got_code == code
    assert message in got_message


@pytest.mark.parametrize("text", ["   ", "x" * 151, 5])
async def test_create_text_rule(http: Http, text: Any) -> None:
    body = {"platform_account_id": ACCOUNT, "video_id": video_id(http), "text": text}
    code, message = await refused(http, "/create", body)
    assert (code, message) == ("INVALID_PARAM", "text must be a string of 1 to 150 characters")


async def test_create_takes_150_characters(http: Http) -> None:
    body = {"platform_account_id": ACCOUNT, "video_id": video_id(http), "text": "x" * 150}
    assert (await ok(http, "/create", body))["text"] == "x" * 150


async def test_reply_counts_on_the_parent(http: Http) -> None:
    where = {"platform_account_id": ACCOUNT, "video_id": video_id(http)}
    await ok(http, "/sync", where)
    parent = (await ok(http, "/list", where))["items"][0]
    made = await ok(http, "/reply", {**where, "comment_id": parent["comment_id"], "text": "Yes!"})
    assert made["parent_id"] == parent["comment_id"]
    for path in ("/list", "/realtime"):
        first = (await ok(http, path, where))["items"][0]
        assert first["reply_count"] == parent["reply_count"] + 1
    thread = {**where, "comment_id": parent["comment_id"]}
    assert (await ids(http, "/replies", thread))[-1] == made["comment_id"]
    assert (await ids(http, "/replies/list", thread))[-1] == made["comment_id"]
    code, message = await refused(
        http, "/reply", {**thread, "comment_id": made["comment_id"], "text": "x"}
    )
    assert code == "INVALID_PARAM"
    assert message.startswith(f"comment_id {made['comment_id']} is a reply")
    assert http.sim.comment_writes["replied"] == 1


async def test_reply_counts_match_reply_lists(http: Http) -> None:
    where = {"platform_account_id": ACCOUNT, "video_id": video_id(http)}
    for row in (await ok(http, "/realtime", {**where, "count": 50}))["items"]:
        replies = await ok(http, "/replies", {**where, "comment_id": row["comment_id"]})
        assert len(replies["items"]) == row["reply_count"]
        assert all(r["parent_id"] == row["comment_id"] for r in replies["items"])


async def test_managed_replies_need_a_synced_comment(http: Http) -> None:
    where = {"platform_account_id": ACCOUNT, "video_id": video_id(http)}
    managed = set(await ids(http, "/list", where))
    fresh = next(c for c in await ids(http, "/realtime", where) if c not in managed)
    code, message = await refused(http, "/replies/list", {**where, "comment_id": fresh})
    assert (code, message) == (
        "INVALID_PARAM",
        f"comment_id {fresh} is not in the managed store yet; sync",
    )
    code, message = await refused(http, "/replies", {**where, "comment_id": "123"})
    assert "comment_id 123 is not a comment of video" in message


async def test_like_is_idempotent_and_unlike_undoes_it(http: Http) -> None:
    where = {"platform_account_id": ACCOUNT, "video_id": video_id(http)}
    first = (await ok(http, "/list", where))["items"][0]
    target = {"platform_account_id": ACCOUNT, "comment_id": first["comment_id"]}
    liked = await ok(http, "/like", target)
    assert (liked["like_count"], liked["liked_by_me"]) == (first["like_count"] + 1, True)
    again = await ok(http, "/like", {**target, "like": True})
    assert again["like_count"] == first["like_count"] + 1
    managed = (await ok(http, "/list", where))["items"][0]
    assert (managed["like_count"], managed["liked_by_me"]) == (first["like_count"] + 1, True)
    undone = await ok(http, "/like", {**target, "like": False})
    assert (undone["like_count"], undone["liked_by_me"]) == (first["like_count"], False)
    assert http.sim.comment_writes["liked"] == 1
    assert http.sim.comment_writes["unliked"] == 1
    code, message = await refused(http, "/like", {**target, "like": "yes"})
    assert (code, message) == ("INVALID_PARAM", "like must be true or false")
    code, message = await refused(http, "/like", {**target, "comment_id": "42"})
    assert message == f"comment_id 42 is not a comment of account {ACCOUNT}"


async def test_delete_only_what_the_api_made(http: Http) -> None:
    where = {"platform_account_id": ACCOUNT, "video_id": video_id(http)}
    seeded = (await ok(http, "/list", where))["items"][0]["comment_id"]
    code, message = await refused(http, "/delete", {"comment_id": seeded})
    assert code == "INVALID_PARAM"
    assert message == f"comment_id {seeded} was not made through the API; only those can be deleted"
    mine = (await ok(http, "/create", {**where, "text": "oops"}))["comment_id"]
    assert await ok(http, "/delete", {"comment_id": mine}) == {"comment_id": mine, "deleted": True}
    assert mine not in await ids(http, "/list", where)
    assert mine not in await ids(http, "/realtime", where)
    code, message = await refused(http, "/delete", {"comment_id": mine})
    assert (code, message) == ("INVALID_PARAM", f"comment_id {mine} was deleted")
    code, message = await refused(
        http, "/like", {"platform_account_id": ACCOUNT, "comment_id": mine}
    )
    assert message == f"comment_id {mine} was deleted"
    assert http.sim.counters["comments deleted"] == 1
    code, _ = await refused(http, "/delete", {})
    assert code == "MISSING_PARAM"


async def test_delete_checks_the_account_when_given(http: Http) -> None:
    where = {"platform_account_id": ACCOUNT, "video_id": video_id(http)}
    mine = (await ok(http, "/create", {**where, "text": "hi"}))["comment_id"]
    code, message = await refused(
        http, "/delete", {"comment_id": mine, "platform_account_id": 5678}
    )
    assert (code, message) == (
        "INVALID_PARAM",
        f"comment_id {mine} is not a comment of account 5678",
    )
    await ok(http, "/delete", {"comment_id": mine, "platform_account_id": ACCOUNT})


async def test_sync_validation(http: Http) -> None:
    assert await refused(http, "/sync", {}) == ("MISSING_PARAM", "platform_account_id is required")
    code, message = await refused(http, "/sync", {"platform_account_id": ACCOUNT, "video_id": "9"})
    assert (code, message) == ("INVALID_PARAM", f"video_id 9 is not a video of account {ACCOUNT}")
    code, _ = await refused(http, "/sync", [])
    assert code == "BAD_REQUEST"


async def test_lost_create_response_still_posts_once(http: Http) -> None:
    where = {"platform_account_id": ACCOUNT, "video_id": video_id(http)}
    before = await ids(http, "/list", where)
    await lost(http, "/create", {**where, "text": "only once"})
    after = await ok(http, "/list", {**where, "page_size": 50})
    assert len(after["items"]) == len(before) + 1
    assert after["items"][0]["text"] == "only once"
    assert http.sim.comment_writes["created"] == 1
    assert http.sim.balance(http.key) == 1_000_000 - 3


async def test_lost_writes_act_exactly_once(http: Http) -> None:
    where = {"platform_account_id": ACCOUNT, "video_id": video_id(http)}
    first = (await ok(http, "/list", where))["items"][0]
    await lost(http, "/like", {"platform_account_id": ACCOUNT, "comment_id": first["comment_id"]})
    again = await ok(
        http, "/like", {"platform_account_id": ACCOUNT, "comment_id": first["comment_id"]}
    )
    assert again["like_count"] == first["like_count"] + 1
    await lost(http, "/reply", {**where, "comment_id": first["comment_id"], "text": "re"})
    replies = await ok(http, "/replies/list", {**where, "comment_id": first["comment_id"]})
    assert [r["text"] for r in replies["items"]].count("re") == 1
    mine = (await ok(http, "/create", {**where, "text": "bye"}))["comment_id"]
    await lost(http, "/delete", {"comment_id": mine})
    assert mine not in await ids(http, "/list", where)
    await lost(http, "/sync", where)
    assert (await ok(http, "/sync", where))["new_comments"] == 0
    writes = http.sim.comment_writes
    assert (writes["liked"], writes["replied"], writes["created"], writes["deleted"]) == (
        1,
        1,
        1,
        1,
    )


async def publish_now(http: Http) -> str:
    """Publish a video to ACCOUNT through the API and return its platform video id."""
    presign = http.sim.storage.presign("clip.mp4")
    digest = hashlib.sha256(presign.key.encode()).hexdigest()
    http.sim.storage.store(presign, 3_000_000, digest, hashlib.md5(b"").hexdigest())
    body = {
        "video_title": "New",
        "bucket_name": presign.bucket,
        "bucket_key": presign.key,
        "publications": [{"platform_account_id": ACCOUNT}],
    }
    status, answer = await http.post("/open/v1/social/publish/upload-and-publish", body)
    assert status == 200, answer
    http.sim.clock.advance(11)
    return video_id(http)  # the newest video


async def test_a_video_published_later_gets_comments_from_then_on(http: Http) -> None:
    await ok(http, "/sync", {"platform_account_id": ACCOUNT})  # the old videos are read first
    new = await publish_now(http)
    where = {"platform_account_id": ACCOUNT, "video_id": new}
    assert await ids(http, "/realtime", where) == []
    assert await ids(http, "/list", where) == []
    http.sim.clock.advance(3 * 3600)
    arrived = await ids(http, "/realtime", where)
    assert len(arrived) >= 2
    mine = await ok(http, "/create", {**where, "text": "First!"})
    assert (await ids(http, "/list", where)) == [mine["comment_id"]]
