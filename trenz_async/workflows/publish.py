"""The publish flow: one video file to its target accounts, exactly once, resumable.

Per :class:`PublishItem`, recorded step by step in the journal:

=================  =====================================================================
step               what it does
=================  =====================================================================
``upload``         presign + streamed PUT (``trenz.files.upload``); the stored object is
                   recorded, so a rerun never uploads it again (an upload cut short is
                   simply done again: the PUT is idempotent and goes to a fresh key)
``check_info``     ``trenz.social.videos.check_info`` on the stored object (a read; advisory:
                   an answer whose fields cannot be read is recorded so, and does not stop
                   the publishing)
``publish:<id>``   one ``upload_and_publish`` per target account (a write step): its intent
                   is recorded first: every target's is queued once the upload is
                   presigned, to share a commit with other flows' writes while the bytes go
                   out, and committed when the upload ends at the latest (queued again with
                   the new key should the upload be presigned anew); an intent without a
                   result is reconciled by Publishing Record List for that ``bucket_key``
                   and account (a record means it happened: its ``session_token`` is taken,
                   if it has one) and re-sent only when none exists
``wait:<id>``      ``publishing.wait`` on that session until the publication is final
                   (a publication reconciled from a record without a session token: that
                   record, polled in the list);
                   a session created in this run is first polled one poll interval
                   after its publish was answered (``started_at``), one from an earlier
                   run at once
=================  =====================================================================

The seed describes the answers only by ``session_token`` and ``status``: when one lists no
publication for the account, the publish keeps the schedule it sent (unless under 5 minutes
ahead, which the service publishes at once) and the wait takes the session's own status.

Targets are published one after another, then waited for in turn (the service works on all
of them meanwhile; a flow stays one task however many targets it has); each publish holds one
of its account's ``"account"`` slots (:class:`~trenz_async.workflows.runner.Limits`). A
target ends ``published``, ``scheduled`` (published later by the service: its
``scheduled_at`` is ahead and ``wait_scheduled`` is off) or ``failed``. The item's report
is ``done`` when every target is published or scheduled, ``failed`` when one failed for a
reason retrying cannot fix (refused arguments, a disconnected account, the platform
rejecting the video, a missing file), and ``incomplete`` when something a rerun may fix
stopped it (the service down past the step's retries, bad credentials, a wait that timed
out): a rerun with the same journal resumes it.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any, TypedDict, Unpack

import attrs

from trenz_async.clients import TrenzClient
from trenz_async.errors import PublishFailedError, ResponseDecodeError
from trenz_async.models import PresignedUpload
from trenz_async.models.social import PublishingRecord, PublishSession
from trenz_async.models.social.publishing import PUBLISHED_STATUSES
from trenz_async.polling import Outcome, PollPolicy, wait_until
from trenz_async.resources.general.files import Presigned
from trenz_async.resources.social._checks import MIN_AHEAD
from trenz_async.workflows.journal import Journal
from trenz_async.workflows.runner import (
    INCOMPLETE,
    FlowContext,
    FlowEvent,
    ItemReport,
    Limits,
    StepPolicy,
    TargetReport,
    describe,
    failure_kind,
    run_flows,
)

__all__ = ["PublishItem", "PublishOptions", "PublishTarget", "publish_flow", "publish_many"]


@attrs.frozen
class PublishTarget:
    """One account to publish an item to; ``title`` overrides the item's title there,
    ``platform_config`` is the platform's options, ``scheduled_at`` unix seconds (at most 90
    days ahead; under 5 minutes is published at once) or None for now (as
    ``upload_and_publish`` takes them)."""

    platform_account_id: int
    title: str | None = None
    platform_config: dict[str, Any] | None = None
    scheduled_at: int | None = None


@attrs.frozen
class PublishItem:
    """One video to publish: ``id`` names it in the journal and the report (unique in a
    job), ``file`` is its path, ``title``/``description`` the video's, ``targets`` where."""

    id: str
    file: Path
    title: str
    description: str | None = None
    targets: list[PublishTarget] = attrs.field(factory=list)


class PublishOptions(TypedDict, total=False):
    """Options of :func:`publish_flow` that :func:`publish_many` passes on."""

    wait_timeout: float | None
    poll_policy: PollPolicy | None
    wait_scheduled: bool


ANNOUNCE_WITHIN = 0.05
"""Seconds the targets' intents, queued once the upload is presigned, may wait to share a
commit with other flows' writes; the upload's end starts the commit if it has not started."""
RECONCILE_RECORDS = 200
"""Publishing records a reconciliation reads at most (10 a page) looking for its own."""


