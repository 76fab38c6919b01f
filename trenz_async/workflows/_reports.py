"""What flows report: per item (:class:`ItemReport`) and target (:class:`TargetReport`),
and the progress events (:class:`FlowEvent`) of a run."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import attrs

from trenz_async.errors import TrenzError

__all__ = [
    "INCOMPLETE",
    "FlowEvent",
    "ItemReport",
    "RecordedFailure",
    "TargetReport",
    "describe",
]

INCOMPLETE: Final = "incomplete"
"""An item status meaning the flow stopped early and a rerun resumes it."""


class RecordedFailure(TrenzError):
    """A failure read back from the journal: ``recorded`` is how it was described then."""

    def __init__(self, message: str, recorded: str) -> None:
        super().__init__(message)
        self.recorded = recorded


def describe(error: BaseException) -> str:
    """``ClassName: message`` for reports and the journal; a :class:`RecordedFailure` reads
    as it was recorded (a replayed failure reports what it said when it happened)."""
    if isinstance(error, RecordedFailure):
        return error.recorded
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


@attrs.frozen(slots=True)
class TargetReport:
    """How one target of an item ended.

    Publishing: ``status`` is ``published``, ``scheduled`` or ``failed`` (``error`` says why;
    a target of an ``incomplete`` item is ``failed`` with the error that stopped it).
    """

    platform_account_id: int | None
    status: str
    session_token: str | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "platform_account_id": self.platform_account_id,
            "status": self.status,
            "session_token": self.session_token,
            "error": self.error,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TargetReport:
        return cls(
            platform_account_id=data.get("platform_account_id"),
            status=data["status"],
            session_token=data.get("session_token"),
            error=data.get("error"),
        )


@attrs.frozen
class ItemReport:
    """How one item's flow ended.

    Publishing: ``status`` is ``done`` (every target published or scheduled), ``failed`` (a
    target failed for a reason retrying cannot fix) or ``incomplete`` (stopped early; a rerun
    resumes it). Other flows document their own sets; ``incomplete`` means the same for all.
    """

    item_id: str
    status: str
    targets: list[TargetReport] = attrs.field(factory=list)
    error: str | None = None

    @property
    def finished(self) -> bool:
        """True unless the flow stopped early (a rerun would resume it)."""
        return self.status != INCOMPLETE

    def to_dict(self) -> dict[str, Any]:
        return {
            "item_id": self.item_id,
            "status": self.status,
            "targets": [t.to_dict() for t in self.targets],
            "error": self.error,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ItemReport:
        return cls(
            item_id=data["item_id"],
            status=data["status"],
            targets=[TargetReport.from_dict(t) for t in data.get("targets") or ()],
            error=data.get("error"),
        )


@attrs.frozen(slots=True)
class FlowEvent:
    """Progress: ``state`` of ``step`` (None for the flow itself) of flow ``flow_id``."""

    flow_id: str
    step: str | None
    state: str
    detail: str | None = None
