"""Publish sessions and their publications (Social/2 Video Publishing), on the simulator clock.

One Upload and Publish call makes one session and one publication per ``publications`` entry.
A publication's clock starts at its ``start``: the call's time, or its ``scheduled_at``.

Publication lifecycle (h11-style table; anything else is refused):

==========  ==========  ============================================================
from        to          when / by
==========  ==========  ============================================================
pending     publishing  the clock reaching ``start`` + 2 s
pending     cancelled   Cancel Individual Publish, Cancel Publish Session
publishing  published   ``start`` + 10 s, when nothing below applies
publishing  failed      ``start`` + 10 s, with ``error_message``: an armed
                        ``sim.fail_next_publication``, the account disconnected, its
                        token expired by then, or the video failing the platform's
                        check (the first check-info issue for that platform)
published   (final)
failed      (final)
cancelled   (final)
==========  ==========  ============================================================

Reschedule (only ``pending``) moves ``start`` to the new ``scheduled_at`` (or to now, when
the new value is demoted to immediate by the scheduling rule below).

Session ``status``, derived from its publications:

==============================================  ==========
publications                                    status
==============================================  ==========
any pending or publishing                       processing
all cancelled                                   cancelled
all final, at least one published               completed
all final, none published (failed / cancelled)  failed
==============================================  ==========

Scheduling rule for ``scheduled_at`` (unix seconds; seed: "values under 5 minutes are
auto-demoted to immediate"): absent, null, ``0``, in the past or less than 5 minutes ahead =
immediate (``scheduled_at`` answered as null); more than 90 days ahead is refused. Reschedule
follows the same rule (its ``scheduled_at`` is required).

Answers: ``answers = "full"`` (default) gives every field of the session; ``"seed"`` gives only
what the seed shows: Upload and Publish ``{session_token}``, Publish Session Status ``{status}``,
and Publishing Record List rows without their session's token (the seed shows no record field;
that is the one a client could least do without).
"""

from __future__ import annotations

import heapq
import json
import random
import uuid
from collections.abc import Callable
from typing import Any

import attrs

from trenz_async.testing.trenz.envelope import SimError
from trenz_async.testing.trenz.gen_common import IdMaker
from trenz_async.testing.trenz.social_accounts import SocialAccounts

MIN_AHEAD = 300
MAX_AHEAD = 90 * 86_400
TO_PUBLISHING = 2
TO_FINAL = 10
MAX_PUBLICATIONS = 20
FINAL = frozenset({"published", "failed", "cancelled"})
PUBLICATION_TRANSITIONS: dict[str, frozenset[str]] = {
    "pending": frozenset({"publishing", "cancelled"}),
    "publishing": frozenset({"published", "failed"}),
    "published": frozenset(),
    "failed": frozenset(),
    "cancelled": frozenset(),
}
PUBLICATION_STATUSES = tuple(PUBLICATION_TRANSITIONS)
ANSWERS = ("full", "seed")
SEED_FIELDS = {"publish": ("session_token",), "session": ("status",)}
"""What the seed shows of each session answer (``answers = "seed"``)."""
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def platform_video(rng: random.Random, platform: str, username: str) -> tuple[str, str]:
    """Return a ``(platform_video_id, video_url)`` in the style of ``platform``."""
    if platform == "youtube":
        vid = "".join(rng.choice(_B64) for _ in range(11))
        return vid, f"https://www.youtube.com/shorts/{vid}"
    if platform == "instagram":
        code = "".join(rng.choice(_B64[:62]) for _ in range(11))
        return str(rng.randrange(10**16, 10**17)), f"https://www.instagram.com/reel/{code}/"
    if platform == "facebook":
        vid = str(rng.randrange(10**15, 10**16))
        return vid, f"https://www.facebook.com/reel/{vid}"
    vid = str(rng.randrange(7 * 10**18, 10**19 - 1))
    return vid, f"https://www.tiktok.com/@{username}/video/{vid}"


def schedule(value: int | None, now: float, field: str) -> int | None:
    """Apply the scheduling rule: the effective ``scheduled_at``, or None for immediate."""
    if value is None or value <= now + MIN_AHEAD:
        return None
    if value > now + MAX_AHEAD:
        raise SimError("INVALID_PARAM", f"{field} must be at most 90 days from now")
    return value


@attrs.frozen
class PublicationRequest:
    """One validated ``publications`` entry; ``blocked_by`` is the platform check's first issue."""

    platform_account_id: int
    platform: str
    title: str
    platform_config: dict[str, Any]
    scheduled_at: int | None
    blocked_by: str | None = None


@attrs.frozen
class SessionRequest:
    """A validated Upload and Publish call."""

    video_title: str
    video_description: str
    bucket_name: str
    bucket_key: str
    publications: tuple[PublicationRequest, ...]


