"""The clients users hold: :class:`TrenzClient` and :class:`TikTokClient`.

Both take the same transport options (:class:`ClientOptions`): timeouts, pool size, rate limit,
retry policy and budget, hooks, an aiohttp session of yours, user agent and the response cap.
"""

from __future__ import annotations

from functools import cached_property
from types import TracebackType
from typing import Any, Self, TypedDict, Unpack

import aiohttp

from trenz_async.errors import ConfigurationError
from trenz_async.models import make_converter
from trenz_async.resources._arguments import check_keywords
from trenz_async.resources.ads import AdsAPI
from trenz_async.resources.content import ContentAPI
from trenz_async.resources.data import DataAPI
from trenz_async.resources.general import AccountResource, FilesResource, TasksResource
from trenz_async.resources.shortdrama import ShortDramaAPI
from trenz_async.resources.social import SocialAPI
from trenz_async.resources.tiktok_research import ResearchAPI
from trenz_async.transport import (
    ApiKeyAuth,
    Auth,
    EventHooks,
    RetryPolicy,
    Secret,
    Transport,
    TransportConfig,
)
from trenz_async.transport.config import (
    DEFAULT_MAX_RESPONSE_SIZE,
    DEFAULT_TIKTOK_BASE_URL,
    DEFAULT_TRENZ_BASE_URL,
    default_user_agent,
    env_or,
)
from trenz_async.transport.tiktok_wire import decode_tiktok_response
from trenz_async.transport.token_auth import ClientCredentialsAuth
from trenz_async.transport.wire import decode_response

__all__ = ["ClientOptions", "TikTokClient", "TrenzClient"]


class ClientOptions(TypedDict, total=False):
    """Transport options every client takes (all optional; defaults in the README).

    Timeouts are seconds (finite, > 0). ``rate_limit_per_minute`` paces calls per credential
    (``None`` turns it off); ``retry`` sets attempts, backoff and the whole-call deadline;
    ``retry_budget`` caps retries across calls (``None`` for no cap); ``max_response_size``
    caps an answer in decoded bytes; ``session`` is an aiohttp session of yours (not closed
    for you).
    """

    timeout: float
    connect_timeout: float
    pool_limit: int
    rate_limit_per_minute: float | None
    rate_limit_burst: int
    retry: RetryPolicy | None
    retry_budget: float | None
    hooks: EventHooks | None
    session: aiohttp.ClientSession | None
    user_agent: str | None
    max_response_size: int


_OPTION_NAMES = frozenset(ClientOptions.__annotations__)


def _transport(
    owner: str,
    base_url: str,
    auth: Auth,
    options: ClientOptions,
    *,
    rate_limit_per_minute: float,
    decode: Any,
) -> Transport:
    """A transport from the options (an unknown one is refused, naming the closest)."""
    check_keywords(owner, _OPTION_NAMES, options)
    config = TransportConfig(
        base_url=base_url,
        timeout=options.get("timeout", 60.0),
        connect_timeout=options.get("connect_timeout", 10.0),
        pool_limit=options.get("pool_limit", 100),
        rate_limit_per_minute=options.get("rate_limit_per_minute", rate_limit_per_minute),
        rate_limit_burst=options.get("rate_limit_burst", 10),
        retry=options.get("retry") or RetryPolicy(),
        retry_budget=options.get("retry_budget", 20.0),
        hooks=options.get("hooks") or EventHooks(),
        user_agent=options.get("user_agent") or default_user_agent(),
        max_response_size=options.get("max_response_size", DEFAULT_MAX_RESPONSE_SIZE),
    )
    return Transport(config, auth, session=options.get("session"), decode=decode)


class _Client:
    """What both clients share: the transport, the converter, closing."""

    transport: Transport

    @property
    def base_url(self) -> str:
        """The API host this client talks to."""
        return self.transport.config.base_url

    async def close(self) -> None:
        """Close the client's HTTP session (an injected session is left open)."""
        await self.transport.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


