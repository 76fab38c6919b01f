"""Waiting for long-running jobs: one poller for tasks, publish sessions, upload jobs, reviews.

``wait_until`` calls a read (``fetch``) until ``classify`` says the job is done or failed::

    state = await wait_until(fetch, classify, what="task 7f3a", timeout=600)

Between polls it sleeps an interval that starts at 3-5 s (the services' advice), grows with
each poll up to ``max_interval`` and is jittered, so many waiters do not poll in step. A poll
is a read: the transport already retries it, and a poll that still fails with a passing error
(timeout, 5xx, 429, garbled body) is tried again at the next interval. It never re-sends the
job itself. The outcome is typed: the finished state, the failure the caller maps it to
(``TaskFailedError``...), or :class:`~trenz_async.errors.PollTimeoutError` saying what was last
seen. ``on_poll`` receives a :class:`PollEvent` after every poll (progress bars, logs).
"""

from __future__ import annotations

import enum
import logging
import random
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import TypeVar

import anyio
import attrs

from trenz_async.errors import (
    OperationFailedError,
    PollTimeoutError,
    RateLimitError,
    ResponseDecodeError,
    ServerError,
    TransportError,
)
from trenz_async.transport._checks import check_instant, check_optional_seconds, seconds

__all__ = ["Outcome", "PollEvent", "PollPolicy", "wait_until"]

logger = logging.getLogger("trenz_async")
S = TypeVar("S")

PASSING_ERRORS = (TransportError, ServerError, RateLimitError, ResponseDecodeError)
"""Poll failures worth another poll: the job's state is unknown, not failed."""


class Outcome(enum.Enum):
    """Where a polled job stands."""

    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


@attrs.frozen(slots=True)
class PollEvent:
    """One poll: ``what`` is polled, its ``state`` text, ``polls`` so far, ``elapsed`` seconds."""

    what: str
    state: str
    polls: int
    elapsed: float


@attrs.frozen(slots=True)
class PollPolicy:
    """Poll pacing: the first wait is ``interval`` +- ``jitter`` seconds, growing by ``backoff``
    after each poll up to ``max_interval``. The default (4 +- 1 s, not growing) is the seed's
    "recommended poll interval: 3-5 seconds"."""

    interval: float = attrs.field(default=4.0, validator=seconds("PollPolicy"))
    jitter: float = attrs.field(default=1.0, validator=attrs.validators.ge(0))
    backoff: float = attrs.field(default=1.0, validator=attrs.validators.ge(1))
    max_interval: float = attrs.field(default=5.0, validator=seconds("PollPolicy"))

    def waits(self) -> Iterator[float]:
        """The jittered wait before each next poll, in seconds."""
        base = self.interval
        while True:
            spread = min(self.jitter, base * 0.5)
            yield max(0.0, base + random.uniform(-spread, spread))
            base = min(self.max_interval, base * self.backoff)


async def wait_until(
    fetch: Callable[[], Awaitable[S]],
    classify: Callable[[S], tuple[Outcome, str]],
    *,
    what: str,
    fail: Callable[[S, str], OperationFailedError],
    timeout: float | None = 600.0,
    policy: PollPolicy | None = None,
    on_poll: Callable[[PollEvent], object] | None = None,
    started_at: float | None = None,
) -> S:
    """Poll ``fetch`` until ``classify`` says DONE (return the state) or FAILED (raise).

    ``classify`` returns the outcome and a short state text (``"running"``, ``"2/3
    published"``); ``fail(state, text)`` builds the error raised on FAILED. ``timeout``
    (seconds, ``None`` for none) bounds the whole wait: ``PollTimeoutError`` when it passes.
    ``started_at`` (``time.monotonic()`` when the job was started, for a job just started)
    holds the first poll until one interval after it: an earlier poll would find the job
    still running. Without it the first poll is at once (a job started earlier, resumed).
    """
    timeout = check_optional_seconds("timeout", timeout)
    policy = policy or PollPolicy()
    started = time.monotonic()
    stop_at = None if timeout is None else started + timeout
    waits = policy.waits()
    if started_at is not None:
        first = check_instant("started_at", started_at) + next(waits) - started
        if stop_at is not None:
            first = min(first, stop_at - started)
        if first > 0:
            await anyio.sleep(first)
    polls = 0
    last: S | None = None
    text = "not seen yet"
    while True:
        polls += 1
        try:
            last = await fetch()
        except PASSING_ERRORS as error:  # the state is unknown, not failed: poll again
            logger.info("poll %d of %s failed, will poll again: %s", polls, what, error)
        else:
            outcome, text = classify(last)
            if on_poll is not None:
                on_poll(PollEvent(what, text, polls, time.monotonic() - started))
            if outcome is Outcome.DONE:
                return last
            if outcome is Outcome.FAILED:
                raise fail(last, text)
        wait = next(waits)
        if stop_at is not None:
            remaining = stop_at - time.monotonic()
            if remaining <= 0:
                raise PollTimeoutError(
                    f"{what}: gave up after {timeout:g}s and {polls} polls; last seen: {text}",
                    last=last,
                )
            wait = min(wait, remaining)  # the last poll lands on the deadline
        await anyio.sleep(wait)
