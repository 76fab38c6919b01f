"""Checks shared by the Social/1-3 resources, raised as ValidationError before sending.

Scheduling (seed, "Scheduled Publishing"): "scheduled_at must fall within 5 minutes to 90 days
from now. Omit or set to 0 for immediate publishing; values under 5 minutes are auto-demoted to
immediate." So a value under 5 minutes ahead (or past) is sent as the seed's "now" (left out,
or 0 where the field is required), valid under both sentences; more than 90 days ahead (by the
local clock) and negative values are refused here.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Final, Literal, overload

from trenz_async.errors import ValidationError

__all__ = [
    "LIST_PAGE_SIZE_MAX",
    "MAX_AHEAD",
    "MIN_AHEAD",
    "PLATFORMS",
    "PUBLICATION_STATUSES",
    "check_account_id",
    "check_day",
    "check_enum",
    "check_nonblank",
    "check_scheduled_at",
]

LIST_PAGE_SIZE_MAX: Final = 50
"""Largest ``page_size`` of the Social management lists."""
PLATFORMS: Final = ("tiktok", "youtube", "instagram", "facebook")
PUBLICATION_STATUSES: Final = ("pending", "publishing", "published", "failed", "cancelled")
MIN_AHEAD: Final = 5 * 60
"""A ``scheduled_at`` less than this many seconds ahead is published at once by the service."""
MAX_AHEAD: Final = 90 * 86_400
"""A scheduled publication must be at most this many seconds (90 days) ahead."""


@overload
def check_account_id(field: str, value: object) -> int: ...
@overload
def check_account_id(field: str, value: object, *, optional: Literal[True]) -> int | None: ...


def check_account_id(field: str, value: object, *, optional: bool = False) -> int | None:
    """A ``platform_account_id``: a positive int (the account's ``id``); bools are refused.

    ``optional``: None passes (an unset filter).
    """
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        rule = "must be an integer account id (the id from accounts.list)"
        raise ValidationError(field, rule, value)
    if value < 1:
        raise ValidationError(field, "must be a positive account id", value)
    return value


@overload
def check_nonblank(field: str, value: object) -> str: ...
@overload
def check_nonblank(field: str, value: object, *, optional: Literal[True]) -> str | None: ...


def check_nonblank(field: str, value: object, *, optional: bool = False) -> str | None:
    """A non-blank string, sent as given (ids and object keys are not trimmed).

    ``optional``: None passes (an unset filter).
    """
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(field, "must be a non-empty string", value)
    return value


def check_enum(field: str, value: object, choices: tuple[str, ...]) -> str | None:
    """One of ``choices`` in any case (``"TikTok"`` is ``tiktok``), sent as listed; or None."""
    if value is None:
        return None
    wanted = value.strip().lower() if isinstance(value, str) else None
    for choice in choices:
        if choice.lower() == wanted:
            return choice
    raise ValidationError(field, f"must be one of {', '.join(choices)}", value)


def check_day(field: str, value: object) -> str | None:
    """A calendar date sent as ``YYYY-MM-DD``; a ``date`` (or ``datetime``) is formatted."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    rule = "must be a date in YYYY-MM-DD form (or a datetime.date)"
    if not isinstance(value, str) or len(value) != 10:
        raise ValidationError(field, rule, value)
    try:
        dt.datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        raise ValidationError(field, rule, value) from None
    return value


def check_scheduled_at(
    field: str, value: object, *, required: bool = False, now: float | None = None
) -> int | None:
    """``scheduled_at`` as unix seconds, at most 90 days after ``now`` (the local clock).

    ``value`` is an int of unix seconds or an aware ``datetime`` (a naive one is refused: its
    zone is unknown). Unless ``required``, ``None`` and ``0`` mean "publish now" (None out).
    A time under 5 minutes ahead (or past) means "publish now" too, as the seed says the
    service reads it: it is sent as the seed's most documented form of now, left out (``0``
    where the field is required), since the seed also says a schedule "must fall within 5
    minutes to 90 days".
    """
    if value is None or (value == 0 and type(value) is int):
        if required:
            raise ValidationError(field, "is required (unix seconds or an aware datetime)", value)
        return None
    if isinstance(value, dt.datetime):
        if value.utcoffset() is None:
            rule = "must be an aware datetime (a naive one has no zone); e.g. datetime.now(UTC)"
            raise ValidationError(field, rule, value)
        seconds = int(value.timestamp())
    elif isinstance(value, bool) or not isinstance(value, int):
        rule = "must be unix seconds (an int) or an aware datetime"
        raise ValidationError(field, rule, value)
    else:
        seconds = value
    if seconds < 0:
        raise ValidationError(field, "must be unix seconds (>= 0)", value)
    ahead = seconds - (time.time() if now is None else now)
    if ahead > MAX_AHEAD:
        days = ahead / 86_400
        rule = f"must be at most 90 days from now (local clock); it is {days:.1f} days ahead"
        raise ValidationError(field, rule, value)
    if ahead < MIN_AHEAD:  # published at once: the seed's own "now"
        return 0 if required else None
    return seconds
