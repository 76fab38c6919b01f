"""Deterministic creators, videos, lives, ads and creatives of one market.

Cross references: a video's ``author_id`` and a live's ``user_id`` are creators of the market; a
commerce video's ``product_id``, an ad's and a creative's ``product_id`` are products of the market;
a live's products are listed in the ``live_products`` side table the generator fills.
"""

from __future__ import annotations

import random
from typing import Any

from trenz_async.testing.trenz.gen_common import (
    BASE_MS,
    DAY_MS,
    IdMaker,
    image,
    money,
    past_ms,
    skewed,
)
from trenz_async.testing.trenz.words import (
    CREATOR_CATEGORIES,
    LIVE_TITLES,
    NICK_WORDS,
    VIDEO_HOOKS,
)

Record = dict[str, Any]
NICHES: tuple[str, ...] = tuple(CREATOR_CATEGORIES)


def make_creators(rng: random.Random, country: str, count: int) -> list[Record]:
    """Return ``count`` creator records for ``country``."""
    new_id = IdMaker(rng)
    return [_creator(rng, new_id(), country, n) for n in range(count)]


def _creator(rng: random.Random, cid: str, country: str, n: int) -> Record:
    niche = rng.choice(NICHES)
    handle = f"{rng.choice(NICK_WORDS)}{rng.choice(NICK_WORDS)}{n}"
    followers = int(skewed(rng, 5_000_000)) + 100
    video_gmv, live_gmv = skewed(rng, 400_000), skewed(rng, 300_000)
    has_contact = rng.random() < 0.35
    return {
        "id": cid,
        "uid": cid,
        "unique_id": handle,
        "nickname": handle.replace("_", " ").title(),
        "user_avatar": image("creator", cid),
        "country_code": country.upper(),
        "account_type": rng.choice((0, 3, 4)),
        "category_id": niche,
        "category_label": CREATOR_CATEGORIES[niche],
        "follower_count": followers,
        "follower_count_growth_for_last_7_days": int(followers * rng.uniform(-0.01, 0.05)),
        "total_favorited": followers * rng.randint(2, 20),
        "video_avg_play_count": int(followers * rng.uniform(0.05, 0.8)),
        "video_avg_like_count": int(followers * rng.uniform(0.005, 0.05)),
        "author_avg_engagement_rate": round(rng.uniform(0.005, 0.15), 4),
        "video_30d_gmv": money(video_gmv),
        "live_30d_gmv": money(live_gmv),
        "total_video_live_30d_gmv": money(video_gmv + live_gmv),
        "has_video_product": video_gmv > 0,
        "has_live_product": live_gmv > 0,
        "bio_email": f"{handle}@example.com" if has_contact else "",
        "ins_id": handle if has_contact and rng.random() < 0.5 else "",
        "signature": f"{CREATOR_CATEGORIES[niche]} creator | {handle}",
        "last_update_time": past_ms(rng, 3),
    }


def make_videos(
    rng: random.Random, country: str, count: int, creators: list[Record], products: list[Record]
) -> list[Record]:
    """Return ``count`` videos by ``creators``; about 60% promote one of ``products``."""
    new_id = IdMaker(rng)
    return [_video(rng, new_id(), country, creators, products) for _ in range(count)]


def _video(
    rng: random.Random, vid: str, country: str, creators: list[Record], products: list[Record]
) -> Record:
    author = rng.choice(creators)
    product = rng.choice(products) if rng.random() < 0.6 else None
    subject = product["product_name"] if product else author["category_label"]
    plays = int(skewed(rng, 8_000_000)) + 50
    likes = int(plays * rng.uniform(0.01, 0.12))
    gmv = skewed(rng, 90_000) if product else 0.0
    return {
        "id": vid,
        "video_id": vid,
        "video_desc": f"{rng.choice(VIDEO_HOOKS)} {subject.lower()} #{author['category_label']}",
        "share_url": f"https://www.tiktok.com/@{author['unique_id']}/video/{vid}",
        "video_cover": image("video", vid),
        "video_launch_time": past_ms(rng, 180),
        "video_duration": rng.randint(6, 180),
        "author_id": author["id"],
        "author_unique_id": author["unique_id"],
        "author_nickname": author["nickname"],
        "country_code": country.upper(),
        "account_type": author["account_type"],
        "video_play_count": plays,
        "video_like_count": likes,
        "video_comment_count": likes // rng.randint(5, 40),
        "video_share_count": likes // rng.randint(5, 60),
        "video_collect_count": likes // rng.randint(3, 30),
        "video_engagement_rate": round(likes / plays * rng.uniform(1.0, 1.4), 4),
        "video_30d_gmv": money(gmv),
        "video_30d_gpm": money(gmv / plays * 1000),
        "is_ad": rng.random() < 0.1,
        "is_aigc_video": rng.random() < 0.08,
        "product_id": product["id"] if product else None,
        "l1_category_id": product["l1_category_id"] if product else None,
    }


def make_lives(
    rng: random.Random,
    country: str,
    count: int,
    creators: list[Record],
    products: list[Record],
    live_products: dict[str, list[str]],
) -> list[Record]:
    """Return ``count`` lives by ``creators``, filling ``live_products`` (live id -> products)."""
    new_id = IdMaker(rng)
    lives = []
    for _ in range(count):
        room_id = new_id()
        sold = rng.sample(products, rng.choice((0, 1, 2, 3, 5, 8)))
        live_products[room_id] = [product["id"] for product in sold]
        lives.append(_live(rng, room_id, country, rng.choice(creators), sold))
    return lives


def _live(
    rng: random.Random, room_id: str, country: str, host: Record, sold: list[Record]
) -> Record:
    living = rng.random() < 0.15
    start = past_ms(rng, 60) if not living else BASE_MS - rng.randrange(DAY_MS // 6)
    audience = int(skewed(rng, 300_000)) + 20
    sold_count = int(skewed(rng, 20_000)) if sold else 0
    gmv = sold_count * rng.uniform(5, 40)
    top = sold[0] if sold else None
    return {
        "id": room_id,
        "room_id": room_id,
        "title": f"{rng.choice(LIVE_TITLES)} with {host['nickname']}",
        "room_link": f"https://www.tiktok.com/@{host['unique_id']}/live",
        "user_id": host["id"],
        "user_unique_id": host["unique_id"],
        "user_nickname": host["nickname"],
        "user_category_id": host["category_id"],
        "user_category_label": host["category_label"],
        "country_code": country.upper(),
        "start_time": start,
        "end_time": None if living else start + rng.randrange(1800_000, 6 * 3600_000),
        "is_living": living,
        "cover": image("live", room_id),
        "product_count": len(sold),
        "total_sold_count": sold_count,
        "total_user": audience,
        "max_user_count": audience // rng.randint(3, 20) + 1,
        "new_follow_count": audience // rng.randint(20, 200),
        "gmv": money(gmv),
        "gpm": money(gmv / audience * 1000),
        "opm": round(sold_count / audience * 1000, 2),
        "most_product_category_id": top["l1_category_id"] if top else None,
        "most_product_category_label": top["l1_category"] if top else None,
    }
