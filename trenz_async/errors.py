"""Exceptions raised by trenz_async.

Every exception derives from :class:`TrenzError`::

    TrenzError
    ├── ValidationError (also ValueError)   bad arguments, raised before any request is sent
    │   └── UnexpectedArgumentError         an unknown keyword (also TypeError), with a close match
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
    │   ├── NotFoundError                   404 ROUTE_NOT_FOUND / TASK_NOT_FOUND; RECORD_NOT_FOUND
    │   ├── RateLimitError                  429 RATE_LIMITED
    │   ├── QuotaExceededError              429 QUOTA_EXCEEDED
    │   ├── ServerError                     5xx (INTERNAL_ERROR, BACKEND_*)
    │   └── StorageError                    the storage host refused an upload (presigned PUT)
    │       └── UploadURLExpiredError       the presigned URL expired (presign again)
    ├── ResponseDecodeError                 a body that is not the documented envelope
    │   └── ResponseTooLargeError           a body larger than the client's max_response_size
    └── TransportError                      the request did not complete
        ├── ConnectError                    no connection was made; the request was not sent
        ├── RequestTimeoutError             a timeout or the call's deadline passed
        ├── RetryBudgetExhaustedError       retries stopped because the retry budget is spent
        └── AmbiguousOutcomeError           a write may or may not have been acted on
    ├── OperationFailedError                a long-running job ended in failure
    │   ├── TaskFailedError                 an async task ended "failed" (its error_message)
    │   ├── PublishFailedError              every publication of a publish session failed
    │   └── UploadFailedError               a short-drama video or subtitle upload job failed
    └── PollTimeoutError (also TimeoutError) waiting gave up; ``last`` is what was last seen

API errors lift ``status``, ``code``, ``message``, ``request_id``, ``docs_url`` and
``retry_after`` (seconds) onto the exception. Which class answers a code comes from one
table, :data:`ERROR_CLASSES_BY_CODE`, with :data:`ERROR_CLASSES_BY_STATUS` as the fallback
(see :func:`error_class_for` for a code that disagrees with its status).

Text that came from the server reaches an exception with every credential masked, and
shortened to :data:`MAX_SERVER_TEXT` characters; the whole (masked) body stays on ``body``.
"""

from __future__ import annotations

__all__ = [
    "ERROR_CLASSES_BY_CODE",
    "ERROR_CLASSES_BY_STATUS",
    "MAX_SERVER_TEXT",
    "RECORD_NOT_FOUND",
    "TIKTOK_CODE_STATUS",
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
    "OperationFailedError",
    "PageSizeExceededError",
    "PermissionDeniedError",
    "PollTimeoutError",
    "PublishFailedError",
    "QuotaExceededError",
    "RateLimitError",
    "RequestTimeoutError",
    "ResponseDecodeError",
    "ResponseTooLargeError",
    "RetryBudgetExhaustedError",
    "ServerError",
    "StorageError",
    "TaskFailedError",
    "TransportError",
    "TrenzError",
    "UnexpectedArgumentError",
    "UploadFailedError",
    "UploadURLExpiredError",
    "ValidationError",
    "error_class_for",
    "shorten",
]

MAX_SERVER_TEXT = 500
"""Longest server text (a message, a body snippet) quoted in an exception or a log line."""

RECORD_NOT_FOUND = "RECORD_NOT_FOUND"
"""The client's own code (not the service's) on a :class:`NotFoundError` for a detail call
that the service answered with no record: the service sends an empty ``items`` list, not an
error, so ``status`` is what it sent (200)."""


def shorten(text: str, limit: int = MAX_SERVER_TEXT) -> str:
    """``text`` cut to ``limit`` characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text) - limit} more characters)"


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


class UnexpectedArgumentError(ValidationError, TypeError):
    """A method got a keyword argument it does not take (a typo, usually); nothing was sent.

    ``field`` is the unknown name; ``suggestion`` the closest accepted one, if any.
    """

    def __init__(self, method: str, field: str, suggestion: str | None) -> None:
        self.method = method
        self.suggestion = suggestion
        hint = f"; did you mean {suggestion!r}?" if suggestion else ""
        super().__init__(field, f"{method}() got an unexpected keyword argument {field!r}{hint}")
        self.args = (self.rule,)

    def __str__(self) -> str:
        return self.rule


class ConfigurationError(TrenzError):
    """The client is not usable as configured (no API key, bad URL, already closed)."""


class APIError(TrenzError):
    """The service answered with its error envelope.

    Attributes mirror the envelope: ``status`` (HTTP), ``code`` (e.g. ``"INVALID_PARAM"``),
    ``message``, ``request_id`` (quote it to support), ``docs_url``, and ``retry_after``
    (seconds, when the service sent ``Retry-After``). ``body`` is the whole answer as text
    (credentials masked), for when the shortened ``message`` is not enough.
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
        body: str | None = None,
    ) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.request_id = request_id
        self.docs_url = docs_url
        self.retry_after = retry_after
        self.body = body
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
    """404, or a detail lookup the service answered with no record.

    The latter carries the HTTP status the service sent (200) and ``code`` ==
    :data:`RECORD_NOT_FOUND`, the client's own code; the message names endpoint, id and market.
    """


