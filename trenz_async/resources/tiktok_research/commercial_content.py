"""``tiktok.research.commercial_content``: Query Commercial Content (seed 001).

::

    pager = tiktok.research.commercial_content.query(
        filters={"content_published_date_range": {"min": "20230101", "max": "20230331"},
                 "creator_country_code": "FR"},
        fields=["id", "create_date", "brand_names", "creator"], max_count=50)
    first = await pager                       # items, has_more, search_id
    async for content in pager.iter(): ...    # every record of the 90 days, once

    async for content in tiktok.research.commercial_content.harvest(
            filters, fields, checkpoint="fr-q1.checkpoint"):   # resumable after a crash
        ...

A range longer than ``window_days`` (default 30) is read window by window; a search_id the
service rejects restarts its window without yielding a record twice; a window that keeps
answering 500 is split in half (see :mod:`~trenz_async.resources.tiktok_research.harvest`).
Every request goes through the client's daily :class:`QuotaLedger` (``.ledger``; see
:mod:`~trenz_async.resources.tiktok_research.quota`), which refuses before sending once
1,000 requests or 100,000 records were used today (UTC).

``min`` must be after 2022-10-01, as the seed says. Decisions where the seed is silent:
``id`` is always requested (records are de-duplicated by it); a country code is upper-cased; a
``search_id`` you pass continues the first window and is not recovered if the service rejects
it (what came before it is unknown here), the BadRequestError is raised instead.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any, Final, Unpack

import attrs
import cattrs

from trenz_async.errors import (
    BadRequestError,
    QuotaExceededError,
    RetryBudgetExhaustedError,
    ServerError,
    ValidationError,
)
from trenz_async.models._base import id_text
from trenz_async.models.tiktok_research import CommercialContent, CommercialContentFilters
from trenz_async.pagination import CursorPage
from trenz_async.resources._base import CallOptions, Resource
from trenz_async.resources.tiktok_research.filters import (
    DEFAULT_MAX_COUNT,
    MAX_COUNT,
    QueryFilters,
    check_fields,
    check_filters,
    check_max_count,
    check_window_days,
)
from trenz_async.resources.tiktok_research.harvest import (
    MAX_RESTARTS,
    Checkpoint,
    CheckpointStore,
    FileCheckpoint,
    ResearchPage,
    ResearchPager,
    WalkState,
)
from trenz_async.resources.tiktok_research.paths import QUERY_COMMERCIAL_CONTENT
from trenz_async.resources.tiktok_research.quota import QuotaLedger
from trenz_async.transport import Transport

__all__ = ["DEFAULT_WINDOW_DAYS", "CommercialContentResource"]

DEFAULT_WINDOW_DAYS: Final = 30
_SPLIT_CODES: Final = frozenset({"internal_error", "timeout"})

Filters = CommercialContentFilters | Mapping[str, Any]


def _search_id_refused(error: BadRequestError) -> bool:
    """True for the 400 that refuses a search_id ("Search Id ... is invalid or expired")."""
    text = (error.message or "").lower()
    return error.code == "invalid_params" and ("search id" in text or "search_id" in text)


def _window_failure(error: BaseException) -> bool:
    """True for a 500/504 that outlived the transport's retries (a window too wide)."""
    if isinstance(error, RetryBudgetExhaustedError):
        error = error.cause
    if not isinstance(error, ServerError):
        return False
    return error.code in _SPLIT_CODES or error.status in (500, 504)


