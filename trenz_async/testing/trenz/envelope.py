"""Builders for the Trenz success and error envelopes (catalogue §7.2, §7.4)."""

from __future__ import annotations

import uuid
from typing import Any

DOCS_URL = "https://openapi-doc.trenz.ai/errors/"

#: The documented HTTP status of every error code.
ERROR_STATUS: dict[str, int] = {
    "BAD_REQUEST": 400,
    "INVALID_PARAM": 400,
    "MISSING_PARAM": 400,
    "INVALID_SORT_FIELD": 400,
    "INVALID_INCLUDE": 400,
    "PAGE_SIZE_EXCEEDED": 400,
    "AUTH_MISSING_KEY": 401,
    "AUTH_INVALID_KEY": 401,
    "AUTH_KEY_REVOKED": 401,
    "AUTH_KEY_SUSPENDED": 401,
    "INSUFFICIENT_BALANCE": 402,
    "INSUFFICIENT_CREDITS": 402,
    "FORBIDDEN_SCOPE": 403,
    "ROUTE_NOT_FOUND": 404,
    "TASK_NOT_FOUND": 404,
    "RATE_LIMITED": 429,
    "QUOTA_EXCEEDED": 429,
    "INTERNAL_ERROR": 500,
    "BACKEND_ERROR": 502,
    "BACKEND_UNAVAILABLE": 503,
    "BACKEND_TIMEOUT": 504,
}


class SimError(Exception):
    """An API error the gateway answers with: a documented ``code`` and a ``message``.

    ``status`` defaults to the documented status of ``code``; ``headers`` are added to the
    answer (e.g. ``Retry-After``).
    """

    def __init__(
        self,
        code: str,
        message: str,
        *,
        status: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status if status is not None else ERROR_STATUS.get(code, 500)
        self.headers = headers or {}


def new_request_id() -> str:
    """Return a fresh request id (a uuid4 string)."""
    return str(uuid.uuid4())


def error_body(code: str, message: str, request_id: str) -> dict[str, Any]:
    """Return the flat error envelope."""
    return {
        "code": code,
        "message": message,
        "request_id": request_id,
        "docs_url": DOCS_URL + code,
    }


def success_body(
    data: dict[str, Any],
    request_id: str,
    usage: dict[str, int] | None,
    *,
    page: int | None = None,
    page_size: int | None = None,
    warnings: list[str] | None = None,
) -> dict[str, Any]:
    """Return the success envelope; list answers also get top-level page, page_size, total."""
    body: dict[str, Any] = {"data": data, "request_id": request_id}
    if page is not None:
        body["page"] = page
        body["page_size"] = page_size
        body["total"] = data.get("total_count", 0)
    if usage is not None:
        body["usage"] = usage
    if warnings:
        body["warnings"] = warnings
    return body
