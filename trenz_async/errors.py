"""Exceptions raised by trenz_async.

Every exception derives from :class:`TrenzError`::

    TrenzError
    ├── ValidationError (also ValueError)   bad arguments, raised before any request is sent
    ├── ConfigurationError                  missing API key, bad base URL, client closed
    ├── APIError                            the service answered with an error envelope
    │   ├── BadRequestError                 400 (BAD_REQUEST, INVALID_PARAM, MISSING_PARAM, ...)
    │   │   ├── InvalidParamError           400 INVALID_PARAM
    │   │   ├── MissingParamError           400 MISSING_PARAM
    │   │   ├── InvalidSortFieldError       400 INVALID_SORT_FIELD
    │   │   ├── InvalidIncludeError         400 INVALID_INCLUDE
    │   │   └── PageSizeExceededError       400 PAGE_SIZE_EXCEEDED
    │   ├── AuthenticationError             401 AUTH_*
    │   ├── InsufficientBalanceError        402 INSUFFICIENT_BALANCE / INSUFFICIENT_CREDITS
    │   ├── PermissionDeniedError           403 FORBIDDEN_SCOPE
    │   ├── NotFoundError                   404 ROUTE_NOT_FOUND / TASK_NOT_FOUND, empty detail
    │   ├── RateLimitError                  429 RATE_LIMITED
    │   ├── QuotaExceededError              429 QUOTA_EXCEEDED
    │   └── ServerError                     5xx (INTERNAL_ERROR, BACKEND_*)
    ├── ResponseDecodeError                 a body that is not the documented envelope
    └── TransportError                      the request did not complete
        ├── ConnectError                    no connection was made; the request was not sent
        ├── RequestTimeoutError             a timeout or the call's deadline passed
        ├── RetryBudgetExhaustedError       retries stopped because the retry budget is spent
        └── AmbiguousOutcomeError           a write may or may not have been acted on

API errors lift ``status``, ``code``, ``message``, ``request_id``, ``docs_url`` and
``retry_after`` (seconds) onto the exception. Which class answers a code comes from one
table, :data:`ERROR_CLASSES_BY_CODE`, with :data:`ERROR_CLASSES_BY_STATUS` as the fallback.
"""

from __future__ import annotations

__all__ = [
    "ERROR_CLASSES_BY_CODE",
    "ERROR_CLASSES_BY_STATUS",
    "APIError",
    "AmbiguousOutcomeError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConnectError",
    "InsufficientBalanceError",
    "InvalidIncludeError",
    "InvalidParamError",
    "InvalidSortFieldError",
    "MissingParamError",
    "NotFoundError",
    "PageSizeExceededError",
    "PermissionDeniedError",
    "QuotaExceededError",
    "RateLimitError",
    "RequestTimeoutError",
    "ResponseDecodeError",
    "RetryBudgetExhaustedError",
    "ServerError",
    "TransportError",
    "TrenzError",
    "ValidationError",
    "error_class_for",
]


class TrenzError(Exception):
    """Root of every exception this library raises."""


class ValidationError(TrenzError, ValueError):
    """An argument broke a documented rule; nothing was sent.

    ``field`` names the argument, ``rule`` states what it must satisfy.
    """

    def __init__(self, field: str, rule: str, value: object = None) -> None:
        self.field = field
        self.rule = rule
        self.value = value
        super().__init__(f"{field}: {rule}")


class ConfigurationError(TrenzError):
    """The client is not usable as configured (no API key, bad URL, already closed)."""


class APIError(TrenzError):
    """The service answered with its error envelope.

    Attributes mirror the envelope: ``status`` (HTTP), ``code`` (e.g. ``"INVALID_PARAM"``),
    ``message``, ``request_id`` (quote it to support), ``docs_url``, and ``retry_after``
    (seconds, when the service sent ``Retry-After``).
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        request_id: str | None = None,
        docs_url: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.request_id = request_id
        self.docs_url = docs_url
        self.retry_after = retry_after
        super().__init__(message)

    def __str__(self) -> str:
        parts = [f"{self.status} {self.code}: {self.message}" if self.code else self.message]
        if self.request_id:
            parts.append(f"(request_id={self.request_id})")
        return " ".join(parts)


class BadRequestError(APIError):
    """400: the service rejected the request's parameters or body."""


class InvalidParamError(BadRequestError):
    """400 INVALID_PARAM: a parameter has an invalid value; ``message`` names it."""


class MissingParamError(BadRequestError):
    """400 MISSING_PARAM: a required parameter is absent."""


