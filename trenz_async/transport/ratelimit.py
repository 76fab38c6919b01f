"""An adaptive token bucket per credential.

Trenz documents 200 requests a minute per key. The bucket lets ``burst`` requests through at
once and then one every ``60 / rate`` seconds. On a 429 it halves its rate and pauses for the
server's ``Retry-After``; every success then wins back a little rate until the configured
one is reached again. Buckets are shared by every client in the process that uses the same
credential and base URL, so two clients on one key do not each spend the whole allowance.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Awaitable, Callable

import anyio

__all__ = ["RateLimiter", "shared_limiter"]

_MIN_FRACTION = 0.05
_RECOVERY_PER_SUCCESS = 0.02


class RateLimiter:
    """Token bucket: ``per_minute`` sustained rate, ``burst`` requests of headroom.

    Reservation based: ``acquire`` takes a token now (possibly going into debt) and sleeps
    for the debt, so concurrent callers are served in order without a lock.
    """

    def __init__(
        self,
        per_minute: float,
        burst: int = 10,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = anyio.sleep,
    ) -> None:
        if per_minute <= 0:
            raise ValueError("per_minute must be positive")
        if burst < 1:
            raise ValueError("burst must be at least 1")
        self.per_minute = float(per_minute)
        self.burst = burst
        self._clock = clock
        self._sleep = sleep
        self._rate = self.per_minute / 60.0  # tokens per second, adapted
        self._tokens = float(burst)
        self._updated = clock()
        self._paused_until = 0.0

    def paused_for(self) -> float:
        """Seconds left of a pause the service asked for with ``Retry-After`` (0 when none)."""
        return max(0.0, self._paused_until - self._clock())

    @property
    def current_per_minute(self) -> float:
        """The rate in force now, after any slowdown from 429 answers."""
        return self._rate * 60.0

    def _refill(self, now: float) -> None:
        elapsed = now - self._updated
        if elapsed > 0:
            self._tokens = min(float(self.burst), self._tokens + elapsed * self._rate)
            self._updated = now

    def reserve(self, max_wait: float | None = None) -> float | None:
        """Take a token; return how many seconds the caller must wait before sending.

        When that wait would exceed ``max_wait`` seconds, take nothing and return None.
        """
        now = self._clock()
        self._refill(now)
        tokens = self._tokens - 1.0  # the usual case next: a token at hand, no pause
        if tokens >= 0 and self._paused_until <= now and (max_wait is None or max_wait >= 0):
            self._tokens = tokens
            return 0.0
        wait = max(0.0 if tokens >= 0 else -tokens / self._rate, self._paused_until - now)
        if max_wait is not None and wait > max_wait:
            return None
        self._tokens = tokens
        return wait

    def refund(self) -> None:
        """Give back a reserved token that was not used (its caller was cancelled)."""
        self._tokens = min(float(self.burst), self._tokens + 1.0)

    async def acquire(self) -> None:
        """Wait until a request may be sent (a cancelled wait gives its token back)."""
        wait = self.reserve()
        if wait:
            try:
                await self._sleep(wait)
            except BaseException:
                self.refund()
                raise

    def on_rate_limited(self, retry_after: float | None) -> None:
        """The server said 429: halve the rate and pause for ``retry_after`` seconds."""
        now = self._clock()
        self._refill(now)
        floor = self.per_minute / 60.0 * _MIN_FRACTION
        self._rate = max(floor, self._rate / 2)
        self._tokens = min(self._tokens, 0.0)
        if retry_after:
            self._paused_until = max(self._paused_until, now + retry_after)

    def on_success(self) -> None:
        """A request went through: recover a little of the configured rate."""
        target = self.per_minute / 60.0
        if self._rate < target:
            now = self._clock()
            self._refill(now)
            self._rate = min(target, self._rate + target * _RECOVERY_PER_SUCCESS)


_SHARED: weakref.WeakValueDictionary[tuple[str, str, float, int], RateLimiter] = (
    weakref.WeakValueDictionary()
)


def shared_limiter(identity: str, base_url: str, per_minute: float, burst: int) -> RateLimiter:
    """The process-wide bucket for this credential, base URL and setting."""
    key = (identity, base_url, per_minute, burst)
    limiter = _SHARED.get(key)
    if limiter is None:
        limiter = RateLimiter(per_minute, burst)
        _SHARED[key] = limiter
    return limiter
