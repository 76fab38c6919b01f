"""Observability: frozen event records and the hooks that receive them.

Pass ``EventHooks(on_request=..., on_response=..., on_retry=..., on_rate_limit_wait=...)`` to
a client to feed metrics or tracing. Each takes one callable or a sequence of them. A hook
receives one record and should be quick; it may be a plain function or an ``async def``
(its coroutine is awaited before the call goes on). An exception in a hook is logged and
ignored: observing a call never breaks it.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

import attrs

__all__ = [
    "EventHooks",
    "RateLimitWaitEvent",
    "RequestEvent",
    "ResponseEvent",
    "RetryEvent",
]

logger = logging.getLogger("trenz_async")


@attrs.frozen(slots=True)
class RequestEvent:
    """An attempt is about to be sent."""

    method: str
    path: str
    attempt: int


@attrs.frozen(slots=True)
class ResponseEvent:
    """An attempt got an HTTP answer (any status). ``elapsed`` is in seconds."""

    method: str
    path: str
    attempt: int
    status: int
    request_id: str | None
    elapsed: float


@attrs.frozen(slots=True)
class RetryEvent:
    """An attempt failed and another will follow after ``wait`` seconds."""

    method: str
    path: str
    attempt: int
    wait: float
    reason: str


@attrs.frozen(slots=True)
class RateLimitWaitEvent:
    """An attempt waits ``wait`` seconds for the client's own rate limiter before sending.

    ``per_minute`` is the pace in force (lower than configured after 429 answers);
    ``paused_by_server`` is true when the wait comes from the service's ``Retry-After``.
    """

    method: str
    path: str
    attempt: int
    wait: float
    per_minute: float
    paused_by_server: bool


E = TypeVar("E")
Hook = Callable[[E], object]
Hooks = tuple[Callable[[E], object], ...]


def _as_hooks(value: Callable[[Any], object] | Sequence[Callable[[Any], object]]) -> Hooks[Any]:
    """One callable or a sequence of them, as a tuple; anything else is refused here."""
    hooks = (value,) if callable(value) else tuple(value)
    for hook in hooks:
        if not callable(hook):
            raise TypeError(f"an event hook must be callable, got {hook!r}")
    return hooks


def _emit(hooks: Hooks[E], event: E) -> Awaitable[None] | None:
    """Call every hook; return an awaitable for the results that are awaitable, if any."""
    pending: list[Awaitable[object]] = []
    for hook in hooks:
        try:
            result = hook(event)
        except Exception:
            logger.exception("event hook %r failed", hook)
            continue
        if inspect.isawaitable(result):
            pending.append(result)
    return _settle(pending) if pending else None


async def _settle(pending: list[Awaitable[object]]) -> None:
    for awaitable in pending:
        try:
            await awaitable
        except Exception:
            logger.exception("event hook coroutine %r failed", awaitable)


@attrs.frozen(slots=True)
class EventHooks:
    """Callables invoked on each request, response, retry and rate-limiter wait.

    Each argument is one callable or a sequence of them. A delivery method returns None,
    or an awaitable to await when some hook was ``async`` (the transport awaits it).
    """

    on_request: Hooks[RequestEvent] = attrs.field(default=(), converter=_as_hooks)
    on_response: Hooks[ResponseEvent] = attrs.field(default=(), converter=_as_hooks)
    on_retry: Hooks[RetryEvent] = attrs.field(default=(), converter=_as_hooks)
    on_rate_limit_wait: Hooks[RateLimitWaitEvent] = attrs.field(default=(), converter=_as_hooks)

    def request(self, event: RequestEvent) -> Awaitable[None] | None:
        """Deliver a request event to every ``on_request`` hook."""
        return _emit(self.on_request, event)

    def response(self, event: ResponseEvent) -> Awaitable[None] | None:
        """Deliver a response event to every ``on_response`` hook."""
        return _emit(self.on_response, event)

    def retry(self, event: RetryEvent) -> Awaitable[None] | None:
        """Deliver a retry event to every ``on_retry`` hook."""
        return _emit(self.on_retry, event)

    def rate_limit_wait(self, event: RateLimitWaitEvent) -> Awaitable[None] | None:
        """Deliver a rate-limiter wait event to every ``on_rate_limit_wait`` hook."""
        return _emit(self.on_rate_limit_wait, event)
