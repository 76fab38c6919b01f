"""The clients users hold: :class:`TrenzClient` (and, in later releases, ``TikTokClient``)."""

from __future__ import annotations

from functools import cached_property
from types import TracebackType

import aiohttp

from trenz_async.errors import ConfigurationError
from trenz_async.models import make_converter
from trenz_async.resources.data import DataAPI
from trenz_async.resources.general import AccountResource, FilesResource, TasksResource
from trenz_async.transport import (
    ApiKeyAuth,
    EventHooks,
    RetryPolicy,
    Secret,
    Transport,
    TransportConfig,
)
from trenz_async.transport.config import (
    DEFAULT_MAX_RESPONSE_SIZE,
    DEFAULT_TRENZ_BASE_URL,
    default_user_agent,
    env_or,
)

__all__ = ["TrenzClient"]


class TrenzClient:
    """Async client for the Trenz Open Platform.

    ``api_key`` defaults to ``$TRENZ_API_KEY`` and ``base_url`` to ``$TRENZ_BASE_URL`` (else
    the production gateway). Timeouts are seconds. ``rate_limit_per_minute`` (default 200,
    Trenz's documented limit; ``None`` turns it off) paces calls per key. ``retry`` sets
    attempts, backoff and the whole-call deadline; ``retry_budget`` caps retries across
    calls (``None`` for no cap). ``max_response_size`` caps an answer in decoded bytes
    (32 MiB). Pass ``session`` to reuse your own aiohttp session (it is not closed for you).
    Bad settings raise :class:`~trenz_async.errors.ConfigurationError`. Use
    ``async with TrenzClient() as trenz:`` or call :meth:`close`.
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float = 60.0,
        connect_timeout: float = 10.0,
        pool_limit: int = 100,
        rate_limit_per_minute: float | None = 200.0,
        rate_limit_burst: int = 10,
        retry: RetryPolicy | None = None,
        retry_budget: float | None = 20.0,
        hooks: EventHooks | None = None,
        session: aiohttp.ClientSession | None = None,
        user_agent: str | None = None,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
    ) -> None:
        key = env_or(api_key, "TRENZ_API_KEY")
        if key is None:
            raise ConfigurationError(
                "no API key: pass api_key= or set TRENZ_API_KEY (keys look like sk_live_...)"
            )
        self._api_key = Secret(key)
        config = TransportConfig(
            base_url=env_or(base_url, "TRENZ_BASE_URL") or DEFAULT_TRENZ_BASE_URL,
            timeout=timeout,
            connect_timeout=connect_timeout,
            pool_limit=pool_limit,
            rate_limit_per_minute=rate_limit_per_minute,
            rate_limit_burst=rate_limit_burst,
            retry=retry or RetryPolicy(),
            retry_budget=retry_budget,
            hooks=hooks or EventHooks(),
            user_agent=user_agent or default_user_agent(),
            max_response_size=max_response_size,
        )
        self.transport = Transport(config, ApiKeyAuth(self._api_key), session=session)
        self._converter = make_converter()

    @property
    def base_url(self) -> str:
        """The gateway this client talks to."""
        return self.transport.config.base_url

    @cached_property
    def data(self) -> DataAPI:
        """Trenz Data: products, sellers, creators, videos, lives, ads, creatives."""
        return DataAPI(self.transport, self._converter)

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

    async def close(self) -> None:
        """Close the client's HTTP session (an injected session is left open)."""
        await self.transport.close()

    async def __aenter__(self) -> TrenzClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    def __repr__(self) -> str:
        return f"TrenzClient(base_url={self.base_url!r}, api_key={self._api_key!r})"
