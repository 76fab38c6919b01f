"""``trenz.ads.accounts``: the account list and the remark write, against the simulator."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import assert_refused_before_sending
from trenz_async import AmbiguousOutcomeError, TrenzClient
from trenz_async.errors import InvalidParamError
from trenz_async.models.ads import AdAccount
from trenz_async.testing import FaultRule

pytestmark = pytest.mark.anyio
REMARK_PATH = "/open/v1/ads/accounts/remark"
REMARK_ROUTE = f"POST {REMARK_PATH}"


async def test_list_decodes_every_account(client: TrenzClient, trenz_simulator: Any) -> None:
    page = await client.ads.accounts.list()
    seeded = trenz_simulator.ads.accounts()
    assert page.total == len(seeded) == 3
    assert all(isinstance(account, AdAccount) for account in page)
    first, seed = page.items[0], seeded[0]
    assert (first.advertiser_id, first.name, first.currency, first.timezone) == (
        seed.advertiser_id,
        "Lumen Home US",
        "USD",
        "America/Los_Angeles",
    )
    assert isinstance(first.balance, float)
    assert first.balance == seed.balance
    assert first.create_time == seed.create_time
    assert (first.remark, first.active) == ("", True)
    assert [a.status for a in page] == ["active", "active", "suspended"]
    assert page.usage is not None
    assert page.usage.cost == 1
    assert trenz_simulator.journal[0].json == {"page": 1, "page_size": 10}


async def test_list_pages_through_every_account(client: TrenzClient) -> None:
    pager = client.ads.accounts.list(page_size=2)
    pages = [page async for page in pager.pages()]
    assert [len(page) for page in pages] == [2, 1]
    names = [a.name for a in await pager.collect()]
    assert names == ["Lumen Home US", "Glow Lab SEA", "Nordic Desk EU"]


async def test_a_remark_set_is_seen_in_the_next_list(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    second = trenz_simulator.ads.accounts()[1].advertiser_id
    updated = await client.ads.accounts.set_remark(advertiser_id=int(second), remark="Q3 push")
    assert isinstance(updated, AdAccount)
    assert (updated.advertiser_id, updated.remark) == (second, "Q3 push")
    listed = await client.ads.accounts.list()
    assert [a.remark for a in listed] == ["", "Q3 push", ""]
    assert trenz_simulator.journal[0].json == {"advertiser_id": second, "remark": "Q3 push"}
    cleared = await client.ads.accounts.set_remark(advertiser_id=second, remark="")
    assert cleared.remark == ""
    assert [a.remark for a in await client.ads.accounts.list()] == ["", "", ""]
    assert trenz_simulator.counters["ads remark updates"] == 2


async def test_a_remark_of_exactly_100_characters_is_sent(
    client: TrenzClient, advertiser_id: str
) -> None:
    updated = await client.ads.accounts.set_remark(advertiser_id=advertiser_id, remark="r" * 100)
    assert updated.remark == "r" * 100


async def test_a_remark_for_an_unknown_account_is_refused_by_the_service(
    client: TrenzClient,
) -> None:
    with pytest.raises(InvalidParamError) as caught:
        await client.ads.accounts.set_remark(advertiser_id="123", remark="x")
    assert caught.value.status == 400
    assert caught.value.code == "INVALID_PARAM"
    assert "advertiser_id 123" in caught.value.message


@pytest.mark.parametrize(
    ("field", "arguments"),
    [
        ("remark", {"remark": "r" * 101}),
        ("remark", {"remark": None}),
        ("remark", {"remark": 7}),
        ("advertiser_id", {"advertiser_id": "ad-123"}),
        ("advertiser_id", {"advertiser_id": ""}),
        ("advertiser_id", {"advertiser_id": -5}),
        ("advertiser_id", {"advertiser_id": True}),
        ("advertiser_id", {"advertiser_id": "1" * 31}),
    ],
)
async def test_bad_remark_arguments_are_refused_before_sending(
    client: TrenzClient,
    trenz_simulator: Any,
    advertiser_id: str,
    field: str,
    arguments: dict[str, Any],
) -> None:
    call = client.ads.accounts.set_remark
    full = {"advertiser_id": advertiser_id, "remark": "ok", **arguments}
    assert_refused_before_sending(trenz_simulator, field, call, **full)


@pytest.mark.parametrize(
    ("field", "arguments"), [("page", {"page": 0}), ("page_size", {"page_size": 51})]
)
async def test_bad_paging_is_refused_before_sending(
    client: TrenzClient, trenz_simulator: Any, field: str, arguments: dict[str, Any]
) -> None:
    assert_refused_before_sending(trenz_simulator, field, client.ads.accounts.list, **arguments)


async def test_a_lost_remark_answer_is_ambiguous_and_not_resent(
    client: TrenzClient, trenz_simulator: Any, advertiser_id: str
) -> None:
    trenz_simulator.add_fault(FaultRule(route=REMARK_ROUTE, lose_response=True, times=1))
    with pytest.raises(AmbiguousOutcomeError) as caught:
        await client.ads.accounts.set_remark(advertiser_id=advertiser_id, remark="lost")
    assert caught.value.path == REMARK_PATH
    assert trenz_simulator.counters["ads remark updates"] == 1
    assert [(e.path, e.status) for e in trenz_simulator.journal] == [(REMARK_PATH, None)]
    # Reconcile by reading: the write was acted on.
    listed = await client.ads.accounts.list()
    assert listed.items[0].remark == "lost"
