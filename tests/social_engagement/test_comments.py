"""``trenz.social.comments`` against the simulator's comment store, over HTTP."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.helpers import assert_refused_before_sending
from tests.social_engagement.conftest import TIKTOK, sent
from trenz_async import TrenzClient
from trenz_async.errors import AmbiguousOutcomeError, InvalidParamError, ResponseDecodeError
from trenz_async.models.social import Comment, CommentDeleted, CommentSync
from trenz_async.pagination import CursorPage, CursorPager, Pager, has_more_flag
from trenz_async.testing import FaultRule

pytestmark = pytest.mark.anyio
V = "/open/v1/social/comments"


async def _commented(client: TrenzClient, video_id: str, *, with_replies: bool) -> Comment:
    """A seeded top-level comment of the managed store (with replies when asked)."""
    page = await client.social.comments.list(
        platform_account_id=TIKTOK, video_id=video_id, page_size=50
    )
    for comment in page.items:
        if not comment.created_via_api and bool(comment.reply_count) == with_replies:
            return comment
    raise AssertionError("the seeded video has no such comment")


# -- round trips ---------------------------------------------------------------------------


async def test_create_posts_a_comment_the_managed_list_shows_first(
    client: TrenzClient, trenz_simulator: Any, video_id: str
) -> None:
    before = await client.social.comments.list(platform_account_id=TIKTOK, video_id=video_id)
    made = await client.social.comments.create(
        platform_account_id=TIKTOK, video_id=video_id, text="  Love this lamp!"
    )
    assert isinstance(made, Comment)
    assert (made.text, made.video_id, made.platform_account_id) == (
        "  Love this lamp!",
        video_id,
        TIKTOK,
    )
    assert (made.parent_id, made.is_reply, made.created_via_api, made.reply_count) == (
        None,
        False,
        True,
        0,
    )
    assert made.create_time == int(trenz_simulator.clock.now())
    after = await client.social.comments.list(platform_account_id=TIKTOK, video_id=video_id)
    assert after.total == before.total + 1
    assert after.items[0] == made
    live = await client.social.comments.realtime(platform_account_id=TIKTOK, video_id=video_id)
    assert live.items[0].comment_id == made.comment_id
    assert trenz_simulator.comment_writes["created"] == 1


async def test_reply_raises_the_parents_reply_count_and_lists_last(
    client: TrenzClient, trenz_simulator: Any, video_id: str
) -> None:
    parent = await _commented(client, video_id, with_replies=True)
    reply = await client.social.comments.reply(
        platform_account_id=TIKTOK, video_id=video_id, comment_id=parent.comment_id, text="Thanks!"
    )
    assert (reply.parent_id, reply.is_reply, reply.text) == (parent.comment_id, True, "Thanks!")
    again = await _find(client, video_id, parent.comment_id)
    assert again.reply_count == (parent.reply_count or 0) + 1
    managed = await client.social.comments.replies(
        platform_account_id=TIKTOK, video_id=video_id, comment_id=parent.comment_id
    ).collect()
    assert managed[-1] == reply
    assert all(r.parent_id == parent.comment_id for r in managed)
    assert len(managed) == again.reply_count
    assert trenz_simulator.comment_writes["replied"] == 1


async def _find(client: TrenzClient, video_id: str, comment_id: str) -> Comment:
    async for comment in client.social.comments.list(
        platform_account_id=TIKTOK, video_id=video_id, page_size=50
    ):
        if comment.comment_id == comment_id:
            return comment
    raise AssertionError(f"{comment_id} is not listed")


async def test_replying_to_a_reply_is_refused_by_the_service(
    client: TrenzClient, video_id: str
) -> None:
    parent = await _commented(client, video_id, with_replies=False)
    reply = await client.social.comments.reply(
        platform_account_id=TIKTOK, video_id=video_id, comment_id=parent.comment_id, text="hi"
    )
    with pytest.raises(InvalidParamError) as caught:
        await client.social.comments.reply(
            platform_account_id=TIKTOK, video_id=video_id, comment_id=reply.comment_id, text="x"
        )
    assert caught.value.code == "INVALID_PARAM"
    assert f"comment_id {reply.comment_id} is a reply" in caught.value.message


async def test_like_twice_counts_once_and_unlike_takes_it_back(
    client: TrenzClient, trenz_simulator: Any, video_id: str
) -> None:
    target = await _commented(client, video_id, with_replies=False)
    comments = client.social.comments
    first = await comments.like(platform_account_id=TIKTOK, comment_id=target.comment_id)
    second = await comments.like(platform_account_id=TIKTOK, comment_id=target.comment_id)
    assert first.like_count == second.like_count == (target.like_count or 0) + 1
    assert first.liked_by_me is second.liked_by_me is True
    assert trenz_simulator.comment_writes["liked"] == 1
    undone = await comments.like(
        platform_account_id=TIKTOK, comment_id=target.comment_id, like=False
    )
    assert (undone.like_count, undone.liked_by_me) == (target.like_count, False)
    assert sent(trenz_simulator, "/comments/like")[-1].json["like"] is False


async def test_delete_removes_an_api_comment_and_a_second_delete_says_it_was_deleted(
    client: TrenzClient, trenz_simulator: Any, video_id: str
) -> None:
    made = await client.social.comments.create(
        platform_account_id=TIKTOK, video_id=video_id, text="oops"
    )
    gone = await client.social.comments.delete(comment_id=made.comment_id)
    assert isinstance(gone, CommentDeleted)
    assert (gone.comment_id, gone.deleted) == (made.comment_id, True)
    page = await client.social.comments.list(platform_account_id=TIKTOK, video_id=video_id)
    assert made.comment_id not in {c.comment_id for c in page.items}
    with pytest.raises(InvalidParamError) as caught:
        await client.social.comments.delete(comment_id=made.comment_id, platform_account_id=TIKTOK)
    assert "was deleted" in caught.value.message
    assert trenz_simulator.comment_writes["deleted"] == 1


async def test_only_comments_made_through_the_api_can_be_deleted(
    client: TrenzClient, trenz_simulator: Any, video_id: str
) -> None:
    seeded = await _commented(client, video_id, with_replies=False)
    with pytest.raises(InvalidParamError) as caught:
        await client.social.comments.delete(
            comment_id=seeded.comment_id, platform_account_id=TIKTOK
        )
    assert "was not made through the API" in caught.value.message
    assert trenz_simulator.comment_writes["deleted"] == 0


async def test_sync_pulls_the_comments_that_arrived_since(
    client: TrenzClient, trenz_simulator: Any, video_id: str
) -> None:
    comments = client.social.comments
    first = await comments.sync(platform_account_id=TIKTOK, video_id=video_id)
    assert isinstance(first, CommentSync)
    assert (first.platform_account_id, first.video_count) == (TIKTOK, 1)
    assert first.new_total >= 1  # the seeded store is one sync behind the platform
    before = await comments.list(platform_account_id=TIKTOK, video_id=video_id)
    trenz_simulator.clock.advance(3 * 3600)  # one arrival an hour
    live = await comments.realtime(platform_account_id=TIKTOK, video_id=video_id, count=50)
    assert live.items[0].comment_id not in {c.comment_id for c in before.items}
    synced = await comments.sync(platform_account_id=TIKTOK, video_id=video_id)
    assert synced.new_total == 3
    assert synced.synced_at == int(trenz_simulator.clock.now())
    after = await comments.list(platform_account_id=TIKTOK, video_id=video_id)
    assert after.total == before.total + synced.new_comments
    assert after.items[0] == live.items[0]
    assert trenz_simulator.comment_writes["synced"] == first.new_total + 3


async def test_sync_of_every_video_reports_them_all(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    synced = await client.social.comments.sync(platform_account_id=TIKTOK)
    assert synced.video_count == len(trenz_simulator.social_videos.for_account(TIKTOK))
    assert "video_id" not in sent(trenz_simulator, "/comments/sync")[0].json


async def test_realtime_walks_every_platform_comment_by_cursor(
    client: TrenzClient, trenz_simulator: Any, video_id: str
) -> None:
    comments = client.social.comments
    everything = await comments.realtime(platform_account_id=TIKTOK, video_id=video_id, count=50)
    assert not everything.has_more
    pager = comments.realtime(platform_account_id=TIKTOK, video_id=video_id, count=5)
    assert isinstance(pager, CursorPager)
    pages = [page async for page in pager.pages()]
    assert [len(p) for p in pages[:-1]] == [5] * (len(pages) - 1)
    assert [p.has_more for p in pages] == [True] * (len(pages) - 1) + [False]
    assert [p.cursor for p in pages[:2]] == [5, 10]
    walked = [c for page in pages for c in page]
    assert walked == list(everything.items)
    times = [c.create_time or 0 for c in walked]
    assert times == sorted(times, reverse=True)
    assert [e.json["cursor"] for e in sent(trenz_simulator, "/comments/realtime")[1:]] == [
        0,
        *range(5, 5 * len(pages), 5),
    ]
    assert await pager.collect(limit=7) == walked[:7]


async def test_realtime_starts_from_a_given_cursor(client: TrenzClient, video_id: str) -> None:
    comments = client.social.comments
    everything = await comments.realtime(platform_account_id=TIKTOK, video_id=video_id, count=50)
    later = await comments.realtime(
        platform_account_id=TIKTOK, video_id=video_id, cursor=3, count=2
    )
    assert isinstance(later, CursorPage)
    assert list(later.items) == list(everything.items[3:5])
    assert later.resume == {"cursor": 5}


async def test_platform_replies_are_the_replies_of_one_comment_oldest_first(
    client: TrenzClient, video_id: str
) -> None:
    live = await client.social.comments.realtime(
        platform_account_id=TIKTOK, video_id=video_id, count=50
    )
    parent = next(c for c in live.items if (c.reply_count or 0) >= 2)
    replies = await client.social.comments.platform_replies(
        platform_account_id=TIKTOK, video_id=video_id, comment_id=parent.comment_id, count=1
    ).collect()
    assert len(replies) == parent.reply_count
    assert {r.parent_id for r in replies} == {parent.comment_id}
    times = [r.create_time or 0 for r in replies]
    assert times == sorted(times)


async def test_a_has_more_sent_as_text_is_understood(
    client: TrenzClient, trenz_simulator: Any, video_id: str
) -> None:
    row = {"comment_id": "c1", "video_id": video_id, "text": "first"}
    body = {"data": {"items": [row], "cursor": 1, "has_more": "true"}, "request_id": "r1"}
    trenz_simulator.add_fault(
        FaultRule(
            route=f"POST {V}/realtime",
            status=200,
            raw_body=json.dumps(body),
            content_type="application/json",
            times=1,
        )
    )
    pager = client.social.comments.realtime(platform_account_id=TIKTOK, video_id=video_id, count=2)
    pages = [page async for page in pager.pages(max_pages=2)]
    assert (pages[0].has_more, pages[0].items[0].text) == (True, "first")
    everything = await client.social.comments.realtime(
        platform_account_id=TIKTOK, video_id=video_id, count=50
    )
    assert list(pages[1].items) == list(everything.items[1:3])
    cursors = [e.json["cursor"] for e in sent(trenz_simulator, "/comments/realtime")]
    assert cursors == [0, 1, 0]


async def test_a_has_more_of_another_kind_is_a_decode_error(
    client: TrenzClient, trenz_simulator: Any, video_id: str
) -> None:
    body = {"data": {"items": [], "cursor": 0, "has_more": "maybe"}, "request_id": "r1"}
    trenz_simulator.add_fault(
        FaultRule(
            route=f"POST {V}/realtime",
            status=200,
            raw_body=json.dumps(body),
            content_type="application/json",
        )
    )
    with pytest.raises(ResponseDecodeError, match=r"\$\.data\.has_more"):
        await client.social.comments.realtime(platform_account_id=TIKTOK, video_id=video_id)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, True), (False, False), ("true", True), ("FALSE", False), (1, True), (None, False)],
)
def test_has_more_flag_reads_bools_and_their_text(value: object, expected: bool) -> None:
    assert has_more_flag(value) is expected


async def test_a_cursor_pager_stops_when_the_cursor_does_not_move() -> None:
    calls: list[dict[str, Any]] = []

    async def fetch(position: Any) -> CursorPage[int]:
        calls.append(dict(position))
        return CursorPage(items=[1], cursor=7, has_more=True, resume={"cursor": 7})

    assert await CursorPager(fetch, {"cursor": 0}).collect() == [1, 1]
    assert calls == [{"cursor": 0}, {"cursor": 7}]


async def test_managed_replies_of_a_seeded_comment(client: TrenzClient, video_id: str) -> None:
    parent = await _commented(client, video_id, with_replies=True)
    pager = client.social.comments.replies(
        platform_account_id=TIKTOK, video_id=video_id, comment_id=parent.comment_id, page_size=1
    )
    assert isinstance(pager, Pager)
    replies = await pager.collect()
    assert len(replies) == parent.reply_count
    assert {r.parent_id for r in replies} == {parent.comment_id}


async def test_an_unknown_video_is_refused_by_the_service(client: TrenzClient) -> None:
    with pytest.raises(InvalidParamError) as caught:
        await client.social.comments.list(platform_account_id=TIKTOK, video_id="123")
    assert caught.value.message == f"video_id 123 is not a video of account {TIKTOK}"


# -- refused before sending ----------------------------------------------------------------

BAD_CALLS = [
    ("create", "text", {"text": ""}),
    ("create", "text", {"text": "   "}),
    ("create", "text", {"text": "x" * 151}),
    ("create", "text", {"text": 5}),
    ("create", "platform_account_id", {"platform_account_id": "4687"}),
    ("create", "platform_account_id", {"platform_account_id": True}),
    ("create", "platform_account_id", {"platform_account_id": 0}),
    ("create", "video_id", {"video_id": ""}),
    ("reply", "comment_id", {"comment_id": " "}),
    ("reply", "text", {"text": "y" * 151}),
    ("like", "like", {"like": "yes"}),
    ("like", "comment_id", {"comment_id": None}),
    ("delete", "comment_id", {"comment_id": ""}),
    ("delete", "platform_account_id", {"platform_account_id": -1}),
    ("sync", "video_id", {"video_id": ""}),
    ("list", "page_size", {"page_size": 51}),
    ("list", "page", {"page": 0}),
    ("replies", "page_size", {"page_size": 0}),
    ("realtime", "count", {"count": 51}),
    ("realtime", "count", {"count": 0}),
    ("realtime", "cursor", {"cursor": -1}),
    ("platform_replies", "cursor", {"cursor": "5"}),
]
GOOD = {
    "create": {"platform_account_id": TIKTOK, "video_id": "v", "text": "hi"},
    "reply": {"platform_account_id": TIKTOK, "video_id": "v", "comment_id": "c", "text": "hi"},
    "like": {"platform_account_id": TIKTOK, "comment_id": "c"},
    "delete": {"comment_id": "c"},
    "sync": {"platform_account_id": TIKTOK},
    "list": {"platform_account_id": TIKTOK, "video_id": "v"},
    "replies": {"platform_account_id": TIKTOK, "video_id": "v", "comment_id": "c"},
    "realtime": {"platform_account_id": TIKTOK, "video_id": "v"},
    "platform_replies": {"platform_account_id": TIKTOK, "video_id": "v", "comment_id": "c"},
}


@pytest.mark.parametrize(("method", "field", "bad"), BAD_CALLS)
async def test_bad_arguments_are_refused_before_sending(
    client: TrenzClient, trenz_simulator: Any, method: str, field: str, bad: dict[str, Any]
) -> None:
    call = getattr(client.social.comments, method)
    assert_refused_before_sending(trenz_simulator, field, call, **{**GOOD[method], **bad})


async def test_a_150_character_comment_is_accepted(client: TrenzClient, video_id: str) -> None:
    made = await client.social.comments.create(
        platform_account_id=TIKTOK, video_id=video_id, text="z" * 150
    )
    assert made.text == "z" * 150


# -- writes are not re-sent; reads are -----------------------------------------------------


async def test_a_lost_create_is_ambiguous_and_posted_once(
    client: TrenzClient, trenz_simulator: Any, video_id: str
) -> None:
    trenz_simulator.add_fault(FaultRule(route=f"POST {V}/create", lose_response=True, times=1))
    with pytest.raises(AmbiguousOutcomeError):
        await client.social.comments.create(
            platform_account_id=TIKTOK, video_id=video_id, text="once"
        )
    assert trenz_simulator.comment_writes["created"] == 1
    assert len(sent(trenz_simulator, "/comments/create")) == 1
    live = await client.social.comments.realtime(platform_account_id=TIKTOK, video_id=video_id)
    assert live.items[0].text == "once"


async def test_a_lost_reply_is_ambiguous_and_posted_once(
    client: TrenzClient, trenz_simulator: Any, video_id: str
) -> None:
    parent = await _commented(client, video_id, with_replies=False)
    trenz_simulator.add_fault(FaultRule(route=f"POST {V}/reply", lose_response=True, times=1))
    with pytest.raises(AmbiguousOutcomeError):
        await client.social.comments.reply(
            platform_account_id=TIKTOK, video_id=video_id, comment_id=parent.comment_id, text="r"
        )
    assert trenz_simulator.comment_writes["replied"] == 1
    assert len(sent(trenz_simulator, "/comments/reply")) == 1


async def test_a_lost_like_is_ambiguous_and_liked_once(
    client: TrenzClient, trenz_simulator: Any, video_id: str
) -> None:
    target = await _commented(client, video_id, with_replies=False)
    trenz_simulator.add_fault(FaultRule(route=f"POST {V}/like", lose_response=True, times=1))
    with pytest.raises(AmbiguousOutcomeError):
        await client.social.comments.like(platform_account_id=TIKTOK, comment_id=target.comment_id)
    assert trenz_simulator.comment_writes["liked"] == 1
    again = await client.social.comments.like(
        platform_account_id=TIKTOK, comment_id=target.comment_id
    )
    assert again.like_count == (target.like_count or 0) + 1


async def test_a_lost_delete_is_ambiguous_and_calling_again_says_it_was_done(
    client: TrenzClient, trenz_simulator: Any, video_id: str
) -> None:
    made = await client.social.comments.create(
        platform_account_id=TIKTOK, video_id=video_id, text="bye"
    )
    trenz_simulator.add_fault(FaultRule(route=f"POST {V}/delete", lose_response=True, times=1))
    with pytest.raises(AmbiguousOutcomeError):
        await client.social.comments.delete(comment_id=made.comment_id)
    assert trenz_simulator.comment_writes["deleted"] == 1
    assert len(sent(trenz_simulator, "/comments/delete")) == 1
    with pytest.raises(InvalidParamError, match="was deleted"):
        await client.social.comments.delete(comment_id=made.comment_id)


async def test_a_lost_sync_is_ambiguous_and_synced_once(
    client: TrenzClient, trenz_simulator: Any, video_id: str
) -> None:
    trenz_simulator.add_fault(FaultRule(route=f"POST {V}/sync", lose_response=True, times=1))
    with pytest.raises(AmbiguousOutcomeError):
        await client.social.comments.sync(platform_account_id=TIKTOK, video_id=video_id)
    assert len(sent(trenz_simulator, "/comments/sync")) == 1
    assert trenz_simulator.comment_writes["synced"] >= 1
    again = await client.social.comments.sync(platform_account_id=TIKTOK, video_id=video_id)
    assert again.new_total == 0


@pytest.mark.parametrize("path", ["/list", "/realtime"])
async def test_reads_are_retried_through_a_503(
    client: TrenzClient, trenz_simulator: Any, video_id: str, path: str
) -> None:
    trenz_simulator.add_fault(FaultRule(route=f"POST {V}{path}", status=503, times=1))
    method = client.social.comments.list if path == "/list" else client.social.comments.realtime
    page = await method(platform_account_id=TIKTOK, video_id=video_id)
    assert len(page.items) > 0
    assert [e.status for e in sent(trenz_simulator, f"/comments{path}")] == [503, 200]
