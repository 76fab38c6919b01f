"""Decoding wire records into models: field types, unknown fields, errors that name the field.

Generated structure functions have a fast path (a ``dict`` carrying exactly the model's
fields) and a general path (anything else). Every rule is checked on both: a plain ``dict``
takes the fast path, the same record behind a read-only ``MappingProxyType`` the general one.
"""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

import attrs
import pytest

from trenz_async.models import EMPTY_EXTRAS, Image, MillisTimestamp, Money, make_converter
from trenz_async.models.data import Product, ProductDetail

FULL_ROW: dict[str, Any] = {
    "id": "1729384756102938475",
    "product_id": "1729384756102938475",
    "region": "US",
    "product_name": "Desk Lamp",
    "product_images": [{"url": "https://i/1.jpg", "thumb_url": "https://i/1t.jpg"}],
    "floor_price": {"unit": "USD", "value": 19.5},
    "ceiling_price": {"unit": "USD", "value": 24.0},
    "product_rating": 4.5,
    "product_sold_count": 1200,
    "product_gmv": {"unit": "USD", "value": 23400.0},
    "product_daily_sold_count": 40,
    "product_sold_count_for_last_7_days": 280,
    "product_gmv_for_last_7_days": {"unit": "USD", "value": 5460.0},
    "product_sold_count_for_last_30_days": 1200,
    "product_gmv_for_last_30_days": {"unit": "USD", "value": 23400.0},
    "free_shipping": True,
    "product_status": 3,
    "create_time": 1761875677586,
    "seller_id": "4625869987112837834",
    "shop_name": "Lamp Shop",
    "seller_type": 3,
    "seller_business_info": ["Brand"],
    "l1_category_id": "601450",
    "l1_category": "Home Supplies",
}

Shape = Callable[[dict[str, Any]], Mapping[str, Any]]
SHAPES: dict[str, Shape] = {"dict": dict, "mapping": MappingProxyType}
"""A plain dict (the fast path) and a read-only mapping (the general path)."""


def decode(record: dict[str, Any], shape: str = "dict", *, strict: bool = False) -> Product:
    converter = make_converter(strict=strict)
    return converter.structure(SHAPES[shape](record), Product)


def row(**changes: Any) -> dict[str, Any]:
    """FULL_ROW with ``changes``; a value of ``...`` removes that field."""
    merged = {**FULL_ROW, **changes}
    return {k: v for k, v in merged.items() if v is not ...}


