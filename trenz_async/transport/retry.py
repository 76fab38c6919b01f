"""When to retry, how long to wait, and when to stop.

The rules (DESIGN.md "Transport rules"):

=======================================  ===========  ==========================
failure                                   ``read``     ``write``
=======================================  ===========  ==========================
no connection made (refused, DNS, TLS)    retry        retry (never sent)
connection lost / timeout after sending   retry        AmbiguousOutcomeError
HTTP 429, any code but QUOTA_EXCEEDED     retry        retry (rejected unacted)
HTTP 429 QUOTA_EXCEEDED                   raise        raise
HTTP 5xx, whatever its body's code        retry        AmbiguousOutcomeError
a 2xx body that does not decode           retry        AmbiguousOutcomeError
an answer over max_response_size          raise        AmbiguousOutcomeError
rejected credential the auth refreshed    retry        retry (rejected unacted)
any other 4xx, whatever its body's code   raise        raise
=======================================  ===========  ==========================

The HTTP status decides, not the body's code: a gateway that answers ``500`` with
``RATE_LIMITED`` may still have acted on a write, and ``404 INTERNAL_ERROR`` is a 4xx. (The
exception's class follows the same rule, see :func:`~trenz_async.errors.error_class_for`.)

Waits are exponential with full jitter (``backoff.expo`` + ``backoff.full_jitter``), or the
server's ``Retry-After`` when it sent one. A retry budget shared by all calls of a client
refuses retries once too many recent calls needed them, so a dead service is not stormed.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator

import attrs
import backoff

from trenz_async.errors import (
    QuotaExceededError,
    ResponseDecodeError,
    ResponseTooLargeError,
    ServerError,
)
from trenz_async.transport._checks import seconds
from trenz_async.transport.wire import Safety

__all__ = ["FailureKind", "RetryBudget", "RetryPolicy", "Verdict", "judge"]


class FailureKind(enum.Enum):
    """What went wrong with one attempt, as far as the outcome of a write is concerned."""

    NOT_SENT = "not_sent"
    """No connection was made: the service never saw the request."""
    LOST = "lost"
    """The connection failed or timed out after the request may have been sent."""
    ANSWERED = "answered"
    """The service answered with an error (an :class:`APIError` or a garbled body)."""


class Verdict(enum.Enum):
    """What the transport does with a failed attempt."""

    RETRY = "retry"
    RAISE = "raise"
    AMBIGUOUS = "ambiguous"


def judge(safety: Safety, kind: FailureKind, error: BaseException) -> Verdict:
    """Apply the retry table to one failed attempt (see the module docstring)."""
    if kind is FailureKind.NOT_SENT:
        return Verdict.RETRY
    unsafe = Verdict.RETRY if safety == "read" else Verdict.AMBIGUOUS
    if kind is FailureKind.LOST:
        return unsafe
    if isinstance(error, ResponseTooLargeError):
        return Verdict.RAISE if safety == "read" else Verdict.AMBIGUOUS
    status = getattr(error, "status", None)
    if isinstance(error, ResponseDecodeError) and (status is None or status < 400):
        return unsafe
    if status == 429:
        return Verdict.RAISE if isinstance(error, QuotaExceededError) else Verdict.RETRY
    if status is None:  # an APIError built without one: go by its class
        return unsafe if isinstance(error, ServerError) else Verdict.RAISE
    return unsafe if status >= 500 else Verdict.RAISE


@attrs.frozen(slots=True)
class RetryPolicy:
    """Retry settings for a client; per call, ``deadline`` may be overridden.

    ``max_attempts`` counts the first try. Waits grow as ``base * 2**n`` seconds capped at
    ``max_wait``, fully jittered. ``deadline`` (seconds, or ``None``) bounds a whole call,
    every attempt and wait included. ``max_retry_after`` caps how long a ``Retry-After``
    may make us wait.
    """

    max_attempts: int = attrs.field(default=4, validator=attrs.validators.ge(1))
    base: float = attrs.field(default=0.5, validator=attrs.validators.ge(0))
    max_wait: float = attrs.field(default=30.0, validator=attrs.validators.ge(0))
    deadline: float | None = attrs.field(
        default=120.0, validator=seconds("RetryPolicy", optional=True)
    )
    max_retry_after: float = attrs.field(default=300.0, validator=seconds("RetryPolicy"))

    def waits(self) -> Iterator[float]:
        """Yield the jittered wait before each retry, in seconds."""
        delays = backoff.expo(base=2, factor=self.base, max_value=self.max_wait)
        next(delays)  # backoff's wait generators are primed: the first value is None
        for value in delays:
            yield backoff.full_jitter(value)

    def wait_for(self, jittered: float, retry_after: float | None) -> float:
        """The wait to use: the server's ``Retry-After`` if given, else the jittered one."""
        if retry_after is not None:
            return min(retry_after, self.max_retry_after)
        return jittered


class RetryBudget:
    """A token bucket of retries shared by all calls of one client.

    Each retry spends one token; each successful call earns back ``refill_per_success``
    tokens, up to ``capacity``. With the default 10% ratio, retries stay at most about one
    for every ten successes once the initial ``capacity`` is spent. ``capacity=None``
    disables the budget.
    """

    def __init__(self, capacity: float | None = 20.0, refill_per_success: float = 0.1) -> None:
        self.capacity = capacity
        self.refill_per_success = refill_per_success
        self._tokens = capacity if capacity is not None else 0.0

    @property
    def tokens(self) -> float:
        """Retries currently available (``inf`` when disabled)."""
        return float("inf") if self.capacity is None else self._tokens

    def try_spend(self) -> bool:
        """Take one retry token; False when the budget is exhausted."""
        if self.capacity is None:
            return True
        if self._tokens < 1.0:
            return False
        self._tokens -= 1.0
        return True

    def record_success(self) -> None:
        """Earn back part of a token after a call succeeded."""
        if self.capacity is not None and self._tokens < self.capacity:
            self._tokens = min(self.capacity, self._tokens + self.refill_per_success)
