"""Per-entity search rules: which query parameter filters or sorts on which record field.

Parameter -> field mapping (money fields compare their ``value``; ``min_x``/``max_x`` are
inclusive):

=========  ==============================  =============================================
entity     parameter                       record field
=========  ==============================  =============================================
products   keyword                         product_name (case-insensitive substring)
           category / seller_type          l1_category_id / seller_type
           price, rating                   floor_price, product_rating
           sold_7d, sold_30d               product_sold_count_for_last_{7,30}_days
           free_shipping                   free_shipping
sellers    keyword, category, seller_type  shop_name, shop_main_category_id, seller_type
           rating, sold_7d, gmv_7d         shop_rating, shop_sold_count_for_last_7_days,
                                           shop_gmv_for_last_7_days
creators   keyword                         nickname or unique_id
           category (niche)                category_id (see CREATOR_CATEGORIES)
           followers, gmv_30d              follower_count, total_video_live_30d_gmv
           avg_views, engagement           video_avg_play_count, author_avg_engagement_rate
           has_contact                     bio_email or ins_id not empty
videos     keyword, category               video_desc, l1_category_id (of its product)
           views, likes, gmv_30d           video_play_count, video_like_count, video_30d_gmv
           engagement, account_type        video_engagement_rate, account_type
           is_commercial                   product_id is set
lives      keyword, category               title, user_category_id (niche)
           product_category                most_product_category_id
           sold, gmv, audience             total_sold_count, gmv, total_user
           is_living, is_commercial        is_living, product_count > 0
ads        keyword, category, ad_type      ad_title, product_l1_category_id, ad_type
           views, gmv, days                video_play_count, total_gmv, ad_day_count
           exclude_spark_ads=true          drops rows with is_spark_ad
creatives  keyword, category               video_desc, l1_category_id
           has_product                     product_id is set
           is_sponsored, is_aigc           is_sponsored, is_aigc_video
=========  ==============================  =============================================

Sort fields are in each spec's ``sorts`` table below (name -> field).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

Record = dict[str, Any]
Getter = Callable[[Record], Any]


def field(name: str) -> Getter:
    """Return a getter of the plain field ``name``."""
    return lambda record: record[name]


def amount(name: str) -> Getter:
    """Return a getter of the ``value`` of the money field ``name``."""
    return lambda record: record[name]["value"]


def is_set(name: str) -> Getter:
    """Return a getter telling whether field ``name`` is set (not None, not empty)."""
    return lambda record: bool(record[name])


@attrs.frozen
class ExactFilter:
    """An equality filter: ``kind`` is "l1" (27 category ids), "niche" or "int:<lo>-<hi>"."""

    field: str
    kind: str


@attrs.frozen
class EntitySpec:
    """Everything the search of one entity needs to know."""

    name: str
    keyword_fields: tuple[str, ...]
    exact: dict[str, ExactFilter]
    ranges: dict[str, Getter]
    bools: dict[str, Getter]
    sorts: dict[str, Getter]
    default_sort: str
    includes: frozenset[str]
    #: boolean params that only ever exclude (true = drop matching rows, false = no filter)
    excluding: frozenset[str] = frozenset()


L1 = "l1"
SPECS: dict[str, EntitySpec] = {
    "products": EntitySpec(
        name="products",
        keyword_fields=("product_name",),
        exact={
            "category": ExactFilter("l1_category_id", L1),
            "seller_type": ExactFilter("seller_type", "int:1-4"),
        },
        ranges={
            "price": amount("floor_price"),
            "rating": field("product_rating"),
            "sold_7d": field("product_sold_count_for_last_7_days"),
            "sold_30d": field("product_sold_count_for_last_30_days"),
        },
        bools={"free_shipping": field("free_shipping")},
        sorts={
            "daily_sold": field("product_daily_sold_count"),
            "gmv_30d": amount("product_gmv_for_last_30_days"),
            "gmv_7d": amount("product_gmv_for_last_7_days"),
            "price": amount("floor_price"),
            "rating": field("product_rating"),
            "sold_30d": field("product_sold_count_for_last_30_days"),
            "sold_7d": field("product_sold_count_for_last_7_days"),
        },
        default_sort="gmv_7d:desc",
        includes=frozenset({"core", "channel"}),
    ),
    "sellers": EntitySpec(
        name="sellers",
        keyword_fields=("shop_name",),
        exact={
            "category": ExactFilter("shop_main_category_id", L1),
            "seller_type": ExactFilter("seller_type", "int:1-4"),
        },
        ranges={
            "rating": field("shop_rating"),
            "sold_7d": field("shop_sold_count_for_last_7_days"),
            "gmv_7d": amount("shop_gmv_for_last_7_days"),
        },
        bools={},
        sorts={
            "gmv_7d": amount("shop_gmv_for_last_7_days"),
            "sold_7d": field("shop_sold_count_for_last_7_days"),
            "rating": field("shop_rating"),
            "total_gmv": amount("shop_total_gmv"),
            "total_sold": field("shop_total_sold_count"),
            "product_count": field("shop_product_count"),
            "creator_count": field("total_related_creator_count"),
        },
        default_sort="gmv_7d:desc",
        includes=frozenset({"core", "channel"}),
    ),
    "creators": EntitySpec(
        name="creators",
        keyword_fields=("nickname", "unique_id"),
        exact={"category": ExactFilter("category_id", "niche")},
        ranges={
            "followers": field("follower_count"),
            "gmv_30d": amount("total_video_live_30d_gmv"),
            "avg_views": field("video_avg_play_count"),
            "engagement": field("author_avg_engagement_rate"),
        },
        bools={"has_contact": lambda r: bool(r["bio_email"] or r["ins_id"])},
        sorts={
            "gmv_30d": amount("total_video_live_30d_gmv"),
            "followers": field("follower_count"),
            "follower_growth": field("follower_count_growth_for_last_7_days"),
            "avg_views": field("video_avg_play_count"),
            "engagement": field("author_avg_engagement_rate"),
        },
        default_sort="gmv_30d:desc",
        includes=frozenset({"core", "channel", "portrait"}),
    ),
    "videos": EntitySpec(
        name="videos",
        keyword_fields=("video_desc",),
        exact={
            "category": ExactFilter("l1_category_id", L1),
            "account_type": ExactFilter("account_type", "int:0,3,4"),
        },
        ranges={
            "views": field("video_play_count"),
            "likes": field("video_like_count"),
            "gmv_30d": amount("video_30d_gmv"),
            "engagement": field("video_engagement_rate"),
        },
        bools={"is_commercial": is_set("product_id")},
        sorts={
            "views": field("video_play_count"),
            "likes": field("video_like_count"),
            "comments": field("video_comment_count"),
            "shares": field("video_share_count"),
            "gmv_30d": amount("video_30d_gmv"),
            "engagement": field("video_engagement_rate"),
            "launch_time": field("video_launch_time"),
        },
        default_sort="views:desc",
        includes=frozenset({"core"}),
    ),
    "lives": EntitySpec(
        name="lives",
        keyword_fields=("title",),
        exact={
            "category": ExactFilter("user_category_id", "niche"),
            "product_category": ExactFilter("most_product_category_id", L1),
        },
        ranges={
            "sold": field("total_sold_count"),
            "gmv": amount("gmv"),
            "audience": field("total_user"),
        },
        bools={"is_living": field("is_living"), "is_commercial": is_set("product_count")},
        sorts={
            "gmv": amount("gmv"),
            "sold": field("total_sold_count"),
            "audience": field("total_user"),
            "max_audience": field("max_user_count"),
            "gpm": amount("gpm"),
            "start_time": field("start_time"),
        },
        default_sort="gmv:desc",
        includes=frozenset({"core"}),
    ),
    "ads": EntitySpec(
        name="ads",
        keyword_fields=("ad_title",),
        exact={
            "category": ExactFilter("product_l1_category_id", L1),
            "ad_type": ExactFilter("ad_type", "int:1-7"),
        },
        ranges={
            "views": field("video_play_count"),
            "gmv": amount("total_gmv"),
            "days": field("ad_day_count"),
        },
        bools={"exclude_spark_ads": field("is_spark_ad")},
        sorts={
            "gmv": amount("total_gmv"),
            "views": field("video_play_count"),
            "likes": field("video_like_count"),
            "days": field("ad_day_count"),
            "roas": field("ad_roas"),
            "create_time": field("ad_create_time"),
        },
        default_sort="gmv:desc",
        includes=frozenset({"core"}),
        excluding=frozenset({"exclude_spark_ads"}),
    ),
    "creatives": EntitySpec(
        name="creatives",
        keyword_fields=("video_desc",),
        exact={"category": ExactFilter("l1_category_id", L1)},
        ranges={},
        bools={
            "has_product": is_set("product_id"),
            "is_sponsored": field("is_sponsored"),
            "is_aigc": field("is_aigc_video"),
        },
        sorts={
            "gmv": amount("video_30d_gmv"),
            "total_gmv": amount("video_total_gmv"),
            "views": field("video_play_count"),
            "likes": field("video_like_count"),
            "engagement": field("video_engagement_rate"),
            "launch_time": field("video_launch_time"),
        },
        default_sort="gmv:desc",
        includes=frozenset({"analysis", "embedding"}),
    ),
}
