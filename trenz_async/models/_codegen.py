"""Generated structure functions: one straight-line function per model class.

cattrs' generic path dispatches every optional field at run time, so decoding a page of ten
products cost more CPU than the HTTP request that fetched it. Like attrs and cattrs
themselves, this builds (once per class) a function whose per-field hooks are resolved
ahead of time and whose common cases (a ``str`` that is already a ``str``, a missing
optional) cost one comparison. The converter registers it as its hook for every Model.
"""

from __future__ import annotations

import itertools
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
import cattrs

from trenz_async.models._base import EMPTY_EXTRAS, Model, Money

__all__ = ["build_model_hook", "money_fast"]

Hook = Callable[[Any, Any], Any]
_SCALARS = (str, int, float, bool)
_MISSING = object()


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


def _field_expr(tp: Any, var: str, ns: dict[str, Any], converter: cattrs.Converter) -> str:
    """A Python expression turning ``var`` (never None) into ``tp``."""
    if tp is object or tp is Any:
        return var
    name = f"_h_{len(ns)}"
    if tp in _SCALARS:
        ns[name] = converter.get_structure_hook(tp)
        return f"{var} if {var}.__class__ is {tp.__name__} else {name}({var}, None)"
    element = _element_type(tp)
    if element is not None:
        ns[name] = converter.get_structure_hook(element)
        ns[name + "_t"] = element
        return f"list(_map({name}, _as_list({var}), _repeat({name}_t)))"  # no listcomp frame
    if typing.get_origin(tp) is dict:
        return f"_as_dict({var})"
    ns[name] = converter.get_structure_hook(tp)
    ns[name + "_t"] = tp
    return f"{name}({var}, {name}_t)"


_set_money_value = Money.__dict__["value"].__set__
_set_money_unit = Money.__dict__["unit"].__set__
_set_extras = Model.__dict__["extras"].__set__


def _money_lines(var: str, where: str, required: bool) -> list[str]:
    """Code decoding ``var`` as Money in place: the usual shape inline, else the full hook."""
    test = (
        f"{var}.__class__ is dict and len({var}) == 2"
        f" and (_a := {var}.get('value')).__class__ is float"
        f" and (_u := {var}.get('unit')).__class__ is str"
    )
    return [
        f"    if {var} is not None:" if not required else "    if True:",
        f"        if {test}:",
        f"            {var} = _new(_Money)",
        f"            _set_mv({var}, _a)",
        f"            _set_mu({var}, _u)",
        f"            _set_extras_of({var}, _EMPTY)",
        "        else:",
        "            try:",
        f"                {var} = _money({var}, None)",
        "            except (TypeError, ValueError) as e:",
        f"                raise type(e)(f'{where}: {{e}}') from e",
    ]


def money_fast(value: Any) -> Money | None:
    """Money from the usual ``{"unit": str, "value": float}``; None for any other shape."""
    if value.__class__ is dict and len(value) == 2:
        amount = value.get("value")
        unit = value.get("unit")
        if amount.__class__ is float and unit.__class__ is str:
            money: Money = _new(Money)
            _set_money_value(money, amount)
            _set_money_unit(money, unit)
            _set_extras(money, EMPTY_EXTRAS)
            return money
    return None


_new = object.__new__


def _as_list(value: Any) -> list[Any]:
    if value.__class__ is not list:
        raise TypeError(f"expected a list, got {type(value).__name__}")
    return value


