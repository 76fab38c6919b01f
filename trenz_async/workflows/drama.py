"""The short-drama flow: episodes, cover and subtitles to an approved, online, listed play.

Per :class:`DramaRelease`, recorded step by step in the journal (a rerun skips what is done):

=======================  ==============================================================
step                     what it does
=======================  ==============================================================
``cover``                ``images.create`` for the album cover (``cover:<seq>`` for an
                         episode's own ``cover_url``). Sending it twice only makes a
                         second, unused ``open_pic_id``: an idempotent step
``video:<seq>``          ``videos.upload`` (a write step): the ``job_id`` is recorded as
                         soon as the answer arrives. The service cannot be asked about an
                         upload whose answer was lost (a job is found by ``vid`` only
                         once it succeeded), so such an upload is sent again: the
                         duplicate is an unused BytePlus video, never a second episode
``wait:<seq>:<job>``     the upload job polled until it has its ``vid``; a job that failed
                         records ``video:<seq>`` failed too: a rerun uploads again once the
                         episode's ``url`` is fixed (or with ``retry_failed``), and waits
                         for that new job
``album``                ``albums.create`` (a write step). A lost answer is sent again:
                         the first play stays empty and unused (harmless, never listed)
``update``               ``albums.update`` naming the current version, with the album
                         information, the cover and every episode. A refusal (400 or 409,
                         any code) is re-read (``albums.get``): when the play moved past the
                         version sent (someone else edited it), the update is retried with
                         the current version, twice at most; otherwise it stands. A lost
                         answer is reconciled by ``albums.get``: a version holding every
                         episode's ``vid`` under our title is the update
``subtitle:<seq>:<l>``   ``subtitles.upload`` (a write step; a lost answer is sent again:
                         an unused subtitle file at worst), ``subtitled:<seq>:<l>:<job>``
                         waits for its ``subtitle_id`` (a failed job as for videos),
                         ``bind:<seq>:<l>`` binds it to the video (binding again is harmless)
``review``               ``albums.submit_review`` of the updated version (a write step): a
                         lost answer is reconciled by ``albums.get``: a ``review_status``
                         other than not submitted / withdrawn means it was submitted
``moderation``           ``albums.get`` polled (:func:`~trenz_async.polling.wait_until`)
                         until the version is approved or rejected ("not submitted" is
                         waited out for :data:`SUBMIT_GRACE` seconds: it may show late)
``online``, ``list``     ``albums.set_online_version`` and ``albums.status(1)`` (both
                         idempotent)
=======================  ==============================================================

The item's report (:class:`~trenz_async.workflows.runner.ItemReport`, no targets) has
``status``:

* ``released``: approved, online and listed;
* ``rejected``: moderation rejected the version; ``error`` says which version of which play
  (the flow ends there: edit the play and release again, or appeal);
* ``failed``: a step failed for a reason retrying cannot fix (a refused argument, a failed
  upload job, a withdrawn review); ``error`` says which;
* ``incomplete``: stopped on an error a rerun may fix (the service down past the retries,
  bad credentials, a wait that timed out): a rerun with the same journal resumes it.

:func:`release_details` reads the play's id, version and review id back from the journal.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Final, TypedDict, TypeVar, Unpack

import anyio

from trenz_async.clients import TikTokClient
from trenz_async.errors import (
    APIError,
    OperationFailedError,
    ResponseDecodeError,
    UploadFailedError,
    ValidationError,
)
from trenz_async.models.shortdrama import (
    APPROVED_STATUSES,
    Album,
    ReviewStatus,
)
from trenz_async.polling import Outcome, PollPolicy, wait_until
from trenz_async.resources.shortdrama._base import JobState, UploadJob
from trenz_async.workflows.drama_release import (
    DramaEpisode,
    DramaRelease,
    DramaSubtitle,
    release_details,
    release_from_dict,
)
from trenz_async.workflows.journal import Journal
from trenz_async.workflows.runner import (
    INCOMPLETE,
    FlowContext,
    FlowEvent,
    ItemReport,
    Limits,
    StepPolicy,
    describe,
    failure_kind,
    run_flows,
)

__all__ = [
    "DRAMA_STATUSES",
    "DramaEpisode",
    "DramaOptions",
    "DramaRelease",
    "DramaSubtitle",
    "drama_flow",
    "drama_many",
    "release_details",
    "release_from_dict",
]

T = TypeVar("T")
S = TypeVar("S", bound=JobState)
DRAMA_STATUSES: Final = ("released", "rejected", "failed", INCOMPLETE)
"""The statuses of a drama release's report."""
STALE_RETRIES: Final = 2
"""How many times an update refused for a stale version is re-read and retried."""
MODERATION_POLLS: Final = PollPolicy(interval=10.0, jitter=2.0, backoff=1.5, max_interval=900.0)
"""Moderation takes 1-3 working days: a first poll after 10 s (a quick decision is seen at
once), then growing 1.5x a poll to every 15 minutes at most."""
SUBMIT_GRACE: Final = 120.0
"""Seconds a version may still read "not submitted" after its submission before the wait
gives up on it (the service may show a submission a moment late)."""
_PENDING = {ReviewStatus.UNDER_REVIEW, ReviewStatus.APPEALING}
_REJECTED = {ReviewStatus.REJECTED, ReviewStatus.APPEAL_REJECTED}
_NOT_SUBMITTED = {None, ReviewStatus.NOT_SUBMITTED, ReviewStatus.WITHDRAWN}


