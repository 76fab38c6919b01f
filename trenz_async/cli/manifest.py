"""The publish manifest: JSON Lines, one item a line, checked whole before anything is sent.

A line (blank lines are skipped)::

    {"id": "clip-001", "file": "videos/clip-001.mp4", "title": "...", "description": "...",
     "targets": [{"platform_account_id": 4687, "title": "...",
                  "platform_config": {"privacy": "PUBLIC_TO_EVERYONE"},
                  "scheduled_at": 1767225600}]}

``id`` names the item in the journal and the report (unique in the manifest); ``file`` is
relative to the manifest's folder (or absolute) and must be a non-empty file; ``title`` is the
video title; ``description`` is optional. Each target needs ``platform_account_id`` (a positive
int); ``title`` (a non-empty string), ``platform_config`` (a JSON object) and ``scheduled_at``
(unix seconds at most 90 days ahead, or null for now; under 5 minutes ahead is published at
once) are optional, as in ``trenz.social.publishing.upload_and_publish``. An account appears
once per item. Unknown keys are refused (a misspelt key would otherwise be dropped silently).

:func:`read_manifest` returns the items and every problem found, each naming its line.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import attrs

from trenz_async.errors import ValidationError
from trenz_async.resources.social._checks import check_account_id, check_scheduled_at
from trenz_async.workflows.publish import PublishItem, PublishTarget

__all__ = ["ITEM_KEYS", "TARGET_KEYS", "Problem", "read_manifest"]

ITEM_KEYS: Final = ("id", "file", "title", "description", "targets")
TARGET_KEYS: Final = ("platform_account_id", "title", "platform_config", "scheduled_at")


@attrs.frozen
class Problem:
    """One thing wrong with a manifest line."""

    line: int
    text: str


class _Line:
    """Collects one line's problems."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.problems: list[Problem] = []

    def bad(self, field: str, rule: str) -> None:
        self.problems.append(Problem(self.number, f"{field}: {rule}"))


def read_manifest(
    path: Path, *, now: float | None = None
) -> tuple[list[PublishItem], list[Problem]]:
    """Parse the manifest at ``path`` (UTF-8 JSON Lines) into items and the problems found.

    The items are only meaningful when there is no problem. ``now`` (unix seconds, default
    the local clock) is what ``scheduled_at`` is checked against. An unreadable file raises
    ``OSError``.
    """
    now = time.time() if now is None else now
    folder = path.parent
    items: list[PublishItem] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            line = _Line(number)
            item = _item(line, raw, folder, now, seen)
            problems.extend(line.problems)
            if item is not None and not line.problems:
                items.append(item)
    if not items and not problems:
        problems.append(Problem(0, "the manifest holds no item (one JSON object a line)"))
    return items, problems


def _item(
    line: _Line, raw: bytes, folder: Path, now: float, seen: dict[str, int]
) -> PublishItem | None:
    data = _decode(line, raw)
    if data is None:
        return None
    for key in data:
        if key not in ITEM_KEYS:
            line.bad(key, f"is not an item key (expected {', '.join(ITEM_KEYS)})")
    item_id = _text(line, "id", data.get("id"), required=True)
    if item_id is not None:
        if item_id in seen:
            line.bad("id", f"{item_id!r} is already the id of line {seen[item_id]}")
        else:
            seen[item_id] = line.number
    file = _file(line, data.get("file"), folder)
    title = _text(line, "title", data.get("title"), required=True)
    description = data.get("description")
    if description is not None and not isinstance(description, str):
        line.bad("description", f"must be a string, not {_shown(description)}")
        description = None
    targets = _targets(line, data.get("targets"), now)
    if item_id is None or file is None or title is None:
        return None
    return PublishItem(id=item_id, file=file, title=title, description=description, targets=targets)


