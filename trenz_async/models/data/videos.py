"""Data/Videos records: search and related rows, detail section, comments."""

from __future__ import annotations

import attrs

from trenz_async.models._base import Image, MillisTimestamp, Model, Money
from trenz_async.models.data._shared import Detail

__all__ = ["Video", "VideoComment", "VideoCore", "VideoDetail"]


@attrs.frozen(slots=True)
class Video(Model):
    """A TikTok video as search, similar, related lists and detail return it.

    ``video_duration`` is in seconds; rates are decimals (``0.05`` = 5%); GPM is GMV per
    thousand plays. The ``unique_id``/``nickname``/``follower_count``/``video_count``/
    ``video_avg_*`` fields of the detail describe the author.
    """

    id: str
    video_id: str | None = None
    video_desc: str | None = None
    share_url: str | None = None
    video_cover: Image | None = None
    video_launch_time: MillisTimestamp | None = None
    video_duration: int | None = None
    author_id: str | None = None
    author_unique_id: str | None = None
    author_nickname: str | None = None
    country_code: str | None = None
    account_type: int | None = None
    product_id: str | None = None
    l1_category_id: str | None = None
    video_play_count: int | None = None
    video_like_count: int | None = None
    video_comment_count: int | None = None
    video_share_count: int | None = None
    video_collect_count: int | None = None
    video_engagement_rate: float | None = None
    video_total_like_count_to_follower_count_ratio: float | None = None
    video_30d_gmv: Money | None = None
    video_30d_gpm: Money | None = None
    is_ad: bool | None = None
    is_aigc_video: bool | None = None
    had_product: bool | None = None
    has_comment: bool | None = None
    user_avatar: Image | None = None
    unique_id: str | None = None
    nickname: str | None = None
    follower_count: int | None = None
    video_count: int | None = None
    video_avg_play_count: int | None = None
    video_avg_like_count: int | None = None
    author_avg_engagement_rate: float | None = None


@attrs.frozen(slots=True)
class VideoCore(Model):
    """The ``core`` detail section: play, like, comment, share and save counts, GPM."""

    core_video_play_count: int | None = None
    core_video_like_count: int | None = None
    core_video_comment_count: int | None = None
    core_video_share_count: int | None = None
    core_video_collect_count: int | None = None
    core_video_engagement_rate: float | None = None
    core_video_like_play_ratio: float | None = None
    core_video_30d_gpm: Money | None = None
    core_country_code: str | None = None


@attrs.frozen(slots=True)
class VideoDetail(Detail):
    """Video Detail: the video plus its ``core`` section when asked for with ``include``.

    Each section is one record: ``None`` when not asked for or when the service sent none.
    """

    item: Video
    core: VideoCore | None = None


@attrs.frozen(slots=True)
class VideoComment(Model):
    """A viewer comment on a video (the Video Reviews list), with the wire's prefixed names."""

    id: str
    tiktok_video_detail_comment_id: str | None = None
    tiktok_video_detail_video_id: str | None = None
    tiktok_video_detail_comment_text: str | None = None
    tiktok_video_detail_comment_create_time: MillisTimestamp | None = None
    tiktok_video_detail_comment_like_count: int | None = None
    tiktok_video_detail_comment_reply_count: int | None = None
    tiktok_video_detail_comment_unique_id: str | None = None
    tiktok_video_detail_comment_nickname: str | None = None
    tiktok_video_detail_comment_user_avatar: Image | None = None
