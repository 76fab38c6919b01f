"""The route table of the gateway: Data API and the test-only write route.

``GET /open/v1/tasks/{task_id}`` lives in :mod:`~trenz_async.testing.trenz.general_routes`.

Costs (``per_call`` billing, charged before acting, refunded on 5xx):

==========================  ====
operation                   cost
==========================  ====
search, related, ranking    1
detail                      2
test write                  1
==========================  ====
"""

from __future__ import annotations

from functools import partial
from typing import Any

from trenz_async.testing.trenz.data_handlers import DataApi
from trenz_async.testing.trenz.entities import SPECS
from trenz_async.testing.trenz.related import RELATED
from trenz_async.testing.trenz.routing import Call, Reply, Route

COSTS = {"search": 1, "related": 1, "ranking": 1, "detail": 2, "write": 1}
V1 = "/open/v1"


def data_routes(api: DataApi) -> list[Route]:
    """Return every Data API route bound to ``api``."""
    routes = []
    for entity in SPECS:
        routes.append(
            Route(
                "GET",
                f"{V1}/{entity}/search",
                "data",
                COSTS["search"],
                partial(api.search_check, entity),
                api.search_run,
            )
        )
    for kind in ("top-selling", "most-promoted", "new-arrivals"):
        routes.append(
            Route(
                "GET",
                f"{V1}/products/rankings/{kind}",
                "data",
                COSTS["ranking"],
                partial(api.ranking_check, kind),
                api.ranking_run,
            )
        )
    for entity, relation in RELATED:
        routes.append(
            Route(
                "GET",
                f"{V1}/{entity}/{{id}}/{relation}",
                "data",
                COSTS["related"],
                api.related_check,
                partial(api.related_run, entity, relation),
            )
        )
    for entity in SPECS:
        routes.append(
            Route(
                "GET",
                f"{V1}/{entity}/{{id}}",
                "data",
                COSTS["detail"],
                partial(api.detail_check, entity),
                partial(api.detail_run, entity),
            )
        )
    return routes


class TestWrites:
    """The test-only write endpoint: appends ``value`` so retry tests can count acted-on writes."""

    __test__ = False  # not a pytest class

    def __init__(self, on_write: Any) -> None:
        self.values: list[Any] = []
        self._on_write = on_write

    def check(self, call: Call) -> Any:
        """Require a JSON object with a ``value`` key."""
        from trenz_async.testing.trenz.envelope import SimError

        if not isinstance(call.body, dict) or "value" not in call.body:
            raise SimError("MISSING_PARAM", "value is required")
        return call.body["value"]

    def act(self, value: Any) -> Reply:
        """Record the write and answer its id and the running count."""
        self.values.append(value)
        self._on_write()
        return Reply({"write_id": str(len(self.values)), "count": len(self.values)})

    def routes(self) -> list[Route]:
        """Return ``POST`` and ``PUT /open/v1/_test/writes`` (PUT is idempotent to HTTP clients)."""
        return [
            Route(
                method,
                f"{V1}/_test/writes",
                "general",
                COSTS["write"],
                self.check,
                self.act,
                json_body=True,
            )
            for method in ("POST", "PUT")
        ]
