"""Transport settings, resolved from arguments and the environment."""

from __future__ import annotations

import math
import os
import platform
from collections.abc import Mapping
from typing import Any

import aiohttp
import attrs

from trenz_async._version import __version__
from trenz_async.errors import ConfigurationError
from trenz_async.transport._checks import positive_int, seconds
from trenz_async.transport.hooks import EventHooks
from trenz_async.transport.retry import RetryPolicy

__all__ = [
    "DEFAULT_MAX_RESPONSE_SIZE",
    "DEFAULT_TIKTOK_BASE_URL",
    "DEFAULT_TRENZ_BASE_URL",
    "TransportConfig",
    "default_user_agent",
    "env_or",
]

DEFAULT_TRENZ_BASE_URL = "https://openapi.gateway.trenz.ai"
DEFAULT_TIKTOK_BASE_URL = "https://open.tiktokapis.com"
DEFAULT_MAX_RESPONSE_SIZE = 32 * 1024 * 1024
"""Largest answer read, in decoded bytes (a page of ten products is about 50 KB)."""
_OWNER = "TransportConfig"


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


def _rate(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise ConfigurationError(f"{attribute.name}: must be a number > 0 or None, got {value!r}")
    if not math.isfinite(value):
        raise ConfigurationError(f"{attribute.name}: must be finite (None turns it off)")


@attrs.frozen(slots=True)
class TransportConfig:
    """Everything the transport needs besides credentials.

    Timeouts are seconds: ``connect_timeout`` to open a connection, ``timeout`` for one whole
    attempt (a call may override it); each a finite number > 0. ``pool_limit`` caps open
    connections; calls beyond it wait for a free one first, with neither timeout running
    (only the call's deadline). ``rate_limit_per_minute=None`` turns client-side rate limiting off.
    ``max_response_size`` caps an answer in decoded bytes (``ResponseTooLargeError`` past it).
    Bad values raise :class:`~trenz_async.errors.ConfigurationError`.
    """

    base_url: str = attrs.field(
        default=DEFAULT_TRENZ_BASE_URL,
        converter=_strip_slash,
        validator=_check_base_url,
    )
    timeout: float = attrs.field(default=60.0, validator=seconds(_OWNER))
    connect_timeout: float = attrs.field(default=10.0, validator=seconds(_OWNER))
    pool_limit: int = attrs.field(default=100, validator=positive_int(_OWNER))
    rate_limit_per_minute: float | None = attrs.field(default=200.0, validator=_rate)
    rate_limit_burst: int = attrs.field(default=10, validator=positive_int(_OWNER))
    max_response_size: int = attrs.field(
        default=DEFAULT_MAX_RESPONSE_SIZE, validator=positive_int(_OWNER)
    )
    retry: RetryPolicy = attrs.field(factory=RetryPolicy)
    retry_budget: float | None = 20.0
    user_agent: str = attrs.field(factory=default_user_agent)
    hooks: EventHooks = attrs.field(factory=EventHooks)
