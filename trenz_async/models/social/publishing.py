"""Social/2 records: what to publish (:class:`Publication`), sessions, publications, prechecks.

One Upload and Publish call opens a :class:`PublishSession` with one publication per target
account. Each publication moves ``pending -> publishing -> published | failed`` on its own
(or ``pending -> cancelled``); the session is ``processing`` while any is unfinished, then
``completed`` (at least one published), ``failed`` (none published) or ``cancelled`` (all
cancelled). Times are unix seconds (an ISO 8601 time is read as its seconds).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from trenz_async.models._base import JsonText, Model, UnixSeconds, word_field

__all__ = [
    "FINAL_PUBLICATION_STATUSES",
    "PUBLICATION_WORDS",
    "PUBLISHED_STATUSES",
    "SESSION_WORDS",
    "Precheck",
    "Publication",
    "PublishSession",
    "PublishingRecord",
    "PublishingRecordDetail",
]

_DONE_WORDS = ("success", "succeeded", "succeed", "complete", "done", "finished")
_FAILED_WORDS = ("fail", "failure", "error", "errored")
SESSION_WORDS = {
    **dict.fromkeys((*_DONE_WORDS, "published"), "completed"),
    **dict.fromkeys(_FAILED_WORDS, "failed"),
    "canceled": "cancelled",
    **dict.fromkeys(("pending", "running", "in_progress", "queued", "publishing"), "processing"),
}
"""Other spellings of a session's status, read as the documented word (any case)."""
PUBLICATION_WORDS = {
    **dict.fromkeys((*_DONE_WORDS, "completed"), "published"),
    **dict.fromkeys(_FAILED_WORDS, "failed"),
    "canceled": "cancelled",
    **dict.fromkeys(("processing", "running", "in_progress", "uploading"), "publishing"),
    **dict.fromkeys(("queued", "scheduled", "waiting"), "pending"),
}
"""Other spellings of a publication's status, read as the documented word (any case)."""
PUBLISHED_STATUSES = frozenset({"published", "completed", "success"})
"""Publication statuses meaning "live on its platform" (the seed names none of them)."""
FINAL_PUBLICATION_STATUSES = PUBLISHED_STATUSES | {"failed", "cancelled"}
"""Publication statuses that never change again."""


@attrs.frozen(slots=True)
class Publication:
    """One target of ``upload_and_publish``: an account and how to post there.

    An input record, not a decoded one (a plain dict with the same keys works as well).
    ``platform_account_id`` is the account's ``id``; ``title`` overrides ``video_title`` for
    this account; ``platform_config`` is a dict of the platform's own options (e.g.
    ``{"privacy": "PUBLIC_TO_EVERYONE"}``), or a string already holding that JSON object;
    ``scheduled_at`` is unix seconds or an aware ``datetime`` at most 90 days ahead (``None``,
    ``0`` or a value under 5 minutes ahead publishes at once: it is sent as now). Values
    are checked when the call is made, and errors name ``publications[i].<field>``.
    """

    platform_account_id: int
    title: str | None = None
    platform_config: Mapping[str, Any] | str | None = None
    scheduled_at: int | dt.datetime | None = None


@attrs.frozen(slots=True)
class PublishingRecord(Model):
    """One publication of a video to one account: a session entry and a publishing record.

    ``status`` is ``pending``, ``publishing``, ``published``, ``failed`` or ``cancelled``
    (read in any case; ``completed``, ``success``, ``canceled`` and the like are read as
    these words: :data:`PUBLICATION_WORDS`). ``scheduled_at`` is None for an
    immediate publication; ``published_at``, ``platform_video_id`` and ``video_url`` are set
    once published; ``error_message`` once failed. ``record_id`` and ``publication_id`` name
    the same publication (cancel and reschedule take ``publication_id``; record detail takes
    ``record_id``).
    """

    record_id: str | None = None
    publication_id: str | None = None
    session_token: str | None = None
    bucket_name: str | None = None
    bucket_key: str | None = None
    platform_account_id: int | None = None
    platform: str | None = None
    title: str | None = None
    status: str | None = word_field(PUBLICATION_WORDS)
    scheduled_at: UnixSeconds | None = None
    created_at: UnixSeconds | None = None
    updated_at: UnixSeconds | None = None
    published_at: UnixSeconds | None = None
    platform_video_id: str | None = None
    video_url: str | None = None
    error_message: str | None = None

    @property
    def id(self) -> str | None:
        """The publication's id (``publication_id``, else ``record_id``)."""
        return self.publication_id or self.record_id

    @property
    def finished(self) -> bool:
        """True once published, failed or cancelled (it will not change again)."""
        return self.status in FINAL_PUBLICATION_STATUSES


