"""Arguments that would defeat a deadline or reach another endpoint are refused before sending."""

from __future__ import annotations

import asyncio
import math
from typing import Any

import anyio
import pytest
from aiohttp import web

from tests.transport.hostile import KEY, envelope, hostile_server, products_page
from trenz_async import ConfigurationError, RetryPolicy, TrenzClient, ValidationError
from trenz_async.transport import Endpoint

pytestmark = pytest.mark.anyio
BAD_SECONDS = [0, -1, math.nan, math.inf, -math.inf]


async def _slow(request: web.Request) -> web.Response:
    await asyncio.sleep(30)
    return envelope(products_page())


@pytest.mark.parametrize("value", BAD_SECONDS)
@pytest.mark.parametrize("option", ["timeout", "deadline"])
async def test_a_call_option_that_would_disable_the_timeout_is_refused(
    option: str, value: float
) -> None:
    async with hostile_server(_slow) as server, server.client() as trenz:
        with pytest.raises(ValidationError) as caught:
            trenz.data.products.search(country="us", **{option: value})
        with pytest.raises(ValidationError):
            trenz.data.products.get("1729", country="us", **{option: value})
    assert caught.value.field == option
    assert server.seen == []


@pytest.mark.parametrize("value", ["5", [5], b"5"])
@pytest.mark.parametrize("option", ["timeout", "deadline"])
async def test_a_call_option_of_the_wrong_type_is_a_validation_error(
    option: str, value: Any
) -> None:
    async with TrenzClient(KEY) as trenz:
        with pytest.raises(ValidationError) as caught:
            trenz.data.products.search(country="us", **{option: value})
    assert caught.value.field == option


@pytest.mark.parametrize("value", BAD_SECONDS)
@pytest.mark.parametrize("setting", ["timeout", "connect_timeout"])
def test_a_client_timeout_that_would_disable_it_is_refused(setting: str, value: float) -> None:
    with pytest.raises(ConfigurationError, match=setting):
        TrenzClient(KEY, **{setting: value})


@pytest.mark.parametrize("value", BAD_SECONDS)
def test_a_policy_deadline_that_would_disable_it_is_refused(value: float) -> None:
    with pytest.raises(ConfigurationError, match="deadline"):
        RetryPolicy(deadline=value)


async def test_the_deadline_holds_against_a_server_that_never_answers() -> None:
    async with hostile_server(_slow) as server, server.client(timeout=0.3) as trenz:
        with anyio.fail_after(5):
            with pytest.raises(Exception) as caught:  # noqa: PT011 - the class is asserted below
                await trenz.data.products.search(country="us", deadline=0.6)
    assert type(caught.value).__name__ == "RequestTimeoutError"


@pytest.mark.parametrize("record_id", [".", "..", " .. ", " "])
async def test_a_dot_segment_id_is_refused_before_sending(record_id: str) -> None:
    async def ok(request: web.Request) -> web.Response:
        return envelope(products_page())

    async with hostile_server(ok) as server, server.client() as trenz:
        with pytest.raises(ValidationError) as caught:
            trenz.data.products.creators(record_id, country="us")
    assert caught.value.field == "product_id"
    assert server.seen == []


async def test_a_path_id_is_sent_as_one_opaque_segment() -> None:
    async def ok(request: web.Request) -> web.Response:
        return envelope(products_page())

    async with hostile_server(ok) as server, server.client() as trenz:
        await trenz.data.products.creators("a/../b?c", country="us")
        await trenz.data.products.creators("%2e%2e", country="us")
    paths = [seen.raw_path.split("?")[0] for seen in server.seen]
    assert paths == [
        "/open/v1/products/a%2F..%2Fb%3Fc/creators",
        "/open/v1/products/%252e%252e/creators",  # a literal id, not a dot segment
    ]


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
async def test_nan_and_infinity_filters_are_refused(value: float) -> None:
    async with TrenzClient(KEY) as trenz:
        with pytest.raises(ValidationError, match="finite") as caught:
            trenz.data.products.search(country="us", min_price=value)
    assert caught.value.field == "min_price"


@pytest.mark.parametrize("include", [5, b"core", {"core": 1}, ["core", 5]])
async def test_an_include_of_the_wrong_type_is_a_validation_error(include: Any) -> None:
    async with TrenzClient(KEY) as trenz:
        with pytest.raises(ValidationError) as caught:
            trenz.data.products.get("1729", country="us", include=include)
    assert caught.value.field == "include"


@pytest.mark.parametrize("bad", ["\n", "\r", "\0", "\t", "\x7f"])
def test_an_api_key_with_a_control_character_is_refused_without_quoting_it(bad: str) -> None:
    key = f"sk_live_SECRETPART{bad}"
    with pytest.raises(ConfigurationError) as caught:
        TrenzClient(key)
    text = f"{caught.value!s} {caught.value!r}"
    assert "SECRETPART" not in text
    assert "control character" in text


@pytest.mark.parametrize("value", ["..", ".", ""])
async def test_the_transport_itself_refuses_a_dot_segment_path_parameter(value: str) -> None:
    from trenz_async.transport import Endpoint

    endpoint = Endpoint("Probe", "GET", "/open/v1/things/{id}/parts", "read")
    async with TrenzClient(KEY) as trenz:
        with pytest.raises(ValidationError) as caught:
            trenz.transport.request(endpoint, path_params={"id": value})
    assert caught.value.field == "id"


@pytest.mark.parametrize("value", [math.nan, math.inf, object()])
async def test_a_body_json_cannot_hold_is_refused_before_sending(value: object) -> None:
    presign = Endpoint("Presign", "POST", "/open/v1/social/upload/presigned-url", "write")
    async with hostile_server(_slow) as server, server.client() as trenz:
        with pytest.raises(ValidationError) as caught:
            trenz.transport.request(presign, json={"file_name": "a.mp4", "x": value})
    assert caught.value.field == "body"
    assert "must be JSON" in caught.value.rule
    assert server.seen == []
