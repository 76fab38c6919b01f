"""``trenz.social.comments``: a video's comments, managed and real-time, and writing them.

Two views of the same comments: the **managed** lists (:meth:`CommentsResource.list`,
:meth:`~CommentsResource.replies`) read the copy the gateway keeps, which only
:meth:`~CommentsResource.sync` refreshes; :meth:`~CommentsResource.realtime` and
:meth:`~CommentsResource.platform_replies` read the platform directly (cursor lists).
Comments made here (create, reply) land in both at once.

Writes (create, reply, like, delete, sync) are never re-sent by the client when the answer
is lost: the call raises :class:`~trenz_async.errors.AmbiguousOutcomeError` and the caller
decides (for a comment: look for it in :meth:`~CommentsResource.realtime` before posting again).
"""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any, Final, Unpack

from trenz_async.errors import ValidationError
from trenz_async.models.social.comments import Comment, CommentDeleted, CommentSync
from trenz_async.pagination import CursorPager, Pager
from trenz_async.resources._base import CallOptions, Resource
from trenz_async.resources._validate import (
    check_id,
    check_int_range,
    check_page,
    check_page_size,
)
from trenz_async.resources.social._checks import LIST_PAGE_SIZE_MAX, check_account_id
from trenz_async.resources.social.engagement_paths import (
    COMMENT_CREATE,
    COMMENT_DELETE,
    COMMENT_LIKE,
    COMMENT_LIST,
    COMMENT_REALTIME,
    COMMENT_REPLIES,
    COMMENT_REPLY,
    COMMENT_REPLY_LIST,
    COMMENT_SYNC,
)

__all__ = ["COUNT_MAX", "TEXT_MAX", "CommentsResource", "check_comment_text"]

TEXT_MAX: Final = 150
"""Longest comment or reply, in characters."""
COUNT_MAX: Final = 50
"""Largest ``count`` of the cursor lists."""
CURSOR_MAX: Final = 10**9


