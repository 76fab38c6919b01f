"""Social/1 records: bound social accounts and TikTok QR-code logins.

Times are unix seconds. An account's ``id`` **is** the ``platform_account_id`` every other
Social call takes (the seed says so).
"""

from __future__ import annotations

import attrs

from trenz_async.models._base import Model

__all__ = ["AccountDisconnected", "QrCode", "QrCodeStatus", "SocialAccount"]


@attrs.frozen(slots=True)
class SocialAccount(Model):
    """A bound social account, as Social Account List and Detail return it.

    ``platform`` is ``tiktok``, ``youtube``, ``instagram`` or ``facebook``; ``status`` is
    ``active`` or ``expired`` (refresh the token to publish again); ``token_expires_at`` and
    ``bound_at`` are unix seconds; ``remark`` is your own note (up to 100 characters).
    """

    id: int
    platform: str | None = None
    username: str | None = None
    nickname: str | None = None
    avatar_url: str | None = None
    status: str | None = None
    follower_count: int | None = None
    video_count: int | None = None
    remark: str | None = None
    token_expires_at: int | None = None
    bound_at: int | None = None

    @property
    def platform_account_id(self) -> int:
        """The id publishing, metrics and comments take (the same number as ``id``)."""
        return self.id

    @property
    def active(self) -> bool:
        """True while the account's token is valid (``status == "active"``)."""
        return self.status == "active"


@attrs.frozen(slots=True)
class AccountDisconnected(Model):
    """What Disconnect Social Account answers: the account id and ``status`` ``disconnected``."""

    platform_account_id: int | None = None
    status: str | None = None


@attrs.frozen(slots=True)
class QrCode(Model):
    """A TikTok login QR code: show ``qrcode_url`` to the user, poll with ``qrcode_token``.

    The code expires ``expires_in`` seconds after it was made (120), at ``expires_at`` (unix
    seconds).
    """

    qrcode_token: str
    qrcode_url: str | None = None
    expires_in: int | None = None
    expires_at: int | None = None


@attrs.frozen(slots=True)
class QrCodeStatus(Model):
    """Where a QR login stands: ``waiting``, ``scanned``, ``confirmed`` or ``expired``.

    ``account`` is the newly bound account once ``confirmed`` (None before).
    """

    qrcode_token: str | None = None
    status: str | None = None
    expires_at: int | None = None
    account: SocialAccount | None = None

    @property
    def confirmed(self) -> bool:
        """True once the user confirmed the login and the account is bound."""
        return self.status == "confirmed"

    @property
    def expired(self) -> bool:
        """True once the code expired unconfirmed (make a new one)."""
        return self.status == "expired"
