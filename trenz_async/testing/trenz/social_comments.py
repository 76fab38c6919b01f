"""Social/4 Comment Management: the platform's comments and the managed (stored) copy.

Per bound account and video there are two views of the comments:

* the **platform** side (what TikTok shows now): seeded comments and replies posted before the
  simulator started, plus seeded *arrivals*, one about every hour of simulator clock for two
  days (a quarter of them replies). Real-time queries read it directly.
* the **managed** store: the copy kept by the gateway, last filled by a sync
  :data:`SYNC_LAG` seconds before the simulator started. Comments that reached the platform
  since are only in the store after "Sync Comments". Managed lists read it.

Comments made through the API (create, reply) land on both sides at once; so do likes and
deletes. A ``reply_count`` is always the length of the reply list on that side.

A comment's lifecycle (h11 style); anything else is 400 INVALID_PARAM naming ``comment_id``::

    =========  ======================  =========  =================================
    state      event                   next       rule
    =========  ======================  =========  =================================
    visible    like, unlike            visible    liked_by_me changes at most once
    visible    reply                   visible    only top-level comments get replies
    visible    delete                  deleted    only comments made through the API
    deleted    (any)                   (error)    "comment_id ... was deleted"
    =========  ======================  =========  =================================

Likes are idempotent (:data:`LIKE_DELTA`): liking a liked comment changes nothing.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from trenz_async.testing.clock import SimClock
from trenz_async.testing.trenz.envelope import SimError
from trenz_async.testing.trenz.gen_common import IdMaker
from trenz_async.testing.trenz.social_accounts import Account, SocialAccounts
from trenz_async.testing.trenz.social_videos import SocialVideo, SocialVideos
from trenz_async.testing.trenz.words import COMMENT_TEXTS, NICK_WORDS

SYNC_LAG = 6 * 3600
ARRIVAL_SECONDS = 3600
ARRIVALS = 48
TABLE: dict[tuple[str, str], str] = {
    ("visible", "like"): "visible",
    ("visible", "unlike"): "visible",
    ("visible", "reply"): "visible",
    ("visible", "delete"): "deleted",
}
#: (liked_by_me before, like wanted) -> change of like_count.
LIKE_DELTA: dict[tuple[bool, bool], int] = {
    (False, True): 1,
    (True, True): 0,
    (True, False): -1,
    (False, False): 0,
}


def invalid(message: str) -> SimError:
    """Return a 400 INVALID_PARAM error."""
    return SimError("INVALID_PARAM", message)


@attrs.define
class Comment:
    """One comment or reply (``parent_id`` set) on one video."""

    comment_id: str
    video_id: str
    platform_account_id: int
    text: str
    author_name: str
    create_time: int
    like_count: int = 0
    liked_by_me: bool = False
    parent_id: str | None = None
    created_via_api: bool = False
    state: str = "visible"

    def check(self, event: str) -> str:
        """Return the state ``event`` leads to along :data:`TABLE`; else 400 INVALID_PARAM."""
        if self.state == "deleted":
            raise invalid(f"comment_id {self.comment_id} was deleted")
        nxt = TABLE.get((self.state, event))
        if nxt is None:
            raise invalid(f"comment_id {self.comment_id} cannot {event} while {self.state}")
        if event == "reply" and self.parent_id is not None:
            raise invalid(f"comment_id {self.comment_id} is a reply; reply to {self.parent_id}")
        if event == "delete" and not self.created_via_api:
            raise invalid(
                f"comment_id {self.comment_id} was not made through the API;"
                " only those can be deleted"
            )
        return nxt

    def move(self, event: str) -> None:
        """Apply ``event`` (see :meth:`check`)."""
        self.state = self.check(event)

    def view(self, reply_count: int) -> dict[str, Any]:
        """Return the comment as the API answers it."""
        return {
            "comment_id": self.comment_id,
            "video_id": self.video_id,
            "platform_account_id": self.platform_account_id,
            "parent_id": self.parent_id,
            "text": self.text,
            "author_name": self.author_name,
            "like_count": self.like_count,
            "reply_count": reply_count,
            "create_time": self.create_time,
            "liked_by_me": self.liked_by_me,
            "created_via_api": self.created_via_api,
        }


class Side:
    """One side (platform or managed) of a video's comments: comments by id, in post order."""

    def __init__(self) -> None:
        self.comments: dict[str, Comment] = {}

    def visible(self, now: float) -> list[Comment]:
        """Return the comments posted by ``now`` that are not deleted (nor is their parent)."""
        rows = [c for c in self.comments.values() if c.state != "deleted" and c.create_time <= now]
        shown = {c.comment_id for c in rows}
        return [c for c in rows if c.parent_id is None or c.parent_id in shown]

    def top_level(self, now: float) -> list[Comment]:
        """Return the visible top-level comments, newest first."""
        rows = [c for c in self.visible(now) if c.parent_id is None]
        return sorted(rows, key=lambda c: (-c.create_time, c.comment_id))

    def replies(self, parent_id: str, now: float) -> list[Comment]:
        """Return the visible replies to ``parent_id``, oldest first."""
        rows = [c for c in self.visible(now) if c.parent_id == parent_id]
        return sorted(rows, key=lambda c: (c.create_time, c.comment_id))

    def views(self, rows: Sequence[Comment], now: float) -> list[dict[str, Any]]:
        """Return ``rows`` as the API answers them, reply counts read from this side."""
        return [c.view(len(self.replies(c.comment_id, now))) for c in rows]


