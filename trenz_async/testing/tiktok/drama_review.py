"""Short-drama moderation: submit, decisions on the sim clock, appeal, withdraw.

A version's ``review_status`` moves only along this table (anything else is refused with
``invalid_request`` naming the two states; :func:`move` raises ``ValueError`` for a bug):

=================  ================  ===============================================================
from               to                by
=================  ================  ===============================================================
0 not submitted    1 under review    ``/album/review/submit/``
4 withdrawn        1 under review    ``/album/review/submit/`` again (a new ``review_id``)
1 under review     2 approved        the decision, due N working days after the submit
1 under review     3 rejected        the decision, when it rejects (see below)
1 under review     4 withdrawn       ``/album/review/withdraw/``
3 rejected         5 appealing       ``/album/review/appeal/``
5 appealing        6 appeal approved the appeal's decision, N working days after the appeal
5 appealing        7 appeal rejected the appeal's decision, when it rejects
2, 6, 7            (final)           edit the play (a new version) to go again
=================  ================  ===============================================================

Timing: N is 1 for urgent submissions (``priority_score`` 1) and 1, 2 or 3 otherwise (a hash of
the ``review_id``); appeals take 2. Working days skip Saturday and Sunday (UTC): each day added
lands on a weekday, at the same time of day (Friday 10:00 + 1 is Monday 10:00). Decisions
happen lazily when state is read; ``decide_now`` forces one.

Outcome: the next outcome a test queued for the album (``sim.drama_review_outcome``) wins;
otherwise a review rejects when the version's album title or any episode title contains
``reject`` (any case), and an appeal rejects when its ``appeal_reason`` contains ``reject``.

Rules: one version per album under review or appeal at a time; a version needs
``album_info`` and at least one episode; at most 35 urgent submissions per organisation per UTC
day (the 36th is refused, withdrawals do not give it back); appeals name a review that is
rejected, ``item_id`` is the album id (``appeal_item_type`` 1) or an episode id of the reviewed
version (2), at most 10 ``attachment_urls``; a withdrawal names a version under review.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import deque
from collections.abc import Callable
from typing import Any

import attrs

from trenz_async.testing.tiktok.drama_albums import (
    APPEAL_APPROVED,
    APPEAL_REJECTED,
    APPEALING,
    APPROVED,
    NOT_SUBMITTED,
    REJECTED,
    UNDER_REVIEW,
    WITHDRAWN,
    Album,
    AlbumStore,
    Version,
)
from trenz_async.testing.tiktok.drama_media import Ids, invalid, refused

REVIEW_TRANSITIONS: dict[int, frozenset[int]] = {
    NOT_SUBMITTED: frozenset({UNDER_REVIEW}),
    WITHDRAWN: frozenset({UNDER_REVIEW}),
    UNDER_REVIEW: frozenset({APPROVED, REJECTED, WITHDRAWN}),
    REJECTED: frozenset({APPEALING}),
    APPEALING: frozenset({APPEAL_APPROVED, APPEAL_REJECTED}),
    APPROVED: frozenset(),
    APPEAL_APPROVED: frozenset(),
    APPEAL_REJECTED: frozenset(),
}
REVIEW_NAMES = {
    NOT_SUBMITTED: "not submitted",
    UNDER_REVIEW: "under review",
    APPROVED: "approved",
    REJECTED: "rejected",
    WITHDRAWN: "withdrawn",
    APPEALING: "appealing",
    APPEAL_APPROVED: "appeal approved",
    APPEAL_REJECTED: "appeal rejected",
}
URGENT, NORMAL = 1, 2
URGENT_PER_DAY = 35
APPEAL_DAYS = 2
MAX_ATTACHMENTS = 10
DAY = 86_400.0
REVIEWS_SUBMITTED, APPEALS, WITHDRAWALS = (
    "drama reviews submitted",
    "drama appeals",
    "drama review withdrawals",
)


def move(version: Version, status: int) -> None:
    """Move ``version`` along :data:`REVIEW_TRANSITIONS`; an illegal edge raises ValueError."""
    if status not in REVIEW_TRANSITIONS[version.review_status]:
        old, new = REVIEW_NAMES[version.review_status], REVIEW_NAMES[status]
        raise ValueError(f"review status cannot go from {old} to {new}")
    version.review_status = status


def add_working_days(start: float, days: int) -> float:
    """``start`` plus ``days`` working days (UTC): each step lands on a weekday."""
    moment = datetime.datetime.fromtimestamp(start, datetime.UTC)
    for _ in range(days):
        moment += datetime.timedelta(days=1)
        while moment.weekday() >= 5:
            moment += datetime.timedelta(days=1)
    return moment.timestamp()


@attrs.define
class Review:
    """One moderation task (and its appeal) of one album version."""

    review_id: int
    album_id: int
    version: int
    organisation: str
    priority_score: int
    submitted_at: float
    decide_at: float | None
    appeal_reason: str | None = None
    attachment_urls: list[str] = attrs.field(factory=list)


class ReviewDesk:
    """Reviews by id, the urgent quota per organisation and day, and queued outcomes."""

    def __init__(
        self,
        seed: int,
        now: Callable[[], float],
        albums: AlbumStore,
        bump: Callable[[str], None],
    ) -> None:
        self._ids = Ids(seed, "reviews")
        self._now = now
        self._albums = albums
        self._bump = bump
        self.reviews: dict[int, Review] = {}
        self._urgent: dict[tuple[str, str], int] = {}
        self._outcomes: dict[int, deque[bool]] = {}

    def queue_outcome(self, album_id: int, approve: bool) -> None:
        """The next decision (review or appeal) on ``album_id`` approves or rejects."""
        self._outcomes.setdefault(album_id, deque()).append(approve)

    def clear_outcomes(self) -> None:
        self._outcomes.clear()

    def urgent_used(self, organisation: str) -> int:
        """Urgent submissions counted for ``organisation`` on today's UTC date (sim clock)."""
        return self._urgent.get((organisation, _utc_date(self._now())), 0)

    def refresh(self) -> None:
        """Decide every review or appeal whose time has come."""
        now = self._now()
        for review in self.reviews.values():
            if review.decide_at is not None and review.decide_at <= now:
                self._decide(review)

    def decide_now(self, review_id: int) -> int:
        """Decide a pending review or appeal now; return the new status (KeyError/ValueError)."""
        review = self.reviews[review_id]
        if review.decide_at is None:
            raise ValueError(f"review {review_id} has nothing pending")
        return self._decide(review)

    def _decide(self, review: Review) -> int:
        album = self._albums.albums[review.album_id]
        version = album.versions[review.version]
        review.decide_at = None
        queued = self._outcomes.get(album.album_id)
        appeal = version.review_status == APPEALING
        if queued:
            approve = queued.popleft()
        elif appeal:
            approve = "reject" not in (review.appeal_reason or "").lower()
        else:
            approve = not _mentions_reject(version)
        if appeal:
            move(version, APPEAL_APPROVED if approve else APPEAL_REJECTED)
        else:
            move(version, APPROVED if approve else REJECTED)
        return version.review_status

    def submit(
        self, owner: str, organisation: str, album_id: int, number: int, priority: int
    ) -> Review:
        self.refresh()
        album = self._albums.owned(owner, album_id)
        version = album.version(number)
        if not version.filled or not version.episodes:
            raise refused(f"version {number} has no album_info or no episodes to review")
        busy = _busy_version(album)
        if busy is not None and busy != number:
            raise refused(f"version {busy} of play {album_id} is already under moderation")
        _check_edge(version, UNDER_REVIEW)
        now = self._now()
        if priority == URGENT:
            day_key = (organisation, _utc_date(now))
            if self._urgent.get(day_key, 0) >= URGENT_PER_DAY:
                raise refused(
                    f"urgent moderation quota used up: {URGENT_PER_DAY} per organisation per "
                    "day (resets 00:00 UTC); submit with priority_score 2"
                )
            self._urgent[day_key] = self._urgent.get(day_key, 0) + 1
        review_id = self._ids.int64()
        days = 1 if priority == URGENT else 1 + _hash(review_id) % 3
        review = Review(
            review_id,
            album_id,
            number,
            organisation,
            priority,
            submitted_at=now,
            decide_at=add_working_days(now, days),
        )
        move(version, UNDER_REVIEW)
        self.reviews[review_id] = review
        self._bump(REVIEWS_SUBMITTED)
        return review

    def appeal(
        self,
        owner: str,
        album_id: int,
        review_id: int,
        item: tuple[int, str],
        reason: str,
        attachments: list[str],
    ) -> None:
        self.refresh()
        album = self._albums.owned(owner, album_id)
        review = self.reviews.get(review_id)
        if review is None or review.album_id != album_id:
            raise invalid(f"review_id {review_id} not found for play {album_id}")
        version = album.versions[review.version]
        if _latest_review(self.reviews, album_id, review.version) is not review:
            raise refused(f"review {review_id} was superseded by a later submission")
        item_type, item_id = item
        if item_type == 1 and item_id != str(album_id):
            raise invalid("item_id must be the album_id when appeal_item_type is 1")
        if item_type == 2 and item_id not in {e.episode_id for e in version.episodes}:
            raise invalid(f"item_id {item_id} is not an episode of version {review.version}")
        _check_edge(version, APPEALING, "only rejected moderation results can be appealed")
        busy = _busy_version(album)
        if busy is not None:
            raise refused(f"version {busy} of play {album_id} is already under moderation")
        move(version, APPEALING)
        review.appeal_reason, review.attachment_urls = reason, attachments
        review.decide_at = add_working_days(self._now(), APPEAL_DAYS)
        self._bump(APPEALS)

    def withdraw(self, owner: str, album_id: int, number: int) -> None:
        self.refresh()
        album = self._albums.owned(owner, album_id)
        version = album.version(number)
        _check_edge(version, WITHDRAWN, "only a version under review can be withdrawn")
        move(version, WITHDRAWN)
        review = _latest_review(self.reviews, album_id, number)
        if review is not None:
            review.decide_at = None
        self._bump(WITHDRAWALS)


