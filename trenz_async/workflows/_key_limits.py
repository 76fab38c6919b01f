"""Per-key limits for flows: a slot per key (an account, a BytePlus account), held around
the steps that use it (``ctx.limit("account", 4687)``)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Hashable, Mapping
from contextlib import AbstractAsyncContextManager
from typing import Final

__all__ = ["KeyLimits"]


class _Slot:
    __slots__ = ("semaphore", "users")

    def __init__(self, size: int) -> None:
        self.semaphore = asyncio.Semaphore(size)  # no scheduling point when a slot is free
        self.users = 0


class KeyLimits:
    """Per-key semaphores, created when first held and dropped when nobody holds or waits."""

    def __init__(self, per_key: Mapping[str, int]) -> None:
        self._per_key = dict(per_key)
        self._slots: dict[tuple[str, Hashable], _Slot] = {}

    def __len__(self) -> int:
        return len(self._slots)

    def hold(self, kind: str, key: Hashable) -> AbstractAsyncContextManager[None]:
        """``async with keys.hold("account", 4687):`` holds one of that key's slots."""
        size = self._per_key.get(kind)
        if size is None:
            return _UNLIMITED
        return _Held(self._slots, (kind, key), size)


_UNLIMITED: Final = contextlib.nullcontext()
"""What holding a key of a kind without a limit is: nothing."""


class _Held:
    """One hold of a per-key slot (a plain class: cheaper than a generator context)."""

    __slots__ = ("_at", "_size", "_slot", "_slots")

    def __init__(
        self, slots: dict[tuple[str, Hashable], _Slot], at: tuple[str, Hashable], size: int
    ):
        self._slots = slots
        self._at = at
        self._size = size
        self._slot: _Slot | None = None

    async def __aenter__(self) -> None:
        slot = self._slots.get(self._at)
        if slot is None:
            slot = self._slots[self._at] = _Slot(self._size)
        slot.users += 1
        self._slot = slot
        try:
            await slot.semaphore.acquire()
        except BaseException:
            self._leave()
            raise

    async def __aexit__(self, *exc: object) -> None:
        assert self._slot is not None
        self._slot.semaphore.release()
        self._leave()

    def _leave(self) -> None:
        slot = self._slot
        assert slot is not None
        slot.users -= 1
        if slot.users == 0:
            del self._slots[self._at]
