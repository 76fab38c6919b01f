"""``trenz.social.tiktok_login``: bind a TikTok account by QR code (Social/1).

The flow: ``qrcode()`` issues a code (show its ``qrcode_url`` to the user); the user scans it
in the TikTok app and confirms; ``status()`` moves ``waiting -> scanned -> confirmed`` and then
carries the bound account. An unconfirmed code expires 120 s after it was issued. ``wait()``
polls with :func:`trenz_async.polling.wait_until` until the account is bound or the code
expires.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, Unpack

from trenz_async.errors import OperationFailedError, ResponseDecodeError
from trenz_async.models.social import QrCode, QrCodeStatus, SocialAccount
from trenz_async.polling import Outcome, PollEvent, PollPolicy, wait_until
from trenz_async.resources._base import CallOptions, Resource
from trenz_async.resources.social._checks import check_nonblank
from trenz_async.resources.social.paths import TIKTOK_QRCODE, TIKTOK_QRCODE_STATUS
from trenz_async.transport._checks import check_optional_seconds

__all__ = ["QrCodeExpiredError", "TikTokLoginResource"]

_OUTCOMES = {"confirmed": Outcome.DONE, "expired": Outcome.FAILED}


class QrCodeExpiredError(OperationFailedError):
    """The TikTok login QR code expired before the user confirmed it; issue a new one.

    ``last`` is the final :class:`~trenz_async.models.social.QrCodeStatus`.
    """


def _classify(status: QrCodeStatus) -> tuple[Outcome, str]:
    text = status.status or "unknown"
    return _OUTCOMES.get(text, Outcome.PENDING), text


def _expired(status: QrCodeStatus, _: str) -> QrCodeExpiredError:
    return QrCodeExpiredError(
        f"TikTok login QR code {status.qrcode_token} expired before it was confirmed; "
        "issue a new one with qrcode()",
        last=status,
    )


class TikTokLoginResource(Resource):
    """TikTok QR-code login: ``qrcode`` issues a code, ``status`` reads it, ``wait`` polls."""

    def qrcode(self, **options: Unpack[CallOptions]) -> Coroutine[Any, Any, QrCode]:
        """Issue a login QR code (``qrcode_url`` to show, ``qrcode_token`` to poll).

        A write: each call issues a new code, valid for 120 s.
        """
        return self._one(TIKTOK_QRCODE, QrCode, options, body={})  # a JSON body, as every POST

    def status(
        self, qrcode_token: str, **options: Unpack[CallOptions]
    ) -> Coroutine[Any, Any, QrCodeStatus]:
        """Where the login stands: ``waiting``, ``scanned``, ``confirmed`` (with ``account``)
        or ``expired``. Raises :class:`~trenz_async.errors.InvalidParamError` for an unknown
        token."""
        body = {"qrcode_token": check_nonblank("qrcode_token", qrcode_token)}
        return self._one(TIKTOK_QRCODE_STATUS, QrCodeStatus, options, body=body)

    def wait(
        self,
        qrcode_token: str,
        *,
        timeout: float | None = 300.0,
        policy: PollPolicy | None = None,
        on_poll: Callable[[PollEvent], object] | None = None,
    ) -> Coroutine[Any, Any, SocialAccount]:
        """Poll until the user confirms the login; return the newly bound account.

        Raises :class:`QrCodeExpiredError` when the code expires first and
        :class:`~trenz_async.errors.PollTimeoutError` after ``timeout`` seconds. ``policy``
        paces the polls (3-5 s by default); ``on_poll`` gets a
        :class:`~trenz_async.polling.PollEvent` per poll (its ``state`` is the status).
        """
        token = check_nonblank("qrcode_token", qrcode_token)
        return self._wait(token, check_optional_seconds("timeout", timeout), policy, on_poll)

    async def _wait(
        self,
        token: str,
        timeout: float | None,
        policy: PollPolicy | None,
        on_poll: Callable[[PollEvent], object] | None,
    ) -> SocialAccount:
        final = await wait_until(
            lambda: self.status(token),
            _classify,
            what=f"TikTok login {token}",
            fail=_expired,
            timeout=timeout,
            policy=policy,
            on_poll=on_poll,
        )
        if final.account is None:
            raise ResponseDecodeError(
                f"$.data.account: TikTok login {token} is confirmed but carries no account"
            )
        return final.account
