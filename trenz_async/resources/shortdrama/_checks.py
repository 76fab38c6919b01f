"""Client-side checks of the short-drama arguments (seed 002), raised before anything is sent.

Each function checks one argument and returns its wire form; a
:class:`~trenz_async.errors.ValidationError` names the field (``album_info.title``,
``episode_info_list[2].seq``, ``attachment_urls[10]``) and the rule. Ids typed int64
(``album_id``, ``review_id``) are accepted as ints or strings of digits and sent as JSON
integers, as the seed types them. Enumerations accept an int or a member of
:mod:`trenz_async.models.shortdrama.enums`.
"""

from __future__ import annotations

import datetime as dt
import enum
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final
from urllib.parse import urlsplit

import attrs

from trenz_async.errors import ValidationError
from trenz_async.models.shortdrama import (
    ALBUM_INFO_FIELDS,
    EPISODE_INFO_FIELDS,
    AlbumInfoInput,
    AlbumStatus,
    DramaType,
    EpisodeInfoInput,
    PublishStatus,
)

__all__ = [
    "INT64_MAX",
    "MAX_ATTACHMENTS",
    "URGENT_PER_DAY",
    "UrgentLedger",
    "album_info_body",
    "check_account",
    "check_attachments",
    "check_client_keys",
    "check_code",
    "check_int64_id",
    "check_job_or_vid",
    "check_text",
    "check_url",
    "check_version",
    "episodes_body",
]

INT64_MAX: Final = 2**63 - 1
MAX_ATTACHMENTS: Final = 10
"""Most ``attachment_urls`` one appeal takes (seed: up to 10 items)."""
URGENT_PER_DAY: Final = 35
"""Urgent (``priority_score`` 1) review submissions an organisation may make per day."""
_NEW_EPISODE_NEEDS = ("title", "seq", "cover_list", "byteplus_vid")


def check_text(field: str, value: object, *, blank: bool = False) -> str:
    """A string, sent as given; non-blank unless ``blank``."""
    if not isinstance(value, str) or (not blank and not value.strip()):
        raise ValidationError(
            field, "must be a string" if blank else "must be a non-empty string", value
        )
    return value


def check_account(value: object) -> str:
    """``byteplus_account_id``: a non-empty string (an int is accepted and sent as text)."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            rule = "must be a non-empty string or a whole number >= 0"
            raise ValidationError("byteplus_account_id", rule, value)
        return str(value)
    return check_text("byteplus_account_id", value)


def check_url(field: str, value: object) -> str:
    """A publicly downloadable ``http``/``https`` URL with a host and no whitespace."""
    rule = "must be an http or https URL with a host (publicly downloadable)"
    if not isinstance(value, str) or not value:
        raise ValidationError(field, rule, value)
    if any(ch.isspace() or not ch.isprintable() for ch in value):
        raise ValidationError(field, "must be a URL without spaces or control characters", value)
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        raise ValidationError(field, rule, value) from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise ValidationError(field, rule, value)
    return value


def check_int64_id(field: str, value: object) -> int:
    """A positive int64 id (``album_id``, ``review_id``): an int or a string of digits."""
    number: object = value
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 19:
        number = int(value)
    if isinstance(number, bool) or not isinstance(number, int) or not 0 < number <= INT64_MAX:
        raise ValidationError(
            field, "must be a positive int64 id (an int or a digit string)", value
        )
    return int(number)


def check_version(field: str, value: object) -> int:
    """A version number: an int >= 1 (a string or a bool is refused)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= INT64_MAX:
        raise ValidationError(field, "must be an int version number >= 1", value)
    return int(value)


def check_code(field: str, value: object, kind: type[enum.IntEnum]) -> int:
    """An enumerated int: one of ``kind``'s values (sent as a plain int)."""
    allowed = {int(member): name.lower() for name, member in kind.__members__.items()}
    if isinstance(value, bool) or not isinstance(value, int) or int(value) not in allowed:
        choices = ", ".join(f"{code} ({name})" for code, name in sorted(allowed.items()))
        raise ValidationError(field, f"must be one of {choices}", value)
    return int(value)


