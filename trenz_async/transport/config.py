"""Transport settings, resolved from arguments and the environment."""

from __future__ import annotations

import os
import platform
from collections.abc import Mapping

import aiohttp
import attrs

from trenz_async._version import __version__
from trenz_async.errors import ConfigurationError
from trenz_async.transport.hooks import EventHooks
from trenz_async.transport.retry import RetryPolicy

__all__ = ["DEFAULT_TRENZ_BASE_URL", "TransportConfig", "default_user_agent", "env_or"]

DEFAULT_TRENZ_BASE_URL = "https://openapi.gateway.trenz.ai"


def default_user_agent() -> str:
    """``trenz-async/<version> aiohttp/<version> python/<version>``."""
    return (
        f"trenz-async/{__version__} aiohttp/{aiohttp.__version__} "
        f"python/{platform.python_version()}"
    )


def env_or(value: str | None, name: str, env: Mapping[str, str] | None = None) -> str | None:
    """``value`` if given, else the environment variable ``name`` (empty counts as unset)."""
    if value:
        return value
    found = (os.environ if env is None else env).get(name)
    return found or None


def _strip_slash(value: str) -> str:
    return str(value).rstrip("/")


def _check_base_url(_: object, __: object, value: str) -> None:
    if not value.startswith(("http://", "https://")):
        raise ConfigurationError(f"base_url must start with http:// or https://, got {value!r}")


@attrs.frozen(slots=True)
class TransportConfig:
    """Everything the transport needs besides credentials.

    Timeouts are seconds: ``connect_timeout`` to open a connection, ``timeout`` for one whole
    attempt (a call may override it). ``pool_limit`` caps open connections.
    ``rate_limit_per_minute=None`` turns client-side rate limiting off.
    """

    base_url: str = attrs.field(
        default=DEFAULT_TRENZ_BASE_URL,
        converter=_strip_slash,
        validator=_check_base_url,
    )
    timeout: float = 60.0
    connect_timeout: float = 10.0
    pool_limit: int = 100
    rate_limit_per_minute: float | None = 200.0
    rate_limit_burst: int = 10
    retry: RetryPolicy = attrs.field(factory=RetryPolicy)
    retry_budget: float | None = 20.0
    user_agent: str = attrs.field(factory=default_user_agent)
    hooks: EventHooks = attrs.field(factory=EventHooks)
