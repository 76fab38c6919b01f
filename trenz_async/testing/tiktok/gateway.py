"""The TikTok gateway pipeline: every request under ``/v2/`` goes through it.

Order::

    fault (latency / reset / raw body / status) -> route match (404 not_found)
    -> bearer token (401 access_token_invalid) -> scope (403 scope_not_authorized)
    -> rate limit per client and endpoint (429 rate_limit_exceeded)
    -> body parsing -> validate -> act -> lose_response fault -> answer

Routes without a scope (the token endpoint) skip the token, scope and rate-limit steps. Every
answer carries ``x-tt-logid``. The request is journaled at the end; the journal keeps no secret:
``key_id`` is the ``client_key`` (or a ``sha256:`` fingerprint of an unknown token or key), and
``client_secret`` / ``access_token`` values in the form, JSON body or query are fingerprinted.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Mapping
from email.utils import formatdate
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web

from trenz_async.testing.clock import SimClock
from trenz_async.testing.faults import FaultEngine, FaultRule
from trenz_async.testing.journal import Journal, JournalEntry
from trenz_async.testing.tiktok.clients import fingerprint
from trenz_async.testing.tiktok.envelope import (
    DEFAULT_MESSAGES,
    FAULT_CODES,
    LogIds,
    TikTokError,
    envelope,
    oauth_error,
)
from trenz_async.testing.tiktok.routing import Call, TikTokRoute, TikTokRouter
from trenz_async.testing.tiktok.tokens import TokenStore

FORM = "application/x-www-form-urlencoded"
SECRET_FIELDS = frozenset({"client_secret", "access_token"})
log = logging.getLogger("trenz_async.testing")


class Dropped(Exception):
    """The connection was aborted on purpose; nothing is to be written."""


class TikTokGateway:
    """Serves ``/v2/`` requests for one simulator's TikTok state."""

    def __init__(
        self,
        router: TikTokRouter,
        tokens: TokenStore,
        faults: FaultEngine,
        journal: Journal,
        clock: SimClock,
        log_ids: LogIds,
    ) -> None:
        self.router = router
        self.tokens = tokens
        self.faults = faults
        self.journal = journal
        self.clock = clock
        self.log_ids = log_ids

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Answer one request through the whole pipeline and journal it."""
        now = self.clock.now()
        method, path = request.method, request.path
        query = dict(request.query.items())
        text = await request.text() if request.can_read_body else ""
        form = _form(request, text)
        bearer = _bearer(request)
        route = self.router.find(method, path)
        rule = self.faults.pick(method, path)
        status: int | None = None
        try:
            response = await self._serve(request, route, query, text, form, bearer, rule)
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
                    route=route.path if route else None,
                    query=_masked(query),
                    json=_masked(form) if form else _masked(_loads(text)),
                    key_id=self._who(route, form, bearer),
                    status=status,
                    fault=rule.describe() if rule else None,
                )
            )

    async def _serve(
        self,
        request: web.Request,
        route: TikTokRoute | None,
        query: dict[str, str],
        text: str,
        form: dict[str, str],
        bearer: str | None,
        rule: FaultRule | None,
    ) -> web.Response:
        log_id = self.log_ids.new(self.clock.now())
        if rule is not None:
            early = await _fault_before(request, rule, route, log_id)
            if early is not None:
                return early
        try:
            route = self.router.match(request.method, request.path)
            data = self._run(route, query, text, form, bearer, request.headers)
        except TikTokError as error:
            return _error(error, route, log_id)
        if rule is not None and rule.lose_response:
            _abort(request)
        if route.style == "oauth":
            return _json(200, data, log_id)
        status_code = 200 if route.status_in_body else None
        return _json(200, envelope(data, log_id, http_status_code=status_code), log_id)

    def _run(
        self,
        route: TikTokRoute,
        query: dict[str, str],
        text: str,
        form: dict[str, str],
        bearer: str | None,
        headers: Mapping[str, str],
    ) -> dict[str, Any]:
        now = self.clock.now()
        client = None
        if route.scope is not None:
            client = self.tokens.authenticate(bearer, now)
            if route.scope not in client.scopes:
                raise TikTokError(
                    "scope_not_authorized",
                    f"The client is not authorized for the scope {route.scope}.",
                )
            client.admit(route.endpoint, now)
        body = _json_body(text) if route.body == "json" else None
        call = Call(query, body, form if route.body == "form" else {}, client, now, headers)
        try:
            return route.act(route.validate(call))
        except TikTokError:
            raise
        except Exception:
            log.exception("TikTok route %s failed", route.endpoint)
            raise TikTokError("internal_error", DEFAULT_MESSAGES["internal_error"]) from None

    def _who(self, route: TikTokRoute | None, form: dict[str, str], bearer: str | None) -> Any:
        """The journal's ``key_id``: a client_key, a fingerprint, or None."""
        if route is not None and route.scope is None:
            key = form.get("client_key")
            if not key:
                return None
            return key if self.tokens.client_known(key) else fingerprint(key)
        if not bearer:
            return None
        return self.tokens.client_key_of(bearer) or fingerprint(bearer)


