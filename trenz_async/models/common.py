"""Records shared by every Trenz endpoint: usage accounting."""

from __future__ import annotations

import attrs

from trenz_async.models._base import Model

__all__ = ["TaskStatus", "Usage"]


@attrs.frozen(slots=True)
class Usage(Model):
    """What a call cost and what is left.

    The gateway has published two shapes: ``coin_cost``/``remaining_balance`` and the newer
    ``credits_cost``/``credits_balance``. Both are decoded; ``cost`` and ``balance`` read
    whichever was sent.
    """

    coin_cost: int | None = None
    remaining_balance: int | None = None
    credits_cost: int | None = None
    credits_balance: int | None = None

    @property
    def cost(self) -> int | None:
        """Units charged for this call, in whichever shape the gateway used."""
        return self.coin_cost if self.coin_cost is not None else self.credits_cost

    @property
    def balance(self) -> int | None:
        """Units left on the account after this call."""
        return (
            self.remaining_balance if self.remaining_balance is not None else self.credits_balance
        )


@attrs.frozen(slots=True)
class TaskStatus(Model):
    """An async task as ``GET /open/v1/tasks/{task_id}`` reports it."""

    task_id: str
    status: str
    result: object = None
    error_message: str | None = None
