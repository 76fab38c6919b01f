"""``trenz-async harvest`` against the in-process simulator (the command runs in a worker
thread with its own event loop, as from a shell; credentials from the environment)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import anyio
import anyio.to_thread
import pytest

from trenz_async.cli import main
from trenz_async.testing import FaultRule, Simulator

pytestmark = pytest.mark.anyio


@pytest.fixture
def env(trenz_simulator: Simulator, monkeypatch: pytest.MonkeyPatch) -> None:
    sim = trenz_simulator
    key = sim.create_api_key(rate_limit_per_minute=1_000_000)
    client_key, secret = sim.create_tiktok_client(rate_limit_per_minute=None)
    for name, value in {
        "TRENZ_API_KEY": key,
        "TRENZ_BASE_URL": sim.url,
        "TIKTOK_CLIENT_KEY": client_key,
        "TIKTOK_CLIENT_SECRET": secret,
        "TIKTOK_BASE_URL": sim.url,
    }.items():
        monkeypatch.setenv(name, value)


async def cli(*argv: str) -> int:
    return await anyio.to_thread.run_sync(main, list(argv))


def args(tmp_path: Path, out: str, *extra: str) -> list[str]:
    journal = tmp_path / "harvest.journal"
    return ["harvest", "--journal", str(journal), "--out", str(tmp_path / out), *extra]


FULL = (
    "--markets", "us,gb", "--keywords", "phone,case", "--limit", "15", "--rankings",
    "top_selling", "--ranking-date", "20250101", "--research-from", "20230101",
    "--research-to", "20230131", "--research-country", "fr", "--rate-limit", "0",
)  # fmt: skip


@pytest.mark.usefixtures("env")
async def test_a_harvest_into_sqlite_finishes_and_reruns_without_a_request(
    trenz_simulator: Simulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await cli(*args(tmp_path, "out.sqlite", *FULL)) == 0
    text = capsys.readouterr().out
    assert "7 units: 7 done, 0 failed, 0 stopped" in text
    with sqlite3.connect(tmp_path / "out.sqlite") as db:
        units = dict(db.execute("SELECT unit, COUNT(*) FROM records GROUP BY unit").fetchall())
    assert len(units) == 7
    assert all(0 < count <= 15 for unit, count in units.items() if unit.startswith("search:"))
    assert any(unit.startswith("research:FR:") and count > 15 for unit, count in units.items())
    requests = len(trenz_simulator.journal)
    assert await cli(*args(tmp_path, "out.sqlite", *FULL)) == 0
    assert len(trenz_simulator.journal) == requests
    with sqlite3.connect(tmp_path / "out.sqlite") as db:
        again = dict(db.execute("SELECT unit, COUNT(*) FROM records GROUP BY unit").fetchall())
    assert again == units


@pytest.mark.usefixtures("env")
async def test_a_unit_refused_by_the_service_exits_1_and_the_others_are_written(
    trenz_simulator: Simulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rule = FaultRule(route="GET /open/v1/products/search", status=400, times=1)
    trenz_simulator.add_fault(rule)
    argv = args(tmp_path, "out.jsonl", "--markets", "us,gb", "--limit", "5", "--rate-limit", "0")
    assert await cli(*argv) == 1
    text = capsys.readouterr().out
    assert "2 units: 1 done, 1 failed" in text
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5
    assert all(json.loads(line)["unit"].startswith("search:products:") for line in lines)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ((), "nothing to harvest"),
        (("--markets", "us,xx"), "unknown market 'xx'"),
        (("--keywords", "a"), "--markets: needed"),
        (("--markets", "us", "--limit", "0"), "--limit"),
        (("--markets", "us", "--rankings", "top_selling"), "--ranking-date"),
        (("--research-from", "20230101"), "go together"),
        (("--research-from", "2023-01-01", "--research-to", "20230102"), "YYYYMMDD"),
        (("--markets", "us", "--entity", "things"), "--entity"),
        (("--markets", "us", "--keywords", " , "), "--keywords: no keyword in ' , '"),
        (("--markets", "us", "--sort", "bogus"), "--sort: "),
        (("--research-from", "20220901", "--research-to", "20220930"), "--research-from: "),
        (
            (
                "--research-from",
                "20230101",
                "--research-to",
                "20230102",
                "--research-country",
                "GB",
            ),
            "--research-country: ",
        ),
        (("--markets", "us", "--journal", "{out}"), "--out: must not be the journal's file"),
    ],
)
def test_bad_usage_exits_2_with_one_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    extra: tuple[str, ...],
    message: str,
) -> None:
    monkeypatch.setenv("TRENZ_API_KEY", "sk_live_unused")
    extra = tuple(str(tmp_path / "out.jsonl") if e == "{out}" else e for e in extra)
    assert main(args(tmp_path, "out.jsonl", *extra)) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1, err
    assert not (tmp_path / "out.jsonl").exists()
    assert not (tmp_path / "harvest.journal").exists()


@pytest.mark.usefixtures("env")
async def test_a_journal_reruns_only_as_it_ran_and_only_with_its_output(
    trenz_simulator: Simulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The journal records the harvest's arguments and output on its first run: a rerun with
    other ones, or with the output gone, exits 2 naming the option and sends nothing (before,
    it read as done with nothing written)."""
    base = ("--markets", "us", "--keywords", "lamp", "--limit", "5", "--rate-limit", "0")
    assert await cli(*args(tmp_path, "out.jsonl", *base)) == 0
    requests = len(trenz_simulator.journal)
    capsys.readouterr()
    changed = [
        (args(tmp_path, "other.jsonl", *base), "--out: this journal's harvest ran with"),
        (args(tmp_path, "out.jsonl", *base, "--keywords", "desk"), "--keywords: "),
        (args(tmp_path, "out.jsonl", *base, "--markets", "gb"), "--markets: "),
    ]
    for argv, message in changed:
        assert await cli(*argv) == 2
        assert message in capsys.readouterr().err
    assert not (tmp_path / "other.jsonl").exists()
    (tmp_path / "out.jsonl").rename(tmp_path / "moved.jsonl")
    assert await cli(*args(tmp_path, "out.jsonl", *base)) == 2
    assert "is gone, but this journal recorded pages" in capsys.readouterr().err
    assert len(trenz_simulator.journal) == requests
    (tmp_path / "moved.jsonl").rename(tmp_path / "out.jsonl")
    assert await cli(*args(tmp_path, "out.jsonl", *base, "--concurrency", "2")) == 0  # how
    assert len(trenz_simulator.journal) == requests
    capsys.readouterr()
    assert await cli("jobs", "show", "--journal", str(tmp_path / "harvest.journal")) == 0
    pages = [line for line in capsys.readouterr().out.splitlines() if " done " in line]
    assert pages
    assert all("count=" in line and "written=" in line for line in pages)


def test_an_output_of_another_kind_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args(tmp_path, "out.csv", "--markets", "us")) == 2
    assert "--out: must end in .jsonl" in capsys.readouterr().err
