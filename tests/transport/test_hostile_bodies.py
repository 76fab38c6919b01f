"""Bodies a hostile or broken server sends: bounded memory, short texts, typed errors only."""

from __future__ import annotations

import gc
import tracemalloc
import zlib
from typing import Any

import pytest
from aiohttp import web

from tests.transport.hostile import envelope, error, hostile_server, products_page
from trenz_async import InvalidParamError, NotFoundError, ResponseDecodeError, ServerError
from trenz_async.errors import MAX_SERVER_TEXT, ResponseTooLargeError

pytestmark = pytest.mark.anyio
MiB = 1024 * 1024


def _gzip_bomb_chunks(decoded: int) -> list[bytes]:
    """A gzip stream of ``decoded`` zero bytes, about 1/1000 of that on the wire."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\0" * MiB
    chunks = [packer.compress(block) for _ in range(decoded // MiB)]
    chunks.append(packer.flush())
    return [c for c in chunks if c]


async def test_a_gzip_bomb_stops_at_the_size_cap_with_bounded_memory() -> None:
    chunks = _gzip_bomb_chunks(1024 * MiB)  # 1 GiB decoded
    wire = sum(map(len, chunks))

    async def bomb(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Encoding": "gzip"})
        response.content_type = "application/json"
        await response.prepare(request)
        for chunk in chunks:
            await response.write(chunk)
        await response.write_eof()
        return response

    async with hostile_server(bomb) as server, server.client(max_response_size=4 * MiB) as trenz:
        gc.collect()
        tracemalloc.start()
        try:
            with pytest.raises(ResponseTooLargeError) as caught:
                await trenz.data.products.search(country="us")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert wire < 2 * MiB
    assert caught.value.limit == 4 * MiB
    assert "max_response_size" in str(caught.value)
    assert peak < 24 * MiB, f"peak {peak / MiB:.1f} MiB while refusing a 1 GiB answer"
    assert len(server.seen) == 1  # a read too large to read is not retried


async def test_a_body_declared_larger_than_the_cap_is_not_read() -> None:
    async def huge(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Length": str(200 * MiB)})
        await response.prepare(request)
        await response.write(b"{" + b" " * MiB)  # then nothing: a client that reads would hang
        return response

    async with hostile_server(huge) as server, server.client(max_response_size=MiB) as trenz:
        with pytest.raises(ResponseTooLargeError):
            await trenz.data.products.search(country="us", deadline=5)


async def test_a_chunked_body_growing_past_the_cap_is_cut_off() -> None:
    async def endless(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        await response.prepare(request)
        for _ in range(200):  # 200 MiB if read to the end
            await response.write(b" " * MiB)
        await response.write_eof()
        return response

    async with hostile_server(endless) as server, server.client(max_response_size=MiB) as trenz:
        with pytest.raises(ResponseTooLargeError):
            await trenz.data.products.search(country="us", deadline=10)


async def test_the_default_cap_reads_a_normal_answer() -> None:
    async def fine(request: web.Request) -> web.Response:
        return envelope(products_page(3))

    async with hostile_server(fine) as server, server.client() as trenz:
        page = await trenz.data.products.search(country="us")
    assert [p.product_name for p in page] == ["p0", "p1", "p2"]


async def test_a_huge_error_message_is_shortened_but_the_body_is_kept() -> None:
    message = "x" * MiB

    async def loud(request: web.Request) -> web.Response:
        return error(400, "INVALID_PARAM", message)

    async with hostile_server(loud) as server, server.client() as trenz:
        with pytest.raises(InvalidParamError) as caught:
            await trenz.data.products.search(country="us")
    exc = caught.value
    assert exc.code == "INVALID_PARAM"
    assert len(str(exc)) < MAX_SERVER_TEXT + 200
    assert str(len(message) - MAX_SERVER_TEXT) in exc.message  # says how much was left out
    assert message in exc.body


async def test_json_nested_100000_levels_is_a_decode_error() -> None:
    deep = b'{"data": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"

    async def nested(request: web.Request) -> web.Response:
        return web.Response(body=deep, content_type="application/json")

    async with hostile_server(nested) as server, server.client() as trenz:
        with pytest.raises(ResponseDecodeError, match="nested too deeply"):
            await trenz.data.products.search(country="us")


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ({"items": {"id": "1"}}, "$.data.items"),
        ({"items": 7}, "$.data.items"),
        ({"items": True}, "$.data.items"),
        ({"items": ["a string"]}, "$.data.items[0]"),
        (None, "$.data"),
        ([{"id": "1"}], "$.data"),
        ("a string", "$.data"),
    ],
)
async def test_a_detail_of_the_wrong_shape_is_a_decode_error_naming_the_path(
    data: Any, path: str
) -> None:
    async def shaped(request: web.Request) -> web.Response:
        return envelope(data)

    async with hostile_server(shaped) as server, server.client() as trenz:
        with pytest.raises(ResponseDecodeError) as caught:
            await trenz.data.products.get("1729", country="us")
    assert str(caught.value).startswith(f"{path}:")
    assert not isinstance(caught.value, NotFoundError)


@pytest.mark.parametrize("total", [-5, 2**60, "lots", 1.5, True])
async def test_an_impossible_total_count_is_a_decode_error(total: Any) -> None:
    async def lying(request: web.Request) -> web.Response:
        return envelope(products_page(2, total=total))

    async with hostile_server(lying) as server, server.client() as trenz:
        with pytest.raises(ResponseDecodeError, match=r"\$\.data\.total_count"):
            await trenz.data.products.search(country="us")


async def test_a_pager_stops_at_the_first_empty_page_whatever_the_total_claims() -> None:
    async def pages(request: web.Request) -> web.Response:
        number = int(request.query["page"])
        return envelope(products_page(10 if number <= 2 else 0, total=1_000_000))

    async with hostile_server(pages) as server, server.client() as trenz:
        rows = await trenz.data.products.search(country="us").collect()
    assert len(rows) == 20
    assert [s.query["page"] for s in server.seen] == ["1", "2", "3"]


async def test_an_html_error_page_is_the_status_class_with_a_short_snippet() -> None:
    page = "<html>" + "<p>gateway</p>" * 100_000 + "</html>"

    async def proxy(request: web.Request) -> web.Response:
        return web.Response(status=502, text=page, content_type="text/html")

    async with hostile_server(proxy) as server, server.client() as trenz:
        with pytest.raises(ServerError) as caught:
            await trenz.data.products.search(country="us", deadline=5)
    assert caught.value.status == 502
    assert len(str(caught.value)) < MAX_SERVER_TEXT + 200
    assert caught.value.body == page
