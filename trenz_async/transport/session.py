"""The I/O adapter: one aiohttp session per client, and the calls it sends.

Everything about the wire format lives in :mod:`trenz_async.transport.wire` (and
``tiktok_wire``); whether to retry in :mod:`trenz_async.transport.retry`; the attempt loop in
:mod:`trenz_async.transport.attempts`. This module builds requests and owns the session.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import AsyncIterable, Callable, Coroutine, Mapping
from typing import Any, Final
from urllib.parse import urlencode

import aiohttp
import attrs
import yarl

from trenz_async._json import compact
from trenz_async.errors import ConfigurationError, NotFoundError, ValidationError
from trenz_async.transport._checks import check_optional_seconds, check_seconds
from trenz_async.transport.attempts import Call, Decoder
from trenz_async.transport.auth import Auth
from trenz_async.transport.config import TransportConfig
from trenz_async.transport.gate import ConnectionGate
from trenz_async.transport.ratelimit import RateLimiter, shared_limiter
from trenz_async.transport.retry import RetryBudget
from trenz_async.transport.wire import (
    Endpoint,
    Envelope,
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


def _no_silent_resend(session: aiohttp.ClientSession) -> None:
    # aiohttp re-sends an idempotent request (GET, PUT, DELETE, ...) once, unseen, when its
    # connection drops: a write acted on twice, a read billed twice, no retry event. Every
    # retry must be the transport's own decision, so that switch is turned off (it is
    # private; aiohttp's own test client turns it off the same way).
    if hasattr(session, "_retry_connection"):
        session._retry_connection = False


def _json_body(value: Any) -> bytes:
    """``value`` as a compact UTF-8 JSON body; refused before sending when JSON cannot hold it."""
    try:
        return compact(value).encode()
    except (TypeError, ValueError) as error:  # NaN, infinity, a type JSON has no form for
        raise ValidationError("body", f"must be JSON: {error}") from None


class _MergedHeaders:
    """The credential's headers as last merged with the transport's, without and with a
    JSON body (one merge per token, not per request). Its repr hides them."""

    __slots__ = ("by_body", "source")

    def __init__(self) -> None:
        self.source: dict[str, str] | None = None
        self.by_body: tuple[Mapping[str, str], Mapping[str, str]] = ({}, {})

    def __repr__(self) -> str:
        return "_MergedHeaders(********)"


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
        self.fetches_tokens = bind is not None
        """True when the credential is a token fetched over HTTP (not a static key)."""
        self.decode = decode
        """Turns an API's answers into envelopes or errors (Trenz's, or TikTok's)."""
        self._session = session
        self._owns_session = session is None
        self._closed = False
        self._answering: dict[Endpoint, str] = {}  # the path that answered, of alternates
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
        self._merged = _MergedHeaders()
        self._default_timeout = aiohttp.ClientTimeout(
            total=config.timeout, connect=config.connect_timeout
        )
        self.gate: ConnectionGate | None = None
        """One slot per pooled connection: an attempt holds one while it is on the wire.

        Requests beyond the pool wait here, before aiohttp builds anything (cheap, and their
        connect and attempt timeouts do not run while they queue), lowest
        :func:`~trenz_async.transport.gate.set_call_priority` first. None: no limit known."""
        limit = config.pool_limit
        if session is not None:
            _no_silent_resend(session)
            connector = session.connector
            limit = getattr(connector, "limit", 0) if connector is not None else 0
        if limit:
            self.gate = ConnectionGate(limit)

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
        merged = self._merged
        if auth_headers != merged.source:  # a new token (or the first call)
            merged.source = dict(auth_headers)  # a copy: compared by value
            merged.by_body = (
                self._with_extras(auth_headers, False),
                self._with_extras(auth_headers, True),
            )
        return merged.by_body[has_body]

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

    def _limits(
        self, timeout: float | None, deadline: float | _Default | None
    ) -> tuple[float, float | None]:
        """The call's per-attempt timeout and whole-call deadline, checked, defaults applied."""
        checked = self.config.timeout if timeout is None else check_seconds("timeout", timeout)
        if deadline is DEFAULT:
            return checked, self.config.retry.deadline
        return checked, check_optional_seconds("deadline", deadline)

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
        if endpoint.alternates:
            sent = {"path_params": path_params, "params": params, "json": json, "form": form}
            more = {"decode": decode, "authenticate": authenticate}
            return self._any_path(
                endpoint, {**sent, **more, "timeout": timeout, "deadline": deadline}
            )
        path = render_path(endpoint.path, path_params) if path_params else endpoint.path
        timeout, deadline = self._limits(timeout, deadline)
        headers = None
        if form is not None and authenticate:
            raise ValueError("a form body is sent only unauthenticated (the token request)")
        if form is not None:
            body: bytes | None = urlencode(form).encode()
            headers = {**self._base_headers, "Content-Type": "application/x-www-form-urlencoded"}
        else:
            body = None if json is None else _json_body(json)
        if not authenticate:
            headers = headers or dict(self._base_headers)
        call: Call[Envelope] = Call(
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

    async def _any_path(self, endpoint: Endpoint, arguments: dict[str, Any]) -> Envelope:
        """``endpoint`` sent to its path, else to each of its ``alternates`` while the one
        tried answers 404 ``ROUTE_NOT_FOUND`` (nothing was done there); the path that
        answers is tried first from then on."""
        paths = [endpoint.path, *endpoint.alternates]
        known = self._answering.get(endpoint)
        if known is not None:
            paths = [known, *(path for path in paths if path != known)]
        for template in paths:
            try:
                answer = await self.request(
                    attrs.evolve(endpoint, path=template, alternates=()), **arguments
                )
            except NotFoundError as error:
                if error.code != "ROUTE_NOT_FOUND" or template is paths[-1]:
                    raise
                logger.info("%s: %s is unknown here; trying another path", endpoint.name, template)
                continue
            self._answering[endpoint] = template
            return answer
        raise AssertionError("unreachable: the last path answers or raises")

    def upload(
        self,
        url: str,
        body: Callable[[], AsyncIterable[bytes] | bytes],
        *,
        headers: Mapping[str, str],
        timeout: float | None = None,
        deadline: float | _Default | None = DEFAULT,
    ) -> Coroutine[Any, Any, StorageAnswer]:
        """PUT a body to a presigned storage ``url`` (another host: no credential is sent).

        The PUT is idempotent (same key, same bytes), so it is retried like a read; ``body``
        is called once per attempt for a fresh stream (or a small body whole, sent with the
        headers in one write). ``headers`` are sent as given
        (``Content-Type``, ``Content-Length``). Not rate-limited, and the answer is not
        size-capped beyond ``max_response_size``. Raises
        :class:`~trenz_async.errors.StorageError` (or ``UploadURLExpiredError``) when the
        storage host refuses it, and the usual transport errors.
        """
        timeout, deadline = self._limits(timeout, deadline)
        # Sent exactly as issued: its signature covers the query's percent-encoding, which
        # re-quoting would change (%2F in a credential sent as /).
        target = yarl.URL(url, encoded=True)
        call: Call[StorageAnswer] = Call(
            self,
            "PUT",
            target,
            target.path,
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
