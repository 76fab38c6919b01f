"""Routes and thin handlers of Social/1 Accounts, Social/2 Publishing and Social/3 Videos.

Every route is ``POST`` with a JSON object body (``qrcode`` takes no body), scope ``social``,
``per_call`` billing charged only once validation passed (a 400 costs nothing). Path evidence
(catalogue §3.1-3.3): C1 confirmed, I-lo guessed. ``*`` marks a required field; an optional
field sent as ``null`` counts as absent. Lists take ``page`` (int >= 1, default 1) and
``page_size`` (int 1..50, default 10; above 50 -> 400 PAGE_SIZE_EXCEEDED) and answer
``data.items`` + ``data.total_count`` plus top-level ``page``, ``page_size``, ``total``.
Times are unix seconds. Objects: ``ACCOUNT``, ``SESSION``, ``PUBLICATION``, ``PRECHECK``,
``VIDEO_INFO``, ``METRIC`` are the ``view()``/``metrics()`` of the state objects.

========================================  ====  ====  ===========================================
path (``/open/v1/social`` + ...)          ev    cost  body -> ``data``
========================================  ====  ====  ===========================================
/accounts/list                            I-lo  1     platform (tiktok|youtube|instagram|facebook),
                                                      page, page_size -> items: [ACCOUNT]
/accounts/detail                          I-lo  1     platform_account_id* int -> ACCOUNT
/accounts/disconnect                      I-lo  1     platform_account_id* int ->
                                                      {platform_account_id, status: "disconnected"}
/accounts/refresh-token                   I-lo  1     platform_account_id* int -> ACCOUNT
/accounts/remark                          I-lo  1     platform_account_id* int, remark* str <= 100
                                                      chars -> ACCOUNT
/tiktok/qrcode                            I-lo  1     (none) -> {qrcode_token, qrcode_url,
                                                      expires_in: 120, expires_at}
/tiktok/qrcode/status                     I-lo  1     qrcode_token* str -> {qrcode_token, status
                                                      (waiting|scanned|confirmed|expired),
                                                      expires_at, account: ACCOUNT|null}
/publish/upload-and-publish               C1    5     video_title* str, video_description str,
                                                      bucket_name* str, bucket_key* str,
                                                      publications* [1..20 of {platform_account_id*
                                                      int, title str, platform_config (JSON text of
                                                      an object; an object is accepted too),
                                                      scheduled_at int}] -> SESSION (seed answers:
                                                      {session_token})
/publish/session                          C1    1     session_token* str -> SESSION (seed answers:
                                                      {status})
/publish/session/cancel                   C1    1     session_token* str -> SESSION +
                                                      cancelled_publication_ids: [str]
/publish/cancel                           C1    1     publication_id* str -> PUBLICATION
/publish/reschedule                       I-lo  1     publication_id* str, scheduled_at* int ->
                                                      PUBLICATION
/precheck/trigger                         I-lo  1     bucket_name* str, bucket_key* str,
                                                      platform_account_id int -> PRECHECK
/precheck/list                            I-lo  1     status (running|passed|failed), page,
                                                      page_size -> items: [PRECHECK]
/videos/check-info                        C1    1     bucket_name* str, bucket_key* str ->
                                                      VIDEO_INFO
/publish/records                          I-lo  1     bucket_key str, platform_account_id int,
                                                      status, session_token str, page, page_size
                                                      -> items: [PUBLICATION] newest first
/publish/record/detail                    I-lo  1     record_id* str -> PUBLICATION + video_title,
                                                      video_description, platform_config (JSON text)
/videos/metrics                           I-lo  1     platform_account_id* int, start_date,
                                                      end_date (YYYY-MM-DD, UTC, inclusive on
                                                      published_at), page, page_size
                                                      -> items: [METRIC] newest first
========================================  ====  ====  ===========================================

Objects (every key always present; ``|null`` marks values that may be null):

* ACCOUNT: ``id`` int (= platform_account_id), ``platform``, ``username``, ``nickname``,
  ``avatar_url``, ``status`` (active|expired), ``follower_count`` int, ``video_count`` int,
  ``remark`` str, ``token_expires_at`` int, ``bound_at`` int.
* PUBLICATION (a session entry and a publishing record alike): ``record_id`` (= publication_id),
  ``publication_id`` str, ``session_token``, ``bucket_name``, ``bucket_key``,
  ``platform_account_id`` int, ``platform``, ``title``, ``status``
  (pending|publishing|published|failed|cancelled), ``scheduled_at`` int|null (null = immediate),
  ``created_at``, ``updated_at``, ``published_at`` int|null, ``platform_video_id`` str|null,
  ``video_url`` str|null, ``error_message`` str|null.
* SESSION: ``session_token``, ``status`` (processing|completed|failed|cancelled),
  ``video_title``, ``video_description``, ``bucket_name``, ``bucket_key``, ``created_at``,
  ``publications``: [PUBLICATION] in request order.
* PRECHECK: ``precheck_id`` str, ``status`` (running|passed|failed), ``bucket_name``,
  ``bucket_key``, ``platform_account_id`` int|null, ``platform`` str|null, ``issues`` [str]
  (empty while running), ``created_at``, ``completed_at`` int|null.
* VIDEO_INFO: ``bucket_key``, ``size`` int, ``content_type``, ``duration`` float|null (s),
  ``width``/``height`` int|null, ``codec`` str|null, ``bitrate`` int|null (bit/s),
  ``platforms``: [{``platform``, ``passed`` bool, ``issues`` [str]}] for tiktok, youtube,
  instagram, facebook.
* METRIC: ``platform_video_id`` str, ``platform_account_id``, ``platform``, ``title``,
  ``video_url``, ``published_at``, ``views``, ``likes``, ``comments``, ``shares`` (ints),
  ``publication_id`` str|null (set for videos published through the API).

Errors: a missing required field -> 400 MISSING_PARAM "<field> is required"; a wrong type, enum,
range or an unknown id -> 400 INVALID_PARAM naming the field (``publications[i].<field>`` inside
the list); a body that is not a JSON object -> 400 BAD_REQUEST.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import attrs

from trenz_async.testing.trenz.envelope import SimError
from trenz_async.testing.trenz.routing import Call, Reply, Route
from trenz_async.testing.trenz.social_accounts import PLATFORMS, Account, SocialAccounts
from trenz_async.testing.trenz.social_publishing import (
    MAX_PUBLICATIONS,
    PUBLICATION_STATUSES,
    PublicationRequest,
    PublishingStore,
    SessionRequest,
    config_text,
    schedule,
)
from trenz_async.testing.trenz.social_videos import (
    PRECHECK_TRANSITIONS,
    Media,
    ObjectStore,
    Prechecks,
    SocialVideos,
    probe,
    stored,
    utc_date,
)

V1 = "/open/v1/social"
LIST_MAX = 50
REMARK_MAX = 100
PUBLISH_COST = 5


def invalid(message: str) -> SimError:
    """Return a 400 INVALID_PARAM error."""
    return SimError("INVALID_PARAM", message)


class Body:
    """A JSON object body read field by field; ``prefix`` names fields inside a list entry."""

    def __init__(self, raw: Any, prefix: str = "") -> None:
        if not isinstance(raw, dict):
            raise SimError("BAD_REQUEST", "request body must be a JSON object")
        self.raw: dict[str, Any] = raw
        self.prefix = prefix

    def value(self, name: str, required: bool, *, blank_ok: bool = False) -> Any:
        """Return the raw field; a required one absent, null or ``""`` is MISSING_PARAM."""
        value = self.raw.get(name)
        if required and (value is None or (value == "" and not blank_ok)):
            raise SimError("MISSING_PARAM", f"{self.prefix}{name} is required")
        return value

    def text(self, name: str, *, required: bool = False, max_len: int | None = None) -> str | None:
        """Return a string field; required ones must not be blank."""
        value = self.value(name, required)
        if value is None:
            return None
        if not isinstance(value, str) or (required and not value.strip()):
            raise invalid(f"{self.prefix}{name} must be a non-empty string")
        if max_len is not None and len(value) > max_len:
            raise invalid(f"{self.prefix}{name} must be at most {max_len} characters")
        return value

    def need_text(self, name: str, *, max_len: int | None = None) -> str:
        """Return a required string field."""
        value = self.text(name, required=True, max_len=max_len)
        assert value is not None
        return value

    def integer(self, name: str, *, required: bool = False, minimum: int = 0) -> int | None:
        """Return an integer field (JSON numbers only; booleans and floats refused)."""
        value = self.value(name, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise invalid(f"{self.prefix}{name} must be an integer >= {minimum}")
        return value

    def need_int(self, name: str, *, minimum: int = 0) -> int:
        """Return a required integer field."""
        value = self.integer(name, required=True, minimum=minimum)
        assert value is not None
        return value

    def choice(self, name: str, choices: Sequence[str]) -> str | None:
        """Return an optional enum field."""
        value = self.value(name, False)
        if value is None:
            return None
        if value not in choices:
            raise invalid(f"{self.prefix}{name} must be one of: {', '.join(choices)}")
        return str(value)

    def date(self, name: str) -> str | None:
        """Return an optional ``YYYY-MM-DD`` date."""
        value = self.value(name, False)
        if value is None:
            return None
        rule = f"{self.prefix}{name} must be a date YYYY-MM-DD"
        if not isinstance(value, str) or len(value) != 10:
            raise invalid(rule)
        try:
            datetime.strptime(value, "%Y-%m-%d")
        except ValueError:
            raise invalid(rule) from None
        return value

    def page(self) -> tuple[int, int]:
        """Return ``(page, page_size)`` of a management list."""
        page = self.integer("page", minimum=1) or 1
        size = self.value("page_size", False)
        if size is None:
            return page, 10
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise invalid(f"page_size must be an integer between 1 and {LIST_MAX}")
        if size > LIST_MAX:
            raise SimError("PAGE_SIZE_EXCEEDED", f"page_size must be between 1 and {LIST_MAX}")
        return page, size


def paged(rows: Sequence[dict[str, Any]], page: int, size: int) -> Reply:
    """Return one page of ``rows`` as a list reply."""
    items = list(rows[(page - 1) * size : page * size])
    return Reply({"items": items, "total_count": len(rows)}, page=page, page_size=size)


def platform_config(value: Any, field: str) -> dict[str, Any]:
    """Parse ``platform_config``: JSON text of an object (or, leniently, an object)."""
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    rule = f"{field} must be a JSON-encoded object string"
    if not isinstance(value, str):
        raise invalid(rule)
    try:
        parsed = json.loads(value)
    except ValueError:
        raise invalid(rule) from None
    if not isinstance(parsed, dict):
        raise invalid(rule)
    return parsed


class SocialApi:
    """Handlers over the Social state; ``storage`` returns ``sim.storage`` when called."""

    def __init__(
        self,
        accounts: SocialAccounts,
        publishing: PublishingStore,
        videos: SocialVideos,
        prechecks: Prechecks,
        storage: Callable[[], ObjectStore],
        now: Callable[[], float],
    ) -> None:
        self.accounts, self.publishing, self.videos = accounts, publishing, videos
        self.prechecks, self.storage, self.now = prechecks, storage, now

    def account(self, account: Account) -> dict[str, Any]:
        """Return the wire account object (its video count read from its video list)."""
        return account.view(self.videos.count(account.id))

    # Social/1 accounts

    def list_accounts(self, call: Call) -> tuple[str | None, int, int]:
        body = Body(call.body)
        return (body.choice("platform", PLATFORMS), *body.page())

    def list_accounts_run(self, checked: tuple[str | None, int, int]) -> Reply:
        platform, page, size = checked
        return paged([self.account(a) for a in self.accounts.all(platform)], page, size)

    def account_id(self, call: Call) -> int:
        """Check ``platform_account_id`` names a bound account and return it."""
        return self.accounts.require(Body(call.body).need_int("platform_account_id")).id

    def detail(self, account_id: int) -> Reply:
        return Reply(self.account(self.accounts.require(account_id)))

    def disconnect(self, account_id: int) -> Reply:
        self.publishing.tick()  # publications due before now finish with the account bound
        self.accounts.disconnect(account_id)
        return Reply({"platform_account_id": account_id, "status": "disconnected"})

    def refresh_token(self, account_id: int) -> Reply:
        self.publishing.tick()
        return Reply(self.account(self.accounts.refresh_token(account_id)))

    def remark(self, call: Call) -> tuple[int, str]:
        body = Body(call.body)
        account_id = self.account_id(call)
        remark = body.value("remark", True, blank_ok=True)
        if not isinstance(remark, str) or len(remark) > REMARK_MAX:
            raise invalid(f"remark must be a string of at most {REMARK_MAX} characters")
        return account_id, remark

    def remark_run(self, checked: tuple[int, str]) -> Reply:
        return Reply(self.account(self.accounts.set_remark(*checked)))

    def qrcode(self, _: None) -> Reply:
        return Reply(self.accounts.qrcode_view(self.accounts.new_qrcode()))

    def qrcode_status(self, call: Call) -> str:
        token = Body(call.body).need_text("qrcode_token")
        if self.accounts.qrcode(token) is None:
            raise invalid(f"qrcode_token: unknown QR code {token}")
        return token

    def qrcode_status_run(self, token: str) -> Reply:
        login = self.accounts.qrcode(token)
        assert login is not None
        bound = self.accounts.get(login.account_id) if login.account_id is not None else None
        return Reply(
            {
                "qrcode_token": login.token,
                "status": login.status,
                "expires_at": login.expires_at,
                "account": self.account(bound) if bound is not None else None,
            }
        )

    # Social/2 publishing

    def publish(self, call: Call) -> SessionRequest:
        body = Body(call.body)
        title = body.need_text("video_title")
        description = body.text("video_description") or ""
        bucket, key = body.need_text("bucket_name"), body.need_text("bucket_key")
        entries = body.value("publications", True)
        if not isinstance(entries, list) or not 1 <= len(entries) <= MAX_PUBLICATIONS:
            raise invalid(f"publications must be a list of 1 to {MAX_PUBLICATIONS} entries")
        requests = [self._entry(raw, i, title) for i, raw in enumerate(entries)]
        seen: set[int] = set()
        for i, request in enumerate(requests):
            if request.platform_account_id in seen:
                raise invalid(f"publications[{i}].platform_account_id repeats an account")
            seen.add(request.platform_account_id)
        media = probe(key, stored(self.storage(), bucket, key))
        requests = [self._bind(r, i, media.issues) for i, r in enumerate(requests)]
        return SessionRequest(title, description, bucket, key, tuple(requests))

    def _entry(self, raw: Any, index: int, video_title: str) -> PublicationRequest:
        prefix = f"publications[{index}]."
        if not isinstance(raw, dict):
            raise invalid(f"publications[{index}] must be an object")
        entry = Body(raw, prefix)
        account_id = entry.need_int("platform_account_id")
        title = entry.text("title") or video_title
        config = platform_config(raw.get("platform_config"), f"{prefix}platform_config")
        at = schedule(entry.integer("scheduled_at"), self.now(), f"{prefix}scheduled_at")
        return PublicationRequest(account_id, "", title, config, at)

    def _bind(
        self, request: PublicationRequest, index: int, issues: Callable[[str], list[str]]
    ) -> PublicationRequest:
        field = f"publications[{index}].platform_account_id"
        account = self.accounts.require(request.platform_account_id, field)
        found = issues(account.platform)
        blocked = found[0] if found else None
        return attrs.evolve(request, platform=account.platform, blocked_by=blocked)

    def publish_run(self, request: SessionRequest) -> Reply:
        return Reply(self.publishing.answer(self.publishing.create(request), "publish"))

    def session_token(self, call: Call) -> str:
        return self.publishing.session(Body(call.body).need_text("session_token")).session_token

    def cancellable_session(self, call: Call) -> str:
        token = self.session_token(call)
        self.publishing.pending_of(token)
        return token

    def session(self, token: str) -> Reply:
        return Reply(self.publishing.answer(self.publishing.session(token), "session"))

    def cancel_session(self, token: str) -> Reply:
        session, cancelled = self.publishing.cancel_session(token)
        return Reply({**session.view(), "cancelled_publication_ids": cancelled})

    def publication_id(self, call: Call, verb: str = "cancelled") -> str:
        publication_id = Body(call.body).need_text("publication_id")
        return self.publishing.pending(publication_id, verb).publication_id

    def cancel(self, publication_id: str) -> Reply:
        return Reply(self.publishing.cancel(publication_id).view())

    def reschedule(self, call: Call) -> tuple[str, int | None]:
        publication_id = self.publication_id(call, "rescheduled")
        at = schedule(Body(call.body).need_int("scheduled_at"), self.now(), "scheduled_at")
        return publication_id, at

    def reschedule_run(self, checked: tuple[str, int | None]) -> Reply:
        return Reply(self.publishing.reschedule(*checked).view())

    def precheck(self, call: Call) -> tuple[Media, str, Account | None]:
        body = Body(call.body)
        bucket, key = body.need_text("bucket_name"), body.need_text("bucket_key")
        account_id = body.integer("platform_account_id")
        account = self.accounts.require(account_id) if account_id is not None else None
        return probe(key, stored(self.storage(), bucket, key)), bucket, account

    def precheck_run(self, checked: tuple[Media, str, Account | None]) -> Reply:
        return Reply(self.prechecks.trigger(*checked).view())

    def prechecks_list(self, call: Call) -> tuple[str | None, int, int]:
        body = Body(call.body)
        return (body.choice("status", tuple(PRECHECK_TRANSITIONS)), *body.page())

    def prechecks_run(self, checked: tuple[str | None, int, int]) -> Reply:
        status, page, size = checked
        return paged([p.view() for p in self.prechecks.all(status)], page, size)

    # Social/3 video management

    def check_info(self, call: Call) -> Media:
        body = Body(call.body)
        bucket, key = body.need_text("bucket_name"), body.need_text("bucket_key")
        return probe(key, stored(self.storage(), bucket, key))

    def records(self, call: Call) -> tuple[dict[str, Any], int, int]:
        body = Body(call.body)
        filters = {
            "bucket_key": body.text("bucket_key"),
            "platform_account_id": body.integer("platform_account_id"),
            "status": body.choice("status", PUBLICATION_STATUSES),
            "session_token": body.text("session_token"),
        }
        return (filters, *body.page())

    def records_run(self, checked: tuple[dict[str, Any], int, int]) -> Reply:
        filters, page, size = checked
        rows = [p.view() for p in self.publishing.records(**filters)]
        if self.publishing.answers == "seed":  # no record fields in the seed: not even this
            rows = [{k: v for k, v in row.items() if k != "session_token"} for row in rows]
        return paged(rows, page, size)

    def record(self, call: Call) -> str:
        record_id = Body(call.body).need_text("record_id")
        return self.publishing.publication(record_id, "record_id").publication_id

    def record_run(self, record_id: str) -> Reply:
        publication = self.publishing.publication(record_id, "record_id")
        session = self.publishing.session(publication.session_token)
        return Reply(
            {
                **publication.view(),
                "video_title": session.request.video_title,
                "video_description": session.request.video_description,
                "platform_config": config_text(publication.request.platform_config),
            }
        )

    def metrics(self, call: Call) -> tuple[int, str | None, str | None, int, int]:
        body = Body(call.body)
        account_id = self.account_id(call)
        start, end = body.date("start_date"), body.date("end_date")
        if start is not None and end is not None and start > end:
            raise invalid("start_date must not be after end_date")
        return (account_id, start, end, *body.page())

    def metrics_run(self, checked: tuple[int, str | None, str | None, int, int]) -> Reply:
        account_id, start, end, page, size = checked
        rows = [
            video.metrics()
            for video in self.videos.for_account(account_id)
            if (start is None or utc_date(video.published_at) >= start)
            and (end is None or utc_date(video.published_at) <= end)
        ]
        return paged(rows, page, size)


def social_routes(api: SocialApi) -> list[Route]:
    """Return the Social/1-3 route table bound to ``api``."""

    def post(path: str, validate: Any, act: Any, cost: int = 1, body: bool = True) -> Route:
        return Route("POST", V1 + path, "social", cost, validate, act, json_body=body)

    return [
        post("/accounts/list", api.list_accounts, api.list_accounts_run),
        post("/accounts/detail", api.account_id, api.detail),
        post("/accounts/disconnect", api.account_id, api.disconnect),
        post("/accounts/refresh-token", api.account_id, api.refresh_token),
        post("/accounts/remark", api.remark, api.remark_run),
        post("/tiktok/qrcode", lambda call: None, api.qrcode, body=False),
        post("/tiktok/qrcode/status", api.qrcode_status, api.qrcode_status_run),
        post("/publish/upload-and-publish", api.publish, api.publish_run, PUBLISH_COST),
        post("/publish/session", api.session_token, api.session),
        post("/publish/session/cancel", api.cancellable_session, api.cancel_session),
        post("/publish/cancel", api.publication_id, api.cancel),
        post("/publish/reschedule", api.reschedule, api.reschedule_run),
        post("/precheck/trigger", api.precheck, api.precheck_run),
        post("/precheck/list", api.prechecks_list, api.prechecks_run),
        post("/videos/check-info", api.check_info, lambda media: Reply(media.view())),
        post("/publish/records", api.records, api.records_run),
        post("/publish/record/detail", api.record, api.record_run),
        post("/videos/metrics", api.metrics, api.metrics_run),
    ]