class RateLimitError(APIError):
    """429 RATE_LIMITED: too many requests; ``retry_after`` says when to try again."""


class QuotaExceededError(APIError):
    """429 QUOTA_EXCEEDED: the plan's quota is used up; retrying soon will not help."""


class ServerError(APIError):
    """5xx: the gateway or an upstream service failed (INTERNAL_ERROR, BACKEND_*)."""


class StorageError(APIError):
    """The storage host behind a presigned URL refused an upload (``status``, its ``code``).

    Not the Trenz gateway: its answers are S3-style XML or plain text, kept on ``body``.
    """


class UploadURLExpiredError(StorageError):
    """The presigned upload URL expired (it is valid for one hour); presign again."""


class ResponseDecodeError(TrenzError):
    """The body was not the documented envelope (HTML error page, truncated or empty JSON).

    ``status`` is the HTTP status; ``snippet`` is the start of the body for diagnosis
    (credentials masked).
    """

    def __init__(self, message: str, *, status: int | None = None, snippet: str = "") -> None:
        self.status = status
        self.snippet = snippet
        super().__init__(message)


class ResponseTooLargeError(ResponseDecodeError):
    """The answer was larger than the client's ``max_response_size``; the rest was not read.

    ``limit`` is that size in (decoded) bytes.
    """

    def __init__(self, message: str, *, status: int | None = None, limit: int) -> None:
        self.limit = limit
        super().__init__(message, status=status)


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


class OperationFailedError(TrenzError):
    """A long-running job (task, publish session, upload job) ended in failure.

    ``message`` is the service's own explanation; ``last`` is the final state as decoded.
    """

    def __init__(self, message: str, *, last: object = None) -> None:
        self.message = message
        self.last = last
        super().__init__(message)


class TaskFailedError(OperationFailedError):
    """An async task ended with status ``failed``; ``message`` is its ``error_message``."""

    def __init__(self, message: str, *, task_id: str, last: object = None) -> None:
        self.task_id = task_id
        super().__init__(message, last=last)


class PublishFailedError(OperationFailedError):
    """A publish session ended ``failed``: none of its publications was published."""


class UploadFailedError(OperationFailedError):
    """A short-drama upload (video or subtitle job) ended with ``upload_status`` 3 (failure)."""


class PollTimeoutError(TrenzError, TimeoutError):
    """Waiting for a long-running job gave up at its timeout; the job may still finish.

    ``last`` is the state last seen (a decoded record, or None if no poll succeeded), and
    the message says what it was.
    """

    def __init__(self, message: str, *, last: object = None) -> None:
        self.last = last
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
    # TikTok (Research and short-drama ``error.code``; OAuth ``error`` on the token endpoint)
    "invalid_params": BadRequestError,
    "invalid_request": BadRequestError,
    "access_token_invalid": AuthenticationError,
    "invalid_client": AuthenticationError,
    "unauthorized_client": AuthenticationError,
    "scope_not_authorized": PermissionDeniedError,
    "rate_limit_exceeded": RateLimitError,
    "daily_quota_limit_exceeded": QuotaExceededError,
    "internal_error": ServerError,
    "timeout": ServerError,
}
"""Documented error codes (Trenz's upper-case ones, TikTok's lower-case) and their classes."""

TIKTOK_CODE_STATUS: dict[str, int] = {
    "invalid_params": 400,
    "invalid_request": 400,
    "access_token_invalid": 401,
    "invalid_client": 401,
    "unauthorized_client": 401,
    "scope_not_authorized": 403,
    "rate_limit_exceeded": 429,
    "daily_quota_limit_exceeded": 429,
    "internal_error": 500,
    "timeout": 504,
    "40100": 429,  # the Business API's numeric codes, sent under HTTP 200
    "40132": 429,
    "40102": 401,
}
"""The HTTP status each TikTok code stands for, for a non-ok code answered with HTTP 200."""

ERROR_CLASSES_BY_STATUS: dict[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    402: InsufficientBalanceError,
    403: PermissionDeniedError,
    404: NotFoundError,
    429: RateLimitError,
}
"""Fallback by HTTP status for codes this version does not know."""


def _status_class(status: int) -> type[APIError]:
    if status >= 500:
        return ServerError
    return ERROR_CLASSES_BY_STATUS.get(status, APIError)


def error_class_for(status: int, code: str | None) -> type[APIError]:
    """Return the exception class for an error answer: by code, else by status.

    A code names the class only when it belongs to the status's family (a 4xx code on a 4xx
    status, a 5xx code on a 5xx): ``404 INTERNAL_ERROR`` is a :class:`NotFoundError` and
    ``500 BAD_REQUEST`` a :class:`ServerError`, the code kept on the exception either way.
    """
    by_status = _status_class(status)
    by_code = ERROR_CLASSES_BY_CODE.get(code) if code is not None else None
    if by_code is None or issubclass(by_code, ServerError) != issubclass(by_status, ServerError):
        return by_status
    return by_code
