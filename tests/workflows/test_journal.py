"""The journal: durable across reopen and kill -9, intent kept beside the result, one commit
shared by writes that wait together, cancellation never tears a record."""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import anyio
import pytest

from trenz_async.workflows import Journal, JournalError, JournalInUseError
from trenz_async.workflows._journal_lock import RunLock
from trenz_async.workflows.journal import LAZY_DELAY

pytestmark = pytest.mark.anyio


async def test_a_reopened_journal_keeps_every_step_and_flow(tmp_path: Path) -> None:
    path = tmp_path / "job.sqlite"
    async with await Journal.open(path) as journal:
        await journal.intend("clip-1", "publish:4687", {"bucket_key": "k1", "n": [1, 2]})
        await journal.done("clip-1", "upload", {"bucket_key": "k1"})
        await journal.failed("clip-2", "upload", "ValidationError: no file", final=True)
        await journal.set_flow("clip-1", "running", {})
        await journal.set_flow("clip-2", "done", {"item_id": "clip-2", "status": "failed"})
    async with await Journal.open(path) as again:
        step = await again.get("clip-1", "publish:4687")
        assert step is not None
        assert (step.status, step.intent, step.result, step.error) == (
            "intent",
            {"bucket_key": "k1", "n": [1, 2]},
            None,
            None,
        )
        assert [s.step for s in await again.steps("clip-1")] == ["publish:4687", "upload"]
        failed = await again.get("clip-2", "upload")
        assert failed is not None
        assert (failed.status, failed.error, failed.final) == (
            "failed",
            "ValidationError: no file",
            True,
        )
        flows = await again.flows()
        assert [(f.flow_id, f.status, f.report) for f in flows] == [
            ("clip-1", "running", {}),
            ("clip-2", "done", {"item_id": "clip-2", "status": "failed"}),
        ]
        assert await again.get("clip-3", "upload") is None
        assert await again.flow("clip-3") is None


async def test_done_keeps_the_intent_and_a_new_intent_clears_the_result(tmp_path: Path) -> None:
    async with await Journal.open(tmp_path / "j.sqlite") as journal:
        await journal.intend("f", "publish:1", {"try": 1})
        await journal.done("f", "publish:1", {"session_token": "s1"})
        done = await journal.get("f", "publish:1")
        assert done is not None
        assert (done.status, done.intent, done.result) == (
            "done",
            {"try": 1},
            {"session_token": "s1"},
        )
        await journal.failed("f", "publish:1", "RateLimitError: slow down", final=False)
        await journal.intend("f", "publish:1", {"try": 2})
        again = await journal.get("f", "publish:1")
        assert again is not None
        assert (again.status, again.intent, again.result, again.error, again.final) == (
            "intent",
            {"try": 2},
            None,
            None,
            False,
        )


async def test_a_payload_that_is_not_json_is_refused_before_anything_is_written(
    tmp_path: Path,
) -> None:
    async with await Journal.open(tmp_path / "j.sqlite") as journal:
        with pytest.raises(TypeError, match="intent must be JSON-serialisable"):
            await journal.intend("f", "publish:1", {"file": tmp_path})
        with pytest.raises(TypeError, match="result must be JSON-serialisable: Out of range"):
            await journal.done("f", "upload", {"size": float("nan")})
        cycle: dict[str, object] = {}
        cycle["self"] = cycle
        with pytest.raises(TypeError, match="report must be JSON-serialisable: Circular"):
            await journal.set_flow("f", "done", cycle)
        with pytest.raises(TypeError, match="result must be a dict"):
            await journal.done("f", "upload", ["not", "a", "dict"])  # type: ignore[arg-type]
        assert journal.writes == 0
        assert await journal.steps("f") == []


