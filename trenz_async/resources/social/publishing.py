"""``trenz.social.publishing``: post an uploaded video to accounts, follow and steer it (Social/2).

The seed's flow: upload the file (``trenz.files.upload``), then ``upload_and_publish`` with its
``bucket_name``/``bucket_key`` and one publication per account; the answer's
``session_token`` is polled (``session`` / ``wait``) until the session is final (the seed
describes that answer only by ``status``: its token, when absent, is the one sent). Publishing,
cancelling and rescheduling are writes: when their outcome is unknown (the answer was lost)
the client raises :class:`~trenz_async.errors.AmbiguousOutcomeError` instead of re-sending;
look the publication up with ``trenz.social.videos.records(bucket_key=...)`` before retrying.

Session lifecycle, as :meth:`PublishingResource.wait` reads it:

==========  ===============================================================
status      wait()
==========  ===============================================================
processing  poll again (a publication is pending, scheduled, or publishing)
completed   return the session (some publications may have failed: ``.failed``)
cancelled   return the session
failed      raise :class:`~trenz_async.errors.PublishFailedError`
==========  ===============================================================
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Coroutine, Mapping, Sequence
from typing import Any, Unpack

import attrs

from trenz_async.errors import PublishFailedError, ResponseDecodeError, ValidationError
from trenz_async.models.social import Publication, PublishingRecord, PublishSession
from trenz_async.polling import Outcome, PollEvent, PollPolicy, wait_until
from trenz_async.resources._base import CallOptions, Resource
from trenz_async.resources.social._checks import check_nonblank, check_scheduled_at
from trenz_async.resources.social._publications import publications_body
from trenz_async.resources.social.paths import (
    PUBLISH,
    PUBLISH_CANCEL,
    PUBLISH_RESCHEDULE,
    PUBLISH_SESSION,
    PUBLISH_SESSION_CANCEL,
)
from trenz_async.transport import Endpoint
from trenz_async.transport._checks import check_instant, check_optional_seconds

__all__ = ["PublishingResource"]

_OUTCOMES = {"completed": Outcome.DONE, "cancelled": Outcome.DONE, "failed": Outcome.FAILED}


def _classify(session: PublishSession) -> tuple[Outcome, str]:
    status = session.status or "unknown"
    counts: dict[str, int] = {}
    for publication in session.publications or ():
        state = publication.status or "unknown"
        counts[state] = counts.get(state, 0) + 1
    detail = ", ".join(f"{n} {state}" for state, n in counts.items())
    return _OUTCOMES.get(status, Outcome.PENDING), f"{status} ({detail})" if detail else status


def _failure(session: PublishSession, _: str) -> PublishFailedError:
    parts = [
        f"account {p.platform_account_id}"
        + (f" ({p.platform})" if p.platform else "")
        + f": {p.error_message or 'failed without a message'}"
        for p in session.failed
    ]
    if session.cancelled:
        parts.append(f"{len(session.cancelled)} cancelled")
    reason = "; ".join(parts) or session.error_message or "no publication was published"
    return PublishFailedError(
        f"publish session {session.session_token} failed: {reason}", last=session
    )


class PublishingResource(Resource):
    """Upload and publish, session status and waiting, cancel, reschedule."""

    def upload_and_publish(
        self,
        *,
        video_title: str,
        bucket_name: str,
        bucket_key: str,
        publications: Sequence[Publication | Mapping[str, Any]],
        video_description: str | None = None,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, PublishSession]:
        """Publish an uploaded video to 1..20 accounts at once; return the new session.

        ``bucket_name``/``bucket_key`` are the ``UploadedObject``'s (presign's ``s3_bucket``/
        ``object_key``). Each publication is a :class:`~trenz_async.models.social.Publication`
        or a dict: ``platform_account_id`` (int), ``title`` (overrides ``video_title``),
        ``platform_config`` (a dict, sent as JSON text; or a string holding a JSON object),
        ``scheduled_at`` (unix seconds or an aware datetime, at most 90 days ahead by the local
        clock; None or 0 for now; under 5 minutes ahead or past is published at once, so it is
        sent as now). An account may appear once. Errors name
        ``publications[i].<field>``. A write: a lost answer raises
        :class:`~trenz_async.errors.AmbiguousOutcomeError` and is never re-sent; an answer
        without ``session_token`` raises :class:`~trenz_async.errors.ResponseDecodeError`.
        """
        body: dict[str, object] = {
            "video_title": check_nonblank("video_title", video_title),
        }
        if video_description is not None:
            if not isinstance(video_description, str):
                raise ValidationError("video_description", "must be a string", video_description)
            body["video_description"] = video_description
        body["bucket_name"] = check_nonblank("bucket_name", bucket_name)
        body["bucket_key"] = check_nonblank("bucket_key", bucket_key)
        body["publications"] = publications_body(publications)
        return self._session(PUBLISH, body, options)

    def session(
        self, session_token: str, **options: Unpack[CallOptions]
    ) -> Coroutine[Any, Any, PublishSession]:
        """The session's status and each publication's outcome (one read).

        The answer's ``session_token`` is the one given when the service leaves it out.
        Raises :class:`~trenz_async.errors.InvalidParamError` for an unknown token.
        """
        body = {"session_token": check_nonblank("session_token", session_token)}
        return self._session(PUBLISH_SESSION, body, options)

    async def _session(
        self, endpoint: Endpoint, body: Mapping[str, object], options: CallOptions
    ) -> PublishSession:
        """The session ``endpoint`` answers, its token filled from ``body`` when left out."""
        session = await self._one(endpoint, PublishSession, options, body=body)
        if session.session_token:
            return session
        sent = body.get("session_token")
        if not isinstance(sent, str):
            raise ResponseDecodeError(f"$.data.session_token: {endpoint.name} answered none")
        return attrs.evolve(session, session_token=sent)

    def wait(
        self,
        session_token: str,
        *,
        timeout: float | None = 600.0,
        policy: PollPolicy | None = None,
        on_poll: Callable[[PollEvent], object] | None = None,
        started_at: float | None = None,
    ) -> Coroutine[Any, Any, PublishSession]:
        """Poll the session until it is final and return it.

        ``completed`` and ``cancelled`` sessions are returned, even when some publications
        failed (see ``.published``/``.failed``); a ``failed`` session (nothing published)
        raises :class:`~trenz_async.errors.PublishFailedError` naming each failed account and
        its ``error_message`` (``.last`` is the session). A session with a scheduled
        publication stays ``processing`` until that one is done: after ``timeout`` seconds
        (``None`` for no limit) :class:`~trenz_async.errors.PollTimeoutError` is raised with
        the last session seen as ``.last``. ``policy`` paces the polls (3-5 s by default).
        ``started_at`` (``time.monotonic()`` when ``upload_and_publish`` answered, for a
        session just created) holds the first poll until one interval after it, when a
        publication can have progressed; without it the first poll is at once.
        """
        token = check_nonblank("session_token", session_token)
        timeout = check_optional_seconds("timeout", timeout)
        if started_at is not None:
            started_at = check_instant("started_at", started_at)
        return self._wait(token, timeout, policy, on_poll, started_at)

    def _wait(
        self,
        token: str,
        timeout: float | None,
        policy: PollPolicy | None,
        on_poll: Callable[[PollEvent], object] | None,
        started_at: float | None = None,
    ) -> Coroutine[Any, Any, PublishSession]:
        return wait_until(
            lambda: self.session(token),
            _classify,
            what=f"publish session {token}",
            fail=_failure,
            timeout=timeout,
            policy=policy,
            on_poll=on_poll,
            started_at=started_at,
        )

    def cancel_session(
        self, session_token: str, **options: Unpack[CallOptions]
    ) -> Coroutine[Any, Any, PublishSession]:
        """Cancel every still-pending publication of the session; return the session.

        Its ``cancelled_publication_ids`` lists what was cancelled. Publications already
        publishing or finished are not affected; a session with none pending is refused
        (:class:`~trenz_async.errors.InvalidParamError`). A write.
        """
        body = {"session_token": check_nonblank("session_token", session_token)}
        return self._session(PUBLISH_SESSION_CANCEL, body, options)

    def cancel(
        self, publication_id: str, **options: Unpack[CallOptions]
    ) -> Coroutine[Any, Any, PublishingRecord]:
        """Cancel one pending publication (``PublishingRecord.publication_id``).

        One that is already publishing or finished is refused
        (:class:`~trenz_async.errors.InvalidParamError`). A write; an answer of just an
        acknowledgement is read as the publication, ``cancelled``.
        """
        body = {"publication_id": check_nonblank("publication_id", publication_id)}
        known = {**body, "status": "cancelled"}
        return self._one(PUBLISH_CANCEL, PublishingRecord, options, body=body, known=known)

    def reschedule(
        self,
        publication_id: str,
        *,
        scheduled_at: int | dt.datetime,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, PublishingRecord]:
        """Move a pending publication to ``scheduled_at`` and return it.

        ``scheduled_at`` is unix seconds or an aware datetime at most 90 days ahead of the local
        clock (checked before sending); under 5 minutes ahead (the seed: such values are
        demoted to immediate) is sent as ``0``, the seed's "now". A write; an answer of just
        an acknowledgement is read as the publication with what was sent.
        """
        body = {
            "publication_id": check_nonblank("publication_id", publication_id),
            "scheduled_at": check_scheduled_at("scheduled_at", scheduled_at, required=True),
        }
        return self._one(PUBLISH_RESCHEDULE, PublishingRecord, options, body=body, known=body)