def _intent(item: PublishItem, stored: dict[str, Any], target: PublishTarget) -> dict[str, Any]:
    """What ``publish:<id>`` sends: the call's arguments, with the one publication."""
    publication: dict[str, Any] = {"platform_account_id": target.platform_account_id}
    for name in ("title", "platform_config", "scheduled_at"):
        value = getattr(target, name)
        if value is not None:
            publication[name] = value
    return {
        "video_title": item.title,
        "video_description": item.description,
        "bucket_name": stored["bucket_name"],
        "bucket_key": stored["bucket_key"],
        "publications": [publication],
    }


def _step(target: PublishTarget) -> str:
    """The journal step that publishes to ``target``."""
    return f"publish:{target.platform_account_id}"


def _publication(record: PublishingRecord, reconciled: bool) -> dict[str, Any]:
    return {
        "session_token": record.session_token,
        "publication_id": record.id,
        "status": record.status,
        "scheduled_at": record.scheduled_at,
        "reconciled": reconciled,
    }


def _ours(session: PublishSession, account: int) -> PublishingRecord | None:
    return next((p for p in session.publications or () if p.platform_account_id == account), None)


def _kept_schedule(intent: dict[str, Any]) -> int | None:
    """The ``scheduled_at`` sent in ``intent``, or None when the service publishes it at once."""
    at = intent["publications"][0].get("scheduled_at")
    return at if at and at - time.time() >= MIN_AHEAD else None


def _outcome(entry: PublishingRecord) -> dict[str, Any]:
    """A target's outcome from its final publication (a session entry or a record)."""
    if entry.status in PUBLISHED_STATUSES:
        return {
            "status": "published",
            "platform_video_id": entry.platform_video_id,
            "video_url": entry.video_url,
        }
    why = entry.error_message or f"the publication ended {entry.status}"
    return {"status": "failed", "error": why}


def _by_session(session: PublishSession) -> dict[str, Any]:
    """A target's outcome from the session's own status (it lists no publications)."""
    if session.status == "completed":
        return {"status": "published", "platform_video_id": None, "video_url": None}
    return {
        "status": "failed",
        "error": session.error_message or f"the session ended {session.status}",
    }


