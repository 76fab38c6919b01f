"""The short-drama release flow over real HTTP against the simulator (its clock moved by a
background task: upload jobs finish and moderation decides in simulated working days)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import pytest

from tests.helpers import answer_with
from tests.shortdrama.support import ACCOUNT, MONDAY, SPACE, tiktok_client, upload_video
from tests.workflows.conftest import advancing
from trenz_async import TikTokClient
from trenz_async.polling import PollPolicy
from trenz_async.testing import FaultRule, Simulator
from trenz_async.workflows.drama import (
    DramaRelease,
    drama_many,
    release_details,
    release_from_dict,
)
from trenz_async.workflows.journal import Journal
from trenz_async.workflows.runner import FlowEvent, ItemReport, StepPolicy

pytestmark = pytest.mark.anyio
FAST = PollPolicy(interval=0.01, jitter=0.0, backoff=1.0, max_interval=0.01)
POLICY = StepPolicy(attempts=3, base=0.01, max_wait=0.05, reconcile_delay=0.05)
MONTH = 30 * 86_400
ALBUM = {
    "language": 2,
    "title": "The Long Night",
    "year": 2026,
    "album_status": 2,
    "desp": "a short drama",
    "drama_type": 2,
    "tag_list": [101],
}


def manifest(title: str = "The Long Night", episodes: int = 2) -> dict[str, Any]:
    """A release's JSON: ``episodes`` episodes, English subtitles on each."""
    return {
        "id": "long-night",
        "album": {**ALBUM, "title": title},
        "cover_url": "https://cdn.example.com/poster.jpg",
        "space_name": SPACE,
        "byteplus_account_id": ACCOUNT,
        "episodes": [
            {
                "title": f"Episode {n}",
                "seq": n,
                "url": f"https://media.example.com/ep{n}.mp4",
                "subtitles": [{"language": "en", "url": f"https://media.example.com/ep{n}.srt"}],
            }
            for n in range(1, episodes + 1)
        ],
    }


def release(**options: Any) -> DramaRelease:
    found, problems = release_from_dict(manifest(**options))
    assert found is not None, problems
    return found


@pytest.fixture
def credentials(trenz_simulator: Simulator) -> tuple[str, str]:
    """A short-drama app whose tokens live a month of simulator time (the clock races through
    days of moderation; a test expires them on purpose); the clock starts on a Monday."""
    trenz_simulator.clock.set(MONDAY)
    return trenz_simulator.create_tiktok_client(rate_limit_per_minute=None, token_lifetime=MONTH)


@pytest.fixture
async def tiktok(
    trenz_simulator: Simulator, credentials: tuple[str, str]
) -> AsyncIterator[TikTokClient]:
    """The flow's client of that app."""
    async with tiktok_client(trenz_simulator, *credentials) as client:
        yield client


async def run(
    sim: Simulator,
    tiktok: TikTokClient,
    journal_path: Path,
    item: DramaRelease,
    on_event: Callable[[FlowEvent], Awaitable[None] | None] | None = None,
    *,
    retry_failed: bool = False,
) -> ItemReport:
    async with await Journal.open(journal_path) as journal, advancing(sim, step=900.0):
        reports = await drama_many(
            tiktok,
            [item],
            journal=journal,
            on_event=on_event,
            policy=POLICY,
            poll_policy=FAST,
            moderation_policy=FAST,
            upload_timeout=10,
            moderation_timeout=10,
            retry_failed=retry_failed,
        )
    assert len(reports) == 1
    return reports[0]


async def details(path: Path, release_id: str = "long-night") -> dict[str, Any]:
    async with await Journal.open(path, shared=True) as journal:
        return await release_details(journal, release_id)


