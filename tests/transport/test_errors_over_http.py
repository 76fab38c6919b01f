"""Every documented error code, as the simulator sends it, raises its class with its fields."""

from __future__ import annotations

import pytest

from tests.helpers import sim_client
from tests.transport.test_wire import DOCUMENTED
from trenz_async import (
    AuthenticationError,
    InsufficientBalanceError,
    InvalidSortFieldError,
    NotFoundError,
    PageSizeExceededError,
    PermissionDeniedError,
    RetryPolicy,
    ServerError,
)
from trenz_async.testing import FaultRule
from trenz_async.transport import Endpoint

pytestmark = pytest.mark.anyio
SEARCH = Endpoint("Product Search", "GET", "/open/v1/products/search", "read")
NO_RETRY = RetryPolicy(max_attempts=1)


@pytest.mark.parametrize(("status", "code", "cls"), DOCUMENTED)
async def test_injected_code_raises_its_class(trenz_simulator, client, status, code, cls) -> None:
    message = f"injected {code} for the test"
    trenz_simulator.add_fault(
        FaultRule(
            route="GET /open/v1/products/search", status=status, code=code, message=message, times=5
        )
    )
    with pytest.raises(cls) as caught:
        await client.transport.request(SEARCH, params={"country": "us"})
    error = caught.value
    assert type(error) is cls
    assert (error.status, error.code, error.message) == (status, code, message)
    assert error.request_id
    assert error.docs_url
    assert code in error.docs_url
    assert message in str(error)
    assert error.request_id in str(error)


@pytest.mark.parametrize(
    ("state", "code"),
    [("revoked", "AUTH_KEY_REVOKED"), ("suspended", "AUTH_KEY_SUSPENDED")],
)
async def test_key_states_raise_authentication_error(trenz_simulator, state, code) -> None:
    key = trenz_simulator.create_api_key(state=state)
    async with sim_client(trenz_simulator, key) as trenz:
        with pytest.raises(AuthenticationError) as caught:
            await trenz.data.products.search(country="us")
    assert (caught.value.status, caught.value.code) == (401, code)
    assert len(trenz_simulator.journal) == 1  # a rejected key is not retried


async def test_unknown_key_is_auth_invalid_key(trenz_simulator) -> None:
    async with sim_client(trenz_simulator, "sk_live_not_a_real_key") as trenz:
        with pytest.raises(AuthenticationError) as caught:
            await trenz.data.products.search(country="us")
    assert caught.value.code == "AUTH_INVALID_KEY"


async def test_key_without_scope_is_permission_denied(trenz_simulator) -> None:
    key = trenz_simulator.create_api_key(scopes=())
    async with sim_client(trenz_simulator, key) as trenz:
        with pytest.raises(PermissionDeniedError) as caught:
            await trenz.data.products.search(country="us")
    assert (caught.value.status, caught.value.code) == (403, "FORBIDDEN_SCOPE")


@pytest.mark.parametrize(
    ("style", "code"), [("A", "INSUFFICIENT_BALANCE"), ("B", "INSUFFICIENT_CREDITS")]
)
async def test_empty_balance_is_insufficient_balance(trenz_simulator, style, code) -> None:
    key = trenz_simulator.create_api_key(balance=0, usage_style=style)
    async with sim_client(trenz_simulator, key) as trenz:
        with pytest.raises(InsufficientBalanceError) as caught:
            await trenz.data.products.search(country="us")
    assert (caught.value.status, caught.value.code) == (402, code)


@pytest.mark.parametrize("style", ["A", "B"])
async def test_usage_is_decoded_in_both_published_shapes(trenz_simulator, style) -> None:
    key = trenz_simulator.create_api_key(balance=100, usage_style=style)
    async with sim_client(trenz_simulator, key) as trenz:
        page = await trenz.data.products.search(country="us")
    assert page.usage is not None
    assert page.usage.cost is not None
    assert page.usage.cost > 0
    assert page.usage.balance == trenz_simulator.balance(key)


async def test_unknown_route_is_not_found(client) -> None:
    bogus = Endpoint("Nope", "GET", "/open/v1/nope", "read")
    with pytest.raises(NotFoundError) as caught:
        await client.transport.request(bogus)
    assert caught.value.code == "ROUTE_NOT_FOUND"


async def test_unknown_task_is_task_not_found(client) -> None:
    task = Endpoint("Task", "GET", "/open/v1/tasks/{task_id}", "read")
    with pytest.raises(NotFoundError) as caught:
        await client.transport.request(task, path_params={"task_id": "nope"})
    assert caught.value.code == "TASK_NOT_FOUND"


async def test_server_side_validation_agrees_with_ours(client) -> None:
    # Bypass client-side validation to see the gateway's own answers.
    with pytest.raises(PageSizeExceededError):
        await client.transport.request(SEARCH, params={"country": "us", "page_size": 50})
    with pytest.raises(InvalidSortFieldError):
        await client.transport.request(SEARCH, params={"country": "us", "sort": "nope:asc"})


async def test_html_502_from_a_proxy_is_a_server_error(trenz_simulator) -> None:
    trenz_simulator.add_fault(
        FaultRule(
            route="GET /open/v1/products/search",
            status=502,
            raw_body="<html><h1>502 Bad Gateway</h1></html>",
            content_type="text/html",
        )
    )
    key = trenz_simulator.create_api_key()
    async with sim_client(trenz_simulator, key, retry=NO_RETRY) as trenz:
        with pytest.raises(ServerError) as caught:
            await trenz.data.products.search(country="us")
    assert caught.value.status == 502
    assert "502 Bad Gateway" in caught.value.message