def _decode(line: _Line, raw: bytes) -> dict[str, Any] | None:
    """The line's JSON object; None (with a problem unless blank) otherwise."""
    try:
        text = raw.decode("utf-8-sig" if line.number == 1 else "utf-8")
    except UnicodeDecodeError as error:
        line.bad("line", f"is not UTF-8 text ({error.reason} at byte {error.start})")
        return None
    if not text.strip():
        return None
    try:
        data = json.loads(text.rstrip("\r\n"))  # a cut-off line's column is its own
    except json.JSONDecodeError as error:
        line.bad("line", f"is not JSON ({error.msg} at column {error.colno})")
        return None
    if not isinstance(data, dict):
        line.bad("line", f"must be a JSON object (one item), not {_shown(data)}")
        return None
    return data


def _text(line: _Line, field: str, value: object, *, required: bool) -> str | None:
    """A non-blank string (None when absent and optional, or bad)."""
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        rule = (
            "is required" if value is None else f"must be a non-empty string, not {_shown(value)}"
        )
        line.bad(field, rule)
        return None
    return value


def _file(line: _Line, value: object, folder: Path) -> Path | None:
    """The video's path (relative to the manifest's folder): an existing, non-empty file."""
    name = _text(line, "file", value, required=True)
    if name is None:
        return None
    path = folder / name
    if not path.is_file():
        where = "" if Path(name).is_absolute() else f" (relative to {folder})"
        line.bad("file", f"{name!r} is not a file{where}")
        return None
    if path.stat().st_size == 0:
        line.bad("file", f"{name!r} is empty: there is nothing to upload")
        return None
    return path


def _targets(line: _Line, value: object, now: float) -> list[PublishTarget]:
    if not isinstance(value, list) or not value:
        rule = "is required" if value is None else f"must be a non-empty list, not {_shown(value)}"
        line.bad("targets", rule)
        return []
    targets: list[PublishTarget] = []
    accounts: dict[int, int] = {}
    for index, entry in enumerate(value):
        target = _target(line, f"targets[{index}]", entry, now)
        if target is not None:
            targets.append(target)
        account = entry.get("platform_account_id") if isinstance(entry, Mapping) else None
        if not isinstance(account, int) or isinstance(account, bool):
            continue
        if account in accounts:
            field = f"targets[{index}].platform_account_id"
            line.bad(field, f"repeats the account of targets[{accounts[account]}]")
        accounts.setdefault(account, index)
    return targets


def _target(line: _Line, prefix: str, entry: object, now: float) -> PublishTarget | None:
    if not isinstance(entry, Mapping):
        line.bad(prefix, f"must be an object with platform_account_id, not {_shown(entry)}")
        return None
    before = len(line.problems)
    for key in entry:
        if key not in TARGET_KEYS:
            line.bad(f"{prefix}.{key}", f"is not a target key (expected {', '.join(TARGET_KEYS)})")
    account: int | None = None
    try:
        account = check_account_id(
            f"{prefix}.platform_account_id", entry.get("platform_account_id")
        )
    except ValidationError as error:
        line.bad(error.field, _rule(error, entry.get("platform_account_id")))
    title = _text(line, f"{prefix}.title", entry.get("title"), required=False)
    config = entry.get("platform_config")
    if config is not None and not isinstance(config, dict):
        line.bad(f"{prefix}.platform_config", f"must be a JSON object, not {_shown(config)}")
    scheduled_at = _scheduled_at(line, prefix, entry.get("scheduled_at"), now)
    if account is None or len(line.problems) > before:
        return None
    return PublishTarget(
        platform_account_id=account,
        title=title,
        platform_config=config,
        scheduled_at=scheduled_at,
    )


def _scheduled_at(line: _Line, prefix: str, value: object, now: float) -> int | None:
    """Unix seconds at most 90 days ahead (the client's rule); null or 0 for now."""
    field = f"{prefix}.scheduled_at"
    if isinstance(value, bool) or not isinstance(value, int | None):
        line.bad(field, f"must be unix seconds (an integer) or null, not {_shown(value)}")
        return None
    try:
        return check_scheduled_at(field, value, now=now)
    except ValidationError as error:
        line.bad(field, error.rule)
        return None


def _rule(error: ValidationError, value: object) -> str:
    return f"{error.rule}, not {_shown(value)}" if value is not None else "is required"


def _shown(value: object) -> str:
    """A JSON value as the manifest spells it (cut to 40 characters)."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."