class _Walk:
    """One search's fixed parts, and the fetch that turns a position into a page."""

    def __init__(
        self,
        resource: CommercialContentResource,
        filters: QueryFilters,
        fields: str,
        max_count: int,
        ledger: QuotaLedger | None,
        options: CallOptions,
    ) -> None:
        self.resource = resource
        self.filters = filters
        self.fields = fields
        self.max_count = max_count
        self.ledger = ledger
        self.options = options
        self.client_key = resource.client_key

    async def fetch(self, position: Mapping[str, Any]) -> ResearchPage:
        """The next page with a record not yet yielded, from ``position`` on."""
        state = WalkState.from_position(position)
        while not state.done:
            try:
                answer = await self.send(state)
            except BadRequestError as error:
                if not (_search_id_refused(error) and state.search_id and state.recover):
                    raise
                if state.restarts >= MAX_RESTARTS:
                    raise
                state = state.restarted()
                continue
            except (ServerError, RetryBudgetExhaustedError) as error:
                smaller = state.split() if _window_failure(error) else None
                if smaller is None:
                    raise
                state = smaller
                continue
            page = self.page(state, answer)
            if page.items or not page.has_more:
                return page
            state = WalkState.from_position(page.resume)
        return ResearchPage(items=[], cursor=state.search_id, has_more=False, resume=position)

    def page(self, state: WalkState, answer: CursorPage[CommercialContent]) -> ResearchPage:
        """Keep the records not yielded yet; work out where the walk goes next."""
        new: dict[str, CommercialContent] = {}
        for item in answer.items:
            if item.id not in state.seen and item.id not in new:
                new[item.id] = item
        # The search_id may change page by page, or stay the one of the cached search; a
        # page that neither moves it nor brings a new record ends the window (no loop).
        has_more = answer.has_more and (answer.cursor != state.search_id or bool(new))
        after = state.after_page(answer.cursor, has_more, new, self.filters.last)
        return ResearchPage(
            items=list(new.values()),
            cursor=answer.cursor,
            has_more=not after.done,
            resume=after.position(),
            request_id=answer.request_id,
            window=(state.first, state.last),
        )

    async def send(self, state: WalkState) -> CursorPage[CommercialContent]:
        """One request for ``state``'s page, counted in the ledger."""
        body: dict[str, object] = {
            "filters": self.filters.wire(state.first, state.last),
            "max_count": self.max_count,
        }
        if state.search_id:
            body["search_id"] = state.search_id
        ledger, key = self.ledger, self.client_key
        while True:
            if ledger is not None:
                await ledger.acquire(key)
            try:
                envelope = await self.resource._transport.request(
                    QUERY_COMMERCIAL_CONTENT,
                    params={"fields": self.fields},
                    json=body,
                    **self.options,
                )
            except QuotaExceededError:
                if ledger is None:
                    raise
                ledger.mark_exhausted(key)
                if not ledger.wait_for_reset:
                    raise
                continue  # acquire() now waits for 00:00 UTC
            except (ServerError, RetryBudgetExhaustedError):
                if ledger is not None:  # the transport may have sent every attempt
                    attempts = self.resource._transport.config.retry.max_attempts
                    ledger.add_requests(key, attempts - 1)
                raise
            _fold_video(envelope.data)
            _search_id_as_text(envelope.data)
            page = self.resource._cursor_page(
                envelope, CommercialContent, "search_id", "commercial_contents", "has_more", ()
            )
            if ledger is not None:
                ledger.add_records(key, len(page.items))
            return page


def _search_id_as_text(data: object) -> None:
    """Read a ``search_id`` answered as a number as its text, in place: the seed types it as
    a string, and it is sent back as one."""
    if isinstance(data, dict) and not isinstance(data.get("search_id"), str | None):
        text = id_text(data["search_id"])
        if text is not None:
            data["search_id"] = text


def _fold_video(data: object) -> None:
    """Read a record's ``video`` (the seed's table names it so; its examples say ``videos``,
    a list) as ``videos``: one object or a list, folded in place."""
    records = data.get("commercial_contents") if isinstance(data, dict) else None
    for record in records if isinstance(records, list) else ():
        if isinstance(record, dict) and "video" in record and record.get("videos") is None:
            video = record.pop("video")
            record["videos"] = video if isinstance(video, list) or video is None else [video]


