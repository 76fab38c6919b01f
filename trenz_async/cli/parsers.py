"""The trenz-async command's options and help: one parser, its subcommands' descriptions."""

from __future__ import annotations

import argparse

from trenz_async.resources._validate import COUNTRIES

__all__ = ["build_parser"]

DESCRIPTION = """\
trenz_async's command line: a demo against an in-process simulator, the
simulator of the Trenz and TikTok APIs alone, and resumable jobs on a journal:
bulk publishing from a manifest, a short-drama release, a data harvest."""
DEMO_DESCRIPTION = """\
Harvest the top products of several markets concurrently from an in-process
simulator (with injected 503s that the client retries) and print a summary;
then run the jobs: a bulk publish under injected faults (each video published
exactly once, by the simulator's counters), a short-drama release, and a
harvest job run twice on one journal (the rerun sends nothing)."""
SIMULATOR_DESCRIPTION = """\
Serve the Trenz simulator over HTTP until Ctrl-C. It prints its URL, an API key
and two requests to try, then logs one line per request."""
PUBLISH_DESCRIPTION = """\
Upload and publish every video of MANIFEST (JSON Lines, one item a line:
{"id": "clip-001", "file": "videos/clip-001.mp4", "title": "...",
 "targets": [{"platform_account_id": 4687}]}) to its accounts, each step
recorded in the journal. "file" is relative to the manifest's folder; optional:
the item's "description", and a target's "title", "platform_config" (an object)
and "scheduled_at" (unix seconds, at most 90 days ahead). The whole manifest is
checked first: every bad line is named and nothing is sent. Rerun the same
command with the same journal to resume after a crash or Ctrl-C; a finished job
reruns without sending anything.
The report has one JSON line per item and target (id, platform_account_id,
status: published, scheduled or failed, session_token, error).
Credentials: TRENZ_API_KEY, and TRENZ_BASE_URL for another host.
Exit status: 0 all published or scheduled, 1 some failed, 2 bad usage or a bad
manifest, 130 interrupted (rerun to resume)."""
JOBS_DESCRIPTION = """\
Show where a job stands: each flow of the journal with its status, and each of
its steps with what it recorded."""
EPILOG = """examples:
  trenz-async demo --markets us,gb --limit 20
  trenz-async simulator --port 8800 --log-level WARNING
  trenz-async publish clips.jsonl --journal clips.journal --concurrency 16
  trenz-async drama release.json --journal release.journal
  trenz-async harvest --markets us,gb --journal h.journal --out h.jsonl
  trenz-async jobs show --journal clips.journal"""
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class _Formatter(argparse.ArgumentDefaultsHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Every option's help ends with its default (an option without one says in its help
    what happens then); the examples keep their lines."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        if action.default is None:
            return action.help
        return super()._get_help_string(action)


