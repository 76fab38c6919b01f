"""``trenz-async drama`` against the in-process simulator: the command runs in a worker thread
(its own event loop, as from a shell) while the test's loop serves the simulator and moves its
clock; TIKTOK_CLIENT_KEY/SECRET/BASE_URL point at it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import anyio.to_thread
import pytest

from tests.shortdrama.support import MONDAY
from tests.workflows.conftest import advancing, read_report
from tests.workflows.test_drama_flow import MONTH, manifest
from trenz_async.cli import main
from trenz_async.cli.drama import step_count
from trenz_async.testing import FaultRule, Simulator
from trenz_async.workflows.drama import release_from_dict

pytestmark = pytest.mark.anyio


@pytest.fixture
def env(trenz_simulator: Simulator, monkeypatch: pytest.MonkeyPatch) -> None:
    trenz_simulator.clock.set(MONDAY)
    key, secret = trenz_simulator.create_tiktok_client(
        rate_limit_per_minute=None, token_lifetime=MONTH
    )
    monkeypatch.setenv("TIKTOK_CLIENT_KEY", key)
    monkeypatch.setenv("TIKTOK_CLIENT_SECRET", secret)
    monkeypatch.setenv("TIKTOK_BASE_URL", trenz_simulator.url)


SUBMIT = "/v2/sg/shortdrama/album/review/submit/"


def write(folder: Path, data: Any) -> Path:
    path = folder / "drama.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


async def cli(sim: Simulator, *argv: str) -> int:
    async with advancing(sim, step=900.0):
        return await anyio.to_thread.run_sync(main, list(argv))


def args(tmp_path: Path, path: Path) -> list[str]:
    journal, report = tmp_path / "drama.journal", tmp_path / "report.jsonl"
    return ["drama", str(path), "--journal", str(journal), "--report", str(report),
            "--poll-interval", "0.01", "--rate-limit", "0"]  # fmt: skip


@pytest.mark.usefixtures("env")
async def test_drama_releases_and_reruns_as_a_no_op(
    trenz_simulator: Simulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, manifest())
    assert await cli(trenz_simulator, *args(tmp_path, path)) == 0
    (row,) = read_report(tmp_path / "report.jsonl")
    assert row["id"] == "long-night"
    assert (row["status"], row["version"], row["online_version"], row["error"]) == (
        "released",
        1,
        1,
        None,
    )
    assert row["album_id"] in {str(a) for a in trenz_simulator.drama_albums}
    counters = trenz_simulator.drama_counters
    assert (counters["albums_created"], counters["videos"], counters["reviews_submitted"]) == (
        1,
        2,
        1,
    )
    out = capsys.readouterr().out
    assert "long-night: released" in out
    # without a terminal, one line per finished step; on one, a bar of step_count() steps
    release, _ = release_from_dict(manifest())
    assert release is not None
    steps = [line for line in out.splitlines() if line.endswith((" done", " skipped"))]
    assert len(steps) == step_count(release)
    assert await cli(trenz_simulator, *args(tmp_path, path)) == 0
    assert trenz_simulator.drama_counters == counters
    assert read_report(tmp_path / "report.jsonl") == [row]


@pytest.mark.usefixtures("env")
async def test_a_renamed_manifest_without_an_id_resumes_the_journals_release(
    trenz_simulator: Simulator, tmp_path: Path
) -> None:
    """Without an ``id``, the release is named after the manifest's file only in a new
    journal: renamed, the manifest still names the journal's release, not a second play."""
    data = {k: v for k, v in manifest().items() if k != "id"}
    path = write(tmp_path, data)
    assert await cli(trenz_simulator, *args(tmp_path, path)) == 0
    counters = dict(trenz_simulator.drama_counters)
    renamed = path.rename(tmp_path / "drama-final.json")
    assert await cli(trenz_simulator, *args(tmp_path, renamed)) == 0
    assert trenz_simulator.drama_counters == counters
    (row,) = read_report(tmp_path / "report.jsonl")
    assert (row["id"], row["status"]) == ("drama", "released")


