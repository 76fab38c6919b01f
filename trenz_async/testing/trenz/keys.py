"""API keys and everything the gateway tracks per key: state, scopes, balance, limits.

Key lifecycle (a table, h11-style): a key is created in one state and never moves on its own.

=============  ===================================
state          what a request with the key gets
=============  ===================================
active         served (subject to scope, quota, rate limit, balance)
revoked        401 AUTH_KEY_REVOKED
suspended      401 AUTH_KEY_SUSPENDED
=============  ===================================

The secret key string is only ever a dict key of :class:`KeyStore`; :class:`KeyState` holds the
opaque ``key_id`` so it can be shown, journaled and logged safely.
"""

from __future__ import annotations

import math
import secrets
from collections import deque
from collections.abc import Iterable
from datetime import UTC, datetime

import attrs

from trenz_async.testing.trenz.envelope import SimError

KEY_STATES: dict[str, tuple[str, str] | None] = {
    "active": None,
    "revoked": ("AUTH_KEY_REVOKED", "API key has been revoked"),
    "suspended": ("AUTH_KEY_SUSPENDED", "API key is suspended"),
}
ALL_SCOPES: tuple[str, ...] = ("ads", "content", "data", "general", "social")
USAGE_STYLES: dict[str, tuple[str, str, str]] = {
    # style: (cost field, balance field, 402 code)
    "A": ("coin_cost", "remaining_balance", "INSUFFICIENT_BALANCE"),
    "B": ("credits_cost", "credits_balance", "INSUFFICIENT_CREDITS"),
}
WINDOW_SECONDS = 60.0


@attrs.define
class KeyState:
    """What the gateway knows about one key (never the secret itself)."""

    key_id: str
    state: str = "active"
    scopes: frozenset[str] = frozenset(ALL_SCOPES)
    balance: int = 1_000_000
    usage_style: str = "A"
    daily_quota: int | None = None
    rate_limit_per_minute: int | None = None
    calls_by_day: dict[str, int] = attrs.field(factory=dict)
    window: deque[float] = attrs.field(factory=deque)

    def usage(self, cost: int) -> dict[str, int]:
        """Return the ``usage`` object in this key's style, with the current balance."""
        cost_field, balance_field, _ = USAGE_STYLES[self.usage_style]
        return {cost_field: cost, balance_field: self.balance}

    def forget_usage(self) -> None:
        """Forget quota and rate-limit history (balance is kept)."""
        self.calls_by_day.clear()
        self.window.clear()


class KeyStore:
    """All keys of one simulator, and the admission checks done with them."""

    def __init__(self, default_rate_limit: int | None) -> None:
        self.default_rate_limit = default_rate_limit
        self._by_secret: dict[str, KeyState] = {}

    def create(
        self,
        *,
        state: str = "active",
        scopes: Iterable[str] = ALL_SCOPES,
        balance: int = 1_000_000,
        usage_style: str = "A",
        daily_quota: int | None = None,
        rate_limit_per_minute: int | None = None,
    ) -> str:
        """Create a key and return its secret (``sk_live_...``); bad arguments raise ValueError."""
        if state not in KEY_STATES:
            raise ValueError(f"state must be one of: {', '.join(KEY_STATES)}")
        if usage_style not in USAGE_STYLES:
            raise ValueError("usage_style must be 'A' or 'B'")
        scope_set = frozenset(scopes)
        if not scope_set <= set(ALL_SCOPES):
            raise ValueError(f"scopes must be among: {', '.join(ALL_SCOPES)}")
        secret = "sk_live_" + secrets.token_hex(16)
        self._by_secret[secret] = KeyState(
            key_id=f"key_{len(self._by_secret) + 1}",
            state=state,
            scopes=scope_set,
            balance=balance,
            usage_style=usage_style,
            daily_quota=daily_quota,
            rate_limit_per_minute=rate_limit_per_minute,
        )
        return secret

    def get(self, secret: str) -> KeyState:
        """Return the state of ``secret``; an unknown key raises ``KeyError`` (no secret in it)."""
        try:
            return self._by_secret[secret]
        except KeyError:
            raise KeyError("unknown API key") from None

    def key_id(self, secret: str | None) -> str | None:
        """Return the opaque id of ``secret`` (None when missing or unknown)."""
        key = self._by_secret.get(secret) if secret else None
        return key.key_id if key else None

    def forget_usage(self) -> None:
        """Forget every key's quota and rate-limit history."""
        for key in self._by_secret.values():
            key.forget_usage()

    def authenticate(self, secret: str | None) -> KeyState:
        """Return the key for ``secret`` or raise the documented 401."""
        if not secret:
            raise SimError("AUTH_MISSING_KEY", "API key is missing: send X-API-Key or Bearer")
        key = self._by_secret.get(secret)
        if key is None:
            raise SimError("AUTH_INVALID_KEY", "API key is invalid: keys start with sk_live_")
        refusal = KEY_STATES[key.state]
        if refusal is not None:
            raise SimError(*refusal)
        return key

    def admit(self, key: KeyState, scope: str, now: float) -> None:
        """Check scope, daily quota and rate limit, recording the call; raise 403/429."""
        if scope not in key.scopes:
            raise SimError("FORBIDDEN_SCOPE", f"API key has no '{scope}' scope for this resource")
        day = datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%d")
        used = key.calls_by_day.get(day, 0)
        if key.daily_quota is not None and used >= key.daily_quota:
            raise SimError("QUOTA_EXCEEDED", f"Daily quota of {key.daily_quota} calls exceeded")
        self._check_rate(key, now)
        key.calls_by_day[day] = used + 1

    def _check_rate(self, key: KeyState, now: float) -> None:
        limit = key.rate_limit_per_minute
        if limit is None:
            limit = self.default_rate_limit
        if limit is None:
            return
        window = key.window
        while window and window[0] <= now - WINDOW_SECONDS:
            window.popleft()
        if len(window) >= limit:
            wait = max(1, math.ceil(window[0] + WINDOW_SECONDS - now))
            raise SimError(
                "RATE_LIMITED",
                f"Rate limit exceeded. Maximum {limit} requests per minute.",
                headers={"Retry-After": str(wait)},
            )
        window.append(now)

    @staticmethod
    def charge(key: KeyState, cost: int) -> None:
        """Take ``cost`` from the balance before acting, or raise the style's 402."""
        if key.balance < cost:
            code = USAGE_STYLES[key.usage_style][2]
            raise SimError(
                code, f"Insufficient balance: this call costs {cost}, {key.balance} left"
            )
        key.balance -= cost

    @staticmethod
    def refund(key: KeyState, cost: int) -> None:
        """Give ``cost`` back (the upstream answered 5xx)."""
        key.balance += cost
