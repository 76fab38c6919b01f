"""Bound social accounts and TikTok QR-code logins (Social/1 Account Management).

One simulator stands for one app: its accounts are shared by every API key (the gateway does
not hand the key to a route). All Social times are unix seconds (ints) on the simulator clock.

Account lifecycle (h11-style table; anything else is refused):

============  ============  =========================================================
from          to            by
============  ============  =========================================================
active        expired       the clock passing ``token_expires_at``
active        active        Refresh Social Token (``token_expires_at`` = now + 30 days)
expired       active        Refresh Social Token
active        disconnected  Disconnect Social Account
expired       disconnected  Disconnect Social Account
disconnected  (final)       gone from the list, detail and publishing (400 INVALID_PARAM)
============  ============  =========================================================

QR login lifecycle (``sim.scan_qrcode`` / ``sim.confirm_qrcode`` drive it; the clock expires it):

=========  ==================  ==================================================
from       to                  by
=========  ==================  ==================================================
waiting    scanned             ``sim.scan_qrcode(token)``
waiting    expired             the clock reaching ``expires_at`` (created + 120 s)
scanned    confirmed           ``sim.confirm_qrcode(token)``: binds a new TikTok account
scanned    expired             the clock reaching ``expires_at``
confirmed  (final)
expired    (final)
=========  ==================  ==================================================
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from typing import Any

import attrs

from trenz_async.testing.trenz.envelope import SimError

PLATFORMS: tuple[str, ...] = ("tiktok", "youtube", "instagram", "facebook")
DAY = 86_400
TOKEN_LIFETIME = 30 * DAY
QR_LIFETIME = 120
AVATARS = "https://oss-data.trenz.ai/sim/avatars"
QR_BASE = "https://www.tiktok.com/login/qrcode"

#: Seeded accounts: (fixed id or None for a seeded one, platform, token expired?).
#: 4687 and 5678 are the ids of the seed's publishing examples, so those run verbatim.
SEEDED: tuple[tuple[int | None, str, bool], ...] = (
    (4687, "tiktok", False),
    (5678, "tiktok", False),
    (None, "tiktok", True),
    (None, "youtube", False),
    (None, "instagram", False),
    (None, "facebook", False),
)
_FIRST = ("glow", "desk", "cozy", "urban", "daily", "pure", "bright", "happy", "nova", "maple")
_SECOND = ("lamp", "studio", "finds", "home", "beauty", "kitchen", "gadgets", "style", "deals")

ACCOUNT_TRANSITIONS: dict[str, frozenset[str]] = {
    "active": frozenset({"expired", "active", "disconnected"}),
    "expired": frozenset({"active", "disconnected"}),
    "disconnected": frozenset(),
}
QR_TRANSITIONS: dict[str, frozenset[str]] = {
    "waiting": frozenset({"scanned", "expired"}),
    "scanned": frozenset({"confirmed", "expired"}),
    "confirmed": frozenset(),
    "expired": frozenset(),
}


@attrs.define
class Account:
    """One bound social account; ``id`` is the ``platform_account_id`` used everywhere."""

    id: int
    platform: str
    username: str
    nickname: str
    avatar_url: str
    follower_count: int
    token_expires_at: int
    bound_at: int
    status: str = "active"
    remark: str = ""

    def move(self, status: str) -> None:
        """Move along :data:`ACCOUNT_TRANSITIONS`; anything else raises ValueError."""
        if status not in ACCOUNT_TRANSITIONS[self.status]:
            raise ValueError(f"account {self.id} cannot go from {self.status} to {status}")
        self.status = status

    def view(self, video_count: int) -> dict[str, Any]:
        """Return the account object of the wire (``video_count`` is counted by the caller)."""
        return {
            "id": self.id,
            "platform": self.platform,
            "username": self.username,
            "nickname": self.nickname,
            "avatar_url": self.avatar_url,
            "status": self.status,
            "follower_count": self.follower_count,
            "video_count": video_count,
            "remark": self.remark,
            "token_expires_at": self.token_expires_at,
            "bound_at": self.bound_at,
        }


@attrs.define
class QrLogin:
    """One TikTok QR-code login attempt."""

    token: str
    created_at: int
    expires_at: int
    status: str = "waiting"
    account_id: int | None = None

    def move(self, status: str) -> None:
        """Move along :data:`QR_TRANSITIONS`; anything else raises ValueError."""
        if status not in QR_TRANSITIONS[self.status]:
            raise ValueError(f"QR code {self.token} cannot go from {self.status} to {status}")
        self.status = status


class SocialAccounts:
    """Every account of the simulator's app, by id, plus its QR logins.

    Readers for other Social areas: :meth:`get` (a bound account or None) and :meth:`all`.
    ``now`` is the simulator clock (epoch seconds, float); ``bump`` counts each write by name
    (``social_accounts_disconnected``, ``social_tokens_refreshed``, ``social_remarks_updated``,
    ``social_qrcodes_issued``, ``social_accounts_bound``).
    """

    def __init__(
        self,
        seed: int,
        now: Callable[[], float],
        bump: Callable[[str], None] = lambda name: None,
    ) -> None:
        self._now = now
        self._bump = bump
        self._rng = random.Random(f"social-accounts:{seed}")
        self._qr_rng = random.Random(f"social-qrcode:{seed}")
        self._accounts: dict[int, Account] = {}
        self._logins: dict[str, QrLogin] = {}
        start = int(now())
        for fixed_id, platform, expired in SEEDED:
            lifetime = -3 * DAY if expired else self._rng.randrange(DAY, 25 * DAY)
            self._bind(platform, start, start + lifetime, fixed_id)

    def _bind(
        self, platform: str, now: int, expires_at: int, fixed_id: int | None = None
    ) -> Account:
        account_id = fixed_id if fixed_id is not None else self._fresh_id()
        username = f"{self._rng.choice(_FIRST)}{self._rng.choice(_SECOND)}_{account_id % 100:02d}"
        account = Account(
            id=account_id,
            platform=platform,
            username=username,
            nickname=username.replace("_", " ").title(),
            avatar_url=f"{AVATARS}/{account_id}.jpg",
            follower_count=int(2_000_000 * self._rng.random() ** 3),
            token_expires_at=expires_at,
            bound_at=now,
            status="expired" if expires_at <= now else "active",
        )
        self._accounts[account_id] = account
        return account

    def _fresh_id(self) -> int:
        while True:
            candidate = self._rng.randrange(1000, 10_000)
            if candidate not in self._accounts:
                return candidate

    def _expire(self, account: Account) -> Account:
        if account.status == "active" and account.token_expires_at <= self._now():
            account.move("expired")
        return account

    def get(self, platform_account_id: int) -> Account | None:
        """Return the bound account (active or expired), or None (unknown or disconnected)."""
        account = self._accounts.get(platform_account_id)
        if account is None or account.status == "disconnected":
            return None
        return self._expire(account)

    def require(self, platform_account_id: int, field: str = "platform_account_id") -> Account:
        """Return the bound account or raise 400 INVALID_PARAM naming ``field``."""
        account = self.get(platform_account_id)
        if account is None:
            raise SimError(
                "INVALID_PARAM", f"{field}: no bound social account {platform_account_id}"
            )
        return account

    def all(self, platform: str | None = None) -> list[Account]:
        """Return the bound accounts in binding order, optionally of one ``platform``."""
        bound = [self._expire(a) for a in self._accounts.values() if a.status != "disconnected"]
        return [a for a in bound if platform is None or a.platform == platform]

    def disconnect(self, platform_account_id: int) -> Account:
        """Unbind an account (400 INVALID_PARAM when it is not bound)."""
        account = self.require(platform_account_id)
        account.move("disconnected")
        self._bump("social_accounts_disconnected")
        return account

    def refresh_token(self, platform_account_id: int) -> Account:
        """Renew the token: ``token_expires_at`` = now + 30 days and the account is active."""
        account = self.require(platform_account_id)
        account.move("active")
        account.token_expires_at = int(self._now()) + TOKEN_LIFETIME
        self._bump("social_tokens_refreshed")
        return account

    def set_remark(self, platform_account_id: int, remark: str) -> Account:
        """Replace the account's remark."""
        account = self.require(platform_account_id)
        account.remark = remark
        self._bump("social_remarks_updated")
        return account

    # QR-code login

    def new_qrcode(self) -> QrLogin:
        """Start a QR login that expires 120 s of simulator clock from now."""
        now = int(self._now())
        token = str(uuid.UUID(int=self._qr_rng.getrandbits(128), version=4))
        login = QrLogin(token, now, now + QR_LIFETIME)
        self._logins[token] = login
        self._bump("social_qrcodes_issued")
        return login

    def qrcode(self, token: str) -> QrLogin | None:
        """Return the login for ``token`` (expired by the clock when due), or None."""
        login = self._logins.get(token)
        if login and login.status in ("waiting", "scanned") and self._now() >= login.expires_at:
            login.move("expired")
        return login

    def _login(self, token: str) -> QrLogin:
        login = self.qrcode(token)
        if login is None:
            raise KeyError(f"unknown QR code token {token!r}")
        return login

    def scan_qrcode(self, token: str) -> None:
        """Test control: the user scanned the code (waiting -> scanned)."""
        self._login(token).move("scanned")

    def confirm_qrcode(self, token: str, nickname: str | None = None) -> Account:
        """Test control: the user confirmed (scanned -> confirmed); binds a TikTok account."""
        login = self._login(token)
        login.move("confirmed")
        now = int(self._now())
        account = self._bind("tiktok", now, now + TOKEN_LIFETIME)
        if nickname is not None:
            account.nickname = nickname
        login.account_id = account.id
        self._bump("social_accounts_bound")
        return account

    def qrcode_view(self, login: QrLogin) -> dict[str, Any]:
        """Return the QR login as Login answers it."""
        return {
            "qrcode_token": login.token,
            "qrcode_url": f"{QR_BASE}?token={login.token}",
            "expires_in": login.expires_at - login.created_at,
            "expires_at": login.expires_at,
        }
