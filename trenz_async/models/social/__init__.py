"""Typed records of the Social API, one module per area."""

from trenz_async.models.social.accounts import (
    AccountDisconnected,
    QrCode,
    QrCodeStatus,
    SocialAccount,
)
from trenz_async.models.social.publishing import (
    Precheck,
    Publication,
    PublishingRecord,
    PublishingRecordDetail,
    PublishSession,
)
from trenz_async.models.social.videos import PlatformCheck, VideoInfo, VideoMetric

__all__ = [
    "AccountDisconnected",
    "PlatformCheck",
    "Precheck",
    "Publication",
    "PublishSession",
    "PublishingRecord",
    "PublishingRecordDetail",
    "QrCode",
    "QrCodeStatus",
    "SocialAccount",
    "VideoInfo",
    "VideoMetric",
]
