"""Generated structure functions: one straight-line function per model class.

cattrs' generic path dispatches every optional field at run time, so decoding a page of ten
products cost more CPU than the HTTP request that fetched it. Like attrs and cattrs
themselves, this builds (once per class) a function whose per-field hooks are resolved
ahead of time. Each function has two paths:

- the fast path, for a ``dict`` that carries every field of the model: values are read by
  subscript, a value already of its JSON type costs one comparison (others go through the
  same hooks as below), lists of small models are decoded in place, and the instance is
  filled through a *builder*: a subclass of the frozen class adding no slots, whose plain
  attribute stores CPython specialises, switched to the frozen class at the end;
- the general path, for anything else (missing or unknown fields, a ``Mapping``): ``.get``
  per field, and every failure names its field. When the fast path meets a fault (a missing
  field, a value no hook accepts) it drops its work and the general path decodes the record
  or names the fault, so the two always agree.
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


def money_fast(value: Any) -> Money | None:
    """Money from the usual ``{"unit": str, "value": float}``; None for any other shape."""
    if value.__class__ is dict and len(value) == 2:
        amount = value.get("value")
        unit = value.get("unit")
        if amount.__class__ is float and unit.__class__ is str:
            money: Any = _MONEY_BUILDER()
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
    tp: Any,
    required: bool,
    ns: dict[str, Any],
    converter: cattrs.Converter,
    *,
    fast: bool,
    v: str = "v",
) -> list[str]:
    """Statements turning variable ``v`` (the wire value, maybe None) into a value of ``tp``.

    A value of the wrong type raises ``TypeError`` or ``ValueError``; so does None for a
    required field (the hooks refuse it). ``fast`` code may also raise ``KeyError``, and
    decodes lists of small models in place instead of calling their hook per element.
    """
    if tp is object or tp is Any:
        return []
    otherwise = "else" if required else f"elif {v} is not None"
    if tp is Money:  # five per product: build the usual {"unit": str, "value": float} inline
        get = "{v}[{k!r}]" if fast else "{v}.get({k!r})"
        value, unit = get.format(v=v, k="value"), get.format(v=v, k="unit")
        return [
            f"if {v}.__class__ is dict and len({v}) == 2 and (a := {value}).__class__ is float"
            f" and (u := {unit}).__class__ is str:",
            f"    {v} = _MoneyBuilder(); {v}.value = a; {v}.unit = u; {v}.extras = _EMPTY;"
            f" {v}.__class__ = _Money",
            f"{otherwise}: {v} = {_bind(tp, ns, converter)}({v}, None)",
        ]
    json_class = _JSON_CLASS.get(tp)
    if json_class is tp:
        not_none = "" if required else f" and {v} is not None"
        hook = _bind(tp, ns, converter)
        return [f"if {v}.__class__ is not {json_class.__name__}{not_none}: {v} = {hook}({v}, None)"]
    if json_class is not None:  # a wrapper of a JSON scalar, e.g. MillisTimestamp(int)
        hook = _bind(tp, ns, converter)
        return [
            f"if {v}.__class__ is {json_class.__name__}: {v} = {hook}t({v})",
            f"{otherwise}: {v} = {hook}({v}, None)",
        ]
    element = _element_type(tp)
    if element is not None:
        hook = _bind(element, ns, converter)
        if fast and _is_leaf_model(element):
            each = _inline_element(element, hook, ns, converter, items=v)
            return [
                f"if {v}.__class__ is list:",
                *_indent(each, 1),
                f"    {v} = w",
                f"{otherwise}: _not_list({v})",
            ]
        return [
            f"if {v}.__class__ is list: {v} = list(_map({hook}, {v}, _repeat({hook}t)))",
            f"{otherwise}: _not_list({v})",
        ]
    if typing.get_origin(tp) is dict:
        not_none = "" if required else f" and {v} is not None"
        return [f"if {v}.__class__ is not dict{not_none}: {v} = _as_dict({v})"]
    hook = _bind(tp, ns, converter)
    return [f"{'' if required else f'if {v} is not None: '}{v} = {hook}({v}, {hook}t)"]


def _bind(tp: Any, ns: dict[str, Any], converter: cattrs.Converter) -> str:
    """Put the hook for ``tp`` (and ``tp`` itself, as ``<name>t``) in ``ns``; return its name."""
    name = f"_h{len(ns)}"
    ns[name], ns[name + "t"] = converter.get_structure_hook(tp), tp
    return name


def _is_leaf_model(tp: Any) -> bool:
    """A model whose fields are all scalars or money: small enough to decode inline."""
    if not (isinstance(tp, type) and issubclass(tp, Model)) or tp is Money:
        return False
    hints = typing.get_type_hints(tp)
    leaf_types = {*_JSON_CLASS, Money, object, Any}
    return all(_unwrap_optional(hints[f.name]) in leaf_types for f in _fields(tp))


def _inline_element(
    model: type[Model], hook: str, ns: dict[str, Any], converter: cattrs.Converter, *, items: str
) -> list[str]:
    """A loop decoding list ``items`` of ``model`` records into list ``w`` (fast path only)."""
    builder = f"_b{len(ns)}"
    ns[builder], ns[builder + "c"] = _builder_class(model), model
    count = len(_fields(model))
    return [
        "w = []",
        f"for e in {items}:",
        f"    if e.__class__ is dict and len(e) == {count}:",
        f"        x = {builder}()",
        *_indent(_fast_fields(model, ns, converter, record="e", obj="x", v="y"), 2),
        f"        x.extras = _EMPTY; x.__class__ = {builder}c",
        "    else:",
        f"        x = {hook}(e, {hook}t)",
        "    w.append(x)",
    ]


def _fields(cls: type[Model]) -> list[attrs.Attribute[Any]]:
    return [f for f in attrs.fields(cls) if f.name != "extras"]


def _fast_fields(
    cls: type[Model],
    ns: dict[str, Any],
    converter: cattrs.Converter,
    *,
    record: str,
    obj: str,
    v: str,
) -> list[str]:
    """Fast-path statements filling builder ``obj`` from dict ``record`` (every field present)."""
    hints = typing.get_type_hints(cls)
    lines: list[str] = []
    for field in _fields(cls):
        tp, required = _unwrap_optional(hints[field.name]), field.default is attrs.NOTHING
        lines += [
            f"{v} = {record}[{field.name!r}]",
            *_convert_lines(tp, required, ns, converter, fast=True, v=v),
            f"{obj}.{field.name} = {v}",
        ]
    return lines


def _general_fields(cls: type[Model], ns: dict[str, Any], converter: cattrs.Converter) -> list[str]:
    """General-path statements filling builder ``o`` from mapping ``d``; faults name the field."""
    hints = typing.get_type_hints(cls)
    lines = ["g = d.get"]
    for field in _fields(cls):
        name, required = field.name, field.default is attrs.NOTHING
        where = f"{cls.__name__}.{name}"
        if required:
            lines += [
                f"v = g({name!r}, _MISSING)",
                f"if v is _MISSING: raise TypeError('{where}: required but missing')",
            ]
        else:
            lines.append(f"v = g({name!r})")
        convert = _convert_lines(_unwrap_optional(hints[name]), required, ns, converter, fast=False)
        if convert:  # a try block costs nothing until it catches (CPython 3.11+)
            lines += [
                "try:",
                *_indent(convert, 1),
                "except (TypeError, ValueError) as e:",
                f"    raise type(e)(f'{where}: {{e}}') from e",
            ]
        lines.append(f"o.{name} = v")
    return lines


def _indent(lines: list[str], depth: int) -> list[str]:
    return [" " * (4 * depth) + line for line in lines]


def _source(cls: type[Model], ns: dict[str, Any], converter: cattrs.Converter) -> str:
    count = len(_fields(cls))
    fast = _fast_fields(cls, ns, converter, record="d", obj="o", v="v")
    general = _general_fields(cls, ns, converter)
    lines = [
        "def structure(d, _):",
        f"    if d.__class__ is dict and len(d) >= {count}:",
        "        try:",
        "            o = _Builder()",
        *_indent(fast, 3),
        f"            o.extras = _EMPTY if len(d) == {count} else _unknown(d)",
        "            o.__class__ = cls",
        "            return o",
        "        except Exception:",
        "            pass  # an unusual shape or a bad value: the general path decodes or names it",
        "    if not isinstance(d, Mapping):",
        "        raise TypeError(f'expected an object for {cls.__name__}, got {type(d).__name__}')",
        "    o = _Builder()",
        *_indent(general, 1),
        "    o.extras = _EMPTY if d.keys() <= known else _unknown(d)",
        "    o.__class__ = cls",
        "    return o",
    ]
    return "\n".join(lines)


_BUILDERS: dict[type[Model], type] = {}
"""One builder per model class, shared by every converter (each client has its own)."""


def _builder_class(cls: type[Model]) -> type:
    """A mutable twin of ``cls``: a subclass adding no slots, with plain ``object.__setattr__``.

    An instance is filled with ordinary attribute stores, then its ``__class__`` becomes
    ``cls``. CPython allows that only between classes of the same layout; a subclass that adds
    no slots has it by construction (and the check is cheapest). Checked here once; raises
    ``TypeError`` for a class that cannot have a twin.
    """
    if cls in _BUILDERS:
        return _BUILDERS[cls]
    if "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__} must be a slotted attrs class")
    twin = type(
        f"{cls.__name__}Builder",
        (cls,),
        {
            "__slots__": (),
            "__init__": object.__init__,  # so that `twin()` is the cheapest allocation
            "__setattr__": object.__setattr__,
            "__delattr__": object.__delattr__,
            "__module__": __name__,
        },
    )
    probe: Any = twin()
    probe.__class__ = cls  # raises TypeError when the layouts differ
    _BUILDERS[cls] = twin
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