def _check_edge(version: Version, status: int, hint: str = "") -> None:
    if status not in REVIEW_TRANSITIONS[version.review_status]:
        old, new = REVIEW_NAMES[version.review_status], REVIEW_NAMES[status]
        message = f"version {version.number} is {old}: it cannot become {new}"
        raise refused(f"{message} ({hint})" if hint else message)


def _busy_version(album: Album) -> int | None:
    for number, version in album.versions.items():
        if version.review_status in (UNDER_REVIEW, APPEALING):
            return number
    return None


def _latest_review(reviews: dict[int, Review], album_id: int, number: int) -> Review | None:
    found = None
    for review in reviews.values():  # insertion order: the last match is the latest
        if review.album_id == album_id and review.version == number:
            found = review
    return found


def _mentions_reject(version: Version) -> bool:
    titles = [str(version.album_info.get("title", ""))]
    titles += [episode.title for episode in version.episodes]
    return any("reject" in title.lower() for title in titles)


def _hash(value: int) -> int:
    return int.from_bytes(hashlib.sha256(str(value).encode()).digest()[:4], "big")


def _utc_date(epoch: float) -> str:
    return datetime.datetime.fromtimestamp(epoch, datetime.UTC).date().isoformat()


def review_view(review: Review) -> dict[str, Any]:
    """The submit answer's data."""
    return {"result_type": 1, "review_id": review.review_id}
