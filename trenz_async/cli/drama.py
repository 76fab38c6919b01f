"""``trenz-async drama MANIFEST --journal PATH``: release a short drama, resumably.

MANIFEST is one JSON object (:func:`~trenz_async.workflows.drama.release_from_dict`)::

    {"id": "long-night",
     "album": {"title": "...", "language": 2, "year": 2026, "album_status": 2,
               "desp": "...", "drama_type": 2, "tag_list": [101], "seq_num": 40},
     "cover_url": "https://.../poster.jpg",
     "space_name": "shortdrama-sg", "byteplus_account_id": "333234234",
     "priority_score": 2,
     "episodes": [{"title": "Episode 1", "seq": 1, "url": "https://.../ep1.mp4",
                   "cover_url": "https://.../ep1.jpg",
                   "subtitles": [{"language": "en", "url": "https://.../ep1.srt"}]}]}

(``id`` names the release in the journal: without it, the release the journal already holds,
else the manifest's file name without its suffix, so a renamed manifest still resumes its
journal's release; ``priority_score``,
``seq_num``, ``tag_list``, an episode's ``cover_url`` and ``subtitles`` are optional). It is
checked whole first: every bad field is named and nothing is sent (exit 2); so is a manifest
changed since its release ended in this journal (a finished release is final). The report is one
JSON line: ``id``, ``status`` (``released``, ``rejected``, ``failed``, ``incomplete``),
``album_id``, ``version``, ``review_id``, ``review_status``, ``online_version``, ``error``.
Exit status: 0 released, 1 rejected, failed or incomplete (rerun to resume), 2 bad usage or a
bad manifest, 130 interrupted (rerun to resume). Credentials: ``TIKTOK_CLIENT_KEY``,
``TIKTOK_CLIENT_SECRET``, and ``TIKTOK_BASE_URL`` for another host.
"""

from __future__ import annotations

import contextlib
import json
import sys
import threading
from pathlib import Path
from typing import Any, TextIO

import anyio
import attrs

from trenz_async.cli.errors import UsageError
from trenz_async.cli.job_files import check_job_files
from trenz_async.cli.progress import make_progress
from trenz_async.cli.publish import INTERRUPTED, _cancel_on_signal
from trenz_async.cli.report import write_report
from trenz_async.clients import TikTokClient
from trenz_async.errors import ConfigurationError
from trenz_async.polling import PollPolicy
from trenz_async.workflows.drama import (
    DramaOptions,
    DramaRelease,
    drama_many,
    release_details,
    release_from_dict,
)
from trenz_async.workflows.journal import Journal, JournalError
from trenz_async.workflows.runner import FlowEvent, ItemReport, Limits

__all__ = ["DramaCommand", "run_drama"]

REPORT_KEYS = (
    "id",
    "status",
    "album_id",
    "version",
    "review_id",
    "review_status",
    "online_version",
    "error",
)


@attrs.frozen
class DramaCommand:
    """The command's arguments, checked."""

    manifest: Path
    journal: Path
    report: Path
    poll_interval: float | None = None
    rate_limit: int = 600
    retry_failed: bool = False

    def __attrs_post_init__(self) -> None:
        if self.poll_interval is not None and not self.poll_interval > 0:
            raise UsageError(f"--poll-interval: must be above 0, not {self.poll_interval}")
        if self.rate_limit < 0:
            raise UsageError(f"--rate-limit: must be 0 (off) or more, not {self.rate_limit}")
        check_job_files(self.manifest, self.journal, self.report)


def read_release(path: Path) -> tuple[DramaRelease, bool]:
    """The manifest's release, and whether the manifest names its ``id``; a bad manifest
    raises :class:`UsageError` naming every field."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"MANIFEST: cannot read {path}: {error}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        raise UsageError(f"{path}: not JSON ({error.msg} at {where}), nothing was sent") from None
    release, problems = release_from_dict(data, default_id=path.stem)
    if release is None:
        head = f"{path}: {len(problems)} bad field{'s' * (len(problems) != 1)}, nothing was sent"
        raise UsageError("\n".join([head, *(f"{path}: {p}" for p in problems)]))
    return release, isinstance(data, dict) and "id" in data


async def _check_manifest(journal: Journal, release: DramaRelease) -> None:
    """Refuse a manifest changed since its release ended (released, or rejected): a rerun
    would change nothing and say so with exit 0. The journal keeps the manifest each run
    starts from; a release still under way (or failed) takes the changes."""
    name = f"drama:{release.id}"
    now = json.loads(json.dumps(attrs.asdict(release), default=str))
    recorded = await journal.setting(name)
    flow = await journal.flow(release.id)
    status = (flow.report or {}).get("status") if flow is not None else None
    ended = flow is not None and flow.status == "done" and status != "failed"
    if recorded is not None and recorded != now and ended:
        changed = _changed(recorded, now)
        raise UsageError(
            f"MANIFEST: {', '.join(changed)} changed since release {release.id!r} ended "
            f"{status}; a rerun does not change a finished release (nothing was sent)"
        )
    if recorded != now:
        await journal.set_setting(name, now)


def _changed(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The fields that differ, the album's by name (``album.desp``)."""
    changed = []
    for key in dict.fromkeys([*before, *after]):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if key == "album" and isinstance(old, dict) and isinstance(new, dict):
            keys = dict.fromkeys([*old, *new])
            changed += [f"album.{k}" for k in keys if old.get(k) != new.get(k)]
        else:
            changed.append(key)
    return changed


