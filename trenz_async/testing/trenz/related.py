"""Related lists (``/{entity}/{id}/{relation}``), derived from the dataset's cross references.

A finder returns the related records for a parent; a formatter turns one into a row with the
catalogue's (often prefixed) field names. Only "similar" rows (the search shape) carry a plain
``id``; other rows are keyed as the catalogue documents them (``user_id``, ``room_id``,
``review_id``, ``video_id``, or a prefixed ``..._id``). These lists are the source of truth for
every count of them a record or a detail section carries (:mod:`.counts`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, overload

from trenz_async.testing.trenz.gen_common import BASE_MS, DAY_MS, image, stable_ratio
from trenz_async.testing.trenz.words import COMMENT_TEXTS, REVIEW_TEXTS

if TYPE_CHECKING:
    from trenz_async.testing.trenz.dataset import Market

Record = dict[str, Any]
Finder = Callable[["Market", Record], Sequence[Record]]
Formatter = Callable[[Record], Record]
SIMILAR_MAX = 50


class Rows(Sequence[Record]):
    """``count`` rows made on demand by ``make(n)``: a long list costs only the page read."""

    def __init__(self, count: int, make: Callable[[int], Record]) -> None:
        self._count = count
        self._make = make

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Record: ...

    @overload
    def __getitem__(self, index: slice) -> list[Record]: ...

    def __getitem__(self, index: int | slice) -> Record | list[Record]:
        if isinstance(index, slice):
            return [self._make(n) for n in range(*index.indices(self._count))]
        n = index + self._count if index < 0 else index
        if not 0 <= n < self._count:
            raise IndexError(index)
        return self._make(n)


def prefixed(prefix: str, record: Record) -> Record:
    """Return ``record`` with every key prefixed."""
    return {f"{prefix}{key}": value for key, value in record.items()}


def _pick(entity: str, field: str, key: str) -> Finder:
    """Finder: records of ``entity`` whose ``field`` equals the parent's ``key``."""
    return lambda market, parent: market.group(entity, field).get(parent[key], [])


def _similar(entity: str, field: str) -> Finder:
    def find(market: Market, parent: Record) -> Sequence[Record]:
        peers = market.group(entity, field).get(parent[field], [])
        return [peer for peer in peers if peer["id"] != parent["id"]][:SIMILAR_MAX]

    return find


def _one_product(market: Market, parent: Record) -> list[Record]:
    product = market.get("products", parent["product_id"]) if parent["product_id"] else None
    return [product] if product else []


def _live_products(market: Market, parent: Record) -> list[Record]:
    ids = market.live_products.get(parent["id"], [])
    return [p for p in (market.get("products", pid) for pid in ids) if p is not None]


def _product_creators(market: Market, parent: Record) -> list[Record]:
    videos = market.group("videos", "product_id").get(parent["id"], [])
    ids = dict.fromkeys(video["author_id"] for video in videos)
    return [c for c in (market.get("creators", cid) for cid in ids) if c is not None]


def _product_lives(market: Market, parent: Record) -> list[Record]:
    return market.memo("lives by product", _lives_by_product).get(parent["id"], [])


def _lives_by_product(market: Market) -> dict[str, list[Record]]:
    """Index: product id -> the lives that sold it, in the lives' generation order."""
    index: dict[str, list[Record]] = {}
    for live in market.records("lives"):
        for pid in market.live_products.get(live["id"], ()):
            index.setdefault(pid, []).append(live)
    return index


def _seller_videos(market: Market, parent: Record) -> list[Record]:
    products = market.group("products", "seller_id").get(parent["id"], [])
    by_product = market.group("videos", "product_id")
    return [video for product in products for video in by_product.get(product["id"], [])]


def _seller_creators(market: Market, parent: Record) -> list[Record]:
    ids = dict.fromkeys(video["author_id"] for video in _seller_videos(market, parent))
    return [c for c in (market.get("creators", cid) for cid in ids) if c is not None]


def _creator_products(market: Market, parent: Record) -> list[Record]:
    videos = market.group("videos", "author_id").get(parent["id"], [])
    ids = dict.fromkeys(v["product_id"] for v in videos if v["product_id"])
    return [p for p in (market.get("products", pid) for pid in ids) if p is not None]


def _reviews(market: Market, parent: Record) -> list[Record]:
    count = int(stable_ratio(parent["id"], "reviews") * 30)
    return [_review(parent, n) for n in range(count)]


def _review(parent: Record, n: int) -> Record:
    rid = f"{parent['id'][:15]}{n:04d}"
    return {
        "review_id": rid,
        "content": REVIEW_TEXTS[int(stable_ratio(rid, "t") * len(REVIEW_TEXTS))],
        "rating": 1 + int(stable_ratio(rid, "r") * 5),
        "publish_time": BASE_MS - int(stable_ratio(rid, "p") * 90) * DAY_MS,
        "images": [image("review", rid)] if stable_ratio(rid, "i") < 0.3 else [],
        "sku_info": "Default",
    }


