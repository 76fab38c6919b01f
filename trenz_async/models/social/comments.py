"""Social/4 records: comments and replies, a deletion, a sync.

There are two views of a video's comments: the **platform**'s (what TikTok shows now, read by
the real-time queries) and the **managed** copy the gateway keeps (read by the managed lists,
filled by Sync Comments). Comments made through the API reach both at once. Times are unix
seconds.
"""

from __future__ import annotations

import attrs

from trenz_async.models._base import Model

__all__ = ["Comment", "CommentDeleted", "CommentSync"]


@attrs.frozen(slots=True)
class Comment(Model):
    """A comment on a video, or a reply to one (``parent_id`` set).

    ``reply_count`` counts the replies on the side it was read from (platform or managed);
    ``liked_by_me`` is whether the account liked it; ``created_via_api`` whether it was made
    through this API (only those can be deleted); ``create_time`` is unix seconds.
    """

    comment_id: str
    video_id: str | None = None
    platform_account_id: int | None = None
    parent_id: str | None = None
    text: str | None = None
    author_name: str | None = None
    like_count: int | None = None
    reply_count: int | None = None
    create_time: int | None = None
    liked_by_me: bool | None = None
    created_via_api: bool | None = None

    @property
    def is_reply(self) -> bool:
        """True for a reply (a comment with a ``parent_id``)."""
        return self.parent_id is not None


@attrs.frozen(slots=True)
class CommentDeleted(Model):
    """What Delete Comment answers: the ``comment_id`` and ``deleted`` (true)."""

    comment_id: str | None = None
    deleted: bool | None = None


@attrs.frozen(slots=True)
class CommentSync(Model):
    """What Sync Comments did: comments and replies copied from the platform into the store.

    ``video_count`` is how many videos were synced; ``synced_at`` unix seconds.
    """

    platform_account_id: int | None = None
    video_count: int | None = None
    new_comments: int | None = None
    new_replies: int | None = None
    synced_at: int | None = None

    @property
    def new_total(self) -> int:
        """Comments and replies copied in by this sync."""
        return (self.new_comments or 0) + (self.new_replies or 0)
