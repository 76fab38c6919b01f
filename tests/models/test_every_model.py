"""Every model decodes to what its constructor builds, from a minimal and from a full record.

The models are found at run time (every attrs class deriving from ``Model`` in
``trenz_async.models`` and its submodules), and each record is generated from the type hints,
so a model added later is covered without touching this file; a field of a type the
generator does not know fails loudly, to be taught here.
"""

from __future__ import annotations

import importlib
import itertools
import pkgutil
import types
import typing
from collections.abc import Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any

import attrs
import pytest

import trenz_async.models
import trenz_async.models.data
from trenz_async.models import (
    JsonText,
    MillisTimestamp,
    Model,
    Number,
    UnixSeconds,
    make_converter,
)


def _modules() -> Iterator[types.ModuleType]:
    root = trenz_async.models
    yield root
    for info in pkgutil.walk_packages(root.__path__, f"{root.__name__}."):
        yield importlib.import_module(info.name)


def _models() -> list[type[Model]]:
    found: dict[str, type[Model]] = {}
    for module in _modules():
        for obj in vars(module).values():
            # An attrs class of its own (a decoder's builder only inherits the attributes).
            if (
                isinstance(obj, type)
                and issubclass(obj, Model)
                and "__attrs_attrs__" in obj.__dict__
            ):
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return [found[name] for name in sorted(found)]


MODELS = _models()
_numbers = itertools.count(1)


def _unwrap_optional(tp: Any) -> Any:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


def _sample(tp: Any) -> tuple[Any, Any]:
    """A plausible wire value of type ``tp`` and the value the model should hold for it.

    Every call gives new numbers, so a value stored in the wrong field shows.
    """
    tp, n = _unwrap_optional(tp), next(_numbers)
    scalars: dict[Any, tuple[Any, Any]] = {
        str: (f"text {n}", f"text {n}"),
        int: (n, n),
        float: (n + 0.5, n + 0.5),
        bool: (n % 2 == 0, n % 2 == 0),
        MillisTimestamp: (1_761_875_677_000 + n, MillisTimestamp(1_761_875_677_000 + n)),
        UnixSeconds: (1_767_225_600 + n, 1_767_225_600 + n),
        Number: (n, n),
        JsonText: (f'{{"n": {n}}}', f'{{"n": {n}}}'),
        object: ({"free": [n]}, {"free": [n]}),
        Any: ({"free": [n]}, {"free": [n]}),
    }
    if tp in scalars:
        return scalars[tp]
    origin = typing.get_origin(tp)
    if origin in (Sequence, list):
        wire, value = _sample(typing.get_args(tp)[0])
        return [wire], [value]
    if origin is tuple:
        args = typing.get_args(tp)
        pairs = [_sample(args[0])] if args[1:] == (...,) else [_sample(arg) for arg in args]
        return [wire for wire, _ in pairs], tuple(value for _, value in pairs)
    if origin in (dict, Mapping):
        return {"key": n}, {"key": n}
    if isinstance(tp, type) and issubclass(tp, Model):
        return _records(tp, full=True)
    raise AssertionError(f"no sample value for {tp!r}: teach _sample this type")


def _records(cls: type[Model], *, full: bool) -> tuple[dict[str, Any], Model]:
    """A record of ``cls`` and the instance its constructor builds from the same values.

    ``full``: every field (nested models full too); otherwise the required fields only
    (nested models minimal too).
    """
    hints = typing.get_type_hints(cls)
    wire: dict[str, Any] = {}
    kwargs: dict[str, Any] = {}
    for field in attrs.fields(cls):
        required = field.default is attrs.NOTHING
        if field.name == "extras" or not (full or required):
            continue
        tp = _unwrap_optional(hints[field.name])
        if not full and isinstance(tp, type) and issubclass(tp, Model):
            wire[field.name], kwargs[field.alias] = _records(tp, full=False)
        else:
            wire[field.name], kwargs[field.alias] = _sample(tp)
    return wire, cls(**kwargs)


def _assert_same(decoded: Any, built: Any, where: str) -> None:
    """Same class and value all the way down, fields outside equality and ``extras`` too."""
    assert type(decoded) is type(built), where
    if attrs.has(type(built)):
        for field in attrs.fields(type(built)):
            name = field.name
            _assert_same(getattr(decoded, name), getattr(built, name), f"{where}.{name}")
    elif isinstance(built, list | tuple):
        assert len(decoded) == len(built), where
        for i, (d, b) in enumerate(zip(decoded, built, strict=True)):
            _assert_same(d, b, f"{where}[{i}]")
    else:
        assert decoded == built, where


def _subclasses(cls: type[Model]) -> Iterator[type[Model]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_model_is_found() -> None:
    exported = {
        obj
        for module in (trenz_async.models, trenz_async.models.data)
        for obj in (getattr(module, name) for name in module.__all__)
        if isinstance(obj, type) and issubclass(obj, Model)
    }
    defined_here = {
        cls
        for cls in _subclasses(Model)
        if cls.__module__.startswith("trenz_async.models") and "__attrs_attrs__" in cls.__dict__
    }
    assert {Model, *exported, *defined_here} <= set(MODELS)
    assert len(MODELS) >= 30


@pytest.mark.parametrize("full", [False, True], ids=["minimal", "full"])
@pytest.mark.parametrize("shape", [dict, MappingProxyType], ids=["dict", "mapping"])
@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__qualname__)
def test_decoder_builds_what_the_constructor_builds(
    cls: type[Model], full: bool, shape: type[Mapping[str, Any]], strict: bool
) -> None:
    record, built = _records(cls, full=full)
    decoded = make_converter(strict=strict).structure(shape(record), cls)  # type: ignore[call-arg]
    assert decoded == built
    assert len(decoded.extras) == 0
    assert len(built.extras) == 0
    _assert_same(decoded, built, cls.__name__)
