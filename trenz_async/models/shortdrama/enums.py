"""The short-drama API's integer enumerations (seed 002), as ``IntEnum``s.

Records keep the wire's plain ``int`` (an unknown value never breaks decoding); their
properties give these enums, and ``None`` for a value this version does not know. Arguments
accept either a member or its int.
"""

from __future__ import annotations

import enum
from typing import TypeVar

__all__ = [
    "AlbumStatus",
    "AppealItemType",
    "AuthOperation",
    "AuthStatus",
    "DramaType",
    "ListingStatus",
    "OperationType",
    "PriorityScore",
    "PublishStatus",
    "ResultType",
    "ReviewStatus",
    "UploadStatus",
    "enum_or_none",
]

E = TypeVar("E", bound=enum.IntEnum)


class ResultType(enum.IntEnum):
    """``result_type``: 1 success, 2 partial success (album create, review submit) or accepted
    for asynchronous processing (video upload, its usual answer), 3 failure."""

    SUCCESS = 1
    PARTIAL = 2
    FAILURE = 3
    ACCEPTED = 2  # the video upload's name for 2: an alias of PARTIAL


class UploadStatus(enum.IntEnum):
    """``upload_status`` of a video or subtitle job: 1 processing, 2 success, 3 failure."""

    PROCESSING = 1
    SUCCESS = 2
    FAILURE = 3


class ReviewStatus(enum.IntEnum):
    """``review_status`` of an album version (moderation)."""

    NOT_SUBMITTED = 0
    UNDER_REVIEW = 1
    APPROVED = 2
    REJECTED = 3
    WITHDRAWN = 4
    APPEALING = 5
    APPEAL_APPROVED = 6
    APPEAL_REJECTED = 7


class AlbumStatus(enum.IntEnum):
    """``album_status``, the play's editing status: 1 not launched, 2 updating, 3 completed."""

    NOT_LAUNCHED = 1
    UPDATING = 2
    COMPLETED = 3


class PublishStatus(enum.IntEnum):
    """``publish_status``, listing: 0 default (never listed), 1 listed, 2 delisted."""

    DEFAULT = 0
    LISTED = 1
    DELISTED = 2


class ListingStatus(enum.IntEnum):
    """``status`` of Show listing and delisting: 1 list (available), 2 delist (unavailable)."""

    LIST = 1
    DELIST = 2


class DramaType(enum.IntEnum):
    """``drama_type``: 1 AIGC, 2 comic drama, 3 live-action dubbing, 4 live-action localization."""

    AIGC = 1
    COMIC = 2
    LIVE_ACTION_DUBBING = 3
    LIVE_ACTION_LOCALIZATION = 4


class OperationType(enum.IntEnum):
    """``operation_type`` of Edit Play: 1 draft add/update (a new version), 2 status only."""

    DRAFT = 1
    STATUS_ONLY = 2


class AuthOperation(enum.IntEnum):
    """``operate_type`` of Episode Authorization: 1 add, 2 remove."""

    ADD = 1
    REMOVE = 2


class AuthStatus(enum.IntEnum):
    """``auth_status`` of one target client_key: 1 authorized, 2 removed (not authorized)."""

    AUTHORIZED = 1
    REMOVED = 2


class PriorityScore(enum.IntEnum):
    """``priority_score`` of a review submission: 1 urgent (35 a day), 2 normal."""

    URGENT = 1
    NORMAL = 2


class AppealItemType(enum.IntEnum):
    """``appeal_item_type``: 1 the play (``item_id`` = album_id), 2 an episode (its episode_id)."""

    PLAY = 1
    EPISODE = 2


def enum_or_none(kind: type[E], value: int | None) -> E | None:
    """``value`` as a member of ``kind``; None when absent or not a known value."""
    if value is None:
        return None
    try:
        return kind(value)
    except ValueError:
        return None
