"""Data/Creators records: search and related rows, detail sections."""

from __future__ import annotations

import attrs

from trenz_async.models._base import Image, MillisTimestamp, Model, Money
from trenz_async.models.data._shared import Detail, SalesChannels

__all__ = ["Creator", "CreatorChannel", "CreatorCore", "CreatorDetail", "CreatorPortrait"]


@attrs.frozen(slots=True)
class Creator(Model):
    """A TikTok creator as search, similar, related lists and detail return it.

    ``category_label`` is the creator's content niche (not a product category). Rates are
    decimals (``0.05`` = 5%); money fields are :class:`Money`; counts are integers.
    """

    id: str
    uid: str | None = None
    user_id: str | None = None
    unique_id: str | None = None
    nickname: str | None = None
    user_avatar: Image | None = None
    country_code: str | None = None
    account_type: int | None = None
    category_label: str | None = None
    follower_count: int | None = None
    follower_count_growth_for_last_7_days: int | None = None
    total_favorited: int | None = None
    video_avg_play_count: int | None = None
    video_avg_like_count: int | None = None
    ecom_video_avg_play_count: int | None = None
    author_avg_engagement_rate: float | None = None
    video_total_like_count_to_follower_count_ratio: float | None = None
    video_30d_gmv: Money | None = None
    live_30d_gmv: Money | None = None
    total_video_live_30d_gmv: Money | None = None
    video_30d_gpm: Money | None = None
    live_30d_gpm: Money | None = None
    has_video_product: bool | None = None
    has_live_product: bool | None = None
    has_shop_product: bool | None = None
    bio_email: str | None = None
    bio_url: str | None = None
    ins_id: str | None = None
    youtube_channel_id: str | None = None
    facebook_url: str | None = None
    product_category_label_list: object = None
    user_sell_product_l3_category: object = None
    signature: str | None = None
    enterprise_verify_reason: str | None = None
    partnered_brand: object = None
    last_update_time: MillisTimestamp | None = None


@attrs.frozen(slots=True)
class CreatorCore(Model):
    """The ``core`` detail section: audience size, likes, engagement, products promoted.

    Upstream also sends misspelled ``tioktok_creator_detail_core_*`` keys; they are kept in
    ``extras``.
    """

    core_uid: str | None = None
    core_follower_count: int | None = None
    core_total_favorited: int | None = None
    core_author_avg_engagement_rate: float | None = None
    core_product_count: int | None = None


@attrs.frozen(slots=True)
class CreatorChannel(SalesChannels):
    """The ``channel`` detail section: the creator's 30-day GMV and sales by channel."""


@attrs.frozen(slots=True)
class CreatorPortrait(Model):
    """The ``portrait`` detail section: follower demographics.

    Each ``*_distribution`` maps a bucket (age band, gender, region) to its share (decimal).
    """

    portrait_uid: str | None = None
    portrait_follower_count: int | None = None
    portrait_age_distribution: object = None
    portrait_gender_distribution: object = None
    portrait_region_distribution: object = None


@attrs.frozen(slots=True)
class CreatorDetail(Detail):
    """Creator Detail: the creator plus each section asked for with ``include``.

    Each section is one record: ``None`` when not asked for or when the service sent none.
    """

    item: Creator
    core: CreatorCore | None = None
    channel: CreatorChannel | None = None
    portrait: CreatorPortrait | None = None
