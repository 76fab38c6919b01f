"""Social/6 Creation Tools and Social/7 TikTok Shop: hashtags, music and each account's shop.

Everything is drawn from the simulator's seed: a keyword always suggests the same hashtags, a
region always has the same popular tracks, an account always has the same recent tracks and the
same shop. The one piece of state is a shop product's showcase flag, whose table is::

    ==============  ======  =============================================
    in_showcase     event   next
    ==============  ======  =============================================
    false           add     true  (counted as "showcase products added")
    true            add     true  (reported as already_in_showcase)
    ==============  ======  =============================================

A product with no stock cannot be added (``failed`` with reason ``out_of_stock``); an id that
is not in the account's shop fails with ``product_not_found``. Only TikTok accounts have a shop.
"""

from __future__ import annotations

import random
import re
import zlib
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from trenz_async.testing.trenz.envelope import SimError
from trenz_async.testing.trenz.gen_common import CDN, IdMaker, money, skewed
from trenz_async.testing.trenz.social_accounts import Account, SocialAccounts
from trenz_async.testing.trenz.words import ADJECTIVES, CATEGORIES, COUNTRIES, NICK_WORDS

HASHTAG_FORMS: tuple[str, ...] = (
    "{}",
    "{}tok",
    "{}haul",
    "{}finds",
    "{}review",
    "{}hacks",
    "{}ideas",
    "{}tips",
    "{}2026",
    "best{}",
    "{}lover",
    "{}challenge",
    "{}viral",
    "diy{}",
    "{}oftheday",
    "{}tiktok",
    "{}aesthetic",
    "{}unboxing",
)
MUSIC_WORDS: tuple[str, ...] = (
    "Summer",
    "Midnight",
    "Golden",
    "Neon",
    "Ocean",
    "Paper",
    "Electric",
    "Velvet",
    "Sunday",
    "Wild",
    "Lucky",
    "Silver",
)
MUSIC_NOUNS: tuple[str, ...] = ("Drive", "Heart", "Dreams", "Lights", "Groove", "Waves", "Run")
CATALOGUE_SIZE = 160
SHOWCASE_TABLE: dict[tuple[bool, str], bool] = {(False, "add"): True, (True, "add"): True}
_SLUG_RE = re.compile(r"[^0-9a-z]+")


def _stable(*parts: object) -> float:
    """Return a stable number in [0, 1) for ``parts``."""
    return (zlib.crc32(":".join(map(str, parts)).encode()) % 1_000_003) / 1_000_003


def hashtag_slug(keyword: str) -> str:
    """Return ``keyword`` as a hashtag stem (lowercase letters and digits only)."""
    return _SLUG_RE.sub("", keyword.casefold())