class _Target:
    """Publish and wait for one target of one item."""

    __slots__ = (
        "account",
        "created_at",
        "ctx",
        "key",
        "options",
        "outcome",
        "published",
        "target",
        "trenz",
    )

    def __init__(
        self,
        trenz: TrenzClient,
        ctx: FlowContext,
        target: PublishTarget,
        options: PublishOptions,
    ) -> None:
        self.trenz = trenz
        self.ctx = ctx
        self.target = target
        self.account = target.platform_account_id
        self.options = options
        self.published: dict[str, Any] | None = None
        self.outcome: tuple[TargetReport, bool] | None = None
        self.created_at: float | None = None  # when this run's publish was answered
        self.key = ""  # the stored object's bucket_key, once publish() is called

    async def send(self, intent: dict[str, Any]) -> dict[str, Any]:
        session = await self.trenz.social.publishing.upload_and_publish(**intent)
        self.created_at = time.monotonic()
        entry = _ours(session, self.account)
        if entry is None:  # the service answered without our publication: keep what we sent
            return {
                "session_token": session.session_token,
                "status": session.status,
                "scheduled_at": _kept_schedule(intent),
            }
        return {**_publication(entry, False), "session_token": session.session_token}

    async def reconcile(self, intent: dict[str, Any]) -> dict[str, Any] | None:
        """The publication of ``intent`` if the service lists it, else None."""
        found = await self._find(intent["bucket_key"])
        return None if found is None else _publication(found, True)

    async def _find(self, key: str) -> PublishingRecord | None:
        """This target's publication of object ``key`` in Publishing Record List (newest
        first), or None. A record counts whether or not it carries its session's token (the
        seed shows no record fields); one naming another object or account never does (a
        service that ignored the filters must not lend another publication), and at most
        :data:`RECONCILE_RECORDS` are read."""
        records = self.trenz.social.videos.records(bucket_key=key, platform_account_id=self.account)
        async for record in records.iter(limit=RECONCILE_RECORDS):
            if record.bucket_key in (None, key) and record.platform_account_id in (
                None,
                self.account,
            ):
                return record
        return None

    async def wait(self, published: dict[str, Any]) -> dict[str, Any]:
        if published.get("scheduled_at") and not self.options.get("wait_scheduled", False):
            return {"status": "scheduled", "scheduled_at": published["scheduled_at"]}
        token = published.get("session_token")
        if not token:  # found by reconciling, in a record without its session's token
            return _outcome(await self._wait_record())
        try:
            session = await self.trenz.social.publishing.wait(
                token,
                timeout=self.options.get("wait_timeout", 900.0),
                policy=self.options.get("poll_policy"),
                started_at=self.created_at,  # created just now: first poll in an interval
            )
        except PublishFailedError as error:
            if not isinstance(error.last, PublishSession):
                raise
            session = error.last
        entry = _ours(session, self.account)
        if entry is None and session.publications:  # it lists others, not this account
            return {"status": "failed", "error": f"session {token} has no publication here"}
        if entry is None:
            return _by_session(session)
        return _outcome(entry)

    async def _wait_record(self) -> PublishingRecord:
        """This target's publishing record, polled until it is final."""
        key = self.key

        def state(record: PublishingRecord | None) -> tuple[Outcome, str]:
            if record is None:
                return Outcome.PENDING, "not listed"
            status = record.status or "unknown"
            return (Outcome.DONE if record.finished else Outcome.PENDING), status

        def never(_: PublishingRecord | None, text: str) -> PublishFailedError:
            return PublishFailedError(f"the publication of {key} failed: {text}")  # not reached

        found = await wait_until(
            lambda: self._find(key),
            state,
            what=f"the publication of {key} to account {self.account}",
            fail=never,
            timeout=self.options.get("wait_timeout", 900.0),
            policy=self.options.get("poll_policy"),
        )
        assert found is not None  # DONE only for a record
        return found

    async def publish(self, intent: dict[str, Any]) -> None:
        """Send the target's publication (``intent``: :func:`_intent`) once, holding one of
        its account's slots."""
        self.key = intent["bucket_key"]
        try:
            async with self.ctx.limit("account", self.account):
                self.published = await self.ctx.write_step(
                    _step(self.target),
                    intent,
                    lambda: self.send(intent),
                    self.reconcile,
                )
        except Exception as error:
            self.outcome = self._failed(error)

    async def finish(self) -> tuple[TargetReport, bool]:
        """The target's report once its publication is final, and whether the report is
        final (False: a rerun resumes the target)."""
        if self.outcome is not None:
            return self.outcome
        published = self.published or {}
        try:
            ended = await self.ctx.step(f"wait:{self.account}", lambda: self.wait(published))
        except Exception as error:
            return self._failed(error)
        token = published.get("session_token")
        return TargetReport(self.account, ended["status"], token, ended.get("error")), True

    def _failed(self, error: Exception) -> tuple[TargetReport, bool]:
        token = (self.published or {}).get("session_token")
        final = failure_kind(error) == "final"
        return TargetReport(self.account, "failed", token, describe(error)), final


