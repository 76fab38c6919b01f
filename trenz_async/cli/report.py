"""The publish report: JSON Lines, one line per manifest item and target, in manifest order.

Each line: ``{"id": ..., "platform_account_id": ..., "status": ..., "session_token": ...,
"error": ...}`` with ``status`` one of ``published``, ``scheduled``, ``failed``;
``session_token`` is null when no session was opened, ``error`` null unless failed. A target
the flow did not report on (its item failed before publishing, e.g. the upload was refused)
is ``failed`` with the item's error. The file is written whole and then renamed into place, so
a reader never sees half a report.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final

from trenz_async.workflows.publish import PublishItem
from trenz_async.workflows.runner import ItemReport

__all__ = ["REPORT_KEYS", "STATUSES", "report_rows", "write_report"]

REPORT_KEYS: Final = ("id", "platform_account_id", "status", "session_token", "error")
STATUSES: Final = ("published", "scheduled", "failed")


def report_rows(
    items: Sequence[PublishItem], reports: Iterable[ItemReport]
) -> list[dict[str, Any]]:
    """One row per item and target of ``items`` (manifest order), from the flows' reports."""
    by_id = {report.item_id: report for report in reports}
    rows: list[dict[str, Any]] = []
    for item in items:
        report = by_id.get(item.id)
        item_error = report.error if report is not None else "the item was not run"
        targets = {t.platform_account_id: t for t in report.targets} if report else {}
        for target in item.targets:
            got = targets.get(target.platform_account_id)
            status = got.status if got is not None and got.status in STATUSES else "failed"
            error = got.error if got is not None and status == got.status else None
            if status == "failed" and not error:
                error = item_error or "failed without a message"
            row = {
                "id": item.id,
                "platform_account_id": target.platform_account_id,
                "status": status,
                "session_token": got.session_token if got is not None else None,
                "error": error,
            }
            rows.append(row)
    return rows


def write_report(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    """Write ``rows`` to ``path`` as JSON Lines, atomically (a temporary file, then rename)."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        os.fchmod(handle, 0o644)  # mkstemp's 0600 would hide the report from other readers
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
