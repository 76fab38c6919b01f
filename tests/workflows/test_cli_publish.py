"""``trenz-async publish`` and ``trenz-async jobs show`` against the in-process simulator.

The command runs in a worker thread (its own event loop, as from a shell) while the test's
loop serves the simulator and moves its clock; TRENZ_API_KEY and TRENZ_BASE_URL point at it.
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
import time
import types
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_cli import option_blocks
from tests.workflows.conftest import ACCOUNTS, cli, publish_args, read_report, write_manifest
from trenz_async.cli import main
from trenz_async.cli import manifest as manifest_module
from trenz_async.cli.manifest import read_manifest
from trenz_async.testing import Simulator
from trenz_async.workflows.journal import Journal

pytestmark = pytest.mark.anyio
REPORT_KEYS = ["id", "platform_account_id", "status", "session_token", "error"]
HOUR = 3600


@pytest.mark.parametrize(
    ("command", "options"),
    [
        (
            ["publish"],
            [
                "--journal",
                "--concurrency",
                "--per-account",
                "--rate-limit",
                "--report",
                "--retry-failed",
            ],
        ),
        (["jobs", "show"], ["--journal"]),
    ],
)
def test_help_is_plain_text_naming_every_default(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
    options: list[str],
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit) as exited:
        main([*command, "--help"])
    assert exited.value.code == 0
    text = capsys.readouterr().out
    assert not re.search(r"``|:(class|func|mod|data):|\.\. ", text)
    assert all(len(line) <= 80 for line in text.splitlines())
    blocks = [b for b in option_blocks(text) if not b.startswith("-h, --help")]
    assert [block.split()[0] for block in blocks] == options
    for block in blocks:
        assert "(default: " in block or "(required)" in block, block


BAD_LINES = [
    '{"id": "ok-1", "file": "videos/clip-0000.mp4", "title": "Fine", "targets": '
    '[{"platform_account_id": 4687}]}',
    '{"id": "ok-1", "file": "videos/clip-0001.mp4", "title": "Same id", "targets": '
    '[{"platform_account_id": 4687}]}',
    '{"id": "c", "file": "videos/missing.mp4", "title": "No file", "targets": '
    '[{"platform_account_id": 4687}]}',
    "",
    '{"id": "d", "file": "videos/clip-0002.mp4", "title": "x", "targets": '
    '[{"platform_account_id": "4687", "platform_config": "PUBLIC", "scheduled_at": 12.5}]}',
    "{not json",
    '{"id": "e", "file": "videos/clip-0003.mp4", "titel": "typo", "targets": []}',
    '["a list"]',
    '{"id": "f", "file": "videos/clip-0004.mp4", "title": "x", "targets": '
    '[{"platform_account_id": 5678}, {"platform_account_id": 5678, "title": ""}]}',
    '{"id": "g", "file": "videos/clip-0004.mp4", "title": "x", "targets": '
    '[{"platform_account_id": 5678, "scheduled_at": 4102444800}]}',
]


async def test_a_bad_manifest_names_every_bad_line_and_sends_nothing(
    trenz_simulator: Simulator, trenz_env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_manifest(tmp_path, 5)
    manifest = tmp_path / "bad.jsonl"
    manifest.write_text("\n".join(BAD_LINES) + "\n")
    assert await cli(trenz_simulator, *publish_args(tmp_path, manifest)) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert lines[0] == f"trenz-async: error: {manifest}: 8 bad lines, nothing was sent"
    far = f"{manifest}:10: targets[0].scheduled_at: must be at most 90 days from now"
    assert lines[-1].startswith(far)
    assert lines[1:-1] == [
        f"{manifest}:{n}: {text}"
        for n, text in [
            (2, "id: 'ok-1' is already the id of line 1"),
            (3, f"file: 'videos/missing.mp4' is not a file (relative to {tmp_path})"),
            (5, "targets[0].platform_account_id: must be an integer account id (the id from "
                'accounts.list), not "4687"'),
            (5, 'targets[0].platform_config: must be a JSON object, not "PUBLIC"'),
            (5, "targets[0].scheduled_at: must be unix seconds (an integer) or null, not 12.5"),
            (6, "line: is not JSON (Expecting property name enclosed in double quotes at "
                "column 2)"),
            (7, "titel: is not an item key (expected id, file, title, description, targets)"),
            (7, "title: is required"),
            (7, "targets: must be a non-empty list, not []"),
            (8, 'line: must be a JSON object (one item), not ["a list"]'),
            (9, "targets[1].title: must be a non-empty string, not \"\""),
            (9, "targets[1].platform_account_id: repeats the account of targets[0]"),
        ]
    ]  # fmt: skip
    assert trenz_simulator.journal == []
    assert not (tmp_path / "job.journal").exists()


async def test_a_publish_ends_0_with_a_report_line_per_target_and_reruns_as_a_no_op(
    trenz_simulator: Simulator, trenz_env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = write_manifest(tmp_path, 3)
    later = int(time.time()) + HOUR
    lines = manifest.read_text().splitlines()
    item = json.loads(lines[2])
    item["targets"][1]["scheduled_at"] = later
    item["targets"][0]["platform_config"] = {"privacy": "PUBLIC_TO_EVERYONE"}
    item["description"] = "with a schedule"
    manifest.write_text("\n".join([*lines[:2], json.dumps(item)]) + "\n")

    assert await cli(trenz_simulator, *publish_args(tmp_path, manifest)) == 0
    out = capsys.readouterr().out
    assert "6 targets: 5 published, 1 scheduled, 0 failed" in out
    rows = read_report(tmp_path / "report.jsonl")
    assert [list(row) for row in rows] == [REPORT_KEYS] * 6
    assert [(r["id"], r["platform_account_id"], r["status"]) for r in rows] == [
        (f"clip-{n:04d}", account, "published" if (n, account) != (2, 5678) else "scheduled")
        for n in range(3)
        for account in ACCOUNTS
    ]
    assert all(row["error"] is None for row in rows)
    assert len({row["session_token"] for row in rows}) == 6
    assert trenz_simulator.publications_created() == 6

    seen = len(trenz_simulator.journal)
    (tmp_path / "report.jsonl").unlink()
    assert await cli(trenz_simulator, *publish_args(tmp_path, manifest)) == 0
    assert "(resuming)" in capsys.readouterr().out
    assert len(trenz_simulator.journal) == seen  # nothing sent
    assert read_report(tmp_path / "report.jsonl") == rows

    assert (
        await cli(trenz_simulator, "jobs", "show", "--journal", str(tmp_path / "job.journal")) == 0
    )
    shown = capsys.readouterr().out.splitlines()
    assert shown[0] == f"journal {tmp_path / 'job.journal'}: 3 flows (3 done)"
    assert shown[1] == "  no job is running on this journal"
    assert re.match(r"^clip-0000  done  \(2 published\)$", shown[2])
    steps = [line.split()[0] for line in shown if line.startswith("  ")]
    assert {"upload", "check_info", "publish:4687", "publish:5678"} <= set(steps)
    assert not [line for line in shown if " intent " in line]


async def test_a_failed_target_ends_1_and_is_reported_with_its_error(
    trenz_simulator: Simulator, trenz_env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = write_manifest(tmp_path, 2, accounts=[4687])
    trenz_simulator.fail_next_publication(4687, "The platform rejected the video")
    assert await cli(trenz_simulator, *publish_args(tmp_path, manifest, "--concurrency", "1")) == 1
    rows = read_report(tmp_path / "report.jsonl")
    assert [(r["id"], r["status"]) for r in rows] == [
        ("clip-0000", "failed"),
        ("clip-0001", "published"),
    ]
    assert "The platform rejected the video" in rows[0]["error"]
    assert rows[0]["session_token"]
    out = capsys.readouterr().out
    assert "2 targets: 1 published, 0 scheduled, 1 failed" in out
    assert "failed clip-0000 -> 4687: " in out


async def test_an_unknown_account_fails_its_target_only(
    trenz_simulator: Simulator, trenz_env: None, tmp_path: Path
) -> None:
    manifest = write_manifest(tmp_path, 1, accounts=[4687, 999_999])
    assert await cli(trenz_simulator, *publish_args(tmp_path, manifest)) == 1
    rows = read_report(tmp_path / "report.jsonl")
    assert [(r["platform_account_id"], r["status"]) for r in rows] == [
        (4687, "published"), (999_999, "failed")
    ]  # fmt: skip
    assert "999999" in rows[1]["error"]
    assert trenz_simulator.publications_created(platform_account_id=4687) == 1


async def test_a_schedule_that_has_passed_since_it_was_sent_is_no_error_on_a_rerun(
    trenz_simulator: Simulator, trenz_env: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    manifest = write_manifest(tmp_path, 1, accounts=[4687])
    item = json.loads(manifest.read_text())
    item["targets"][0]["scheduled_at"] = int(time.time()) + 600
    manifest.write_text(json.dumps(item) + "\n")
    assert await cli(trenz_simulator, *publish_args(tmp_path, manifest)) == 0
    late = types.SimpleNamespace(time=lambda: time.time() + HOUR)
    monkeypatch.setattr(manifest_module, "time", late)
    _, problems = read_manifest(manifest)
    assert problems == []  # passed: the service publishes it at once (seed), so no problem
    seen = len(trenz_simulator.journal)
    assert await cli(trenz_simulator, *publish_args(tmp_path, manifest)) == 0
    assert len(trenz_simulator.journal) == seen


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--concurrency", "0"], "--concurrency: must be at least 1, not 0"),
        (["--per-account", "0"], "--per-account: must be at least 1, not 0"),
        (["--rate-limit", "-1"], "--rate-limit: must be 0 (off) or more, not -1"),
    ],
)
async def test_a_bad_option_is_one_line_and_exit_2(
    trenz_simulator: Simulator,
    trenz_env: None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    manifest = write_manifest(tmp_path, 1)
    assert await cli(trenz_simulator, *publish_args(tmp_path, manifest, *argv)) == 2
    assert capsys.readouterr().err == f"trenz-async: error: {message}\n"
    assert trenz_simulator.journal == []


async def test_usage_errors_before_anything_is_sent(
    trenz_simulator: Simulator,
    trenz_env: None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    manifest = write_manifest(tmp_path, 1)
    missing = tmp_path / "nope.jsonl"
    assert await cli(trenz_simulator, *publish_args(tmp_path, missing)) == 2
    assert capsys.readouterr().err == f"trenz-async: error: MANIFEST: no such file: {missing}\n"
    not_a_journal = tmp_path / "notes.txt"
    not_a_journal.write_text("hello, not SQLite" * 100)
    argv = ["publish", str(manifest), "--journal", str(not_a_journal)]
    assert await cli(trenz_simulator, *argv) == 2
    assert capsys.readouterr().err.startswith(f"trenz-async: error: --journal: {not_a_journal}")
    for report, why in ((tmp_path, "is a folder, not a file"), (not_a_journal / "r.jsonl", "")):
        argv = ["publish", str(manifest), "--journal", str(tmp_path / "j"), "--report", str(report)]
        assert await cli(trenz_simulator, *argv) == 2  # before the job runs, not after it
        err = capsys.readouterr().err
        assert err.startswith(f"trenz-async: error: --report: {'' if why else 'cannot write '}")
        assert why in err
        assert trenz_simulator.journal == []
    argv = ["jobs", "show", "--journal", str(tmp_path / "none.journal")]
    assert await cli(trenz_simulator, *argv) == 2
    assert capsys.readouterr().err == (
        f"trenz-async: error: --journal: no journal at {tmp_path / 'none.journal'}\n"
    )
    for name, make in (("empty.sqlite", _empty_file), ("other.sqlite", _other_database)):
        other = tmp_path / name
        make(other)
        before = _files(other)
        argv = ["jobs", "show", "--journal", str(other)]
        assert await cli(trenz_simulator, *argv) == 2  # read only: never made a journal
        assert capsys.readouterr().err == (
            f"trenz-async: error: --journal: {other} is not a journal (it has no steps and"
            " flows tables)\n"
        )
        assert _files(other) == before  # no -wal, no -shm, the same bytes
    monkeypatch.delenv("TRENZ_API_KEY")
    assert await cli(trenz_simulator, *publish_args(tmp_path, manifest)) == 2
    err = capsys.readouterr().err
    assert err.startswith("trenz-async: error: no API key: pass api_key= or set TRENZ_API_KEY")
    assert trenz_simulator.journal == []


def test_read_manifest_resolves_files_against_the_manifest_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    manifest = write_manifest(tmp_path, 2)
    monkeypatch.chdir(tmp_path / "videos")  # not the manifest's folder
    items, problems = read_manifest(manifest)
    assert problems == []
    assert [(i.id, i.file, i.title, i.description) for i in items] == [
        (f"clip-{n:04d}", tmp_path / f"videos/clip-{n:04d}.mp4", f"Clip {n}", None)
        for n in range(2)
    ]
    assert [[t.platform_account_id for t in i.targets] for i in items] == [list(ACCOUNTS)] * 2
    target: Any = items[0].targets[0]
    assert (target.title, target.platform_config, target.scheduled_at) == (None, None, None)


async def test_a_job_stopped_by_bad_credentials_resumes_once_they_are_fixed(
    trenz_simulator: Simulator,
    trenz_env: None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    manifest = write_manifest(tmp_path, 2)
    good = trenz_simulator.create_api_key(rate_limit_per_minute=1_000_000)
    monkeypatch.setenv("TRENZ_API_KEY", trenz_simulator.create_api_key(state="revoked"))
    assert await cli(trenz_simulator, *publish_args(tmp_path, manifest)) == 1
    out = capsys.readouterr().out
    assert "2 items stopped on an error a rerun may fix" in out
    rows = read_report(tmp_path / "report.jsonl")
    assert {row["status"] for row in rows} == {"failed"}
    assert all("revoked" in row["error"] for row in rows), rows
    monkeypatch.setenv("TRENZ_API_KEY", good)
    assert await cli(trenz_simulator, *publish_args(tmp_path, manifest)) == 0
    assert {row["status"] for row in read_report(tmp_path / "report.jsonl")} == {"published"}
    assert trenz_simulator.publications_created() == 4


async def test_jobs_show_lists_flows_in_the_order_they_started_with_unended_ones_as_started(
    trenz_simulator: Simulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "job.journal"
    async with await Journal.open(path) as journal:
        for fid in ("clip-b", "clip-a", "clip-c"):  # started in this order
            await journal.done(fid, "upload", {"bucket_key": f"upload/{fid}"})
        await journal.intend("clip-c", "publish:4687", {"bucket_key": "upload/clip-c"})
        report = {"targets": [{"platform_account_id": 4687, "status": "published"}]}
        await journal.set_flow("clip-a", "done", report)  # ended first
        await journal.set_flow("clip-b", "incomplete", {})
        await journal.set_flow("clip-z", "interrupted", {})  # cancelled before any step
        await journal.set_flow("clip-y", "done", {"status": "rejected"})  # final, not a success
    assert await cli(trenz_simulator, "jobs", "show", "--journal", str(path)) == 0
    shown = capsys.readouterr().out.splitlines()
    assert shown[0] == f"journal {path}: 5 flows (2 done, 1 incomplete, 1 interrupted, 1 started)"
    assert shown[1] == "  no job is running on this journal"  # clip-c stopped with its run
    flows = [line for line in shown[1:] if not line.startswith("  ")]
    assert flows == [
        "clip-b  incomplete",
        "clip-a  done  (1 published)",
        "clip-c  started",
        "clip-z  interrupted",
        "clip-y  done: rejected",
    ]
    assert any(line.split()[:2] == ["publish:4687", "intent"] for line in shown)


async def test_a_line_cut_off_is_named_at_its_own_end(
    trenz_simulator: Simulator, trenz_env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = tmp_path / "cut.jsonl"
    manifest.write_text('{"id": "a", "title": "x"\n')
    assert await cli(trenz_simulator, *publish_args(tmp_path, manifest)) == 2
    err = capsys.readouterr().err
    assert f"{manifest}:1: line: is not JSON (Expecting ',' delimiter at column 25)" in err


def _empty_file(path: Path) -> None:
    path.write_bytes(b"")


def _other_database(path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
        connection.commit()


def _files(path: Path) -> dict[str, bytes]:
    """``path`` and its SQLite side files, by name, with their bytes."""
    return {p.name: p.read_bytes() for p in path.parent.glob(f"{path.name}*")}
