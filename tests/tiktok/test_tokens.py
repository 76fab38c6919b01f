"""Client-credentials tokens against the simulator: single-flight, refresh, rejection, secrecy."""

from __future__ import annotations

import logging
import traceback
from typing import Any

import anyio
import pytest

from tests.helpers import FAST_RETRY
from trenz_async import (
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    EventHooks,
    PermissionDeniedError,
    QuotaExceededError,
    RateLimitError,
    RetryPolicy,
    ServerError,
    TikTokClient,
    TrenzError,
)
from trenz_async.errors import AmbiguousOutcomeError
from trenz_async.testing import FaultRule
from trenz_async.transport import Endpoint

pytestmark = pytest.mark.anyio
QUERY = Endpoint(
    "Query Commercial Content", "POST", "/v2/research/adlib/commercial_content/query/", "read"
)
ROUTE = "POST /v2/research/adlib/commercial_content/query/"
BODY = {"filters": {"content_published_date_range": {"min": "20230102", "max": "20230109"}}}
IMAGE = Endpoint("Create Image", "POST", "/v2/sg/shortdrama/image", "write")


def _client(sim: Any, key: str, secret: str, **options: Any) -> TikTokClient:
    settings: dict[str, Any] = {"rate_limit_per_minute": None, "retry": FAST_RETRY}
    return TikTokClient(key, secret, base_url=sim.url, **{**settings, **options})


def _unlimited(sim: Any, **options: Any) -> tuple[str, str]:
    return sim.create_tiktok_client(  # type: ignore[no-any-return]
        daily_request_quota=10**6, rate_limit_per_minute=None, **options
    )


async def _query(tiktok: TikTokClient) -> Any:
    return await tiktok.transport.request(QUERY, params={"fields": "id"}, json=BODY)


async def test_a_thousand_concurrent_calls_fetch_one_token(trenz_simulator: Any) -> None:
    key, secret = _unlimited(trenz_simulator)
    async with (
        _client(trenz_simulator, key, secret, pool_limit=50) as tiktok,
        anyio.create_task_group() as group,
    ):
        for _ in range(1000):
            group.start_soon(_query, tiktok)
    assert trenz_simulator.tiktok_token_requests == 1
    assert tiktok.auth.token_requests == 1
    queries = [e for e in trenz_simulator.journal if e.path.endswith("/query/")]
    assert len(queries) == 1000
    assert all(e.status == 200 for e in queries)


async def test_expires_in_as_a_string_is_understood(trenz_simulator: Any) -> None:
    key, secret = _unlimited(trenz_simulator, expires_in_as_string=True)
    async with _client(trenz_simulator, key, secret) as tiktok:
        await _query(tiktok)
        await _query(tiktok)
    assert trenz_simulator.tiktok_token_requests == 1


async def test_a_token_answer_without_expires_in_lives_the_seeds_two_hours(
    trenz_simulator: Any,
) -> None:
    key, secret = _unlimited(trenz_simulator, expires_in_omitted=True)
    async with _client(trenz_simulator, key, secret) as tiktok:
        await _query(tiktok)
    assert trenz_simulator.tiktok_token_requests == 1  # before: the answer was refused


async def test_the_token_is_refreshed_ahead_of_expiry(trenz_simulator: Any) -> None:
    key, secret = _unlimited(trenz_simulator, token_lifetime=2)
    async with _client(trenz_simulator, key, secret) as tiktok:
        await _query(tiktok)
        await anyio.sleep(1.1)  # past half its life: renewed before the service expires it
        await _query(tiktok)
    assert trenz_simulator.tiktok_token_requests == 2
    assert all(e.status == 200 for e in trenz_simulator.journal)


@pytest.mark.parametrize("endpoint", [QUERY, IMAGE])
async def test_a_rejected_token_is_refreshed_once_and_the_call_sent_again(
    trenz_simulator: Any, endpoint: Endpoint
) -> None:
    key, secret = _unlimited(trenz_simulator)
    async with _client(trenz_simulator, key, secret) as tiktok:
        await _query(tiktok)
        trenz_simulator.revoke_tiktok_tokens(key)
        if endpoint is QUERY:
            await _query(tiktok)
        else:  # a write: a rejected request was not acted on, so re-sending it is safe
            body = {"client_key": key, "image_url": "https://example.com/cover.jpg"}
            await tiktok.transport.request(IMAGE, params={"client_key": key}, json=body)
    assert trenz_simulator.tiktok_token_requests == 2
    statuses = [e.status for e in trenz_simulator.journal if not e.path.endswith("/token/")]
    assert statuses == [200, 401, 200]