async def test_a_release_goes_online_and_a_rerun_sends_nothing(
    trenz_simulator: Simulator, tiktok: TikTokClient, tmp_path: Path
) -> None:
    sim, path = trenz_simulator, tmp_path / "drama.journal"
    report = await run(sim, tiktok, path, release())
    assert (report.status, report.error) == ("released", None)
    counters = sim.drama_counters
    assert (counters["images"], counters["videos"], counters["subtitles"]) == (1, 2, 2)
    assert (counters["albums_created"], counters["album_updates"]) == (1, 1)
    assert (counters["subtitle_binds"], counters["reviews_submitted"]) == (2, 1)
    assert (counters["online_versions_set"], counters["listing_changes"]) == (1, 1)
    found = await details(path)
    assert found["version"] == 1
    assert found["online_version"] == 1
    album = await tiktok.shortdrama.albums.get(album_id=found["album_id"], version=1)
    assert album.online_version == 1
    entry = album.version(1)
    assert entry is not None
    assert entry.approved
    assert [e.title for e in entry.episodes] == ["Episode 1", "Episode 2"]

    requests = len(sim.journal)
    again = await run(sim, tiktok, path, release())
    assert again == report
    assert sim.drama_counters == counters
    assert len(sim.journal) == requests  # not even a read


async def test_a_token_expired_mid_release_is_refreshed(
    trenz_simulator: Simulator, tiktok: TikTokClient, tmp_path: Path
) -> None:
    sim = trenz_simulator
    expired: list[str] = []

    def expire(event: FlowEvent) -> None:
        if event.state == "done" and event.step in ("album", "review"):
            sim.expire_tiktok_tokens()
            expired.append(event.step)

    before = sim.tiktok_token_requests
    report = await run(sim, tiktok, tmp_path / "drama.journal", release(), expire)
    assert (report.status, report.error) == ("released", None)
    assert expired == ["album", "review"]
    assert sim.tiktok_token_requests - before == 3  # the first token and two refreshes
    counters = sim.drama_counters
    assert (counters["albums_created"], counters["album_updates"]) == (1, 1)
    assert counters["reviews_submitted"] == 1


UPDATE = "POST /v2/sg/shortdrama/album/update/"


def meddler(
    sim: Simulator,
    credentials: tuple[str, str],
    path: Path,
    then: FaultRule | None = None,
    *,
    episode: bool = False,
) -> Callable[[FlowEvent], Awaitable[None]]:
    """An ``on_event`` by which another client of the same app edits the play between its
    creation and the flow's update (to version 2; with an episode 1 of its own when
    ``episode``), then arms ``then``."""

    async def meddle(event: FlowEvent) -> None:
        if (event.step, event.state) != ("album", "done"):
            return
        # a second reader of the journal: the album's record is queued at this event and
        # durable once its commit (which it asks for at once) has run
        album_id = None
        for _ in range(500):
            album_id = (await details(path)).get("album_id")
            if album_id is not None:
                break
            await anyio.sleep(0.01)
        async with tiktok_client(sim, *credentials) as other:
            pic = await other.shortdrama.images.create(image_url="https://cdn.example.com/x.jpg")
            info = {**ALBUM, "title": "Draft", "seq_num": 40, "cover_list": [pic.open_pic_id]}
            albums = other.shortdrama.albums
            theirs = []
            if episode:
                vid = (await upload_video(other, sim, "their_episode")).vid
                theirs = [
                    {
                        "title": "Theirs",
                        "seq": 1,
                        "cover_list": [pic.open_pic_id],
                        "byteplus_vid": vid,
                    }
                ]
            await albums.update(album_id=album_id, album_info=info, episode_info_list=theirs)
            await albums.update(
                album_id=album_id, version=1, album_info={"desp": "edited"}, episode_info_list=[]
            )
        if then is not None:
            sim.add_fault(then)

    return meddle


async def test_a_stale_version_is_read_again_and_the_update_succeeds(
    trenz_simulator: Simulator,
    tiktok: TikTokClient,
    credentials: tuple[str, str],
    tmp_path: Path,
) -> None:
    """Another client of the same app edits the play between its creation and the flow's
    update: the flow's update names version 1, is refused as stale, reads version 2 and
    writes version 3."""
    sim, path = trenz_simulator, tmp_path / "drama.journal"
    report = await run(sim, tiktok, path, release(), meddler(sim, credentials, path))
    assert (report.status, report.error) == ("released", None)
    async with await Journal.open(path) as journal:
        update = await journal.get("long-night", "update")
    assert update is not None
    assert update.result is not None
    assert update.result["stale_versions"] == [1]
    assert update.result["version"] == 3
    found = await details(path)
    assert (found["version"], found["online_version"]) == (3, 3)
    assert sim.drama_counters["album_updates"] == 3  # two behind the flow's back, one its own
    album = await tiktok.shortdrama.albums.get(album_id=found["album_id"], version=3)
    entry = album.version(3)
    assert entry is not None
    assert entry.album_info is not None
    assert entry.album_info.title == "The Long Night"
    assert [e.title for e in entry.episodes] == ["Episode 1", "Episode 2"]


