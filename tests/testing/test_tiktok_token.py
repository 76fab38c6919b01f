"""TikTok gateway core and the client-credentials token endpoint, over loopback HTTP."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from trenz_async.testing import FaultRule, Simulator
from trenz_async.testing.tiktok.envelope import TikTokError
from trenz_async.testing.tiktok.routing import Call, TikTokRoute

TOKEN = "/v2/oauth/token/"
PING = "/v2/_test/ping/"
pytestmark = pytest.mark.anyio


class TikTokHttp:
    """Raw aiohttp calls against the simulator's ``/v2/`` routes."""

    def __init__(self, session: aiohttp.ClientSession, sim: Simulator) -> None:
        self.session, self.sim = session, sim
        self.key, self.secret = sim.create_tiktok_client()

    async def token(self, **form: str) -> tuple[int, dict[str, str], Any]:
        fields = {"client_key": self.key, "client_secret": self.secret}
        fields |= {"grant_type": "client_credentials", **form}
        async with self.session.post(self.sim.url + TOKEN, data=fields) as r:
            return r.status, dict(r.headers), await r.json(content_type=None)

    async def access_token(self, key: str | None = None, secret: str | None = None) -> str:
        status, _, body = await self.token(
            client_key=key or self.key, client_secret=secret or self.secret
        )
        assert status == 200, body
        return str(body["access_token"])

    async def call(
        self, method: str, path: str, token: str | None, body: Any = None
    ) -> tuple[int, dict[str, str], Any]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        async with self.session.request(
            method, self.sim.url + path, json=body, headers=headers
        ) as r:
            return r.status, dict(r.headers), await r.json(content_type=None)


def _ping(call: Call) -> dict[str, Any]:
    if call.body.get("fail"):
        raise TikTokError("invalid_params", "fail was set")
    assert call.client is not None
    return {"client_key": call.client.client_key, "echo": call.body}


def _acted(sim: Simulator) -> int:
    return sim.counters.get("ping acted", 0)


@pytest.fixture
async def tt(trenz_simulator: Simulator) -> AsyncIterator[TikTokHttp]:
    sim = trenz_simulator

    def act(call: Call) -> dict[str, Any]:
        sim.tiktok.journal.bump("ping acted")
        return _ping(call)

    sim.tiktok.mount([TikTokRoute("POST", PING, "research.adlib.basic", lambda c: c, act)])
    connector = aiohttp.TCPConnector(force_close=True)
    async with aiohttp.ClientSession(connector=connector) as session:
        yield TikTokHttp(session, sim)


async def test_token_answer_is_flat_with_log_id_header(tt: TikTokHttp) -> None:
    status, headers, body = await tt.token()
    assert status == 200
    assert set(body) == {"access_token", "expires_in", "token_type"}
    assert body["access_token"].startswith("clt.")
    assert len(body["access_token"]) > 20
    assert (body["expires_in"], body["token_type"]) == (7200, "Bearer")
    assert len(headers["x-tt-logid"]) == 34
    assert tt.sim.tiktok_token_requests == 1
    assert tt.sim.counters["tiktok tokens issued"] == 1


async def test_expires_in_as_string_is_per_client(tt: TikTokHttp) -> None:
    key, secret = tt.sim.create_tiktok_client(expires_in_as_string=True)
    status, _, body = await tt.token(client_key=key, client_secret=secret)
    assert (status, body["expires_in"]) == (200, "7200")
    assert (await tt.token())[2]["expires_in"] == 7200


@pytest.mark.parametrize(
    ("form", "status", "code"),
    [
        ({"client_secret": "wrong"}, 401, "invalid_client"),
        ({"client_key": "mn0000000000000"}, 401, "invalid_client"),
        ({"client_secret": ""}, 400, "invalid_request"),
        ({"grant_type": "authorization_code"}, 400, "unsupported_grant_type"),
    ],
)
async def test_token_errors_are_flat_oauth_bodies(
    tt: TikTokHttp, form: dict[str, str], status: int, code: str
) -> None:
    got, headers, body = await tt.token(**form)
    assert (got, body["error"]) == (status, code)
    assert set(body) == {"error", "error_description", "log_id"}
    assert body["log_id"] == headers["x-tt-logid"]
    assert tt.sim.tiktok_token_requests == 1


