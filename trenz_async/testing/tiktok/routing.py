"""How a TikTok route is declared: :class:`TikTokRoute`, the :class:`Call` it sees, the router.

A routes module builds a list of routes and the simulator mounts it (``sim.tiktok.mount``)::

    def album_routes(albums: Albums) -> list[TikTokRoute]:
        return [
            TikTokRoute("POST", "/v2/sg/shortdrama/album/create/", SHORT_DRAMA_SCOPE,
                        validate=albums.check_create, act=albums.create),
        ]

* ``validate(call) -> prepared`` reads the :class:`Call` and raises :class:`TikTokError`
  (usually ``invalid_params``, HTTP 400) for bad input; nothing may change state here.
* ``act(prepared) -> dict`` does the work and returns the ``data`` object of the envelope
  (or, for ``style="oauth"``, the whole flat body). It may raise :class:`TikTokError` too,
  e.g. ``TikTokError("rate_limit_exceeded", "...", 200)`` for an HTTP 200 with a non-ok code.
  Any other exception answers 500 ``internal_error``.

Before ``validate`` the gateway has already checked, in order: faults, the route exists (else
404 ``not_found``), the bearer token (401 ``access_token_invalid``), ``scope`` (403
``scope_not_authorized``) and the per-client, per-endpoint rate limit (429). Paths match
exactly, trailing slash included, as the seeds spell them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal

import attrs

from trenz_async.testing.tiktok.clients import ClientState
from trenz_async.testing.tiktok.envelope import TikTokError

BodyKind = Literal["json", "form", "none"]
Style = Literal["envelope", "oauth"]


@attrs.frozen
class Call:
    """What ``validate`` sees of a request.

    ``query``: the query string (last value wins). ``body``: the parsed JSON body for
    ``body="json"`` routes (``{}`` when the body is empty; a non-object body was already refused
    with 400 ``invalid_params``), else None. ``form``: the form fields for ``body="form"``
    routes, else empty. ``client``: the client the bearer token belongs to (None on routes
    without a scope). ``now``: simulator time, epoch seconds. ``headers``: the request headers
    (case-insensitive names).
    """

    query: Mapping[str, str]
    body: Any = None
    form: Mapping[str, str] = attrs.field(factory=dict)
    client: ClientState | None = None
    now: float = 0.0
    headers: Mapping[str, str] = attrs.field(factory=dict)


@attrs.frozen
class TikTokRoute:
    """One TikTok endpoint.

    ``scope=None`` means no bearer token is needed (only the token endpoint). ``body`` says how
    the request body is read. ``style="oauth"`` answers (and errors) flat instead of enveloped.
    ``status_in_body`` adds ``error.http_status_code`` (the Research API does).
    """

    method: str
    path: str
    scope: str | None
    validate: Callable[[Call], Any]
    act: Callable[[Any], dict[str, Any]]
    body: BodyKind = "json"
    style: Style = "envelope"
    status_in_body: bool = False

    @property
    def endpoint(self) -> str:
        """``"METHOD /path"``: the journal's and the rate limiter's name for this route."""
        return f"{self.method} {self.path}"


class TikTokRouter:
    """Routes by exact ``(method, path)``."""

    def __init__(self, routes: Iterable[TikTokRoute] = ()) -> None:
        self._routes: dict[tuple[str, str], TikTokRoute] = {}
        self.add(routes)

    def add(self, routes: Iterable[TikTokRoute]) -> None:
        """Add routes; a second route for the same method and path raises ValueError."""
        for route in routes:
            key = (route.method, route.path)
            if key in self._routes:
                raise ValueError(f"duplicate TikTok route {route.endpoint}")
            self._routes[key] = route

    def find(self, method: str, path: str) -> TikTokRoute | None:
        """Return the route for ``method`` and ``path``, or None."""
        return self._routes.get((method, path))

    def match(self, method: str, path: str) -> TikTokRoute:
        """Return the route, or raise 404 ``not_found``."""
        route = self.find(method, path)
        if route is None:
            raise TikTokError("not_found", f"No endpoint {method} {path}")
        return route

    @property
    def routes(self) -> list[TikTokRoute]:
        """Every route, in the order added."""
        return list(self._routes.values())
