"""Route table types and the matcher the gateway uses (templates like ``/x/{id}``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from trenz_async.testing.trenz.envelope import SimError
from trenz_async.testing.trenz.keys import KeyState


@attrs.frozen
class Call:
    """What a handler sees of a request: path params, query, parsed JSON body and the key.

    ``key`` is the authenticated key's state (never the secret): its ``key_id`` and balance.
    """

    params: Mapping[str, str]
    query: Mapping[str, str]
    body: Any = None
    key: KeyState | None = None


@attrs.frozen
class Reply:
    """A handler's success answer: ``data`` plus paging and warnings for list endpoints."""

    data: dict[str, Any]
    page: int | None = None
    page_size: int | None = None
    warnings: tuple[str, ...] = ()


@attrs.frozen
class Route:
    """One gateway route: validation runs before billing, ``act`` after it.

    ``validate`` turns a :class:`Call` into a prepared value (raising :class:`SimError` for bad
    input); ``act`` turns that value into a :class:`Reply`. ``cost`` is charged in between.
    """

    method: str
    template: str
    scope: str
    cost: int
    validate: Callable[[Call], Any]
    act: Callable[[Any], Reply]
    json_body: bool = False


class Router:
    """Matches ``(method, path)`` to a route; static templates win over parameterised ones."""

    def __init__(self, routes: list[Route]) -> None:
        self._static: dict[str, list[Route]] = {}
        self._dynamic: list[tuple[re.Pattern[str], Route]] = []
        for route in routes:
            if "{" in route.template:
                self._dynamic.append((_compile(route.template), route))
            else:
                self._static.setdefault(route.template, []).append(route)

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]]:
        """Return the route and path params, or raise 404 ROUTE_NOT_FOUND."""
        for route in self._static.get(path, ()):
            if route.method == method:
                return route, {}
        for pattern, route in self._dynamic:
            found = pattern.match(path)
            if found and route.method == method:
                return route, found.groupdict()
        raise SimError("ROUTE_NOT_FOUND", f"No endpoint {method} {path}")

    def template_of(self, method: str, path: str) -> str | None:
        """Return the template that matches, or None."""
        try:
            return self.match(method, path)[0].template
        except SimError:
            return None


def _compile(template: str) -> re.Pattern[str]:
    pattern = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template)
    return re.compile(f"^{pattern}$")