async def test_a_401_naming_no_code_is_refreshed_once_too(trenz_simulator: Any) -> None:
    key, secret = _unlimited(trenz_simulator)
    trenz_simulator.add_fault(
        FaultRule(
            route=ROUTE, status=401, raw_body="Unauthorized", content_type="text/plain", times=1
        )
    )
    async with _client(trenz_simulator, key, secret) as tiktok:
        await _query(tiktok)
    assert trenz_simulator.tiktok_token_requests == 2
    statuses = [e.status for e in trenz_simulator.journal if not e.path.endswith("/token/")]
    assert statuses == [401, 200]


async def test_a_second_rejection_stands(trenz_simulator: Any) -> None:
    key, secret = _unlimited(trenz_simulator)
    trenz_simulator.add_fault(FaultRule(route=ROUTE, status=401, times=2))
    async with _client(trenz_simulator, key, secret) as tiktok:
        with pytest.raises(AuthenticationError) as caught:
            await _query(tiktok)
    assert caught.value.code == "access_token_invalid"
    assert trenz_simulator.tiktok_token_requests == 2


async def test_a_bad_secret_is_an_authentication_error_with_the_services_message(
    trenz_simulator: Any,
) -> None:
    key, _ = _unlimited(trenz_simulator)
    async with _client(trenz_simulator, key, "wrong-secret") as tiktok:
        with pytest.raises(AuthenticationError) as caught:
            await _query(tiktok)
    assert caught.value.code == "invalid_client"
    assert caught.value.message
    assert trenz_simulator.tiktok_token_requests == 1  # a refused secret is not retried


async def test_a_non_ok_code_under_http_200_raises_its_class(trenz_simulator: Any) -> None:
    key, secret = _unlimited(trenz_simulator)
    trenz_simulator.add_fault(FaultRule(route=ROUTE, status=200, code="invalid_params", times=1))
    async with _client(trenz_simulator, key, secret) as tiktok:
        with pytest.raises(BadRequestError) as caught:
            await _query(tiktok)
    assert (caught.value.code, caught.value.status) == ("invalid_params", 400)
    assert caught.value.request_id  # TikTok's log_id


async def test_a_rate_limit_under_http_200_is_retried_even_for_a_write(
    trenz_simulator: Any,
) -> None:
    key, secret = _unlimited(trenz_simulator)
    route = "POST /v2/sg/shortdrama/image"
    trenz_simulator.add_fault(
        FaultRule(route=route, status=200, code="rate_limit_exceeded", times=1)
    )
    async with _client(trenz_simulator, key, secret) as tiktok:
        body = {"client_key": key, "image_url": "https://example.com/cover.jpg"}
        envelope = await tiktok.transport.request(IMAGE, params={"client_key": key}, json=body)
    assert envelope.data.get("open_pic_id")
    assert [e.status for e in trenz_simulator.journal if e.path.endswith("/image")] == [200, 200]


async def test_an_internal_error_on_a_write_is_ambiguous(trenz_simulator: Any) -> None:
    key, secret = _unlimited(trenz_simulator)
    trenz_simulator.add_fault(FaultRule(route="POST /v2/sg/shortdrama/image", status=500, times=1))
    async with _client(trenz_simulator, key, secret) as tiktok:
        body = {"client_key": key, "image_url": "https://example.com/cover.jpg"}
        with pytest.raises(AmbiguousOutcomeError):
            await tiktok.transport.request(IMAGE, params={"client_key": key}, json=body)


async def test_rate_limited_answers_keep_a_rate_limit_class(trenz_simulator: Any) -> None:
    key, secret = _unlimited(trenz_simulator)
    trenz_simulator.add_fault(FaultRule(route=ROUTE, status=429))
    async with _client(trenz_simulator, key, secret) as tiktok:
        with pytest.raises(RateLimitError):
            await _query(tiktok)


