"""TikTok v2 answer bodies: the ``{"data", "error"}`` envelope, OAuth errors and ``log_id``.

Envelope of every ``/v2/`` answer except the token endpoint::

    {"data": {...}, "error": {"code": "ok", "message": "", "log_id": "2026..."}}

Research routes add ``"http_status_code": <int>`` inside ``error`` (seed 001), on success and on
errors alike. An error answer has ``"data": {}``. The token endpoint (``POST /v2/oauth/token/``)
answers flat, OAuth style (seed 002 + TikTok's public OAuth error page)::

    {"access_token": "clt....", "expires_in": 7200, "token_type": "Bearer"}      # 200
    {"error": "invalid_client", "error_description": "...", "log_id": "2026..."}  # 4xx/5xx

Every answer also carries the ``x-tt-logid`` header, equal to the body's ``log_id``.
"""

from __future__ import annotations

import random
import time
from typing import Any

#: The HTTP status TikTok documents for each error code (``ok`` is success).
ERROR_STATUS: dict[str, int] = {
    "ok": 200,
    "invalid_params": 400,
    "invalid_request": 400,
    "invalid_file_upload": 400,
    "unsupported_grant_type": 400,
    "access_token_invalid": 401,
    "invalid_client": 401,
    "scope_not_authorized": 403,
    "not_found": 404,
    "rate_limit_exceeded": 429,
    "daily_quota_limit_exceeded": 429,
    "internal_error": 500,
    "timeout": 504,
}

#: The code a status-only fault answers with, by HTTP status (a 200 fault: ``internal_error``).
FAULT_CODES: dict[int, str] = {
    400: "invalid_params",
    401: "access_token_invalid",
    403: "scope_not_authorized",
    404: "not_found",
    429: "rate_limit_exceeded",
    504: "timeout",
}

#: The message TikTok's v2 error table gives each code (used when a fault names none).
DEFAULT_MESSAGES: dict[str, str] = {
    "access_token_invalid": "The access token is invalid or not found in the request.",
    "scope_not_authorized": "The client did not get the scope required for this request.",
    "rate_limit_exceeded": "The API rate limit was exceeded. Please try again later.",
    "internal_error": "Something went wrong. Please try again later.",
    "timeout": "The request timed out. Please try again later.",
}


class TikTokError(Exception):
    """An error answer: a TikTok ``code``, a ``message`` and the HTTP status to send.

    ``http_status`` defaults to the documented status of ``code`` (:data:`ERROR_STATUS`, 500
    for unknown codes). ``TikTokError("rate_limit_exceeded", "...", 200)`` is TikTok's "HTTP 200
    with a non-ok body code". ``headers`` are added to the answer.
    """

    def __init__(
        self,
        code: str,
        message: str,
        http_status: int | None = None,
        *,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.http_status = http_status if http_status is not None else ERROR_STATUS.get(code, 500)
        self.headers = headers or {}


class LogIds:
    """Issues ``log_id`` values like TikTok's: UTC ``YYYYMMDDHHMMSS`` + 20 hex digits, seeded."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(f"tiktok-log-ids:{seed}")

    def new(self, now: float) -> str:
        """Return a fresh log id stamped with the simulated time ``now``."""
        stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime(now))
        return f"{stamp}{self._rng.getrandbits(80):020X}"


def envelope(
    data: dict[str, Any],
    log_id: str,
    *,
    code: str = "ok",
    message: str = "",
    http_status_code: int | None = None,
) -> dict[str, Any]:
    """Return ``{"data": data, "error": {...}}``; ``http_status_code`` is added when given."""
    error: dict[str, Any] = {"code": code, "message": message, "log_id": log_id}
    if http_status_code is not None:
        error["http_status_code"] = http_status_code
    return {"data": data, "error": error}


def oauth_error(code: str, message: str, log_id: str) -> dict[str, Any]:
    """Return the token endpoint's flat error body."""
    return {"error": code, "error_description": message, "log_id": log_id}
