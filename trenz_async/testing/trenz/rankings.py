"""Product rankings: top-selling, most-promoted and new-arrivals (catalogue §1.1)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from trenz_async.testing.trenz import query as q
from trenz_async.testing.trenz.counts import related_count
from trenz_async.testing.trenz.dataset import Market
from trenz_async.testing.trenz.gen_common import DAY_MS, money, stable_ratio

Record = dict[str, Any]
GRANULARITY_DAYS = {"daily": 1, "weekly": 7, "monthly": 30}
SORTS: dict[str, tuple[tuple[str, ...], str]] = {
    "top-selling": (
        (
            "gmv_growth_rate",
            "interval_gmv",
            "interval_sold_count",
            "sold_count_growth_rate",
            "total_gmv",
            "total_sold_count",
        ),
        "interval_sold_count:desc",
    ),
    "most-promoted": (
        (
            "interval_gmv",
            "interval_sold_count",
            "live_count",
            "live_user_count",
            "related_creator_count",
            "video_play_count",
        ),
        "related_creator_count:desc",
    ),
    "new-arrivals": (("gmv_3d", "sold_count_3d", "total_gmv", "total_sold_count"), "gmv_3d:desc"),
}


@attrs.frozen
class RankingQuery:
    """A validated ranking request."""

    kind: str
    date: str | None
    granularity: str | None
    category: str | int | None
    seller_type: str | int | None
    listed_from: str | None
    listed_to: str | None
    product_status: str | int | None
    sort: str
    descending: bool


def parse(kind: str, query: Mapping[str, str]) -> RankingQuery:
    """Validate the ranking-specific parameters of ``kind``."""
    dated = kind != "new-arrivals"
    fields, default = SORTS[kind]
    sort, descending = q.sort(query, dict.fromkeys(fields), default)
    return RankingQuery(
        kind=kind,
        date=q.date(query, "date", required=dated) if dated else None,
        granularity=q.choice(query, "granularity", tuple(GRANULARITY_DAYS), required=dated)
        if dated
        else None,
        category=q.exact(query, "category", "l1"),
        seller_type=q.exact(query, "seller_type", "int:1-4"),
        listed_from=None if dated else q.date(query, "listed_from", required=False),
        listed_to=None if dated else q.date(query, "listed_to", required=False),
        product_status=None if dated else q.exact(query, "product_status", "int:1-4"),
        sort=sort,
        descending=descending,
    )


def rank(market: Market, rq: RankingQuery) -> list[Record]:
    """Return every ranking row for ``rq``, sorted (ties by id)."""
    rows = []
    for product in market.records("products"):
        if not _keep(product, rq):
            continue
        rows.append(_row(market, product, rq))
    rows.sort(key=lambda r: (_value(r[rq.sort]), r["id"]), reverse=rq.descending)
    return rows


def _value(value: Any) -> Any:
    return value["value"] if isinstance(value, dict) else value


def _keep(product: Record, rq: RankingQuery) -> bool:
    if rq.category is not None and product["l1_category_id"] != rq.category:
        return False
    if rq.seller_type is not None and product["seller_type"] != rq.seller_type:
        return False
    if rq.product_status is not None and product["product_status"] != rq.product_status:
        return False
    listed = _yyyymmdd(product["create_time"])
    if rq.listed_from is not None and listed < rq.listed_from:
        return False
    return not (rq.listed_to is not None and listed > rq.listed_to)


def _yyyymmdd(ms: int) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y%m%d")


def _row(market: Market, p: Record, rq: RankingQuery) -> Record:
    """One ranking row; its live and creator counts are the product's related lists'."""
    salt = f"{rq.date}:{rq.granularity}"
    factor = 0.5 + stable_ratio(p["id"], salt)
    days = GRANULARITY_DAYS.get(rq.granularity or "", 3)
    sold = int(p["product_sold_count_for_last_30_days"] * days / 30 * factor)
    price = p["floor_price"]["value"]
    growth = round(stable_ratio(p["id"], salt + "g") * 2 - 0.5, 4)
    return {
        "id": p["id"],
        "product_id": p["id"],
        "product_name": p["product_name"],
        "product_images": p["product_images"],
        "seller_id": p["seller_id"],
        "shop_name": p["shop_name"],
        "floor_price": p["floor_price"],
        "l1_category_id": p["l1_category_id"],
        "product_status": p["product_status"],
        "listed_time": p["create_time"],
        "interval_sold_count": sold,
        "interval_gmv": money(sold * price),
        "total_sold_count": p["product_sold_count"],
        "total_gmv": p["product_gmv"],
        "sold_count_growth_rate": growth,
        "gmv_growth_rate": round(growth * factor, 4),
        "sold_count_3d": p["product_daily_sold_count"] * 3,
        "gmv_3d": money(p["product_daily_sold_count"] * 3 * price),
        "live_count": related_count(market, "products", "lives", p),
        "live_user_count": int(stable_ratio(p["id"], salt + "u") * 90_000),
        "related_creator_count": related_count(market, "products", "creators", p),
        "video_play_count": int(stable_ratio(p["id"], salt + "v") * 5_000_000),
        "sales_trend": [sold // max(days, 1)] * 7,
        "date_span_ms": days * DAY_MS,
    }
