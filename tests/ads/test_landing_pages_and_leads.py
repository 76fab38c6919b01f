"""``trenz.ads.landing_pages`` and ``trenz.ads.leads``, against the simulator."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from tests.helpers import assert_refused_before_sending
from trenz_async import TrenzClient
from trenz_async.errors import InvalidParamError
from trenz_async.models.ads import LandingPage, LandingPageField, LandingPageFields, Lead

pytestmark = pytest.mark.anyio


async def test_landing_pages_of_an_account(
    client: TrenzClient, trenz_simulator: Any, advertiser_id: str
) -> None:
    page = await client.ads.landing_pages.list(advertiser_id=advertiser_id)
    seeded = trenz_simulator.ads.pages_of(advertiser_id)
    assert page.total == len(seeded) >= 1
    first = page.items[0]
    assert isinstance(first, LandingPage)
    assert (first.page_id, first.title, first.url, first.status, first.create_time) == (
        seeded[0].page_id,
        seeded[0].title,
        seeded[0].url,
        "published",
        seeded[0].create_time,
    )
    assert {p.advertiser_id for p in page} == {advertiser_id}


async def test_fields_of_a_landing_page(
    client: TrenzClient, trenz_simulator: Any, advertiser_id: str
) -> None:
    seeded = trenz_simulator.ads.pages_of(advertiser_id)[0]
    form = await client.ads.landing_pages.fields(int(seeded.page_id))
    assert isinstance(form, LandingPageFields)
    assert form.page_id == seeded.page_id
    assert form.fields is not None
    assert all(isinstance(field, LandingPageField) for field in form.fields)
    assert [f.name for f in form.fields] == [f["name"] for f in seeded.fields]
    assert [f.name for f in form.fields][:2] == ["full_name", "email"]
    assert (form.fields[0].type, form.fields[0].required, list(form.fields[0].options or ())) == (
        "text",
        True,
        [],
    )
    selects = [f for f in form.fields if f.type == "select"]
    assert all(len(f.options or ()) == 3 for f in selects)
    assert trenz_simulator.journal[0].json == {"page_id": seeded.page_id}


async def test_an_unknown_landing_page_is_refused_by_the_service(client: TrenzClient) -> None:
    with pytest.raises(InvalidParamError) as caught:
        await client.ads.landing_pages.fields("42")
    assert "page_id 42" in caught.value.message


async def test_leads_newest_first_with_their_form_values(
    client: TrenzClient, trenz_simulator: Any, advertiser_id: str
) -> None:
    leads = await client.ads.leads.list(advertiser_id=advertiser_id, page_size=50).collect()
    expected = trenz_simulator.ads.leads(advertiser_id, None, None, None)
    assert [lead.lead_id for lead in leads] == [e["lead_id"] for e in expected]
    assert all(isinstance(lead, Lead) for lead in leads)
    first = leads[0]
    assert dict(first.fields or {}) == expected[0]["fields"]
    assert "full_name" in (first.fields or {})
    assert first.ad_id == expected[0]["ad_id"]
    times = [lead.create_time or 0 for lead in leads]
    assert times == sorted(times, reverse=True)


async def test_leads_of_one_page_within_days(
    client: TrenzClient, trenz_simulator: Any, advertiser_id: str
) -> None:
    page_id = trenz_simulator.ads.pages_of(advertiser_id)[0].page_id
    start, end = date(2026, 7, 1), date(2026, 7, 31)
    leads = await client.ads.leads.list(
        advertiser_id=advertiser_id,
        page_id=page_id,
        start_date=start,
        end_date="2026-07-31",
        page_size=50,
    ).collect()
    expected = trenz_simulator.ads.leads(advertiser_id, page_id, start, end)
    assert [lead.lead_id for lead in leads] == [e["lead_id"] for e in expected]
    assert leads
    assert {lead.page_id for lead in leads} == {page_id}
    low = datetime(2026, 7, 1, tzinfo=UTC).timestamp()
    high = datetime(2026, 8, 1, tzinfo=UTC).timestamp()
    assert all(low <= (lead.create_time or 0) < high for lead in leads)
    sent = trenz_simulator.journal[0].json
    assert (sent["start_date"], sent["end_date"], sent["page_id"]) == (
        "2026-07-01",
        "2026-07-31",
        page_id,
    )


async def test_leads_with_only_a_start_date(
    client: TrenzClient, trenz_simulator: Any, advertiser_id: str
) -> None:
    page = await client.ads.leads.list(advertiser_id=advertiser_id, start_date="2026-08-01")
    expected = trenz_simulator.ads.leads(advertiser_id, None, date(2026, 8, 1), None)
    assert page.total == len(expected) > 0
    assert "end_date" not in trenz_simulator.journal[0].json


async def test_leads_of_another_accounts_page_are_refused_by_the_service(
    client: TrenzClient, trenz_simulator: Any, advertiser_id: str
) -> None:
    other = trenz_simulator.ads.accounts()[1].advertiser_id
    foreign = trenz_simulator.ads.pages_of(other)[0].page_id
    with pytest.raises(InvalidParamError) as caught:
        await client.ads.leads.list(advertiser_id=advertiser_id, page_id=foreign)
    assert f"page_id {foreign} is not a landing page of {advertiser_id}" in caught.value.message


@pytest.mark.parametrize(
    ("field", "arguments"),
    [
        ("page_id", {"page_id": "p-1"}),
        ("start_date", {"start_date": "2026-13-01"}),
        ("end_date", {"start_date": "2026-08-02", "end_date": date(2026, 8, 1)}),
        ("page_size", {"page_size": 51}),
        ("advertiser_id", {"advertiser_id": 1.5}),
    ],
)
async def test_bad_lead_arguments_are_refused_before_sending(
    client: TrenzClient,
    trenz_simulator: Any,
    advertiser_id: str,
    field: str,
    arguments: dict[str, Any],
) -> None:
    full = {"advertiser_id": advertiser_id, **arguments}
    assert_refused_before_sending(trenz_simulator, field, client.ads.leads.list, **full)


async def test_bad_landing_page_arguments_are_refused_before_sending(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    pages = client.ads.landing_pages
    assert_refused_before_sending(trenz_simulator, "page_id", pages.fields, page_id="")
    assert_refused_before_sending(trenz_simulator, "advertiser_id", pages.list, advertiser_id="x")