def _positive(field: str, value: object, low: int = 1, high: int = INT64_MAX) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(field, f"must be an int between {low} and {high}", value)
    return int(value)


def check_job_or_vid(job_id: object, vid: object) -> dict[str, str]:
    """``job_id`` and/or ``vid`` (at least one: the seed's rule), as query parameters."""
    if job_id is None and vid is None:
        raise ValidationError("job_id", "job_id or vid is required (at least one of them)")
    found = {}
    if job_id is not None:
        found["job_id"] = check_text("job_id", job_id)
    if vid is not None:
        found["vid"] = check_text("vid", vid)
    return found


def _ids(field: str, value: object) -> list[str]:
    """A non-empty list of non-empty strings (``cover_list``)."""
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence) or not value:
        raise ValidationError(field, "must be a non-empty list of open_pic_id strings", value)
    return [check_text(f"{field}[{i}]", item) for i, item in enumerate(value)]


def _ints(field: str, value: object) -> list[int]:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
        raise ValidationError(field, "must be a list of int tag ids", value)
    return [_positive(f"{field}[{i}]", item, 0) for i, item in enumerate(value)]


def _fields(field: str, value: object, record: type[Any], names: tuple[str, ...]) -> dict[str, Any]:
    """The set fields of an input record or a dict (unknown keys refused)."""
    if isinstance(value, record):
        return {k: v for k, v in attrs.asdict(value, recurse=False).items() if v is not None}
    if not isinstance(value, Mapping):
        rule = f"must be a {record.__name__} or a dict with its keys"
        raise ValidationError(field, rule, value)
    for key in value:
        if key not in names:
            rule = f"is not a field of {record.__name__} (expected {', '.join(names)})"
            raise ValidationError(f"{field}.{key}", rule, value[key])
    return {k: v for k, v in value.items() if v is not None}


_INFO_CHECKS: dict[str, Callable[[str, Any], Any]] = {
    "language": _positive,
    "title": check_text,
    "seq_num": _positive,
    "cover_list": _ids,
    "year": lambda f, v: _positive(f, v, 1900, 2100),
    "album_status": lambda f, v: check_code(f, v, AlbumStatus),
    "desp": lambda f, v: check_text(f, v, blank=True),
    "drama_type": lambda f, v: check_code(f, v, DramaType),
    "tag_list": _ints,
    "publish_status": lambda f, v: check_code(f, v, PublishStatus),
}


def album_info_body(value: object) -> dict[str, Any]:
    """``album_info`` (an :class:`AlbumInfoInput` or a dict) checked, in wire form."""
    fields = _fields("album_info", value, AlbumInfoInput, ALBUM_INFO_FIELDS)
    if not fields:
        raise ValidationError("album_info", "must set at least one field (or be omitted)", value)
    return {name: _INFO_CHECKS[name](f"album_info.{name}", v) for name, v in fields.items()}


_EPISODE_CHECKS: dict[str, Callable[[str, Any], Any]] = {
    "title": check_text,
    "seq": _positive,
    "cover_list": _ids,
    "byteplus_vid": check_text,
}


def _episode(index: int, value: object) -> dict[str, Any]:
    where = f"episode_info_list[{index}]"
    fields = _fields(where, value, EpisodeInfoInput, EPISODE_INFO_FIELDS)
    wire: dict[str, Any] = {}
    if "episode_id" in fields:
        raw = fields["episode_id"]
        ok_int = isinstance(raw, int) and not isinstance(raw, bool) and raw > 0
        wire["episode_id"] = str(raw) if ok_int else check_text(f"{where}.episode_id", raw)
    else:
        missing = [name for name in _NEW_EPISODE_NEEDS if name not in fields]
        if missing:
            rule = f"a new episode (no episode_id) needs {', '.join(missing)}"
            raise ValidationError(f"{where}.{missing[0]}", rule)
    for name, check in _EPISODE_CHECKS.items():
        if name in fields:
            wire[name] = check(f"{where}.{name}", fields[name])
    return wire


