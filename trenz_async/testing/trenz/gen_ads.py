"""Deterministic ads and creatives of one market (both point at products and creators)."""

from __future__ import annotations

import random
from typing import Any

from trenz_async.testing.trenz.gen_common import IdMaker, image, money, past_ms, skewed

Record = dict[str, Any]
AD_BUTTONS: tuple[str, ...] = ("Shop now", "Learn more", "Download", "Sign up", "Order now")
CONTENT_TAGS: tuple[str, ...] = ("unboxing", "tutorial", "review", "haul", "comparison", "asmr")
AD_TAGS: tuple[str, ...] = ("limited offer", "new", "bestseller")
INTENTS: tuple[str, ...] = ("sell", "educate", "entertain", "inspire")


def make_ads(rng: random.Random, count: int, products: list[Record]) -> list[Record]:
    """Return ``count`` ad records, each advertising one of ``products``."""
    new_id = IdMaker(rng)
    return [_ad(rng, new_id(), new_id(), rng.choice(products)) for _ in range(count)]


def _ad(rng: random.Random, ad_id: str, video_id: str, product: Record) -> Record:
    plays = int(skewed(rng, 20_000_000)) + 500
    likes = int(plays * rng.uniform(0.005, 0.08))
    gmv = skewed(rng, 500_000)
    created = past_ms(rng, 120)
    days = rng.randint(1, 120)
    cost = gmv / rng.uniform(0.5, 6.0)
    return {
        "id": ad_id,
        "video_id": video_id,
        "product_id": product["id"],
        "advertiser_id": product["seller_id"],
        "advertiser_name": product["shop_name"],
        "advertiser_url": f"https://shop.example.com/{product['seller_id']}",
        "ad_title": f"{product['product_name']}: {rng.choice(AD_TAGS)}",
        "ad_type": rng.randint(1, 7),
        "is_spark_ad": rng.random() < 0.3,
        "ad_url": f"https://ads.tiktok.com/sim/{ad_id}",
        "web_url": f"https://shop.example.com/p/{product['id']}",
        "button_text": rng.choice(AD_BUTTONS),
        "ad_cover": image("ad", ad_id),
        "product_title": product["product_name"],
        "create_time": created,
        "ad_create_time": created,
        "last_update_time": past_ms(rng, 3),
        "duration": rng.randint(5, 60),
        "ad_day_count": days,
        "video_play_count": plays,
        "video_like_count": likes,
        "video_like_rate": round(likes / plays, 4),
        "video_engagement_rate": round(likes / plays * rng.uniform(1.0, 1.5), 4),
        "video_popularity": rng.randint(1, 100),
        "total_sc": int(gmv / max(product["floor_price"]["value"], 1)),
        "total_gmv": money(gmv),
        "video_gpm_30d": money(gmv / plays * 1000),
        "ad_maximum_cost": money(cost),
        "ad_roas": round(gmv / cost, 2) if cost else 0.0,
        "product_l1_category_id": product["l1_category_id"],
        "product_l1_category": product["l1_category"],
    }


def make_creatives(
    rng: random.Random, country: str, count: int, creators: list[Record], products: list[Record]
) -> list[Record]:
    """Return ``count`` creatives by ``creators``; about 70% feature one of ``products``."""
    new_id = IdMaker(rng)
    return [
        _creative(rng, new_id(), new_id(), country, rng.choice(creators), products)
        for _ in range(count)
    ]


def _creative(
    rng: random.Random,
    cid: str,
    video_id: str,
    country: str,
    author: Record,
    products: list[Record],
) -> Record:
    product = rng.choice(products) if rng.random() < 0.7 else None
    plays = int(skewed(rng, 6_000_000)) + 100
    likes = int(plays * rng.uniform(0.01, 0.1))
    gmv_30d = skewed(rng, 120_000) if product else 0.0
    tag = rng.choice(CONTENT_TAGS)
    subject = product["product_name"].lower() if product else author["category_label"].lower()
    launched = past_ms(rng, 200)
    return {
        "id": cid,
        "video_id": video_id,
        "product_id": product["id"] if product else None,
        "author_uid": author["id"],
        "author_unique_id": author["unique_id"],
        "author_nickname": author["nickname"],
        "user_avatar": author["user_avatar"],
        "follower_cnt": author["follower_count"],
        "video_desc": f"{tag.title()}: {subject}",
        "content_tag_v2": [tag],
        "content_intent": rng.choice(INTENTS),
        "platform": "tiktok",
        "country_code": country.upper(),
        "is_aigc_video": rng.random() < 0.15,
        "is_sponsored": rng.random() < 0.25,
        "video_date": launched // 1000,
        "video_launch_time": launched,
        "video_duration": rng.randint(6, 120),
        "video_play_count": plays,
        "video_like_count": likes,
        "video_comment_count": likes // rng.randint(5, 40),
        "video_share_count": likes // rng.randint(5, 60),
        "video_engagement_rate": round(likes / plays * rng.uniform(1.0, 1.4), 4),
        "video_30d_gmv": money(gmv_30d),
        "video_total_gmv": money(gmv_30d * rng.uniform(1, 4)),
        "video_30d_gpm": money(gmv_30d / plays * 1000),
        "l1_category_id": product["l1_category_id"] if product else None,
        "l1_category": product["l1_category"] if product else None,
    }
