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
  or names the fault, so the two always agree. A field missing from the record gets its attrs
  default (or factory's value), as the constructor would give it.

A builder never runs ``__init__``, so :func:`build_model_hook` refuses a class whose
``__init__`` does more than store its arguments and defaults. The source of every function is
registered in ``linecache`` (as attrs and cattrs do), so tracebacks show the generated line.
"""

from __future__ import annotations

import itertools
import linecache
import re
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
import cattrs

from trenz_async._twins import mutable_twin
from trenz_async.models._base import (
    EMPTY_EXTRAS,
    WORDS,
    Extras,
    JsonText,
    MillisTimestamp,
    Model,
    Money,
    Number,
    UnixSeconds,
    read_word,
)

__all__ = ["MONEY_SHAPE", "build_model_hook", "money_fast"]

Hook = Callable[[Any, Any], Any]
_MISSING = object()
_JSON_CLASS: dict[Any, type] = {
    str: str,
    int: int,
    float: float,
    bool: bool,
    MillisTimestamp: int,
    UnixSeconds: int,
    Number: int,
    JsonText: str,
}
"""Field types whose JSON value usually arrives as this exact class."""


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
    required field (the hooks refuse it). An optional number, flag or timestamp sent as ``""``
    (some producers' "not set") becomes None. ``fast`` code may also raise ``KeyError``, and
    decodes lists of small models in place instead of calling their hook per element.
    """
    if tp is object or tp is Any:
        return []
    otherwise = "else" if required else f"elif {v} is not None"
    if tp is Money:  # five per product: the usual shape is built inline
        hook = _bind(tp, ns, converter)
        return [*_money_lines(v, fast=fast), f"{otherwise}: {v} = {hook}({v}, None)"]
    json_class = _JSON_CLASS.get(tp)
    if json_class is not None:
        hook = _bind(tp, ns, converter)
        convert = f"{hook}({v}, None)"
        if not required and json_class is not str:  # "" for an unset number, flag or time
            convert = f"None if {v} == '' else {convert}"
        if json_class is tp or hasattr(tp, "__supertype__"):  # a NewType: the value as is
            wrong = f"{v}.__class__ is not {json_class.__name__}"
            if not required:  # the general path meets absent fields: None is checked first
                wrong = f"{wrong} and {v} is not None" if fast else f"{v} is not None and {wrong}"
            return [f"if {wrong}: {v} = {convert}"]
        return [  # a wrapper of a JSON scalar, e.g. MillisTimestamp(int)
            f"if {v}.__class__ is {json_class.__name__}: {v} = {hook}t({v})",
            f"{otherwise}: {v} = {convert}",
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
    ns[builder], ns[builder + "c"] = mutable_twin(model), model
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
            *_word_lines(field, ns, v),
            f"{obj}.{field.name} = {v}",
        ]
    return lines


def _word_lines(field: attrs.Attribute[Any], ns: dict[str, Any], v: str) -> list[str]:
    """For a :func:`~trenz_async.models._base.word_field`: ``v`` as its vocabulary spells it."""
    synonyms = field.metadata.get(WORDS)
    if synonyms is None:
        return []
    name = f"_w{len(ns)}"
    ns[name], ns[name + "c"] = synonyms, frozenset(synonyms.values())
    return [f"if {v} is not None and {v} not in {name}c: {v} = _read_word({v}, {name})"]


def _general_fields(cls: type[Model], ns: dict[str, Any], converter: cattrs.Converter) -> list[str]:
    """General-path statements filling builder ``o`` from mapping ``d``; faults name the field.

    A missing field is refused when required, else gets its default as the constructor would:
    None without conversion, a value or a factory's result bound in ``ns`` (unconverted too).
    """
    hints = typing.get_type_hints(cls)
    lines = ["g = d.get"]
    for field in _fields(cls):
        name, default = field.name, field.default
        required, where = default is attrs.NOTHING, f"{cls.__name__}.{name}"
        convert = [
            *_convert_lines(_unwrap_optional(hints[name]), required, ns, converter, fast=False),
            *_word_lines(field, ns, "v"),
        ]
        checked = [  # a try block costs nothing until it catches (CPython 3.11+)
            "try:",
            *_indent(convert, 1),
            "except (TypeError, ValueError) as e:",
            f"    raise type(e)(f'{where}: {{e}}') from e",
        ]
        checked = checked if convert else []
        if required:
            lines += [
                f"v = g({name!r}, _MISSING)",
                f"if v is _MISSING: raise TypeError('{where}: required but missing')",
            ]
        elif default is None:
            lines.append(f"v = g({name!r})")
        else:
            lines += [
                f"v = g({name!r}, _MISSING)",
                f"if v is _MISSING: v = {_bind_default(default, ns)}",
            ]
            checked = ["else:", *_indent(checked, 1)] if checked else []
        lines += [*checked, f"o.{name} = v"]
    return lines


def _bind_default(default: Any, ns: dict[str, Any]) -> str:
    """Put a field's default (or its factory) in ``ns``; return the expression giving it."""
    name = f"_d{len(ns)}"
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        ns[name] = default.factory
        return f"{name}()"
    ns[name] = default
    return name


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
        "    if d.__class__ is not dict and not isinstance(d, Mapping):",
        "        raise TypeError(f'expected an object for {cls.__name__}, got {type(d).__name__}')",
        "    o = _Builder()",
        *_indent(general, 1),
        "    o.extras = _EMPTY if d.keys() <= known else _unknown(d)",
        "    o.__class__ = cls",
        "    return o",
    ]
    return "\n".join(lines) + "\n"


