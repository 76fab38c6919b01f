"""JSON on the hot paths: the compact text sent and stored is the stdlib's compact form, and
parsed answers are what ``json.loads`` gives (or refuses), only faster."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

import pytest

from trenz_async._json import compact, parse

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


@pytest.mark.parametrize(
    "data",
    [
        b'{"code":0,"data":{"a":[1,2.5,null,true,false],"t":"\\u00e9\\n"},"message":"ok"}',
        '{"title":"caf\u00e9 \U0001f600"}'.encode(),
        b"[1,2,3]",
        b"{}",
        b"[]",
        b'{"big":123456789012345678901234567890,"f":1e400,"n":NaN}',
        b' {"padded":1} ',
        b'{"a":1}\n',
        b"\xef\xbb\xbf{}",  # a byte-order mark
        '{"utf16":1}'.encode("utf-16"),
        b'{"lone":"\xed\xa0\x80"}',  # a lone surrogate, as json.loads allows it
        b"7",
        b'"text"',
        b"null",
    ],
)
def test_parse_gives_what_json_loads_gives(data: bytes) -> None:
    assert repr(parse(data)) == repr(json.loads(data))


@pytest.mark.parametrize(
    "data",
    [
        b'{"a":1}{"b":2}',  # extra data after the object
        b'{"a":1]',
        b"{]",
        b'{"a":}',
        b"{\"a\":'x'}",
        b"[1,2,]",
        b'{"a":1,}',
        b"{\xff}",
        b"[",
        b"",
        b"<html>502</html>",
    ],
)
def test_parse_refuses_what_json_loads_refuses_with_its_words(data: bytes) -> None:
    expected, got = _refusal(json.loads, data), _refusal(parse, data)
    assert type(got) is type(expected)
    assert str(got) == str(expected)


def _refusal(decode: Callable[[bytes], Any], data: bytes) -> ValueError:
    try:
        decode(data)
    except ValueError as error:
        return error
    pytest.fail(f"{decode} accepted {data!r}")


def test_parse_says_when_nesting_is_too_deep() -> None:
    with pytest.raises(RecursionError):
        parse(b"[" * 100_000 + b"]" * 100_000)
