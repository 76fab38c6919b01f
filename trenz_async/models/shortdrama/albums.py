"""Short-drama albums ("plays"): the input records, versions, authorisation and review answers.

An album has numbered versions. ``albums.create`` makes version 1 (empty); the first
``albums.update`` fills it; every later update names the current ``version`` and writes a new
one. Each version has its own ``review_status``; an approved one can be made the
``online_version``, and the album is then listed or delisted (``publish_status``).
Ids typed int64 on the wire (``album_id``, ``review_id``, ``episode_id``) are strings here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from trenz_async.models._base import Model
from trenz_async.models.shortdrama.enums import (
    AlbumStatus,
    AuthStatus,
    ListingStatus,
    PublishStatus,
    ResultType,
    ReviewStatus,
    enum_or_none,
)

__all__ = [
    "ALBUM_INFO_FIELDS",
    "APPROVED_STATUSES",
    "EPISODE_INFO_FIELDS",
    "Album",
    "AlbumCreated",
    "AlbumInfo",
    "AlbumInfoInput",
    "AlbumListing",
    "AlbumUpdated",
    "AlbumVersion",
    "AuthorizeResult",
    "ClientKeyResult",
    "EpisodeInfo",
    "EpisodeInfoInput",
    "OnlineVersion",
    "ReviewSubmitted",
]

APPROVED_STATUSES = frozenset({ReviewStatus.APPROVED, ReviewStatus.APPEAL_APPROVED})
"""Review statuses that let a version go online."""


@attrs.frozen(slots=True)
class AlbumInfoInput:
    """``album_info`` of Edit Play (seed ``AlbumInfoInput``): an input record, or use a dict.

    Every field is optional: the first upload of a play's information needs the whole record,
    later updates send only what changes. ``language`` is the service's language enum value;
    ``cover_list`` holds ``open_pic_id``s from ``images.create``; ``album_status`` 1..3,
    ``drama_type`` 1..4, ``publish_status`` 0..2 (see :mod:`.enums`); ``tag_list`` tag ids.
    """

    language: int | None = None
    title: str | None = None
    seq_num: int | None = None
    cover_list: Sequence[str] | None = None
    year: int | None = None
    album_status: int | None = None
    desp: str | None = None
    drama_type: int | None = None
    tag_list: Sequence[int] | None = None
    publish_status: int | None = None


@attrs.frozen(slots=True)
class EpisodeInfoInput:
    """One entry of ``episode_info_list`` (seed ``EpisodeInfoInput``): an input record, or a dict.

    A new episode omits ``episode_id`` and gives ``title``, ``seq`` (its number, 1..seq_num),
    ``cover_list`` (``open_pic_id``s) and ``byteplus_vid`` (a successful upload's ``vid``); an
    existing one names its ``episode_id`` and only the fields that change.
    """

    episode_id: str | None = None
    title: str | None = None
    seq: int | None = None
    cover_list: Sequence[str] | None = None
    byteplus_vid: str | None = None


ALBUM_INFO_FIELDS = tuple(field.name for field in attrs.fields(AlbumInfoInput))
"""The keys of ``album_info``, in the seed's order."""
EPISODE_INFO_FIELDS = tuple(field.name for field in attrs.fields(EpisodeInfoInput))
"""The keys of an ``episode_info_list`` entry, in the seed's order."""


@attrs.frozen(slots=True)
class AlbumInfo(Model):
    """A version's show information (seed ``AlbumInfo``); fields as :class:`AlbumInfoInput`."""

    language: int | None = None
    title: str | None = None
    seq_num: int | None = None
    cover_list: Sequence[str] | None = None
    year: int | None = None
    album_status: int | None = None
    desp: str | None = None
    drama_type: int | None = None
    tag_list: Sequence[int] | None = None
    publish_status: int | None = None


@attrs.frozen(slots=True)
class EpisodeInfo(Model):
    """One episode of a version (seed ``EpisodeInfo``): each version gives it a new id."""

    episode_id: str | None = None
    title: str | None = None
    seq: int | None = None
    cover_list: Sequence[str] | None = None
    byteplus_vid: str | None = None


@attrs.frozen(slots=True)
class AlbumVersion(Model):
    """One version of a play (seed ``AlbumVersionInfo``) with the album-level heads.

    ``review_status`` is this version's moderation (:attr:`review`); ``current_version`` (the
    draft an update must name), ``online_version`` (None until set) and ``publish_status`` are
    the play's.
    """

    album_id: str | None = None
    version: int | None = None
    album_info: AlbumInfo | None = None
    episode_info_list: Sequence[EpisodeInfo] | None = None
    current_version: int | None = None
    online_version: int | None = None
    publish_status: int | None = None
    review_status: int | None = None

    @property
    def review(self) -> ReviewStatus | None:
        """``review_status`` as a :class:`ReviewStatus` (None if absent or unknown)."""
        return enum_or_none(ReviewStatus, self.review_status)

    @property
    def approved(self) -> bool:
        """True when moderation (or an appeal) approved it: it may go online."""
        return self.review in APPROVED_STATUSES

    @property
    def episodes(self) -> list[EpisodeInfo]:
        """The episodes, by ``seq``."""
        return sorted(self.episode_info_list or (), key=lambda e: e.seq or 0)


@attrs.frozen(slots=True)
class Album(Model):
    """Query Plays: the play's heads and the versions asked for (one, or all of them).

    :meth:`version` finds one by number; :attr:`latest_version` is the current draft's number.
    """

    album_id: str | None = None
    current_version: int | None = None
    online_version: int | None = None
    publish_status: int | None = None
    album_version_list: Sequence[AlbumVersion] | None = None

    def version(self, number: int) -> AlbumVersion | None:
        """The listed version ``number`` (None when it was not asked for or does not exist)."""
        return next((v for v in self.album_version_list or () if v.version == number), None)

    @property
    def latest_version(self) -> int | None:
        """The current version number (from the heads, else the highest listed)."""
        if self.current_version is not None:
            return self.current_version
        seen = [v.current_version or v.version or 0 for v in self.album_version_list or ()]
        return max(seen) if seen else None

    @property
    def listing(self) -> PublishStatus | None:
        """``publish_status`` as a :class:`PublishStatus` (the heads', else a version's)."""
        status = self.publish_status
        if status is None and self.album_version_list:
            status = self.album_version_list[0].publish_status
        return enum_or_none(PublishStatus, status)


@attrs.frozen(slots=True)
class AlbumCreated(Model):
    """Create a play: the new ``album_id`` and its initial ``version`` (1, an empty draft)."""

    result_type: int | None = None
    album_id: str | None = None
    version: int | None = None

    @property
    def result(self) -> ResultType | None:
        """``result_type`` as a :class:`ResultType`: success, partial success or failure."""
        return enum_or_none(ResultType, self.result_type)


@attrs.frozen(slots=True)
class AlbumUpdated(Model):
    """Edit Play: the play's new ``version`` and the ids its episodes got in it.

    ``episode_id_map`` maps the ``episode_id`` passed in (or ``seq_<seq>`` for a new episode)
    to the episode's id in the new version (:attr:`episode_ids` as strings).
    """

    album_id: str | None = None
    version: int | None = None
    episode_id_map: Mapping[str, Any] | None = None
    album_status: int | None = None
    publish_status: int | None = None

    @property
    def episode_ids(self) -> dict[str, str]:
        """``episode_id_map`` with every id as a string."""
        return {str(k): str(v) for k, v in (self.episode_id_map or {}).items()}

    @property
    def status(self) -> AlbumStatus | None:
        """``album_status`` as an :class:`AlbumStatus`."""
        return enum_or_none(AlbumStatus, self.album_status)


@attrs.frozen(slots=True)
class ClientKeyResult(Model):
    """The outcome for one target ``client_key`` of Episode Authorization.

    ``error_code`` 0 (or absent) is success; otherwise ``error_code``/``error_message`` say
    why this one failed (e.g. 22010 "authorization already exists"). ``auth_status`` is where
    the target stands now: 1 authorized, 2 removed.
    """

    client_key: str | None = None
    auth_status: int | None = None
    error_code: int | None = None
    error_message: str | None = None

    @property
    def ok(self) -> bool:
        """True when this target was processed (``error_code`` 0 or absent)."""
        return not self.error_code

    @property
    def status(self) -> AuthStatus | None:
        """``auth_status`` as an :class:`AuthStatus`."""
        return enum_or_none(AuthStatus, self.auth_status)


@attrs.frozen(slots=True)
class AuthorizeResult(Model):
    """Episode Authorization, a batch: one :class:`ClientKeyResult` per target, in order.

    Some targets may fail while others succeed: read :attr:`failed` (each with its
    ``error_code``) rather than assuming all went through; nothing is raised for them.
    """

    client_key_result_list: Sequence[ClientKeyResult] | None = None

    @property
    def succeeded(self) -> list[ClientKeyResult]:
        """Targets processed."""
        return [r for r in self.client_key_result_list or () if r.ok]

    @property
    def failed(self) -> list[ClientKeyResult]:
        """Targets not processed, each with its ``error_code`` and ``error_message``."""
        return [r for r in self.client_key_result_list or () if not r.ok]

    @property
    def result(self) -> ResultType:
        """SUCCESS (all processed), PARTIAL (some failed) or FAILURE (all failed)."""
        if not self.failed:
            return ResultType.SUCCESS
        return ResultType.PARTIAL if self.succeeded else ResultType.FAILURE


@attrs.frozen(slots=True)
class OnlineVersion(Model):
    """Set the online version: the play's ``online_version`` now."""

    album_id: str | None = None
    online_version: int | None = None


@attrs.frozen(slots=True)
class AlbumListing(Model):
    """Show listing and delisting: the play's ``status`` now (1 available, 2 unavailable)."""

    album_id: str | None = None
    status: int | None = None

    @property
    def listing(self) -> ListingStatus | None:
        """``status`` as a :class:`ListingStatus`."""
        return enum_or_none(ListingStatus, self.status)


@attrs.frozen(slots=True)
class ReviewSubmitted(Model):
    """Submit for moderation: the ``review_id`` (appeals name it) and the ``result_type``.

    Moderation takes 1-3 working days; follow it with ``albums.get`` (``review_status``).
    """

    result_type: int | None = None
    review_id: str | None = None

    @property
    def result(self) -> ResultType | None:
        """``result_type`` as a :class:`ResultType`: success, partial success or failure."""
        return enum_or_none(ResultType, self.result_type)
