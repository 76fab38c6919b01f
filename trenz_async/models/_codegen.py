"""Generated structure functions: one straight-line function per model class.

cattrs' generic path dispatches every optional field at run time, so decoding a page of ten
products cost more CPU than the HTTP request that fetched it. Like attrs and cattrs
themselves, this builds (once per class) a function whose per-field hooks are resolved
ahead of time. Each function has two paths:

- the fast path, for a ``dict`` that carries every field of the model: values are read by
  subscript, a value already of its JSON type costs one comparison, and the instance is
  filled through a *builder*: a mutable twin of the class with the same slot layout, whose
  plain attribute stores CPython specialises, switched to the frozen class at the end;
- the general path, for anything else (missing or unknown fields, a ``Mapping``, a bad
  value): ``.get`` per field, and every failure names its field. The fast path gives up on
  the first surprise and leaves the record to the general path, so the two always agree.
"""

from __future__ import annotations

import itertools
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
import cattrs

from trenz_async.models._base import EMPTY_EXTRAS, Extras, MillisTimestamp, Model, Money

__all__ = ["build_model_hook", "money_fast"]

Hook = Callable[[Any, Any], Any]
_MISSING = object()
_JSON_CLASS: dict[Any, type] = {
    str: str,
    int: int,
    float: float,
    bool: bool,
    MillisTimestamp: int,
}
"""Field types whose JSON value usually arrives as this exact class."""

_new = object.__new__


def money_fast(value: Any) -> Money | None:
    """Money from the usual ``{"unit": str, "value": float}``; None for any other shape."""
    if value.__class__ is dict and len(value) == 2:
        amount = value.get("value")
        unit = value.get("unit")
        if amount.__class__ is float and unit.__class__ is str:
            money: Any = _new(_MONEY_BUILDER)
            money.value, money.unit, money.extras = amount, unit, EMPTY_EXTRAS
            money.__class__ = Money
            return typing.cast(Money, money)
    return None


