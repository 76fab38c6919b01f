"""``trenz.social.analytics``: overview, daily trend, rankings and shoppable videos.

Every report covers a RANGE: ``platform_account_ids`` (1 to 50 bound account ids; all bound
accounts when omitted) and ``start_date``/``end_date`` (``YYYY-MM-DD`` strings or
``datetime.date``; UTC days, both inclusive, at most 90 days, end not before start). The
range is checked before anything is sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Coroutine, Sequence
from typing import Any, Final, Literal, TypeVar, Unpack

from trenz_async.errors import ValidationError
from trenz_async.models._base import Model
from trenz_async.models.social.analytics import (
    AnalyticsOverview,
    AnalyticsTrend,
    ShoppableVideo,
    TopAccounts,
    TopProducts,
    TopVideos,
)
from trenz_async.pagination import Pager
from trenz_async.resources._base import CallOptions, Resource
from trenz_async.resources._validate import check_id, check_int_range, check_page, check_page_size
from trenz_async.resources.social._checks import (
    LIST_PAGE_SIZE_MAX,
    check_account_id,
    check_day,
    check_enum,
)
from trenz_async.resources.social.engagement_paths import (
    ANALYTICS_OVERVIEW,
    ANALYTICS_TREND,
    SHOPPABLE_VIDEO_DETAIL,
    SHOPPABLE_VIDEO_LIST,
    TOP_ACCOUNTS,
    TOP_PRODUCTS,
    TOP_VIDEOS,
)
from trenz_async.transport import Endpoint

__all__ = [
    "MAX_ACCOUNTS",
    "RANGE_DAYS",
    "TOP_ACCOUNT_SORTS",
    "TOP_PRODUCT_SORTS",
    "TOP_VIDEO_SORTS",
    "TREND_METRICS",
    "AnalyticsResource",
    "check_range",
]

RANGE_DAYS: Final = 90
"""Longest range, in days (both ends counted)."""
MAX_ACCOUNTS: Final = 50
"""Most ``platform_account_ids`` in one report."""
TOP_LIMIT_MAX: Final = 50
TREND_METRICS: Final = ("views", "likes", "comments", "shares", "followers")
TOP_ACCOUNT_SORTS: Final = (
    "views",
    "likes",
    "comments",
    "shares",
    "followers_gained",
    "videos_published",
    "gmv",
)
TOP_VIDEO_SORTS: Final = ("views", "likes", "comments", "shares", "orders", "gmv")
TOP_PRODUCT_SORTS: Final = ("gmv", "orders", "views")

Day = str | dt.date
R = TypeVar("R", bound=Model)
TrendMetric = Literal["views", "likes", "comments", "shares", "followers"]
AccountSort = Literal[
    "views", "likes", "comments", "shares", "followers_gained", "videos_published", "gmv"
]
VideoSort = Literal["views", "likes", "comments", "shares", "orders", "gmv"]
ProductSort = Literal["gmv", "orders", "views"]


def _check_account_ids(value: object) -> list[int] | None:
    if value is None:
        return None
    rule = f"must be a list of 1 to {MAX_ACCOUNTS} account ids (ints)"
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, set, frozenset)):
        raise ValidationError("platform_account_ids", rule, value)
    ids = list(value)
    if not 1 <= len(ids) <= MAX_ACCOUNTS:
        raise ValidationError("platform_account_ids", f"{rule}; got {len(ids)}", value)
    return [check_account_id("platform_account_ids", item) for item in ids]


def check_range(
    platform_account_ids: Sequence[int] | None,
    start_date: Day | None,
    end_date: Day | None,
    *,
    required: bool = True,
) -> dict[str, object]:
    """The RANGE fields as sent; raises ValidationError naming the field and the rule.

    Unless ``required``, both dates may be omitted together (a lifetime report).
    """
    body: dict[str, object] = {}
    ids = _check_account_ids(platform_account_ids)
    if ids is not None:
        body["platform_account_ids"] = ids
    start, end = check_day("start_date", start_date), check_day("end_date", end_date)
    if start is None and end is None and not required:
        return body
    if start is None:
        raise ValidationError("start_date", _missing(required, "end_date"), start_date)
    if end is None:
        raise ValidationError("end_date", _missing(required, "start_date"), end_date)
    days = (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days + 1
    if days < 1:
        raise ValidationError("end_date", f"must not be before start_date ({start})", end_date)
    if days > RANGE_DAYS:
        rule = (
            f"must be within {RANGE_DAYS} days of start_date (both counted); the range has {days}"
        )
        raise ValidationError("end_date", rule, end_date)
    return {**body, "start_date": start, "end_date": end}


def _missing(required: bool, other: str) -> str:
    if required:
        return "is required (YYYY-MM-DD or a datetime.date)"
    return f"must be given together with {other} (or both omitted)"


def _check_limit(limit: int) -> int:
    return check_int_range("limit", limit, 1, TOP_LIMIT_MAX)


class AnalyticsResource(Resource):
    """Reports over the bound accounts' videos and shops (figures are sums of UTC days)."""

    def overview(
        self,
        *,
        start_date: Day,
        end_date: Day,
        platform_account_ids: Sequence[int] | None = None,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, AnalyticsOverview]:
        """Analytics Overview: views, likes, comments, shares, followers gained, videos
        published, orders and GMV (USD) of the accounts over the range."""
        body = check_range(platform_account_ids, start_date, end_date)
        return self._one(ANALYTICS_OVERVIEW, AnalyticsOverview, options, body=body)

    def trend(
        self,
        *,
        metric: TrendMetric,
        start_date: Day,
        end_date: Day,
        platform_account_ids: Sequence[int] | None = None,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, AnalyticsTrend]:
        """Analytics Trend: ``metric`` per day of the range (every day, zero days too).

        ``metric`` is ``views``, ``likes``, ``comments``, ``shares`` or ``followers``; the
        points add up to the overview's figure (``followers`` -> ``followers_gained``).
        """
        body = check_range(platform_account_ids, start_date, end_date)
        if metric is None:
            raise ValidationError("metric", f"is required: one of {', '.join(TREND_METRICS)}")
        body["metric"] = check_enum("metric", metric, TREND_METRICS)
        return self._one(ANALYTICS_TREND, AnalyticsTrend, options, body=body)

    def top_accounts(
        self,
        *,
        start_date: Day,
        end_date: Day,
        platform_account_ids: Sequence[int] | None = None,
        sort_by: AccountSort | None = None,
        limit: int = 10,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, TopAccounts]:
        """Top Accounts Ranking: the first ``limit`` (1..50) accounts by ``sort_by``.

        ``sort_by``: views (the service's default), likes, comments, shares,
        followers_gained, videos_published, gmv. Each row holds the overview's figures.
        """
        return self._top(
            TOP_ACCOUNTS, TopAccounts, TOP_ACCOUNT_SORTS, options,
            platform_account_ids, start_date, end_date, sort_by, limit,
        )  # fmt: skip

    def top_videos(
        self,
        *,
        start_date: Day,
        end_date: Day,
        platform_account_ids: Sequence[int] | None = None,
        sort_by: VideoSort | None = None,
        limit: int = 10,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, TopVideos]:
        """Top Videos Ranking: the first ``limit`` (1..50) videos by ``sort_by``.

        ``sort_by``: views (the service's default), likes, comments, shares, orders, gmv.
        """
        return self._top(
            TOP_VIDEOS, TopVideos, TOP_VIDEO_SORTS, options,
            platform_account_ids, start_date, end_date, sort_by, limit,
        )  # fmt: skip

    def top_products(
        self,
        *,
        start_date: Day,
        end_date: Day,
        platform_account_ids: Sequence[int] | None = None,
        sort_by: ProductSort | None = None,
        limit: int = 10,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, TopProducts]:
        """Top Products Ranking: the first ``limit`` (1..50) shop products sold through the
        accounts' videos, by ``sort_by``: gmv (the service's default), orders, views."""
        return self._top(
            TOP_PRODUCTS, TopProducts, TOP_PRODUCT_SORTS, options,
            platform_account_ids, start_date, end_date, sort_by, limit,
        )  # fmt: skip

    def shoppable_videos(
        self,
        *,
        platform_account_ids: Sequence[int] | None = None,
        start_date: Day | None = None,
        end_date: Day | None = None,
        page: int = 1,
        page_size: int = 10,
        **options: Unpack[CallOptions],
    ) -> Pager[ShoppableVideo]:
        """Shoppable Video List: videos linking shop products, newest first.

        Figures cover the range when both dates are given, the video's lifetime when
        neither is (one alone is refused). ``page_size`` is 1..50.
        """
        body = check_range(platform_account_ids, start_date, end_date, required=False)
        check_page(page)
        check_page_size(page_size, LIST_PAGE_SIZE_MAX)
        return self._pager(
            SHOPPABLE_VIDEO_LIST, ShoppableVideo, body, options,
            page=page, page_size=page_size, in_body=True,
        )  # fmt: skip

    def shoppable_video(
        self,
        *,
        platform_video_id: str,
        start_date: Day | None = None,
        end_date: Day | None = None,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, ShoppableVideo]:
        """Shoppable Video Detail: one shoppable video, each product with its orders and GMV.

        Dates as in :meth:`shoppable_videos`. A video that is not shoppable raises
        :class:`~trenz_async.errors.InvalidParamError`.
        """
        body = check_range(None, start_date, end_date, required=False)
        body["platform_video_id"] = check_id("platform_video_id", platform_video_id)
        return self._one(SHOPPABLE_VIDEO_DETAIL, ShoppableVideo, options, body=body)

    def _top(
        self,
        endpoint: Endpoint,
        model: type[R],
        sorts: tuple[str, ...],
        options: CallOptions,
        platform_account_ids: Sequence[int] | None,
        start_date: Day,
        end_date: Day,
        sort_by: str | None,
        limit: int,
    ) -> Coroutine[Any, Any, R]:
        body = check_range(platform_account_ids, start_date, end_date)
        sort = check_enum("sort_by", sort_by, sorts)
        if sort is not None:
            body["sort_by"] = sort
        body["limit"] = _check_limit(limit)
        return self._one(endpoint, model, options, body=body)