async def test_after_a_stale_version_an_episode_the_play_has_at_a_seq_is_changed_not_added(
    trenz_simulator: Simulator,
    tiktok: TikTokClient,
    credentials: tuple[str, str],
    tmp_path: Path,
) -> None:
    """The other editor's version already has an episode 1: the retried update changes it
    (naming its episode_id) instead of adding a second episode 1, which the play refuses."""
    sim, path = trenz_simulator, tmp_path / "drama.journal"
    meddle = meddler(sim, credentials, path, episode=True)
    report = await run(sim, tiktok, path, release(), meddle)
    assert (report.status, report.error) == ("released", None)
    found = await details(path)
    album = await tiktok.shortdrama.albums.get(album_id=found["album_id"], version=3)
    entry = album.version(3)
    assert entry is not None
    assert [(e.seq, e.title) for e in entry.episodes] == [(1, "Episode 1"), (2, "Episode 2")]


async def test_a_conflict_of_any_code_is_read_again_and_retried_when_the_play_moved_on(
    trenz_simulator: Simulator,
    tiktok: TikTokClient,
    credentials: tuple[str, str],
    tmp_path: Path,
) -> None:
    """The seed names no code for a stale version: a 409 with a code of its own still has the
    play re-read, and the update retried on the version it moved on to."""
    sim, path = trenz_simulator, tmp_path / "drama.journal"
    conflict = FaultRule(route=UPDATE, status=409, code="version_conflict", times=1)
    report = await run(sim, tiktok, path, release(), meddler(sim, credentials, path, conflict))
    assert (report.status, report.error) == ("released", None)
    async with await Journal.open(path) as journal:
        update = await journal.get("long-night", "update")
    assert update is not None
    assert update.result is not None
    assert (update.result["stale_versions"], update.result["version"]) == ([1], 3)
    assert sim.drama_counters["album_updates"] == 3  # two behind the flow's back, one its own
    assert sum(1 for e in sim.journal if f"{e.method} {e.path}" == UPDATE) == 4


@pytest.mark.parametrize(("status", "code"), [(400, "invalid_params"), (409, "conflict")])
async def test_a_refusal_stands_when_the_play_has_not_moved_on(
    trenz_simulator: Simulator, tiktok: TikTokClient, tmp_path: Path, status: int, code: str
) -> None:
    """The play re-read is still at the version sent: the refusal was not for a stale
    version, and the update is not sent again."""
    sim, path = trenz_simulator, tmp_path / "drama.journal"
    sim.add_fault(FaultRule(route=UPDATE, status=status, code=code, message="no", times=1))
    report = await run(sim, tiktok, path, release())
    assert report.status == "failed"
    assert report.error is not None
    assert code in report.error
    requests = [f"{e.method} {e.path}" for e in sim.journal]
    assert requests.count(UPDATE) == 1
    assert requests.count("GET /v2/sg/shortdrama/album/query/") == 1
    assert sim.drama_counters["album_updates"] == 0


async def test_a_rejected_review_ends_the_release_with_a_clear_report(
    trenz_simulator: Simulator, tiktok: TikTokClient, tmp_path: Path
) -> None:
    sim, path = trenz_simulator, tmp_path / "drama.journal"
    report = await run(sim, tiktok, path, release(title="Reject me"))
    assert report.status == "rejected"
    found = await details(path)
    assert report.error == (
        f"moderation rejected version 1 of play {found['album_id']} (review_status 3 rejected)"
    )
    assert found["review_status"] == 3
    assert found["online_version"] is None
    counters = sim.drama_counters
    assert (counters["reviews_submitted"], counters["online_versions_set"]) == (1, 0)
    assert counters["listing_changes"] == 0
    again = await run(sim, tiktok, path, release(title="Reject me"))
    assert again == report
    assert sim.drama_counters == counters


