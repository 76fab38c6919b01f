"""The I/O adapter: one aiohttp session, the attempt loop, and aiohttp errors made ours.

Everything about the wire format lives in :mod:`trenz_async.transport.wire`; everything
about whether to retry lives in :mod:`trenz_async.transport.retry`. This module sends, waits
and translates.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import enum
import json as jsonlib
import logging
import time
from collections.abc import AsyncIterable, Awaitable, Callable, Coroutine, Iterator, Mapping
from typing import Any, Final, Generic, TypeVar
from urllib.parse import urlencode

import aiohttp
import anyio
import yarl

from trenz_async.errors import (
    AmbiguousOutcomeError,
    APIError,
    AuthenticationError,
    ConfigurationError,
    ConnectError,
    RateLimitError,
    RequestTimeoutError,
    ResponseDecodeError,
    ResponseTooLargeError,
    RetryBudgetExhaustedError,
    TransportError,
    shorten,
)
from trenz_async.transport._checks import check_optional_seconds, check_seconds
from trenz_async.transport.auth import Auth
from trenz_async.transport.config import TransportConfig
from trenz_async.transport.hooks import (
    RateLimitWaitEvent,
    RequestEvent,
    ResponseEvent,
    RetryEvent,
)
from trenz_async.transport.ratelimit import RateLimiter, shared_limiter
from trenz_async.transport.retry import FailureKind, RetryBudget, Verdict, judge
from trenz_async.transport.wire import (
    Endpoint,
    Envelope,
    Safety,
    StorageAnswer,
    decode_response,
    decode_storage_response,
    encode_query,
    render_path,
)

__all__ = ["DEFAULT", "Transport"]

logger = logging.getLogger("trenz_async")
logger.addHandler(logging.NullHandler())  # quiet unless the application configures logging


class _Default(enum.Enum):
    DEFAULT = "DEFAULT"


DEFAULT: Final = _Default.DEFAULT
"""Marker for "use the client's setting" in per-call options."""

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
    if isinstance(exc, asyncio.TimeoutError | aiohttp.ServerTimeoutError):
        return _AttemptFailed(FailureKind.LOST, RequestTimeoutError(f"{where}: timed out"))
    return _AttemptFailed(FailureKind.LOST, TransportError(f"{where}: connection lost: {detail}"))


def _no_silent_resend(session: aiohttp.ClientSession) -> None:
    # aiohttp re-sends an idempotent request (GET, PUT, DELETE, ...) once, unseen, when its
    # connection drops: a write acted on twice, a read billed twice, no retry event. Every
    # retry must be the transport's own decision, so that switch is turned off (it is
    # private; aiohttp's own test client turns it off the same way).
    if hasattr(session, "_retry_connection"):
        session._retry_connection = False


class Transport:
    """Sends requests for one credential, with retries, rate limiting and decoding.

    Owns an aiohttp session unless one is injected (an injected session is never closed
    here; aiohttp's silent re-send of dropped idempotent requests is turned off on it, since
    the transport decides every retry). Use as an async context manager or call
    :meth:`close`.
    """

    def __init__(
        self,
        config: TransportConfig,
        auth: Auth,
        *,
        session: aiohttp.ClientSession | None = None,
        decode: Decoder[Envelope] = decode_response,
    ) -> None:
        self.config = config
        self.auth = auth
        bind = getattr(auth, "bind", None)
        if bind is not None:  # a token credential fetches through this transport
            bind(self)
        self.decode = decode
        """Turns an API's answers into envelopes or errors (Trenz's, or TikTok's)."""
        self._session = session
        self._owns_session = session is None
        self._closed = False
        self.retry_budget = RetryBudget(config.retry_budget)
        """The retry budget shared by every call of this transport."""
        self.rate_limiter: RateLimiter | None = None
        """The token bucket in force, or ``None`` when rate limiting is off."""
        if config.rate_limit_per_minute is not None:
            self.rate_limiter = shared_limiter(
                auth.identity,
                config.base_url,
                config.rate_limit_per_minute,
                config.rate_limit_burst,
            )
        # Sent with every request: as session defaults when we own the session, merged into
        # each request when the caller's session is used.
        self._base_headers = {"User-Agent": config.user_agent, "Accept": "application/json"}
        self._extra_headers = {} if session is None else dict(self._base_headers)
        self._default_timeout = aiohttp.ClientTimeout(
            total=config.timeout, connect=config.connect_timeout
        )
        if session is not None:
            _no_silent_resend(session)

    def session(self) -> aiohttp.ClientSession:
        """The aiohttp session in use (created on first use when the transport owns it)."""
        if self._closed:
            raise ConfigurationError("this client is closed")
        if self._session is None:
            connector = aiohttp.TCPConnector(limit=self.config.pool_limit, ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(
                connector=connector, headers=self._base_headers, timeout=self._default_timeout
            )
            _no_silent_resend(self._session)
        return self._session

    def ready_headers(self, has_body: bool) -> Mapping[str, str] | None:
        """Headers for one attempt if the credential has them at hand, else None."""
        auth_headers = self.auth.ready_headers()
        if auth_headers is None:
            return None
        return self._with_extras(auth_headers, has_body)

    async def headers(self, has_body: bool) -> Mapping[str, str]:
        """Headers for one attempt, fetching a token first if the credential needs one."""
        return self._with_extras(await self.auth.headers(), has_body)

    def _with_extras(self, auth_headers: Mapping[str, str], has_body: bool) -> Mapping[str, str]:
        # Plus what an injected session lacks, and the body's content type.
        if not self._extra_headers and not has_body:
            return auth_headers
        headers = {**self._extra_headers, **auth_headers}
        if has_body:
            headers["Content-Type"] = "application/json"
        return headers

    def timeout(self, total: float) -> aiohttp.ClientTimeout:
        """The aiohttp timeout for one attempt of at most ``total`` seconds."""
        if total == self._default_timeout.total:
            return self._default_timeout
        return aiohttp.ClientTimeout(total=total, connect=self.config.connect_timeout)

    async def close(self) -> None:
        """Close the owned session (an injected one is left open). Safe to call twice."""
        self._closed = True
        if self._owns_session and self._session is not None:
            session, self._session = self._session, None
            await session.close()

    async def __aenter__(self) -> Transport:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def request(
        self,
        endpoint: Endpoint,
        *,
        path_params: Mapping[str, str] | None = None,
        params: Mapping[str, object] | None = None,
        json: Any = None,
        form: Mapping[str, str] | None = None,
        decode: Decoder[Envelope] | None = None,
        authenticate: bool = True,
        timeout: float | None = None,
        deadline: float | _Default | None = DEFAULT,
    ) -> Coroutine[Any, Any, Envelope]:
        """Send ``endpoint`` and return its decoded envelope, retrying per the rules.

        The body is ``json`` (sent as JSON) or, with ``authenticate=False`` (the token request
        itself, which carries its own credentials), ``form`` (URL-encoded). ``decode``
        overrides the transport's decoder for this call.

        ``timeout`` overrides the per-attempt timeout; ``deadline`` (seconds, ``None`` for
        none) bounds the whole call, waits for the rate limiter included; each must be a
        finite number > 0 (``ValidationError`` at once otherwise). Raises an
        :class:`~trenz_async.errors.APIError` subclass,
        :class:`~trenz_async.errors.AmbiguousOutcomeError` for a write of unknown outcome,
        or another :class:`~trenz_async.errors.TransportError`.
        """
        path = render_path(endpoint.path, path_params) if path_params else endpoint.path
        timeout = self.config.timeout if timeout is None else check_seconds("timeout", timeout)
        if deadline is DEFAULT:
            deadline = self.config.retry.deadline
        else:
            deadline = check_optional_seconds("deadline", deadline)
        headers = None
        if form is not None and authenticate:
            raise ValueError("a form body is sent only unauthenticated (the token request)")
        if form is not None:
            body: bytes | None = urlencode(form).encode()
            headers = {**self._base_headers, "Content-Type": "application/x-www-form-urlencoded"}
        else:
            body = None if json is None else jsonlib.dumps(json).encode()
        if not authenticate:
            headers = headers or dict(self._base_headers)
        call: _Call[Envelope] = _Call(
            self,
            endpoint.method,
            self.config.base_url + path,
            path,
            endpoint.safety,
            decode or self.decode,
            query=encode_query(params) if params else None,
            body=body,
            headers=headers,
            limiter=self.rate_limiter,
            timeout=timeout,
            deadline=deadline,
        )
        return call.run()

    def upload(
        self,
        url: str,
        body: Callable[[], AsyncIterable[bytes]],
        *,
        headers: Mapping[str, str],
        timeout: float | None = None,
        deadline: float | _Default | None = DEFAULT,
    ) -> Coroutine[Any, Any, StorageAnswer]:
        """PUT a body to a presigned storage ``url`` (another host: no credential is sent).

        The PUT is idempotent (same key, same bytes), so it is retried like a read; ``body``
        is called once per attempt for a fresh stream. ``headers`` are sent as given
        (``Content-Type``, ``Content-Length``). Not rate-limited, and the answer is not
        size-capped beyond ``max_response_size``. Raises
        :class:`~trenz_async.errors.StorageError` (or ``UploadURLExpiredError``) when the
        storage host refuses it, and the usual transport errors.
        """
        timeout = self.config.timeout if timeout is None else check_seconds("timeout", timeout)
        if deadline is DEFAULT:
            deadline = self.config.retry.deadline
        else:
            deadline = check_optional_seconds("deadline", deadline)
        call: _Call[StorageAnswer] = _Call(
            self,
            "PUT",
            url,
            yarl.URL(url).path,
            "read",
            decode_storage_response,
            query=None,
            body=body,
            headers=headers,
            limiter=None,
            timeout=timeout,
            deadline=deadline,
        )
        return call.run()


class _Call(Generic[R]):
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
        "stop_at",
        "t",
        "timeout",
        "url",
        "waits",
    )

    def __init__(
        self,
        transport: Transport,
        method: str,
        url: str,
        path: str,
        safety: Safety,
        decode: Decoder[R],
        *,
        query: dict[str, str] | None,
        body: bytes | Callable[[], AsyncIterable[bytes]] | None,
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
        self.body = body
        self.headers = headers
        self.limiter = limiter
        self.timeout = timeout
        self.stop_at = None if deadline is None else time.monotonic() + deadline
        self.attempt = 0
        self.refreshed = False
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
        while True:
            self.attempt += 1
            wait, remaining = self._reserve()
            if wait > 0:
                await self._wait_for_limiter(wait)
            if hooks.on_request:
                await _settled(hooks.request(RequestEvent(self.method, self.path, self.attempt)))
            total = self.timeout if remaining is None else min(self.timeout, remaining)
            started = time.monotonic()
            has_body = self.body is not None
            try:
                async with t.session().request(
                    self.method,
                    self.url,
                    params=self.query,
                    data=self.body() if callable(self.body) else self.body,
                    headers=self.headers or t.ready_headers(has_body) or await t.headers(has_body),
                    timeout=t.timeout(total),
                    allow_redirects=False,
                    raise_for_status=False,
                ) as resp:
                    status, resp_headers = resp.status, resp.headers
                    length = resp.content_length
                    if length is not None and length <= cap and _plain(resp_headers):
                        body = await resp.read()  # the usual answer: known size, in bounds
                    else:
                        body = await _read_capped(resp, cap, self.where)
            except ResponseTooLargeError as error:
                await _settled(self._observe(error.status or 0, None, time.monotonic() - started))
                failed = _AttemptFailed(FailureKind.ANSWERED, error)
            except (TimeoutError, aiohttp.ClientError, OSError) as exc:
                failed = _translate(exc, self.where, t.auth.redact)
            else:
                elapsed = time.monotonic() - started
                try:
                    answer = self.decode(
                        status, resp_headers, t.auth.redact_bytes(body), t.auth.redact
                    )
                except (APIError, ResponseDecodeError) as error:
                    failed = _AttemptFailed(FailureKind.ANSWERED, error)
                    await _settled(
                        self._observe(status, getattr(error, "request_id", None), elapsed)
                    )
                    self._note_refusal(status, error)
                else:
                    if hooks.on_response or logger.isEnabledFor(logging.DEBUG):
                        await _settled(
                            self._observe(status, getattr(answer, "request_id", None), elapsed)
                        )
                    t.retry_budget.record_success()
                    if self.limiter is not None:
                        self.limiter.on_success()
                    return answer
            await self._recover(failed)

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
            if await self.t.auth.refresh_after(error):
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
        remaining = self._remaining()
        if remaining is not None and remaining <= 0:
            raise RequestTimeoutError(f"{self.where}: the call's deadline passed")
        limiter = self.limiter
        if limiter is None:
            return 0.0, remaining
        wait = limiter.reserve(max_wait=remaining)
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


def _plain(headers: Mapping[str, str]) -> bool:
    """True when the body arrives as sent (no ``Content-Encoding`` to inflate it)."""
    return "Content-Encoding" not in headers


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


def _after(error: _CallError) -> float | None:
    return error.retry_after if isinstance(error, APIError) else None