async def test_wrong_secret_and_unknown_key_read_the_same(tt: TikTokHttp) -> None:
    first = (await tt.token(client_secret="nope"))[2]["error_description"]
    second = (await tt.token(client_key="mnffffffffffffff"))[2]["error_description"]
    assert first == second == "Client key or secret is invalid."


async def test_token_form_sent_as_json_is_refused(tt: TikTokHttp) -> None:
    body = {"client_key": tt.key, "client_secret": tt.secret, "grant_type": "client_credentials"}
    status, _, answer = await tt.call("POST", TOKEN, None, body)
    assert (status, answer["error"]) == (400, "invalid_request")


async def test_bearer_token_serves_a_scoped_route(tt: TikTokHttp) -> None:
    token = await tt.access_token()
    status, headers, body = await tt.call("POST", PING, token, {"x": 1})
    assert status == 200
    assert body["data"] == {"client_key": tt.key, "echo": {"x": 1}}
    assert (body["error"]["code"], body["error"]["message"]) == ("ok", "")
    assert body["error"]["log_id"] == headers["x-tt-logid"]
    assert "http_status_code" not in body["error"]


@pytest.mark.parametrize("token", [None, "clt.unknown"])
async def test_missing_or_unknown_token_is_401(tt: TikTokHttp, token: str | None) -> None:
    status, _, body = await tt.call("POST", PING, token, {})
    assert (status, body["error"]["code"], body["data"]) == (401, "access_token_invalid", {})
    assert _acted(tt.sim) == 0


async def test_token_expires_on_the_sim_clock(tt: TikTokHttp) -> None:
    token = await tt.access_token()
    tt.sim.clock.advance(7199)
    assert (await tt.call("POST", PING, token, {}))[0] == 200
    tt.sim.clock.advance(1)
    status, _, body = await tt.call("POST", PING, token, {})
    assert (status, body["error"]["code"]) == (401, "access_token_invalid")
    assert body["error"]["message"] == "The access token has expired."


async def test_short_token_lifetime(tt: TikTokHttp) -> None:
    key, secret = tt.sim.create_tiktok_client(token_lifetime=60)
    _, _, body = await tt.token(client_key=key, client_secret=secret)
    assert body["expires_in"] == 60
    tt.sim.clock.advance(60)
    assert (await tt.call("POST", PING, body["access_token"], {}))[0] == 401


async def test_revoked_tokens_get_401_and_a_new_token_works(tt: TikTokHttp) -> None:
    old = await tt.access_token()
    assert tt.sim.revoke_tiktok_tokens(tt.key) == 1
    assert (await tt.call("POST", PING, old, {}))[2]["error"]["code"] == "access_token_invalid"
    assert (await tt.call("POST", PING, await tt.access_token(), {}))[0] == 200
    with pytest.raises(KeyError):
        tt.sim.revoke_tiktok_tokens("mn-nobody")


async def test_expire_tiktok_tokens(tt: TikTokHttp) -> None:
    token = await tt.access_token()
    tt.sim.expire_tiktok_tokens()
    assert (await tt.call("POST", PING, token, {}))[0] == 401
    assert (await tt.call("POST", PING, await tt.access_token(), {}))[0] == 200


async def test_missing_scope_is_403(tt: TikTokHttp) -> None:
    key, secret = tt.sim.create_tiktok_client(scopes=("shortdrama.media",))
    token = await tt.access_token(key, secret)
    status, _, body = await tt.call("POST", PING, token, {})
    assert (status, body["error"]["code"]) == (403, "scope_not_authorized")
    assert _acted(tt.sim) == 0


async def test_rate_limit_per_endpoint_slides_on_the_sim_clock(tt: TikTokHttp) -> None:
    key, secret = tt.sim.create_tiktok_client(rate_limit_per_minute=3)
    token = await tt.access_token(key, secret)
    for _ in range(3):
        assert (await tt.call("POST", PING, token, {}))[0] == 200
    status, headers, body = await tt.call("POST", PING, token, {})
    assert (status, body["error"]["code"]) == (429, "rate_limit_exceeded")
    assert "Retry-After" not in headers
    assert _acted(tt.sim) == 3
    other = await tt.access_token()
    assert (await tt.call("POST", PING, other, {}))[0] == 200  # another client: own window
    tt.sim.clock.advance(60)
    assert (await tt.call("POST", PING, token, {}))[0] == 200


