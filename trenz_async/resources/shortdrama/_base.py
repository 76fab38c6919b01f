"""What the four short-drama resources share: ``client_key`` on every call, and upload jobs.

Every short-drama call carries the app's ``client_key`` in a ``client-key`` header (added by
the client's auth; the seed's subtitle examples send it), as a query parameter and, for a POST,
also as a JSON body field (the seed's other examples use both; a third-party client sends both).
Video and subtitle uploads are asynchronous: :class:`UploadJob` holds the accepted
``job_id`` and polls it with :func:`trenz_async.polling.wait_until` until ``upload_status``
is 2 (success) or 3 (failure).

Upload job lifecycle, as :meth:`UploadJob.wait` reads ``upload_status``:

=================  ===============================================================
upload_status      wait()
=================  ===============================================================
1 processing       poll again
2 success          return the record (video: ``vid``, ``byteplus_url``; subtitle:
                   ``subtitle_info_list`` with the ``subtitle_id``)
3 failure          raise :class:`~trenz_async.errors.UploadFailedError`
other / absent     poll again (the state is unknown, not failed)
=================  ===============================================================
"""

from __future__ import annotations

import time
from collections.abc import Callable, Coroutine, Mapping
from typing import Any, Generic, Protocol, TypeVar

import cattrs

from trenz_async.errors import UploadFailedError
from trenz_async.models import Model
from trenz_async.models.shortdrama import UploadStatus
from trenz_async.polling import Outcome, PollEvent, PollPolicy, wait_until
from trenz_async.resources._base import CallOptions, Resource
from trenz_async.transport import Endpoint, Transport
from trenz_async.transport._checks import check_optional_seconds

__all__ = ["DramaResource", "UploadJob"]

M = TypeVar("M", bound=Model)
A = TypeVar("A")


class JobState(Protocol):
    """What a polled upload record offers: ``upload_status`` and a failure reason."""

    @property
    def upload_status(self) -> int | None: ...

    @property
    def failure_reason(self) -> str | None: ...


S = TypeVar("S", bound=JobState)

_OUTCOMES: dict[int | None, Outcome] = {
    UploadStatus.SUCCESS: Outcome.DONE,
    UploadStatus.FAILURE: Outcome.FAILED,
}
_NAMES: dict[int | None, str] = {1: "processing", 2: "success", 3: "failure", None: "no status"}


def _classify(state: JobState) -> tuple[Outcome, str]:
    status = state.upload_status
    text = _NAMES.get(status, f"upload_status {status}")
    return _OUTCOMES.get(status, Outcome.PENDING), text


class DramaResource(Resource):
    """Base of the short-drama namespaces: ``client_key`` goes with every call."""

    def __init__(self, transport: Transport, converter: cattrs.Converter, client_key: str) -> None:
        super().__init__(transport, converter)
        self.client_key = client_key

    def _read(
        self,
        endpoint: Endpoint,
        model: type[M],
        options: CallOptions,
        params: Mapping[str, object],
    ) -> Coroutine[Any, Any, M]:
        """A GET with ``client_key`` and ``params`` in the query string."""
        query = {"client_key": self.client_key, **params}
        return self._one(endpoint, model, options, params=query)

    def _write(
        self,
        endpoint: Endpoint,
        model: type[M],
        options: CallOptions,
        body: Mapping[str, object],
    ) -> Coroutine[Any, Any, M]:
        """A POST with ``client_key`` in the query string and in the JSON ``body``."""
        query = {"client_key": self.client_key}
        return self._one(endpoint, model, options, params=query, body={**query, **body})

    async def _acknowledged(
        self, endpoint: Endpoint, options: CallOptions, body: Mapping[str, object]
    ) -> None:
        """A POST whose answer carries no business data (success is the envelope's ``ok``)."""
        query = {"client_key": self.client_key}
        await self._transport.request(endpoint, params=query, json={**query, **body}, **options)


class UploadJob(Generic[A, S]):
    """An accepted upload: ``job_id`` now, the finished record after :meth:`wait`.

    ``accepted`` is the upload call's answer (None for a handle made from a known
    ``job_id``). The upload will not be sent again: refreshing and waiting only read.
    ``submitted_at`` is ``time.monotonic()`` when the upload call answered (None for a
    handle made from a ``job_id``): :meth:`wait` polls first one interval after it.
    """

    def __init__(
        self,
        kind: str,
        job_id: str | None,
        byteplus_account_id: str,
        read: Callable[..., Coroutine[Any, Any, S]],
        accepted: A | None = None,
        *,
        vid: str | None = None,
    ) -> None:
        if not job_id and not vid:
            raise ValueError("an upload job needs a job_id or a vid")
        self.kind = kind
        self.job_id = job_id or None
        self.vid = vid or None
        self.byteplus_account_id = byteplus_account_id
        self.accepted = accepted
        self.submitted_at = None if accepted is None else time.monotonic()
        self._read = read

    @property
    def name(self) -> str:
        """``job_id`` (else the ``vid`` it is read by)."""
        return self.job_id or f"vid {self.vid}"

    def refresh(self, **options: Any) -> Coroutine[Any, Any, S]:
        """The job's current state (one read by ``job_id``, else by ``vid``; per-call
        ``timeout``/``deadline`` accepted)."""
        key = {"job_id": self.job_id} if self.job_id else {"vid": self.vid}
        return self._read(**key, byteplus_account_id=self.byteplus_account_id, **options)

    def wait(
        self,
        *,
        timeout: float | None = 600.0,
        policy: PollPolicy | None = None,
        on_poll: Callable[[PollEvent], object] | None = None,
    ) -> Coroutine[Any, Any, S]:
        """Poll until ``upload_status`` is 2 (return the record) or 3 (raise).

        Raises :class:`~trenz_async.errors.UploadFailedError` (``.last`` is the failed record,
        the message carries the reason the service gave) and
        :class:`~trenz_async.errors.PollTimeoutError` after ``timeout`` seconds (``None`` for
        no limit; the job may still finish). ``policy`` paces the polls (3-5 s by default);
        ``on_poll`` receives a :class:`~trenz_async.polling.PollEvent` after each.
        """
        timeout = check_optional_seconds("timeout", timeout)
        return wait_until(
            self.refresh,
            _classify,
            what=f"{self.kind} upload {self.name}",
            fail=self._failure,
            timeout=timeout,
            policy=policy,
            on_poll=on_poll,
            started_at=self.submitted_at,
        )

    def _failure(self, state: S, _: str) -> UploadFailedError:
        reason = state.failure_reason or "the service gave no reason"
        return UploadFailedError(f"{self.kind} upload {self.name} failed: {reason}", last=state)

    def __repr__(self) -> str:
        return f"UploadJob({self.kind!r}, {self.name!r})"
