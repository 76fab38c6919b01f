"""TikTok client-credentials auth: one cached token, refreshed ahead of expiry, single-flight.

``POST /v2/oauth/token/`` (form-encoded ``client_key``, ``client_secret``,
``grant_type=client_credentials``) answers an ``access_token`` valid for ``expires_in`` seconds
(a string or a number; 7200). The token is kept and reused; it is fetched again
``refresh_margin`` seconds before it expires, and once for all callers: a thousand calls that
start together without a token cause exactly one token request (the others wait for it). A call
rejected with ``access_token_invalid`` refreshes once and is sent again (a rejected request was
not acted on, so this holds for writes too); a second rejection stands.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import anyio

from trenz_async.errors import APIError, AuthenticationError, ResponseDecodeError
from trenz_async.transport.auth import Secret
from trenz_async.transport.tiktok_wire import decode_token_response
from trenz_async.transport.wire import Endpoint

if TYPE_CHECKING:
    from trenz_async.transport.session import Transport

__all__ = ["TOKEN_ENDPOINT", "ClientCredentialsAuth"]

TOKEN_ENDPOINT = Endpoint("Client access token", "POST", "/v2/oauth/token/", "read", "C1")
"""Issuing a token changes nothing a retry could double: safe to re-send."""
_REJECTED = frozenset(("access_token_invalid", "invalid_token", "token_expired", "40102"))
"""Codes that say the token was refused (40102: the Business API's "token expired")."""
_KEPT_TOKENS = 4  # earlier tokens stay masked in server text for a while


class ClientCredentialsAuth:
    """Bearer auth with a client-credentials token (and the ``client-key`` header); bind it
    to its transport before use."""

    def __init__(
        self,
        client_key: str,
        client_secret: Secret,
        *,
        refresh_margin: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        client_secret.check_header_safe("the client secret")
        Secret(client_key).check_header_safe("the client key")
        self.client_key = client_key
        self._secret = client_secret
        self._refresh_margin = refresh_margin
        self._clock = clock
        self._transport: Transport | None = None
        self._token: Secret | None = None
        self._expires_at = 0.0
        self._fetched_at = float("-inf")
        self._headers: Mapping[str, str] | None = None
        self._lock = anyio.Lock()
        self._earlier: deque[Secret] = deque(maxlen=_KEPT_TOKENS)
        self.token_requests = 0
        """How many token requests this auth has sent (for tests and metrics)."""

    def bind(self, transport: Transport) -> None:
        """Use ``transport`` (its session, retries and deadline) to fetch tokens."""
        self._transport = transport

    @property
    def identity(self) -> str:
        """``client:`` plus the client key's fingerprint."""
        return f"client:{Secret(self.client_key).fingerprint}"

    def _fresh(self) -> bool:
        return self._headers is not None and self._clock() < self._expires_at

    def ready_headers(self) -> Mapping[str, str] | None:
        """The bearer header while the token is fresh; None when one must be fetched."""
        return self._headers if self._fresh() else None

    async def headers(self) -> Mapping[str, str]:
        """The bearer header, fetching a token first (once, for every waiting caller)."""
        if not self._fresh():
            async with self._lock:
                if not self._fresh():  # another caller may have fetched it meanwhile
                    await self._fetch()
        assert self._headers is not None
        return self._headers

    async def refresh_after(self, error: APIError, *, sent_at: float) -> bool:
        """After ``access_token_invalid`` (or a 401 naming no code): fetch a new token
        (once) and allow one re-send.

        Calls rejected together share one new token: a call sent (``sent_at``, monotonic)
        before the current token was fetched was rejected for the old one, and is simply
        re-sent with the new one.
        """
        if not isinstance(error, AuthenticationError):
            return False
        if error.code is not None and error.code not in _REJECTED:
            return False
        async with self._lock:
            if self._fetched_at <= sent_at:  # the rejected token is still the current one
                self._headers = None
                await self._fetch()
        return True

    async def _fetch(self) -> None:
        if self._transport is None:
            raise RuntimeError("ClientCredentialsAuth is not bound to a transport")
        self.token_requests += 1
        asked = self._clock()
        envelope = await self._transport.request(  # the secret is never held in a local here
            TOKEN_ENDPOINT, form=self._form(), decode=decode_token_response, authenticate=False
        )
        data = envelope.data
        token = data.get("access_token")
        sent = data.get("expires_in")  # absent: the seed's two hours
        lifetime = TOKEN_LIFETIME if sent is None else _seconds(sent)
        if not isinstance(token, str) or not token or lifetime is None:
            raise ResponseDecodeError("$.access_token/$.expires_in: the token answer is incomplete")
        if self._token is not None:
            self._earlier.append(self._token)
        self._token = Secret(token)
        self._fetched_at = time.monotonic()  # compared with the transport's sent_at
        self._expires_at = asked + max(lifetime - self._refresh_margin, lifetime / 2)
        # The client key goes along as a header too: seed 002's subtitle calls send it that
        # way, and Query subtitles has no other place for it.
        self._headers = {"Authorization": f"Bearer {token}", "client-key": self.client_key}

    def _form(self) -> dict[str, str]:
        return {
            "client_key": self.client_key,
            "client_secret": self._secret.reveal(),
            "grant_type": "client_credentials",
        }

    def redact(self, text: str) -> str:
        """``text`` with the client secret and every recent token masked."""
        for secret in self._secrets():
            text = secret.redact(text)
        return text

    def redact_bytes(self, data: bytes) -> bytes:
        """``data`` with the client secret and every recent token masked."""
        for secret in self._secrets():
            data = secret.redact_bytes(data)
        return data

    def _secrets(self) -> list[Secret]:
        current = [self._token] if self._token is not None else []
        return [self._secret, *current, *self._earlier]

    def __repr__(self) -> str:
        return f"ClientCredentialsAuth({self.identity})"


TOKEN_LIFETIME = 7200.0
"""Seconds a token lives when its answer leaves ``expires_in`` out (seed 002: two hours)."""


def _seconds(value: object) -> float | None:
    """``expires_in`` as seconds: an int, a float or a numeric string (TikTok sends both)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if value > 0 else None
    if isinstance(value, str) and value.strip().replace(".", "", 1).isdigit():
        return float(value) if float(value) > 0 else None
    return None