@attrs.define
class Thread:
    """The comments of one video: the platform side and the managed copy."""

    platform_account_id: int
    video_id: str
    platform: Side = attrs.Factory(Side)
    managed: Side = attrs.Factory(Side)


class CommentStore:
    """Every account's video comments, generated per account on first use, and their rules."""

    def __init__(
        self,
        seed: int,
        clock: SimClock,
        accounts: SocialAccounts,
        videos: SocialVideos,
        bump: Callable[[str, int], None],
    ) -> None:
        self.seed = seed
        self.clock = clock
        self.accounts = accounts
        self.videos = videos
        self._bump = bump
        self.anchor = int(clock.now())
        self._threads: dict[int, dict[str, Thread]] = {}
        self._mine: dict[str, Thread] = {}
        self._new_id = IdMaker(random.Random(f"{seed}:social:comment-writes"))

    def now(self) -> float:
        """Return the simulator clock's now."""
        return self.clock.now()

    def account(self, platform_account_id: int) -> Account:
        """Return the bound account or raise INVALID_PARAM naming ``platform_account_id``."""
        return self.accounts.require(platform_account_id)

    def threads(self, platform_account_id: int) -> dict[str, Thread]:
        """Return the account's threads by video id (the account must be bound).

        A video's thread is seeded the first time its account is read after it appeared.
        """
        self.account(platform_account_id)
        threads = self._threads.setdefault(platform_account_id, {})
        for video in self.videos.for_account(platform_account_id):
            if video.platform_video_id not in threads:
                threads[video.platform_video_id] = self._seed_thread(video)
        return threads

    def thread(self, platform_account_id: int, video_id: str) -> Thread:
        """Return one video's thread; an unknown video is INVALID_PARAM naming ``video_id``."""
        thread = self.threads(platform_account_id).get(video_id)
        if thread is None:
            raise invalid(f"video_id {video_id} is not a video of account {platform_account_id}")
        return thread

    def find(self, thread: Thread, comment_id: str) -> Comment:
        """Return a comment of ``thread`` that has reached the platform (deleted ones too)."""
        comment = thread.platform.comments.get(comment_id)
        if comment is None or comment.create_time > self.now():
            raise invalid(f"comment_id {comment_id} is not a comment of video {thread.video_id}")
        parent = thread.platform.comments.get(comment.parent_id or "")
        if parent is not None and parent.state == "deleted":
            raise invalid(
                f"comment_id {comment_id} was deleted with its parent {parent.comment_id}"
            )
        return comment

    def locate(self, platform_account_id: int, comment_id: str) -> tuple[Thread, Comment]:
        """Find ``comment_id`` among every video of the account."""
        for thread in self.threads(platform_account_id).values():
            if comment_id in thread.platform.comments:
                return thread, self.find(thread, comment_id)
        raise invalid(f"comment_id {comment_id} is not a comment of account {platform_account_id}")

    # -- writes -------------------------------------------------------------------------

    def create(self, thread: Thread, text: str, parent: Comment | None = None) -> dict[str, Any]:
        """Post ``text`` as the account (a reply when ``parent`` is given) on both sides."""
        if parent is not None:
            parent.move("reply")
        account = self.account(thread.platform_account_id)
        comment = Comment(
            comment_id=self._new_id(),
            video_id=thread.video_id,
            platform_account_id=account.id,
            text=text,
            author_name=account.nickname,
            create_time=int(self.now()),
            parent_id=None if parent is None else parent.comment_id,
            created_via_api=True,
        )
        thread.platform.comments[comment.comment_id] = comment
        thread.managed.comments[comment.comment_id] = attrs.evolve(comment)
        self._mine[comment.comment_id] = thread
        self._bump("comments created" if parent is None else "comment replies created", 1)
        return comment.view(0)

    def like(self, thread: Thread, comment: Comment, wanted: bool) -> dict[str, Any]:
        """Like (or unlike) ``comment`` as the account; a second like changes nothing."""
        comment.move("like" if wanted else "unlike")
        delta = LIKE_DELTA[(comment.liked_by_me, wanted)]
        for side in (thread.platform, thread.managed):
            copy = side.comments.get(comment.comment_id)
            if copy is not None:
                copy.liked_by_me = wanted
                copy.like_count += delta
        if delta:
            self._bump("comment likes" if wanted else "comment unlikes", 1)
        return thread.platform.views([comment], self.now())[0]

    def deletable(self, comment_id: str, platform_account_id: int | None) -> Thread:
        """Return the thread of a comment that may be deleted; else 400 INVALID_PARAM."""
        if platform_account_id is not None:
            thread, comment = self.locate(platform_account_id, comment_id)
        elif comment_id in self._mine:
            thread = self._mine[comment_id]
            comment = thread.platform.comments[comment_id]
        else:  # a seeded comment of an account not read yet is unknown as well
            for threads in self._threads.values():
                for thread in threads.values():
                    if comment_id in thread.platform.comments:
                        self.find(thread, comment_id).check("delete")
            raise invalid(f"comment_id {comment_id} is not a comment of any bound account")
        comment.check("delete")
        return thread

    def delete(self, thread: Thread, comment_id: str) -> dict[str, Any]:
        """Delete a comment made through the API (see :meth:`deletable`), on both sides."""
        comment = thread.platform.comments[comment_id]
        comment.move("delete")
        copy = thread.managed.comments.get(comment_id)
        if copy is not None:
            copy.state = comment.state
        self._bump("comments deleted", 1)
        return {"comment_id": comment_id, "deleted": True}

    def sync(self, platform_account_id: int, video_id: str | None) -> dict[str, Any]:
        """Copy the platform's comments the managed store has not seen into it."""
        if video_id is None:
            threads = list(self.threads(platform_account_id).values())
        else:
            threads = [self.thread(platform_account_id, video_id)]
        now = self.now()
        new_comments = new_replies = 0
        for thread in threads:
            for comment in thread.platform.visible(now):
                if comment.comment_id not in thread.managed.comments:
                    thread.managed.comments[comment.comment_id] = attrs.evolve(comment)
                    if comment.parent_id is None:
                        new_comments += 1
                    else:
                        new_replies += 1
        self._bump("comment syncs", 1)
        self._bump("comments synced", new_comments + new_replies)
        return {
            "platform_account_id": platform_account_id,
            "video_count": len(threads),
            "new_comments": new_comments,
            "new_replies": new_replies,
            "synced_at": int(now),
        }

    # -- seeding ------------------------------------------------------------------------

    def _seed_thread(self, video: SocialVideo) -> Thread:
        """Seed a video's comments: history before the simulator started, then arrivals.

        A video published after the simulator started has no history; its arrivals start at
        its publication. No comment is older than its video.
        """
        platform_account_id, video_id = video.platform_account_id, video.platform_video_id
        rng = random.Random(f"{self.seed}:social:comments:{platform_account_id}:{video_id}")
        ids = IdMaker(rng)
        thread = Thread(platform_account_id, video_id)
        start = max(self.anchor, video.published_at)

        def post(when: int, parent: Comment | None) -> Comment:
            author = f"{rng.choice(NICK_WORDS)}{rng.choice(NICK_WORDS)}{rng.randrange(100)}"
            comment = Comment(
                comment_id=ids(),
                video_id=video_id,
                platform_account_id=platform_account_id,
                text=rng.choice(COMMENT_TEXTS),
                author_name=author,
                create_time=when,
                like_count=int(rng.random() ** 3 * 2_000),
                parent_id=None if parent is None else parent.comment_id,
            )
            thread.platform.comments[comment.comment_id] = comment
            return comment

        tops = []
        history = rng.randrange(4, 25) if video.published_at < self.anchor - SYNC_LAG else 0
        for index in range(history):
            # the first comment is always newer than the last sync: a sync has work to do
            age = rng.randrange(60, SYNC_LAG) if index == 0 else rng.randrange(3600, 30 * 86400)
            top = post(max(video.published_at + 60, self.anchor - age), None)
            tops.append(top)
            for _ in range(rng.choice((0, 0, 1, 2, 3))):
                post(rng.randrange(top.create_time, self.anchor), top)
        for k in range(1, ARRIVALS + 1):
            when = start + k * ARRIVAL_SECONDS - rng.randrange(0, 600)
            if tops and rng.random() < 0.25:
                post(when, rng.choice(tops))
            else:
                tops.append(post(when, None))
        for comment in thread.platform.visible(self.anchor - SYNC_LAG):
            thread.managed.comments[comment.comment_id] = attrs.evolve(comment)
        return thread
