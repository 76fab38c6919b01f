"""Social/5 Analytics: daily figures derived from the accounts' videos and shops.

Every figure is a sum of daily values, so the answers agree with each other:

* a video's lifetime ``views``, ``likes``, ``comments`` and ``shares`` (from Social/3) are spread
  over the :data:`SPREAD_DAYS` days from its UTC publish date, most on day one (largest
  remainder, so the days add up to the lifetime figure exactly);
* a *shoppable* video (about 40% of TikTok videos, chosen by a stable hash) links one to three
  products of its account's shop; its orders (a stable 0.1%..1% of its views) are split between
  them and spread like views; GMV is orders times price, counted in cents;
* ``followers_gained`` is a stable daily value per account (up to 0.2% of its followers).

So an overview total equals the sum of its trend points, of its top-accounts rows (all of
them) and of its top-videos rows; a top-products GMV equals the GMV of the shoppable videos
linking that product. Nothing depends on the wall clock: dates are UTC calendar days.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any

import attrs

from trenz_async.testing.trenz.envelope import SimError
from trenz_async.testing.trenz.gen_common import money
from trenz_async.testing.trenz.social_accounts import Account, SocialAccounts
from trenz_async.testing.trenz.social_tools import Shops
from trenz_async.testing.trenz.social_videos import SocialVideo, SocialVideos

SPREAD_DAYS = 30
DECAY = 0.8
VIDEO_METRICS: tuple[str, ...] = ("views", "likes", "comments", "shares")
#: Trend ``metric`` -> the overview total it adds up to.
TREND_METRICS: dict[str, str] = {
    "views": "views",
    "likes": "likes",
    "comments": "comments",
    "shares": "shares",
    "followers": "followers_gained",
}
#: The figures of an overview (and of each top-accounts row).
TOTALS = (*VIDEO_METRICS, "followers_gained", "videos_published", "orders", "gmv")
#: Top-list kind -> (``sort_by`` values, default).
TOP_SORTS: dict[str, tuple[tuple[str, ...], str]] = {
    "accounts": ((*VIDEO_METRICS, "followers_gained", "videos_published", "gmv"), "views"),
    "videos": ((*VIDEO_METRICS, "orders", "gmv"), "views"),
    "products": (("gmv", "orders", "views"), "gmv"),
}


def _stable(*parts: object) -> float:
    return (zlib.crc32(":".join(map(str, parts)).encode()) % 1_000_003) / 1_000_003


@cache
def spread(total: int) -> tuple[int, ...]:
    """Split ``total`` over :data:`SPREAD_DAYS` decaying days; the parts add up to ``total``."""
    weights = [DECAY**day for day in range(SPREAD_DAYS)]
    exact = [total * w / sum(weights) for w in weights]
    parts = [int(x) for x in exact]
    by_remainder = sorted(range(SPREAD_DAYS), key=lambda d: (parts[d] - exact[d], d))
    for day in by_remainder[: total - sum(parts)]:
        parts[day] += 1
    return tuple(parts)


@attrs.frozen
class Window:
    """An inclusive range of UTC days; ``None`` bounds mean "since ever" / "until ever"."""

    start: date | None = None
    end: date | None = None

    def days(self) -> list[date]:
        """Return every day of a bounded window, in order."""
        assert self.start is not None
        assert self.end is not None
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]

    def contains(self, day: date) -> bool:
        """Whether ``day`` falls inside the window."""
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


def publish_day(video: SocialVideo) -> date:
    """Return the UTC day ``video`` was published."""
    return datetime.fromtimestamp(video.published_at, UTC).date()


@attrs.frozen
class Link:
    """A shop product linked from a shoppable video, with its lifetime orders there."""

    product_id: str
    title: str
    price_cents: int
    orders: int
    image_url: str


class Analytics:
    """Analytics over the bound accounts' videos and shops."""

    def __init__(self, seed: int, accounts: SocialAccounts, videos: SocialVideos, shops: Shops):
        self.seed = seed
        self.accounts = accounts
        self.videos = videos
        self.shops = shops

    # -- daily figures -------------------------------------------------------------------

    def daily(self, video: SocialVideo, metric: str, window: Window) -> dict[date, int]:
        """Return ``metric`` of ``video`` per day inside ``window`` (days with a value only)."""
        if metric == "orders":
            total = sum(link.orders for link in self.links(video))
        elif metric == "gmv":  # cents
            return self._gmv_daily(video, window)
        else:
            total = getattr(video, metric)
        return self._spread(publish_day(video), total, window)

    def figure(self, video: SocialVideo, metric: str, window: Window) -> int:
        """Return ``metric`` of ``video`` summed over ``window`` (GMV in cents)."""
        return sum(self.daily(video, metric, window).values())

    def followers_daily(self, account: Account, window: Window) -> dict[date, int]:
        """Return the followers ``account`` gained per day of a bounded ``window``."""
        top = account.follower_count * 0.002
        return {
            day: int(top * _stable(self.seed, "followers", account.id, day.isoformat()))
            for day in window.days()
        }

    def _spread(self, first: date, total: int, window: Window) -> dict[date, int]:
        days = (first + timedelta(days=n) for n in range(SPREAD_DAYS))
        return {
            day: part
            for day, part in zip(days, spread(total), strict=True)
            if window.contains(day) and part
        }

    def _gmv_daily(self, video: SocialVideo, window: Window) -> dict[date, int]:
        out: dict[date, int] = {}
        for link in self.links(video):
            for day, orders in self._spread(publish_day(video), link.orders, window).items():
                out[day] = out.get(day, 0) + orders * link.price_cents
        return out

    # -- shoppable videos ----------------------------------------------------------------

    def links(self, video: SocialVideo) -> list[Link]:
        """Return the products ``video`` links to ([] when it is not shoppable)."""
        if (
            video.platform != "tiktok"
            or _stable(self.seed, "shoppable", video.platform_video_id) >= 0.4
        ):
            return []
        account = self.accounts.get(video.platform_account_id)
        if account is None:
            return []
        products = self.shops.products(account)
        key = video.platform_video_id
        count = 1 + int(_stable(self.seed, "links", key) * 3)
        start = int(_stable(self.seed, "first-link", key) * len(products))
        chosen = [products[(start + n) % len(products)] for n in range(min(count, len(products)))]
        orders = int(video.views * (0.001 + 0.009 * _stable(self.seed, "conversion", key)))
        shares = [orders // len(chosen) + (n < orders % len(chosen)) for n in range(len(chosen))]
        return [
            Link(p.product_id, p.title, round(p.price * 100), share, p.image_url)
            for p, share in zip(chosen, shares, strict=True)
        ]

    def shoppable(self, accounts: Sequence[Account]) -> list[SocialVideo]:
        """Return the shoppable videos of ``accounts``, newest first."""
        rows = [v for v in self.all_videos(accounts) if self.links(v)]
        return sorted(rows, key=lambda v: (-v.published_at, v.platform_video_id))

    def shoppable_video(self, platform_video_id: str) -> SocialVideo:
        """Return a shoppable video of any bound account, or 400 INVALID_PARAM."""
        for video in self.all_videos(self.accounts.all()):
            if video.platform_video_id == platform_video_id and self.links(video):
                return video
        raise SimError(
            "INVALID_PARAM", f"platform_video_id {platform_video_id} is not a shoppable video"
        )

    def shoppable_row(self, video: SocialVideo, window: Window, *, detail: bool) -> dict[str, Any]:
        """Return a shoppable video with its views, orders and GMV inside ``window``."""
        row: dict[str, Any] = {
            "platform_video_id": video.platform_video_id,
            "platform_account_id": video.platform_account_id,
            "title": video.title,
            "video_url": video.video_url,
            "published_at": video.published_at,
            "views": self.figure(video, "views", window),
            "orders": self.figure(video, "orders", window),
            "gmv": money(self.figure(video, "gmv", window) / 100),
            "product_count": len(self.links(video)),
        }
        products = []
        for link in self.links(video):
            orders = sum(self._spread(publish_day(video), link.orders, window).values())
            price = money(link.price_cents / 100)
            product: dict[str, Any] = {"product_id": link.product_id, "title": link.title}
            product["price"] = price
            if detail:
                product["image_url"] = link.image_url
                product["orders"] = orders
                product["gmv"] = money(orders * link.price_cents / 100)
            products.append(product)
        row["products"] = products
        return row

    # -- reports -------------------------------------------------------------------------

    def all_videos(self, accounts: Iterable[Account]) -> list[SocialVideo]:
        """Return every video of ``accounts``."""
        return [v for a in accounts for v in self.videos.for_account(a.id)]

    def account_totals(self, account: Account, window: Window) -> dict[str, Any]:
        """Return one account's totals inside a bounded ``window`` (GMV in cents)."""
        videos = self.videos.for_account(account.id)
        totals: dict[str, Any] = {
            m: sum(self.figure(v, m, window) for v in videos) for m in VIDEO_METRICS
        }
        totals["followers_gained"] = sum(self.followers_daily(account, window).values())
        totals["videos_published"] = sum(window.contains(publish_day(v)) for v in videos)
        totals["orders"] = sum(self.figure(v, "orders", window) for v in videos)
        totals["gmv"] = sum(self.figure(v, "gmv", window) for v in videos)
        return totals

    def overview(self, accounts: Sequence[Account], window: Window) -> dict[str, Any]:
        """Return the totals of ``accounts`` inside ``window``."""
        rows = [self.account_totals(a, window) for a in accounts]
        return _with_money({name: sum(row[name] for row in rows) for name in TOTALS})

    def trend(
        self, accounts: Sequence[Account], window: Window, metric: str
    ) -> list[dict[str, Any]]:
        """Return ``metric`` per day of ``window`` (zero days included)."""
        values = dict.fromkeys(window.days(), 0)
        for account in accounts:
            if metric == "followers":
                found = self.followers_daily(account, window)
                for day, value in found.items():
                    values[day] += value
                continue
            for video in self.videos.for_account(account.id):
                for day, value in self.daily(video, metric, window).items():
                    values[day] += value
        return [{"date": day.isoformat(), "value": value} for day, value in values.items()]

    def top(
        self, kind: str, accounts: Sequence[Account], window: Window, sort_by: str
    ) -> list[dict[str, Any]]:
        """Return the ``kind`` rows (see :data:`TOP_SORTS`) ranked by ``sort_by``."""
        if kind == "accounts":
            return self.top_accounts(accounts, window, sort_by)
        if kind == "videos":
            return self.top_videos(accounts, window, sort_by)
        return self.top_products(accounts, window, sort_by)

    def top_accounts(
        self, accounts: Sequence[Account], window: Window, sort_by: str
    ) -> list[dict[str, Any]]:
        """Return every account's totals ranked by ``sort_by`` (ties by id)."""
        rows = []
        for account in accounts:
            row = {
                "platform_account_id": account.id,
                "platform": account.platform,
                "nickname": account.nickname,
            }
            rows.append(row | self.account_totals(account, window))
        return _ranked(rows, sort_by, "platform_account_id")

    def top_videos(
        self, accounts: Sequence[Account], window: Window, sort_by: str
    ) -> list[dict[str, Any]]:
        """Return the videos with a figure or their publication inside ``window``, ranked."""
        rows = []
        for video in self.all_videos(accounts):
            figures = {m: self.figure(video, m, window) for m in (*VIDEO_METRICS, "orders", "gmv")}
            if any(figures.values()) or window.contains(publish_day(video)):
                rows.append(
                    {
                        "platform_video_id": video.platform_video_id,
                        "platform_account_id": video.platform_account_id,
                        "platform": video.platform,
                        "title": video.title,
                        "video_url": video.video_url,
                        "published_at": video.published_at,
                    }
                    | figures
                )
        return _ranked(rows, sort_by, "platform_video_id")

    def top_products(
        self, accounts: Sequence[Account], window: Window, sort_by: str
    ) -> list[dict[str, Any]]:
        """Return the products linked from videos with views or orders in ``window``, ranked."""
        rows: dict[str, dict[str, Any]] = {}
        for video in self.shoppable(accounts):
            views = self.figure(video, "views", window)
            for link in self.links(video):
                orders = sum(self._spread(publish_day(video), link.orders, window).values())
                row = rows.setdefault(
                    link.product_id,
                    {
                        "product_id": link.product_id,
                        "title": link.title,
                        "platform_account_id": video.platform_account_id,
                        "price": money(link.price_cents / 100),
                        "views": 0,
                        "orders": 0,
                        "gmv": 0,
                        "video_count": 0,
                    },
                )
                row["views"] += views
                row["orders"] += orders
                row["gmv"] += orders * link.price_cents
                row["video_count"] += 1
        active = [row for row in rows.values() if row["views"] or row["orders"]]
        return _ranked(active, sort_by, "product_id")


def _with_money(totals: dict[str, Any]) -> dict[str, Any]:
    if "gmv" in totals:
        totals["gmv"] = money(totals["gmv"] / 100)
    return totals


def _ranked(rows: list[dict[str, Any]], sort_by: str, tie: str) -> list[dict[str, Any]]:
    rows.sort(key=lambda row: (-row[sort_by], str(row[tie])))
    return [{"rank": n} | _with_money(row) for n, row in enumerate(rows, start=1)]
