"""Data/Creatives records: search rows and detail sections (analysis, embedding)."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from trenz_async.models._base import Image, MillisTimestamp, Model, Money
from trenz_async.models.data._shared import Detail

__all__ = ["Creative", "CreativeAnalysis", "CreativeDetail", "CreativeEmbedding"]


@attrs.frozen(slots=True)
class Creative(Model):
    """A video creative (organic or sponsored) with its author and product.

    ``video_duration`` is in seconds; ``follower_cnt`` is the author's followers; rates are
    decimals; GPM is GMV per thousand plays. ``video_date``'s shape is not documented.
    """

    id: str
    video_id: str | None = None
    product_id: str | None = None
    author_uid: str | None = None
    author_unique_id: str | None = None
    author_nickname: str | None = None
    user_avatar: Image | None = None
    follower_cnt: int | None = None
    video_desc: str | None = None
    content_tag_v2: object = None
    content_intent: str | None = None
    platform: str | None = None
    country_code: str | None = None
    l1_category: str | None = None
    l1_category_id: str | None = None
    is_aigc_video: bool | None = None
    is_sponsored: bool | None = None
    video_date: object = None
    video_launch_time: MillisTimestamp | None = None
    video_duration: int | None = None
    video_play_count: int | None = None
    video_like_count: int | None = None
    video_comment_count: int | None = None
    video_share_count: int | None = None
    video_collect_count: int | None = None
    video_engagement_rate: float | None = None
    video_30d_gmv: Money | None = None
    video_total_gmv: Money | None = None
    video_30d_gpm: Money | None = None


@attrs.frozen(slots=True)
class CreativeAnalysis(Model):
    """The ``analysis`` section: hook, formula and angle labels, transcript, storyboards."""

    hook_type: str | None = None
    hook_subtype: str | None = None
    formula_type: str | None = None
    formula_subtype: str | None = None
    angle_type: str | None = None
    angle_subtype: str | None = None
    transcription_with_structure: object = None
    storyboards: object = None
    video_uri: str | None = None
    video_cover: object = None


@attrs.frozen(slots=True)
class CreativeEmbedding(Model):
    """The ``embedding`` section: the content summary, matched tags and a float vector."""

    extracted_content: str | None = None
    matched_tags: object = None
    embedding: Sequence[float] | None = None


@attrs.frozen(slots=True)
class CreativeDetail(Detail):
    """Creative Detail: the creative plus each section asked for with ``include``.

    Each section is one record: ``None`` when not asked for or when the service sent none.
    """

    item: Creative
    analysis: CreativeAnalysis | None = None
    embedding: CreativeEmbedding | None = None
