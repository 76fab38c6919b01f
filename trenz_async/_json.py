"""Compact JSON text for what the library stores (the journal, harvest outputs).

``json.dumps`` builds a fresh C encoder on every call; this module builds it once, which
saves about a third for the small objects the journal writes several times per flow.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Final

__all__ = ["compact"]


def _unknown(value: object) -> object:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _build() -> Callable[[Any], str]:
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # no C accelerator: the stdlib's own path
        return json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode
    # markers=None: no cycle check (a cycle ends in RecursionError, turned into ValueError)
    quote = json.encoder.encode_basestring
    chunks = make(None, _unknown, quote, None, ":", ",", False, False, False)

    def encode(value: Any) -> str:
        if isinstance(value, str):  # the C encoder takes containers and scalars alike
            return quote(value)
        try:
            return "".join(chunks(value, 0))
        except RecursionError:
            raise ValueError("Circular reference detected") from None

    return encode


compact: Final[Callable[[Any], str]] = _build()
"""``value`` as compact JSON text (``,``/``:`` separators, UTF-8 kept, no NaN or infinity);
TypeError for a value JSON cannot hold, ValueError for a float out of range or a cycle."""
