"""The files of a resumable job (``publish``, ``drama``): its manifest, journal and report,
checked before anything is sent."""

from __future__ import annotations

import tempfile
from pathlib import Path

from trenz_async.cli.errors import UsageError

__all__ = ["check_job_files", "default_report"]


def default_report(journal: Path) -> Path:
    """The report's path when ``--report`` is not given: beside the journal."""
    return journal.with_name(journal.name + ".report.jsonl")


def check_job_files(manifest: Path, journal: Path, report: Path) -> None:
    """Raise :class:`UsageError` when the manifest is missing, the journal is a folder, or the
    report could not be written (its folder is created now, as writing it would)."""
    if not manifest.is_file():
        raise UsageError(f"MANIFEST: no such file: {manifest}")
    if journal.is_dir():
        raise UsageError(f"--journal: {journal} is a folder, not a journal file")
    if report.is_dir():
        raise UsageError(f"--report: {report} is a folder, not a file")
    try:
        report.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=report.parent):
            pass
    except OSError as error:
        why = error.strerror or str(error)
        raise UsageError(f"--report: cannot write {report} ({why})") from None
