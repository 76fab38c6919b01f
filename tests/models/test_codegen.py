"""The generated structure functions: attrs defaults, what they refuse, their tracebacks.

Builders never run ``__init__``: a missing field gets its default as the constructor would
give it, and a class whose ``__init__`` would do more is refused when its hook is built.
"""

from __future__ import annotations

import functools
import linecache
import traceback
from collections.abc import Sequence
from types import MappingProxyType
from typing import Any

import attrs
import pytest

from trenz_async.models import EMPTY_EXTRAS, Model, Money, make_converter
from trenz_async.models.data import Product, ProductDetail

SHAPES = {"dict": dict, "mapping": MappingProxyType}


@pytest.fixture(params=sorted(SHAPES))
def shape(request: pytest.FixtureRequest) -> Any:
    return SHAPES[request.param]


def _hook(cls: type[Model]) -> Any:
    return make_converter().get_structure_hook(cls)


# --- defaults -------------------------------------------------------------------------------


@attrs.frozen(slots=True)
class WithDefaults(Model):
    name: str
    count: int = 5
    tags: Sequence[str] = attrs.Factory(list)
    note: str | None = None


def test_a_missing_field_gets_its_default(shape: Any) -> None:
    decoded = make_converter().structure(shape({"name": "a"}), WithDefaults)
    assert (decoded.count, decoded.tags, decoded.note) == (5, [], None)
    assert attrs.asdict(decoded) == attrs.asdict(WithDefaults(name="a"))


def test_a_missing_field_gets_a_new_value_of_its_factory_each_time(shape: Any) -> None:
    converter = make_converter()
    first = converter.structure(shape({"name": "a"}), WithDefaults)
    second = converter.structure(shape({"name": "b"}), WithDefaults)
    assert first.tags == second.tags == []
    assert first.tags is not second.tags


def test_a_record_of_as_many_keys_but_one_missing_gets_the_default(shape: Any) -> None:
    # As many keys as fields lets a dict try the fast path; the missing one sends it on.
    record = {"name": "a", "count": 1, "note": None, "other": 2}
    decoded = make_converter().structure(shape(record), WithDefaults)
    assert (decoded.count, decoded.tags, dict(decoded.extras)) == (1, [], {"other": 2})


def test_a_null_field_is_none_not_its_default(shape: Any) -> None:
    decoded = make_converter().structure(shape({"name": "a", "count": None}), WithDefaults)
    built = WithDefaults(name="a", count=None)  # type: ignore[arg-type]
    assert attrs.asdict(decoded) == attrs.asdict(built) == {**attrs.asdict(built), "count": None}


def test_an_empty_string_for_an_optional_number_is_none_and_for_a_required_one_an_error(
    shape: Any,
) -> None:
    @attrs.frozen(slots=True)
    class Version(Model):
        current: int
        online: int | None = None
        ratio: float = 1.0
        label: str | None = None

    converter = make_converter()
    record = {"current": 2, "online": "", "ratio": "", "label": ""}
    decoded = converter.structure(shape(record), Version)
    assert (decoded.online, decoded.ratio, decoded.label) == (None, None, "")
    with pytest.raises(ValueError, match=r"^Version\.current: "):
        converter.structure(shape({**record, "current": ""}), Version)


def test_a_present_field_is_decoded_not_defaulted(shape: Any) -> None:
    record = {"name": "a", "count": 7.0, "tags": ["x"], "note": "n"}
    decoded = make_converter().structure(shape(record), WithDefaults)
    assert (decoded.count, decoded.tags, decoded.note) == (7, ["x"], "n")


def test_a_bad_value_of_a_defaulted_field_is_named(shape: Any) -> None:
    with pytest.raises(TypeError, match=r"^WithDefaults\.tags: expected a list, got str$"):
        make_converter().structure(shape({"name": "a", "tags": "x"}), WithDefaults)


def test_detail_warnings_default_to_an_empty_tuple(shape: Any) -> None:
    detail = make_converter().structure(shape({"item": {"id": "1"}}), ProductDetail)
    assert detail.warnings == ()
    assert detail.warnings == ProductDetail(item=detail.item).warnings


# --- refusals -------------------------------------------------------------------------------


def test_an_init_false_field_is_refused() -> None:
    @attrs.frozen(slots=True)
    class NoInit(Model):
        a: int | None = attrs.field(default=None, init=False)

    with pytest.raises(TypeError, match=r"^NoInit\.a: init=False fields are not supported"):
        _hook(NoInit)


def test_a_factory_taking_self_is_refused() -> None:
    @attrs.frozen(slots=True)
    class TakesSelf(Model):
        a: int | None = None
        b: int | None = attrs.field(default=attrs.Factory(lambda self: self.a, takes_self=True))

    with pytest.raises(TypeError, match=r"^TakesSelf\.b: Factory\(takes_self=True\) is not"):
        _hook(TakesSelf)


def test_a_class_caching_its_hash_is_refused() -> None:
    @attrs.frozen(slots=True, cache_hash=True)
    class CachedHash(Model):
        a: int | None = None

    with pytest.raises(TypeError, match=r"^CachedHash: cache_hash=True is not supported"):
        _hook(CachedHash)


