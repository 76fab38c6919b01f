"""One logical call: its attempts, waits for the limiter, retries and final outcome.

:class:`Call` is the loop every request runs through (API calls and storage uploads alike):
reserve a rate-limit slot within the deadline, send, read the answer within
``max_response_size``, decode it, and on failure ask :func:`~trenz_async.transport.retry.judge`
whether to retry, raise, or raise :class:`~trenz_async.errors.AmbiguousOutcomeError`. aiohttp
errors become ours here, with the credential masked.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import AsyncIterable, Awaitable, Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Generic, TypeVar

import aiohttp
import anyio
import yarl
from multidict import CIMultiDictProxy

from trenz_async.errors import (
    AmbiguousOutcomeError,
    APIError,
    AuthenticationError,
    ConnectError,
    RateLimitError,
    RequestTimeoutError,
    ResponseDecodeError,
    ResponseTooLargeError,
    RetryBudgetExhaustedError,
    TransportError,
    TrenzError,
    shorten,
)
from trenz_async.transport.hooks import (
    RateLimitWaitEvent,
    RequestEvent,
    ResponseEvent,
    RetryEvent,
)
from trenz_async.transport.ratelimit import RateLimiter
from trenz_async.transport.retry import FailureKind, Verdict, judge
from trenz_async.transport.wire import Safety

if TYPE_CHECKING:
    from trenz_async.transport.session import Transport

__all__ = ["VISIBLE_WAIT", "Call", "Decoder"]

logger = logging.getLogger("trenz_async")

VISIBLE_WAIT = 0.1
"""A rate-limiter wait at least this long (seconds) is logged at DEBUG and sent as an event."""

_NOT_SENT_ERRORS: tuple[type[BaseException], ...] = (
    aiohttp.ClientConnectorError,
    aiohttp.ConnectionTimeoutError,
)


R = TypeVar("R")
Decoder = Callable[[int, Mapping[str, str], bytes, Callable[[str], str]], R]
"""``(status, headers, body, redact) -> result``, raising the API's error for a refusal."""


class _AttemptFailed(Exception):
    def __init__(self, kind: FailureKind, error: _CallError) -> None:
        self.kind = kind
        self.error = error


_CallError = APIError | ResponseDecodeError | TransportError


def _translate(exc: BaseException, where: str, redact: Callable[[str], str]) -> _AttemptFailed:
    """Turn an aiohttp/asyncio failure into our error and its failure kind.

    The text is the exception's class and ``str()``, never its ``repr()`` (aiohttp's includes
    the request headers, credentials among them), passed through the auth's redaction.
    """
    detail = shorten(redact(f"{type(exc).__name__}: {exc}"), 200)
    if isinstance(exc, _NOT_SENT_ERRORS):
        error: TransportError = ConnectError(f"{where}: could not connect: {detail}")
        return _AttemptFailed(FailureKind.NOT_SENT, error)
    if isinstance(exc, (asyncio.TimeoutError, aiohttp.ServerTimeoutError)):
        return _AttemptFailed(FailureKind.LOST, RequestTimeoutError(f"{where}: timed out"))
    return _AttemptFailed(FailureKind.LOST, TransportError(f"{where}: connection lost: {detail}"))