async def test_writes_waiting_together_share_one_commit_and_all_are_durable(
    tmp_path: Path,
) -> None:
    path = tmp_path / "j.sqlite"
    async with await Journal.open(path) as journal:
        async with anyio.create_task_group() as group:
            for n in range(200):
                group.start_soon(journal.intend, f"flow-{n}", "publish:1", {"n": n})
        stats = journal.stats
        assert stats.writes == 200
        assert 1 <= stats.commits < 200
        assert stats.seconds_per_write > 0
        assert stats.commit_seconds > 0
    async with await Journal.open(path) as again:
        steps = await again.all_steps()
        assert sorted(s.intent["n"] for s in steps if s.intent) == list(range(200))


async def test_a_write_asked_for_lands_even_when_its_scope_is_cancelled(tmp_path: Path) -> None:
    async with await Journal.open(tmp_path / "j.sqlite") as journal:
        with anyio.CancelScope() as scope:
            scope.cancel()
            await journal.intend("f", "publish:1", {"n": 1})
            await journal.done("f", "publish:1", {"never": "reached"})
        assert scope.cancelled_caught
        step = await journal.get("f", "publish:1")
        assert step is not None
        assert step.status == "intent"


async def test_a_file_that_is_not_a_journal_and_a_closed_one_are_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("these are not the droids you are looking for\n" * 20)
    with pytest.raises(JournalError, match="not a usable journal"):
        await Journal.open(bogus)
    with pytest.raises(JournalError, match=r"the folder .* does not exist"):
        await Journal.open(tmp_path / "missing" / "j.sqlite")
    with pytest.raises(ValueError, match="synchronous must be one of"):
        await Journal.open(tmp_path / "j.sqlite", synchronous="OFF")
    journal = await Journal.open(tmp_path / "j.sqlite")
    await journal.close()
    await journal.close()
    with pytest.raises(JournalError, match="is closed"):
        await journal.intend("f", "s", {})
    with pytest.raises(JournalError, match="is closed"):
        await journal.steps("f")


async def test_one_run_holds_a_journal_until_it_closes_and_a_shared_reader_only_reads(
    tmp_path: Path,
) -> None:
    """Two runs on one journal would each send the same writes: the second open is refused
    (naming this process), a shared open reads beside the run and cannot write, and the
    journal is free again once the run closes it."""
    path = tmp_path / "job.sqlite"
    async with await Journal.open(path) as run:
        await run.intend("clip-1", "publish:4687", {"bucket_key": "k1"})
        with pytest.raises(JournalInUseError, match="in use by another run") as refused:
            await Journal.open(path)
        assert refused.value.pid == os.getpid()
        with pytest.raises(JournalInUseError):  # the same file by another name
            await Journal.open(tmp_path / "." / "job.sqlite")
        async with await Journal.open(path, shared=True) as reader:
            step = await reader.get("clip-1", "publish:4687")
            assert step is not None
            assert step.status == "intent"
            with pytest.raises(JournalError, match="opened shared"):
                await reader.done("clip-1", "publish:4687", {"session_token": "t"})
        await run.done("clip-1", "publish:4687", {"session_token": "t"})
    async with await Journal.open(path) as again:
        step = await again.get("clip-1", "publish:4687")
        assert step is not None
        assert step.status == "done"


async def test_a_probe_of_the_lock_delays_a_starting_run_instead_of_refusing_it(
    tmp_path: Path,
) -> None:
    """``jobs show`` asks whether a run holds the journal with a shared lock held for an
    instant: a run starting meanwhile waits it out rather than reporting the journal in use."""
    path = tmp_path / "job.sqlite"
    async with await Journal.open(path):
        assert RunLock.holder(str(path)) == (True, os.getpid())
    assert RunLock.holder(str(path)) == (False, None)
    probe = os.open(f"{await anyio.Path(path).resolve()}.lock", os.O_RDONLY)
    fcntl.flock(probe, fcntl.LOCK_SH)
    threading.Timer(0.2, os.close, [probe]).start()  # the probe lets go 0.2 s later
    async with await Journal.open(path) as run:
        await run.done("clip-1", "upload", {"bucket_key": "k1"})