class DramaOptions(TypedDict, total=False):
    """Options of :func:`drama_flow` that :func:`drama_many` passes on."""

    upload_timeout: float | None
    moderation_timeout: float | None
    poll_policy: PollPolicy | None
    moderation_policy: PollPolicy | None


class _Release:
    """One release's steps."""

    def __init__(
        self, tiktok: TikTokClient, release: DramaRelease, ctx: FlowContext, options: DramaOptions
    ) -> None:
        self.drama = tiktok.shortdrama
        self.release = release
        self.ctx = ctx
        self.options = options
        self.account = release.byteplus_account_id

    async def run(self) -> ItemReport:
        release, ctx, albums = self.release, self.ctx, self.drama.albums
        cover = await ctx.step("cover", lambda: self._image(release.cover_url))
        covers = {e.seq: cover["open_pic_id"] for e in release.episodes}
        for episode in release.episodes:
            if episode.cover_url:
                own = await ctx.step(f"cover:{episode.seq}", self._image_of(episode.cover_url))
                covers[episode.seq] = own["open_pic_id"]
        vids: dict[int, str] = {}
        await _each(release.episodes, lambda e: self._video(e, vids))
        album = await ctx.write_step("album", {}, self._create, None)
        album_id = str(album["album_id"])
        intent = {
            "album_id": album_id,
            "version": int(album.get("version") or 1),
            "album_info": release.album_info(cover["open_pic_id"]),
            "episodes": [
                {
                    "title": e.title,
                    "seq": e.seq,
                    "cover_list": [covers[e.seq]],
                    "byteplus_vid": vids[e.seq],
                }
                for e in sorted(release.episodes, key=lambda e: e.seq)
            ],
        }
        updated = await ctx.write_step(
            "update", intent, lambda: self._update(intent), self._find_update
        )
        version = int(updated["version"])
        subtitles = [(e, s) for e in release.episodes for s in e.subtitles]
        await _each(subtitles, lambda pair: self._subtitle(*pair, vids[pair[0].seq]))
        review: dict[str, Any] = {"album_id": album_id, "version": version}
        if release.priority_score is not None:
            review["priority_score"] = release.priority_score
        await ctx.write_step("review", review, lambda: self._submit(review), self._find_review)
        decided = await ctx.step("moderation", lambda: self._moderation(album_id, version))
        if decided["status"] == "rejected":
            why = (
                f"moderation rejected version {version} of play {album_id} "
                f"(review_status {decided['review_status']} {decided['review']})"
            )
            return ItemReport(release.id, "rejected", [], why)

        async def online() -> dict[str, Any]:
            done = await albums.set_online_version(album_id=album_id, version=version)
            return {"online_version": done.online_version}

        async def listed() -> dict[str, Any]:
            done = await albums.status(album_id=album_id, status=1)
            return {"status": done.status}

        await ctx.step("online", online)
        await ctx.step("list", listed)
        return ItemReport(release.id, "released", [], None)

    def _image_of(self, url: str) -> Callable[[], Awaitable[dict[str, Any]]]:
        return lambda: self._image(url)

    async def _image(self, url: str) -> dict[str, Any]:
        image = await self.drama.images.create(image_url=url)
        return {"open_pic_id": image.open_pic_id, "tiktok_pic_url": image.tiktok_pic_url}

    async def _video(self, episode: DramaEpisode, vids: dict[int, str]) -> None:
        intent = {
            "url": episode.url,
            "title": episode.title,
            "space_name": self.release.space_name,
            "byteplus_account_id": self.account,
        }

        async def send() -> dict[str, Any]:
            job = await self.drama.videos.upload(
                url=episode.url,
                title=episode.title,
                space_name=self.release.space_name,
                byteplus_account_id=self.account,
            )
            return {"job_id": job.job_id, "vid": job.vid}

        async with self.ctx.limit("byteplus", self.account):
            started = await self.ctx.write_step(f"video:{episode.seq}", intent, send, None)

        async def wait() -> dict[str, Any]:
            if not started.get("job_id"):  # done at once: the answer carried the vid
                return {"vid": started["vid"], "byteplus_url": None}
            job = self.drama.videos.job(job_id=started["job_id"], byteplus_account_id=self.account)
            video = await self._finished(job, f"video:{episode.seq}")
            vid = video.vid or started.get("vid")  # else the upload answer's byteplus_vid
            if not vid:  # never recorded without the id the episodes take
                raise ResponseDecodeError(f"video job {job.job_id} succeeded without a vid")
            return {"vid": vid, "byteplus_url": video.byteplus_url}

        done = await self.ctx.step(_job_step(f"wait:{episode.seq}", started), wait)
        vids[episode.seq] = str(done["vid"])

    async def _finished(self, job: UploadJob[Any, S], upload: str) -> S:
        """The upload ``job``'s final state; a failed job made nothing, so its ``upload``
        step is recorded failed too: a rerun uploads again once fixed (or retried)."""
        try:
            return await job.wait(
                timeout=self.options.get("upload_timeout", 600.0),
                policy=self.options.get("poll_policy"),
            )
        except UploadFailedError as error:
            await self.ctx.fail(upload, error)
            raise

    async def _create(self) -> dict[str, Any]:
        created = await self.drama.albums.create()
        return {"album_id": created.album_id, "version": created.version}

    async def _update(self, intent: dict[str, Any]) -> dict[str, Any]:
        albums = self.drama.albums
        version = int(intent["version"])
        episodes: list[dict[str, Any]] = intent["episodes"]
        stale: list[int] = []
        while True:
            try:
                updated = await albums.update(
                    album_id=intent["album_id"],
                    version=version,
                    album_info=intent["album_info"],
                    episode_info_list=episodes,
                )
            except (APIError, ValidationError) as error:
                if len(stale) >= STALE_RETRIES or not _maybe_stale(error):
                    raise
                album = await albums.get(album_id=intent["album_id"])
                if album.latest_version is None or album.latest_version <= version:
                    raise
                stale.append(version)
                version = album.latest_version
                episodes = await self._onto(intent["album_id"], version, intent["episodes"])
                continue
            return {
                "album_id": intent["album_id"],
                "version": updated.version,
                "episode_ids": updated.episode_ids,
                "stale_versions": stale,
            }

    async def _onto(
        self, album_id: str, version: int, episodes: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        """``episodes`` as changes to the ones ``version`` already has at the same ``seq``
        (naming their ``episode_id``): sent as new, they would be added a second time."""
        album = await self.drama.albums.get(album_id=album_id, version=version)
        entry = album.version(version)
        ids = {e.seq: e.episode_id for e in (entry.episodes if entry else ()) if e.episode_id}
        return [{**e, "episode_id": ids[e["seq"]]} if e["seq"] in ids else e for e in episodes]

    async def _find_update(self, intent: dict[str, Any]) -> dict[str, Any] | None:
        """The version an update whose answer was lost wrote (None: it did not happen)."""
        album = await self.drama.albums.get(album_id=intent["album_id"])
        ours = {e["byteplus_vid"] for e in intent["episodes"]}
        title = intent["album_info"].get("title")
        for entry in sorted(album.album_version_list or (), key=lambda v: v.version or 0):
            vids = {e.byteplus_vid for e in entry.episode_info_list or ()}
            if ours <= vids and (entry.album_info is None or entry.album_info.title == title):
                found = {"album_id": intent["album_id"], "version": entry.version}
                return {**found, "reconciled": True}
        return None

    async def _subtitle(self, episode: DramaEpisode, subtitle: DramaSubtitle, vid: str) -> None:
        name = f"{episode.seq}:{subtitle.language}"
        intent = {
            "subtitle_url": subtitle.url,
            "language": subtitle.language,
            "space_name": self.release.space_name,
            "byteplus_account_id": self.account,
        }

        async def send() -> dict[str, Any]:
            job = await self.drama.subtitles.upload(
                subtitle_url=subtitle.url,
                language=subtitle.language,
                space_name=self.release.space_name,
                byteplus_account_id=self.account,
            )
            return {"job_id": job.job_id}

        async with self.ctx.limit("byteplus", self.account):
            started = await self.ctx.write_step(f"subtitle:{name}", intent, send, None)

        async def wait() -> dict[str, Any]:
            job = self.drama.subtitles.job(
                job_id=started["job_id"], byteplus_account_id=self.account
            )
            done = await self._finished(job, f"subtitle:{name}")
            if not done.subtitle_id:  # never recorded without the id bind needs
                raise ResponseDecodeError(f"subtitle job {job.job_id} succeeded without an id")
            return {"subtitle_id": done.subtitle_id}

        processed = await self.ctx.step(_job_step(f"subtitled:{name}", started), wait)

        async def bind() -> dict[str, Any]:
            bound = await self.drama.subtitles.bind(vid=vid, subtitle_id=processed["subtitle_id"])
            return {"vid": bound.vid, "subtitle_id": bound.subtitle_id}

        await self.ctx.step(f"bind:{name}", bind)

    async def _submit(self, review: dict[str, Any]) -> dict[str, Any]:
        """Submit the version; one refused while it is already under review (a submission
        whose answer was lost, showing late) counts as that submission."""
        try:
            submitted = await self.drama.albums.submit_review(**review)
        except APIError as error:
            if not (error.status and 400 <= error.status < 500):
                raise
            found = await self._find_review(review)
            if found is None:
                raise
            return found
        return {"review_id": submitted.review_id, "version": review["version"]}

    async def _find_review(self, review: dict[str, Any]) -> dict[str, Any] | None:
        """A submission whose answer was lost happened if the version's review moved on."""
        album = await self.drama.albums.get(album_id=review["album_id"], version=review["version"])
        entry = album.version(review["version"])
        if entry is None or entry.review in _NOT_SUBMITTED:
            return None
        return {"review_id": None, "version": review["version"], "reconciled": True}

    async def _moderation(self, album_id: str, version: int) -> dict[str, Any]:
        since = time.monotonic()

        def classify(album: Album) -> tuple[Outcome, str]:
            entry = album.version(version)
            status = entry.review if entry is not None else None
            text = status.name.lower().replace("_", " ") if status is not None else "unknown"
            if status in APPROVED_STATUSES or status in _REJECTED:
                return Outcome.DONE, text
            if status in _PENDING:
                return Outcome.PENDING, text
            if status in (None, ReviewStatus.NOT_SUBMITTED) and (
                time.monotonic() - since < SUBMIT_GRACE
            ):
                return Outcome.PENDING, text  # the submission may not show yet
            return Outcome.FAILED, text

        def fail(_: Album, text: str) -> OperationFailedError:
            return OperationFailedError(
                f"version {version} of play {album_id} is {text}: it is not under moderation"
            )

        album = await wait_until(
            lambda: self.drama.albums.get(album_id=album_id, version=version),
            classify,
            what=f"moderation of version {version} of play {album_id}",
            fail=fail,
            timeout=self.options.get("moderation_timeout"),
            policy=self.options.get("moderation_policy") or MODERATION_POLLS,
        )
        entry = album.version(version)
        assert entry is not None  # DONE implies both
        assert entry.review is not None
        status = "approved" if entry.review in APPROVED_STATUSES else "rejected"
        review = entry.review.name.lower().replace("_", " ")
        return {"status": status, "review_status": int(entry.review), "review": review}


def _job_step(name: str, started: dict[str, Any]) -> str:
    """The wait step of the upload ``started`` (its recorded answer): named after its job, so
    the job of an upload sent again (the first one failed) is waited for afresh."""
    job_id = started.get("job_id")
    return f"{name}:{job_id}" if job_id else name


def _maybe_stale(error: APIError | ValidationError) -> bool:
    """A refusal that may be for a stale version: the client's own guard, or any 400 / 409
    from the service (the seed names no code for it; a re-read decides)."""
    if isinstance(error, ValidationError):
        return error.field == "version" and "stale" in error.rule
    return error.status in (400, 409)


async def _each(items: Sequence[T], run: Callable[[T], Awaitable[None]]) -> None:
    """``run(item)`` for every item side by side; the first error is raised once all ended
    (one failing never cancels the others' writes half way)."""
    errors: list[Exception] = []

    async def one(item: T) -> None:
        try:
            await run(item)
        except Exception as error:
            errors.append(error)

    async with anyio.create_task_group() as group:
        for item in items:
            group.start_soon(one, item)
    if errors:
        raise errors[0]


async def drama_flow(
    tiktok: TikTokClient,
    release: DramaRelease,
    ctx: FlowContext,
    **options: Unpack[DramaOptions],
) -> ItemReport:
    """Release ``release`` (see the module docstring); return its report.

    ``upload_timeout`` bounds each upload job's wait (seconds, None for none; 600 by
    default), ``moderation_timeout`` the wait for moderation (None by default: it takes 1-3
    working days); ``poll_policy`` paces job polls, ``moderation_policy`` moderation polls
    (:data:`MODERATION_POLLS` by default). Errors end up in the report, never raised.
    """
    try:
        return await _Release(tiktok, release, ctx, options).run()
    except Exception as error:
        status = "failed" if failure_kind(error) == "final" else INCOMPLETE
        return ItemReport(release.id, status, [], describe(error))


async def drama_many(
    tiktok: TikTokClient,
    releases: Sequence[DramaRelease],
    *,
    journal: Journal,
    limits: Limits | None = None,
    on_event: Callable[[FlowEvent], object] | None = None,
    policy: StepPolicy | None = None,
    retry_failed: bool = False,
    **options: Unpack[DramaOptions],
) -> list[ItemReport]:
    """Run :func:`drama_flow` for every release under ``limits`` (one report each, in
    order); a release done in the journal is skipped with its recorded report (a failed one
    replays, and ``retry_failed`` runs again what was refused for good: see
    :func:`~trenz_async.workflows.run_flows`)."""

    async def flow(release: DramaRelease, ctx: FlowContext) -> ItemReport:
        return await drama_flow(tiktok, release, ctx, **options)

    return await run_flows(
        releases,
        flow,
        journal=journal,
        limits=limits or Limits(),
        flow_id=lambda release: release.id,
        on_event=on_event,
        policy=policy,
        retry_failed=retry_failed,
    )