def _comments(market: Market, parent: Record) -> Rows:
    """A video's comments: exactly ``video_comment_count`` of them, each made when read."""
    count = parent["video_comment_count"]
    return Rows(count, lambda n: _comment(parent, n, count))


def _comment(parent: Record, n: int, count: int) -> Record:
    cid = f"{parent['id'][:12]}{n:07d}"
    p = "tiktok_video_detail_comment_"
    launched = parent["video_launch_time"]
    return {
        f"{p}id": cid,
        "tiktok_video_detail_video_id": parent["id"],
        f"{p}text": COMMENT_TEXTS[int(stable_ratio(cid, "t") * len(COMMENT_TEXTS))],
        f"{p}create_time": launched + (BASE_MS - launched) * (n + 1) // (count + 1),
        f"{p}like_count": int(stable_ratio(cid, "l") * 500),
        f"{p}reply_count": int(stable_ratio(cid, "r") * 20),
        f"{p}unique_id": f"viewer{n}",
        f"{p}nickname": f"Viewer {n}",
        f"{p}user_avatar": image("viewer", cid),
    }


def _creator_row(c: Record) -> Record:
    return {
        "user_id": c["id"],
        "uid": c["uid"],
        "unique_id": c["unique_id"],
        "nickname": c["nickname"],
        "follower_count": c["follower_count"],
        "video_avg_play_count": c["video_avg_play_count"],
        "author_avg_engagement_rate": c["author_avg_engagement_rate"],
        "video_30d_gmv": c["video_30d_gmv"],
        "live_30d_gmv": c["live_30d_gmv"],
        "bio_email": c["bio_email"],
    }


def _live_row(live: Record) -> Record:
    keys = (
        "room_id",
        "title",
        "room_link",
        "user_id",
        "start_time",
        "end_time",
        "gmv",
        "total_sold_count",
        "total_user",
    )
    return {key: live[key] for key in keys}


def _video_row(v: Record) -> Record:
    keys = (
        "video_id",
        "video_desc",
        "video_cover",
        "share_url",
        "author_id",
        "video_play_count",
        "video_like_count",
        "video_engagement_rate",
        "video_30d_gmv",
    )
    return {key: v[key] for key in keys}


def _same(record: Record) -> Record:
    return record


def _pair(left: str, parent_key: str) -> Callable[[Record], Formatter]:
    """Formatter factory for rows mixing parent (``left`` prefix) and product fields."""

    def make(parent: Record) -> Formatter:
        def fmt(product: Record) -> Record:
            row = prefixed("tiktok_product_detail_", product)
            row[f"{left}{parent_key}"] = parent["id"]
            return row

        return fmt

    return make


#: (entity, relation) -> (finder, formatter factory taking the parent record)
RELATED: dict[tuple[str, str], tuple[Finder, Callable[[Record], Formatter]]] = {
    ("products", "creators"): (_product_creators, lambda p: _creator_row),
    ("products", "lives"): (_product_lives, lambda p: _live_row),
    ("products", "reviews"): (_reviews, lambda p: _same),
    ("products", "similar"): (_similar("products", "l1_category_id"), lambda p: _same),
    ("products", "videos"): (_pick("videos", "product_id", "id"), lambda p: _video_row),
    ("sellers", "creators"): (
        _seller_creators,
        lambda p: lambda c: prefixed("tiktok_seller_detail_creator_", c),
    ),
    ("sellers", "products"): (
        _pick("products", "seller_id", "id"),
        lambda p: lambda r: prefixed("tiktok_seller_product_", r),
    ),
    ("sellers", "videos"): (
        _seller_videos,
        lambda p: lambda v: prefixed("tiktok_seller_detail_video_", v),
    ),
    ("creators", "lives"): (
        _pick("lives", "user_id", "id"),
        lambda p: lambda r: prefixed("tiktok_creator_detail_live_", r),
    ),
    ("creators", "products"): (_creator_products, _pair("tiktok_creator_detail_", "uid")),
    ("creators", "similar"): (_similar("creators", "category_id"), lambda p: _same),
    ("creators", "videos"): (
        _pick("videos", "author_id", "id"),
        lambda p: lambda r: prefixed("tiktok_creator_detail_video_", r),
    ),
    ("videos", "products"): (_one_product, _pair("tiktok_video_detail_", "video_id")),
    ("videos", "reviews"): (_comments, lambda p: _same),
    ("videos", "similar"): (_similar("videos", "author_id"), lambda p: _same),
    ("lives", "products"): (
        _live_products,
        lambda p: lambda r: prefixed("tiktok_live_detail_product_", r),
    ),
    ("lives", "similar"): (_similar("lives", "user_category_id"), lambda p: _same),
    ("ads", "products"): (_one_product, _pair("tiktok_ads_detail_", "id")),
    ("ads", "similar"): (_similar("ads", "product_l1_category_id"), lambda p: _same),
}
