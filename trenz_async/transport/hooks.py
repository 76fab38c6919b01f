"""Observability: frozen event records and the hooks that receive them.

Pass ``EventHooks(on_request=[...], on_response=[...], on_retry=[...])`` to a client to feed
metrics or tracing. A hook is a plain callable taking one record; it must not raise (an
exception in a hook is logged and ignored) and should be quick.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TypeVar

import attrs

__all__ = ["EventHooks", "RequestEvent", "ResponseEvent", "RetryEvent"]

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


E = TypeVar("E")


def _emit(hooks: Sequence[Callable[[E], object]], event: E) -> None:
    for hook in hooks:
        try:
            hook(event)
        except Exception:
            logger.exception("event hook %r failed", hook)


@attrs.frozen(slots=True)
class EventHooks:
    """Callables invoked on each request, response and retry."""

    on_request: Sequence[Callable[[RequestEvent], object]] = ()
    on_response: Sequence[Callable[[ResponseEvent], object]] = ()
    on_retry: Sequence[Callable[[RetryEvent], object]] = ()

    def request(self, event: RequestEvent) -> None:
        """Deliver a request event to every ``on_request`` hook."""
        _emit(self.on_request, event)

    def response(self, event: ResponseEvent) -> None:
        """Deliver a response event to every ``on_response`` hook."""
        _emit(self.on_response, event)

    def retry(self, event: RetryEvent) -> None:
        """Deliver a retry event to every ``on_retry`` hook."""
        _emit(self.on_retry, event)
