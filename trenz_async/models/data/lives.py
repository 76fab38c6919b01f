"""Data/Lives records: search and related rows, detail section."""

from __future__ import annotations

import attrs

from trenz_async.models._base import Image, MillisTimestamp, Model, Money
from trenz_async.models.data._shared import Detail

__all__ = ["Live", "LiveCore", "LiveDetail"]


@attrs.frozen(slots=True)
class Live(Model):
    """A TikTok live stream (room) as search, similar, related lists and detail return it.

    ``id`` is the room id; ``start_time``/``end_time`` are ms timestamps (``end_time`` is
    ``None`` while live); ``total_user`` is the audience, ``max_user_count`` its peak. GPM is
    GMV per thousand viewers, ``opm`` orders per thousand viewers. ``user_category_label`` is
    the streamer's niche; ``most_product_category_*`` the Level-1 category sold most.
    """

    id: str
    room_id: str | None = None
    title: str | None = None
    room_link: str | None = None
    user_id: str | None = None
    user_unique_id: str | None = None
    user_nickname: str | None = None
    user_category_label: str | None = None
    country_code: str | None = None
    start_time: MillisTimestamp | None = None
    end_time: MillisTimestamp | None = None
    is_living: bool | None = None
    cover: Image | None = None
    product_count: int | None = None
    total_sold_count: int | None = None
    total_user: int | None = None
    max_user_count: int | None = None
    new_follow_count: int | None = None
    gmv: Money | None = None
    gpm: Money | None = None
    opm: float | None = None
    most_product_category_id: str | None = None
    most_product_category_label: str | None = None
    user_follower_count: int | None = None
    user_live_count: int | None = None
    user_avg_audience_count: int | None = None
    user_avg_max_audience_count: int | None = None


@attrs.frozen(slots=True)
class LiveCore(Model):
    """The ``core`` detail section: GMV, prices, units, audience and follower conversion."""

    core_room_id: str | None = None
    core_gmv: Money | None = None
    core_gpm: Money | None = None
    core_avg_price: Money | None = None
    core_product_count: int | None = None
    core_sold_product_id_count: int | None = None
    core_total_sold_count: int | None = None
    core_total_user: int | None = None
    core_avg_online_viewer: int | None = None
    core_max_user_count: int | None = None
    core_new_follow_count: int | None = None
    core_follower_conversion_rate: float | None = None


@attrs.frozen(slots=True)
class LiveDetail(Detail):
    """Live Detail: the live plus its ``core`` section when asked for with ``include``.

    Each section is one record: ``None`` when not asked for or when the service sent none.
    """

    item: Live
    core: LiveCore | None = None