def build_parser() -> argparse.ArgumentParser:
    """The ``trenz-async`` parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="trenz-async", description=DESCRIPTION, epilog=EPILOG, formatter_class=_Formatter
    )
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="{demo,simulator,publish,jobs,drama,harvest}"
    )
    demo = sub.add_parser(
        "demo",
        help="harvest the top products of several markets concurrently, then print a summary",
        description=DEMO_DESCRIPTION,
        formatter_class=_Formatter,
    )
    demo.add_argument(
        "--markets", default="us,gb,de,jp", help=f"comma-separated, among {', '.join(COUNTRIES)}"
    )
    demo.add_argument("--limit", type=int, default=100, help="products to harvest per market")
    demo.add_argument("--seed", type=int, default=2026, help="seed of the simulated dataset")
    demo.add_argument(
        "--fault-rate", type=float, default=0.05, help="share of requests answered with a 503"
    )
    demo.add_argument("--plain", action="store_true", help="plain progress lines, no bars")
    demo.add_argument(
        "--videos", type=int, default=40, help="videos the bulk publish sends to two accounts"
    )
    sim = sub.add_parser(
        "simulator",
        help="serve the simulator over HTTP until Ctrl-C",
        description=SIMULATOR_DESCRIPTION,
        formatter_class=_Formatter,
    )
    sim.add_argument("--host", default="127.0.0.1", help="address to listen on")
    sim.add_argument("--port", type=int, default=8800, help="port to listen on; 0 picks a free one")
    sim.add_argument("--seed", type=int, default=0, help="seed of the simulated dataset")
    sim.add_argument(
        "--rate-limit", type=int, default=200, help="requests/minute per key; 0 turns it off"
    )
    sim.add_argument(
        "--log-level",
        type=str.upper,
        choices=LOG_LEVELS,
        default="INFO",
        help="INFO logs one line per request; WARNING only failed or dropped ones",
    )
    _publish_parser(sub)
    _jobs_parser(sub)
    _drama_parser(sub)
    _harvest_parser(sub)
    return parser


def _publish_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    publish = _job_parser(
        sub,
        "publish",
        "publish the videos of a JSON Lines manifest, resumably",
        PUBLISH_DESCRIPTION,
        "the JSON Lines manifest",
    )
    publish.add_argument(
        "--concurrency", type=int, default=8, metavar="N", help="items in flight at once"
    )
    publish.add_argument(
        "--per-account",
        type=int,
        default=2,
        metavar="N",
        help="publish calls in flight per account",
    )
    publish.add_argument(
        "--rate-limit",
        type=int,
        default=200,
        metavar="N",
        help="requests/minute this client allows itself; 0 turns it off (Trenz documents 200)",
    )
    _report_option(publish)
    _retry_failed_option(publish, "the publishes", " (an account reconnected)")


def _jobs_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    jobs = sub.add_parser(
        "jobs",
        help="show where a job stands",
        description=JOBS_DESCRIPTION,
        formatter_class=_Formatter,
    )
    jobs_sub = jobs.add_subparsers(dest="jobs_command", required=True, metavar="{show}")
    show = jobs_sub.add_parser(
        "show",
        help="each flow of the journal and its steps",
        description=JOBS_DESCRIPTION,
        formatter_class=_Formatter,
    )
    _journal_option(show, "the job's journal (required)")


DRAMA_DESCRIPTION = """\
Release a short drama described by MANIFEST (one JSON object: "album" info,
"cover_url", "space_name", "byteplus_account_id", optional "priority_score",
"episodes": [{"title", "seq", "url", "cover_url"?, "subtitles": [{"language",
"url"}]}]): cover, episode uploads, the play created and updated (re-read on a
stale version), subtitles bound, review, moderation, online version, listed.
The manifest is checked first: every bad field is named and nothing is sent.
Rerun the same command with the same journal to resume.
Credentials: TIKTOK_CLIENT_KEY, TIKTOK_CLIENT_SECRET, TIKTOK_BASE_URL.
Exit status: 0 released, 1 rejected, failed or incomplete (rerun to resume), 2 bad
usage or a bad manifest, 130 interrupted (rerun to resume)."""


def _drama_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    drama = _job_parser(
        sub,
        "drama",
        "release a short drama from a JSON manifest, resumably",
        DRAMA_DESCRIPTION,
        "the release's JSON manifest",
    )
    _report_option(drama)
    drama.add_argument(
        "--poll-interval",
        type=float,
        default=None,
        metavar="SECONDS",
        help="seconds between polls of jobs and moderation (default: the flow's own pace)",
    )
    drama.add_argument(
        "--rate-limit",
        type=int,
        default=600,
        metavar="N",
        help="requests/minute this client allows itself; 0 turns it off",
    )
    _retry_failed_option(drama, "the calls")


HARVEST_DESCRIPTION = """\
Harvest Trenz Data searches (one per market and keyword), product rankings of
each market and a TikTok research window into one output: JSON Lines (one
{"unit": ..., "record": {...}} a line) or SQLite (table records(unit,
record_id, json)). Each page is recorded in the journal once its records are
in the output; no record is written twice. Rerun the same command with the same
journal to resume; a finished harvest reruns without sending anything.
Credentials: TRENZ_API_KEY (and TRENZ_BASE_URL) for searches and rankings,
TIKTOK_CLIENT_KEY, TIKTOK_CLIENT_SECRET (and TIKTOK_BASE_URL) for research.
Exit status: 0 every unit finished, 1 some failed or stopped (rerun to resume),
2 bad usage, 130 interrupted (rerun to resume)."""


def _harvest_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    harvest = sub.add_parser(
        "harvest",
        help="harvest searches, rankings and research windows into JSONL or SQLite",
        description=HARVEST_DESCRIPTION,
        formatter_class=_Formatter,
    )
    add = harvest.add_argument
    _journal_option(harvest)
    add(
        "--out",
        required=True,
        default=argparse.SUPPRESS,
        metavar="PATH",
        help="the output: .jsonl, or .sqlite/.sqlite3/.db (required)",
    )
    add(
        "--markets",
        default=None,
        help="comma-separated markets (us,gb,...) (needed for searches and rankings)",
    )
    add(
        "--keywords",
        default=None,
        help="comma-separated keywords (default: one unfiltered search per market)",
    )
    add("--entity", default="products", help="what to search: products, sellers, creators, ...")
    add(
        "--sort",
        default=None,
        help="the search's sort, field:asc|desc (default: the service's order)",
    )
    add(
        "--limit",
        type=int,
        default=None,
        metavar="N",
        help="records per search or ranking (default: all of them)",
    )
    add(
        "--rankings",
        default=None,
        help="comma-separated: top_selling, most_promoted, ... (default: no rankings)",
    )
    add(
        "--ranking-date",
        default=None,
        metavar="YYYYMMDD",
        help="the rankings' date (needed for dated rankings)",
    )
    add("--granularity", default="weekly", help="the rankings' period: daily, weekly, monthly")
    add(
        "--research-from",
        default=None,
        metavar="YYYYMMDD",
        help="first day of research (with --research-to)",
    )
    add(
        "--research-to",
        default=None,
        metavar="YYYYMMDD",
        help="last day of research (with --research-from)",
    )
    add("--research-country", default="ALL", metavar="CC", help="research creator country")
    add("--concurrency", type=int, default=4, metavar="N", help="units in flight at once")
    add("--rate-limit", type=int, default=200, metavar="N",
        help="Trenz requests/minute this client allows itself; 0 turns it off")  # fmt: skip


def _journal_option(
    parser: argparse.ArgumentParser,
    text: str = "the job's journal (SQLite), created if new (required)",
) -> None:
    parser.add_argument(
        "--journal", required=True, default=argparse.SUPPRESS, metavar="PATH", help=text
    )


def _report_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--report",
        default=argparse.SUPPRESS,
        metavar="PATH",
        help="where to write the report (default: the journal's path + .report.jsonl)",
    )


def _job_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    summary: str,
    description: str,
    manifest: str,
) -> argparse.ArgumentParser:
    """A resumable job's subcommand: its MANIFEST and its ``--journal``."""
    parser = sub.add_parser(name, help=summary, description=description, formatter_class=_Formatter)
    parser.add_argument("manifest", metavar="MANIFEST", help=manifest)
    _journal_option(parser)
    return parser


def _retry_failed_option(parser: argparse.ArgumentParser, what: str, example: str = "") -> None:
    parser.add_argument(
        "--retry-failed",
        action="store_true",
        help=f"send again {what} the service refused for good in an earlier run, once their"
        f" cause is fixed{example}; never one that may have happened",
    )
