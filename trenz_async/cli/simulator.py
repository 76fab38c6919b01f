"""``trenz-async simulator``: serve the simulator, say how to reach it, log each request."""

from __future__ import annotations

import contextlib
import errno
import gc
import logging
import os
import shlex
import sys
from collections.abc import Iterator
from typing import Any

from trenz_async.cli.errors import UsageError

__all__ = ["freezing_survivors", "run_simulator", "startup_message"]

LOG_FORMAT = "%(asctime)s %(levelname)s %(message)s"
CLIENT_EXAMPLE = """\
import anyio
from trenz_async import TrenzClient
async def main():
    async with TrenzClient() as trenz:
        page = await trenz.data.products.search(country="us", page_size=2)
        print(page.total, [p.product_name for p in page.items])
anyio.run(main)"""


def startup_message(
    url: str,
    key: str,
    seed: int,
    python: str = sys.executable,
    tiktok: tuple[str, str] | None = None,
) -> str:
    """What the simulator prints once listening: its URL, a key (and a TikTok app's client
    key and secret, for short drama and research) and two requests to try."""
    search = f"{url}/open/v1/products/search?country=us&page_size=2"
    env = f"TRENZ_BASE_URL={url} TRENZ_API_KEY={key}"
    app = []
    if tiktok is not None:
        app = [
            f"TikTok app: TIKTOK_BASE_URL={url} TIKTOK_CLIENT_KEY={tiktok[0]} "
            f"TIKTOK_CLIENT_SECRET={tiktok[1]}"
        ]
    return "\n".join(
        [
            f"Trenz simulator listening on {url} (seed {seed})",
            f"API key: {key}",
            *app,
            "",
            "Try it with curl:",
            f"  curl -s -H {shlex.quote('X-API-Key: ' + key)} {shlex.quote(search)}",
            "or with the client:",
            f"  {env} {shlex.quote(python)} -c {shlex.quote(CLIENT_EXAMPLE)}",
            "",
            f"Control API under {url}/_sim/ (journal, faults, keys, clock). Ctrl-C to stop.",
        ]
    )


def _listen_error(host: str, port: int, error: OSError) -> UsageError:
    """One line for a failed bind: the port is taken or forbidden, or the host is wrong."""
    port_problem = error.errno in (errno.EADDRINUSE, errno.EACCES)
    if port_problem or error.errno == errno.EADDRNOTAVAIL:
        reason = os.strerror(error.errno or 0)  # aiohttp's own text repeats the address
    else:
        reason = error.strerror or str(error)
    option = f"--port {port}" if port_problem else f"--host {host}"
    return UsageError(f"{option}: cannot listen on {host}:{port} ({reason.lower()})")


_OLDEST = 2  # CPython's generations are 0, 1 and 2: a collection of 2 is a full one


def _freeze_after_full_collection(phase: str, info: dict[str, Any]) -> None:
    if phase == "stop" and info["generation"] == _OLDEST:
        gc.freeze()


@contextlib.contextmanager
def freezing_survivors() -> Iterator[None]:
    """Keep the server's garbage-collector pauses short while its state grows.

    The simulator forgets nothing (every session, upload and request log entry stays), so
    each full collection would walk all of it again: pauses grew to 0.4 s after a few
    hundred thousand requests, stalling every request in flight. Here what survives a full
    collection is frozen (never scanned again; still freed by reference counting), so a full
    collection walks only what came after the last one."""
    gc.freeze()  # the modules and classes loaded at start
    gc.callbacks.append(_freeze_after_full_collection)
    try:
        yield
    finally:
        gc.callbacks.remove(_freeze_after_full_collection)


async def run_simulator(*, host: str, port: int, seed: int, rate_limit: int, log_level: str) -> int:
    """Serve until cancelled (Ctrl-C); a bad option or a busy port raises :class:`UsageError`."""
    from trenz_async.testing import Simulator, run_forever

    if not 0 <= port <= 65535:
        raise UsageError(f"--port: must be between 0 and 65535, not {port}")
    if rate_limit < 0:
        raise UsageError(f"--rate-limit: must be 0 (off) or more, not {rate_limit}")
    sim = Simulator(seed, host=host, port=port, rate_limit_per_minute=rate_limit or None)
    try:
        await sim.start()
    except OSError as error:
        raise _listen_error(host, port, error) from None
    logging.basicConfig(level=log_level, format=LOG_FORMAT, stream=sys.stderr)
    app = sim.create_tiktok_client()
    print(startup_message(sim.url, sim.create_api_key(), seed, tiktok=app), flush=True)
    with freezing_survivors():
        await run_forever(sim)
    return 0
