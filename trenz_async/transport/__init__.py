"""HTTP transport: session, auth, retries, rate limiting and the pure wire codec."""

from trenz_async.transport.auth import ApiKeyAuth, Auth, Secret
from trenz_async.transport.config import TransportConfig
from trenz_async.transport.hooks import (
    EventHooks,
    RateLimitWaitEvent,
    RequestEvent,
    ResponseEvent,
    RetryEvent,
)
from trenz_async.transport.ratelimit import RateLimiter
from trenz_async.transport.retry import RetryBudget, RetryPolicy
from trenz_async.transport.session import DEFAULT, Transport
from trenz_async.transport.wire import Endpoint, Envelope, Safety

__all__ = [
    "DEFAULT",
    "ApiKeyAuth",
    "Auth",
    "Endpoint",
    "Envelope",
    "EventHooks",
    "RateLimitWaitEvent",
    "RateLimiter",
    "RequestEvent",
    "ResponseEvent",
    "RetryBudget",
    "RetryEvent",
    "RetryPolicy",
    "Safety",
    "Secret",
    "Transport",
    "TransportConfig",
]