class _Intents:
    """The item's publish intents, queued as soon as the upload is presigned (called with the
    presigned upload): where the file goes is known before its bytes are sent, and the
    intents share a commit with other flows' writes while they go out. A plain object, not a
    closure: it lives as long as the flow, thousands at once."""

    __slots__ = ("ctx", "intents", "item")

    def __init__(self, item: PublishItem, ctx: FlowContext) -> None:
        self.item = item
        self.ctx = ctx
        self.intents: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, where: PresignedUpload) -> None:
        stored = {"bucket_name": where.s3_bucket, "bucket_key": where.object_key}
        self.intents = self._build(stored)
        self.ctx.announce(self.intents, within=ANNOUNCE_WITHIN)

    def of(self, stored: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        """The intents for the stored object (built now when the upload was recorded by an
        earlier run, or went elsewhere)."""
        intents = self.intents
        if not intents or intents[0][1]["bucket_key"] != stored["bucket_key"]:
            intents = self._build(stored)
        return intents

    def _build(self, stored: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        item = self.item
        return [(_step(t), _intent(item, stored, t)) for t in item.targets]


async def _upload(
    trenz: TrenzClient, item: PublishItem, on_presigned: Presigned | None
) -> dict[str, Any]:
    stored = await trenz.files.upload(item.file, on_presigned=on_presigned)
    return {
        "bucket_name": stored.bucket_name,
        "bucket_key": stored.bucket_key,
        "cdn_url": stored.cdn_url,
        "size": stored.size,
        "content_type": stored.content_type,
        "etag": stored.etag,
    }


async def _check(trenz: TrenzClient, stored: dict[str, Any]) -> dict[str, Any]:
    """The video check, recorded (advisory: the seed calls it recommended). An answer whose
    fields cannot be read is recorded as such and publishing goes on (a garbled body, which
    has an HTTP status, is retried as a transient failure)."""
    try:
        info = await trenz.social.videos.check_info(
            bucket_name=stored["bucket_name"], bucket_key=stored["bucket_key"]
        )
    except ResponseDecodeError as error:
        if error.status is not None:
            raise
        return {"size": None, "duration": None, "passed": None, "checks": [], "unread": str(error)}
    checks = [
        {"platform": c.platform, "passed": c.passed, "issues": list(c.issues or ())}
        for c in info.platforms or ()
    ]
    return {"size": info.size, "duration": info.duration, "passed": info.passed, "checks": checks}


def _summary(item: PublishItem, outcomes: Sequence[tuple[TargetReport, bool]]) -> ItemReport:
    targets = [report for report, _ in outcomes]
    stopped = [report for report, final in outcomes if not final]
    if stopped:
        return ItemReport(item.id, INCOMPLETE, targets, stopped[0].error)
    failed = [report for report in targets if report.status == "failed"]
    if failed:
        return ItemReport(item.id, "failed", targets, failed[0].error)
    return ItemReport(item.id, "done", targets, None)


async def publish_flow(
    trenz: TrenzClient,
    item: PublishItem,
    ctx: FlowContext,
    *,
    wait_timeout: float | None = 900,
    poll_policy: PollPolicy | None = None,
    wait_scheduled: bool = False,
) -> ItemReport:
    """Upload ``item.file``, check it, publish it to each target and wait (see the module
    docstring); return the item's report. ``wait_timeout`` bounds each target's wait
    (seconds, None for none); ``poll_policy`` paces the polls; ``wait_scheduled`` waits for
    scheduled publications too instead of reporting them ``scheduled``."""
    options: PublishOptions = {
        "wait_timeout": wait_timeout,
        "poll_policy": poll_policy,
        "wait_scheduled": wait_scheduled,
    }
    return await _publish(trenz, item, ctx, options)


async def _publish(
    trenz: TrenzClient, item: PublishItem, ctx: FlowContext, options: PublishOptions
) -> ItemReport:
    announced = _Intents(item, ctx)
    try:
        stored = await ctx.step("upload", _upload, trenz, item, announced)
        intents = announced.of(stored)
        ctx.announce(intents)  # committed now if not yet: the check hides the disk wait
        await ctx.step("check_info", _check, trenz, stored)
    except Exception as error:  # nothing was published: every target ends with the error
        text = describe(error)
        status = "failed" if failure_kind(error) == "final" else INCOMPLETE
        targets = [TargetReport(t.platform_account_id, "failed", None, text) for t in item.targets]
        return ItemReport(item.id, status, targets, text)
    # Every target is sent first, then each is waited for in turn: the service works on all
    # of them meanwhile, and a flow stays one task however many targets it has.
    sending = [_Target(trenz, ctx, target, options) for target in item.targets]
    for one, (_, intent) in zip(sending, intents, strict=True):
        await one.publish(intent)
    outcomes = []
    for one in sending:
        outcomes.append(await one.finish())
    return _summary(item, outcomes)


async def publish_many(
    trenz: TrenzClient,
    items: Sequence[PublishItem],
    *,
    journal: Journal,
    limits: Limits,
    on_event: Callable[[FlowEvent], object] | None = None,
    policy: StepPolicy | None = None,
    retry_failed: bool = False,
    **flow_options: Unpack[PublishOptions],
) -> list[ItemReport]:
    """Run :func:`publish_flow` for every item under ``limits`` (one report per item, in
    order); ``flow_options`` go to each flow, ``policy`` paces step retries.
    ``retry_failed`` sends again the publishes an earlier run had refused for good (see
    :func:`~trenz_async.workflows.run_flows`)."""
    options: PublishOptions = {"wait_timeout": 900, "poll_policy": None, "wait_scheduled": False}
    options.update(flow_options)

    def flow(item: PublishItem, ctx: FlowContext) -> Awaitable[ItemReport]:
        return _publish(trenz, item, ctx, options)

    return await run_flows(
        items,
        flow,
        journal=journal,
        limits=limits,
        flow_id=lambda item: item.id,
        on_event=on_event,
        policy=policy,
        retry_failed=retry_failed,
        still_current=_reports_every_target,
    )


def _reports_every_target(item: PublishItem, report: ItemReport) -> bool:
    """Whether a report recorded earlier still stands for ``item``: it has a line for each of
    the item's targets (a target added to the manifest since replays the item)."""
    reported = {target.platform_account_id for target in report.targets}
    return all(target.platform_account_id in reported for target in item.targets)
