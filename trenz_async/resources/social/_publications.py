"""The ``publications`` list of Upload and Publish Video, checked and put in wire form.

Each entry is a :class:`~trenz_async.models.social.Publication` or a plain dict with the same
keys. Every error names ``publications[i].<field>``. On the wire ``platform_config`` is a
JSON-encoded string (the seed's ``"{\\"privacy\\":\\"PUBLIC_TO_EVERYONE\\"}"``): a dict is
encoded compactly, a string that already holds a JSON object is sent as it is.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from typing import Final

from trenz_async.errors import ValidationError
from trenz_async.models.social import Publication
from trenz_async.resources.social._checks import (
    check_account_id,
    check_scheduled_at,
)

__all__ = ["MAX_PUBLICATIONS", "PUBLICATION_FIELDS", "check_platform_config", "publications_body"]

MAX_PUBLICATIONS: Final = 20
"""Most targets one Upload and Publish call takes."""
PUBLICATION_FIELDS: Final = ("platform_account_id", "title", "platform_config", "scheduled_at")
_CONFIG_RULE = "must be a dict or a string holding a JSON object"


def publications_body(publications: object, *, now: float | None = None) -> list[dict[str, object]]:
    """Check ``publications`` (1..20 entries, no account twice) and return their wire form."""
    if publications.__class__ is not list and (
        isinstance(publications, (str, bytes, Mapping, Publication))
        or not isinstance(publications, Sequence)
    ):
        rule = f"must be a list of 1 to {MAX_PUBLICATIONS} publications (Publication or dict)"
        raise ValidationError("publications", rule, publications)
    if not 1 <= len(publications) <= MAX_PUBLICATIONS:
        rule = f"must hold 1 to {MAX_PUBLICATIONS} publications, got {len(publications)}"
        raise ValidationError("publications", rule, len(publications))
    now = time.time() if now is None else now
    body: list[dict[str, object]] = []
    seen: dict[int, int] = {}
    for index, entry in enumerate(publications):
        wire = _entry(index, entry, now)
        account = wire["platform_account_id"]
        assert isinstance(account, int)
        if account in seen:
            rule = f"repeats the account of publications[{seen[account]}] (one entry per account)"
            raise ValidationError(f"publications[{index}].platform_account_id", rule, account)
        seen[account] = index
        body.append(wire)
    return body


def _fields(index: int, entry: object) -> Mapping[str, object]:
    if isinstance(entry, Publication):
        return {name: getattr(entry, name) for name in PUBLICATION_FIELDS}
    if entry.__class__ is not dict and not isinstance(entry, Mapping):
        rule = "must be a Publication or a dict with platform_account_id"
        raise ValidationError(f"publications[{index}]", rule, entry)
    for key in entry:
        if key not in PUBLICATION_FIELDS:
            rule = f"is not a publication field (expected {', '.join(PUBLICATION_FIELDS)})"
            raise ValidationError(f"publications[{index}].{key}", rule, entry[key])
    if entry.get("platform_account_id") is None:
        raise ValidationError(f"publications[{index}].platform_account_id", "is required")
    return entry


def _entry(index: int, entry: object, now: float) -> dict[str, object]:
    fields = _fields(index, entry)
    prefix = f"publications[{index}]."
    wire: dict[str, object] = {
        "platform_account_id": check_account_id(
            prefix + "platform_account_id", fields.get("platform_account_id")
        )
    }
    title = fields.get("title")
    if title is not None:
        if not isinstance(title, str) or not title.strip():
            rule = "must be a non-empty string (omit it to use video_title)"
            raise ValidationError(prefix + "title", rule, title)
        wire["title"] = title
    config = check_platform_config(prefix + "platform_config", fields.get("platform_config"))
    if config is not None:
        wire["platform_config"] = config
    at = check_scheduled_at(prefix + "scheduled_at", fields.get("scheduled_at"), now=now)
    if at is not None:
        wire["scheduled_at"] = at
    return wire


def check_platform_config(field: str, value: object) -> str | None:
    """``platform_config`` as the JSON text of an object (None when absent)."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            raise ValidationError(
                field, _CONFIG_RULE + " (the string is not JSON)", value
            ) from None
        if not isinstance(parsed, dict):
            raise ValidationError(field, _CONFIG_RULE + " (the JSON is not an object)", value)
        return value
    if isinstance(value, Mapping):
        try:
            return json.dumps(dict(value), separators=(",", ":"), allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise ValidationError(field, f"must be JSON-serialisable: {exc}", value) from None
    raise ValidationError(field, _CONFIG_RULE, value)
