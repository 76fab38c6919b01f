"""Rerunning ``trenz-async publish`` on a journal: what a rerun acts on once the manifest or
the service changed (a corrected or added target, ``--retry-failed``), and one run per
journal at a time. The command runs in a worker thread against the in-process simulator."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import anyio
import pytest

from tests.workflows.conftest import ACCOUNTS, cli, publish_args, read_report, write_manifest
from trenz_async.testing import FaultRule, Simulator

pytestmark = pytest.mark.anyio


PUBLISH = "/open/v1/social/publish/upload-and-publish"


def publish_calls(sim: Simulator, account: int) -> int:
    """Publish calls the simulator received for ``account``."""
    return sum(
        1
        for entry in sim.journal
        if entry.route == PUBLISH
        and [p.get("platform_account_id") for p in entry.json["publications"]] == [account]
    )


async def test_a_rerun_acts_on_what_changed_in_a_failed_item_and_sends_nothing_else(
    trenz_simulator: Simulator, trenz_env: None, tmp_path: Path
) -> None:
    """A failed item replays from the journal: a target corrected in the manifest is
    published, and a refused write is sent again only when what it sends changed; nothing
    published is published again, and an unchanged rerun sends nothing."""
    sim, unknown = trenz_simulator, 999_999
    manifest = write_manifest(tmp_path, 2, accounts=[4687, unknown])
    args = publish_args(tmp_path, manifest)
    assert await cli(sim, *args) == 1
    assert publish_calls(sim, unknown) == 2
    seen = len(sim.journal)
    assert await cli(sim, *args) == 1  # unchanged: every recorded step replays, none is sent
    assert len(sim.journal) == seen

    first, second = (json.loads(line) for line in manifest.read_text().splitlines())
    first["targets"][1]["platform_account_id"] = 5678  # the wrong account corrected
    second["targets"][1]["title"] = "Another title"  # the refused write changed: sent again
    manifest.write_text(f"{json.dumps(first)}\n{json.dumps(second)}\n")
    assert await cli(sim, *args) == 1
    rows = read_report(tmp_path / "report.jsonl")
    assert [(r["id"], r["platform_account_id"], r["status"]) for r in rows] == [
        ("clip-0000", 4687, "published"),
        ("clip-0000", 5678, "published"),
        ("clip-0001", 4687, "published"),
        ("clip-0001", unknown, "failed"),
    ]
    assert publish_calls(sim, unknown) == 3
    assert sim.publications_created(platform_account_id=4687) == 2
    assert sim.publications_created(platform_account_id=5678) == 1


async def test_a_target_added_to_a_published_item_is_published_by_a_rerun(
    trenz_simulator: Simulator, trenz_env: None, tmp_path: Path
) -> None:
    sim = trenz_simulator
    manifest = write_manifest(tmp_path, 1, accounts=[4687])
    args = publish_args(tmp_path, manifest)
    assert await cli(sim, *args) == 0
    item = json.loads(manifest.read_text())
    item["targets"].append({"platform_account_id": 5678})
    manifest.write_text(json.dumps(item) + "\n")
    assert await cli(sim, *args) == 0
    rows = read_report(tmp_path / "report.jsonl")
    assert [(r["platform_account_id"], r["status"]) for r in rows] == [
        (4687, "published"),
        (5678, "published"),
    ]
    assert sim.publications_created(platform_account_id=4687) == 1
    assert sim.publications_created(platform_account_id=5678) == 1
    seen = len(sim.journal)
    assert await cli(sim, *args) == 0
    assert len(sim.journal) == seen


async def test_retry_failed_sends_again_only_the_publishes_refused_for_good(
    trenz_simulator: Simulator, trenz_env: None, tmp_path: Path
) -> None:
    """A publish refused for good (a 400: the account needs reconnecting) is not sent again
    by a plain rerun; once the cause is fixed, ``--retry-failed`` sends it, and only it."""
    sim = trenz_simulator
    refusal = FaultRule(
        route=f"POST {PUBLISH}", status=400, code="INVALID_PARAM", message="reconnect", times=1
    )
    sim.add_fault(refusal)
    args = publish_args(
        tmp_path, write_manifest(tmp_path, 2, accounts=[4687]), "--concurrency", "1"
    )
    assert await cli(sim, *args) == 1
    assert [r["status"] for r in read_report(tmp_path / "report.jsonl")] == ["failed", "published"]
    seen = len(sim.journal)
    assert await cli(sim, *args) == 1  # refused for good: not sent again as it was
    assert len(sim.journal) == seen
    assert await cli(sim, *args, "--retry-failed") == 0
    assert [r["status"] for r in read_report(tmp_path / "report.jsonl")] == ["published"] * 2
    assert publish_calls(sim, 4687) == 3  # the refused one, then one more for it alone
    assert sim.publications_created(platform_account_id=4687) == 2


HOLDER = textwrap.dedent(
    """
    import sys

    import anyio

    from trenz_async.workflows import Journal


    async def hold(path):
        async with await Journal.open(path):
            print("held", flush=True)
            await anyio.sleep(3600)


    anyio.run(hold, sys.argv[1])
    """
)


async def test_a_journal_another_run_holds_ends_2_before_anything_is_sent_until_it_dies(
    trenz_simulator: Simulator, trenz_env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two runs on one journal would send the same writes twice: the second ends 2 naming the
    holder and sends nothing; ``jobs show`` reads beside the holder; once the holder is killed
    (-9) the journal is free and the job runs."""
    args = publish_args(tmp_path, write_manifest(tmp_path, 2))
    journal = tmp_path / "job.journal"
    holder = await anyio.open_process([sys.executable, "-c", HOLDER, str(journal)])
    async with holder:
        try:
            assert holder.stdout is not None
            said = b""
            while not said.endswith(b"\n"):  # "held" and its newline may come apart
                said += await holder.stdout.receive()
            assert said == b"held\n"
            assert await cli(trenz_simulator, *args) == 2
            assert f"is in use by another run (pid {holder.pid})" in capsys.readouterr().err
            assert trenz_simulator.journal == []
            assert await cli(trenz_simulator, "jobs", "show", "--journal", str(journal)) == 0
            shown = capsys.readouterr().out.splitlines()
            assert shown[:2] == [
                f"journal {journal}: 0 flows",
                f"  a job is running on this journal (pid {holder.pid})",
            ]
        finally:
            holder.kill()
            await holder.wait()
    assert await cli(trenz_simulator, *args) == 0
    assert trenz_simulator.publications_created() == 2 * len(ACCOUNTS)
