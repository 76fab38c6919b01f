"""The gateway pipeline: journal, faults, routing, auth, scope, quota, rate limit, billing.

Order for every request outside ``/_sim/``::

    fault (latency / reset / status / raw body) -> route match -> auth -> scope -> quota
    -> rate limit -> validate -> charge -> act (refund on 5xx) -> lose_response fault -> answer

and the request is journaled at the end with what it got.
"""

from __future__ import annotations

import asyncio
import json
import time
from email.utils import formatdate
from typing import Any

from aiohttp import web

from trenz_async.testing.clock import SimClock
from trenz_async.testing.faults import DEFAULT_FAULT_CODES, FaultEngine, FaultRule
from trenz_async.testing.journal import Journal, JournalEntry
from trenz_async.testing.trenz.envelope import (
    SimError,
    error_body,
    new_request_id,
    success_body,
)
from trenz_async.testing.trenz.keys import KeyState, KeyStore
from trenz_async.testing.trenz.routing import Call, Reply, Route, Router


class Dropped(Exception):
    """The connection was aborted on purpose; nothing is to be written."""


class Gateway:
    """Serves gateway requests for one simulator's state."""

    def __init__(
        self, router: Router, keys: KeyStore, faults: FaultEngine, journal: Journal, clock: SimClock
    ) -> None:
        self.router = router
        self.keys = keys
        self.faults = faults
        self.journal = journal
        self.clock = clock

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Answer one request through the whole pipeline and journal it."""
        now = self.clock.now()
        query = dict(request.query.items())
        text = await request.text() if request.can_read_body else ""
        method, path = request.method, request.path
        secret = _secret(request)
        rule = self.faults.pick(method, path)
        status: int | None = None
        try:
            response = await self._serve(request, method, path, query, text, secret, rule)
            status = response.status
            return response
        except Dropped:
            raise web.HTTPException() from None  # never written: the transport is closed
        finally:
            self.journal.record(
                JournalEntry(
                    seq=self.journal.next_seq(),
                    time=now,
                    method=method,
                    path=path,
                    route=self.router.template_of(method, path),
                    query=query,
                    json=_loads(text),
                    key_id=self.keys.key_id(secret),
                    status=status,
                    fault=rule.describe() if rule else None,
                )
            )

    async def _serve(
        self,
        request: web.Request,
        method: str,
        path: str,
        query: dict[str, str],
        text: str,
        secret: str | None,
        rule: FaultRule | None,
    ) -> web.Response:
        if rule is not None:
            early = await _fault_before(request, rule)
            if early is not None:
                return early
        request_id = new_request_id()
        try:
            route, params = self.router.match(method, path)
            key = self.keys.authenticate(secret)
            self.keys.admit(key, route.scope, self.clock.now())
            reply, usage = self._run(route, key, Call(params, query, _body(route, text), key))
        except SimError as error:
            return _error(error, request_id)
        if rule is not None and rule.lose_response:
            _abort(request)
        body = success_body(
            reply.data,
            request_id,
            usage,
            page=reply.page,
            page_size=reply.page_size,
            warnings=list(reply.warnings),
        )
        return _json(200, body, request_id)

    def _run(self, route: Route, key: KeyState, call: Call) -> tuple[Reply, dict[str, int]]:
        prepared = route.validate(call)
        self.keys.charge(key, route.cost)
        try:
            reply = route.act(prepared)
        except SimError as error:
            if error.status >= 500:
                self.keys.refund(key, route.cost)
            raise
        except Exception:
            self.keys.refund(key, route.cost)
            raise SimError("INTERNAL_ERROR", "Internal server error") from None
        return reply, key.usage(route.cost)


def _secret(request: web.Request) -> str | None:
    key = request.headers.get("X-API-Key")
    if key:
        return key.strip()
    auth = request.headers.get("Authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip() or None
    return None


def _body(route: Route, text: str) -> Any:
    if not route.json_body:
        return None
    if not text.strip():
        raise SimError("BAD_REQUEST", "request body must be a JSON object")
    try:
        return json.loads(text)
    except ValueError:
        raise SimError("BAD_REQUEST", "request body is not valid JSON") from None


def _loads(text: str) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def _abort(request: web.Request) -> None:
    transport = request.transport
    if transport is not None:
        transport.abort()
    raise Dropped


async def _fault_before(request: web.Request, rule: FaultRule) -> web.Response | None:
    """Apply latency, reset, raw body or status faults; None lets the request go on."""
    if rule.latency:
        await asyncio.sleep(rule.latency)
    if rule.reset:
        _abort(request)
    headers = _retry_after(rule)
    if rule.raw_body is not None:
        return web.Response(
            status=rule.status or 502,
            text=rule.raw_body,
            content_type=rule.content_type,
            headers=headers,
        )
    if rule.status is not None:
        code = rule.code or DEFAULT_FAULT_CODES.get(rule.status, "INTERNAL_ERROR")
        message = rule.message or f"Injected fault: {code}"
        return _error(SimError(code, message, status=rule.status, headers=headers), None)
    return None


def _retry_after(rule: FaultRule) -> dict[str, str]:
    if rule.retry_after is None:
        return {}
    if rule.retry_after_http_date:
        return {"Retry-After": formatdate(time.time() + rule.retry_after, usegmt=True)}
    return {"Retry-After": str(rule.retry_after)}


def _error(error: SimError, request_id: str | None) -> web.Response:
    request_id = request_id or new_request_id()
    body = error_body(error.code, error.message, request_id)
    response = _json(error.status, body, request_id)
    response.headers.update(error.headers)
    return response


def _json(status: int, body: dict[str, Any], request_id: str) -> web.Response:
    return web.Response(
        status=status,
        body=json.dumps(body, separators=(",", ":")).encode(),
        content_type="application/json",
        headers={"X-Request-Id": request_id},
    )