async def test_secret_and_tokens_never_show(trenz_simulator: Any, caplog: Any) -> None:
    caplog.set_level(logging.DEBUG, logger="trenz_async")
    key, secret = _unlimited(trenz_simulator)
    events: list[Any] = []
    hooks = EventHooks(on_request=events.append, on_response=events.append, on_retry=events.append)
    errors: list[BaseException] = []
    trenz_simulator.add_fault(FaultRule(route=ROUTE, status=503, times=1))
    async with _client(trenz_simulator, key, secret, hooks=hooks) as tiktok:
        await _query(tiktok)
        token = tiktok.auth._token
        assert token is not None
        trenz_simulator.add_fault(FaultRule(route=ROUTE, status=400, message=f"x {token.reveal()}"))
        try:
            await _query(tiktok)
        except TrenzError as exc:
            errors.append(exc)
        texts = [repr(tiktok), repr(tiktok.auth), str(vars(tiktok.transport))]
    async with _client(trenz_simulator, key, secret + "x") as wrong:
        try:
            await _query(wrong)
        except TrenzError as exc:
            errors.append(exc)
    assert len(errors) == 2
    for exc in errors:
        texts += [str(exc), repr(exc), "".join(traceback.format_exception(exc)), str(exc.body)]  # type: ignore[attr-defined]
    texts += [repr(e) for e in events] + [r.getMessage() for r in caplog.records]
    for secret_text in (secret, token.reveal()):
        assert not [text for text in texts if secret_text in text]


def test_missing_credentials_are_a_configuration_error(monkeypatch: Any) -> None:
    monkeypatch.delenv("TIKTOK_CLIENT_KEY", raising=False)
    monkeypatch.delenv("TIKTOK_CLIENT_SECRET", raising=False)
    with pytest.raises(ConfigurationError, match="TIKTOK_CLIENT_KEY"):
        TikTokClient()
    with pytest.raises(ConfigurationError, match="control character"):
        TikTokClient("key", "secret\n")


def test_a_misspelled_client_option_names_the_closest(monkeypatch: Any) -> None:
    with pytest.raises(TypeError, match="did you mean 'timeout'"):
        TikTokClient("k", "s", timout=3)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("code", "cls", "status"),
    [
        ("invalid_params", BadRequestError, 400),
        ("invalid_request", BadRequestError, 400),
        ("access_token_invalid", AuthenticationError, 401),
        ("scope_not_authorized", PermissionDeniedError, 403),
        ("rate_limit_exceeded", RateLimitError, 429),
        ("daily_quota_limit_exceeded", QuotaExceededError, 429),
        ("internal_error", ServerError, 500),
        ("timeout", ServerError, 504),
    ],
)
@pytest.mark.parametrize("http_status", [200, "documented"])
async def test_every_documented_code_raises_its_class(
    trenz_simulator: Any, code: str, cls: type[Exception], status: int, http_status: Any
) -> None:
    key, secret = _unlimited(trenz_simulator)
    sent = 200 if http_status == 200 else status
    trenz_simulator.add_fault(
        FaultRule(route=ROUTE, status=sent, code=code, message=f"says {code}")
    )
    retry = RetryPolicy(max_attempts=1)
    async with _client(trenz_simulator, key, secret, retry=retry) as tiktok:
        with pytest.raises(cls) as caught:
            await _query(tiktok)
    error: Any = caught.value
    assert (error.code, error.status) == (code, status)
    assert error.message == f"says {code}"
    assert error.request_id  # TikTok's log_id


async def test_calls_rejected_together_share_one_new_token(trenz_simulator: Any) -> None:
    key, secret = _unlimited(trenz_simulator)
    trenz_simulator.add_fault(FaultRule(route=ROUTE, latency=0.2, times=200))
    async with _client(trenz_simulator, key, secret) as tiktok:
        await _query(tiktok)
        trenz_simulator.revoke_tiktok_tokens(key)
        async with anyio.create_task_group() as group:
            for _ in range(200):  # all sent with the revoked token; their 401s arrive spread out
                group.start_soon(_query, tiktok)
    assert trenz_simulator.tiktok_token_requests == 2
    assert tiktok.auth.token_requests == 2


async def test_a_token_that_goes_stale_while_calls_queue_for_connections_is_renewed(
    trenz_simulator: Any,
) -> None:
    # Calls queue for the pool's two connections while the token ages past its refresh
    # point. A queued call that holds a connection must not wait for the new token: the
    # token request needs a connection too, and two such calls would starve it forever.
    key, secret = _unlimited(trenz_simulator, token_lifetime=1)
    trenz_simulator.add_fault(FaultRule(route=ROUTE, latency=0.1))
    async with _client(trenz_simulator, key, secret, pool_limit=2) as tiktok:
        with anyio.fail_after(15):
            async with anyio.create_task_group() as group:
                for _ in range(24):  # 1.2 s of queueing; the token is stale after 0.5 s
                    group.start_soon(_query, tiktok)
    assert trenz_simulator.tiktok_token_requests >= 2
    queries = [e for e in trenz_simulator.journal if e.path.endswith("/query/")]
    assert len(queries) == 24
    assert all(e.status == 200 for e in queries)
