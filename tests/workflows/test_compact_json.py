"""The journal's and the sinks' JSON text is the stdlib's compact form, built faster."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from trenz_async._json import compact

STDLIB = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode


@pytest.mark.parametrize(
    "value",
    [
        {"a": [1, 2.5, None, True, False, 'é\n"\\x\u2028']},
        {"nested": {"k": [{"x": 1}, []]}, "empty": {}},
        [1, (2, 3)],
        {1: "an int key", 2.5: "a float key", None: "null key", False: "bool key"},
        "text",
        -7,
        1e300,
        None,
    ],
)
def test_the_text_is_the_stdlib_compact_form(value: Any) -> None:
    assert compact(value) == STDLIB(value)


@pytest.mark.parametrize(
    ("value", "error", "text"),
    [
        ({"a": math.nan}, ValueError, "Out of range"),
        ({"a": math.inf}, ValueError, "Out of range"),
        ({"a": object()}, TypeError, "type object is not JSON serializable"),
        ({"a": {1, 2}}, TypeError, "type set is not JSON serializable"),
        ({("tuple", "key"): 1}, TypeError, "keys must be"),
    ],
)
def test_what_json_cannot_hold_is_refused(value: Any, error: type[Exception], text: str) -> None:
    with pytest.raises(error, match=text):
        compact(value)


def test_a_cycle_is_refused() -> None:
    cycle: list[object] = []
    cycle.append(cycle)
    with pytest.raises(ValueError, match="Circular reference"):
        compact(cycle)
