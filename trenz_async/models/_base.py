"""Shared model vocabulary: the base class, money, images and millisecond timestamps."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

import attrs

__all__ = ["EMPTY_EXTRAS", "Image", "MillisTimestamp", "Model", "Money", "ms_to_datetime"]

EMPTY_EXTRAS: Mapping[str, Any] = MappingProxyType({})
"""The shared, read-only ``extras`` of a record that carried no unknown fields."""


def ms_to_datetime(value: int | float) -> datetime:
    """Convert a millisecond Unix timestamp to an aware UTC ``datetime``."""
    return datetime.fromtimestamp(value / 1000, tz=UTC)


class MillisTimestamp(int):
    """A millisecond Unix timestamp as sent on the wire; ``.datetime`` gives it in UTC."""

    __slots__ = ()

    @property
    def datetime(self) -> datetime:
        """This instant as an aware UTC ``datetime``."""
        return ms_to_datetime(self)


@attrs.frozen(slots=True)
class Model:
    """Base of every record decoded from an API.

    Field names are the wire's own. Fields the API sends that this version does not know
    are kept, read-only, in ``extras`` (the API adds fields, and upstream misspells some).
    """

    extras: Mapping[str, Any] = attrs.field(
        default=EMPTY_EXTRAS, kw_only=True, repr=False, eq=False
    )

    def get(self, name: str, default: Any = None) -> Any:
        """Return field ``name``, known or unknown, or ``default`` when absent or null."""
        value = getattr(self, name, None) if name != "extras" else None
        if value is None:
            value = self.extras.get(name, default)
        return default if value is None else value


@attrs.frozen(slots=True)
class Money(Model):
    """An amount of money: ``value`` in ``unit`` (a currency or region code, e.g. ``"USD"``).

    Some endpoints send a bare number; it is decoded with ``unit=None``.
    """

    value: float | None = None
    unit: str | None = None


@attrs.frozen(slots=True)
class Image(Model):
    """An image reference: full-size ``url`` and ``thumb_url``."""

    url: str | None = None
    thumb_url: str | None = None