class InvalidSortFieldError(BadRequestError):
    """400 INVALID_SORT_FIELD: the ``sort`` field is not supported by the endpoint."""


class InvalidIncludeError(BadRequestError):
    """400 INVALID_INCLUDE: an ``include`` section is not supported by the endpoint."""


class PageSizeExceededError(BadRequestError):
    """400 PAGE_SIZE_EXCEEDED: ``page_size`` is above the endpoint's maximum."""


class AuthenticationError(APIError):
    """401: the API key is missing, invalid, revoked or suspended (see ``code``)."""


class InsufficientBalanceError(APIError):
    """402: the account has no balance or credits left for this call."""


class PermissionDeniedError(APIError):
    """403 FORBIDDEN_SCOPE: the key may not use this resource."""


class NotFoundError(APIError):
    """404, or a detail lookup that returned no record."""


class RateLimitError(APIError):
    """429 RATE_LIMITED: too many requests; ``retry_after`` says when to try again."""


class QuotaExceededError(APIError):
    """429 QUOTA_EXCEEDED: the plan's quota is used up; retrying soon will not help."""


class ServerError(APIError):
    """5xx: the gateway or an upstream service failed (INTERNAL_ERROR, BACKEND_*)."""


class ResponseDecodeError(TrenzError):
    """The body was not the documented envelope (HTML error page, truncated or empty JSON).

    ``status`` is the HTTP status; ``snippet`` is the start of the body for diagnosis.
    """

    def __init__(self, message: str, *, status: int | None = None, snippet: str = "") -> None:
        self.status = status
        self.snippet = snippet
        super().__init__(message)


class TransportError(TrenzError):
    """The request did not complete (network failure, timeout, retries exhausted)."""


class ConnectError(TransportError):
    """No connection could be made; the request was never sent."""


class RequestTimeoutError(TransportError):
    """A per-attempt timeout or the whole-call deadline passed."""


class RetryBudgetExhaustedError(TransportError):
    """Retries were refused because too many recent calls needed retries (service down?).

    ``cause`` is the last failure.
    """

    def __init__(self, message: str, *, cause: BaseException) -> None:
        self.cause = cause
        super().__init__(message)


class AmbiguousOutcomeError(TransportError):
    """A write failed in a way that does not prove it was not acted on.

    The service may have performed it. Reconcile (look it up) before sending it again;
    ``cause`` is the original failure, ``method`` and ``path`` identify the call.
    """

    def __init__(self, message: str, *, method: str, path: str, cause: BaseException) -> None:
        self.method = method
        self.path = path
        self.cause = cause
        super().__init__(message)


ERROR_CLASSES_BY_CODE: dict[str, type[APIError]] = {
    "BAD_REQUEST": BadRequestError,
    "INVALID_PARAM": InvalidParamError,
    "MISSING_PARAM": MissingParamError,
    "INVALID_SORT_FIELD": InvalidSortFieldError,
    "INVALID_INCLUDE": InvalidIncludeError,
    "PAGE_SIZE_EXCEEDED": PageSizeExceededError,
    "AUTH_MISSING_KEY": AuthenticationError,
    "AUTH_INVALID_KEY": AuthenticationError,
    "AUTH_KEY_REVOKED": AuthenticationError,
    "AUTH_KEY_SUSPENDED": AuthenticationError,
    "INSUFFICIENT_BALANCE": InsufficientBalanceError,
    "INSUFFICIENT_CREDITS": InsufficientBalanceError,
    "FORBIDDEN_SCOPE": PermissionDeniedError,
    "ROUTE_NOT_FOUND": NotFoundError,
    "TASK_NOT_FOUND": NotFoundError,
    "RATE_LIMITED": RateLimitError,
    "QUOTA_EXCEEDED": QuotaExceededError,
    "INTERNAL_ERROR": ServerError,
    "BACKEND_ERROR": ServerError,
    "BACKEND_UNAVAILABLE": ServerError,
    "BACKEND_TIMEOUT": ServerError,
}
"""Documented error codes and the class each raises."""

ERROR_CLASSES_BY_STATUS: dict[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    402: InsufficientBalanceError,
    403: PermissionDeniedError,
    404: NotFoundError,
    429: RateLimitError,
}
"""Fallback by HTTP status for codes this version does not know."""


def error_class_for(status: int, code: str | None) -> type[APIError]:
    """Return the exception class for an error answer: by code, else by status."""
    if code is not None and code in ERROR_CLASSES_BY_CODE:
        return ERROR_CLASSES_BY_CODE[code]
    if status >= 500:
        return ServerError
    return ERROR_CLASSES_BY_STATUS.get(status, APIError)
