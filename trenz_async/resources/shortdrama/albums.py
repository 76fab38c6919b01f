"""``tiktok.shortdrama.albums``: plays (albums), their versions, authorisation, moderation.

A play's lifecycle: ``create`` (version 1, empty) -> ``update`` (fills version 1; every later
update writes the next version from the current one) -> ``submit_review`` (1-3 working
days) -> approved -> ``set_online_version`` -> ``status`` (list / delist). A rejected review
can be appealed (``appeal``); one under review can be withdrawn (``withdraw_review``).

The version guard. ``version`` is optional (the seed: "used for concurrency protection"):
named, the service refuses it when stale, so an update whose answer was lost cannot be applied
twice; omitted, the update applies to the current version. This client also remembers the
versions it has seen (from ``create``, ``update`` and ``get``) and refuses before sending an
update that is sure to be refused: a ``version`` below the one it saw, or a first fill without
``album_info``. When it has not seen the play, the service's refusal comes back as
:class:`~trenz_async.errors.BadRequestError`.

Urgent reviews. An organisation may submit 35 urgent (``priority_score`` 1) reviews a day
(UTC). The client counts its own and refuses the 36th before sending
(:class:`~trenz_async.errors.ValidationError` on ``priority_score``); the service's own
refusal (other clients of the organisation count too) is a
:class:`~trenz_async.errors.BadRequestError`.

Results. ``result_type`` 3 (failure) on create or submit raises
:class:`~trenz_async.errors.OperationFailedError` (``.last`` is the answer); 2 (partial
success) is returned, not raised. Authorization reports each target client_key: read
``AuthorizeResult.failed``.
"""

from __future__ import annotations

from collections.abc import Coroutine, Mapping, Sequence
from typing import Any, TypeVar, Unpack

import attrs
import cattrs

from trenz_async.errors import APIError, ConnectError, OperationFailedError, ValidationError
from trenz_async.models.shortdrama import (
    Album,
    AlbumCreated,
    AlbumInfo,
    AlbumInfoInput,
    AlbumListing,
    AlbumStatus,
    AlbumUpdated,
    AppealItemType,
    AuthOperation,
    AuthorizeResult,
    EpisodeInfoInput,
    ListingStatus,
    OnlineVersion,
    OperationType,
    PriorityScore,
    ResultType,
    ReviewSubmitted,
)
from trenz_async.resources._base import CallOptions
from trenz_async.resources.shortdrama._base import DramaResource
from trenz_async.resources.shortdrama._checks import (
    UrgentLedger,
    album_info_body,
    check_attachments,
    check_client_keys,
    check_code,
    check_int64_id,
    check_text,
    check_version,
    episodes_body,
)
from trenz_async.resources.shortdrama.paths import (
    ALBUM_AUTHORIZE,
    ALBUM_CREATE,
    ALBUM_ONLINE_VERSION,
    ALBUM_QUERY,
    ALBUM_STATUS,
    ALBUM_UPDATE,
    REVIEW_APPEAL,
    REVIEW_SUBMIT,
    REVIEW_WITHDRAW,
)
from trenz_async.transport import Transport

__all__ = ["AlbumsResource"]

R = TypeVar("R", AlbumCreated, ReviewSubmitted)


