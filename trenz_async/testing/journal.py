"""The request journal and counters: what reached the gateway and what it answered."""

from __future__ import annotations

from collections import Counter
from typing import Any

import attrs


@attrs.frozen
class JournalEntry:
    """One request that reached the gateway routes.

    ``key_id`` is an opaque id such as ``"key_3"``; the secret key itself is never recorded.
    ``status`` is ``None`` when the connection was dropped instead of answered, and ``fault``
    describes the fault rule applied (``None`` when none fired).
    """

    seq: int
    time: float
    method: str
    path: str
    route: str | None
    query: dict[str, str]
    json: Any
    key_id: str | None
    status: int | None
    fault: str | None

    def to_dict(self) -> dict[str, Any]:
        """Return the entry as a JSON-ready dict."""
        return attrs.asdict(self)


class Journal:
    """An ordered list of :class:`JournalEntry` plus named counters."""

    def __init__(self) -> None:
        self.entries: list[JournalEntry] = []
        self.counters: Counter[str] = Counter()

    def record(self, entry: JournalEntry) -> None:
        """Append ``entry`` and bump the per-route and per-status counters."""
        self.entries.append(entry)
        self.counters[f"{entry.method} {entry.route or entry.path}"] += 1
        self.counters[f"status {entry.status}" if entry.status else "status dropped"] += 1
        if entry.fault is not None:
            self.counters["faults"] += 1

    def bump(self, name: str, amount: int = 1) -> None:
        """Increase the counter ``name`` by ``amount``."""
        self.counters[name] += amount

    def next_seq(self) -> int:
        """Return the sequence number the next entry will get."""
        return len(self.entries) + 1

    def clear(self) -> None:
        """Forget all entries and counters."""
        self.entries.clear()
        self.counters.clear()