class Hashtags:
    """Hashtag suggestions for a keyword, per platform."""

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def suggest(self, keyword: str, platform: str | None, limit: int) -> dict[str, Any]:
        """Return ``{items: [{name, view_count, video_count}], total_count}``, most viewed first.

        A keyword with no letter or digit is 400 INVALID_PARAM.
        """
        stem = hashtag_slug(keyword)
        if not stem:
            raise SimError("INVALID_PARAM", "keyword must contain at least one letter or digit")
        names = list(dict.fromkeys(form.format(stem).replace(" ", "") for form in HASHTAG_FORMS))
        rows = [self._tag(name, platform or "all", first=name == stem) for name in names]
        rows.sort(key=lambda row: (-row["view_count"], row["name"]))
        return {"items": rows[:limit], "total_count": len(rows)}

    def _tag(self, name: str, platform: str, *, first: bool) -> dict[str, Any]:
        share = _stable(self.seed, platform, name)
        views = int((5_000_000_000 if first else 800_000_000) * (0.05 + share**3))
        per_video = 2_000 + int(_stable(self.seed, "per-video", name) * 18_000)
        return {"name": name, "view_count": views, "video_count": max(1, views // per_video)}


@attrs.frozen
class Track:
    """One music track of the seeded catalogue; ``usage_count`` is its worldwide use."""

    music_id: str
    title: str
    author: str
    duration: int
    usage_count: int

    def view(self, usage_count: int | None = None) -> dict[str, Any]:
        """Return the track as the API answers it."""
        count = self.usage_count if usage_count is None else usage_count
        return {
            "music_id": self.music_id,
            "title": self.title,
            "author": self.author,
            "duration": self.duration,
            "usage_count": count,
        }


class Music:
    """The seeded music catalogue: popular tracks per region and each account's recent tracks."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        rng = random.Random(f"{seed}:social:music")
        ids = IdMaker(rng)
        self.tracks: list[Track] = [
            Track(
                music_id=ids(),
                title=f"{rng.choice(MUSIC_WORDS)} {rng.choice(MUSIC_NOUNS)}",
                author=f"{rng.choice(NICK_WORDS).title()} {rng.choice(NICK_WORDS).title()}",
                duration=rng.randrange(8, 181),
                usage_count=1_000 + int(skewed(rng, 5_000_000)),
            )
            for _ in range(CATALOGUE_SIZE)
        ]

    def popular(self, keyword: str | None, region: str | None) -> list[dict[str, Any]]:
        """Return the catalogue most used first, in ``region`` when given, filtered by keyword.

        ``keyword`` matches the title or the author, case-insensitively.
        """
        needle = keyword.casefold() if keyword else None
        rows = [
            track.view(self._regional(track, region))
            for track in self.tracks
            if needle is None or needle in f"{track.title} {track.author}".casefold()
        ]
        rows.sort(key=lambda row: (-row["usage_count"], row["music_id"]))
        return rows

    def recent(self, account: Account) -> list[dict[str, Any]]:
        """Return the 3 to 12 tracks ``account`` used last, most recent first."""
        rng = random.Random(f"{self.seed}:social:music-recent:{account.id}")
        return [track.view() for track in rng.sample(self.tracks, rng.randrange(3, 13))]

    def _regional(self, track: Track, region: str | None) -> int:
        if region is None:
            return track.usage_count
        return max(1, int(track.usage_count * (0.02 + _stable(self.seed, region, track.music_id))))


@attrs.define
class ShopProduct:
    """One product of an account's TikTok Shop."""

    product_id: str
    title: str
    price: float
    stock: int
    in_showcase: bool
    image_url: str

    def view(self) -> dict[str, Any]:
        """Return the product as the API answers it."""
        return {
            "product_id": self.product_id,
            "title": self.title,
            "price": money(self.price),
            "stock": self.stock,
            "in_showcase": self.in_showcase,
            "image_url": self.image_url,
        }


class Shops:
    """Each TikTok account's shop (generated on first use) and its showcase."""

    def __init__(self, seed: int, accounts: SocialAccounts, on_added: Callable[[], None]) -> None:
        self.seed = seed
        self.accounts = accounts
        self._on_added = on_added
        self._shops: dict[int, dict[str, ShopProduct]] = {}

    def shop_account(self, platform_account_id: int) -> Account:
        """Return the account if it is a bound TikTok account; else 400 INVALID_PARAM."""
        account = self.accounts.require(platform_account_id)
        if account.platform.casefold() != "tiktok":
            raise SimError(
                "INVALID_PARAM",
                f"platform_account_id {platform_account_id} is a {account.platform} account;"
                " only TikTok accounts have a shop",
            )
        return account

    def products(self, account: Account) -> Sequence[ShopProduct]:
        """Return the products of ``account``'s shop, in the shop's order."""
        shop = self._shops.get(account.id)
        if shop is None:
            shop = self._shops[account.id] = self._generate(account.id)
        return list(shop.values())

    def search(self, account: Account, keyword: str | None) -> list[dict[str, Any]]:
        """Return the shop's products whose title contains ``keyword`` (case-insensitive)."""
        needle = keyword.casefold() if keyword else None
        return [
            product.view()
            for product in self.products(account)
            if needle is None or needle in product.title.casefold()
        ]

    def add_to_showcase(self, account: Account, product_ids: Sequence[str]) -> dict[str, Any]:
        """Add products to the showcase; each id is reported in exactly one of the three lists."""
        self.products(account)
        shop = self._shops[account.id]
        added: list[str] = []
        already: list[str] = []
        failed: list[dict[str, str]] = []
        for product_id in dict.fromkeys(product_ids):
            product = shop.get(product_id)
            if product is None:
                failed.append({"product_id": product_id, "reason": "product_not_found"})
            elif product.in_showcase:
                already.append(product_id)
            elif product.stock == 0:
                failed.append({"product_id": product_id, "reason": "out_of_stock"})
            else:
                product.in_showcase = SHOWCASE_TABLE[(product.in_showcase, "add")]
                added.append(product_id)
                self._on_added()
        return {"added": added, "already_in_showcase": already, "failed": failed}

    def _generate(self, account_id: int) -> dict[str, ShopProduct]:
        rng = random.Random(f"{self.seed}:social:shop:{account_id}")
        ids = IdMaker(rng)
        products = {}
        for _ in range(rng.randrange(12, 41)):
            _, nouns = CATEGORIES[rng.choice(sorted(CATEGORIES))]
            product_id = ids()
            products[product_id] = ShopProduct(
                product_id=product_id,
                title=f"{rng.choice(ADJECTIVES)} {rng.choice(nouns)}",
                price=round(rng.uniform(3, 120), 2),
                stock=0 if rng.random() < 0.15 else rng.randrange(1, 2_000),
                in_showcase=rng.random() < 0.3,
                image_url=f"{CDN}/shop/{product_id}.jpg",
            )
        return products


def region_code(value: str) -> str:
    """Return ``value`` as one of the 15 lowercase market codes, or raise INVALID_PARAM."""
    code = value.casefold()
    if code not in COUNTRIES:
        raise SimError("INVALID_PARAM", f"region must be one of: {', '.join(COUNTRIES)}")
    return code