class Call(Generic[R]):
    """One logical call: its attempts, waits and final outcome.

    ``decode`` turns an answer into the result or raises its error (an envelope for API
    calls, a storage answer for uploads). ``headers`` None means the credential's headers;
    a callable ``body`` is called once per attempt (a fresh stream).
    """

    __slots__ = (
        "attempt",
        "body",
        "decode",
        "headers",
        "limiter",
        "method",
        "path",
        "query",
        "refreshed",
        "safety",
        "sent_at",
        "stop_at",
        "stream",
        "t",
        "timeout",
        "url",
        "waits",
    )

    def __init__(
        self,
        transport: Transport,
        method: str,
        url: str | yarl.URL,
        path: str,
        safety: Safety,
        decode: Decoder[R],
        *,
        query: dict[str, str] | None,
        body: bytes | Callable[[], AsyncIterable[bytes] | bytes] | None,
        headers: Mapping[str, str] | None = None,
        limiter: RateLimiter | None,
        timeout: float,
        deadline: float | None,
    ) -> None:
        self.t = transport
        self.method = method
        self.url = url
        self.path = path
        self.safety = safety
        self.decode = decode
        self.query = query
        self.body = None if callable(body) else body
        self.stream = body if callable(body) else None
        self.headers = headers
        self.limiter = limiter
        self.timeout = timeout
        self.stop_at = None if deadline is None else time.monotonic() + deadline
        self.attempt = 0
        self.refreshed = False
        self.sent_at = 0.0
        self.waits: Iterator[float] | None = None

    @property
    def where(self) -> str:
        return f"{self.method} {self.path}"

    def _remaining(self) -> float | None:
        return None if self.stop_at is None else self.stop_at - time.monotonic()

    async def run(self) -> R:
        """Attempt until an answer decodes, or :meth:`_recover` raises.

        The request headers (the credential among them) are never held in a local here, so
        a traceback printed with its locals does not show them.
        """
        t = self.t
        hooks = t.config.hooks
        cap = t.config.max_response_size
        has_body = self.body is not None
        gate = t.gate
        while True:
            self.attempt += 1
            wait, remaining = self._reserve()
            if wait > 0:
                await self._wait_for_limiter(wait)
            if hooks.on_request:
                await _settled(hooks.request(RequestEvent(self.method, self.path, self.attempt)))
            # A token, then a connection slot, both before the attempt is timed. The wait is
            # here, not in a coroutine of its own: a call queued for a connection (thousands,
            # when a bulk job outnumbers the pool) holds one frame less.
            while True:
                if t.fetches_tokens and self._needs_token(has_body):
                    await t.headers(has_body)
                if gate is None or gate.take():  # a free slot: nothing awaited since the check
                    break
                until = None if self.stop_at is None else _loop_time(self.stop_at)
                try:  # the deadline bounds the wait; neither timeout runs meanwhile
                    await gate.acquire(until)
                except TimeoutError:
                    raise RequestTimeoutError(
                        f"{self.where}: the call's deadline passed waiting for a free connection"
                        " (every pooled connection was busy); nothing was sent"
                    ) from None
                if self.stop_at is not None:
                    remaining = self.stop_at - time.monotonic()
                if not (t.fetches_tokens and self._needs_token(has_body)):
                    break
                # The token went stale while this call queued: fetch it without holding a
                # connection (the token request needs one; held slots could starve it).
                gate.release()
            try:  # _exchange gives the slot back, whatever happens
                status, resp_headers, body = await self._exchange(remaining, cap, has_body)
            except ResponseTooLargeError as error:
                elapsed = time.monotonic() - self.sent_at
                await _settled(self._observe(error.status or 0, None, elapsed))
                failed = _AttemptFailed(FailureKind.ANSWERED, error)
            except (TimeoutError, aiohttp.ClientError, OSError) as exc:
                if isinstance(exc.__cause__, TrenzError):  # the body's source failed
                    raise exc.__cause__ from None
                failed = _translate(exc, self.where, t.auth.redact)
            else:
                try:
                    answer = self.decode(
                        status, resp_headers, t.auth.redact_bytes(body), t.auth.redact
                    )
                except (APIError, ResponseDecodeError) as error:
                    failed = _AttemptFailed(FailureKind.ANSWERED, error)
                    elapsed = time.monotonic() - self.sent_at
                    await _settled(
                        self._observe(status, getattr(error, "request_id", None), elapsed)
                    )
                    self._note_refusal(status, error)
                else:
                    if hooks.on_response or logger.isEnabledFor(logging.DEBUG):
                        elapsed = time.monotonic() - self.sent_at
                        await _settled(
                            self._observe(status, getattr(answer, "request_id", None), elapsed)
                        )
                    t.retry_budget.record_success()
                    if self.limiter is not None:
                        self.limiter.on_success()
                    return answer
            await self._recover(failed)

    async def _exchange(
        self, remaining: float | None, cap: int, has_body: bool
    ) -> tuple[int, CIMultiDictProxy[str], bytes]:
        """Send one attempt and read its answer (status, headers, body within ``cap``), then
        give back the connection slot :meth:`run` took for it."""
        t = self.t
        gate = t.gate
        try:
            total = self.timeout if remaining is None else min(self.timeout, remaining)
            self.sent_at = time.monotonic()
            async with t.session().request(
                self.method,
                self.url,
                params=self.query,
                data=self.body if self.stream is None else self.stream(),
                headers=self.headers or t.ready_headers(has_body) or await t.headers(has_body),
                timeout=t.timeout(total),
                allow_redirects=False,
                raise_for_status=False,
            ) as resp:
                status, resp_headers = resp.status, resp.headers
                length = resp.content_length
                if length is not None and length <= cap and _ENCODING not in resp_headers:
                    return status, resp_headers, await resp.read()  # the usual answer
                return status, resp_headers, await _read_capped(resp, cap, self.where)
        finally:
            if gate is not None:
                gate.release()

    def _needs_token(self, has_body: bool) -> bool:
        """True when the credential (one that fetches tokens) must fetch a token before this
        attempt can be sent."""
        return self.headers is None and self.t.ready_headers(has_body) is None

    async def _wait_for_limiter(self, wait: float) -> None:
        """Sleep out a rate-limiter reservation, visibly when long; refund it if cancelled."""
        limiter = self.limiter
        assert limiter is not None
        if wait >= VISIBLE_WAIT:
            paused = limiter.paused_for() > 0
            logger.debug(
                "%s waits %.2fs for the rate limiter (%.0f/min%s) before attempt %d",
                self.where,
                wait,
                limiter.current_per_minute,
                ", paused by the service's Retry-After" if paused else "",
                self.attempt,
            )
            hooks = self.t.config.hooks
            if hooks.on_rate_limit_wait:
                event = RateLimitWaitEvent(
                    self.method,
                    self.path,
                    self.attempt,
                    wait,
                    limiter.current_per_minute,
                    paused,
                )
                await _settled(hooks.rate_limit_wait(event))
        try:
            await anyio.sleep(wait)
        except BaseException:
            limiter.refund()
            raise

    async def _recover(self, failed: _AttemptFailed) -> None:
        """Get ready for the next attempt (refresh, wait), or raise what the rules say."""
        error = failed.error
        if isinstance(error, AuthenticationError) and not self.refreshed:
            self.refreshed = True
            if await self.t.auth.refresh_after(error, sent_at=self.sent_at):
                return
        verdict = judge(self.safety, failed.kind, error)
        if verdict is Verdict.AMBIGUOUS:
            raise AmbiguousOutcomeError(
                f"{self.where} may have been acted on: {error}",
                method=self.method,
                path=self.path,
                cause=error,
            ) from error
        policy = self.t.config.retry
        if verdict is Verdict.RAISE or self.attempt >= policy.max_attempts:
            raise error from None
        self.waits = self.waits or policy.waits()
        wait = policy.wait_for(next(self.waits), _after(error))
        remaining = self._remaining()
        if remaining is not None and wait >= remaining:
            raise error from None
        if not self.t.retry_budget.try_spend():
            raise RetryBudgetExhaustedError(
                f"{self.where}: retry budget exhausted after: {error}", cause=error
            ) from error
        reason = f"{type(error).__name__}: {error}"
        logger.info(
            "retry %s after attempt %d in %.2fs: %s", self.where, self.attempt, wait, reason
        )
        hooks = self.t.config.hooks
        if hooks.on_retry:
            event = RetryEvent(self.method, self.path, self.attempt, wait, reason)
            await _settled(hooks.retry(event))
        await anyio.sleep(wait)

    def _reserve(self) -> tuple[float, float | None]:
        """Take a rate-limit token within the deadline: (seconds to wait, seconds left then)."""
        remaining = None if self.stop_at is None else self.stop_at - time.monotonic()
        if remaining is not None and remaining <= 0:
            raise RequestTimeoutError(f"{self.where}: the call's deadline passed")
        limiter = self.limiter
        if limiter is None:
            return 0.0, remaining
        wait = limiter.reserve(remaining)
        if wait is None:
            raise RequestTimeoutError(self._limiter_timeout(limiter, remaining or 0.0))
        return wait, None if remaining is None else remaining - wait

    def _limiter_timeout(self, limiter: RateLimiter, remaining: float) -> str:
        """Why the limiter would outlast the deadline: its pace, or a pause the service set."""
        paused = limiter.paused_for()
        if paused > remaining:
            until = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=paused)
            return (
                f"{self.where}: the rate limiter is paused by the service's Retry-After until "
                f"{until:%Y-%m-%d %H:%M:%S} UTC ({paused:.0f}s from now); this call's deadline "
                f"is {remaining:.1f}s away"
            )
        return (
            f"{self.where}: the call's deadline would pass waiting for the rate "
            f"limiter ({limiter.current_per_minute:.0f}/min)"
        )

    def _note_refusal(self, status: int, error: APIError | ResponseDecodeError) -> None:
        """A 429 slows the shared limiter and pauses it for ``Retry-After`` (capped)."""
        limiter = self.limiter
        if status == 429 and limiter is not None and isinstance(error, RateLimitError):
            pause = error.retry_after
            if pause is not None:
                pause = min(pause, self.t.config.retry.max_retry_after)
            limiter.on_rate_limited(pause)

    def _observe(
        self, status: int, request_id: str | None, elapsed: float
    ) -> Awaitable[None] | None:
        """Log the answer at DEBUG and tell the response hooks (what to await, if any)."""
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "%s -> %d request_id=%s attempt=%d elapsed=%.3fs",
                self.where,
                status,
                request_id,
                self.attempt,
                elapsed,
            )
        hooks = self.t.config.hooks
        if not hooks.on_response:
            return None
        event = ResponseEvent(self.method, self.path, self.attempt, status, request_id, elapsed)
        return hooks.response(event)


