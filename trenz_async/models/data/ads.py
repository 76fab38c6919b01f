"""Data/Ads records: ad creative search and similar rows, detail section."""

from __future__ import annotations

import attrs

from trenz_async.models._base import Image, MillisTimestamp, Model, Money
from trenz_async.models.data._shared import Detail

__all__ = ["Ad", "AdCore", "AdDetail"]


@attrs.frozen(slots=True)
class Ad(Model):
    """A TikTok ad creative as search, similar and detail return it.

    Use ``id`` (not ``video_id``) for the detail. ``ad_type`` is 1..7 (TikTok Shop,
    independent site, app, game, brand, lead, engagement); ``duration`` is in seconds;
    ``ad_day_count`` the days the ad has run; ``total_sc`` units sold; rates and ``ad_roas``
    are plain numbers (``0.05`` = 5%, ``2.5`` = 2.5x).
    """

    id: str
    video_id: str | None = None
    product_id: str | None = None
    advertiser_id: str | None = None
    advertiser_name: str | None = None
    advertiser_url: str | None = None
    ad_title: str | None = None
    ad_type: int | None = None
    is_spark_ad: bool | None = None
    ad_url: str | None = None
    web_url: str | None = None
    button_text: str | None = None
    ad_cover: Image | None = None
    product_title: str | None = None
    create_time: MillisTimestamp | None = None
    ad_create_time: MillisTimestamp | None = None
    last_update_time: MillisTimestamp | None = None
    duration: int | None = None
    ad_day_count: int | None = None
    video_play_count: int | None = None
    video_like_count: int | None = None
    video_like_rate: float | None = None
    video_engagement_rate: float | None = None
    video_popularity: float | None = None
    total_sc: int | None = None
    total_gmv: Money | None = None
    video_gpm_30d: Money | None = None
    ad_maximum_cost: Money | None = None
    ad_roas: float | None = None
    product_l1_category: str | None = None
    product_l1_category_id: str | None = None
    product_l2_category: str | None = None
    product_l3_category: str | None = None


@attrs.frozen(slots=True)
class AdCore(Model):
    """The ``core`` detail section: ad type, run days, cost, ROAS, GMV, units and plays."""

    core_creative_id: str | None = None
    core_ad_type: int | None = None
    core_ad_day_count: int | None = None
    core_ad_play_ratio: float | None = None
    core_ad_gmv_ratio: float | None = None
    core_ad_maximum_cost: Money | None = None
    core_ad_roas: float | None = None
    core_total_gmv: Money | None = None
    core_total_sc: int | None = None
    core_video_play_count: int | None = None
    core_video_like_count: int | None = None


@attrs.frozen(slots=True)
class AdDetail(Detail):
    """TikTok Ad Creative Detail: the ad plus its ``core`` section when asked for.

    Each section is one record: ``None`` when not asked for or when the service sent none.
    """

    item: Ad
    core: AdCore | None = None