def _compile(source: str, name: str, stem: str, ns: dict[str, Any]) -> Any:
    """Run ``source`` in ``ns`` and return its function ``name``, its lines in ``linecache``.

    The file name is ``<stem>``, or ``<stem-N>`` when another source already holds that name
    (a converter compiling the same class again reuses its entry rather than adding one).
    """
    lines = source.splitlines(True)
    for n in itertools.count(1):
        filename = f"<{stem}>" if n == 1 else f"<{stem}-{n}>"
        cached = linecache.cache.setdefault(filename, (len(source), None, lines, filename))
        if cached[2:3] == (lines,):  # just added, or this very source compiled before
            break
    exec(compile(source, filename, "exec"), ns)
    return ns[name]


MONEY_SHAPE: dict[str, type] = {"value": float, "unit": str}
"""Money's usual wire shape, defined once: a ``dict`` of exactly these keys, each value of
exactly this class. Generated code and :data:`money_fast` build such a record inline; the
converter's money hook takes any other, coerces these keys and keeps every other in
``extras``."""


def _money_lines(v: str, *, fast: bool) -> list[str]:
    """An ``if`` replacing ``v`` by its ``Money`` when it has the usual shape (two lines).

    The caller may follow with ``else``/``elif``. ``fast`` code reads the keys by subscript,
    so a dict of two other keys raises ``KeyError``; otherwise by ``.get``.
    """
    names = {key: f"m{i}" for i, key in enumerate(MONEY_SHAPE)}
    get = "{v}[{k!r}]" if fast else "{v}.get({k!r})"
    tests = [
        f"({names[key]} := {get.format(v=v, k=key)}).__class__ is {cls.__name__}"
        for key, cls in MONEY_SHAPE.items()
    ]
    stores = [f"{v}.{key} = {name}" for key, name in names.items()]
    return [
        f"if {v}.__class__ is dict and len({v}) == {len(MONEY_SHAPE)} and {' and '.join(tests)}:",
        f"    {v} = _MoneyBuilder(); {'; '.join(stores)}; {v}.extras = _EMPTY;"
        f" {v}.__class__ = _Money",
    ]


_MONEY_BUILDER = mutable_twin(Money)
_MONEY_NS: dict[str, Any] = {
    "_Money": Money,
    "_MoneyBuilder": _MONEY_BUILDER,
    "_EMPTY": EMPTY_EXTRAS,
}

money_fast: Callable[[Any], Money | None] = _compile(
    "\n".join(["def money_fast(v):", *_indent(_money_lines("v", fast=False), 1)])
    + "\n        return v\n    return None\n",
    "money_fast",
    "trenz_async money_fast",
    dict(_MONEY_NS),
)
"""Money from a value of the usual shape (:data:`MONEY_SHAPE`); None for any other value."""


