"""The Ads endpoint table against the simulator's routes, and reads retried through a 503."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.ads.conftest import TODAY
from trenz_async import TrenzClient
from trenz_async.errors import ResponseDecodeError
from trenz_async.resources.ads.paths import ADS_ENDPOINTS, UPDATE_ACCOUNT_REMARK
from trenz_async.testing import FaultRule, Simulator
from trenz_async.testing.trenz.ads_routes import AdsApi, ads_routes
from trenz_async.testing.trenz.ads_state import AdsState

pytestmark = pytest.mark.anyio


def test_every_endpoint_is_a_route_of_the_simulator() -> None:
    routes = ads_routes(AdsApi(AdsState(0, lambda: 0.0), lambda: None))
    served = {(route.method, route.template) for route in routes}
    assert {(e.method, e.path) for e in ADS_ENDPOINTS.values()} == served
    assert len(ADS_ENDPOINTS) == 9


def test_only_the_remark_is_a_write_and_every_path_is_inferred() -> None:
    writes = [e for e in ADS_ENDPOINTS.values() if e.safety == "write"]
    assert writes == [UPDATE_ACCOUNT_REMARK]
    assert {e.evidence for e in ADS_ENDPOINTS.values()} == {"I-lo"}


Read = Callable[[TrenzClient, Any, str], Any]
START = TODAY.replace(day=1)


def _first_ad(sim: Simulator, advertiser_id: str) -> str:
    return str(sim.ads.ads_of(advertiser_id)[0].ad_id)


def _first_page(sim: Simulator, advertiser_id: str) -> str:
    return str(sim.ads.pages_of(advertiser_id)[0].page_id)


READS: dict[str, Read] = {
    "accounts/list": lambda c, s, a: c.ads.accounts.list(),
    "campaigns/list": lambda c, s, a: c.ads.campaigns.list(advertiser_id=a),
    "campaigns/detail": lambda c, s, a: c.ads.campaigns.get(_first_ad(s, a), advertiser_id=a),
    "campaigns/insights": lambda c, s, a: c.ads.campaigns.insights(
        advertiser_id=a, start_date=START, end_date=TODAY
    ),
    "landing-pages/list": lambda c, s, a: c.ads.landing_pages.list(advertiser_id=a),
    "landing-pages/fields": lambda c, s, a: c.ads.landing_pages.fields(_first_page(s, a)),
    "leads/list": lambda c, s, a: c.ads.leads.list(advertiser_id=a),
    "reports/integrated": lambda c, s, a: c.ads.reports.integrated(
        advertiser_id=a, start_date=START, end_date=TODAY
    ),
}


@pytest.mark.parametrize("path", sorted(READS))
async def test_a_read_is_retried_through_a_503(
    client: TrenzClient, trenz_simulator: Any, advertiser_id: str, path: str
) -> None:
    route = f"POST /open/v1/ads/{path}"
    trenz_simulator.add_fault(FaultRule(route=route, status=503, times=1))
    result = await READS[path](client, trenz_simulator, advertiser_id)
    assert result is not None
    statuses = [e.status for e in trenz_simulator.journal]
    assert statuses == [503, 200]
    assert trenz_simulator.journal[0].json == trenz_simulator.journal[1].json


@pytest.mark.parametrize(
    ("data", "where"),
    [
        ({"items": [], "total_count": 0, "totals": [1, 2]}, "$.data.totals"),
        ({"items": [], "total_count": 0, "totals": {"clicks": "many"}}, "$.data.totals"),
        ({"items": [], "total_count": 0, "dimensions": "date"}, "$.data.dimensions"),
        ({"items": [], "total_count": 0, "currency": 840}, "$.data.currency"),
    ],
)
async def test_wrong_shaped_report_extras_are_decode_errors(
    client: TrenzClient,
    trenz_simulator: Any,
    advertiser_id: str,
    data: dict[str, Any],
    where: str,
) -> None:
    body = json.dumps({"data": data, "request_id": "r-1"})
    trenz_simulator.add_fault(
        FaultRule(
            route="POST /open/v1/ads/reports/integrated",
            status=200,
            raw_body=body,
            content_type="application/json",
            times=1,
        )
    )
    report = client.ads.reports.integrated(
        advertiser_id=advertiser_id, start_date=START, end_date=TODAY
    )
    with pytest.raises(ResponseDecodeError, match=re.escape(where)):
        await report