@pytest.mark.parametrize(
    "version", [{"version": 1, "review_status": 0}, {"version": 1}], ids=["0", "absent"]
)
async def test_a_submission_that_does_not_show_yet_is_waited_for(
    trenz_simulator: Simulator, tiktok: TikTokClient, tmp_path: Path, version: dict[str, Any]
) -> None:
    # The first moderation poll still reads "not submitted" (the service shows it late), as
    # 0 or with no review_status at all (a producer that leaves zero values out).
    late = {"data": {"album_version_list": [version]}, "error": {"code": "ok", "message": ""}}
    answer_with(trenz_simulator, "GET /v2/sg/shortdrama/album/query/", late)
    report = await run(trenz_simulator, tiktok, tmp_path / "drama.journal", release())
    assert report.status == "released", report.error
    assert trenz_simulator.drama_counters["online_versions_set"] == 1


async def test_a_video_job_done_without_a_vid_is_never_recorded_as_done(
    trenz_simulator: Simulator, tiktok: TikTokClient, tmp_path: Path
) -> None:
    # Query Video's vid has no "required" mark in the seed: a job answered done without one
    # stops the release (a rerun asks again) instead of sending episodes with vid "None".
    done = {"data": {"upload_status": 2}, "error": {"code": "ok", "message": ""}}
    answer_with(trenz_simulator, "GET /v2/sg/shortdrama/video", done, times=None)
    path = tmp_path / "drama.journal"
    report = await run(trenz_simulator, tiktok, path, release())
    assert report.status == "incomplete"
    assert report.error is not None
    assert "without a vid" in report.error
    assert trenz_simulator.drama_counters["album_updates"] == 0
    async with await Journal.open(path) as journal:
        steps = await journal.steps("long-night")
    waits = [step for step in steps if step.step.startswith("wait:1")]
    assert waits  # the wait ran, and was never recorded done
    assert all(step.status != "done" for step in waits)


@pytest.mark.parametrize("cause", ["url fixed", "retry_failed"])
async def test_an_upload_whose_job_failed_is_sent_again_once_fixed_or_retried(
    trenz_simulator: Simulator, tiktok: TikTokClient, tmp_path: Path, cause: str
) -> None:
    """A video job that failed made nothing: the release fails, a rerun as it was sends no
    upload, and a rerun with the episode's url fixed (or ``retry_failed``, the cause fixed
    elsewhere) uploads it again, waits for that new job and releases the play."""
    sim, path = trenz_simulator, tmp_path / "drama.journal"
    first = release()
    if cause == "url fixed":
        broken = manifest()
        broken["episodes"][1]["url"] = "https://media.example.com/ep2-fail.mp4"
        first, problems = release_from_dict(broken)
        assert first is not None, problems
    else:
        sim.fail_next_drama_upload("video")
    report = await run(sim, tiktok, path, first)
    assert report.status == "failed"
    uploads = sim.drama_counters["videos"]
    assert sim.drama_counters["album_updates"] == 0
    again = await run(sim, tiktok, path, first)
    assert (again.status, again.error) == ("failed", report.error)  # as recorded: not sent
    assert sim.drama_counters["videos"] == uploads
    if cause == "url fixed":
        done = await run(sim, tiktok, path, release())
    else:
        done = await run(sim, tiktok, path, first, retry_failed=True)
    assert done.status == "released", done.error
    assert sim.drama_counters["videos"] == uploads + 1
    assert sim.drama_counters["album_updates"] == 1


async def test_a_subtitle_whose_job_failed_is_uploaded_again_with_retry_failed(
    trenz_simulator: Simulator, tiktok: TikTokClient, tmp_path: Path
) -> None:
    sim, path = trenz_simulator, tmp_path / "drama.journal"
    sim.fail_next_drama_upload("subtitle")
    assert (await run(sim, tiktok, path, release())).status == "failed"
    uploads = sim.drama_counters["subtitles"]
    assert (await run(sim, tiktok, path, release())).status == "failed"
    assert sim.drama_counters["subtitles"] == uploads
    done = await run(sim, tiktok, path, release(), retry_failed=True)
    assert done.status == "released", done.error
    assert sim.drama_counters["subtitles"] == uploads + 1


