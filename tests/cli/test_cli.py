"""The ``trenz-async`` command: one-line errors, plain help, an 80-column demo, the simulator."""

from __future__ import annotations

import io
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from trenz_async.cli import main
from trenz_async.cli.progress import make_progress, print_table

ROOT = Path(__file__).parents[2]
MONEY = r"\$[\d,]+\.\d\d"
LOG_LINE = re.compile(r"^\S+ \S+ INFO GET /open/v1/\S+ -> 200 in \d+\.\d ms$")


def run_cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m trenz_async *args`` in a child process, from the project root."""
    return subprocess.run(
        [sys.executable, "-m", "trenz_async", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A loopback port that another socket is listening on."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["demo", "--markets", "us,zz"],
            "--markets: unknown market 'zz' (choose from us, th, my, vn, mx, de, fr, it, es,"
            " jp, br, gb, ph, sg, id)",
        ),
        (["demo", "--markets", ","], "--markets: no market given (choose from us, th, "),
        (["demo", "--limit", "0"], "--limit: must be at least 1, not 0"),
        (["demo", "--fault-rate", "1.5"], "--fault-rate: must be at least 0 and below 1, not 1.5"),
        (["simulator", "--port", "70000"], "--port: must be between 0 and 65535, not 70000"),
        (["simulator", "--rate-limit", "-1"], "--rate-limit: must be 0 (off) or more, not -1"),
    ],
)
def test_a_bad_value_is_one_error_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith(f"trenz-async: error: {message}")


def test_a_busy_port_is_one_error_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], busy_port: int
) -> None:
    assert main(["simulator", "--port", str(busy_port)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"trenz-async: error: --port {busy_port}: cannot listen on 127.0.0.1:{busy_port}"
        " (address already in use)\n"
    )


def test_the_command_line_reports_a_bad_market_without_a_traceback() -> None:
    done = run_cli("demo", "--markets", "us,zz")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("trenz-async: error: --markets: unknown market 'zz'")
    assert len(done.stderr.splitlines()) == 1


def option_blocks(text: str) -> list[str]:
    """Each option of a ``--help`` text with its help, on one line."""
    blocks: list[str] = []
    for line in text.splitlines():
        if re.match(r"^  -", line):
            blocks.append(line.strip())
        elif blocks and line.startswith("    ") and line.strip():
            blocks[-1] += " " + line.strip()
        elif not line.strip() and blocks:
            blocks.append("")
    return [block for block in blocks if block]


@pytest.mark.parametrize(("command", "option_count"), [([], 0), (["demo"], 6), (["simulator"], 5)])
def test_help_is_plain_text_with_every_default(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
    option_count: int,
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit) as exited:
        main([*command, "--help"])
    assert exited.value.code == 0
    text = capsys.readouterr().out
    assert not re.search(r"``|:(class|func|mod|data):|\.\. ", text)
    assert all(len(line) <= 80 for line in text.splitlines())
    options = [block for block in option_blocks(text) if not block.startswith("-h, --help")]
    assert len(options) == option_count
    for block in options:
        assert "(default: " in block, block


@pytest.mark.parametrize(
    "command", [["demo"], ["simulator"], ["publish"], ["drama"], ["harvest"], ["jobs", "show"]]
)
def test_every_option_says_what_it_does_when_not_given(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """Each option's help names its default, says it is required, or says in words what
    happens without it: never "(default: None)"."""
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit):
        main([*command, "--help"])
    options = option_blocks(capsys.readouterr().out)
    assert options
    for block in options:
        assert "default: None" not in block, block
        assert re.search(r"\(default: |\(required\)|\(needed |\(with |^-h, --help", block), block


def test_the_demo_table_fits_80_columns_without_cutting_a_figure() -> None:
    done = run_cli("demo", "--plain", "--limit", "3", "--fault-rate", "0", COLUMNS="80")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    header = lines.index("Top products by 7-day GMV")
    assert lines[header + 1].split() == [
        "market", "products", "leader", "price", "GMV", "7d", "videos", "sellers"
    ]  # fmt: skip
    rows = lines[header + 3 : header + 7]
    assert [row[:2] for row in rows] == ["us", "gb", "de", "jp"]
    for row in rows:
        assert re.search(rf"  3/1000  .+  {MONEY}  +{MONEY}  +\d+  +\d+$", row), row


def test_a_narrow_table_cuts_only_the_leader() -> None:
    out = io.StringIO()
    headers = ["market", "leader", "GMV 7d"]
    rows = [["us", "A very long product name that cannot fit", "$2,809,503.60"]]
    print_table("Top", headers, rows, out, shrink=1, right=(2,), width=40)
    lines = out.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 40
    assert lines[-1] == "us      A very long pr...  $2,809,503.60"


class RunningSimulator:
    """``trenz-async simulator`` in a child process; stopped with Ctrl-C (SIGINT)."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "trenz_async", "simulator", "--port", "0", *args],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.banner: list[str] = []
        for line in self.process.stdout:
            self.banner.append(line.rstrip("\n"))
            if "Ctrl-C to stop" in line:
                break
        else:
            pytest.fail(f"the simulator stopped: {self.process.communicate()}")

    def example(self, after: str) -> list[str]:
        """The command printed after the line ``after``, as a shell would split it."""
        start = self.banner.index(after) + 1
        end = self.banner.index("", start)
        return shlex.split("\n".join(self.banner[start:end]))

    def stop(self) -> str:
        """Ctrl-C; returns what the simulator wrote on stderr."""
        self.process.send_signal(signal.SIGINT)
        _, err = self.process.communicate(timeout=10)
        assert self.process.returncode == 130
        return err


