"""The TikTok side of the simulator: ``/v2/`` routes on the same host and port as Trenz.

:class:`TikTokSim` owns the TikTok state of one :class:`~trenz_async.testing.Simulator`
(clients, tokens, routes, the gateway) and shares the simulator's clock, fault engine and
journal. :class:`TikTokHelpers` is the simulator's TikTok test API (``sim.create_tiktok_client``
and friends). Modules: ``envelope`` (bodies, :class:`TikTokError`), ``routing``
(:class:`TikTokRoute`, :class:`Call`), ``clients``, ``tokens`` (+ the token route),
``gateway`` (the pipeline), ``research*`` (Research API commercial content query).
"""

from __future__ import annotations

from collections.abc import Iterable

from aiohttp import web

from trenz_async.testing.clock import SimClock
from trenz_async.testing.faults import FaultEngine
from trenz_async.testing.journal import Journal
from trenz_async.testing.tiktok.clients import (
    DEFAULT_SCOPES,
    RATE_LIMIT_PER_MINUTE,
    TOKEN_LIFETIME,
    ClientRegistry,
)
from trenz_async.testing.tiktok.envelope import LogIds
from trenz_async.testing.tiktok.gateway import TikTokGateway
from trenz_async.testing.tiktok.research import Research
from trenz_async.testing.tiktok.research_data import CommercialLibrary
from trenz_async.testing.tiktok.research_routes import ResearchApi, research_routes
from trenz_async.testing.tiktok.routing import TikTokRoute, TikTokRouter
from trenz_async.testing.tiktok.tokens import TOKEN_REQUESTS, TokenApi, TokenStore, token_routes


class TikTokSim:
    """Clients, tokens, routes and the ``/v2/`` gateway of one simulator."""

    def __init__(self, seed: int, clock: SimClock, faults: FaultEngine, journal: Journal) -> None:
        self.seed, self.clock, self.journal = seed, clock, journal
        self.clients = ClientRegistry(seed)
        self.tokens = TokenStore(self.clients)
        self.router = TikTokRouter(token_routes(TokenApi(self.clients, self.tokens, journal.bump)))
        self.research = Research(seed, CommercialLibrary(seed))
        self.router.add(research_routes(ResearchApi(self.research)))
        self.gateway = TikTokGateway(self.router, self.tokens, faults, journal, clock, LogIds(seed))

    def mount(self, routes: Iterable[TikTokRoute]) -> None:
        """Serve ``routes`` too (before or after the simulator starts); duplicates: ValueError."""
        self.router.add(routes)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """The aiohttp handler for ``/v2/{tail:.*}``."""
        return await self.gateway.handle(request)

    def reset(self) -> None:
        """Forget rate-limit windows, research quotas and faults (clients and tokens are kept)."""
        self.clients.forget_usage()
        self.research.forget_usage()


class TikTokHelpers:
    """The :class:`~trenz_async.testing.Simulator`'s TikTok test helpers (a mixin)."""

    tiktok: TikTokSim

    def create_tiktok_client(
        self,
        *,
        scopes: Iterable[str] = DEFAULT_SCOPES,
        daily_request_quota: int = 1000,
        daily_record_quota: int = 100_000,
        expires_in_as_string: bool = False,
        expires_in_omitted: bool = False,
        token_lifetime: int = TOKEN_LIFETIME,
        rate_limit_per_minute: int | None = RATE_LIMIT_PER_MINUTE,
    ) -> tuple[str, str]:
        """Register a TikTok client (app) and return ``(client_key, client_secret)``.

        ``scopes``: ``"research.adlib.basic"`` and/or ``"shortdrama.media"`` (both by default;
        any string is accepted, so a test can grant an unrelated one). Daily quotas apply to the
        Research API (requests, records; reset 00:00 UTC on the simulator clock).
        ``expires_in_as_string`` makes the token answer ``"expires_in": "7200"``;
        ``expires_in_omitted`` leaves it out (the token still lives ``token_lifetime``).
        ``token_lifetime`` is seconds of simulator time; ``rate_limit_per_minute`` is per
        endpoint (None: unlimited). Bad values raise ValueError.
        """
        return self.tiktok.clients.create(
            scopes=scopes,
            daily_request_quota=daily_request_quota,
            daily_record_quota=daily_record_quota,
            expires_in_as_string=expires_in_as_string,
            expires_in_omitted=expires_in_omitted,
            token_lifetime=token_lifetime,
            rate_limit_per_minute=rate_limit_per_minute,
        )

    def revoke_tiktok_tokens(self, client_key: str) -> int:
        """Invalidate every token of ``client_key`` (next use: 401 ``access_token_invalid``).

        Returns how many tokens were revoked; an unknown client raises KeyError. New tokens can
        be requested as usual.
        """
        self.tiktok.clients.get(client_key)
        return self.tiktok.tokens.revoke(client_key)

    def expire_tiktok_tokens(self) -> None:
        """Make every TikTok token issued so far expired now (as if 2 hours had passed)."""
        self.tiktok.tokens.expire_all(self.tiktok.clock.now())

    @property
    def tiktok_token_requests(self) -> int:
        """Requests that reached ``POST /v2/oauth/token/`` since the last reset (bad ones too;
        not those answered by an injected fault). Journal counter ``"tiktok token requests"``;
        ``"tiktok tokens issued"`` counts the successful ones."""
        return self.tiktok.journal.counters[TOKEN_REQUESTS]

    def tiktok_quota_used(self, client_key: str) -> tuple[int, int]:
        """Research API ``(requests, records)`` used today (UTC day of the simulator clock).

        An unknown client raises KeyError.
        """
        self.tiktok.clients.get(client_key)
        return self.tiktok.research.used(client_key, self.tiktok.clock.now())

    def research_faults(
        self, reject_search_id_rate: float = 0.0, wide_window_500_days: int | None = None
    ) -> None:
        """Arm the Research API's own faults (seeded); call with no argument to disarm.

        ``reject_search_id_rate``: probability that a request carrying a ``search_id`` is
        refused with 400 ``invalid_params`` "Search Id ... is invalid or expired".
        ``wide_window_500_days``: a query whose ``max - min`` exceeds that many days answers 500
        ``internal_error``. Both still use a request of the daily quota. ``sim.reset()`` disarms.
        """
        self.tiktok.research.set_faults(reject_search_id_rate, wide_window_500_days)

    def tiktok_research_usernames(self, country: str | None = None) -> list[str]:
        """Creator usernames of the seeded commercial contents (of an EEA ``country``), sorted."""
        return self.tiktok.research.library.usernames(country)


__all__ = ["TikTokHelpers", "TikTokSim"]
