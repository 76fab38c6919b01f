"""The one cattrs converter that turns wire JSON into models, and its named hooks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import cattrs

from trenz_async._json import compact
from trenz_async.models._base import (
    Extras,
    JsonText,
    MillisTimestamp,
    Model,
    Money,
    Number,
    UnixSeconds,
    id_text,
)
from trenz_async.models._codegen import MONEY_SHAPE, build_model_hook, money_fast

__all__ = ["make_converter"]


def _structure_str(value: Any, _: type) -> str:
    # IDs are 19-digit numbers that some producers send as JSON numbers: keep them as text.
    text = id_text(value)
    if text is None:
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return text


def _structure_money(value: Any, _: type) -> Money:
    """Money from ``{unit, value}`` (any other keys kept in ``extras``) or a bare number.

    The usual shape (:data:`MONEY_SHAPE`) is built by ``money_fast``, as generated code builds
    it inline; otherwise ``value`` becomes a float and ``unit`` text, and null stays None.
    """
    fast = money_fast(value)
    if fast is not None:
        return fast
    if value.__class__ is dict:
        amount: Any = value.get("value")
        unit: Any = value.get("unit")
        if amount is not None and amount.__class__ is not MONEY_SHAPE["value"]:
            amount = _structure_float(amount, float)
        if unit is not None and unit.__class__ is not MONEY_SHAPE["unit"]:
            unit = str(unit)
        if value.keys() <= MONEY_SHAPE.keys():
            return Money(value=amount, unit=unit)
        extras = Extras({k: v for k, v in value.items() if k not in MONEY_SHAPE})
        return Money(value=amount, unit=unit, extras=extras)
    if isinstance(value, bool):
        raise TypeError("expected money ({unit, value} or a number), got a boolean")
    if isinstance(value, (int, float, str)):
        return Money(value=float(value))
    if isinstance(value, Mapping):
        return _structure_money(dict(value), Money)
    raise TypeError(f"expected money ({{unit, value}} or a number), got {type(value).__name__}")


def _structure_ms(value: Any, _: type) -> MillisTimestamp:
    if isinstance(value, bool):
        raise TypeError("expected a millisecond timestamp, got a boolean")
    return MillisTimestamp(int(value))


def _structure_float(value: Any, _: type) -> float:
    if isinstance(value, bool):
        raise TypeError("expected a number, got a boolean")
    if isinstance(value, Mapping) and "value" in value:  # money as {unit, value}: its amount
        return _structure_float(value["value"], float)
    return float(value)


def _structure_int(value: Any, _: type) -> int:
    if isinstance(value, bool):
        raise TypeError("expected an integer, got a boolean")
    if isinstance(value, float) and not value.is_integer():
        raise TypeError(f"expected an integer, got {value}")
    return int(value)


def _structure_json_text(value: Any, _: type) -> JsonText:
    if isinstance(value, str):
        return JsonText(value)
    if isinstance(value, (dict, list)):
        return JsonText(compact(value))
    raise TypeError(f"expected JSON text, an object or an array, got {type(value).__name__}")


def _structure_number(value: Any, _: type) -> Number:
    if isinstance(value, bool):
        raise TypeError("expected a number, got a boolean")
    if isinstance(value, (int, float)):
        return Number(value)
    if isinstance(value, str):
        text = value.strip()
        return Number(int(text) if text.lstrip("-").isdigit() else float(text))
    raise TypeError(f"expected a number, got {type(value).__name__}")


def _structure_seconds(value: Any, _: type) -> UnixSeconds:
    if isinstance(value, bool):
        raise TypeError("expected unix seconds, got a boolean")
    if isinstance(value, (int, float)):
        return UnixSeconds(int(value))
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit():
            return UnixSeconds(int(text))
        try:
            when = dt.datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"expected unix seconds or an ISO 8601 time, got {value!r}") from None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        return UnixSeconds(int(when.timestamp()))
    raise TypeError(f"expected unix seconds, got {type(value).__name__}")


def _structure_bool(value: Any, _: type) -> bool:
    # Registered explicitly: bool subclasses int, so the int hook would otherwise catch it.
    # Some producers send flags as 0/1 or as "true"/"false" (TikTok's has_more does).
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise TypeError(f"expected a boolean, got {value!r}")


def _structure_any(value: Any, _: type) -> Any:
    return value


def _model_hook_factory(
    converter: cattrs.Converter, strict: bool
) -> Callable[[type[Model]], Callable[[Any, type], Model]]:
    def factory(cls: type[Model]) -> Callable[[Any, type], Model]:
        return build_model_hook(cls, converter, strict)

    return factory


def make_converter(*, strict: bool = False) -> cattrs.Converter:
    """Build the converter for every model.

    Lenient by default: unknown fields land in ``extras``. ``strict=True`` makes them an
    error, so tests notice when the wire and the models drift apart.
    """
    converter = cattrs.Converter(detailed_validation=False)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(float, _structure_float)
    converter.register_structure_hook(Money, _structure_money)
    converter.register_structure_hook(MillisTimestamp, _structure_ms)
    converter.register_structure_hook(UnixSeconds, _structure_seconds)
    converter.register_structure_hook(Number, _structure_number)
    converter.register_structure_hook(JsonText, _structure_json_text)
    converter.register_structure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, Model) and t is not Money,
        _model_hook_factory(converter, strict),
    )
    # A predicate, not a class hook: a class hook on `object` would catch every class.
    converter.register_structure_hook_func(lambda t: t is object, _structure_any)
    return converter
