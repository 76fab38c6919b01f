"""JSON on the hot paths: compact text for what the library sends and stores (request
bodies, the journal, harvest outputs), and parsing of the answers.

``json.dumps`` builds a fresh C encoder on every call; :func:`compact` builds it once, which
saves about a third for the small objects sent and journalled several times per flow.
``json.loads`` on bytes sniffs the encoding and strips whitespace around the value with
regular expressions; :func:`parse` goes straight to the C scanner for the usual answer.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Final

__all__ = ["compact", "parse"]


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


_scan: Final[Callable[[str, int], tuple[Any, int]]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]
"""The stdlib decoder's scanner (the C one when there is one): a value and where it ends."""


def parse(data: bytes) -> Any:
    """``json.loads(data)``: the same value, and the same error for anything it refuses.

    The usual answer (UTF-8, one object or array, nothing around it) goes straight to the
    scanner; anything else (whitespace, a byte-order mark, UTF-16, bad JSON) is left to
    ``json.loads``, so its handling and its error messages are the stdlib's own.
    """
    if data.startswith((b"{", b"[")) and data.endswith((b"}", b"]")):
        try:
            text = data.decode()
            value, end = _scan(text, 0)
        except (UnicodeDecodeError, StopIteration, ValueError):
            pass  # json.loads decides, and says why
        else:
            if end == len(text):
                return value
    return json.loads(data)
