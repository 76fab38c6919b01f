"""Detail ``include`` sections, derived deterministically from the base record.

A builder makes a section's fields from the record alone; the fields that count a related list
(``related_video_count``, ``core_product_count``...) are added from that list by
:func:`~trenz_async.testing.trenz.counts.section_counts`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from trenz_async.testing.trenz.counts import section_counts
from trenz_async.testing.trenz.gen_common import image, money, stable_ratio

if TYPE_CHECKING:
    from trenz_async.testing.trenz.dataset import Market

Record = dict[str, Any]
Builder = Callable[[Record], Record]


def _product_core(r: Record) -> Record:
    return {
        "product_gmv": r["product_gmv"],
        "product_sold_count": r["product_sold_count"],
        "product_sold_count_for_last_30_days": r["product_sold_count_for_last_30_days"],
        "product_gmv_for_last_30_days": r["product_gmv_for_last_30_days"],
    }


def _channels(prefix: str, gmv: float, sold: int, rid: str) -> Record:
    shares = [stable_ratio(rid, name) + 0.05 for name in ("video", "live", "card", "pc", "sc")]
    total = sum(shares)
    out: Record = {}
    for name, share in zip(
        ("video", "live", "product_card", "personal_creator", "seller_creator"), shares, strict=True
    ):
        out[f"{prefix}{name}_30d_gmv"] = money(gmv * share / total)
        out[f"{prefix}{name}_30d_sold_count"] = int(sold * share / total)
    return out


def _seller_core(r: Record) -> Record:
    return {
        "core_seller_id": r["id"],
        "core_region": r["region"],
        "core_seller_shop_product_count": r["shop_product_count"],
        "core_shop_total_sold_count": r["shop_total_sold_count"],
        "core_seller_shop_total_gmv": r["shop_total_gmv"],
        "core_seller_total_related_creator_count": r["total_related_creator_count"],
    }


def _creator_core(r: Record) -> Record:
    return {
        "core_uid": r["id"],
        "core_follower_count": r["follower_count"],
        "core_total_favorited": r["total_favorited"],
        "core_author_avg_engagement_rate": r["author_avg_engagement_rate"],
    }


def _portrait(r: Record) -> Record:
    young = round(0.2 + stable_ratio(r["id"], "age") * 0.5, 2)
    female = round(0.2 + stable_ratio(r["id"], "sex") * 0.6, 2)
    return {
        "portrait_uid": r["id"],
        "portrait_follower_count": r["follower_count"],
        "portrait_age_distribution": {"18-24": young, "25-34": round(1 - young, 2)},
        "portrait_gender_distribution": {"female": female, "male": round(1 - female, 2)},
        "portrait_region_distribution": {r["country_code"]: 1.0},
    }


def _video_core(r: Record) -> Record:
    plays = r["video_play_count"]
    return {
        "core_video_play_count": plays,
        "core_video_like_count": r["video_like_count"],
        "core_video_comment_count": r["video_comment_count"],
        "core_video_share_count": r["video_share_count"],
        "core_video_collect_count": r["video_collect_count"],
        "core_video_engagement_rate": r["video_engagement_rate"],
        "core_video_like_play_ratio": round(r["video_like_count"] / plays, 4),
        "core_video_30d_gpm": r["video_30d_gpm"],
        "core_country_code": r["country_code"],
    }


def _live_core(r: Record) -> Record:
    return {
        "core_room_id": r["id"],
        "core_gmv": r["gmv"],
        "core_gpm": r["gpm"],
        "core_product_count": r["product_count"],
        "core_total_sold_count": r["total_sold_count"],
        "core_total_user": r["total_user"],
        "core_max_user_count": r["max_user_count"],
        "core_new_follow_count": r["new_follow_count"],
    }


def _ad_core(r: Record) -> Record:
    return {
        "core_creative_id": r["id"],
        "core_ad_type": r["ad_type"],
        "core_ad_day_count": r["ad_day_count"],
        "core_ad_maximum_cost": r["ad_maximum_cost"],
        "core_ad_roas": r["ad_roas"],
        "core_total_gmv": r["total_gmv"],
        "core_total_sc": r["total_sc"],
        "core_video_play_count": r["video_play_count"],
    }


def _analysis(r: Record) -> Record:
    hooks = ("question", "problem", "result_first", "curiosity")
    hook = hooks[int(stable_ratio(r["id"], "hook") * len(hooks))]
    return {
        "hook_type": hook,
        "hook_subtype": f"{hook}_basic",
        "formula_type": "PAS",
        "formula_subtype": "PAS_short",
        "angle_type": r["content_intent"],
        "angle_subtype": r["content_intent"],
        "transcription_with_structure": [],
        "storyboards": [{"index": 0, "text": r["video_desc"]}],
        "video_uri": f"https://oss-data.trenz.ai/sim/creative/{r['id']}.mp4",
        "video_cover": r["user_avatar"],
    }


def _embedding(r: Record) -> Record:
    vector = [round(stable_ratio(r["id"], f"e{i}") * 2 - 1, 4) for i in range(8)]
    return {
        "extracted_content": r["video_desc"],
        "matched_tags": r["content_tag_v2"],
        "embedding": vector,
    }


def _channel(prefix: str, gmv_field: str, sold_field: str) -> Builder:
    return lambda r: _channels(prefix, r[gmv_field]["value"], r[sold_field], r["id"])


#: (entity, include section) -> builder of the section's single item.
SECTIONS: dict[tuple[str, str], Builder] = {
    ("products", "core"): _product_core,
    ("products", "channel"): _channel(
        "channel_", "product_gmv_for_last_30_days", "product_sold_count_for_last_30_days"
    ),
    ("sellers", "core"): _seller_core,
    ("sellers", "channel"): _channel(
        "channel_", "shop_gmv_for_last_7_days", "shop_sold_count_for_last_7_days"
    ),
    ("creators", "core"): _creator_core,
    ("creators", "channel"): _channel("channel_", "total_video_live_30d_gmv", "total_favorited"),
    ("creators", "portrait"): _portrait,
    ("videos", "core"): _video_core,
    ("lives", "core"): _live_core,
    ("ads", "core"): _ad_core,
    ("creatives", "analysis"): _analysis,
    ("creatives", "embedding"): _embedding,
}


def _sku(value: Record, price: float, n: int) -> Record:
    text = f"${price:.2f}"
    return {
        "sku_id": f"{value['prop_value_id'][:14]}9{n:04d}",
        "price": {
            "original_price": text,
            "original_price_value": price,
            "real_price": text,
            "discount": "",
            "unit_price_desc": "",
        },
        "sku_sale_props": [{"prop_name": "Color", "prop_value": value["prop_value"]}],
        "stock": int(stable_ratio(value["prop_value_id"], "stock") * 500),
        "sale_prop_value_ids": value["prop_value_id"],
        "status": 1,
    }


def _product_detail(r: Record) -> Record:
    """Product Detail's own ``items[0]`` fields (catalogue §1.1): title, SKU props, SKUs, specs.

    One ``Color`` property with 1-3 values and one SKU per value, priced from the product's
    floor price up to its ceiling price.
    """
    pid, low, high = r["id"], r["floor_price"]["value"], r["ceiling_price"]["value"]
    colours = ("Black", "White", "Blue")[: 1 + int(stable_ratio(pid, "sku") * 3)]
    values = [
        {
            "prop_value_id": f"{pid[:15]}{n:04d}",
            "prop_value": c,
            "image": image("sku", f"{pid}_{n}"),
        }
        for n, c in enumerate(colours)
    ]
    step = (high - low) / max(len(values) - 1, 1)
    prop = {
        "prop_id": "100000",
        "prop_name": "Color",
        "has_image": True,
        "sale_prop_values": values,
    }
    return {
        "product_title": r["product_name"],
        "product_sku_props": [prop],
        "product_skus": [_sku(v, round(low + step * n, 2), n) for n, v in enumerate(values)],
        "product_specifications": [{"name": "Category", "value": r["l1_category"]}],
    }


#: entity -> builder of the fields only its detail record carries (not its search rows).
DETAIL_FIELDS: dict[str, Builder] = {"products": _product_detail}


def detail_item(entity: str, record: Record) -> Record:
    """Return ``record`` as its detail endpoint sends it in ``items[0]``."""
    extra = DETAIL_FIELDS.get(entity)
    return {**record, **extra(record)} if extra else record


def section(market: Market, entity: str, name: str, record: Record) -> Record:
    """Return ``{"items": [...], "total_count": 1}`` for include ``name`` of ``record``."""
    item = SECTIONS[(entity, name)](record) | section_counts(market, entity, name, record)
    return {"items": [item], "total_count": 1}