async def _settled(pending: Awaitable[None] | None) -> None:
    """Await what an ``async`` event hook returned (nothing for plain hooks)."""
    if pending is not None:
        await pending


_ENCODING = "Content-Encoding"
"""A body sent with a content encoding is inflated as it is read: it is read capped."""


async def _read_capped(resp: aiohttp.ClientResponse, limit: int, where: str) -> bytes:
    """The body, decoded, or ``ResponseTooLargeError`` once it passes ``limit`` bytes.

    A body whose declared length is over the limit is not read at all; one that grows past
    it (chunked, or compressed: a gzip bomb) is read no further. The connection is closed.
    """
    length = resp.content_length
    chunks: list[bytes] = []
    size = 0 if length is None or length <= limit else length
    while size <= limit:
        chunk = await resp.content.readany()
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        chunks.append(chunk)
    resp.close()
    raise ResponseTooLargeError(
        f"{where}: the answer is larger than max_response_size ({limit} bytes); "
        "it was not read further",
        status=resp.status,
        limit=limit,
    )


def _loop_time(monotonic_at: float) -> float:
    """The event loop's clock reading at the moment ``time.monotonic()`` reads ``monotonic_at``."""
    return asyncio.get_running_loop().time() + (monotonic_at - time.monotonic())


def _after(error: _CallError) -> float | None:
    return error.retry_after if isinstance(error, APIError) else None