def test_a_hand_written_init_is_refused() -> None:
    @attrs.frozen(slots=True)
    class HandInit(Model):
        a: int | None = None

        def __init__(self, a: int | None = None) -> None:
            object.__setattr__(self, "extras", EMPTY_EXTRAS)
            object.__setattr__(self, "a", a)

    with pytest.raises(TypeError, match=r"^HandInit: __init__ is not the one attrs generates"):
        _hook(HandInit)


def test_an_init_replaced_after_decoration_is_refused() -> None:
    @attrs.frozen(slots=True)
    class Replaced(Model):
        a: int | None = None

    generated = Replaced.__init__

    @functools.wraps(generated)
    def wrapper(self: Replaced, *args: Any, **kwargs: Any) -> None:
        generated(self, *args, **kwargs)

    Replaced.__init__ = wrapper  # type: ignore[method-assign]
    with pytest.raises(TypeError, match=r"^Replaced: __init__ is not the one attrs generates"):
        _hook(Replaced)


def test_a_class_without_an_init_of_its_own_is_refused() -> None:
    @attrs.frozen(slots=True, init=False)
    class NoOwnInit(Model):
        a: int | None = None

    class Undecorated(Product):
        __slots__ = ()

    for cls in (NoOwnInit, Undecorated):
        with pytest.raises(TypeError, match=rf"^{cls.__name__}: __init__ is not the one attrs"):
            _hook(cls)


def test_validators_and_converters_are_refused() -> None:
    @attrs.frozen(slots=True)
    class Validated(Model):
        a: int | None = attrs.field(default=None, validator=attrs.validators.instance_of(int))

    @attrs.frozen(slots=True)
    class Converted(Model):
        a: int | None = attrs.field(default=None, converter=int)

    for cls in (Validated, Converted):
        with pytest.raises(TypeError, match=rf"^{cls.__name__}\.a: .*validators or converters"):
            _hook(cls)


def test_init_hooks_are_refused() -> None:
    @attrs.frozen(slots=True)
    class PostInit(Model):
        a: int | None = None

        def __attrs_post_init__(self) -> None:
            pass

    @attrs.frozen(slots=True)
    class PreInit(Model):
        a: int | None = None

        def __attrs_pre_init__(self) -> None:
            pass

    for cls in (PostInit, PreInit):
        with pytest.raises(TypeError, match=rf"^{cls.__name__}: .*attrs init hooks"):
            _hook(cls)


# --- tracebacks -----------------------------------------------------------------------------


def _traceback_of(record: Any, cls: type[Model]) -> str:
    with pytest.raises(TypeError) as info:
        make_converter().structure(record, cls)
    return "".join(traceback.format_exception(info.value))


def test_a_decode_failure_shows_the_generated_line() -> None:
    text = _traceback_of({"product_name": "x"}, Product)
    assert 'File "<trenz_async structure trenz_async.models.data.products.Product>"' in text
    assert "if v is _MISSING: raise TypeError('Product.id: required but missing')" in text


def _twin(number: bool) -> type[Model]:
    """Two classes of one qualified name whose generated sources differ."""
    if number:

        @attrs.frozen(slots=True)
        class Twin(Model):
            a: int

        return Twin

    @attrs.frozen(slots=True)
    class Twin(Model):  # type: ignore[no-redef]
        a: str

    return Twin


def test_classes_of_one_name_keep_their_own_generated_lines() -> None:
    numbers, texts = _twin(number=True), _twin(number=False)
    numbers_text, texts_text = _traceback_of({"a": []}, numbers), _traceback_of({"a": []}, texts)
    assert "if v.__class__ is not int: v = " in numbers_text
    assert "if v.__class__ is not str: v = " in texts_text
    stem = f"<trenz_async structure {__name__}.{numbers.__qualname__}"
    assert len([name for name in linecache.cache if name.startswith(stem)]) >= 2


def test_compiling_a_class_again_reuses_its_linecache_entry() -> None:
    make_converter().structure({"id": "1"}, Product)
    before = len(linecache.cache)
    make_converter().structure({"id": "1"}, Product)
    assert len(linecache.cache) == before


# --- money ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wire", "extras"),
    [
        ({"value": 19.5, "display": "$19.50"}, {"display": "$19.50"}),
        ({"display": "$19.50"}, {"display": "$19.50"}),
        ({"unit": "USD", "value": 19.5, "display": "$19.50"}, {"display": "$19.50"}),
        ({"unit": "USD", "value": 19.5}, {}),
    ],
)
def test_money_keeps_every_key_but_unit_and_value_in_extras(
    shape: Any, wire: dict[str, Any], extras: dict[str, Any]
) -> None:
    converter = make_converter()
    assert dict(converter.structure(shape(wire), Money).extras) == extras
    product = converter.structure(shape({"id": "1", "floor_price": wire}), Product)
    assert dict(product.floor_price.extras) == extras  # type: ignore[union-attr]