def check_comment_text(value: object) -> str:
    """``text``: 1 to 150 characters, not only spaces; sent as given."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError("text", "must be a non-blank string", value)
    if len(value) > TEXT_MAX:
        rule = f"must be at most {TEXT_MAX} characters (it has {len(value)})"
        raise ValidationError("text", rule, value)
    return value


def _thread(platform_account_id: int, video_id: str) -> dict[str, object]:
    return {
        "platform_account_id": check_account_id("platform_account_id", platform_account_id),
        "video_id": check_id("video_id", video_id),
    }


def _cursor(cursor: int, count: int) -> tuple[int, int]:
    cursor = check_int_range("cursor", cursor, 0, CURSOR_MAX)
    return cursor, check_int_range("count", count, 1, COUNT_MAX)


class CommentsResource(Resource):
    """Comments on a bound account's videos (``platform_account_id`` is the account's ``id``)."""

    def list(
        self,
        *,
        platform_account_id: int,
        video_id: str,
        page: int = 1,
        page_size: int = 10,
        **options: Unpack[CallOptions],
    ) -> Pager[Comment]:
        """Managed Comment List: the stored top-level comments of a video, newest first.

        Comments that reached the platform since the last :meth:`sync` are not in it (read
        :meth:`realtime` for those). ``page_size`` is 1..50. Raises
        :class:`~trenz_async.errors.InvalidParamError` for an unbound account or a video
        that is not the account's.
        """
        body = _thread(platform_account_id, video_id)
        check_page(page)
        check_page_size(page_size, LIST_PAGE_SIZE_MAX)
        return self._pager(
            COMMENT_LIST, Comment, body, options, page=page, page_size=page_size, in_body=True
        )

    def replies(
        self,
        *,
        platform_account_id: int,
        video_id: str,
        comment_id: str,
        page: int = 1,
        page_size: int = 10,
        **options: Unpack[CallOptions],
    ) -> Pager[Comment]:
        """Managed Reply List: the stored replies to a top-level comment, oldest first.

        The comment must be in the managed store (else ``InvalidParamError`` saying to
        sync). ``page_size`` is 1..50.
        """
        body = {
            **_thread(platform_account_id, video_id),
            "comment_id": check_id("comment_id", comment_id),
        }
        check_page(page)
        check_page_size(page_size, LIST_PAGE_SIZE_MAX)
        return self._pager(
            COMMENT_REPLY_LIST, Comment, body, options, page=page, page_size=page_size, in_body=True
        )

    def realtime(
        self,
        *,
        platform_account_id: int,
        video_id: str,
        cursor: int = 0,
        count: int = 20,
        **options: Unpack[CallOptions],
    ) -> CursorPager[Comment]:
        """Real-time Comment Query: the platform's top-level comments now, newest first.

        A cursor list: ``cursor`` (>= 0) is where to start (a page's ``cursor`` continues
        after it), ``count`` (1..50) the page size; iterate it to walk every comment.
        """
        body = _thread(platform_account_id, video_id)
        cursor, count = _cursor(cursor, count)
        return self._cursor_pager(
            COMMENT_REALTIME, Comment, body, options, cursor=cursor, count=count
        )

    def platform_replies(
        self,
        *,
        platform_account_id: int,
        video_id: str,
        comment_id: str,
        cursor: int = 0,
        count: int = 20,
        **options: Unpack[CallOptions],
    ) -> CursorPager[Comment]:
        """Comment Replies: the platform's replies to a comment now, oldest first.

        A cursor list like :meth:`realtime` (``cursor`` >= 0, ``count`` 1..50).
        """
        body = {
            **_thread(platform_account_id, video_id),
            "comment_id": check_id("comment_id", comment_id),
        }
        cursor, count = _cursor(cursor, count)
        return self._cursor_pager(
            COMMENT_REPLIES, Comment, body, options, cursor=cursor, count=count
        )

    def create(
        self,
        *,
        platform_account_id: int,
        video_id: str,
        text: str,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, Comment]:
        """Create Comment: post ``text`` (1..150 characters) on a video as the account.

        A write: a lost answer raises :class:`~trenz_async.errors.AmbiguousOutcomeError`
        (the comment may have been posted; look in :meth:`realtime` before posting again).
        """
        body = {**_thread(platform_account_id, video_id), "text": check_comment_text(text)}
        return self._one(COMMENT_CREATE, Comment, options, body=body)

    def reply(
        self,
        *,
        platform_account_id: int,
        video_id: str,
        comment_id: str,
        text: str,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, Comment]:
        """Reply to Comment: answer a top-level comment with ``text`` (1..150 characters).

        Returns the reply (``parent_id`` = ``comment_id``). Replying to a reply or to a
        deleted comment raises ``InvalidParamError``. A write, like :meth:`create`.
        """
        body = {
            **_thread(platform_account_id, video_id),
            "comment_id": check_id("comment_id", comment_id),
            "text": check_comment_text(text),
        }
        return self._one(COMMENT_REPLY, Comment, options, body=body)

    def like(
        self,
        *,
        platform_account_id: int,
        comment_id: str,
        like: bool = True,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, Comment]:
        """Like Comment (``like=False`` removes the like); returns the comment after it.

        Idempotent on the service: liking a liked comment changes nothing, so after an
        :class:`~trenz_async.errors.AmbiguousOutcomeError` calling it again is safe.
        """
        body = {
            "platform_account_id": check_account_id("platform_account_id", platform_account_id),
            "comment_id": check_id("comment_id", comment_id),
            "like": _check_like(like),
        }
        known = {"comment_id": body["comment_id"], "liked_by_me": body["like"]}
        return self._one(COMMENT_LIKE, Comment, options, body=body, known=known)

    def delete(
        self,
        *,
        comment_id: str,
        platform_account_id: int | None = None,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, CommentDeleted]:
        """Delete Comment: remove a comment or reply made through this API.

        Others' comments cannot be deleted (``InvalidParamError``). ``platform_account_id``
        (optional) narrows the lookup to that account. After an
        :class:`~trenz_async.errors.AmbiguousOutcomeError` call it again: an
        :class:`~trenz_async.errors.InvalidParamError` saying the comment "was deleted" means
        the first call did it.
        """
        body: dict[str, object] = {"comment_id": check_id("comment_id", comment_id)}
        if platform_account_id is not None:
            body["platform_account_id"] = check_account_id(
                "platform_account_id", platform_account_id
            )
        return self._one(COMMENT_DELETE, CommentDeleted, options, body=body)

    def sync(
        self,
        *,
        platform_account_id: int,
        video_id: str | None = None,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, CommentSync]:
        """Sync Comments: copy the platform's new comments into the managed store.

        One video (``video_id``) or, by default, every video of the account. Returns how
        many comments and replies were new. Running it twice is harmless (nothing is new
        the second time), but it is a write: a lost answer is not re-sent.
        """
        body: dict[str, object] = {
            "platform_account_id": check_account_id("platform_account_id", platform_account_id)
        }
        if video_id is not None:
            body["video_id"] = check_id("video_id", video_id)
        return self._one(COMMENT_SYNC, CommentSync, options, body=body)


def _check_like(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValidationError("like", "must be True or False", value)
    return value