def _bearer(request: web.Request) -> str | None:
    auth = request.headers.get("Authorization", "")
    if auth[:7].lower() == "bearer ":
        return auth[7:].strip() or None
    return None


def _form(request: web.Request, text: str) -> dict[str, str]:
    if request.content_type != FORM or not text:
        return {}
    return dict(parse_qsl(text, keep_blank_values=True))


def _json_body(text: str) -> dict[str, Any]:
    if not text.strip():
        return {}
    try:
        body = json.loads(text)
    except ValueError:
        raise TikTokError("invalid_params", "The request body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise TikTokError("invalid_params", "The request body must be a JSON object.")
    return body


def _loads(text: str) -> Any:
    try:
        return json.loads(text) if text else None
    except ValueError:
        return None


def _masked(value: Any) -> Any:
    """``value`` with secret fields (top level of a dict) replaced by fingerprints."""
    if not isinstance(value, dict):
        return value
    return {k: fingerprint(str(v)) if k in SECRET_FIELDS and v else v for k, v in value.items()}


def _abort(request: web.Request) -> None:
    transport = request.transport
    if transport is not None:
        transport.abort()
    raise Dropped


async def _fault_before(
    request: web.Request, rule: FaultRule, route: TikTokRoute | None, log_id: str
) -> web.Response | None:
    """Apply latency, reset, raw body or status faults; None lets the request go on.

    A status fault answers in the route's style with ``rule.code`` (default by status,
    :data:`FAULT_CODES`, else ``internal_error``); ``status=200`` gives HTTP 200 with that
    non-ok code in the body.
    """
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
            headers={"x-tt-logid": log_id, **headers},
        )
    if rule.status is None:
        return None
    code = rule.code or FAULT_CODES.get(rule.status, "internal_error")
    message = rule.message or DEFAULT_MESSAGES.get(code, f"Injected fault: {code}")
    error = TikTokError(code, message, rule.status, headers=headers)
    return _error(error, route, log_id)


def _retry_after(rule: FaultRule) -> dict[str, str]:
    if rule.retry_after is None:
        return {}
    if rule.retry_after_http_date:
        return {"Retry-After": formatdate(time.time() + rule.retry_after, usegmt=True)}
    return {"Retry-After": str(rule.retry_after)}


def _error(error: TikTokError, route: TikTokRoute | None, log_id: str) -> web.Response:
    if route is not None and route.style == "oauth":
        body = oauth_error(error.code, error.message, log_id)
    else:
        status_code = error.http_status if route is not None and route.status_in_body else None
        body = envelope(
            {}, log_id, code=error.code, message=error.message, http_status_code=status_code
        )
    response = _json(error.http_status, body, log_id)
    response.headers.update(error.headers)
    return response


def _json(status: int, body: dict[str, Any], log_id: str) -> web.Response:
    return web.Response(
        status=status,
        body=json.dumps(body, separators=(",", ":")).encode(),
        content_type="application/json",
        headers={"x-tt-logid": log_id},
    )
