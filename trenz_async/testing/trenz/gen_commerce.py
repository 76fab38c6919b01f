"""Deterministic sellers and products of one market."""

from __future__ import annotations

import random
from typing import Any

from trenz_async.testing.trenz.gen_common import IdMaker, image, money, past_ms, skewed, trend
from trenz_async.testing.trenz.words import (
    ADJECTIVES,
    CATEGORIES,
    MATERIALS,
    SHOP_SUFFIXES,
    SHOP_WORDS,
)

CATEGORY_IDS: tuple[str, ...] = tuple(CATEGORIES)
SELLER_TYPES = {1: "Overseas Non-Brand", 2: "Local", 3: "Brand", 4: "Non-Brand"}
#: Products at the start of every market that are desk lamps (so "desk lamp" always finds some).
DESK_LAMPS = 12
DESK_LAMP_CATEGORY = "604968"


def make_sellers(rng: random.Random, country: str, count: int) -> list[dict[str, Any]]:
    """Return ``count`` seller records for ``country``."""
    new_id = IdMaker(rng)
    sellers = []
    for n in range(count):
        cat = rng.choice(CATEGORY_IDS)
        seller_type = rng.randint(1, 4)
        sold_7d = int(skewed(rng, 40_000))
        gmv_7d = sold_7d * rng.uniform(5, 60)
        seller_id = new_id()
        name = f"{rng.choice(SHOP_WORDS)} {rng.choice(SHOP_WORDS)} {rng.choice(SHOP_SUFFIXES)}"
        sellers.append(
            {
                "id": seller_id,
                "seller_id": seller_id,
                "shop_name": f"{name} {n + 1}",
                "region": country.upper(),
                "shop_rating": round(rng.uniform(3.0, 5.0), 1),
                "shop_main_category": CATEGORIES[cat][0],
                "shop_main_category_id": cat,
                "seller_type": seller_type,
                "seller_business_info": [SELLER_TYPES[seller_type]],
                "shop_product_count": 0,  # both counts: filled from the related lists
                "shop_total_sold_count": sold_7d * rng.randint(8, 40),
                "shop_total_gmv": money(gmv_7d * rng.uniform(8, 40)),
                "shop_sold_count_for_last_7_days": sold_7d,
                "shop_gmv_for_last_7_days": money(gmv_7d),
                "total_related_creator_count": 0,
                "sold_count_trend": trend(rng, sold_7d / 7),
                "seller_avatar": image("seller", seller_id),
                "create_time": past_ms(rng, 1500),
                "last_update_time": past_ms(rng, 3),
            }
        )
    return sellers


def product_name(rng: random.Random, cat: str, desk_lamp: bool) -> str:
    """Return a product name built from the word lists (a desk lamp when asked)."""
    noun = "Desk Lamp" if desk_lamp else rng.choice(CATEGORIES[cat][1])
    parts = [rng.choice(ADJECTIVES)]
    if rng.random() < 0.5:
        parts.append(rng.choice(MATERIALS))
    parts.append(noun)
    if rng.random() < 0.3:
        parts.append(f"{rng.choice(('2-Pack', 'Set', 'XL', 'Pro', 'for Home'))}")
    return " ".join(parts)


def make_products(
    rng: random.Random, country: str, count: int, sellers: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Return ``count`` products of ``country``, each sold by one of ``sellers``."""
    new_id = IdMaker(rng)
    return [_product(rng, new_id(), country, n < DESK_LAMPS, sellers) for n in range(count)]


def _product(
    rng: random.Random, pid: str, country: str, desk_lamp: bool, sellers: list[dict[str, Any]]
) -> dict[str, Any]:
    cat = DESK_LAMP_CATEGORY if desk_lamp else rng.choice(CATEGORY_IDS)
    seller = rng.choice(sellers)
    price = round(rng.uniform(2, 150), 2)
    sold_30d = int(skewed(rng, 60_000))
    sold_7d = int(sold_30d * rng.uniform(0.1, 0.4))
    return {
        "id": pid,
        "product_id": pid,
        "region": country.upper(),
        "product_name": product_name(rng, cat, desk_lamp),
        "product_images": [image("product", f"{pid}_{i}") for i in range(rng.randint(1, 4))],
        "floor_price": money(price),
        "ceiling_price": money(price * rng.uniform(1.0, 1.6)),
        "product_rating": round(rng.uniform(2.5, 5.0), 1),
        "product_sold_count": sold_30d * rng.randint(2, 12),
        "product_gmv": money(sold_30d * price * rng.uniform(2, 12)),
        "product_daily_sold_count": sold_7d // 7,
        "product_sold_count_for_last_7_days": sold_7d,
        "product_gmv_for_last_7_days": money(sold_7d * price),
        "product_sold_count_for_last_30_days": sold_30d,
        "product_gmv_for_last_30_days": money(sold_30d * price),
        "free_shipping": rng.random() < 0.4,
        "product_status": rng.choice((1, 1, 1, 2, 3, 4)),
        "create_time": past_ms(rng, 400),
        "seller_id": seller["id"],
        "shop_name": seller["shop_name"],
        "seller_type": seller["seller_type"],
        "seller_business_info": seller["seller_business_info"],
        "l1_category_id": cat,
        "l1_category": CATEGORIES[cat][0],
    }