@attrs.define
class Publication:
    """One publication of a session to one account."""

    publication_id: str
    session_token: str
    bucket_name: str
    bucket_key: str
    request: PublicationRequest
    created_at: int
    start: float
    scheduled_at: int | None
    status: str = "pending"
    updated_at: int = 0
    published_at: int | None = None
    platform_video_id: str | None = None
    video_url: str | None = None
    error_message: str | None = None
    fail_message: str | None = None
    version: int = 0

    def move(self, status: str, at: float) -> None:
        """Move along :data:`PUBLICATION_TRANSITIONS`; anything else raises ValueError."""
        if status not in PUBLICATION_TRANSITIONS[self.status]:
            raise ValueError(f"publication {self.publication_id}: {self.status} -> {status}")
        self.status = status
        self.updated_at = int(at)
        self.version += 1

    def view(self) -> dict[str, Any]:
        """Return the publication as a session entry and a publishing record."""
        return {
            "record_id": self.publication_id,
            "publication_id": self.publication_id,
            "session_token": self.session_token,
            "bucket_name": self.bucket_name,
            "bucket_key": self.bucket_key,
            "platform_account_id": self.request.platform_account_id,
            "platform": self.request.platform,
            "title": self.request.title,
            "status": self.status,
            "scheduled_at": self.scheduled_at,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "published_at": self.published_at,
            "platform_video_id": self.platform_video_id,
            "video_url": self.video_url,
            "error_message": self.error_message,
        }


@attrs.define
class Session:
    """One publish session: the video and its publications."""

    session_token: str
    request: SessionRequest
    created_at: int
    publications: list[Publication]

    @property
    def status(self) -> str:
        """The session status derived from its publications (see the module table)."""
        statuses = {p.status for p in self.publications}
        if statuses & {"pending", "publishing"}:
            return "processing"
        if statuses == {"cancelled"}:
            return "cancelled"
        return "completed" if "published" in statuses else "failed"

    def view(self) -> dict[str, Any]:
        """Return the session as Publish Session Status answers it."""
        return {
            "session_token": self.session_token,
            "status": self.status,
            "video_title": self.request.video_title,
            "video_description": self.request.video_description,
            "bucket_name": self.request.bucket_name,
            "bucket_key": self.request.bucket_key,
            "created_at": self.created_at,
            "publications": [p.view() for p in self.publications],
        }