@pytest.mark.usefixtures("env")
async def test_a_manifest_changed_after_its_release_ended_exits_2_and_sends_nothing(
    trenz_simulator: Simulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A rerun does not change a finished release: an episode added or an album field edited
    since is named (before, the rerun said "released" with exit 0 and nothing changed)."""
    path = write(tmp_path, manifest())
    assert await cli(trenz_simulator, *args(tmp_path, path)) == 0
    counters = dict(trenz_simulator.drama_counters)
    capsys.readouterr()
    edited = manifest(episodes=3)
    edited["album"]["desp"] = "a longer night"
    write(tmp_path, edited)
    assert await cli(trenz_simulator, *args(tmp_path, path)) == 2
    err = capsys.readouterr().err
    assert "MANIFEST: album.desp, episodes changed since release 'long-night' ended released" in err
    assert trenz_simulator.drama_counters == counters
    write(tmp_path, manifest())  # as it was: a no-op again
    assert await cli(trenz_simulator, *args(tmp_path, path)) == 0
    assert trenz_simulator.drama_counters == counters


@pytest.mark.usefixtures("env")
async def test_a_rejected_release_exits_1_with_the_reason(
    trenz_simulator: Simulator, tmp_path: Path
) -> None:
    path = write(tmp_path, manifest(title="Reject this"))
    assert await cli(trenz_simulator, *args(tmp_path, path)) == 1
    (row,) = read_report(tmp_path / "report.jsonl")
    assert (row["status"], row["review_status"], row["online_version"]) == ("rejected", 3, None)
    assert "moderation rejected version 1" in row["error"]
    assert trenz_simulator.drama_counters["online_versions_set"] == 0


@pytest.mark.usefixtures("env")
async def test_a_call_refused_for_good_is_sent_again_only_with_retry_failed(
    trenz_simulator: Simulator, tmp_path: Path
) -> None:
    """The review submit refused with a 400 fails the release; a plain rerun sends nothing,
    and ``--retry-failed`` (the cause fixed) submits it once and the release goes online."""
    sim = trenz_simulator
    sim.add_fault(FaultRule(route=f"POST {SUBMIT}", status=400, code="INVALID_PARAM", times=1))
    command = args(tmp_path, write(tmp_path, manifest()))
    assert await cli(sim, *command) == 1
    (row,) = read_report(tmp_path / "report.jsonl")
    assert (row["status"], sim.drama_counters["reviews_submitted"]) == ("failed", 0)
    seen = len(sim.journal)
    assert await cli(sim, *command) == 1
    assert len(sim.journal) == seen
    assert await cli(sim, *command, "--retry-failed") == 0
    (row,) = read_report(tmp_path / "report.jsonl")
    assert (row["status"], row["online_version"]) == ("released", 1)
    assert sim.drama_counters["reviews_submitted"] == 1
    assert sim.drama_counters["albums_created"] == 1


@pytest.mark.usefixtures("env")
async def test_a_bad_manifest_names_its_fields_and_sends_nothing(
    trenz_simulator: Simulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = manifest()
    data["cover_url"] = "nowhere"
    del data["space_name"]
    data["episodes"][0]["url"] = 7
    path = write(tmp_path, data)
    before = len(trenz_simulator.journal)
    assert await cli(trenz_simulator, *args(tmp_path, path)) == 2
    error = capsys.readouterr().err
    assert "3 bad fields, nothing was sent" in error
    for field in ("cover_url", "space_name", "episodes[0].url"):
        assert f"{path}: {field}: " in error
    assert len(trenz_simulator.journal) == before
    assert not (tmp_path / "drama.journal").exists()
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    assert await cli(trenz_simulator, *args(tmp_path, tmp_path / "broken.json")) == 2
    assert "not JSON" in capsys.readouterr().err


async def test_missing_credentials_are_bad_usage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("TIKTOK_CLIENT_KEY", "TIKTOK_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    path = write(tmp_path, manifest())
    assert await anyio.to_thread.run_sync(main, args(tmp_path, path)) == 2
    assert "TIKTOK_CLIENT_KEY" in capsys.readouterr().err