class AlbumsResource(DramaResource):
    """Plays: create, update (version guard), get, authorize, online version, listing status,
    and moderation (submit_review, appeal, withdraw_review)."""

    def __init__(self, transport: Transport, converter: cattrs.Converter, client_key: str) -> None:
        super().__init__(transport, converter, client_key)
        self.urgent = UrgentLedger()
        """This client's urgent review submissions today (``.used``, ``.limit``)."""
        self._seen: dict[str, tuple[int, bool | None]] = {}

    def known_version(self, album_id: int | str) -> int | None:
        """The highest current version this client has seen for the play (None: not seen)."""
        seen = self._seen.get(str(check_int64_id("album_id", album_id)))
        return seen[0] if seen else None

    def _saw(self, album_id: str | None, version: int | None, filled: bool | None) -> None:
        if not album_id or version is None:
            return
        old_version, old_filled = self._seen.get(album_id, (0, None))
        if version < old_version:
            return
        if version == old_version and filled is None:
            filled = old_filled
        self._seen[album_id] = (version, filled)

    def create(self, **options: Unpack[CallOptions]) -> Coroutine[Any, Any, AlbumCreated]:
        """Create a play; return its ``album_id`` and initial ``version`` (1, to be filled by
        :meth:`update`). A write, never re-sent after a lost answer (it would create two)."""
        return self._created(self._write(ALBUM_CREATE, AlbumCreated, options, {}))

    async def _created(self, sent: Coroutine[Any, Any, AlbumCreated]) -> AlbumCreated:
        created = _refuse_failure(await sent, "album create")
        self._saw(created.album_id, created.version or 1, False)
        return created

    def update(
        self,
        *,
        album_id: int | str,
        operation_type: int = OperationType.DRAFT,
        version: int | None = None,
        album_status: int | None = None,
        album_info: AlbumInfoInput | Mapping[str, Any] | None = None,
        episode_info_list: Sequence[EpisodeInfoInput | Mapping[str, Any]] | None = None,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, AlbumUpdated]:
        """Edit a play: write its next version (``operation_type`` 1) or set only its editing
        status (2, with ``album_status`` 1 not launched, 2 updating, 3 completed).

        ``version`` is the current version you are editing (an int): optional, but name it
        to have a stale edit refused instead of applied over someone else's. ``album_info`` (an
        :class:`~trenz_async.models.shortdrama.AlbumInfoInput` or a dict) is required for the
        first fill, then only what changes. ``episode_info_list`` (required for type 1; may be
        empty) adds episodes (no ``episode_id``: ``title``, ``seq``, ``cover_list``,
        ``byteplus_vid``) or changes the named ones. Returns the new ``version`` and
        ``episode_id_map``. A stale version raises :class:`~trenz_async.errors.ValidationError`
        when this client knows it, else the service's
        :class:`~trenz_async.errors.BadRequestError`. A write.
        """
        key = check_int64_id("album_id", album_id)
        operation = check_code("operation_type", operation_type, OperationType)
        body: dict[str, object] = {"album_id": key, "operation_type": operation}
        if version is not None:
            body["version"] = check_version("version", version)
        if album_status is not None:
            body["album_status"] = check_code("album_status", album_status, AlbumStatus)
        elif operation == OperationType.STATUS_ONLY:
            raise ValidationError("album_status", "is required when operation_type=2")
        if operation == OperationType.STATUS_ONLY:
            for name, value in (
                ("album_info", album_info),
                ("episode_info_list", episode_info_list),
            ):
                if value is not None:
                    rule = "is not taken with operation_type=2 (it changes the status only)"
                    raise ValidationError(name, rule, value)
        else:
            if album_info is not None:
                body["album_info"] = info = album_info_body(album_info)
            if episode_info_list is None:
                rule = "is required when operation_type=1 (it may be an empty list)"
                raise ValidationError("episode_info_list", rule)
            seq_num = info.get("seq_num") if album_info is not None else None
            body["episode_info_list"] = episodes_body(episode_info_list, seq_num)
        self._guard(str(key), body)
        return self._updated(self._write(ALBUM_UPDATE, AlbumUpdated, options, body), operation)

    def _guard(self, album_id: str, body: Mapping[str, object]) -> None:
        """Refuse an update the service is sure to refuse, from the versions seen."""
        if album_id not in self._seen:
            return
        current, filled = self._seen[album_id]
        version = body.get("version")
        if isinstance(version, int) and version < current:
            rule = (
                f"is stale: play {album_id} is at version {current} or later; read it again "
                "(albums.get) and edit the current version"
            )
            raise ValidationError("version", rule, version)
        first_fill = filled is False and body["operation_type"] == OperationType.DRAFT
        if first_fill and "album_info" not in body:
            rule = f"is required for the first upload of play {album_id}'s information"
            raise ValidationError("album_info", rule)

    async def _updated(
        self, sent: Coroutine[Any, Any, AlbumUpdated], operation: int
    ) -> AlbumUpdated:
        updated = await sent
        if operation == OperationType.DRAFT:
            self._saw(updated.album_id, updated.version, True)
        return updated

    def get(
        self,
        *,
        album_id: int | str,
        version: int | None = None,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, Album]:
        """Query a play: its heads (``album_id``, ``current_version``, ``online_version``,
        ``publish_status``; from the first listed version when only the versions carry them)
        and version ``version``, or every version when omitted, each with its
        ``review_status``, ``album_info`` and episodes. A read."""
        params: dict[str, object] = {"album_id": str(check_int64_id("album_id", album_id))}
        if version is not None:
            params["version"] = check_version("version", version)
        return self._queried(self._read(ALBUM_QUERY, Album, options, params))

    async def _queried(self, sent: Coroutine[Any, Any, Album]) -> Album:
        album = _with_heads(await sent)
        self._saw(album.album_id, album.latest_version, _filled(album))
        return album

    def authorize(
        self,
        *,
        album_id: int | str,
        operate_type: int,
        target_client_key_list: Sequence[str],
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, AuthorizeResult]:
        """Add (``operate_type`` 1) or remove (2) other apps' (client_keys') access to a play.

        A batch: the answer has one result per target, and some may fail while others
        succeed; ``.failed`` lists those with their ``error_code`` and ``error_message``
        (nothing is raised for them). A write.
        """
        body = {
            "album_id": check_int64_id("album_id", album_id),
            "operate_type": check_code("operate_type", operate_type, AuthOperation),
            "target_client_key_list": check_client_keys(target_client_key_list),
        }
        return self._write(ALBUM_AUTHORIZE, AuthorizeResult, options, body)

    def set_online_version(
        self, *, album_id: int | str, version: int, **options: Unpack[CallOptions]
    ) -> Coroutine[Any, Any, OnlineVersion]:
        """Make ``version`` (one that passed moderation) the play's online version. A write."""
        body = {
            "album_id": check_int64_id("album_id", album_id),
            "version": check_version("version", version),
        }
        return self._write(ALBUM_ONLINE_VERSION, OnlineVersion, options, body)

    def status(
        self, *, album_id: int | str, status: int, **options: Unpack[CallOptions]
    ) -> Coroutine[Any, Any, AlbumListing]:
        """List (``status`` 1) or delist (2) the play; it needs an online version. A write."""
        body = {
            "album_id": check_int64_id("album_id", album_id),
            "status": check_code("status", status, ListingStatus),
        }
        return self._write(ALBUM_STATUS, AlbumListing, options, body)

    def submit_review(
        self,
        *,
        album_id: int | str,
        version: int,
        priority_score: int | None = None,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, ReviewSubmitted]:
        """Submit ``version`` of the play for moderation (1-3 working days); return the
        ``review_id``.

        ``priority_score`` 1 is urgent (35 a day per organisation; the client refuses its own
        36th of the UTC day before sending), 2 normal (the service's default when omitted).
        Follow the outcome with :meth:`get` (``review_status``). A write.
        """
        body: dict[str, object] = {
            "album_id": check_int64_id("album_id", album_id),
            "version": check_version("version", version),
        }
        urgent = False
        if priority_score is not None:
            body["priority_score"] = check_code("priority_score", priority_score, PriorityScore)
            urgent = body["priority_score"] == PriorityScore.URGENT
        if urgent:
            self.urgent.check()
        return self._submitted(body, urgent, options)

    async def _submitted(
        self, body: Mapping[str, object], urgent: bool, options: CallOptions
    ) -> ReviewSubmitted:
        day = self.urgent.take() if urgent else None
        try:
            submitted = await self._write(REVIEW_SUBMIT, ReviewSubmitted, options, body)
            return _refuse_failure(submitted, "review submit")
        except (APIError, ConnectError, OperationFailedError):
            if day is not None:  # refused or never received: the service did not count it
                self.urgent.give_back(day)
            raise

    def appeal(
        self,
        *,
        album_id: int | str,
        review_id: int | str,
        appeal_item_type: int,
        item_id: str | int,
        appeal_reason: str,
        attachment_urls: Sequence[str] | None = None,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, None]:
        """Appeal a rejected moderation result (``review_id``) of the play or one episode.

        ``appeal_item_type`` 1 appeals the play (``item_id`` is the ``album_id``), 2 an
        episode (``item_id`` is its ``episode_id``). ``attachment_urls``: at most 10 URLs
        (200 MB a file at most, which the client cannot check). The decision follows like a
        review's (``albums.get``). Returns None: success is the envelope's ``ok``. A write.
        """
        key = check_int64_id("album_id", album_id)
        item_type = check_code("appeal_item_type", appeal_item_type, AppealItemType)
        ok_int = isinstance(item_id, int) and not isinstance(item_id, bool) and item_id > 0
        item = str(item_id) if ok_int else check_text("item_id", item_id)
        if item_type == AppealItemType.PLAY and item != str(key):
            rule = f"must be the album_id ({key}) when appeal_item_type is 1 (the play)"
            raise ValidationError("item_id", rule, item_id)
        body: dict[str, object] = {
            "album_id": key,
            "review_id": check_int64_id("review_id", review_id),
            "appeal_item_type": item_type,
            "item_id": item,
            "appeal_reason": check_text("appeal_reason", appeal_reason),
        }
        attachments = check_attachments(attachment_urls)
        if attachments is not None:
            body["attachment_urls"] = attachments
        return self._acknowledged(REVIEW_APPEAL, options, body)

    def withdraw_review(
        self, *, album_id: int | str, version: int, **options: Unpack[CallOptions]
    ) -> Coroutine[Any, Any, None]:
        """Withdraw ``version`` from moderation while it is under review. Returns None. A write."""
        body = {
            "album_id": check_int64_id("album_id", album_id),
            "version": check_version("version", version),
        }
        return self._acknowledged(REVIEW_WITHDRAW, options, body)


