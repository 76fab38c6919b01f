"""``trenz.social.tools``: hashtag suggestions, an account's recent music, popular music."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any, Final, Literal, Unpack

from trenz_async.errors import ValidationError
from trenz_async.models.social.tools import HashtagSuggestions, MusicTrack, RecentMusic
from trenz_async.pagination import Pager
from trenz_async.resources._base import CallOptions, Resource
from trenz_async.resources._validate import (
    COUNTRIES,
    check_int_range,
    check_page,
    check_page_size,
)
from trenz_async.resources.social._checks import (
    LIST_PAGE_SIZE_MAX,
    PLATFORMS,
    check_account_id,
    check_enum,
)
from trenz_async.resources.social.engagement_paths import (
    HASHTAG_SUGGESTIONS,
    MUSIC_POPULAR,
    MUSIC_RECENT,
)

__all__ = ["KEYWORD_MAX", "ToolsResource", "check_optional_keyword"]

KEYWORD_MAX: Final = 100
"""Longest ``keyword``, in characters."""
HASHTAG_LIMIT_MAX: Final = 50

Platform = Literal["tiktok", "youtube", "instagram", "facebook"]


def check_optional_keyword(value: object) -> str | None:
    """An optional search ``keyword`` (at most 100 characters); blank means none."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError("keyword", "must be a string", value)
    if len(value) > KEYWORD_MAX:
        raise ValidationError("keyword", f"must be at most {KEYWORD_MAX} characters", value)
    return value.strip() or None


def _check_keyword(value: object) -> str:
    """The required hashtag ``keyword``: not blank, at most 100 characters, sent as given."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError("keyword", "must be a non-blank string", value)
    if len(value) > KEYWORD_MAX:
        raise ValidationError("keyword", f"must be at most {KEYWORD_MAX} characters", value)
    return value


def _check_region(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or value.lower() not in COUNTRIES:
        raise ValidationError("region", f"must be a market code: {', '.join(COUNTRIES)}", value)
    return value.lower()


class ToolsResource(Resource):
    """Creation tools: what to tag a video with and what music to put under it."""

    def hashtags(
        self,
        *,
        keyword: str,
        platform: Platform | None = None,
        limit: int = 10,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, HashtagSuggestions]:
        """Hashtag Suggestions for ``keyword`` (at most 100 characters), most viewed first.

        ``platform`` (tiktok, youtube, instagram, facebook; every platform when omitted)
        scopes the view counts; ``limit`` is 1..50. Names come without ``#``.
        """
        body: dict[str, object] = {
            "keyword": _check_keyword(keyword),
            "limit": check_int_range("limit", limit, 1, HASHTAG_LIMIT_MAX),
        }
        if platform is not None:
            body["platform"] = check_enum("platform", platform, PLATFORMS)
        return self._one(HASHTAG_SUGGESTIONS, HashtagSuggestions, options, body=body)

    def recent_music(
        self, *, platform_account_id: int, **options: Unpack[CallOptions]
    ) -> Coroutine[Any, Any, RecentMusic]:
        """Recently Used Music: the tracks the account used last, most recent first."""
        body = {"platform_account_id": check_account_id("platform_account_id", platform_account_id)}
        return self._one(MUSIC_RECENT, RecentMusic, options, body=body)

    def popular_music(
        self,
        *,
        keyword: str | None = None,
        region: str | None = None,
        page: int = 1,
        page_size: int = 10,
        **options: Unpack[CallOptions],
    ) -> Pager[MusicTrack]:
        """Popular Music Search: tracks most used first, matching ``keyword`` (title or
        author) in ``region`` (a market code such as ``us`` or ``gb``; worldwide when
        omitted). ``page_size`` is 1..50."""
        body: dict[str, object] = {}
        keyword = check_optional_keyword(keyword)
        if keyword is not None:
            body["keyword"] = keyword
        region = _check_region(region)
        if region is not None:
            body["region"] = region
        check_page(page)
        check_page_size(page_size, LIST_PAGE_SIZE_MAX)
        return self._pager(
            MUSIC_POPULAR, MusicTrack, body, options, page=page, page_size=page_size, in_body=True
        )
