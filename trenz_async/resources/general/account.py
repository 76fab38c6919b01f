"""``trenz.account``: what the gateway says of this API key."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any, Unpack

from trenz_async.models import AccountInfo
from trenz_async.resources._base import CallOptions, Resource
from trenz_async.resources.general.paths import ACCOUNT_VERIFY

__all__ = ["AccountResource"]


class AccountResource(Resource):
    """The key's app, tier, balance and status."""

    def verify(self, **options: Unpack[CallOptions]) -> Coroutine[Any, Any, AccountInfo]:
        """Check the key: ``app_id``, ``tier``, ``credits_balance`` and ``status``.

        Raises :class:`~trenz_async.errors.AuthenticationError` for a missing, invalid,
        revoked or suspended key.
        """
        return self._one(ACCOUNT_VERIFY, AccountInfo, options)
