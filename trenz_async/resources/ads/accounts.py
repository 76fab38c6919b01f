"""``trenz.ads.accounts``: the ad accounts this app manages, and their remarks."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any, Unpack

from trenz_async.models.ads import AdAccount
from trenz_async.pagination import Pager
from trenz_async.resources._base import CallOptions, Resource
from trenz_async.resources.ads._checks import check_digits, check_paging, check_remark
from trenz_async.resources.ads.paths import AD_ACCOUNT_LIST, UPDATE_ACCOUNT_REMARK

__all__ = ["AdAccountsResource"]


class AdAccountsResource(Resource):
    """Ad accounts (advertisers): ``list`` them, ``set_remark`` on one."""

    def list(
        self, *, page: int = 1, page_size: int = 10, **options: Unpack[CallOptions]
    ) -> Pager[AdAccount]:
        """Ad Account List: every ad account with its currency, balance, status and remark.

        ``page_size`` is 1..50. Use an account's ``advertiser_id`` in every other Ads call.
        """
        number, size = check_paging(page, page_size)
        return self._pager(
            AD_ACCOUNT_LIST, AdAccount, {}, options, page=number, page_size=size, in_body=True
        )

    def set_remark(
        self, *, advertiser_id: str | int, remark: str, **options: Unpack[CallOptions]
    ) -> Coroutine[Any, Any, AdAccount]:
        """Update Ad Account Remark: replace the account's note; returns the updated account.

        ``remark`` is at most 100 characters; ``""`` clears it. A write: if the answer is
        lost it is not re-sent, and :class:`~trenz_async.errors.AmbiguousOutcomeError` is
        raised (the remark may or may not be set; list the accounts to see). Setting the same
        remark twice is harmless.
        """
        body = {"advertiser_id": check_digits("advertiser_id", advertiser_id)}
        body["remark"] = check_remark(remark)
        known = {"advertiser_id": body["advertiser_id"], "remark": body["remark"]}
        return self._one(UPDATE_ACCOUNT_REMARK, AdAccount, options, body=body, known=known)