@pytest.fixture
def simulator_process(request: pytest.FixtureRequest) -> Iterator[RunningSimulator]:
    sim = RunningSimulator(*getattr(request, "param", ()))
    try:
        yield sim
    finally:
        if sim.process.poll() is None:
            sim.process.kill()
            sim.process.communicate()


def test_the_simulator_prints_examples_that_work_and_logs_each_request(
    simulator_process: RunningSimulator,
) -> None:
    curl = simulator_process.example("Try it with curl:")
    assert curl[:3] == ["curl", "-s", "-H"]
    header, url = curl[3], curl[4]
    name, _, value = header.partition(": ")
    with urllib.request.urlopen(urllib.request.Request(url, headers={name: value})) as answer:
        assert b'"total_count":1000' in answer.read()
    *env, python, flag, code = simulator_process.example("or with the client:")
    assert flag == "-c"
    variables = dict(pair.split("=", 1) for pair in env)
    assert set(variables) == {"TRENZ_BASE_URL", "TRENZ_API_KEY"}
    done = subprocess.run(
        [python, "-c", code],
        cwd=ROOT,
        env={**os.environ, **variables},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("1000 [")
    lines = simulator_process.stop().splitlines()
    assert len(lines) == 2, lines
    assert all(LOG_LINE.match(line) for line in lines), lines
    assert "GET /open/v1/products/search?country=us&page_size=2 -> 200" in lines[0]


def test_the_simulator_prints_a_tiktok_app_whose_credentials_get_a_token(
    simulator_process: RunningSimulator,
) -> None:
    [line] = [line for line in simulator_process.banner if line.startswith("TikTok app: ")]
    app = dict(pair.split("=", 1) for pair in line.removeprefix("TikTok app: ").split())
    assert set(app) == {"TIKTOK_BASE_URL", "TIKTOK_CLIENT_KEY", "TIKTOK_CLIENT_SECRET"}
    form = urllib.parse.urlencode(
        {
            "client_key": app["TIKTOK_CLIENT_KEY"],
            "client_secret": app["TIKTOK_CLIENT_SECRET"],
            "grant_type": "client_credentials",
        }
    ).encode()
    with urllib.request.urlopen(app["TIKTOK_BASE_URL"] + "/v2/oauth/token/", data=form) as got:
        assert b'"access_token"' in got.read()
    simulator_process.stop()


@pytest.mark.parametrize("simulator_process", [("--log-level", "warning")], indirect=True)
def test_log_level_warning_keeps_successful_requests_quiet(
    simulator_process: RunningSimulator,
) -> None:
    curl = simulator_process.example("Try it with curl:")
    name, _, value = curl[3].partition(": ")
    with urllib.request.urlopen(urllib.request.Request(curl[4], headers={name: value})):
        pass
    assert simulator_process.stop() == ""


class _ClosedPipe(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_reader_that_goes_away_ends_the_command_quietly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # `trenz-async jobs show --journal J | head -1`: the pipe closes while lines are written.
    import anyio

    from trenz_async.workflows.journal import Journal

    async def make() -> None:
        async with await Journal.open(tmp_path / "j.sqlite") as journal:
            await journal.done("clip-1", "upload", {"bucket_key": "k"})

    anyio.run(make)
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert main(["jobs", "show", "--journal", str(tmp_path / "j.sqlite")]) == 141
    assert "Traceback" not in capsys.readouterr().err


def test_plain_progress_prints_the_share_done_at_each_quarter() -> None:
    out = io.StringIO()
    with make_progress(out, plain=True) as bars:
        bars.add("publish", 3)
        for _ in range(3):
            bars.advance("publish")
    shares = [line.split()[-1] for line in out.getvalue().splitlines()]
    assert shares == ["33%", "66%", "100%"]
