"""The simulator logs one line per request on ``trenz_async.testing``: INFO, or WARNING if 5xx."""

from __future__ import annotations

import logging
import re

import aiohttp
import pytest

from tests.testing.conftest import Http
from trenz_async.testing import FaultRule

SEARCH = "/open/v1/products/search"
pytestmark = pytest.mark.anyio


def request_lines(caplog: pytest.LogCaptureFixture) -> list[tuple[str, str]]:
    records = [r for r in caplog.records if r.name == "trenz_async.testing"]
    return [(r.levelname, r.getMessage()) for r in records]


async def test_each_request_is_one_info_line(http: Http, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="trenz_async.testing")
    await http.get(SEARCH, country="us", page_size=2)
    await http.get(SEARCH, country="zz")
    [(level, first), (_, second)] = request_lines(caplog)
    assert level == "INFO"
    assert re.fullmatch(rf"GET {SEARCH}\?country=us&page_size=2 -> 200 in \d+\.\d ms", first)
    assert second.startswith(f"GET {SEARCH}?country=zz -> 400 in ")


async def test_server_errors_and_drops_are_warnings(
    http: Http, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="trenz_async.testing")
    http.sim.add_fault(FaultRule(route=f"GET {SEARCH}", status=503, times=1))
    await http.get(SEARCH, country="us")
    http.sim.add_fault(FaultRule(route="POST *", reset=True, times=1))
    with pytest.raises((aiohttp.ServerDisconnectedError, aiohttp.ClientOSError)):
        await http.post("/open/v1/_test/writes", {"value": 1})  # a GET would be re-sent
    [(level_503, line_503), (level_reset, line_reset)] = request_lines(caplog)
    assert (level_503, level_reset) == ("WARNING", "WARNING")
    assert " -> 503 in " in line_503
    assert " -> dropped in " in line_reset


async def test_a_key_in_the_query_is_not_logged(
    http: Http, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="trenz_async.testing")
    async with http.session.get(
        http.sim.url + "/_sim/keys/balance", params={"api_key": http.key}
    ) as answer:
        assert answer.status == 200
    [(_, line)] = request_lines(caplog)
    assert line.startswith("GET /_sim/keys/balance?api_key=*** -> 200 in ")
    assert http.key not in caplog.text