async def test_unknown_v2_path_is_404_in_the_envelope(tt: TikTokHttp) -> None:
    status, headers, body = await tt.call("GET", "/v2/research/nothing/", None)
    assert (status, body["error"]["code"], body["data"]) == (404, "not_found", {})
    assert body["error"]["log_id"] == headers["x-tt-logid"]
    assert (await tt.call("GET", PING, None))[0] == 404  # known path, other method


async def test_bad_json_body_is_invalid_params(tt: TikTokHttp) -> None:
    token = await tt.access_token()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    for raw in ("{", "[1]"):
        async with tt.session.post(tt.sim.url + PING, data=raw, headers=headers) as r:
            body = await r.json()
            assert (r.status, body["error"]["code"]) == (400, "invalid_params")
    status, _, body = await tt.call("POST", PING, token, {"fail": True})
    assert (status, body["error"]["message"]) == (400, "fail was set")


async def test_status_fault_can_answer_200_with_a_non_ok_code(tt: TikTokHttp) -> None:
    token = await tt.access_token()
    tt.sim.add_fault(FaultRule(route=f"POST {PING}", status=200, code="rate_limit_exceeded"))
    status, _, body = await tt.call("POST", PING, token, {})
    assert (status, body["error"]["code"]) == (200, "rate_limit_exceeded")
    assert _acted(tt.sim) == 0


async def test_status_fault_defaults_to_tiktok_codes(tt: TikTokHttp) -> None:
    tt.sim.add_fault(FaultRule(route="POST /v2/*", status=503, retry_after=4, times=1))
    status, headers, body = await tt.token()
    assert (status, body["error"], headers["Retry-After"]) == (503, "internal_error", "4")
    tt.sim.add_fault(FaultRule(route="POST /v2/*", status=504, times=1))
    status, _, body = await tt.call("POST", PING, None, {})
    assert (status, body["error"]["code"]) == (504, "timeout")
    assert tt.sim.tiktok_token_requests == 0


async def test_lose_response_acts_then_drops(tt: TikTokHttp) -> None:
    token = await tt.access_token()
    tt.sim.add_fault(FaultRule(route=f"POST {PING}", lose_response=True, times=1))
    with pytest.raises((aiohttp.ServerDisconnectedError, aiohttp.ClientOSError)):
        await tt.call("POST", PING, token, {})
    assert _acted(tt.sim) == 1
    assert tt.sim.journal[-1].status is None


async def test_journal_keeps_no_secret_or_token(tt: TikTokHttp) -> None:
    token = await tt.access_token()
    await tt.call("POST", PING, token, {"access_token": token})
    await tt.call("POST", PING, "clt.not-a-real-one", {})
    dump = json.dumps([entry.to_dict() for entry in tt.sim.journal])
    for secret in (tt.secret, token, "clt.not-a-real-one"):
        assert secret not in dump
    first, second, third = tt.sim.journal
    assert (first.route, first.key_id) == (TOKEN, tt.key)
    assert first.json["client_secret"].startswith("sha256:")
    assert second.key_id == tt.key
    assert second.json["access_token"].startswith("sha256:")
    assert third.key_id.startswith("sha256:")
    assert third.status == 401
    assert tt.sim.counters[f"POST {PING}"] == 2


async def test_reset_forgets_windows_and_keeps_tokens(tt: TikTokHttp) -> None:
    key, secret = tt.sim.create_tiktok_client(rate_limit_per_minute=1)
    token = await tt.access_token(key, secret)
    assert (await tt.call("POST", PING, token, {}))[0] == 200
    assert (await tt.call("POST", PING, token, {}))[0] == 429
    tt.sim.reset()
    assert tt.sim.tiktok_token_requests == 0
    assert (await tt.call("POST", PING, token, {}))[0] == 200


async def test_trenz_routes_are_untouched(tt: TikTokHttp) -> None:
    async with tt.session.get(tt.sim.url + "/open/v1/products/search") as r:
        assert r.status == 401
        assert "code" in await r.json()
