"""``trenz.social.accounts``: the social accounts bound to this app (Social/1).

An account's ``id`` is the ``platform_account_id`` publishing and the other Social calls take.
Accounts are bound by TikTok QR-code login (:mod:`trenz_async.resources.social.tiktok_login`).
"""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any, Final, Unpack

from trenz_async.errors import ValidationError
from trenz_async.models.social import AccountDisconnected, SocialAccount
from trenz_async.pagination import Pager
from trenz_async.resources._base import CallOptions, Resource
from trenz_async.resources._validate import check_page, check_page_size
from trenz_async.resources.social._checks import (
    LIST_PAGE_SIZE_MAX,
    PLATFORMS,
    check_account_id,
    check_enum,
)
from trenz_async.resources.social.paths import (
    ACCOUNT_DETAIL,
    ACCOUNT_DISCONNECT,
    ACCOUNT_LIST,
    ACCOUNT_REFRESH_TOKEN,
    ACCOUNT_REMARK,
)

__all__ = ["REMARK_MAX", "AccountsResource"]

REMARK_MAX: Final = 100
"""Longest account remark, in characters."""


class AccountsResource(Resource):
    """Bound social accounts: list, get, disconnect, refresh_token, set_remark."""

    def list(
        self,
        *,
        platform: str | None = None,
        page: int = 1,
        page_size: int = 10,
        **options: Unpack[CallOptions],
    ) -> Pager[SocialAccount]:
        """The bound accounts (active and expired), optionally of one ``platform``.

        ``platform`` is ``tiktok``, ``youtube``, ``instagram`` or ``facebook``;
        ``page_size`` is 1..50.
        """
        params = {"platform": check_enum("platform", platform, PLATFORMS)}
        return self._pager(
            ACCOUNT_LIST,
            SocialAccount,
            {k: v for k, v in params.items() if v is not None},
            options,
            page=check_page(page),
            page_size=check_page_size(page_size, LIST_PAGE_SIZE_MAX),
            in_body=True,
        )

    def get(
        self, platform_account_id: int, **options: Unpack[CallOptions]
    ) -> Coroutine[Any, Any, SocialAccount]:
        """One bound account by its id.

        Raises :class:`~trenz_async.errors.InvalidParamError` for an id that is not bound.
        """
        body = {"platform_account_id": check_account_id("platform_account_id", platform_account_id)}
        return self._one(ACCOUNT_DETAIL, SocialAccount, options, body=body)

    def disconnect(
        self, platform_account_id: int, **options: Unpack[CallOptions]
    ) -> Coroutine[Any, Any, AccountDisconnected]:
        """Unbind an account; it leaves the list and can no longer publish. A write.

        Its unfinished publications will fail. Bind it again with a TikTok QR login.
        """
        account_id = check_account_id("platform_account_id", platform_account_id)
        body = {"platform_account_id": account_id}
        known = {**body, "status": "disconnected"}
        return self._one(ACCOUNT_DISCONNECT, AccountDisconnected, options, body=body, known=known)

    def refresh_token(
        self, platform_account_id: int, **options: Unpack[CallOptions]
    ) -> Coroutine[Any, Any, SocialAccount]:
        """Renew the account's platform token (an ``expired`` account becomes ``active``).

        A write; answers the account with its new ``token_expires_at``.
        """
        account_id = check_account_id("platform_account_id", platform_account_id)
        body = {"platform_account_id": account_id}
        known = {"id": account_id}
        return self._one(ACCOUNT_REFRESH_TOKEN, SocialAccount, options, body=body, known=known)

    def set_remark(
        self, platform_account_id: int, *, remark: str, **options: Unpack[CallOptions]
    ) -> Coroutine[Any, Any, SocialAccount]:
        """Replace the account's remark (your own note, at most 100 characters; ``""`` clears it).

        A write; answers the updated account.
        """
        account_id = check_account_id("platform_account_id", platform_account_id)
        if not isinstance(remark, str):
            raise ValidationError("remark", "must be a string ('' clears the remark)", remark)
        if len(remark) > REMARK_MAX:
            rule = f"must be at most {REMARK_MAX} characters (got {len(remark)})"
            raise ValidationError("remark", rule, remark)
        body = {"platform_account_id": account_id, "remark": remark}
        known = {"id": account_id, "remark": remark}
        return self._one(ACCOUNT_REMARK, SocialAccount, options, body=body, known=known)
