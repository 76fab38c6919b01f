"""Client configuration: env vars, secrets in repr, owned and injected sessions, headers."""

from __future__ import annotations

import aiohttp
import pytest
from aiohttp import web

from trenz_async import ConfigurationError, TrenzClient, __version__

pytestmark = pytest.mark.anyio


async def test_config_comes_from_the_environment(monkeypatch, trenz_simulator) -> None:
    key = trenz_simulator.create_api_key()
    monkeypatch.setenv("TRENZ_API_KEY", key)
    monkeypatch.setenv("TRENZ_BASE_URL", trenz_simulator.url)
    async with TrenzClient(rate_limit_per_minute=None) as trenz:
        assert trenz.base_url == trenz_simulator.url
        page = await trenz.data.products.search(country="us")
    assert page.total > 0


async def test_missing_key_is_a_configuration_error(monkeypatch) -> None:
    monkeypatch.delenv("TRENZ_API_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="TRENZ_API_KEY"):
        TrenzClient()


async def test_bad_base_url_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="base_url"):
        TrenzClient("k", base_url="ftp://example")


async def test_default_base_url_is_production(monkeypatch) -> None:
    monkeypatch.delenv("TRENZ_BASE_URL", raising=False)
    client = TrenzClient("k")
    assert client.base_url == "https://openapi.gateway.trenz.ai"
    await client.close()


async def test_closed_client_refuses_calls(trenz_simulator, trenz_api_key) -> None:
    trenz = TrenzClient(trenz_api_key, base_url=trenz_simulator.url)
    await trenz.close()
    with pytest.raises(ConfigurationError, match="closed"):
        await trenz.data.products.search(country="us")


async def _echo_server() -> tuple[web.AppRunner, str, list[dict[str, str]]]:
    seen: list[dict[str, str]] = []

    async def handler(request: web.Request) -> web.Response:
        seen.append(dict(request.headers))
        return web.json_response({"data": {"items": [], "total_count": 0}, "request_id": "r"})

    app = web.Application()
    app.router.add_get("/open/v1/products/search", handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    return runner, f"http://127.0.0.1:{port}", seen


async def test_requests_carry_key_and_user_agent() -> None:
    runner, url, seen = await _echo_server()
    try:
        async with TrenzClient("sk_live_header_test", base_url=url) as trenz:
            await trenz.data.products.search(country="us")
    finally:
        await runner.cleanup()
    assert seen[0]["X-API-Key"] == "sk_live_header_test"
    assert seen[0]["User-Agent"].startswith(f"trenz-async/{__version__} ")


async def test_injected_session_is_used_and_left_open() -> None:
    runner, url, seen = await _echo_server()
    try:
        async with aiohttp.ClientSession() as session:
            async with TrenzClient("k", base_url=url, session=session) as trenz:
                await trenz.data.products.search(country="us")
            assert not session.closed
    finally:
        await runner.cleanup()
    assert len(seen) == 1
