"""Typed records of the Social API, one module per area."""

from trenz_async.models.social.accounts import (
    AccountDisconnected,
    QrCode,
    QrCodeStatus,
    SocialAccount,
)
from trenz_async.models.social.analytics import (
    AnalyticsOverview,
    AnalyticsTrend,
    ShoppableProduct,
    ShoppableVideo,
    TopAccount,
    TopAccounts,
    TopProduct,
    TopProducts,
    TopVideo,
    TopVideos,
    TrendPoint,
)
from trenz_async.models.social.comments import Comment, CommentDeleted, CommentSync
from trenz_async.models.social.publishing import (
    Precheck,
    Publication,
    PublishingRecord,
    PublishingRecordDetail,
    PublishSession,
)
from trenz_async.models.social.tools import (
    Hashtag,
    HashtagSuggestions,
    MusicTrack,
    RecentMusic,
    ShopProduct,
    ShowcaseFailure,
    ShowcaseResult,
)
from trenz_async.models.social.videos import PlatformCheck, VideoInfo, VideoMetric

__all__ = [
    "AccountDisconnected",
    "AnalyticsOverview",
    "AnalyticsTrend",
    "Comment",
    "CommentDeleted",
    "CommentSync",
    "Hashtag",
    "HashtagSuggestions",
    "MusicTrack",
    "PlatformCheck",
    "Precheck",
    "Publication",
    "PublishSession",
    "PublishingRecord",
    "PublishingRecordDetail",
    "QrCode",
    "QrCodeStatus",
    "RecentMusic",
    "ShopProduct",
    "ShoppableProduct",
    "ShoppableVideo",
    "ShowcaseFailure",
    "ShowcaseResult",
    "SocialAccount",
    "TopAccount",
    "TopAccounts",
    "TopProduct",
    "TopProducts",
    "TopVideo",
    "TopVideos",
    "TrendPoint",
    "VideoInfo",
    "VideoMetric",
]
