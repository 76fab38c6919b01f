"""The HTTP status decides re-sends, whatever the body's code says (retry table in retry.py)."""

from __future__ import annotations

import pytest
from aiohttp import web

from tests.helpers import TEST_WRITE
from tests.transport.hostile import error, hostile_server
from trenz_async import (
    AmbiguousOutcomeError,
    BadRequestError,
    NotFoundError,
    QuotaExceededError,
    RateLimitError,
    ServerError,
)
from trenz_async.transport import Endpoint

pytestmark = pytest.mark.anyio
TEST_READ = Endpoint("Test Query", "POST", "/open/v1/_test/query", "read", "test-only")


def _always(status: int, code: str) -> web.Response:
    async def answer(request: web.Request) -> web.Response:
        return error(status, code, f"{status} says {code}")

    return answer  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("status", "code"), [(500, "RATE_LIMITED"), (503, "RATE_LIMITED"), (502, "BAD_REQUEST")]
)
async def test_a_write_answered_5xx_is_ambiguous_and_sent_once_whatever_its_code(
    status: int, code: str
) -> None:
    async with hostile_server(_always(status, code)) as server, server.client() as trenz:
        with pytest.raises(AmbiguousOutcomeError) as caught:
            await trenz.transport.request(TEST_WRITE, json={"value": 1})
    assert isinstance(caught.value.cause, ServerError)
    assert caught.value.cause.code == code  # the code is kept, the class follows the status
    assert len(server.seen) == 1


async def test_a_write_answered_429_rate_limited_is_resent() -> None:
    answers = iter([error(429, "RATE_LIMITED"), web.json_response({"data": {"ok": True}})])

    async def limited_then_ok(request: web.Request) -> web.Response:
        return next(answers)

    async with hostile_server(limited_then_ok) as server, server.client() as trenz:
        envelope = await trenz.transport.request(TEST_WRITE, json={"value": 1})
    assert envelope.data == {"ok": True}
    assert len(server.seen) == 2


@pytest.mark.parametrize("kind", ["read", "write"])
async def test_429_quota_exceeded_is_never_resent(kind: str) -> None:
    async with hostile_server(_always(429, "QUOTA_EXCEEDED")) as server, server.client() as trenz:
        endpoint = TEST_WRITE if kind == "write" else TEST_READ
        with pytest.raises(QuotaExceededError):
            await trenz.transport.request(endpoint, json={"value": 1})
    assert len(server.seen) == 1


async def test_a_429_with_a_5xx_code_is_still_a_rate_limit_and_retried() -> None:
    async with hostile_server(_always(429, "INTERNAL_ERROR")) as server, server.client() as trenz:
        with pytest.raises(RateLimitError) as caught:
            await trenz.transport.request(TEST_WRITE, json={"value": 1})
    assert caught.value.code == "INTERNAL_ERROR"
    assert len(server.seen) == 4  # every attempt refused unacted, so each was safe to send


async def test_404_with_internal_error_is_a_not_found_and_not_retried() -> None:
    async with hostile_server(_always(404, "INTERNAL_ERROR")) as server, server.client() as trenz:
        with pytest.raises(NotFoundError) as caught:
            await trenz.data.products.search(country="us")
    assert (caught.value.status, caught.value.code) == (404, "INTERNAL_ERROR")
    assert len(server.seen) == 1


async def test_500_with_bad_request_is_a_server_error_and_a_read_is_retried() -> None:
    async with hostile_server(_always(500, "BAD_REQUEST")) as server, server.client() as trenz:
        with pytest.raises(ServerError) as caught:
            await trenz.data.products.search(country="us")
    assert not isinstance(caught.value, BadRequestError)
    assert (caught.value.status, caught.value.code) == (500, "BAD_REQUEST")
    assert len(server.seen) == 4


async def test_a_400_with_rate_limited_is_not_retried() -> None:
    async with hostile_server(_always(400, "RATE_LIMITED")) as server, server.client() as trenz:
        with pytest.raises(RateLimitError):
            await trenz.transport.request(TEST_WRITE, json={"value": 1})
    assert len(server.seen) == 1