KILLED_WRITER = textwrap.dedent(
    """
    import sys, anyio
    from trenz_async.workflows import Journal

    async def main(path):
        async with await Journal.open(path) as journal:
            n = 0
            while True:
                await journal.intend(f"flow-{n}", "publish:1", {"n": n})
                print(n, flush=True)  # acknowledged: durable from here on
                n += 1

    anyio.run(main, sys.argv[1])
    """
)


def test_kill_9_loses_no_acknowledged_write(tmp_path: Path) -> None:
    path = tmp_path / "killed.sqlite"
    with subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    ) as writer:
        assert writer.stdout is not None
        acknowledged = [int(writer.stdout.readline()) for _ in range(300)]
        writer.send_signal(signal.SIGKILL)
        writer.wait(10)
        acknowledged += [int(line) for line in writer.stdout.read().split()]
    assert writer.returncode == -signal.SIGKILL

    async def recorded() -> set[int]:
        async with await Journal.open(path) as journal:
            return {s.intent["n"] for s in await journal.all_steps() if s.intent}

    found = anyio.run(recorded)
    assert set(acknowledged) <= found
    assert len(found) >= 300


async def test_queued_records_land_before_the_next_intent_and_on_flush(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"

    def on_disk() -> list[tuple[str, str]]:
        with contextlib.closing(sqlite3.connect(path)) as other:
            return other.execute("SELECT step, status FROM steps ORDER BY rowid").fetchall()

    async with await Journal.open(path) as journal:
        await journal.done("f", "upload", {"bucket_key": "k"}, wait=False)
        await journal.set_flow("f", "running", {}, wait=False)
        await journal.intend("f", "publish:1", {"n": 1})  # what was queued before it lands too
        assert on_disk() == [("upload", "done"), ("publish:1", "intent")]
        await journal.done("f", "publish:1", {"session_token": "t"}, wait=False)
        await journal.flush()
        assert on_disk() == [("upload", "done"), ("publish:1", "done")]
        assert journal.stats.writes == 4


async def test_a_lazy_record_waits_for_a_commit_asked_by_another_or_a_moment_at_most(
    tmp_path: Path,
) -> None:
    path = tmp_path / "j.sqlite"

    def on_disk() -> list[str]:
        with contextlib.closing(sqlite3.connect(path)) as other:
            return [row[0] for row in other.execute("SELECT step FROM steps ORDER BY rowid")]

    async with await Journal.open(path) as journal:
        commits = journal.stats.commits
        await journal.done("f", "check_info", {"passed": True}, wait=False, lazy=True)
        await journal.done("g", "check_info", {"passed": True}, wait=False, lazy=True)
        await anyio.sleep(LAZY_DELAY / 5)
        assert on_disk() == []  # nobody asked for a commit yet
        await journal.done("f", "publish:1", {"session_token": "t"}, wait=False)  # asks
        await anyio.sleep(LAZY_DELAY / 5)
        assert on_disk() == ["check_info", "check_info", "publish:1"]
        assert journal.stats.commits == commits + 1  # the three in one commit

        await journal.done("h", "check_info", {"passed": True}, wait=False, lazy=True)
        await anyio.sleep(LAZY_DELAY * 4)  # nobody asks: it lands on its own
        assert on_disk() == ["check_info", "check_info", "publish:1", "check_info"]
        await journal.done("i", "check_info", {"passed": True}, wait=False, lazy=True)
        await journal.flush()  # asks at once
        assert on_disk()[-1] == "check_info"
        assert len(on_disk()) == 5


async def test_intents_queued_with_intend_soon_are_durable_once_awaited(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    async with await Journal.open(path) as journal:
        commits = journal.stats.commits
        pending = journal.intend_soon("f", [("publish:1", {"n": 1}), ("publish:2", {"n": 2})])
        assert journal.stats.commits == commits  # queued: the commit has not happened yet
        await pending
        await pending  # awaiting again is a no-op
        assert (journal.stats.commits, journal.writes) == (commits + 1, 1)
        with sqlite3.connect(path) as other:  # durable: another connection reads it
            rows = other.execute("SELECT step, status, intent FROM steps").fetchall()
        assert sorted(rows) == [
            ("publish:1", "intent", '{"n":1}'),
            ("publish:2", "intent", '{"n":2}'),
        ]


async def test_a_large_commit_keeps_each_steps_records_in_order(tmp_path: Path) -> None:
    """138 rows in one commit are written in several multi-row statements; a step's intent
    and its result fall in different ones, and the result still wins, its intent kept."""
    async with await Journal.open(tmp_path / "j.sqlite") as journal:
        steps = [f"publish:{n}" for n in range(69)]
        pending = journal.intend_soon("f", [(step, {"n": n}) for n, step in enumerate(steps)])
        for n, step in enumerate(steps):
            await journal.done("f", step, {"sent": n}, wait=False)
        await pending
        await journal.flush()
        assert journal.stats.commits == 1
        records = {r.step: r for r in await journal.steps("f")}
    assert len(records) == 69
    for n, step in enumerate(steps):
        record = records[step]
        assert (record.status, record.intent, record.result) == ("done", {"n": n}, {"sent": n})


async def test_a_missing_intent_result_or_error_is_stored_as_null(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    async with await Journal.open(path) as journal:
        await journal.intend("f", "publish:1", {"n": 1})
        await journal.done("f", "upload", {"bucket_key": "k"})
        await journal.failed("f", "check_info", "", final=True)
    with contextlib.closing(sqlite3.connect(path)) as raw:
        rows = raw.execute("SELECT step, intent, result, error FROM steps ORDER BY rowid")
        assert rows.fetchall() == [
            ("publish:1", '{"n":1}', None, None),
            ("upload", None, '{"bucket_key":"k"}', None),
            ("check_info", None, None, None),
        ]
    async with await Journal.open(path) as again:
        failed = await again.get("f", "check_info")
        assert failed is not None
        assert (failed.status, failed.error, failed.final) == ("failed", None, True)


async def test_a_record_sqlite_refuses_fails_its_writer_alone(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A write SQLite refuses raises JournalError in its writer; the writes sharing its
    commit still land; one nobody waits for is logged. Alone, or beside others."""
    path = tmp_path / "j.sqlite"
    async with await Journal.open(path) as journal:
        with contextlib.closing(sqlite3.connect(path)) as raw:  # a disk that refuses one flow
            raw.execute(
                "CREATE TRIGGER refuse BEFORE INSERT ON steps WHEN NEW.flow_id = 'bad'"
                " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
            )
            raw.commit()
        with pytest.raises(JournalError, match="refused by the test"):
            await journal.intend("bad", "publish:1", {"n": 0})  # a batch of one statement
        outcomes: dict[str, str] = {}

        async def intend(flow_id: str) -> None:
            try:
                await journal.intend(flow_id, "publish:1", {"n": 1})
                outcomes[flow_id] = "ok"
            except JournalError:
                outcomes[flow_id] = "refused"

        async with anyio.create_task_group() as group:  # one commit: three statements
            for flow_id in ("good-1", "bad", "good-2"):
                group.start_soon(intend, flow_id)
            group.start_soon(journal.set_flow, "good-1", "done", {"n": 1})
        assert outcomes == {"good-1": "ok", "bad": "refused", "good-2": "ok"}
        await journal.failed("bad", "upload", "x", final=False, wait=False)
        await journal.flush()
        assert "refused by the test" in caplog.text
        assert [f.flow_id for f in await journal.flows()] == ["good-1"]
        assert sorted(s.flow_id for s in await journal.all_steps()) == ["good-1", "good-2"]
