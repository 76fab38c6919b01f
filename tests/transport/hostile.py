"""A misbehaving server for transport tests: real aiohttp on loopback, one handler per test.

``async with hostile_server(handler) as server:`` serves every path with ``handler`` and
records what arrived (method, raw path, query, headers) in ``server.seen``.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import attrs
from aiohttp import web
from aiohttp.test_utils import TestServer

from tests.helpers import FAST_RETRY
from trenz_async import TrenzClient

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
KEY = "sk_live_hostile0123456789abcdef"
"""The API key the hostile tests use (and that the hostile server echoes back)."""


@attrs.define
class Seen:
    method: str
    raw_path: str
    query: dict[str, str]
    headers: dict[str, str]


@attrs.define
class HostileServer:
    url: str
    seen: list[Seen]

    def client(self, **options: Any) -> TrenzClient:
        """A client on this server: fast retries, no client-side rate limit, the test key."""
        settings: dict[str, Any] = {"rate_limit_per_minute": None, "retry": FAST_RETRY}
        return TrenzClient(KEY, base_url=self.url, **{**settings, **options})


@asynccontextmanager
async def hostile_server(handler: Handler) -> AsyncIterator[HostileServer]:
    """Serve ``handler`` for every method and path on 127.0.0.1."""
    seen: list[Seen] = []

    async def record(request: web.Request) -> web.StreamResponse:
        seen.append(
            Seen(request.method, request.raw_path, dict(request.query), dict(request.headers))
        )
        return await handler(request)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", record)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        yield HostileServer(str(server.make_url("")).rstrip("/"), seen)
    finally:
        await server.close()


def envelope(data: Any, **extra: Any) -> web.Response:
    """A 200 answer in the Trenz envelope."""
    return web.json_response({"data": data, "request_id": "req-1", **extra})


def error(status: int, code: str, message: str = "boom", **extra: Any) -> web.Response:
    """An error answer in the Trenz error shape."""
    body = {"code": code, "message": message, "request_id": "req-err", **extra}
    return web.Response(status=status, text=json.dumps(body), content_type="application/json")


def products_page(count: int = 2, total: Any = None) -> dict[str, Any]:
    """``data`` of a search page with ``count`` minimal products."""
    items = [{"id": str(1729000000000000000 + i), "product_name": f"p{i}"} for i in range(count)]
    return {"items": items, "total_count": count if total is None else total}