@attrs.frozen(slots=True)
class PublishingRecordDetail(PublishingRecord):
    """A publishing record with its session's ``video_title``/``video_description`` and the
    ``platform_config`` it was sent with (JSON text, also when echoed as an object;
    :attr:`config` parses it)."""

    video_title: str | None = None
    video_description: str | None = None
    platform_config: JsonText | None = None

    @property
    def config(self) -> dict[str, Any] | None:
        """``platform_config`` as a dict (None when absent or not a JSON object)."""
        if not self.platform_config:
            return None
        try:
            parsed = json.loads(self.platform_config)
        except ValueError:
            return None
        return parsed if isinstance(parsed, dict) else None


@attrs.frozen(slots=True)
class PublishSession(Model):
    """A publish session: one video going to several accounts.

    ``status`` is ``processing``, ``completed``, ``failed`` or ``cancelled`` (read in any
    case, other spellings as these words: :data:`SESSION_WORDS`). A completed
    session may still hold failed publications: read :attr:`published`, :attr:`failed`,
    :attr:`pending` and :attr:`cancelled` (empty when the answer lists no ``publications``; the
    seed shows only ``status``). ``session_token`` is the one polled when the answer omits it;
    ``error_message`` is the session's own error text, if the service sends one.
    ``cancelled_publication_ids`` is set only by Cancel Publish Session.
    """

    session_token: str | None = None
    status: str | None = word_field(SESSION_WORDS)
    error_message: str | None = None
    video_title: str | None = None
    video_description: str | None = None
    bucket_name: str | None = None
    bucket_key: str | None = None
    created_at: UnixSeconds | None = None
    publications: Sequence[PublishingRecord] | None = None
    cancelled_publication_ids: Sequence[str] | None = None

    def _with(self, *statuses: str) -> list[PublishingRecord]:
        return [p for p in self.publications or () if p.status in statuses]

    @property
    def published(self) -> list[PublishingRecord]:
        """Publications that are live on their platform (see :data:`PUBLISHED_STATUSES`)."""
        return self._with(*PUBLISHED_STATUSES)

    @property
    def failed(self) -> list[PublishingRecord]:
        """Publications that failed (each with its ``error_message``)."""
        return self._with("failed")

    @property
    def pending(self) -> list[PublishingRecord]:
        """Publications not finished yet: ``pending`` (scheduled or queued) or ``publishing``."""
        return self._with("pending", "publishing")

    @property
    def cancelled(self) -> list[PublishingRecord]:
        """Publications cancelled before they started."""
        return self._with("cancelled")

    @property
    def finished(self) -> bool:
        """True once the session is ``completed``, ``failed`` or ``cancelled``."""
        return self.status in ("completed", "failed", "cancelled")


@attrs.frozen(slots=True)
class Precheck(Model):
    """A quality precheck of an uploaded video: ``running``, then ``passed`` or ``failed``.

    ``issues`` lists what the check found (empty while running); ``platform_account_id``
    and ``platform`` are None for a check against every platform.
    """

    precheck_id: str
    status: str | None = None
    bucket_name: str | None = None
    bucket_key: str | None = None
    platform_account_id: int | None = None
    platform: str | None = None
    issues: Sequence[str] | None = None
    created_at: int | None = None
    completed_at: int | None = None
