"""Every Ads management endpoint (``trenz.ads``) in one table: path, safety class, evidence.

All nine are POST with a JSON body under ``/open/v1/ads/``. Their paths are the catalogue's
suggestions (section 4), so every one is tagged ``I-lo``: a guess to confirm; when the
provider publishes its spec, a wrong path is a one-line fix here. Update Ad Account Remark
changes state, so it is a ``write`` (never re-sent when its outcome is unknown); the rest
only query and are ``read`` (retried on 5xx, 429 and connection errors).

Data/Ads (``trenz.data.ads``: GET ``/open/v1/ads/search`` and ``/open/v1/ads/{id}``) shares
the prefix but not the method; it is a different API.
"""

from __future__ import annotations

from trenz_async.transport import Endpoint, Safety

__all__ = [
    "AD_ACCOUNT_LIST",
    "AD_DETAIL",
    "AD_INSIGHTS",
    "AD_LIST",
    "ADS_ENDPOINTS",
    "INTEGRATED_REPORT",
    "LANDING_PAGE_FIELDS",
    "LANDING_PAGE_LIST",
    "LEADS_LIST",
    "UPDATE_ACCOUNT_REMARK",
]

V1 = "/open/v1/ads"


def _post(name: str, path: str, safety: Safety = "read") -> Endpoint:
    return Endpoint(name=name, method="POST", path=f"{V1}/{path}", safety=safety, evidence="I-lo")


AD_ACCOUNT_LIST = _post("Ad Account List", "accounts/list")
UPDATE_ACCOUNT_REMARK = _post("Update Ad Account Remark", "accounts/remark", "write")
AD_LIST = _post("Ad List", "campaigns/list")
AD_DETAIL = _post("Ad Detail", "campaigns/detail")
AD_INSIGHTS = _post("Ad Insight Data", "campaigns/insights")
LANDING_PAGE_LIST = _post("Landing Page List", "landing-pages/list")
LANDING_PAGE_FIELDS = _post("Landing Page Field Definitions", "landing-pages/fields")
LEADS_LIST = _post("Leads List", "leads/list")
INTEGRATED_REPORT = _post("Ad Integrated Report", "reports/integrated")

ADS_ENDPOINTS: dict[str, Endpoint] = {
    e.name: e
    for e in (
        AD_ACCOUNT_LIST,
        UPDATE_ACCOUNT_REMARK,
        AD_LIST,
        AD_DETAIL,
        AD_INSIGHTS,
        LANDING_PAGE_LIST,
        LANDING_PAGE_FIELDS,
        LEADS_LIST,
        INTEGRATED_REPORT,
    )
}
"""The nine endpoints by their seed name."""