_HEADS = ("album_id", "current_version", "online_version", "publish_status")


def _with_heads(album: Album) -> Album:
    """``album`` with each play-level field it lacks taken from the newest listed version (the
    seed's answer holds only ``album_version_list``; each entry carries the play's fields, as
    they stand now or as they stood at that version: the newest is right either way)."""
    versions = album.album_version_list or ()
    first = max(versions, key=lambda v: (v.version or 0, v.current_version or 0), default=None)
    if first is None:
        return album
    found = {name: getattr(first, name) for name in _HEADS if getattr(album, name) is None}
    found = {name: value for name, value in found.items() if value is not None}
    return attrs.evolve(album, **found) if found else album


def _filled(album: Album) -> bool | None:
    """Whether the play's information is filled, as far as the answer shows (None: unknown)."""
    latest = album.latest_version
    if latest is None:
        return None
    if latest > 1:
        return True
    entry = album.version(latest)
    if entry is not None and (entry.episode_info_list or (entry.album_info or _EMPTY).title):
        return True
    return None


_EMPTY = AlbumInfo()


def _refuse_failure(answer: R, what: str) -> R:
    """Raise for ``result_type`` 3 (failure); a partial success (2) is returned."""
    if answer.result_type == ResultType.FAILURE:
        raise OperationFailedError(f"{what} failed (result_type 3)", last=answer)
    return answer
