"""``trenz.social``: accounts, publishing, video management, comments, analytics, tools, shop."""

from __future__ import annotations

from functools import cached_property

import cattrs

from trenz_async.resources.social.accounts import AccountsResource
from trenz_async.resources.social.analytics import AnalyticsResource
from trenz_async.resources.social.comments import CommentsResource
from trenz_async.resources.social.precheck import PrecheckResource
from trenz_async.resources.social.publishing import PublishingResource
from trenz_async.resources.social.shop import ShopResource
from trenz_async.resources.social.tiktok_login import TikTokLoginResource
from trenz_async.resources.social.tools import ToolsResource
from trenz_async.resources.social.videos import VideosResource
from trenz_async.transport import Transport

__all__ = ["SocialAPI"]


class SocialAPI:
    """``trenz.social``: accounts, publishing, videos, comments, analytics, tools, shop."""

    def __init__(self, transport: Transport, converter: cattrs.Converter) -> None:
        self._transport = transport
        self._converter = converter

    @cached_property
    def accounts(self) -> AccountsResource:
        """Bound social accounts: list, get, disconnect, refresh_token, set_remark."""
        return AccountsResource(self._transport, self._converter)

    @cached_property
    def tiktok_login(self) -> TikTokLoginResource:
        """Bind a TikTok account by QR code: qrcode, status."""
        return TikTokLoginResource(self._transport, self._converter)

    @cached_property
    def publishing(self) -> PublishingResource:
        """Upload and publish, sessions, waiting, cancel, reschedule."""
        return PublishingResource(self._transport, self._converter)

    @cached_property
    def videos(self) -> VideosResource:
        """Video checks, publishing records and platform metrics."""
        return VideosResource(self._transport, self._converter)

    @cached_property
    def precheck(self) -> PrecheckResource:
        """Quality prechecks: trigger, list."""
        return PrecheckResource(self._transport, self._converter)

    @cached_property
    def comments(self) -> CommentsResource:
        """Comments: managed and real-time lists, create, reply, like, delete, sync."""
        return CommentsResource(self._transport, self._converter)

    @cached_property
    def analytics(self) -> AnalyticsResource:
        """Analytics: overview, trend, rankings, shoppable videos."""
        return AnalyticsResource(self._transport, self._converter)

    @cached_property
    def tools(self) -> ToolsResource:
        """Creation tools: hashtag suggestions, recent and popular music."""
        return ToolsResource(self._transport, self._converter)

    @cached_property
    def shop(self) -> ShopResource:
        """TikTok Shop: product list, add to showcase."""
        return ShopResource(self._transport, self._converter)
