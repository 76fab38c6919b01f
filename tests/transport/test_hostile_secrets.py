"""A server that echoes the API key back: the key reaches no exception, log, event or record."""

from __future__ import annotations

import logging
import traceback
from typing import Any

import pytest
from aiohttp import web

from tests.transport.hostile import KEY, hostile_server, products_page
from trenz_async import (
    EventHooks,
    ResponseDecodeError,
    ResponseEvent,
    RetryEvent,
    ServerError,
    TrenzError,
)

pytestmark = pytest.mark.anyio


def _echo(request: web.Request) -> str:
    """The key the request carried, as a hostile server would reflect it."""
    return request.headers["X-API-Key"]


async def _echoes_in_the_envelope(request: web.Request) -> web.Response:
    key = _echo(request)
    page = products_page(1)
    page["items"][0]["product_name"] = f"name {key}"
    return web.json_response({"data": page, "request_id": f"req-{key}", "warnings": [key]})


async def _echoes_in_an_error(request: web.Request) -> web.Response:
    key = _echo(request)
    body = {"code": "INTERNAL_ERROR", "message": f"bad key {key}", "request_id": key}
    return web.json_response(body, status=503)


async def _echoes_in_html(request: web.Request) -> web.Response:
    return web.Response(status=502, text=f"<html>{_echo(request)}</html>", content_type="text/html")


async def _echoes_in_garbage(request: web.Request) -> web.Response:
    return web.Response(text=f'{{"data": [{_echo(request)}', content_type="application/json")


async def _echoes_escaped(request: web.Request) -> web.Response:
    escaped = "".join(f"\\u{ord(c):04x}" for c in _echo(request))  # JSON-escaped: not the bytes
    text = f'{{"code": "INTERNAL_ERROR", "message": "key {escaped}", "request_id": "{escaped}"}}'
    return web.Response(status=500, text=text, content_type="application/json")


def _all_text(caught: BaseException | None, result: Any, events: list[Any], caplog: Any) -> str:
    texts = [repr(event) for event in events]
    texts += [record.getMessage() for record in caplog.records]
    if caught is not None:
        texts += ["".join(traceback.format_exception(caught)), repr(caught)]
        texts += [str(getattr(caught, name, "")) for name in ("snippet", "body", "request_id")]
    if result is not None:
        texts += [repr(result), str(getattr(result, "request_id", ""))]
    return "\n".join(texts)


@pytest.mark.parametrize(
    "handler",
    [
        _echoes_in_the_envelope,
        _echoes_in_an_error,
        _echoes_in_html,
        _echoes_in_garbage,
        _echoes_escaped,
    ],
)
async def test_an_echoed_key_is_masked_everywhere(handler: Any, caplog: Any) -> None:
    caplog.set_level(logging.DEBUG, logger="trenz_async")
    events: list[Any] = []
    hooks = EventHooks(on_response=events.append, on_retry=events.append)
    caught: BaseException | None = None
    result: Any = None
    async with hostile_server(handler) as server, server.client(hooks=hooks) as trenz:
        try:
            result = await trenz.data.products.search(country="us")
        except TrenzError as exc:
            caught = exc
    assert events, "the scenario should have produced events"
    text = _all_text(caught, result, events, caplog)
    assert KEY not in text
    assert "********" in text  # masked, not dropped


async def test_masked_fields_keep_the_rest_of_the_server_text(caplog: Any) -> None:
    events: list[ResponseEvent] = []
    async with (
        hostile_server(_echoes_in_the_envelope) as server,
        server.client(hooks=EventHooks(on_response=events.append)) as trenz,
    ):
        page = await trenz.data.products.search(country="us")
    assert page.request_id == "req-********"
    assert page.warnings == ("********",)
    assert page.items[0].product_name == "name ********"
    assert events[0].request_id == "req-********"


async def test_an_echoed_key_in_an_error_is_masked_in_every_field() -> None:
    retries: list[RetryEvent] = []
    async with (
        hostile_server(_echoes_in_an_error) as server,
        server.client(hooks=EventHooks(on_retry=retries.append)) as trenz,
    ):
        with pytest.raises(ServerError) as caught:
            await trenz.data.products.search(country="us")
    error = caught.value
    assert (error.message, error.request_id) == ("bad key ********", "********")
    assert error.body is not None
    assert KEY not in error.body
    assert retries
    assert all(KEY not in r.reason for r in retries)


async def test_a_garbled_body_snippet_is_masked() -> None:
    async with hostile_server(_echoes_in_garbage) as server, server.client() as trenz:
        with pytest.raises(ResponseDecodeError) as caught:
            await trenz.data.products.search(country="us")
    assert "********" in caught.value.snippet
    assert KEY not in caught.value.snippet


async def test_the_key_is_not_in_the_locals_of_a_raised_errors_frames() -> None:
    async def refuse(request: web.Request) -> web.Response:
        return web.json_response({"code": "BAD_REQUEST", "message": "no"}, status=400)

    async with hostile_server(refuse) as server, server.client() as trenz:
        with pytest.raises(TrenzError) as caught:
            await trenz.data.products.search(country="us")
    shown = traceback.TracebackException.from_exception(caught.value, capture_locals=True)
    ours = [frame for frame in shown.stack if "/trenz_async/" in frame.filename]
    text = "\n".join(f"{name} = {value}" for f in ours for name, value in (f.locals or {}).items())
    assert "attempts.py" in "".join(f.filename for f in ours)  # the transport's frames are there
    assert KEY not in text
