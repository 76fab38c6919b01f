"""Records shared by every Trenz endpoint: usage accounting."""

from __future__ import annotations

import attrs

from trenz_async.models._base import Model, Number, UnixSeconds

__all__ = ["AccountInfo", "PresignedUpload", "Task", "TaskStatus", "UploadedObject", "Usage"]


@attrs.frozen(slots=True)
class Usage(Model):
    """What a call cost and what is left.

    The gateway has published two shapes: ``coin_cost``/``remaining_balance`` and the newer
    ``credits_cost``/``credits_balance``. Both are decoded; ``cost`` and ``balance`` read
    whichever was sent. Whole numbers stay integers; a fractional one is a float.
    """

    coin_cost: Number | None = None
    remaining_balance: Number | None = None
    credits_cost: Number | None = None
    credits_balance: Number | None = None

    @property
    def cost(self) -> float | None:
        """Units charged for this call, in whichever shape the gateway used."""
        return self.coin_cost if self.coin_cost is not None else self.credits_cost

    @property
    def balance(self) -> float | None:
        """Units left on the account after this call."""
        return (
            self.remaining_balance if self.remaining_balance is not None else self.credits_balance
        )


@attrs.frozen(slots=True)
class Task(Model):
    """An async task as ``GET /open/v1/tasks/{task_id}`` reports it.

    ``status`` is ``running``, ``success`` or ``failed`` (other spellings of a final status,
    such as ``SUCCEEDED``, are read as these); ``result`` (the endpoint's own shape) is set on
    success, ``error_message`` on failure (an error object as its JSON text). ``task_id`` is
    the id polled when the answer leaves it out. Times are unix seconds when sent so (any
    other form stays in ``extras`` as ``created_at_text`` / ``updated_at_text``).
    """

    task_id: str
    status: str
    result: object = None
    error_message: str | None = None
    created_at: int | None = None
    updated_at: int | None = None

    @property
    def finished(self) -> bool:
        """True once the task succeeded or failed (it will not change again)."""
        return self.status in ("success", "failed")


TaskStatus = Task
"""The earlier name of :class:`Task`."""


@attrs.frozen(slots=True)
class PresignedUpload(Model):
    """A presigned upload: PUT the bytes to ``presigned_url`` before ``expires_at``.

    ``s3_bucket`` and ``object_key`` are what publishing calls ``bucket_name`` and
    ``bucket_key``; ``cdn_url`` is the public read URL. ``expires_at`` is unix seconds (the
    URL is valid for one hour; when the service does not say, the client counts from the
    answer; an ISO 8601 time is read as its seconds, milliseconds as seconds).
    """

    presigned_url: str
    object_key: str
    s3_bucket: str
    cdn_url: str | None = None
    expires_in: int | None = None
    expires_at: UnixSeconds | None = None


@attrs.frozen(slots=True)
class UploadedObject(Model):
    """A file stored through a presigned upload, ready for publishing or AI endpoints.

    ``bucket_name``/``bucket_key`` go to ``upload_and_publish``; ``cdn_url`` is public;
    ``size`` is in bytes; ``etag`` is the storage host's tag for the stored bytes.
    """

    bucket_name: str
    bucket_key: str
    cdn_url: str | None
    size: int
    content_type: str
    etag: str | None = None


@attrs.frozen(slots=True)
class AccountInfo(Model):
    """What ``GET /open/v1/auth/verify`` says of the key: app, tier, balance and status."""

    app_id: int | None = None
    tier: str | None = None
    credits_balance: int | None = None
    status: str | None = None

    @property
    def active(self) -> bool:
        """True when the key is usable (``status == "active"``)."""
        return self.status == "active"
