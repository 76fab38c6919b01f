"""Small helpers shared by the dataset generators: ids, money, images, times."""

from __future__ import annotations

import random
import zlib
from datetime import UTC, datetime
from typing import Any

#: The dataset's "now" in epoch milliseconds: fixed, so a seed always gives the same data.
BASE_MS = int(datetime(2026, 9, 1, tzinfo=UTC).timestamp() * 1000)
DAY_MS = 86_400_000
CDN = "https://oss-data.trenz.ai/sim"


class IdMaker:
    """Unique 19-digit numeric string ids drawn from one RNG."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._seen: set[str] = set()

    def __call__(self) -> str:
        """Return a fresh id never returned before by this maker."""
        while True:
            value = str(self._rng.randrange(10**18, 10**19))
            if value not in self._seen:
                self._seen.add(value)
                return value


def stable_ratio(record_id: str, salt: str) -> float:
    """Return a stable pseudo-random number in [0, 1) for ``record_id`` and ``salt``."""
    return (zlib.crc32(f"{salt}:{record_id}".encode()) % 10_000) / 10_000


def money(value: float) -> dict[str, Any]:
    """Return a money object ``{"unit": "USD", "value": value}`` rounded to cents."""
    return {"unit": "USD", "value": round(value, 2)}


def image(kind: str, ident: str) -> dict[str, str]:
    """Return an image object ``{url, thumb_url}`` for ``kind``/``ident``."""
    return {"url": f"{CDN}/{kind}/{ident}.jpg", "thumb_url": f"{CDN}/{kind}/{ident}_thumb.jpg"}


def past_ms(rng: random.Random, max_days: int) -> int:
    """Return a millisecond timestamp up to ``max_days`` before the dataset's now."""
    return BASE_MS - rng.randrange(0, max_days * DAY_MS)


def skewed(rng: random.Random, top: float) -> float:
    """Return a long-tailed value in ``[0, top]`` (most values small, a few large)."""
    return top * rng.random() ** 3


def trend(rng: random.Random, base: float, days: int = 7) -> list[dict[str, Any]]:
    """Return ``days`` daily points ``{timestamp, value}`` around ``base``."""
    start = BASE_MS - days * DAY_MS
    return [
        {"timestamp": start + i * DAY_MS, "value": int(base * rng.uniform(0.6, 1.4))}
        for i in range(days)
    ]