@pytest.mark.parametrize(
    ("route", "step", "counter"),
    [
        ("POST /v2/sg/shortdrama/album/update/", "update", "album_updates"),
        ("POST /v2/sg/shortdrama/album/review/submit/", "review", "reviews_submitted"),
    ],
)
async def test_a_lost_answer_to_an_update_or_a_review_is_looked_up_never_sent_twice(
    trenz_simulator: Simulator,
    tiktok: TikTokClient,
    tmp_path: Path,
    route: str,
    step: str,
    counter: str,
) -> None:
    """The service acts on the write and its answer is lost: the flow reads the album back,
    finds the write done, records it and goes on; the service saw it once."""
    sim, path = trenz_simulator, tmp_path / "drama.journal"
    sim.add_fault(FaultRule(route=route, lose_response=True, times=1))
    states: list[str] = []

    def seen(event: FlowEvent) -> None:
        if event.step == step:
            states.append(event.state)

    report = await run(sim, tiktok, path, release(), seen)
    assert (report.status, report.error) == ("released", None)
    assert states == ["sending", "ambiguous", "reconciling", "reconciled", "done"]
    assert sim.drama_counters[counter] == 1
    assert sum(1 for e in sim.journal if f"{e.method} {e.path}" == route) == 1
    async with await Journal.open(path) as journal:
        record = await journal.get("long-night", step)
    assert record is not None
    assert record.result is not None
    assert record.result["reconciled"] is True
    found = await details(path)
    assert (found["version"], found["online_version"]) == (1, 1)


async def test_a_lost_review_that_shows_late_is_that_review_when_the_resend_is_refused(
    trenz_simulator: Simulator, tiktok: TikTokClient, tmp_path: Path
) -> None:
    """The submission's answer is lost and the lookup still reads "not submitted" (the
    service shows it late), so it is sent again; the service refuses that one (the version
    is under review): a second lookup finds the first submission, and the release goes on."""
    sim, path = trenz_simulator, tmp_path / "drama.journal"
    submit = "POST /v2/sg/shortdrama/album/review/submit/"
    sim.add_fault(FaultRule(route=submit, lose_response=True, times=1))
    version = {"version": 1, "review_status": 0}
    late = {"data": {"album_version_list": [version]}, "error": {"code": "ok", "message": ""}}
    answer_with(sim, "GET /v2/sg/shortdrama/album/query/", late)
    report = await run(sim, tiktok, path, release())
    assert (report.status, report.error) == ("released", None)
    assert sum(1 for e in sim.journal if f"{e.method} {e.path}" == submit) == 2
    assert sim.drama_counters["reviews_submitted"] == 1


def test_a_bad_release_names_every_field_before_anything_is_sent() -> None:
    data = manifest()
    data["cover_url"] = "ftp://nowhere"
    data["album"] = {**ALBUM, "year": 1200, "colour": "red"}
    data["episodes"][1]["seq"] = 1
    data["episodes"][0]["subtitles"][0]["url"] = "not a url"
    found, problems = release_from_dict(data)
    assert found is None
    fields = [problem.split(":")[0] for problem in problems]
    assert "cover_url" in fields
    assert "album.colour" in fields
    assert "album.year" in fields
    assert "episodes[0].subtitles[0].url" in fields
    assert "episodes[1].seq" in fields  # a repeated seq, named beside the other problems
    _, problems = release_from_dict({**manifest(), "episodes": []})
    assert problems == ["episodes: must be a non-empty list of episodes"]


def test_every_bad_album_field_and_every_bad_seq_is_named_at_once() -> None:
    data = manifest(episodes=4)
    bad = {"language": "en", "year": "2026", "album_status": 9, "tag_list": "101", "seq_num": 3}
    data["album"] = {**ALBUM, **bad}
    data["episodes"][1]["seq"] = 1
    data["episodes"][2]["seq"] = 2**70
    _, problems = release_from_dict(data)
    assert problems == [
        "album.language: must be an int between 1 and 9223372036854775807",
        "album.year: must be an int between 1900 and 2100",
        "album.album_status: must be one of 1 (not_launched), 2 (updating), 3 (completed)",
        "album.tag_list: must be a list of int tag ids",
        f"episodes[2].seq: must be a whole number from 1 to {2**63 - 1}",
        "episodes[1].seq: repeats episodes[0].seq (must be unique)",
        "episodes[3].seq: must not exceed album.seq_num (3)",
    ]
