"""The seeded commercial-content library behind the Research API (seed 001), built lazily by day.

Contents exist from 2022-10-01 to 2026-11-30 (UTC days) in the 30 EEA countries. Each
(country, day) has its own RNG (from the simulator's seed), so a country's day always holds the
same contents whatever else was asked before: about 20-60 contents a day in all, more in the
large markets. Each country has a fixed pool of creators (``creators[country]``), so a
``creator_usernames`` filter built from :meth:`CommercialLibrary.usernames` matches.

Order (stable, so pages never shift): ``create_timestamp`` ascending, then ``id``.
"""

from __future__ import annotations

import random
import string
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

import attrs

FIRST_DAY = date(2022, 10, 1)
LAST_DAY = date(2026, 11, 30)
#: EEA countries (EU 27 + Iceland, Liechtenstein, Norway) and the contents a day each gets.
COUNTRY_RANGE: dict[str, tuple[int, int]] = {
    **dict.fromkeys(("DE", "ES", "FR", "IT", "NL", "PL"), (2, 6)),
    **dict.fromkeys(
        ("AT", "BE", "CZ", "DK", "FI", "GR", "HU", "IE", "NO", "PT", "RO", "SE"), (0, 3)
    ),
    **dict.fromkeys(
        ("BG", "CY", "EE", "HR", "IS", "LI", "LT", "LU", "LV", "MT", "SI", "SK"), (0, 1)
    ),
}
EEA_COUNTRIES: tuple[str, ...] = tuple(sorted(COUNTRY_RANGE))
CREATORS_PER_COUNTRY = 8
LABELS = ("Paid partnership", "Paid partnership", "Paid partnership", "Promotional content")


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_FIRST = _words(
    "anna emma lena lukas max mia noah sofia leo elias hugo lucia marco julia jan ola "
    "nina eva tom sara lars ines pablo chiara"
)
_BRAND_A = _words("Nordic Bright Urban Happy Blue Golden Green Alpine Pure Smart Daily Wild")
_BRAND_B = _words("Coffee Skin Motion Home Foods Tech Style Pets Travel Sport Beauty Garden")
_BRAND_C = ("Co.", "Inc.", "GmbH", "S.A.", "B.V.", "AB", "Ltd.", "")
_ID_CHARS = string.ascii_lowercase + string.digits


@attrs.frozen
class Content:
    """One commercial content: its sort key, filter keys and the wire fields (every field)."""

    create_timestamp: int
    id: str
    country: str
    username: str
    wire: dict[str, Any] = attrs.field(eq=False, hash=False)


class CommercialLibrary:
    """Every commercial content of one seed, generated per (country, day) on first use."""

    def __init__(self, seed: int, cache_days: int = 4096) -> None:
        self.seed = seed
        self.creators: dict[str, tuple[str, ...]] = _creators(seed)
        rng = random.Random(f"research-brands:{seed}")
        brands = {f"{a} {b} {c}".strip() for a in _BRAND_A for b in _BRAND_B for c in _BRAND_C}
        self.brands: tuple[str, ...] = tuple(rng.sample(sorted(brands), 60))
        self.day = lru_cache(maxsize=cache_days)(self._day)

    def usernames(self, country: str | None = None) -> list[str]:
        """Every creator username (of ``country`` if given), sorted."""
        countries = [country] if country else list(EEA_COUNTRIES)
        return sorted(name for code in countries for name in self.creators[code])

    def contents(
        self, first: date, last: date, country: str | None, usernames: frozenset[str]
    ) -> list[Content]:
        """Contents of days ``first``..``last`` (inclusive), filtered, in the stable order."""
        found: list[Content] = []
        day = max(first, FIRST_DAY)
        while day <= min(last, LAST_DAY):
            for item in self.day(day):
                if country and item.country != country:
                    continue
                if usernames and item.username not in usernames:
                    continue
                found.append(item)
            day += timedelta(days=1)
        return found

    def _day(self, day: date) -> tuple[Content, ...]:
        items = [item for code in EEA_COUNTRIES for item in self._country_day(code, day)]
        return tuple(sorted(items, key=lambda item: (item.create_timestamp, item.id)))

    def _country_day(self, country: str, day: date) -> list[Content]:
        rng = random.Random(f"research:{self.seed}:{country}:{day.isoformat()}")
        low, high = COUNTRY_RANGE[country]
        midnight = int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())
        return [self._content(rng, country, day, midnight) for _ in range(rng.randint(low, high))]

    def _content(self, rng: random.Random, country: str, day: date, midnight: int) -> Content:
        timestamp = midnight + rng.randrange(86400)
        username = rng.choice(self.creators[country])
        content_id = "v09044g40000" + "".join(rng.choice(_ID_CHARS) for _ in range(20))
        video_id = rng.randrange(7_150_000_000_000_000_000, 7_450_000_000_000_000_000)
        signature = f"{rng.getrandbits(64):016x}"
        wire = {
            "id": content_id,
            "create_date": day.strftime("%Y%m%d"),
            "create_timestamp": timestamp,
            "label": rng.choice(LABELS),
            "brand_names": rng.sample(self.brands, rng.choice((1, 1, 1, 2))),
            "creator": {"username": username},
            "videos": [
                {
                    "id": video_id,
                    "status": "active" if rng.random() < 0.95 else "inactive",
                    "url": f"https://www.tiktok.com/@{username}/video/{video_id}",
                    "cover_image_url": (
                        f"https://p16-sign-useast2a.tiktokcdn.com/obj/{video_id}.jpeg"
                        f"?x-expires={timestamp + 86400}&x-signature={signature}"
                    ),
                }
            ],
        }
        return Content(timestamp, content_id, country, username, wire)


def _creators(seed: int) -> dict[str, tuple[str, ...]]:
    """A fixed pool of unique usernames per country, e.g. ``lena_k042``."""
    rng = random.Random(f"research-creators:{seed}")
    taken: set[str] = set()
    pools: dict[str, tuple[str, ...]] = {}
    for country in EEA_COUNTRIES:
        names: list[str] = []
        while len(names) < CREATORS_PER_COUNTRY:
            sep = rng.choice(("", "_", "."))
            name = f"{rng.choice(_FIRST)}{sep}{rng.choice(string.ascii_lowercase)}"
            name += f"{rng.randrange(1000):03d}"
            if name not in taken:
                taken.add(name)
                names.append(name)
        pools[country] = tuple(names)
    return pools
