"""The daily quota ledger: refusing before sending, the reset at 00:00 UTC, a shared file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.tiktok_research.conftest import queries, research_client
from trenz_async import TikTokClient
from trenz_async.errors import ConfigurationError, QuotaExceededError, ValidationError
from trenz_async.resources.tiktok_research.quota import QuotaLedger
from trenz_async.testing import Simulator

pytestmark = pytest.mark.anyio

WEEK = {"content_published_date_range": {"min": "20230101", "max": "20230107"}}


def _to_midnight(sim: Simulator) -> float:
    now = sim.clock.now()
    return 86400 - now % 86400


def _pin_before_midnight(sim: Simulator, seconds: float = 3600) -> None:
    """Put the simulator clock ``seconds`` before a UTC midnight."""
    now = sim.clock.now()
    sim.clock.set(now - now % 86400 + 86400 - seconds)


async def test_the_ledger_refuses_before_sending(sim: Simulator, tiktok: TikTokClient) -> None:
    _pin_before_midnight(sim, 2 * 3600 + 30 * 60)
    research = tiktok.research.commercial_content
    research.ledger = QuotaLedger(requests_per_day=3, clock=sim.clock.now)
    pager = research.query(filters=WEEK, fields="id", max_count=5)
    pages = pager.pages()
    got = [item for _ in range(3) for item in (await anext(pages)).items]
    assert len(got) == 15
    with pytest.raises(QuotaExceededError) as caught:
        await anext(pages)
    assert len(queries(sim, tiktok.client_key)) == 3  # the fourth was never sent
    error = caught.value
    assert (error.status, error.code) == (None, "daily_quota_limit_exceeded")
    tomorrow = dt.datetime.fromtimestamp(sim.clock.now(), dt.UTC).date() + dt.timedelta(days=1)
    assert f"resets at {tomorrow:%Y-%m-%d} 00:00 UTC (in 2h29m)" in error.message
    assert "3/3 requests" in error.message
    assert error.retry_after is not None
    assert 2.4 * 3600 < error.retry_after <= 2.5 * 3600


async def test_after_the_simulated_midnight_it_sends_again(
    sim: Simulator, tiktok: TikTokClient
) -> None:
    _pin_before_midnight(sim)
    research = tiktok.research.commercial_content
    research.ledger = QuotaLedger(requests_per_day=1, clock=sim.clock.now)
    await research.query(filters=WEEK, fields="id")
    with pytest.raises(QuotaExceededError):
        await research.query(filters=WEEK, fields="id")
    assert len(queries(sim, tiktok.client_key)) == 1
    sim.clock.advance(_to_midnight(sim) + 1)
    page = await research.query(filters=WEEK, fields="id")
    assert page.items
    usage = research.ledger.usage(tiktok.client_key)
    assert (usage.requests, usage.records) == (1, 10)


async def test_wait_for_reset_sleeps_to_midnight_and_goes_on(
    sim: Simulator, tiktok: TikTokClient
) -> None:
    _pin_before_midnight(sim, 600)
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        sim.clock.advance(seconds)

    research = tiktok.research.commercial_content
    research.ledger = QuotaLedger(
        requests_per_day=2, wait_for_reset=True, clock=sim.clock.now, sleep=sleep
    )
    pager = research.query(filters=WEEK, fields="id", max_count=20)
    ids = [item.id async for item in pager.iter(limit=60)]
    assert len(ids) == len(set(ids)) == 60
    assert len(slept) == 1
    assert 599 <= slept[0] <= 602  # to 00:00 UTC, plus the one-second margin
    assert research.ledger.usage(tiktok.client_key).requests == 1  # the new day's
    assert len(queries(sim, tiktok.client_key)) == 3


async def test_the_services_429_marks_the_day_used_up(sim: Simulator) -> None:
    key, secret = sim.create_tiktok_client(daily_request_quota=2)
    async with research_client(sim, key, secret) as tiktok:
        research = tiktok.research.commercial_content
        research.ledger = QuotaLedger(clock=sim.clock.now)  # 1,000 a day: does not know
        with pytest.raises(QuotaExceededError) as caught:
            await research.query(filters=WEEK, fields="id", max_count=5).collect()
        assert caught.value.status == 429  # the service's own refusal
        assert len(queries(sim, key)) == 3
        usage = research.ledger.usage(key)
        assert usage.exhausted
        assert usage.used_up
        with pytest.raises(QuotaExceededError, match="answered daily_quota_limit_exceeded"):
            await research.query(filters=WEEK, fields="id")
        assert len(queries(sim, key)) == 3  # refused before sending


async def test_after_the_services_429_wait_for_reset_goes_on(sim: Simulator) -> None:
    key, secret = sim.create_tiktok_client(daily_request_quota=2, token_lifetime=2 * 86400)
    _pin_before_midnight(sim, 300)
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        sim.clock.advance(seconds)

    async with research_client(sim, key, secret) as tiktok:
        research = tiktok.research.commercial_content
        research.ledger = QuotaLedger(wait_for_reset=True, clock=sim.clock.now, sleep=sleep)
        ids = [i.id async for i in research.query(filters=WEEK, fields="id").iter(limit=30)]
    assert len(ids) == len(set(ids)) == 30
    assert len(slept) == 1
    assert 299 <= slept[0] <= 302
    assert [e.status for e in queries(sim, key)] == [200, 200, 429, 200]


async def test_a_file_ledger_is_shared_by_two_clients(sim: Simulator, tmp_path: Path) -> None:
    key, secret = sim.create_tiktok_client()
    path = tmp_path / "quota" / "research.json"
    async with (
        research_client(sim, key, secret) as first,
        research_client(sim, key, secret) as second,
    ):
        for client in (first, second):
            client.research.commercial_content.ledger = QuotaLedger(
                path, requests_per_day=4, clock=sim.clock.now
            )
        pages = first.research.commercial_content.query(filters=WEEK, fields="id", max_count=5)
        assert len([page async for page in pages.pages(max_pages=3)]) == 3
        ledger = second.research.commercial_content.ledger
        assert ledger is not None
        usage = ledger.usage(key)
        assert (usage.requests, usage.records) == (3, 15)
        await second.research.commercial_content.query(filters=WEEK, fields="id")
        with pytest.raises(QuotaExceededError):
            await first.research.commercial_content.query(filters=WEEK, fields="id")
        with pytest.raises(QuotaExceededError):
            await second.research.commercial_content.query(filters=WEEK, fields="id")
    assert len(queries(sim, key)) == 4
    stored = json.loads(path.read_text())
    assert stored["version"] == 1
    today = dt.datetime.fromtimestamp(sim.clock.now(), dt.UTC).date().isoformat()
    assert stored["clients"][key] == {
        "day": today,
        "requests": 4,
        "records": 25,
        "exhausted": False,
    }
    assert secret not in path.read_text()


async def test_a_ledger_passed_per_call_is_used(sim: Simulator, tiktok: TikTokClient) -> None:
    ledger = QuotaLedger(requests_per_day=1, clock=sim.clock.now)
    research = tiktok.research.commercial_content
    await research.query(filters=WEEK, fields="id", ledger=ledger)
    with pytest.raises(QuotaExceededError):
        await research.query(filters=WEEK, fields="id", ledger=ledger)
    await research.query(filters=WEEK, fields="id")  # the client's own ledger is not full
    assert research.ledger is not None
    assert research.ledger.usage(tiktok.client_key).requests == 1


async def test_no_ledger_sends_without_counting(sim: Simulator, tiktok: TikTokClient) -> None:
    research = tiktok.research.commercial_content
    research.ledger = None
    assert (await research.query(filters=WEEK, fields="id")).items
    assert len(queries(sim, tiktok.client_key)) == 1


def test_a_broken_ledger_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "quota.json"
    path.write_text("{not json")
    with pytest.raises(ConfigurationError, match=r"quota ledger .* is unreadable"):
        QuotaLedger(path).usage("key")


@pytest.mark.parametrize(
    ("option", "value"),
    [("requests_per_day", 0), ("records_per_day", True), ("wait_for_reset", "yes")],
)
def test_ledger_settings_are_checked(option: str, value: object) -> None:
    with pytest.raises(ValidationError) as caught:
        QuotaLedger(**{option: value})  # type: ignore[arg-type]
    assert caught.value.field == option
