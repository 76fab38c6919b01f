"""Routes and thin handlers of Social/4 Comments, Social/5 Analytics, Social/6 Tools, Social/7 Shop.

Every route is ``POST`` with a JSON object body, scope ``social``, cost 1 (``per_call``, charged
only once validation passed: a 400 costs nothing). Every path is I-lo (catalogue §3.4-3.6).
``*`` marks a required field; an optional field sent as ``null`` counts as absent. Paged lists
take ``page`` (int >= 1, default 1) and ``page_size`` (int 1..50, default 10; above 50 -> 400
PAGE_SIZE_EXCEEDED) and answer ``data.items`` + ``data.total_count`` plus top-level ``page``,
``page_size``, ``total``. Cursor lists take ``cursor`` (int >= 0, default 0) and ``count`` (int
1..50, default 20) and answer ``{items, cursor (next), has_more}``. Times are unix seconds;
money is ``{value, unit: "USD"}``; ids of comments, videos, products and tracks are strings,
account ids ints. ``ACCT*`` = ``platform_account_id* int`` (a bound account).

Objects: COMMENT ``{comment_id, video_id, platform_account_id, parent_id (null on top-level),
text, author_name, like_count, reply_count, create_time, liked_by_me, created_via_api}``;
TRACK ``{music_id, title, author, duration (s), usage_count}``; PRODUCT ``{product_id, title,
price: MONEY, stock, in_showcase, image_url}``; SHOPPABLE ``{platform_video_id,
platform_account_id, title, video_url, published_at, views, orders, gmv: MONEY, product_count,
products: [{product_id, title, price}]}``. RANGE = ``platform_account_ids [int] (1..50 bound
accounts; default all), start_date* end_date* (YYYY-MM-DD, UTC, inclusive, at most 90 days)``.

=====================================  =================================================
path (``/open/v1/social`` + ...)       body -> ``data``
=====================================  =================================================
/comments/create (write)               ACCT*, video_id* str, text* str (1..150 chars) -> COMMENT
/comments/reply (write)                ACCT*, video_id*, comment_id* (a top-level comment),
                                       text* -> COMMENT (parent_id set; parent reply_count + 1)
/comments/like (write)                 ACCT*, comment_id*, like bool (default true; false
                                       unlikes) -> COMMENT; idempotent
/comments/delete (write)               comment_id* str (made through the API), platform_account_id
                                       int -> {comment_id, deleted: true}
/comments/sync (write)                 ACCT*, video_id str (default every video) ->
                                       {platform_account_id, video_count, new_comments,
                                       new_replies, synced_at}
/comments/list                         ACCT*, video_id*, page, page_size -> items: [COMMENT]
                                       managed top-level comments, newest first
/comments/replies/list                 ACCT*, video_id*, comment_id*, page, page_size -> items:
                                       [COMMENT] managed replies, oldest first
/comments/realtime                     ACCT*, video_id*, cursor, count -> cursor list of the
                                       platform's top-level COMMENTs, newest first
/comments/replies                      ACCT*, video_id*, comment_id*, cursor, count -> cursor
                                       list of the platform's replies, oldest first
/analytics/overview                    RANGE -> {platform_account_ids, start_date, end_date,
                                       views, likes, comments, shares, followers_gained,
                                       videos_published, orders, gmv: MONEY}
/analytics/trend                       RANGE, metric* (views|likes|comments|shares|followers)
                                       -> {metric, start_date, end_date, total, points:
                                       [{date, value}] one per day}; total = the overview's
                                       figure (followers -> followers_gained)
/analytics/top-accounts                RANGE, limit (1..50, default 10), sort_by (views|likes|
                                       comments|shares|followers_gained|videos_published|gmv;
                                       default views) -> {items: [{rank, platform_account_id,
                                       platform, nickname} + the overview figures], total_count}
/analytics/top-videos                  RANGE, limit, sort_by (views|likes|comments|shares|
                                       orders|gmv; default views) -> {items: [{rank,
                                       platform_video_id, platform_account_id, platform, title,
                                       video_url, published_at, views, likes, comments, shares,
                                       orders, gmv}], total_count}
/analytics/top-products                RANGE, limit, sort_by (gmv|orders|views; default gmv) ->
                                       {items: [{rank, product_id, title, platform_account_id,
                                       price, views, orders, gmv, video_count}], total_count}
/analytics/shoppable-videos/list       RANGE but dates optional (both or neither; lifetime when
                                       absent), page, page_size -> items: [SHOPPABLE] newest
/analytics/shoppable-videos/detail     platform_video_id* str, start_date, end_date (optional)
                                       -> SHOPPABLE whose products add image_url, orders, gmv
/tools/hashtags                        keyword* str (<= 100 chars), platform (tiktok|youtube|
                                       instagram|facebook), limit (1..50, default 10) -> {items:
                                       [{name (no #), view_count, video_count}], total_count}
/tools/music/recent                    ACCT* -> {items: [TRACK] most recent first, total_count}
/tools/music/popular                   keyword str, region (a market code: us, gb, ...), page,
                                       page_size -> items: [TRACK] most used first
/shop/products/list                    ACCT* (a TikTok account), keyword str, page, page_size ->
                                       items: [PRODUCT]
/shop/showcase/add (write)             ACCT* (TikTok), product_ids* [str] (1..20) -> {added:
                                       [id], already_in_showcase: [id], failed: [{product_id,
                                       reason: product_not_found|out_of_stock}]}
=====================================  =================================================

Errors (all before billing): a required field absent, ``null`` or ``""`` -> 400 MISSING_PARAM
"<field> is required"; a wrong type, enum, range or date -> 400 INVALID_PARAM naming the field
and the rule; an unknown or unbound account (``platform_account_id: no bound social account
N``, ``platform_account_ids: ...``), a video not of that account, a comment not of that
video/account, a deleted comment, replying to a reply, deleting a comment not made through the
API, a video that is not shoppable, a non-TikTok account in the shop -> 400 INVALID_PARAM; a
body that is not a JSON object -> 400 BAD_REQUEST. Unknown product ids in showcase/add are not
an error: they are reported in ``failed``. ``region`` is case-insensitive.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import partial
from typing import Any

from trenz_async.testing.trenz.envelope import SimError
from trenz_async.testing.trenz.routing import Call, Reply, Route
from trenz_async.testing.trenz.social_accounts import PLATFORMS, Account
from trenz_async.testing.trenz.social_analytics import TOP_SORTS, TREND_METRICS, Analytics, Window
from trenz_async.testing.trenz.social_comments import Comment, CommentStore, Thread
from trenz_async.testing.trenz.social_routes import V1, Body, invalid, paged
from trenz_async.testing.trenz.social_tools import Hashtags, Music, Shops, region_code

TEXT_MAX = 150
KEYWORD_MAX = 100
RANGE_DAYS = 90
MAX_IDS = 50
SHOWCASE_MAX = 20


class Fields(Body):
    """:class:`Body` plus the field kinds these areas need."""

    def bounded(self, name: str, low: int, high: int, default: int) -> int:
        """Return an optional integer within ``low..high``."""
        value = self.value(name, False)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise invalid(f"{name} must be an integer between {low} and {high}")
        return value

    def flag(self, name: str, default: bool) -> bool:
        """Return an optional boolean."""
        value = self.value(name, False)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise invalid(f"{name} must be true or false")
        return value

    def comment_text(self) -> str:
        """Return the required ``text``: 1 to 150 characters, not only spaces."""
        value = self.value("text", True)
        if not isinstance(value, str) or not value.strip() or len(value) > TEXT_MAX:
            raise invalid(f"text must be a string of 1 to {TEXT_MAX} characters")
        return value

    def id_list(self, name: str, kind: type, low: int, high: int) -> list[Any] | None:
        """Return an optional list of ``low..high`` ints or non-empty strings, de-duplicated."""
        value = self.value(name, False)
        if value is None:
            return None
        what = "integers" if kind is int else "non-empty strings"
        rule = f"{name} must be a list of {low} to {high} {what}"
        if not isinstance(value, list) or not low <= len(value) <= high:
            raise invalid(rule)
        for item in value:
            bad_int = kind is int and (isinstance(item, bool) or not isinstance(item, int))
            if bad_int or (kind is str and (not isinstance(item, str) or not item.strip())):
                raise invalid(rule)
        return list(dict.fromkeys(value))

    def day(self, name: str, required: bool) -> date | None:
        """Return a ``YYYY-MM-DD`` date (MISSING_PARAM when required and absent)."""
        self.value(name, required)
        text = self.date(name)
        return None if text is None else date.fromisoformat(text)


def cursor_page(rows: Sequence[dict[str, Any]], cursor: int, count: int) -> Reply:
    """Return the ``count`` rows from offset ``cursor`` as a cursor list."""
    items = list(rows[cursor : cursor + count])
    end = cursor + len(items)
    return Reply({"items": items, "cursor": end, "has_more": end < len(rows)})


class EngagementApi:
    """Handlers named after the operations.

    A write is a pair: ``op(call)`` validates and looks its ids up (before billing, so a 400
    costs nothing) and ``op_run`` acts (after billing). A read changes nothing, so ``op(call)``
    validates and builds its answer in one step; its route's act just returns it.
    """

    def __init__(
        self,
        comments: CommentStore,
        analytics: Analytics,
        hashtags: Hashtags,
        music: Music,
        shops: Shops,
    ) -> None:
        self.comments, self.analytics = comments, analytics
        self.hashtags, self.music, self.shops = hashtags, music, shops

    # Social/4 comments

    def _thread(self, body: Fields) -> Thread:
        account_id, video_id = body.need_int("platform_account_id"), body.need_text("video_id")
        return self.comments.thread(account_id, video_id)

    def _comment(self, body: Fields, text: bool = False) -> tuple[Thread, Comment, str]:
        account_id, video_id = body.need_int("platform_account_id"), body.need_text("video_id")
        comment_id = body.need_text("comment_id")
        value = body.comment_text() if text else ""
        thread = self.comments.thread(account_id, video_id)
        return thread, self.comments.find(thread, comment_id), value

    def create(self, call: Call) -> tuple[Thread, str]:
        body = Fields(call.body)
        account_id, video_id = body.need_int("platform_account_id"), body.need_text("video_id")
        text = body.comment_text()
        return self.comments.thread(account_id, video_id), text

    def create_run(self, checked: tuple[Thread, str]) -> Reply:
        return Reply(self.comments.create(*checked))

    def reply(self, call: Call) -> tuple[Thread, Comment, str]:
        thread, parent, text = self._comment(Fields(call.body), text=True)
        parent.check("reply")
        return thread, parent, text

    def reply_run(self, checked: tuple[Thread, Comment, str]) -> Reply:
        thread, parent, text = checked
        return Reply(self.comments.create(thread, text, parent))

    def like(self, call: Call) -> tuple[Thread, Comment, bool]:
        body = Fields(call.body)
        account_id, comment_id = body.need_int("platform_account_id"), body.need_text("comment_id")
        wanted = body.flag("like", True)
        thread, comment = self.comments.locate(account_id, comment_id)
        comment.check("like" if wanted else "unlike")
        return thread, comment, wanted

    def like_run(self, checked: tuple[Thread, Comment, bool]) -> Reply:
        return Reply(self.comments.like(*checked))

    def delete(self, call: Call) -> tuple[Thread, str]:
        body = Fields(call.body)
        comment_id, account_id = body.need_text("comment_id"), body.integer("platform_account_id")
        return self.comments.deletable(comment_id, account_id), comment_id

    def delete_run(self, checked: tuple[Thread, str]) -> Reply:
        return Reply(self.comments.delete(*checked))

    def sync(self, call: Call) -> tuple[int, str | None]:
        body = Fields(call.body)
        account_id, video_id = body.need_int("platform_account_id"), body.text("video_id")
        if video_id is None:
            self.comments.threads(account_id)
        else:
            self.comments.thread(account_id, video_id)
        return account_id, video_id

    def sync_run(self, checked: tuple[int, str | None]) -> Reply:
        return Reply(self.comments.sync(*checked))

    def managed(self, call: Call) -> Reply:
        body = Fields(call.body)
        thread = self._thread(body)
        page, size = body.page()
        now = self.comments.now()
        return paged(thread.managed.views(thread.managed.top_level(now), now), page, size)

    def managed_replies(self, call: Call) -> Reply:
        body = Fields(call.body)
        thread, parent, _ = self._comment(body)
        page, size = body.page()
        if parent.comment_id not in thread.managed.comments:
            raise invalid(f"comment_id {parent.comment_id} is not in the managed store yet; sync")
        now = self.comments.now()
        rows = thread.managed.replies(parent.comment_id, now)
        return paged(thread.managed.views(rows, now), page, size)

    def realtime(self, call: Call) -> Reply:
        body = Fields(call.body)
        thread = self._thread(body)
        cursor, count = body.bounded("cursor", 0, 10**9, 0), body.bounded("count", 1, 50, 20)
        now = self.comments.now()
        rows = thread.platform.views(thread.platform.top_level(now), now)
        return cursor_page(rows, cursor, count)

    def replies(self, call: Call) -> Reply:
        body = Fields(call.body)
        thread, parent, _ = self._comment(body)
        cursor, count = body.bounded("cursor", 0, 10**9, 0), body.bounded("count", 1, 50, 20)
        now = self.comments.now()
        rows = thread.platform.replies(parent.comment_id, now)
        return cursor_page(thread.platform.views(rows, now), cursor, count)

    # Social/5 analytics

    def _accounts(self, body: Fields) -> list[Account]:
        ids = body.id_list("platform_account_ids", int, 1, MAX_IDS)
        if ids is None:
            return self.analytics.accounts.all()
        return [self.analytics.accounts.require(i, "platform_account_ids") for i in ids]

    def _window(self, body: Fields, required: bool = True) -> Window:
        start, end = body.day("start_date", required), body.day("end_date", required)
        if (start is None) != (end is None):
            raise invalid("start_date and end_date must be given together")
        if start is None or end is None:
            return Window()
        if end < start:
            raise invalid("end_date must not be before start_date")
        if (end - start).days + 1 > RANGE_DAYS:
            raise invalid(f"end_date must be within {RANGE_DAYS} days of start_date")
        return Window(start, end)

    def _range(self, body: Fields) -> tuple[list[Account], Window]:
        window = self._window(body)
        return self._accounts(body), window

    def overview(self, call: Call) -> Reply:
        accounts, window = self._range(Fields(call.body))
        head = {"platform_account_ids": [a.id for a in accounts], **_dates(window)}
        return Reply(head | self.analytics.overview(accounts, window))

    def trend(self, call: Call) -> Reply:
        body = Fields(call.body)
        accounts, window = self._range(body)
        metric = body.choice("metric", tuple(TREND_METRICS))
        if metric is None:
            raise SimError("MISSING_PARAM", "metric is required")
        points = self.analytics.trend(accounts, window, metric)
        total = sum(p["value"] for p in points)
        return Reply({"metric": metric, **_dates(window), "total": total, "points": points})

    def top(self, kind: str, call: Call) -> Reply:
        """Top ``kind`` ("accounts", "videos", "products") ranked by ``sort_by``."""
        sorts, default = TOP_SORTS[kind]
        body = Fields(call.body)
        accounts, window = self._range(body)
        sort_by = body.choice("sort_by", sorts) or default
        limit = body.bounded("limit", 1, MAX_IDS, 10)
        rows = self.analytics.top(kind, accounts, window, sort_by)
        return Reply({"items": rows[:limit], "total_count": len(rows)})

    def shoppable_list(self, call: Call) -> Reply:
        body = Fields(call.body)
        window, accounts = self._window(body, required=False), self._accounts(body)
        page, size = body.page()
        videos = self.analytics.shoppable(accounts)
        chosen = videos[(page - 1) * size : page * size]
        rows = [self.analytics.shoppable_row(v, window, detail=False) for v in chosen]
        return Reply({"items": rows, "total_count": len(videos)}, page=page, page_size=size)

    def shoppable_detail(self, call: Call) -> Reply:
        body = Fields(call.body)
        video = self.analytics.shoppable_video(body.need_text("platform_video_id"))
        window = self._window(body, required=False)
        return Reply(self.analytics.shoppable_row(video, window, detail=True))

    # Social/6 tools and Social/7 shop

    def suggest_hashtags(self, call: Call) -> Reply:
        body = Fields(call.body)
        keyword = body.need_text("keyword", max_len=KEYWORD_MAX)
        platform = body.choice("platform", PLATFORMS)
        limit = body.bounded("limit", 1, MAX_IDS, 10)
        return Reply(self.hashtags.suggest(keyword, platform, limit))

    def music_recent(self, call: Call) -> Reply:
        account = self.analytics.accounts.require(Fields(call.body).need_int("platform_account_id"))
        rows = self.music.recent(account)
        return Reply({"items": rows, "total_count": len(rows)})

    def music_popular(self, call: Call) -> Reply:
        body = Fields(call.body)
        keyword = body.text("keyword", max_len=KEYWORD_MAX)
        region = body.text("region")
        code = None if region is None else region_code(region)
        page, size = body.page()
        return paged(self.music.popular(keyword, code), page, size)

    def shop_products(self, call: Call) -> Reply:
        body = Fields(call.body)
        account = self.shops.shop_account(body.need_int("platform_account_id"))
        keyword = body.text("keyword", max_len=KEYWORD_MAX)
        page, size = body.page()
        return paged(self.shops.search(account, keyword), page, size)

    def showcase(self, call: Call) -> tuple[Account, list[str]]:
        body = Fields(call.body)
        account_id = body.need_int("platform_account_id")
        body.value("product_ids", True)
        product_ids = body.id_list("product_ids", str, 1, SHOWCASE_MAX) or []
        return self.shops.shop_account(account_id), product_ids

    def showcase_run(self, checked: tuple[Account, list[str]]) -> Reply:
        return Reply(self.shops.add_to_showcase(*checked))


def _dates(window: Window) -> dict[str, str | None]:
    return {
        "start_date": window.start.isoformat() if window.start else None,
        "end_date": window.end.isoformat() if window.end else None,
    }


def _read(reply: Reply) -> Reply:
    """The act of a read route: its validation already built the answer."""
    return reply


def engagement_routes(api: EngagementApi) -> list[Route]:
    """Return the Social/4-7 route table bound to ``api``."""

    def post(path: str, validate: Any, act: Any = _read) -> Route:
        return Route("POST", V1 + path, "social", 1, validate, act, json_body=True)

    return [
        post("/comments/create", api.create, api.create_run),
        post("/comments/reply", api.reply, api.reply_run),
        post("/comments/like", api.like, api.like_run),
        post("/comments/delete", api.delete, api.delete_run),
        post("/comments/sync", api.sync, api.sync_run),
        post("/comments/list", api.managed),
        post("/comments/replies/list", api.managed_replies),
        post("/comments/realtime", api.realtime),
        post("/comments/replies", api.replies),
        post("/analytics/overview", api.overview),
        post("/analytics/trend", api.trend),
        post("/analytics/top-accounts", partial(api.top, "accounts")),
        post("/analytics/top-videos", partial(api.top, "videos")),
        post("/analytics/top-products", partial(api.top, "products")),
        post("/analytics/shoppable-videos/list", api.shoppable_list),
        post("/analytics/shoppable-videos/detail", api.shoppable_detail),
        post("/tools/hashtags", api.suggest_hashtags),
        post("/tools/music/recent", api.music_recent),
        post("/tools/music/popular", api.music_popular),
        post("/shop/products/list", api.shop_products),
        post("/shop/showcase/add", api.showcase, api.showcase_run),
    ]
