"""Checks of durations and sizes shared by the client settings and per-call options."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import attrs

from trenz_async.errors import ConfigurationError, ValidationError

__all__ = [
    "check_instant",
    "check_optional_seconds",
    "check_seconds",
    "positive_int",
    "seconds",
]


def check_seconds(field: str, value: Any) -> float:
    """A duration in seconds: a finite number > 0.

    Zero, negative, NaN and infinite values would switch aiohttp's timeout off, so they are
    refused with :class:`~trenz_async.errors.ValidationError` naming ``field``.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValidationError(field, "must be a number of seconds", value)
    if not math.isfinite(value) or value <= 0:
        raise ValidationError(field, "must be a finite number of seconds > 0", value)
    return float(value)


def check_optional_seconds(field: str, value: Any) -> float | None:
    """:func:`check_seconds`, or None for "no limit"."""
    return None if value is None else check_seconds(field, value)


def check_instant(field: str, value: Any) -> float:
    """A reading of ``time.monotonic()``: a finite number (``ValidationError`` otherwise)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValidationError(field, "must be a finite time.monotonic() reading", value)
    return float(value)


Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def seconds(owner: str, *, optional: bool = False) -> Validator:
    """An attrs validator applying :func:`check_seconds`; raises ``ConfigurationError``."""

    def check(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        try:
            verify = check_optional_seconds if optional else check_seconds
            verify(f"{owner}.{attribute.name}", value)
        except ValidationError as exc:
            raise ConfigurationError(str(exc)) from None

    return check


def positive_int(owner: str) -> Validator:
    """An attrs validator: a whole number >= 1; raises ``ConfigurationError``."""

    def check(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ConfigurationError(
                f"{owner}.{attribute.name}: must be a whole number >= 1, got {value!r}"
            )

    return check
