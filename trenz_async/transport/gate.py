"""The connection gate: one slot per pooled connection, handed out oldest work first.

A call waits here for a connection before aiohttp builds anything. When calls queue, a free
slot goes to the waiting call of lowest *priority* (ties: first come, first served). A
call's priority is read from a context variable that :func:`set_call_priority` sets for the
current task; calls of a task that never set it have priority 0. The bulk runner gives each
flow its position in the job, so with more flows than connections the earliest flows finish
first instead of every flow advancing a step at a time: results arrive steadily, and
half-done flows (with their presigned URLs, open sessions and memory) stay few.
"""

from __future__ import annotations

import asyncio
import contextvars
import heapq
import itertools

__all__ = ["ConnectionGate", "set_call_priority"]

_PRIORITY: contextvars.ContextVar[float] = contextvars.ContextVar(
    "trenz_async_call_priority", default=0.0
)


def set_call_priority(priority: float) -> None:
    """From now on, the current task's calls (and those of tasks it starts) take a free
    connection before queued calls of higher priority."""
    _PRIORITY.set(priority)


class ConnectionGate:
    """A semaphore of ``size`` slots whose waiters are served lowest priority first."""

    __slots__ = ("_free", "_order", "_waiters", "size", "waiting")

    def __init__(self, size: int) -> None:
        self.size = size
        self._free = size  # > 0 only while nobody waits
        self._waiters: list[tuple[float, int, asyncio.Future[None]]] = []  # cancelled ones too
        self._order = itertools.count()
        self.waiting = 0
        """How many calls wait for a slot."""

    def locked(self) -> bool:
        """True when a call asking now would have to wait."""
        return self._free == 0 or self.waiting > 0

    def take(self) -> bool:
        """Take a free slot at once if a call asking now would not wait; False otherwise."""
        if self._free == 0 or self.waiting > 0:
            return False
        self._free -= 1
        return True

    async def acquire(self, until: float | None = None) -> None:
        """Take a slot, waiting for one (in priority order) when none is free; raise
        :class:`TimeoutError` if the loop's clock reaches ``until`` first."""
        if self.take():
            return
        loop = asyncio.get_running_loop()
        granted: asyncio.Future[None] = loop.create_future()
        heapq.heappush(self._waiters, (_PRIORITY.get(), next(self._order), granted))
        self.waiting += 1
        timer = None if until is None else loop.call_at(until, _expire, granted)
        try:
            await granted
        except BaseException:  # cancelled, or out of time
            if granted.done() and not granted.cancelled() and granted.exception() is None:
                self.release()  # handed a slot just as it gave up: pass it on
            else:
                self.waiting -= 1
                granted.cancel()  # its entry is skipped when it comes up
            raise
        finally:
            if timer is not None:
                timer.cancel()

    def release(self) -> None:
        """Give a slot back: to the first waiter in priority order, else to the pool."""
        while self._waiters:
            _, _, granted = heapq.heappop(self._waiters)
            if not granted.done():
                self.waiting -= 1
                granted.set_result(None)
                return
        self._free += 1


def _expire(granted: asyncio.Future[None]) -> None:
    if not granted.done():
        granted.set_exception(TimeoutError())
