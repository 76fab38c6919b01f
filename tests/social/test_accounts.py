"""``trenz.social.accounts`` and ``trenz.social.tiktok_login`` against the simulator, over HTTP."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.helpers import assert_refused_before_sending
from tests.social.conftest import ACCOUNT, FAST, OTHER_ACCOUNT
from trenz_async import AmbiguousOutcomeError, InvalidParamError, TrenzClient
from trenz_async.errors import PollTimeoutError
from trenz_async.models.social import (
    AccountDisconnected,
    QrCode,
    QrCodeStatus,
    SocialAccount,
)
from trenz_async.polling import PollEvent
from trenz_async.resources.social.tiktok_login import QrCodeExpiredError
from trenz_async.testing import FaultRule

pytestmark = pytest.mark.anyio
V1 = "/open/v1/social"


def _expired_account(sim: Any) -> int:
    return next(a.id for a in sim.social_accounts.all() if a.status == "expired")


async def test_list_returns_the_bound_accounts_as_the_simulator_holds_them(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    page = await client.social.accounts.list(page_size=50)
    held = {a.id: a for a in trenz_simulator.social_accounts.all()}
    assert page.total == len(held) == 6
    assert [a.id for a in page.items] == list(held)
    for account in page.items:
        assert isinstance(account, SocialAccount)
        source = held[account.id]
        assert (account.platform, account.username, account.status, account.remark) == (
            source.platform,
            source.username,
            source.status,
            "",
        )
        assert account.token_expires_at == source.token_expires_at
        assert account.video_count is not None
        assert account.video_count >= 3
    assert page.items[0].platform_account_id == ACCOUNT
    assert page.items[0].active


async def test_list_filters_by_platform_and_pages(client: TrenzClient) -> None:
    youtube = await client.social.accounts.list(platform="YouTube")  # any case, sent as listed
    assert [a.platform for a in youtube.items] == ["youtube"]
    first = await client.social.accounts.list(page_size=4)
    assert (len(first.items), first.total, first.has_next) == (4, 6, True)
    every = await client.social.accounts.list(page_size=4).collect()
    assert len({a.id for a in every}) == 6


async def test_get_reads_one_account(client: TrenzClient, trenz_simulator: Any) -> None:
    account = await client.social.accounts.get(OTHER_ACCOUNT)
    source = trenz_simulator.social_accounts.get(OTHER_ACCOUNT)
    assert (account.id, account.nickname, account.follower_count) == (
        OTHER_ACCOUNT,
        source.nickname,
        source.follower_count,
    )
    sent = trenz_simulator.journal[-1]
    assert (sent.path, sent.json) == (f"{V1}/accounts/detail", {"platform_account_id": 5678})


async def test_an_unbound_account_is_an_invalid_param(client: TrenzClient) -> None:
    with pytest.raises(InvalidParamError) as caught:
        await client.social.accounts.get(1)
    assert "platform_account_id" in caught.value.message


async def test_disconnect_unbinds_the_account(client: TrenzClient, trenz_simulator: Any) -> None:
    answer = await client.social.accounts.disconnect(OTHER_ACCOUNT)
    assert isinstance(answer, AccountDisconnected)
    assert (answer.platform_account_id, answer.status) == (OTHER_ACCOUNT, "disconnected")
    ids = [a.id for a in (await client.social.accounts.list(page_size=50)).items]
    assert OTHER_ACCOUNT not in ids
    assert trenz_simulator.counters["social_accounts_disconnected"] == 1


async def test_refresh_token_revives_an_expired_account(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    expired = _expired_account(trenz_simulator)
    assert not (await client.social.accounts.get(expired)).active
    account = await client.social.accounts.refresh_token(expired)
    assert account.status == "active"
    assert account.token_expires_at is not None
    assert abs(account.token_expires_at - (time.time() + 30 * 86_400)) < 60


async def test_set_remark_replaces_and_clears_the_remark(client: TrenzClient) -> None:
    account = await client.social.accounts.set_remark(ACCOUNT, remark="main shop account")
    assert account.remark == "main shop account"
    assert (await client.social.accounts.get(ACCOUNT)).remark == "main shop account"
    account = await client.social.accounts.set_remark(ACCOUNT, remark="x" * 100)
    assert account.remark == "x" * 100
    assert (await client.social.accounts.set_remark(ACCOUNT, remark="")).remark == ""


@pytest.mark.parametrize(
    ("method", "field", "arguments"),
    [
        ("list", "platform", {"platform": "tiktok_shop"}),
        ("list", "page_size", {"page_size": 51}),
        ("list", "page", {"page": 0}),
        ("get", "platform_account_id", {"platform_account_id": "4687"}),
        ("get", "platform_account_id", {"platform_account_id": True}),
        ("get", "platform_account_id", {"platform_account_id": 0}),
        ("disconnect", "platform_account_id", {"platform_account_id": None}),
        ("refresh_token", "platform_account_id", {"platform_account_id": 4687.0}),
        ("set_remark", "remark", {"platform_account_id": ACCOUNT, "remark": "x" * 101}),
        ("set_remark", "remark", {"platform_account_id": ACCOUNT, "remark": None}),
    ],
)
async def test_bad_arguments_are_refused_before_sending(
    client: TrenzClient, trenz_simulator: Any, method: str, field: str, arguments: dict[str, Any]
) -> None:
    call = getattr(client.social.accounts, method)
    assert_refused_before_sending(trenz_simulator, field, call, **arguments)


async def test_qrcode_login_binds_an_account_step_by_step(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    login = client.social.tiktok_login
    code = await login.qrcode()
    assert isinstance(code, QrCode)
    assert trenz_simulator.journal[-1].json == {}  # a JSON body, as the seed's POSTs carry
    assert code.expires_in == 120
    assert code.qrcode_url is not None
    assert code.qrcode_token in code.qrcode_url
    seen = await login.status(code.qrcode_token)
    assert isinstance(seen, QrCodeStatus)
    assert (seen.status, seen.account) == ("waiting", None)
    trenz_simulator.scan_qrcode(code.qrcode_token)
    assert (await login.status(code.qrcode_token)).status == "scanned"
    bound = trenz_simulator.confirm_qrcode(code.qrcode_token, nickname="Desk Lamp Finds")
    seen = await login.status(code.qrcode_token)
    assert seen.confirmed
    assert seen.account is not None
    assert (seen.account.id, seen.account.nickname) == (bound.id, "Desk Lamp Finds")


async def test_wait_returns_the_account_once_confirmed(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    code = await client.social.tiktok_login.qrcode()
    states: list[str] = []

    def user_acts(event: PollEvent) -> None:  # the user scans, then confirms, while we poll
        states.append(event.state)
        if event.polls == 2:
            trenz_simulator.scan_qrcode(code.qrcode_token)
        if event.polls == 3:
            trenz_simulator.confirm_qrcode(code.qrcode_token)

    account = await client.social.tiktok_login.wait(
        code.qrcode_token, timeout=5, policy=FAST, on_poll=user_acts
    )
    assert states == ["waiting", "waiting", "scanned", "confirmed"]
    assert account.platform == "tiktok"
    assert account.id in {a.id for a in (await client.social.accounts.list(page_size=50)).items}


async def test_wait_raises_when_the_code_expires(client: TrenzClient, trenz_simulator: Any) -> None:
    code = await client.social.tiktok_login.qrcode()
    trenz_simulator.clock.advance(121)
    with pytest.raises(QrCodeExpiredError) as caught:
        await client.social.tiktok_login.wait(code.qrcode_token, timeout=5, policy=FAST)
    assert code.qrcode_token in str(caught.value)
    assert isinstance(caught.value.last, QrCodeStatus)
    assert caught.value.last.expired


async def test_wait_times_out_while_nobody_scans(client: TrenzClient) -> None:
    code = await client.social.tiktok_login.qrcode()
    with pytest.raises(PollTimeoutError) as caught:
        await client.social.tiktok_login.wait(code.qrcode_token, timeout=0.1, policy=FAST)
    assert "last seen: waiting" in str(caught.value)


async def test_login_arguments_are_refused_before_sending(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    login = client.social.tiktok_login
    assert_refused_before_sending(trenz_simulator, "qrcode_token", login.status, qrcode_token="")
    assert_refused_before_sending(trenz_simulator, "qrcode_token", login.wait, qrcode_token=None)
    assert_refused_before_sending(
        trenz_simulator, "timeout", login.wait, qrcode_token="abc", timeout=0
    )


@pytest.mark.parametrize(
    ("path", "counter", "call"),
    [
        (
            "/accounts/disconnect",
            "social_accounts_disconnected",
            lambda c: c.social.accounts.disconnect(OTHER_ACCOUNT),
        ),
        (
            "/accounts/refresh-token",
            "social_tokens_refreshed",
            lambda c: c.social.accounts.refresh_token(ACCOUNT),
        ),
        (
            "/accounts/remark",
            "social_remarks_updated",
            lambda c: c.social.accounts.set_remark(ACCOUNT, remark="vip"),
        ),
        ("/tiktok/qrcode", "social_qrcodes_issued", lambda c: c.social.tiktok_login.qrcode()),
    ],
    ids=["disconnect", "refresh_token", "set_remark", "qrcode"],
)
async def test_a_write_whose_answer_is_lost_is_not_sent_again(
    client: TrenzClient, trenz_simulator: Any, path: str, counter: str, call: Any
) -> None:
    route = f"POST {V1}{path}"
    trenz_simulator.add_fault(FaultRule(route=route, lose_response=True, times=1))
    with pytest.raises(AmbiguousOutcomeError):
        await call(client)
    assert trenz_simulator.counters[route] == 1
    assert trenz_simulator.counters[counter] == 1


@pytest.mark.parametrize(
    ("path", "call"),
    [
        ("/accounts/list", lambda c: c.social.accounts.list()),
        ("/accounts/detail", lambda c: c.social.accounts.get(ACCOUNT)),
    ],
    ids=["list", "get"],
)
async def test_a_read_is_retried_through_a_503(
    client: TrenzClient, trenz_simulator: Any, path: str, call: Any
) -> None:
    route = f"POST {V1}{path}"
    trenz_simulator.add_fault(FaultRule(route=route, status=503, times=1))
    answer = await call(client)
    assert answer is not None
    assert trenz_simulator.counters[route] == 2


async def test_qrcode_status_is_retried_through_a_503(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    code = await client.social.tiktok_login.qrcode()
    route = f"POST {V1}/tiktok/qrcode/status"
    trenz_simulator.add_fault(FaultRule(route=route, status=503, times=1))
    assert (await client.social.tiktok_login.status(code.qrcode_token)).status == "waiting"
    assert trenz_simulator.counters[route] == 2