@pytest.fixture(params=sorted(SHAPES))
def shape(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_every_field_is_decoded_to_its_type(shape: str) -> None:
    product = decode(row(), shape)
    assert type(product) is Product
    assert product.id == "1729384756102938475"
    assert product.floor_price == Money(value=19.5, unit="USD")
    assert product.product_images == [Image(url="https://i/1.jpg", thumb_url="https://i/1t.jpg")]
    assert product.product_sold_count == 1200
    assert product.free_shipping is True
    assert product.seller_business_info == ["Brand"]
    assert product.extras is EMPTY_EXTRAS


def test_both_paths_build_what_the_constructor_builds(shape: str) -> None:
    converter = make_converter()
    expected = Product(
        **{k: v for k, v in FULL_ROW.items() if k not in ("product_images",) and "price" not in k}
        | {
            "product_images": [Image(url="https://i/1.jpg", thumb_url="https://i/1t.jpg")],
            "floor_price": Money(value=19.5, unit="USD"),
            "ceiling_price": Money(value=24.0, unit="USD"),
            "product_gmv": Money(value=23400.0, unit="USD"),
            "product_gmv_for_last_7_days": Money(value=5460.0, unit="USD"),
            "product_gmv_for_last_30_days": Money(value=23400.0, unit="USD"),
            "create_time": MillisTimestamp(1761875677586),
        }
    )
    assert converter.structure(SHAPES[shape](row()), Product) == expected
    assert attrs.asdict(decode(row(), shape)) == attrs.asdict(expected)


def test_decoded_record_is_frozen(shape: str) -> None:
    product = decode(row(), shape)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        product.product_name = "changed"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        product.floor_price.value = 0.0  # type: ignore[misc, union-attr]


def test_decoded_record_pickles_copies_and_evolves(shape: str) -> None:
    product = decode(row(), shape)
    assert pickle.loads(pickle.dumps(product)) == product
    assert copy.deepcopy(product) == product
    cheaper = attrs.evolve(product, product_name="Lamp")
    assert (cheaper.product_name, cheaper.id) == ("Lamp", product.id)


def test_missing_optional_fields_and_nulls_are_none(shape: str) -> None:
    product = decode(row(product_name=..., floor_price=None, create_time=None), shape)
    assert (product.product_name, product.floor_price, product.create_time) == (None, None, None)
    assert product.extras == {}
    assert product.extras is EMPTY_EXTRAS


def test_unknown_fields_are_kept_in_extras(shape: str) -> None:
    product = decode(
        row(tiktok_new_metric=7, product_gmv_growth={"unit": "%", "value": 3.0}), shape
    )
    assert dict(product.extras) == {
        "tiktok_new_metric": 7,
        "product_gmv_growth": {"unit": "%", "value": 3.0},
    }
    assert product.get("tiktok_new_metric") == 7
    assert product.get("product_name") == "Desk Lamp"
    assert product.get("absent", "default") == "default"
    with pytest.raises(TypeError):
        product.extras["tiktok_new_metric"] = 8  # type: ignore[index]


def test_unknown_fields_are_kept_when_known_ones_are_missing(shape: str) -> None:
    product = decode(row(region=..., shop_name=..., tiktok_new_metric=7), shape)
    assert dict(product.extras) == {"tiktok_new_metric": 7}
    assert product.region is None


def test_strict_converter_refuses_unknown_fields(shape: str) -> None:
    with pytest.raises(ValueError, match=r"unknown fields for Product: \['tiktok_new_metric'\]"):
        decode(row(tiktok_new_metric=7), shape, strict=True)


def test_missing_required_field_is_named(shape: str) -> None:
    with pytest.raises(TypeError, match=r"^Product\.id: required but missing$"):
        decode(row(id=...), shape)


@pytest.mark.parametrize(
    ("sent", "read"), [("true", True), ("False", False), (1, True), (0, False)]
)
def test_a_flag_as_text_or_a_number_is_a_boolean(shape: str, sent: Any, read: bool) -> None:
    assert decode(row(free_shipping=sent), shape).free_shipping is read


def test_a_number_sent_as_money_is_its_amount(shape: str) -> None:
    rating = {"unit": "", "value": "4.5"}
    assert decode(row(product_rating=rating), shape).product_rating == 4.5


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"id": None}, TypeError, r"^Product\.id: expected a string, got NoneType$"),
        ({"product_sold_count": "many"}, ValueError, r"^Product\.product_sold_count: "),
        ({"product_sold_count": 2.5}, TypeError, r"^Product\.product_sold_count: .*2\.5"),
        ({"free_shipping": "yes"}, TypeError, r"^Product\.free_shipping: expected a boolean"),
        ({"product_rating": True}, TypeError, r"^Product\.product_rating: .*boolean"),
        ({"floor_price": True}, TypeError, r"^Product\.floor_price: expected money"),
        ({"product_images": "x.jpg"}, TypeError, r"^Product\.product_images: expected a list"),
        (
            {"product_images": [{"url": ["a.jpg"]}]},
            TypeError,
            r"^Product\.product_images: Image\.url: expected a string, got",
        ),
        ({"create_time": False}, TypeError, r"^Product\.create_time: .*boolean"),
    ],
)
def test_a_bad_value_is_named_by_its_field(
    shape: str, changes: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        decode(row(**changes), shape)


def test_a_record_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(TypeError, match=r"expected an object for Product, got list"):
        make_converter().structure([1, 2], Product)


def test_nested_failures_name_the_whole_chain() -> None:
    with pytest.raises(TypeError, match=r"^ProductDetail\.item: Product\w*\.id: required"):
        make_converter().structure({"item": {"product_name": "x"}}, ProductDetail)


def test_numeric_ids_stay_exact_strings(shape: str) -> None:
    product = decode(row(id=1729384756102938475, seller_id=4625869987.0), shape)
    assert (product.id, product.seller_id) == ("1729384756102938475", "4625869987")


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ({"unit": "USD", "value": 19.5}, Money(value=19.5, unit="USD")),
        ({"unit": "USD", "value": 19}, Money(value=19.0, unit="USD")),
        ({"value": "19.5"}, Money(value=19.5)),
        (19.5, Money(value=19.5)),
        (19, Money(value=19.0)),
    ],
)
def test_money_shapes(shape: str, wire: Any, expected: Money) -> None:
    money = decode(row(floor_price=wire), shape).floor_price
    assert money == expected
    assert type(money) is Money
    assert type(money.value) is float  # type: ignore[union-attr]


def test_money_keeps_unknown_keys_in_extras(shape: str) -> None:
    wire = {"unit": "USD", "value": 19.5, "display": "$19.50"}
    money = decode(row(floor_price=wire), shape).floor_price
    assert money == Money(value=19.5, unit="USD")
    assert dict(money.extras) == {"display": "$19.50"}  # type: ignore[union-attr]


def test_millisecond_timestamps_convert_to_utc_datetimes(shape: str) -> None:
    created = decode(row(create_time=1761875677586), shape).create_time
    assert type(created) is MillisTimestamp
    assert created == 1761875677586
    assert created.datetime == datetime(2025, 10, 31, 1, 54, 37, 586000, tzinfo=UTC)  # type: ignore[union-attr]


def test_booleans_accept_zero_and_one(shape: str) -> None:
    assert decode(row(free_shipping=0), shape).free_shipping is False
    assert decode(row(free_shipping=1), shape).free_shipping is True


def test_integral_floats_are_accepted_as_integers(shape: str) -> None:
    product = decode(row(product_sold_count=1200.0), shape)
    assert product.product_sold_count == 1200
    assert type(product.product_sold_count) is int


def test_list_items_with_unknown_fields_keep_them(shape: str) -> None:
    images = [{"url": "a.jpg", "thumb_url": "a_t.jpg", "alt": "lamp"}, {"url": "b.jpg"}]
    product = decode(row(product_images=images), shape)
    first, second = product.product_images or []
    assert (first.url, first.thumb_url, dict(first.extras)) == ("a.jpg", "a_t.jpg", {"alt": "lamp"})
    assert (second.url, second.thumb_url, second.extras) == ("b.jpg", None, EMPTY_EXTRAS)
    assert all(type(image) is Image for image in (first, second))


def test_an_empty_list_stays_an_empty_list(shape: str) -> None:
    assert decode(row(product_images=[]), shape).product_images == []


def test_converters_share_one_builder_per_model() -> None:
    for _ in range(3):
        decode(row())  # each call makes a new converter, as each client does
    builders = [cls for cls in Product.__subclasses__() if cls.__name__ == "ProductBuilder"]
    assert len(builders) == 1