def episodes_body(value: object, seq_num: int | None = None) -> list[dict[str, Any]]:
    """``episode_info_list`` checked, in wire form: seq, episode_id and vid unique, and each
    ``seq`` within ``seq_num`` when the same call sets it."""
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
        rule = "must be a list of EpisodeInfoInput or dicts"
        raise ValidationError("episode_info_list", rule, value)
    episodes = [_episode(index, item) for index, item in enumerate(value)]
    for name in ("seq", "episode_id", "byteplus_vid"):
        seen: dict[object, int] = {}
        for index, episode in enumerate(episodes):
            if name not in episode:
                continue
            if episode[name] in seen:
                rule = f"repeats episode_info_list[{seen[episode[name]]}].{name} (must be unique)"
                raise ValidationError(f"episode_info_list[{index}].{name}", rule, episode[name])
            seen[episode[name]] = index
    for index, episode in enumerate(episodes):
        if seq_num is not None and episode.get("seq", 0) > seq_num:
            rule = f"must not exceed album_info.seq_num ({seq_num})"
            raise ValidationError(f"episode_info_list[{index}].seq", rule, episode["seq"])
    return episodes


def check_attachments(value: object) -> list[str] | None:
    """``attachment_urls``: at most 10 URLs (None: not sent)."""
    if value is None:
        return None
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
        raise ValidationError(
            "attachment_urls", f"must be a list of up to {MAX_ATTACHMENTS} URLs", value
        )
    if len(value) > MAX_ATTACHMENTS:
        rule = f"must hold at most {MAX_ATTACHMENTS} URLs, got {len(value)}"
        raise ValidationError("attachment_urls", rule, len(value))
    return [check_url(f"attachment_urls[{i}]", url) for i, url in enumerate(value)]


def check_client_keys(value: object) -> list[str]:
    """``target_client_key_list``: one or more distinct client_keys."""
    field = "target_client_key_list"
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence) or not value:
        raise ValidationError(field, "must be a non-empty list of client_key strings", value)
    keys = [check_text(f"{field}[{i}]", key) for i, key in enumerate(value)]
    for index, key in enumerate(keys):
        if key in keys[:index]:
            raise ValidationError(f"{field}[{index}]", "repeats a client_key of the list", key)
    return keys


class UrgentLedger:
    """Urgent review submissions made through this client, per UTC day of the local clock.

    The service allows :data:`URGENT_PER_DAY` per organisation and day; this ledger refuses the
    next one before it is sent. It only knows this client's submissions (other clients of the
    organisation use the same allowance: the service's own refusal still comes through).
    ``take`` counts a submission when it is sent; ``give_back`` uncounts one the service
    refused or never received.
    """

    def __init__(self, limit: int = URGENT_PER_DAY, now: Callable[[], float] = time.time) -> None:
        self.limit = limit
        self._now = now
        self._day = ""
        self._used = 0

    def _today(self) -> str:
        day = dt.datetime.fromtimestamp(self._now(), dt.UTC).date().isoformat()
        if day != self._day:
            self._day, self._used = day, 0
        return day

    @property
    def used(self) -> int:
        """Urgent submissions counted today (UTC)."""
        self._today()
        return self._used

    def check(self) -> None:
        """Raise :class:`ValidationError` on ``priority_score`` when today's allowance is used."""
        if self.used >= self.limit:
            rule = (
                f"at most {self.limit} urgent (priority_score=1) submissions per day: "
                f"{self._used} made today ({self._day} UTC, resets 00:00 UTC); "
                "submit with priority_score=2"
            )
            raise ValidationError("priority_score", rule, 1)

    def take(self) -> str:
        """Check, then count one submission; return its day (for :meth:`give_back`)."""
        self.check()
        self._used += 1
        return self._day

    def give_back(self, day: str) -> None:
        """Uncount a submission of ``day`` that was not acted on."""
        if day == self._today() and self._used > 0:
            self._used -= 1
