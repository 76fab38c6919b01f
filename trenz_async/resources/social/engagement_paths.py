"""Social/4-7 endpoints (comments, analytics, creation tools, TikTok Shop).

Every call is a ``POST`` with a JSON body under ``/open/v1/social``. Evidence: all ``I-lo``
(catalogue §3.4-3.6): the seed names these endpoints but not their paths, which follow the
seed's ``/social/<area>/<verb>`` shape; confirm before relying on them. When the provider
publishes its spec, a wrong path is a one-line fix here. Safety: ``write`` endpoints change
something (post, like, delete, sync, add to a showcase) and are never re-sent when their
outcome is unknown; ``read`` endpoints only query.
"""

from __future__ import annotations

from trenz_async.transport import Endpoint, Safety

__all__ = [
    "ANALYTICS_OVERVIEW",
    "ANALYTICS_TREND",
    "COMMENT_CREATE",
    "COMMENT_DELETE",
    "COMMENT_LIKE",
    "COMMENT_LIST",
    "COMMENT_REALTIME",
    "COMMENT_REPLIES",
    "COMMENT_REPLY",
    "COMMENT_REPLY_LIST",
    "COMMENT_SYNC",
    "ENGAGEMENT_ENDPOINTS",
    "HASHTAG_SUGGESTIONS",
    "MUSIC_POPULAR",
    "MUSIC_RECENT",
    "SHOPPABLE_VIDEO_DETAIL",
    "SHOPPABLE_VIDEO_LIST",
    "SHOP_PRODUCT_LIST",
    "SHOWCASE_ADD",
    "TOP_ACCOUNTS",
    "TOP_PRODUCTS",
    "TOP_VIDEOS",
]

PREFIX = "/open/v1/social"


def _post(name: str, path: str, safety: Safety) -> Endpoint:
    return Endpoint(name, "POST", PREFIX + path, safety, "I-lo")


# Social/4 Comment Management
COMMENT_CREATE = _post("Create Comment", "/comments/create", "write")
"""Posts a comment: re-sending it after a lost answer could post it twice."""
COMMENT_REPLY = _post("Reply to Comment", "/comments/reply", "write")
COMMENT_LIKE = _post("Like Comment", "/comments/like", "write")
"""Idempotent on the service, but a write: it changes what the platform shows."""
COMMENT_DELETE = _post("Delete Comment", "/comments/delete", "write")
COMMENT_SYNC = _post("Sync Comments", "/comments/sync", "write")
"""Copies the platform's new comments into the managed store."""
COMMENT_LIST = _post("Managed Comment List", "/comments/list", "read")
COMMENT_REPLY_LIST = _post("Managed Reply List", "/comments/replies/list", "read")
COMMENT_REALTIME = _post("Real-time Comment Query", "/comments/realtime", "read")
COMMENT_REPLIES = _post("Comment Replies", "/comments/replies", "read")
"""The platform's replies, read directly (the managed copy is Managed Reply List)."""

# Social/5 Analytics
ANALYTICS_OVERVIEW = _post("Analytics Overview", "/analytics/overview", "read")
ANALYTICS_TREND = _post("Analytics Trend", "/analytics/trend", "read")
TOP_ACCOUNTS = _post("Top Accounts Ranking", "/analytics/top-accounts", "read")
TOP_VIDEOS = _post("Top Videos Ranking", "/analytics/top-videos", "read")
TOP_PRODUCTS = _post("Top Products Ranking", "/analytics/top-products", "read")
SHOPPABLE_VIDEO_LIST = _post("Shoppable Video List", "/analytics/shoppable-videos/list", "read")
SHOPPABLE_VIDEO_DETAIL = _post(
    "Shoppable Video Detail", "/analytics/shoppable-videos/detail", "read"
)

# Social/6 Creation Tools
HASHTAG_SUGGESTIONS = _post("Hashtag Suggestions", "/tools/hashtags", "read")
MUSIC_RECENT = _post("Recently Used Music", "/tools/music/recent", "read")
MUSIC_POPULAR = _post("Popular Music Search", "/tools/music/popular", "read")

# Social/7 TikTok Shop
SHOP_PRODUCT_LIST = _post("TikTok Shop Product List", "/shop/products/list", "read")
SHOWCASE_ADD = _post("Add Product to Showcase", "/shop/showcase/add", "write")
"""Changes the shop's showcase; the answer reports each product's outcome."""

ENGAGEMENT_ENDPOINTS: dict[str, Endpoint] = {
    e.name: e
    for e in (
        COMMENT_CREATE,
        COMMENT_REPLY,
        COMMENT_LIKE,
        COMMENT_DELETE,
        COMMENT_SYNC,
        COMMENT_LIST,
        COMMENT_REPLY_LIST,
        COMMENT_REALTIME,
        COMMENT_REPLIES,
        ANALYTICS_OVERVIEW,
        ANALYTICS_TREND,
        TOP_ACCOUNTS,
        TOP_VIDEOS,
        TOP_PRODUCTS,
        SHOPPABLE_VIDEO_LIST,
        SHOPPABLE_VIDEO_DETAIL,
        HASHTAG_SUGGESTIONS,
        MUSIC_RECENT,
        MUSIC_POPULAR,
        SHOP_PRODUCT_LIST,
        SHOWCASE_ADD,
    )
}
"""The 21 endpoints of Social/4-7 by the seed's name."""
