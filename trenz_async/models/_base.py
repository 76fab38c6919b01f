"""Shared model vocabulary: the base class, money, images and millisecond timestamps."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, NewType

import attrs

__all__ = [
    "EMPTY_EXTRAS",
    "WORDS",
    "Extras",
    "Image",
    "JsonText",
    "MillisTimestamp",
    "Model",
    "Money",
    "Number",
    "UnixSeconds",
    "ms_to_datetime",
    "id_text",
    "read_word",
    "word_field",
]


class Extras(Mapping[str, Any]):
    """The fields of a record that its model does not know: read-only, and picklable."""

    __slots__ = ("_fields",)

    def __init__(self, fields: Mapping[str, Any] | None = None) -> None:
        self._fields: dict[str, Any] = dict(fields) if fields else {}

    def __getitem__(self, name: str) -> Any:
        return self._fields[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)

    def __repr__(self) -> str:
        return f"Extras({self._fields!r})"

    def __reduce__(self) -> tuple[type[Extras], tuple[dict[str, Any]]]:
        return Extras, (self._fields,)


EMPTY_EXTRAS: Mapping[str, Any] = Extras()
"""The shared ``extras`` of a record that carried no unknown fields."""


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


UnixSeconds = NewType("UnixSeconds", int)
"""A time in unix seconds. Decoded from an integer as sent, and leniently from what some
producers send instead: a float (truncated), digits, or an ISO 8601 date-time (UTC when it
names no zone)."""

Number = NewType("Number", float)
"""A count or amount that is usually whole: an integer stays an integer, a fraction a float
(digits in a string are read as the number)."""

JsonText = NewType("JsonText", str)
"""A field the documents type as a string of JSON: kept as sent when it is text, and an object
or array sent as itself is kept as its compact JSON text."""

WORDS = "trenz_async.words"
"""The metadata key of a :func:`word_field`: the synonyms of its vocabulary."""


def id_text(value: Any) -> str | None:
    """An id sent as text or as a JSON number, as text (``123`` and ``123.0`` as ``"123"``);
    None for anything else."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def read_word(value: str, synonyms: Mapping[str, str]) -> str:
    """A status word as its vocabulary spells it: trimmed, lower-cased, a synonym replaced."""
    word = value.strip().lower()
    return synonyms.get(word, word)


def word_field(synonyms: Mapping[str, str]) -> Any:
    """An optional status field decoded with :func:`read_word` (``"COMPLETED"``,
    ``"Succeeded"``: producers the documents do not bind spell a status their own way)."""
    return attrs.field(default=None, metadata={WORDS: dict(synonyms)})


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
