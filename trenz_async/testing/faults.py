"""Fault rules and the seeded engine that decides when they fire."""

from __future__ import annotations

import fnmatch
import random
from typing import Any

import attrs

#: The error code a status-only fault answers with, by HTTP status.
DEFAULT_FAULT_CODES: dict[int, str] = {
    400: "BAD_REQUEST",
    401: "AUTH_INVALID_KEY",
    402: "INSUFFICIENT_BALANCE",
    403: "FORBIDDEN_SCOPE",
    404: "ROUTE_NOT_FOUND",
    429: "RATE_LIMITED",
    500: "INTERNAL_ERROR",
    502: "BACKEND_ERROR",
    503: "BACKEND_UNAVAILABLE",
    504: "BACKEND_TIMEOUT",
}


@attrs.frozen
class FaultRule:
    """A fault to inject on requests whose ``"METHOD /path"`` matches ``route`` (fnmatch).

    Exactly what happens when the rule fires:

    * ``latency`` seconds of real sleep first (combinable with everything else);
    * ``reset``: the TCP connection is aborted before the request is acted on;
    * ``raw_body`` (with ``status``, default 502): that body is sent with ``content_type``;
    * ``status``: the documented error envelope with ``code`` (default by status) and ``message``;
    * ``lose_response``: the request is acted on fully (billing, state), then the
      connection is aborted without an answer.

    ``retry_after`` adds a ``Retry-After`` header (integer seconds, or an HTTP date that many
    seconds ahead when ``retry_after_http_date``). ``probability`` is drawn from the
    simulator's seeded RNG; ``times`` caps how often the rule fires (``None`` = no cap).
    """

    route: str = "*"
    probability: float = 1.0
    times: int | None = None
    status: int | None = None
    code: str | None = None
    message: str | None = None
    retry_after: int | None = None
    retry_after_http_date: bool = False
    latency: float = 0.0
    reset: bool = False
    lose_response: bool = False
    raw_body: str | None = None
    content_type: str = "text/html"

    def __attrs_post_init__(self) -> None:
        if not 0.0 <= self.probability <= 1.0:
            raise ValueError("probability must be between 0 and 1")
        if self.times is not None and self.times < 0:
            raise ValueError("times must be >= 0")
        if self.latency < 0:
            raise ValueError("latency must be >= 0")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FaultRule:
        """Build a rule from a JSON object; unknown keys raise ``TypeError``."""
        return cls(**data)

    def to_dict(self) -> dict[str, Any]:
        """Return the rule as a JSON-ready dict."""
        return attrs.asdict(self)

    def describe(self) -> str:
        """Return a short text naming what this rule does (used in the journal)."""
        parts = [self.route]
        for name in ("reset", "lose_response"):
            if getattr(self, name):
                parts.append(name)
        if self.raw_body is not None:
            parts.append(f"raw_body[{len(self.raw_body)}]")
        if self.status is not None:
            parts.append(f"status={self.status}")
        if self.latency:
            parts.append(f"latency={self.latency}")
        return " ".join(parts)


class FaultEngine:
    """Holds the active rules and picks, with a seeded RNG, which one fires for a request."""

    def __init__(self, seed: int) -> None:
        self._seed = seed
        self._rng = random.Random(f"faults:{seed}")
        self._rules: list[FaultRule] = []
        self._fired: list[int] = []

    @property
    def rules(self) -> list[FaultRule]:
        """The active rules, in the order they were added."""
        return list(self._rules)

    def add(self, rule: FaultRule) -> FaultRule:
        """Add ``rule`` after the existing ones and return it."""
        self._rules.append(rule)
        self._fired.append(0)
        return rule

    def clear(self) -> None:
        """Remove every rule and restart the RNG from the seed."""
        self._rules.clear()
        self._fired.clear()
        self._rng = random.Random(f"faults:{self._seed}")

    def pick(self, method: str, path: str) -> FaultRule | None:
        """Return the first matching rule that fires for this request, counting the firing."""
        target = f"{method} {path}"
        for index, rule in enumerate(self._rules):
            if rule.times is not None and self._fired[index] >= rule.times:
                continue
            if not fnmatch.fnmatchcase(target, rule.route):
                continue
            if rule.probability < 1.0 and self._rng.random() >= rule.probability:
                continue
            self._fired[index] += 1
            return rule
        return None