async def _journal_release(journal: Journal, release: DramaRelease) -> DramaRelease:
    """``release`` named as the one release the journal holds (for a manifest without an
    ``id``, renamed since): else a rerun would start a second play."""
    held = [flow.flow_id for flow in await journal.flows()]
    if len(held) == 1 and held[0] != release.id:
        return attrs.evolve(release, id=held[0])
    return release


async def run_drama(command: DramaCommand, out: TextIO | None = None) -> int:
    """Run the command; return its exit status (bad usage raises :class:`UsageError`)."""
    out = out or sys.stdout
    release, named = read_release(command.manifest)
    resumed = " (resuming)" if command.journal.exists() else ""
    try:
        client = TikTokClient(rate_limit_per_minute=command.rate_limit or None)
    except ConfigurationError as error:
        raise UsageError(str(error)) from None
    try:
        journal = await Journal.open(command.journal)
    except JournalError as error:
        await client.close()
        raise UsageError(f"--journal: {error}") from None
    async with client, journal:
        if not named:
            release = await _journal_release(journal, release)
        await _check_manifest(journal, release)
        out.write(
            f"Releasing {release.id!r}: {len(release.episodes)} episodes{resumed}\n"
            f"  journal {command.journal}\n"
        )
        out.flush()
        report = await _run(client, journal, release, command, out)
        if report is None:
            out.write("Interrupted: the journal is consistent; rerun the same command to resume.\n")
            return INTERRUPTED
        row = {"id": release.id, "status": report.status, "error": report.error}
        row.update(await release_details(journal, release.id))
    write_report(command.report, [report_row(row)])
    out.write(f"\n{release.id}: {report.status}")
    if row.get("album_id"):
        out.write(f" (play {row['album_id']}, version {row.get('version')})")
    out.write(f"\nreport: {command.report}\n")
    if report.error:
        out.write(f"  {report.error}\n")
    if not report.finished:
        out.write("Stopped on an error a rerun may fix: rerun the same command to resume.\n")
    return 0 if report.status == "released" else 1


async def _run(
    client: TikTokClient,
    journal: Journal,
    release: DramaRelease,
    command: DramaCommand,
    out: TextIO,
) -> ItemReport | None:
    """``drama_many`` with one line per finished step; cancelled by SIGINT/SIGTERM (None)."""
    options: DramaOptions = {}
    if command.poll_interval is not None:
        every = command.poll_interval
        policy = PollPolicy(interval=every, jitter=0.0, backoff=1.0, max_interval=every)
        options = {"poll_policy": policy, "moderation_policy": policy}

    # a bar on a terminal (rich with the cli extra); one line per finished step otherwise
    progress = make_progress(out) if out.isatty() else None

    def on_event(event: FlowEvent) -> None:
        if event.step is None or event.state not in ("done", "skipped", "failed"):
            return
        if progress is not None:
            progress.advance("steps")
            return
        detail = f": {event.detail}" if event.detail else ""
        out.write(f"  {event.step} {event.state}{detail}\n")
        out.flush()

    reports: list[ItemReport] = []
    caught: list[int] = []
    with progress or contextlib.nullcontext():
        if progress is not None:
            progress.add("steps", step_count(release))
        async with anyio.create_task_group() as group:
            if threading.current_thread() is threading.main_thread():
                group.start_soon(_cancel_on_signal, group.cancel_scope, caught)
            reports = await drama_many(
                client,
                [release],
                journal=journal,
                limits=Limits(),
                on_event=on_event,
                retry_failed=command.retry_failed,
                **options,
            )
            group.cancel_scope.cancel()
    return None if caught or not reports else reports[0]


def step_count(release: DramaRelease) -> int:
    """How many steps the release records: cover, album, update, review, moderation, online
    and list; per episode its upload and wait (and its own cover); per subtitle three."""
    episodes = release.episodes
    own_covers = sum(1 for episode in episodes if episode.cover_url)
    subtitles = sum(len(episode.subtitles) for episode in episodes)
    return 7 + own_covers + 2 * len(episodes) + 3 * subtitles


def report_row(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` restricted to the report's keys, in order."""
    return {key: data.get(key) for key in REPORT_KEYS}
