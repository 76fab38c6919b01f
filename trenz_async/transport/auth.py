"""Credentials: a secret wrapper that never prints, and the auth strategies.

An auth strategy supplies headers for each attempt and may refresh itself once when the
service rejects an expired credential. The Trenz API key is static; the TikTok
client-credentials token implements the same protocol with a refresh.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Protocol

from trenz_async.errors import APIError, ConfigurationError

__all__ = ["ApiKeyAuth", "Auth", "Secret"]


class Secret:
    """A credential string that never shows in ``repr``, ``str`` or logs.

    ``reveal()`` returns the value for the one place that must send it;
    ``fingerprint`` is a short stable hash, safe to log and to key caches by.
    """

    __slots__ = ("_raw", "_value")

    def __init__(self, value: str) -> None:
        self._value = value
        self._raw = value.encode("utf-8", "surrogatepass")

    def reveal(self) -> str:
        """The secret value itself. Only the transport should call this."""
        return self._value

    def redact(self, text: str) -> str:
        """``text`` with every occurrence of the value replaced by ``********``."""
        return text.replace(self._value, "********") if self._value else text

    def redact_bytes(self, data: bytes) -> bytes:
        """``data`` (a body as received) with every UTF-8 occurrence of the value masked."""
        raw = self._raw
        return data.replace(raw, b"********") if raw and raw in data else data

    def check_header_safe(self, name: str) -> None:
        """Raise ``ConfigurationError`` (never quoting the value) if it cannot be a header.

        A control character (a key file's trailing newline, CR, NUL) would corrupt the
        request or be refused by the HTTP library with the value in its message.
        """
        value = self._value
        if not value.strip():
            raise ConfigurationError(f"{name} is empty")
        bad = next((c for c in value if ord(c) < 0x20 or ord(c) == 0x7F), None)
        if bad is not None:
            raise ConfigurationError(
                f"{name} contains a control character ({bad!r} at position "
                f"{value.index(bad)} of {len(value)}); strip the newline a key file may carry"
            )
        if not value.isascii():
            raise ConfigurationError(f"{name} contains non-ASCII characters")

    @property
    def fingerprint(self) -> str:
        """The first 12 hex digits of the value's SHA-256."""
        return hashlib.sha256(self._value.encode()).hexdigest()[:12]

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __reduce__(self) -> tuple[type[Secret], tuple[str]]:
        raise TypeError("Secret values are not picklable")


class Auth(Protocol):
    """How a transport authenticates its requests."""

    @property
    def identity(self) -> str:
        """A safe identifier of the credential (for rate-limit buckets and logs)."""
        ...

    def ready_headers(self) -> Mapping[str, str] | None:
        """The headers, if they can be had now without I/O; None when a token must be fetched."""
        ...

    async def headers(self) -> Mapping[str, str]:
        """Headers to add to the next attempt (fetching a token first if needed)."""
        ...

    async def refresh_after(self, error: APIError, *, sent_at: float) -> bool:
        """Called when an attempt sent at ``sent_at`` (``time.monotonic()``) was rejected;
        return True if a retry may now succeed."""
        ...

    def redact(self, text: str) -> str:
        """``text`` with every credential this auth holds masked (for foreign error text)."""
        ...

    def redact_bytes(self, data: bytes) -> bytes:
        """A response body with every credential this auth holds masked, before decoding."""
        ...


class ApiKeyAuth:
    """Trenz API key auth: sends ``X-API-Key``; a rejected key is never retried."""

    def __init__(self, api_key: Secret) -> None:
        api_key.check_header_safe("the API key")
        self._api_key = api_key
        self._headers = {"X-API-Key": api_key.reveal()}
        # The key's own methods, bound: masking runs on every answer, one call instead of two.
        self.redact: Callable[[str], str] = api_key.redact
        """``text`` with the API key masked."""
        self.redact_bytes: Callable[[bytes], bytes] = api_key.redact_bytes
        """``data`` with the API key masked."""

    @property
    def identity(self) -> str:
        """``key:`` plus the key's fingerprint."""
        return f"key:{self._api_key.fingerprint}"

    def ready_headers(self) -> Mapping[str, str]:
        """The ``X-API-Key`` header (always ready: the key is static)."""
        return self._headers

    async def headers(self) -> Mapping[str, str]:
        """The ``X-API-Key`` header."""
        return self._headers

    async def refresh_after(self, error: APIError, *, sent_at: float) -> bool:
        """API keys do not expire mid-call: nothing to refresh."""
        return False

    def __repr__(self) -> str:
        return f"ApiKeyAuth({self.identity})"
