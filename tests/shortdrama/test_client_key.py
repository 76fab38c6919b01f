"""The ``client-key`` header: every short-drama call names the app in it (seed 002)."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from tests.shortdrama.support import ACCOUNT, FAST, SPACE, filled_album, ticking, tiktok_client
from trenz_async.resources.shortdrama.paths import PREFIX

pytestmark = pytest.mark.anyio


async def test_every_short_drama_call_sends_the_client_key_header(
    trenz_simulator: Any, credentials: tuple[str, str]
) -> None:
    """Query subtitles has no ``client_key`` parameter: the header is its only place."""
    sent: list[tuple[str, str | None]] = []

    async def on_start(_: object, __: object, params: aiohttp.TraceRequestStartParams) -> None:
        if params.url.path.startswith(PREFIX):
            route = f"{params.method} {params.url.path.removeprefix(PREFIX)}"
            sent.append((route, params.headers.get("client-key")))

    trace = aiohttp.TraceConfig()
    trace.on_request_start.append(on_start)
    async with (
        aiohttp.ClientSession(trace_configs=[trace]) as session,
        tiktok_client(trenz_simulator, *credentials, session=session) as tiktok,
    ):
        drama = tiktok.shortdrama
        album_id, [vid] = await filled_album(tiktok, trenz_simulator)
        await drama.albums.get(album_id=album_id)
        job = await drama.subtitles.upload(
            subtitle_url="https://vod.example.com/sub/en.srt",
            language="en",
            space_name=SPACE,
            byteplus_account_id=ACCOUNT,
        )
        done = await job.wait(timeout=5, policy=FAST, on_poll=ticking(trenz_simulator))
        assert done.subtitle_id is not None
        await drama.subtitles.bind(vid=vid, subtitle_id=done.subtitle_id)
    assert {route for route, _ in sent} == {
        "POST /image",
        "POST /video",
        "GET /video",
        "POST /album/create/",
        "POST /album/update/",
        "GET /album/query/",
        "POST /subtitle/",
        "GET /subtitle/",
        "POST /subtitle/bind/",
    }
    assert {header for _, header in sent} == {credentials[0]}
    assert trenz_simulator.drama_counters["subtitle_binds"] == 1