class PublishingStore:
    """Sessions by token and publications by id; the clock moves them lazily, in due order."""

    def __init__(
        self,
        seed: int,
        now: Callable[[], float],
        accounts: SocialAccounts,
        bump: Callable[[str], None],
    ) -> None:
        self._seed = seed
        self._now = now
        self._accounts = accounts
        self._bump = bump
        self._rng = random.Random(f"social-publish:{seed}")
        self._ids = IdMaker(random.Random(f"social-publication-ids:{seed}"))
        self._sessions: dict[str, Session] = {}
        self._publications: dict[str, Publication] = {}
        self._order: list[Publication] = []
        self._due: list[tuple[float, int, int, Publication]] = []
        self._seq = 0
        self._armed: list[tuple[int | None, str]] = []
        self.answers = "full"

    # time

    def _push(self, publication: Publication) -> None:
        step = TO_PUBLISHING if publication.status == "pending" else TO_FINAL
        self._seq += 1
        entry = (publication.start + step, self._seq, publication.version, publication)
        heapq.heappush(self._due, entry)

    def tick(self) -> None:
        """Apply every transition due by now, in the order they fell due."""
        now = self._now()
        while self._due and self._due[0][0] <= now:
            at, _, version, publication = heapq.heappop(self._due)
            if version != publication.version or publication.status in FINAL:
                continue
            if publication.status == "pending":
                publication.move("publishing", at)
                self._push(publication)
            else:
                self._finish(publication, at)

    def _finish(self, publication: Publication, at: float) -> None:
        reason = publication.fail_message or self._refusal(publication, at)
        if reason is not None:
            publication.move("failed", at)
            publication.error_message = reason
            return
        publication.move("published", at)
        publication.published_at = int(at)
        account = self._accounts.get(publication.request.platform_account_id)
        rng = random.Random(f"{self._seed}:{publication.publication_id}")
        username = account.username if account else "user"
        video_id, url = platform_video(rng, publication.request.platform, username)
        publication.platform_video_id, publication.video_url = video_id, url

    def _refusal(self, publication: Publication, at: float) -> str | None:
        account_id = publication.request.platform_account_id
        account = self._accounts.get(account_id)
        if account is None:
            return f"social account {account_id} was disconnected"
        if account.token_expires_at <= at:
            return f"access token of social account {account_id} has expired; refresh it"
        return publication.request.blocked_by

    # writes

    def create(self, request: SessionRequest) -> Session:
        """Open a session with one pending publication per entry, counting each."""
        self.tick()
        now = self._now()
        token = str(uuid.UUID(int=self._rng.getrandbits(128), version=4))
        session = Session(token, request, int(now), [])
        for entry in request.publications:
            start = float(entry.scheduled_at) if entry.scheduled_at is not None else now
            publication = Publication(
                publication_id=self._ids(),
                session_token=token,
                bucket_name=request.bucket_name,
                bucket_key=request.bucket_key,
                request=entry,
                created_at=int(now),
                start=start,
                scheduled_at=entry.scheduled_at,
                updated_at=int(now),
                fail_message=self._disarm(entry.platform_account_id),
            )
            session.publications.append(publication)
            self._publications[publication.publication_id] = publication
            self._order.append(publication)
            self._push(publication)
            self._count(request.bucket_key, entry.platform_account_id)
        self._sessions[token] = session
        self._bump("publish_sessions_created")
        return session

    def _count(self, bucket_key: str, account_id: int) -> None:
        for name in counter_names(bucket_key, account_id):
            self._bump(name)

    def _disarm(self, account_id: int) -> str | None:
        for index, (wanted, message) in enumerate(self._armed):
            if wanted is None or wanted == account_id:
                del self._armed[index]
                return message
        return None

    def fail_next(self, platform_account_id: int | None, message: str) -> None:
        """Make the next publication created (for that account, or any) fail with ``message``."""
        self._armed.append((platform_account_id, message))

    def pending_of(self, token: str) -> list[Publication]:
        """Return the session's pending publications; none is a 400 naming session_token."""
        session = self.session(token)
        pending = [p for p in session.publications if p.status == "pending"]
        if not pending:
            raise SimError(
                "INVALID_PARAM",
                f"session_token: session {token} has no pending publication to cancel "
                f"(status {session.status})",
            )
        return pending

    def cancel_session(self, token: str) -> tuple[Session, list[str]]:
        """Cancel every pending publication of the session; none pending is a 400."""
        pending = self.pending_of(token)
        for publication in pending:
            publication.move("cancelled", self._now())
            self._bump("publications_cancelled")
        return self.session(token), [p.publication_id for p in pending]

    def cancel(self, publication_id: str) -> Publication:
        """Cancel one pending publication."""
        publication = self.pending(publication_id, "cancelled")
        publication.move("cancelled", self._now())
        self._bump("publications_cancelled")
        return publication

    def reschedule(self, publication_id: str, scheduled_at: int | None) -> Publication:
        """Move a pending publication to ``scheduled_at`` (from :func:`schedule`; None: now)."""
        publication = self.pending(publication_id, "rescheduled")
        now = self._now()
        publication.scheduled_at = scheduled_at
        publication.start = float(scheduled_at) if scheduled_at is not None else now
        publication.updated_at = int(now)
        publication.version += 1
        self._push(publication)
        self._bump("publications_rescheduled")
        return publication

    def pending(self, publication_id: str, verb: str) -> Publication:
        """Return the publication if pending, else 400 INVALID_PARAM: it cannot be ``verb``."""
        publication = self.publication(publication_id)
        if publication.status != "pending":
            raise SimError(
                "INVALID_PARAM",
                f"publication_id: publication {publication_id} is already {publication.status};"
                f" only pending publications can be {verb}",
            )
        return publication

    # reads

    def answer(self, session: Session, operation: str) -> dict[str, Any]:
        """The session as ``operation`` (``publish`` or ``session``) answers it, per ``answers``."""
        view = session.view()
        if self.answers == "seed":
            return {name: view[name] for name in SEED_FIELDS[operation]}
        return view

    def session(self, token: str) -> Session:
        """Return the session (moved to now), or raise 400 INVALID_PARAM naming session_token."""
        self.tick()
        session = self._sessions.get(token)
        if session is None:
            raise SimError("INVALID_PARAM", f"session_token: no publish session {token}")
        return session

    def publication(self, publication_id: str, field: str = "publication_id") -> Publication:
        """Return the publication (moved to now), or raise 400 INVALID_PARAM naming ``field``."""
        self.tick()
        publication = self._publications.get(publication_id)
        if publication is None:
            raise SimError("INVALID_PARAM", f"{field}: no publication {publication_id}")
        return publication

    def records(
        self,
        *,
        bucket_key: str | None = None,
        platform_account_id: int | None = None,
        status: str | None = None,
        session_token: str | None = None,
    ) -> list[Publication]:
        """Return the publications matching every filter given, newest first."""
        self.tick()
        return [
            p
            for p in reversed(self._order)
            if (bucket_key is None or p.bucket_key == bucket_key)
            and (
                platform_account_id is None or p.request.platform_account_id == platform_account_id
            )
            and (status is None or p.status == status)
            and (session_token is None or p.session_token == session_token)
        ]


def counter_names(bucket_key: str | None, platform_account_id: int | None) -> list[str]:
    """Journal counter names bumped per publication created (total, per key/account/both)."""
    names = ["publications_created"]
    if bucket_key is not None:
        names.append(f"publications_created key={bucket_key}")
    if platform_account_id is not None:
        names.append(f"publications_created account={platform_account_id}")
    if bucket_key is not None and platform_account_id is not None:
        names.append(f"publications_created key={bucket_key} account={platform_account_id}")
    return names


def config_text(config: dict[str, Any]) -> str:
    """Return ``platform_config`` as the JSON text it travels as."""
    return json.dumps(config, separators=(",", ":"))
