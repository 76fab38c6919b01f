"""The HTTP control API under ``/_sim/`` (JSON, no auth): the in-process methods over the wire.

==============================  ===============================================================
route                           effect
==============================  ===============================================================
POST   /_sim/reset              ``sim.reset()``
POST   /_sim/keys               ``sim.create_api_key(**body)`` -> ``{"api_key": ...}``
GET    /_sim/keys/balance       ``?api_key=`` -> ``{"balance": n}``
POST   /_sim/tiktok_clients     ``sim.create_tiktok_client(**body)`` ->
                                ``{"client_key": ..., "client_secret": ...}``
POST   /_sim/faults             ``sim.add_fault(FaultRule(**body))`` -> the rule
DELETE /_sim/faults             ``sim.clear_faults()``
GET    /_sim/journal            ``{"entries": [...]}``
GET    /_sim/counters           ``{"counters": {...}}``
POST   /_sim/clock/advance      ``{"seconds": n}`` -> ``{"now": epoch}``
POST   /_sim/tasks              ``sim.create_task(**body)`` -> ``{"task_id": ...}``
POST   /_sim/tasks/fail_next    ``sim.fail_next_task(kind=, message=)`` (both optional)
POST   /_sim/tasks/finish       ``sim.finish_task(body["task_id"])``
GET    /_sim/test_writes        ``{"values": [...]}``
==============================  ===============================================================

Bad bodies answer 400 with ``{"error": "..."}``.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from trenz_async.testing.faults import FaultRule

if TYPE_CHECKING:
    from trenz_async.testing.server import Simulator

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


async def _body(request: web.Request) -> dict[str, Any]:
    text = await request.text()
    if not text.strip():
        return {}
    data = json.loads(text)
    if not isinstance(data, dict):
        raise TypeError("body must be a JSON object")
    return data


def _guarded(action: Callable[[dict[str, Any], web.Request], Any]) -> Handler:
    async def handler(request: web.Request) -> web.StreamResponse:
        try:
            result = action(await _body(request), request)
        except (TypeError, ValueError, KeyError) as error:
            return web.json_response({"error": str(error)}, status=400)
        return web.json_response(result)

    return handler


def control_routes(sim: Simulator) -> list[web.RouteDef]:
    """Return the ``/_sim/`` routes acting on ``sim``."""

    def reset(body: dict[str, Any], request: web.Request) -> Any:
        sim.reset()
        return {"ok": True}

    def keys(body: dict[str, Any], request: web.Request) -> Any:
        if "scopes" in body:
            body["scopes"] = tuple(body["scopes"])
        return {"api_key": sim.create_api_key(**body)}

    def balance(body: dict[str, Any], request: web.Request) -> Any:
        return {"balance": sim.balance(request.query["api_key"])}

    def tiktok_client(body: dict[str, Any], request: web.Request) -> Any:
        if "scopes" in body:
            body["scopes"] = tuple(body["scopes"])
        key, secret = sim.create_tiktok_client(**body)
        return {"client_key": key, "client_secret": secret}

    def faults(body: dict[str, Any], request: web.Request) -> Any:
        return sim.add_fault(FaultRule.from_dict(body)).to_dict()

    def clear(body: dict[str, Any], request: web.Request) -> Any:
        sim.clear_faults()
        return {"ok": True}

    def advance(body: dict[str, Any], request: web.Request) -> Any:
        sim.clock.advance(float(body["seconds"]))
        return {"now": sim.clock.now()}

    def fail_next(body: dict[str, Any], request: web.Request) -> Any:
        sim.fail_next_task(**body)
        return {"ok": True}

    def finish(body: dict[str, Any], request: web.Request) -> Any:
        sim.finish_task(body["task_id"])
        return {"ok": True}

    return [
        web.post("/_sim/reset", _guarded(reset)),
        web.post("/_sim/keys", _guarded(keys)),
        web.get("/_sim/keys/balance", _guarded(balance)),
        web.post("/_sim/tiktok_clients", _guarded(tiktok_client)),
        web.post("/_sim/faults", _guarded(faults)),
        web.delete("/_sim/faults", _guarded(clear)),
        web.get(
            "/_sim/journal", _guarded(lambda b, r: {"entries": [e.to_dict() for e in sim.journal]})
        ),
        web.get("/_sim/counters", _guarded(lambda b, r: {"counters": dict(sim.counters)})),
        web.post("/_sim/clock/advance", _guarded(advance)),
        web.post("/_sim/tasks", _guarded(lambda b, r: {"task_id": sim.create_task(**b)})),
        web.post("/_sim/tasks/fail_next", _guarded(fail_next)),
        web.post("/_sim/tasks/finish", _guarded(finish)),
        web.get("/_sim/test_writes", _guarded(lambda b, r: {"values": list(sim.test_writes)})),
    ]