def _refuse_what_builders_skip(cls: type[Model]) -> None:
    """Raise ``TypeError`` when ``cls``'s constructor does more than a builder reproduces.

    A builder stores each value and fills a missing field with its default or its factory's
    result; it never calls ``__init__``, so anything else that ``__init__`` would do is lost.
    """
    for field in attrs.fields(cls):
        where = f"{cls.__name__}.{field.name}"
        if field.validator or field.converter:
            raise TypeError(f"{where}: models must not declare validators or converters")
        if not field.init:
            raise TypeError(f"{where}: init=False fields are not supported by the decoder")
        if isinstance(field.default, attrs.Factory) and field.default.takes_self:  # type: ignore[arg-type]
            raise TypeError(f"{where}: Factory(takes_self=True) is not supported by the decoder")
    if hasattr(cls, "__attrs_post_init__") or hasattr(cls, "__attrs_pre_init__"):
        raise TypeError(f"{cls.__name__}: models must not declare attrs init hooks")
    if not _init_is_generated(cls):
        raise TypeError(
            f"{cls.__name__}: __init__ is not the one attrs generates for it (hand-written,"
            " replaced, inherited or init=False); the decoder never calls __init__"
        )
    names = {field.name for field in attrs.fields(cls)} | {"__weakref__"}
    for klass in cls.__mro__:
        slots = klass.__dict__.get("__slots__", ())
        for slot in (slots,) if isinstance(slots, str) else slots:
            if slot not in names:
                cause = "cache_hash=True is" if "cached_hash" in slot else f"slot {slot!r} is"
                raise TypeError(
                    f"{cls.__name__}: {cause} not supported by the decoder (a slot that is"
                    " no field stays unset, as __init__ never runs)"
                )


def _init_is_generated(cls: type[Model]) -> bool:
    """Whether ``cls.__init__`` is the one attrs generated for ``cls`` itself.

    attrs compiles its methods under a file name naming the class: ``<attrs generated methods
    module.qualname>`` (older versions: ``init`` instead of ``methods``, and ``-N`` appended
    to keep names unique). A hand-written, wrapped, replaced or inherited ``__init__`` has
    another file name, or is not a plain function at all.
    """
    code = getattr(cls.__dict__.get("__init__"), "__code__", None)
    where = re.escape(f"{cls.__module__}.{cls.__qualname__}")
    return (
        "__attrs_attrs__" in cls.__dict__
        and code is not None
        and code.co_name == "__init__"
        and re.fullmatch(rf"<attrs generated \w+ {where}(-\d+)?>", code.co_filename) is not None
    )


def build_model_hook(cls: type[Model], converter: cattrs.Converter, strict: bool) -> Hook:
    """Compile the structure function of ``cls``.

    Unknown fields go to ``extras``, or raise ``ValueError`` when ``strict``. A failure
    names the field (``Product.floor_price: expected money ...``); nested failures name
    the whole chain (``ProductDetail.item: Product.id: ...``). Raises ``TypeError`` for a
    class the decoder cannot build as its constructor would (validators, converters, init
    hooks, ``init=False`` fields, ``Factory(takes_self=True)``, ``cache_hash=True``, an
    ``__init__`` not generated by attrs).
    """
    _refuse_what_builders_skip(cls)
    known = frozenset(f.name for f in attrs.fields(cls) if f.name != "extras")

    def unknown(data: Mapping[str, Any]) -> Mapping[str, Any]:
        extra = {k: v for k, v in data.items() if k not in known}
        if strict:
            raise ValueError(f"unknown fields for {cls.__name__}: {sorted(extra)}")
        return Extras(extra)

    ns: dict[str, Any] = {
        **_MONEY_NS,
        "cls": cls,
        "known": known,
        "Mapping": Mapping,
        "_Builder": mutable_twin(cls),
        "_unknown": unknown,
        "_MISSING": _MISSING,
        "_map": map,
        "_repeat": itertools.repeat,
        "_not_list": _not_list,
        "_as_dict": _as_dict,
        "_read_word": read_word,
    }
    source = _source(cls, ns, converter)
    stem = f"trenz_async structure {cls.__module__}.{cls.__qualname__}"
    return typing.cast(Hook, _compile(source, "structure", stem, ns))