def _unwrap_optional(tp: Any) -> Any:
    """``X | None`` -> ``X``; anything else unchanged."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


def _element_type(tp: Any) -> Any | None:
    """The ``X`` of ``Sequence[X]``/``list[X]``, or None for other types."""
    if typing.get_origin(tp) in (Sequence, list) and len(typing.get_args(tp)) == 1:
        return typing.get_args(tp)[0]
    return None


def _not_list(value: Any) -> list[Any]:
    raise TypeError(f"expected a list, got {type(value).__name__}")


def _as_dict(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError(f"expected an object, got {type(value).__name__}")
    return value


def _convert_lines(
    tp: Any, required: bool, ns: dict[str, Any], converter: cattrs.Converter
) -> list[str]:
    """Statements turning ``v`` (the wire value, possibly None) into a value of ``tp``.

    A value of the wrong type raises ``TypeError`` or ``ValueError``; so does None for a
    required field (the hooks refuse it).
    """
    if tp is object or tp is Any:
        return []

    def bind(hook_type: Any) -> str:  # the hook and its type, as names in the generated code
        name = f"_h{len(ns)}"
        ns[name], ns[name + "t"] = converter.get_structure_hook(hook_type), hook_type
        return name

    otherwise = "else" if required else "elif v is not None"
    if tp is Money:  # five per product: build the usual {"unit": str, "value": float} inline
        return [
            "if v.__class__ is dict and len(v) == 2 and (a := v.get('value')).__class__"
            " is float and (u := v.get('unit')).__class__ is str:",
            "    v = _new(_MoneyBuilder); v.value = a; v.unit = u; v.extras = _EMPTY;"
            " v.__class__ = _Money",
            f"{otherwise}: v = {bind(tp)}(v, None)",
        ]
    json_class = _JSON_CLASS.get(tp)
    if json_class is tp:
        not_none = "" if required else " and v is not None"
        return [f"if v.__class__ is not {json_class.__name__}{not_none}: v = {bind(tp)}(v, None)"]
    if json_class is not None:  # a wrapper of a JSON scalar, e.g. MillisTimestamp(int)
        hook = bind(tp)
        return [
            f"if v.__class__ is {json_class.__name__}: v = {hook}t(v)",
            f"{otherwise}: v = {hook}(v, None)",
        ]
    element = _element_type(tp)
    if element is not None:
        hook = bind(element)
        return [
            f"if v.__class__ is list: v = list(_map({hook}, v, _repeat({hook}t)))",
            f"{otherwise}: _not_list(v)",
        ]
    if typing.get_origin(tp) is dict:
        return [
            f"if v.__class__ is not dict{'' if required else ' and v is not None'}: v = _as_dict(v)"
        ]
    hook = bind(tp)
    return [f"{'' if required else 'if v is not None: '}v = {hook}(v, {hook}t)"]


def _indent(lines: list[str], depth: int) -> list[str]:
    return [" " * (4 * depth) + line for line in lines]


def _source(cls: type[Model], ns: dict[str, Any], converter: cattrs.Converter) -> str:
    hints = typing.get_type_hints(cls)
    fields = [f for f in attrs.fields(cls) if f.name != "extras"]
    fast: list[str] = ["o = _new(_Builder)"]
    general: list[str] = ["g = d.get", "o = _new(_Builder)"]
    for field in fields:
        name, required = field.name, field.default is attrs.NOTHING
        convert = _convert_lines(_unwrap_optional(hints[name]), required, ns, converter)
        fast += [f"v = d[{name!r}]", *convert, f"o.{name} = v"]
        where = f"{cls.__name__}.{name}"
        if required:
            general += [
                f"v = g({name!r}, _MISSING)",
                f"if v is _MISSING: raise TypeError('{where}: required but missing')",
            ]
        else:
            general.append(f"v = g({name!r})")
        if convert:  # a try block costs nothing until it catches (CPython 3.11+)
            general += [
                "try:",
                *_indent(convert, 1),
                "except (TypeError, ValueError) as e:",
                f"    raise type(e)(f'{where}: {{e}}') from e",
            ]
        general.append(f"o.{name} = v")
    fast.append(f"o.extras = _EMPTY if len(d) == {len(fields)} else _unknown(d)")
    general.append("o.extras = _EMPTY if d.keys() <= known else _unknown(d)")
    lines = [
        "def structure(d, _):",
        f"    if d.__class__ is dict and len(d) >= {len(fields)}:",
        "        try:",
        *_indent(fast, 3),
        "            o.__class__ = cls",
        "            return o",
        "        except Exception:",
        "            pass  # an unusual shape or a bad value: the general path decodes or names it",
        "    if not isinstance(d, Mapping):",
        "        raise TypeError(f'expected an object for {cls.__name__}, got {type(d).__name__}')",
        *_indent(general, 1),
        "    o.__class__ = cls",
        "    return o",
    ]
    return "\n".join(lines)


def _builder_class(cls: type[Model]) -> type:
    """A mutable twin of ``cls``: same base, same slots, plain ``object.__setattr__``.

    An instance is filled with ordinary attribute stores, then its ``__class__`` becomes
    ``cls``; CPython allows that only between classes of identical layout, which is checked
    here once. Raises ``TypeError`` for a class that cannot have a twin.
    """
    if "__slots__" not in cls.__dict__ or len(cls.__bases__) != 1:
        raise TypeError(f"{cls.__name__} must be a slotted attrs class with a single base")
    twin = type(
        f"{cls.__name__}Builder",
        cls.__bases__,
        {
            "__slots__": cls.__dict__["__slots__"],
            "__setattr__": object.__setattr__,
            "__delattr__": object.__delattr__,
            "__module__": __name__,
        },
    )
    probe: Any = _new(twin)
    probe.__class__ = cls  # raises TypeError when the layouts differ
    return twin


_MONEY_BUILDER = _builder_class(Money)


def build_model_hook(cls: type[Model], converter: cattrs.Converter, strict: bool) -> Hook:
    """Compile the structure function of ``cls``.

    Unknown fields go to ``extras``, or raise ``ValueError`` when ``strict``. A failure
    names the field (``Product.floor_price: expected money ...``); nested failures name
    the whole chain (``ProductDetail.item: Product.id: ...``).
    """
    if any(f.validator or f.converter for f in attrs.fields(cls)):
        raise TypeError(f"{cls.__name__}: models must not declare validators or converters")
    if hasattr(cls, "__attrs_post_init__") or hasattr(cls, "__attrs_pre_init__"):
        raise TypeError(f"{cls.__name__}: models must not declare attrs init hooks")
    known = frozenset(f.name for f in attrs.fields(cls) if f.name != "extras")

    def unknown(data: Mapping[str, Any]) -> Mapping[str, Any]:
        extra = {k: v for k, v in data.items() if k not in known}
        if strict:
            raise ValueError(f"unknown fields for {cls.__name__}: {sorted(extra)}")
        return Extras(extra)

    ns: dict[str, Any] = {
        "cls": cls,
        "known": known,
        "Mapping": Mapping,
        "_Builder": _builder_class(cls),
        "_unknown": unknown,
        "_new": _new,
        "_EMPTY": EMPTY_EXTRAS,
        "_MISSING": _MISSING,
        "_map": map,
        "_repeat": itertools.repeat,
        "_not_list": _not_list,
        "_as_dict": _as_dict,
        "_Money": Money,
        "_MoneyBuilder": _MONEY_BUILDER,
    }
    source = _source(cls, ns, converter)
    exec(compile(source, f"<trenz_async structure {cls.__name__}>", "exec"), ns)
    return typing.cast(Hook, ns["structure"])