class TrenzClient(_Client):
    """Async client for the Trenz Open Platform.

    ``api_key`` defaults to ``$TRENZ_API_KEY`` and ``base_url`` to ``$TRENZ_BASE_URL`` (else
    the production gateway). ``rate_limit_per_minute`` defaults to 200, Trenz's documented
    limit; the other options are :class:`ClientOptions`. Bad settings raise
    :class:`~trenz_async.errors.ConfigurationError`. Use ``async with TrenzClient() as
    trenz:`` or call :meth:`close`.
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        key = env_or(api_key, "TRENZ_API_KEY")
        if key is None:
            raise ConfigurationError(
                "no API key: pass api_key= or set TRENZ_API_KEY (keys look like sk_live_...)"
            )
        self._api_key = Secret(key)
        self.transport = _transport(
            "TrenzClient",
            env_or(base_url, "TRENZ_BASE_URL") or DEFAULT_TRENZ_BASE_URL,
            ApiKeyAuth(self._api_key),
            options,
            rate_limit_per_minute=200.0,
            decode=decode_response,
        )
        self._converter = make_converter()

    @cached_property
    def data(self) -> DataAPI:
        """Trenz Data: products, sellers, creators, videos, lives, ads, creatives."""
        return DataAPI(self.transport, self._converter)

    @cached_property
    def content(self) -> ContentAPI:
        """Trenz Content: AI analysis, copywriting, image and video generation, tools."""
        return ContentAPI(self.transport, self._converter)

    @cached_property
    def social(self) -> SocialAPI:
        """Trenz Social: accounts, publishing, video management, comments, analytics, shop."""
        return SocialAPI(self.transport, self._converter)

    @cached_property
    def ads(self) -> AdsAPI:
        """Trenz Ads: ad accounts, campaigns and insights, landing pages, leads, reports."""
        return AdsAPI(self.transport, self._converter)

    @cached_property
    def files(self) -> FilesResource:
        """Presigned uploads: ``presign`` and ``upload`` (streamed from disk)."""
        return FilesResource(self.transport, self._converter)

    @cached_property
    def tasks(self) -> TasksResource:
        """Async task status: ``get`` and ``wait``."""
        return TasksResource(self.transport, self._converter)

    @cached_property
    def account(self) -> AccountResource:
        """The API key's app, tier, balance and status (``verify``)."""
        return AccountResource(self.transport, self._converter)

    def __repr__(self) -> str:
        return f"TrenzClient(base_url={self.base_url!r}, api_key={self._api_key!r})"


class TikTokClient(_Client):
    """Async client for the TikTok Research and short-drama media APIs.

    ``client_key``/``client_secret`` default to ``$TIKTOK_CLIENT_KEY``/``$TIKTOK_CLIENT_SECRET``
    and ``base_url`` to ``$TIKTOK_BASE_URL`` (else ``https://open.tiktokapis.com``). A
    client-credentials token is fetched on first use, shared by every concurrent call, and
    refreshed ahead of expiry. ``rate_limit_per_minute`` defaults to 600 (TikTok's per-endpoint
    allowance); the other options are :class:`ClientOptions`.
    """

    def __init__(
        self,
        client_key: str | None = None,
        client_secret: str | None = None,
        *,
        base_url: str | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        key = env_or(client_key, "TIKTOK_CLIENT_KEY")
        secret = env_or(client_secret, "TIKTOK_CLIENT_SECRET")
        if key is None or secret is None:
            raise ConfigurationError(
                "no TikTok credentials: pass client_key= and client_secret= or set "
                "TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET"
            )
        self.auth = ClientCredentialsAuth(key, Secret(secret))
        self.transport = _transport(
            "TikTokClient",
            env_or(base_url, "TIKTOK_BASE_URL") or DEFAULT_TIKTOK_BASE_URL,
            self.auth,
            options,
            rate_limit_per_minute=600.0,
            decode=decode_tiktok_response,
        )
        self._converter = make_converter()

    @property
    def client_key(self) -> str:
        """The client key (an identifier, not a secret; sent with short-drama calls, and as
        the ``client-key`` header with every call)."""
        return self.auth.client_key

    @cached_property
    def research(self) -> ResearchAPI:
        """The Research API: ``commercial_content.query``."""
        return ResearchAPI(self.transport, self._converter)

    @cached_property
    def shortdrama(self) -> ShortDramaAPI:
        """The short-drama media API: images, videos, albums, subtitles, reviews."""
        return ShortDramaAPI(self.transport, self._converter, self.auth.client_key)

    def __repr__(self) -> str:
        return f"TikTokClient(base_url={self.base_url!r}, client_key={self.client_key!r})"