class CommercialContentResource(Resource):
    """Query Commercial Content: ads and paid partnerships in the EEA (scope
    ``research.adlib.basic``).

    ``ledger`` is this client's daily :class:`QuotaLedger` (in memory by default); replace it
    (e.g. with a file-backed one shared by several runs) or set it to ``None`` to send
    without counting. Two clients of the same client key share the quota on the service:
    give them the same ledger object, or ledgers on the same file.
    """

    def __init__(self, transport: Transport, converter: cattrs.Converter) -> None:
        super().__init__(transport, converter)
        self.ledger: QuotaLedger | None = QuotaLedger()

    @property
    def client_key(self) -> str:
        """The client key the ledger counts under."""
        key = getattr(self._transport.auth, "client_key", None)
        return key if isinstance(key, str) else "default"

    def query(
        self,
        *,
        filters: Filters,
        fields: Sequence[str] | str,
        max_count: int = DEFAULT_MAX_COUNT,
        search_id: str | None = None,
        window_days: int = DEFAULT_WINDOW_DAYS,
        ledger: QuotaLedger | None = None,
        **options: Unpack[CallOptions],
    ) -> ResearchPager:
        """Query Commercial Content: a pager over every record of the date range.

        ``filters``: a :class:`~trenz_async.models.tiktok_research.CommercialContentFilters`
        or a dict of the seed's shape (``content_published_date_range`` {min, max} as
        ``"YYYYMMDD"``, ints or dates, min after 2022-10-01; ``creator_country_code``
        ``"ALL"`` or an EEA code; ``creator_usernames``). ``fields``: a list or comma string
        from id, create_date, create_timestamp, label, brand_names, creator, videos.
        ``max_count``: records per request, 1..50. ``search_id``: continue the first window
        from a page another call returned. ``window_days``: days per query, 1..30.
        ``ledger``: the quota ledger to count in (default: :attr:`ledger`). Raises
        ValidationError before sending; while walking, QuotaExceededError (the ledger's or
        the service's) and the service's errors.
        """
        walk, start = self._walk(filters, fields, max_count, window_days, ledger, options)
        if search_id is not None:
            if not isinstance(search_id, str) or not search_id:
                raise ValidationError("search_id", "must be a non-empty string", search_id)
            start = WalkState.start(start.first, walk.filters.last, start.span, search_id)
        return ResearchPager(walk.fetch, start)

    def harvest(
        self,
        filters: Filters,
        fields: Sequence[str] | str,
        *,
        checkpoint: str | os.PathLike[str] | CheckpointStore | None = None,
        window_days: int = DEFAULT_WINDOW_DAYS,
        max_count: int = MAX_COUNT,
        ledger: QuotaLedger | None = None,
        **options: Unpack[CallOptions],
    ) -> AsyncIterator[CommercialContent]:
        """Every record of the search, once, resumable: an async iterator.

        As :meth:`query` (50 records per request by default), plus ``checkpoint``: a path (a
        :class:`~trenz_async.resources.tiktok_research.harvest.FileCheckpoint`) or a
        :class:`CheckpointStore`. The walk's state is stored after each page and each record
        id just before the record is yielded, so a rerun with the same checkpoint after a
        crash (or a ``break``) continues where it stopped and yields no record twice. A
        checkpoint of other filters is refused (ValidationError); a finished one yields
        nothing (delete it to harvest again).
        """
        walk, start = self._walk(filters, fields, max_count, window_days, ledger, options)
        store = _store(checkpoint)
        saved = None if store is None else store.load()
        key = walk.filters.key
        if saved is not None:
            if saved.key != key:
                rule = "was written by a harvest of other filters: use another one or delete it"
                raise ValidationError("checkpoint", rule, checkpoint)
            # A smaller window_days than the stored walk's applies from its next window on.
            start = attrs.evolve(saved.state, span=min(saved.state.span, start.span))
        return self._harvest(walk, start, store, key)

    async def _harvest(
        self, walk: _Walk, start: WalkState, store: CheckpointStore | None, key: str
    ) -> AsyncIterator[CommercialContent]:
        if store is not None:
            store.save(Checkpoint(key, start))
        if start.done:
            return
        async for page in ResearchPager(walk.fetch, start).pages():
            for item in page.items:
                if store is not None:
                    store.mark(item.id)
                yield item
            if store is not None:
                store.save(Checkpoint(key, WalkState.from_position(page.resume)))

    def _walk(
        self,
        filters: object,
        fields: object,
        max_count: object,
        window_days: object,
        ledger: object,
        options: CallOptions,
    ) -> tuple[_Walk, WalkState]:
        checked = check_filters(filters)
        wire_fields = check_fields(fields)
        count = check_max_count(max_count)
        span = check_window_days(window_days)
        if ledger is not None and not isinstance(ledger, QuotaLedger):
            raise ValidationError("ledger", "must be a QuotaLedger or None", ledger)
        chosen = ledger if ledger is not None else self.ledger
        walk = _Walk(self, checked, wire_fields, count, chosen, options)
        return walk, WalkState.start(checked.first, checked.last, span)


def _store(checkpoint: object) -> CheckpointStore | None:
    if checkpoint is None:
        return None
    if isinstance(checkpoint, (str, os.PathLike)):
        if not os.fspath(checkpoint):
            raise ValidationError("checkpoint", "must be a non-empty path", checkpoint)
        return FileCheckpoint(checkpoint)
    if isinstance(checkpoint, CheckpointStore):
        return checkpoint
    rule = "must be a path or a CheckpointStore (load, save, mark)"
    raise ValidationError("checkpoint", rule, checkpoint)