def _as_dict(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError(f"expected an object, got {type(value).__name__}")
    return value


def _source(cls: type[Model], ns: dict[str, Any], converter: cattrs.Converter) -> str:
    hints = typing.get_type_hints(cls)
    lines = [
        "def structure(d, _):",
        "    if d.__class__ is not dict and not isinstance(d, Mapping):",
        "        raise TypeError(f'expected an object for {cls.__name__}, got {type(d).__name__}')",
        "    g = d.get",
    ]
    args = []
    for i, field in enumerate(f for f in attrs.fields(cls) if f.name != "extras"):
        var = f"v{i}"
        required = field.default is attrs.NOTHING
        if required:
            lines += [
                f"    {var} = g({field.name!r}, _MISSING)",
                f"    if {var} is _MISSING:",
                f"        raise TypeError('{cls.__name__}.{field.name}: required but missing')",
            ]
        else:
            lines.append(f"    {var} = g({field.name!r})")
        tp = _unwrap_optional(hints[field.name])
        if tp is Money:  # five per product: inline the common {"unit": str, "value": float}
            lines += _money_lines(var, f"{cls.__name__}.{field.name}", required)
            args.append(field.name)
            continue
        expr = _field_expr(tp, var, ns, converter)
        if expr != var:  # a try block costs nothing until it catches (CPython 3.11+)
            guard = "" if required else f"if {var} is not None: "
            lines += [
                "    try:",
                f"        {guard}{var} = {expr}",
                "    except (TypeError, ValueError) as e:",
                f"        raise type(e)(f'{cls.__name__}.{field.name}: {{e}}') from e",
            ]
        args.append(field.name)
    # Build the frozen, slotted instance the way attrs' __init__ would, minus the per-field
    # object.__setattr__ dispatch: each slot's own descriptor sets it (no validators or
    # converters are declared on models, so nothing is skipped).
    lines.append("    obj = _new(cls)")
    for i, name in enumerate(args):
        ns[f"_set_{i}"] = _slot_setter(cls, name)
        lines.append(f"    _set_{i}(obj, v{i})")
    lines += [
        "    if d.keys() <= known:",
        "        _set_extras(obj, _EMPTY)",
        "    else:",
        "        _unknown(obj, d)",
        "    return obj",
    ]
    return "\n".join(lines)


def _slot_setter(cls: type[Model], name: str) -> Callable[[Any, Any], None]:
    for klass in cls.__mro__:
        descriptor = klass.__dict__.get(name)
        if descriptor is not None and hasattr(descriptor, "__set__"):
            return typing.cast(Callable[[Any, Any], None], descriptor.__set__)
    raise TypeError(f"{cls.__name__}.{name} is not a slot")


def build_model_hook(cls: type[Model], converter: cattrs.Converter, strict: bool) -> Hook:
    """Compile the structure function of ``cls``.

    Unknown fields go to ``extras``, or raise ``ValueError`` when ``strict``. A failure
    names the field (``Product.floor_price: expected money ...``); nested failures name
    the whole chain (``ProductDetail.item: Product.id: ...``).
    """
    known = frozenset(f.name for f in attrs.fields(cls) if f.name != "extras")
    set_extras = _slot_setter(cls, "extras")
    if "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__} must be an attrs class with slots")
    if any(f.validator or f.converter for f in attrs.fields(cls)):
        raise TypeError(f"{cls.__name__}: models must not declare validators or converters")

    def unknown(obj: Model, data: Mapping[str, Any]) -> None:
        extra = {k: v for k, v in data.items() if k not in known}
        if strict:
            raise ValueError(f"unknown fields for {cls.__name__}: {sorted(extra)}")
        set_extras(obj, extra)

    ns: dict[str, Any] = {
        "cls": cls,
        "known": known,
        "Mapping": Mapping,
        "_unknown": unknown,
        "_new": object.__new__,
        "_set_extras": set_extras,
        "_EMPTY": EMPTY_EXTRAS,
        "_MISSING": _MISSING,
        "_as_list": _as_list,
        "_map": map,
        "_repeat": itertools.repeat,
        "_money": converter.get_structure_hook(Money),
        "_Money": Money,
        "_set_mv": _set_money_value,
        "_set_mu": _set_money_unit,
        "_set_extras_of": _set_extras,
        "_as_dict": _as_dict,
    }
    source = _source(cls, ns, converter)
    exec(compile(source, f"<trenz_async structure {cls.__name__}>", "exec"), ns)
    return typing.cast(Hook, ns["structure"])
