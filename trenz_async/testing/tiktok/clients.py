"""Registered TikTok clients (apps): key, secret fingerprint, scopes, quotas, rate limits.

A test registers a client with ``sim.create_tiktok_client(...)`` and gets ``(client_key,
client_secret)``. The secret is kept only as a SHA-256 fingerprint; ``client_key`` is not a secret
(TikTok sends it in query strings), so it is what the journal shows.

Rate limit: at most ``rate_limit_per_minute`` requests (default 600) per client per endpoint
(``"METHOD /path"``) in any 60 s of simulator time (sliding window); the request over it answers
429 ``rate_limit_exceeded`` without a ``Retry-After`` header (TikTok documents none).
"""

from __future__ import annotations

import hashlib
import hmac
import random
import secrets
from collections import deque
from collections.abc import Iterable

import attrs

from trenz_async.testing.tiktok.envelope import DEFAULT_MESSAGES, TikTokError

RESEARCH_SCOPE = "research.adlib.basic"
#: Seed 002 names no scope for the short-drama media API; the simulator calls it this.
SHORT_DRAMA_SCOPE = "shortdrama.media"
DEFAULT_SCOPES: tuple[str, ...] = (RESEARCH_SCOPE, SHORT_DRAMA_SCOPE)
TOKEN_LIFETIME = 7200
RATE_LIMIT_PER_MINUTE = 600
WINDOW_SECONDS = 60.0


def fingerprint(secret: str) -> str:
    """Return a short, stable, non-reversible name for a secret: ``sha256:<12 hex>``."""
    return "sha256:" + hashlib.sha256(secret.encode()).hexdigest()[:12]


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@attrs.define
class ClientState:
    """One registered client. Holds no secret: only the SHA-256 of ``client_secret``."""

    client_key: str
    secret_sha256: str = attrs.field(repr=False)
    scopes: frozenset[str] = frozenset(DEFAULT_SCOPES)
    daily_request_quota: int = 1000
    daily_record_quota: int = 100_000
    expires_in_as_string: bool = False
    expires_in_omitted: bool = False
    token_lifetime: int = TOKEN_LIFETIME
    rate_limit_per_minute: int | None = RATE_LIMIT_PER_MINUTE
    windows: dict[str, deque[float]] = attrs.field(factory=dict, repr=False)

    def secret_matches(self, secret: str) -> bool:
        """Whether ``secret`` is this client's secret (constant-time comparison)."""
        return hmac.compare_digest(_digest(secret), self.secret_sha256)

    def admit(self, endpoint: str, now: float) -> None:
        """Count one request to ``endpoint`` at ``now``, or raise 429 ``rate_limit_exceeded``."""
        limit = self.rate_limit_per_minute
        if limit is None:
            return
        window = self.windows.setdefault(endpoint, deque())
        while window and window[0] <= now - WINDOW_SECONDS:
            window.popleft()
        if len(window) >= limit:
            raise TikTokError("rate_limit_exceeded", DEFAULT_MESSAGES["rate_limit_exceeded"])
        window.append(now)


class ClientRegistry:
    """Every client of one simulator, by ``client_key``."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(f"tiktok-clients:{seed}")
        self._by_key: dict[str, ClientState] = {}

    def create(
        self,
        *,
        scopes: Iterable[str] = DEFAULT_SCOPES,
        daily_request_quota: int = 1000,
        daily_record_quota: int = 100_000,
        expires_in_as_string: bool = False,
        expires_in_omitted: bool = False,
        token_lifetime: int = TOKEN_LIFETIME,
        rate_limit_per_minute: int | None = RATE_LIMIT_PER_MINUTE,
    ) -> tuple[str, str]:
        """Register a client; return ``(client_key, client_secret)``. Bad values: ValueError.

        ``client_key`` is ``"mn"`` + 14 lowercase hex digits (seeded, in creation order);
        the secret is 32 random characters.
        """
        if isinstance(scopes, str):
            raise ValueError("scopes must be an iterable of scope names, not one string")
        if daily_request_quota < 0 or daily_record_quota < 0:
            raise ValueError("daily quotas must be >= 0")
        if token_lifetime <= 0:
            raise ValueError("token_lifetime must be > 0")
        if rate_limit_per_minute is not None and rate_limit_per_minute <= 0:
            raise ValueError("rate_limit_per_minute must be > 0 or None")
        client_key = f"mn{self._rng.getrandbits(56):014x}"
        while client_key in self._by_key:
            client_key = f"mn{self._rng.getrandbits(56):014x}"
        secret = secrets.token_urlsafe(24)
        self._by_key[client_key] = ClientState(
            client_key=client_key,
            secret_sha256=_digest(secret),
            scopes=frozenset(scopes),
            daily_request_quota=daily_request_quota,
            daily_record_quota=daily_record_quota,
            expires_in_as_string=expires_in_as_string,
            expires_in_omitted=expires_in_omitted,
            token_lifetime=token_lifetime,
            rate_limit_per_minute=rate_limit_per_minute,
        )
        return client_key, secret

    def get(self, client_key: str) -> ClientState:
        """Return the client; an unknown key raises KeyError."""
        try:
            return self._by_key[client_key]
        except KeyError:
            raise KeyError(f"unknown client_key {client_key!r}") from None

    def find(self, client_key: str) -> ClientState | None:
        """Return the client, or None when ``client_key`` is not registered."""
        return self._by_key.get(client_key)

    def forget_usage(self) -> None:
        """Forget every client's rate-limit windows."""
        for client in self._by_key.values():
            client.windows.clear()
