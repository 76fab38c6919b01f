"""Every Trenz Data endpoint in one table: method, path, safety class, evidence.

Evidence tags from ``api/trenz_catalogue.md``: ``C1`` confirmed in a primary source, ``C2``
second-hand, ``I-hi`` strong inference, ``I-lo`` a guess to confirm. All Data calls are GET
reads. When the provider publishes its spec, a wrong path is a one-line fix here.
"""

from __future__ import annotations

from trenz_async.transport import Endpoint

__all__ = ["DATA_ENDPOINTS"]


def _get(name: str, path: str, evidence: str) -> Endpoint:
    return Endpoint(name=name, method="GET", path=path, safety="read", evidence=evidence)


DATA_ENDPOINTS: dict[str, Endpoint] = {
    e.name: e
    for e in (
        # Products (search/detail/related lists/rankings confirmed by live calls)
        _get("Product Search", "/open/v1/products/search", "C1"),
        _get("Product Detail", "/open/v1/products/{id}", "C1"),
        _get("Product Related Creators", "/open/v1/products/{id}/creators", "C1"),
        _get("Product Related Lives", "/open/v1/products/{id}/lives", "C1"),
        _get("Product Reviews", "/open/v1/products/{id}/reviews", "C1"),
        _get("Similar Products", "/open/v1/products/{id}/similar", "C1"),
        _get("Product Related Videos", "/open/v1/products/{id}/videos", "C1"),
        _get("Top-selling Products", "/open/v1/products/rankings/top-selling", "C1"),
        _get("Most-promoted Products", "/open/v1/products/rankings/most-promoted", "C1"),
        _get("New-arrival Products", "/open/v1/products/rankings/new-arrivals", "C1"),
        # Sellers
        _get("Seller Search", "/open/v1/sellers/search", "I-hi"),
        _get("Seller Detail", "/open/v1/sellers/{id}", "I-hi"),
        _get("Seller Related Creators", "/open/v1/sellers/{id}/creators", "I-hi"),
        _get("Seller Related Products", "/open/v1/sellers/{id}/products", "I-hi"),
        _get("Seller Related Videos", "/open/v1/sellers/{id}/videos", "I-hi"),
        # Creators
        _get("Creator Search", "/open/v1/creators/search", "I-hi"),
        _get("Creator Detail", "/open/v1/creators/{id}", "I-hi"),
        _get("Creator Related Lives", "/open/v1/creators/{id}/lives", "I-hi"),
        _get("Creator Products", "/open/v1/creators/{id}/products", "I-hi"),
        _get("Similar Creators", "/open/v1/creators/{id}/similar", "I-hi"),
        _get("Creator Videos", "/open/v1/creators/{id}/videos", "I-hi"),
        # Videos
        _get("Video Search", "/open/v1/videos/search", "I-hi"),
        _get("Video Detail", "/open/v1/videos/{id}", "I-hi"),
        _get("Video Products", "/open/v1/videos/{id}/products", "I-hi"),
        _get("Video Reviews", "/open/v1/videos/{id}/reviews", "I-hi"),
        _get("Similar Videos", "/open/v1/videos/{id}/similar", "I-hi"),
        # Lives
        _get("Live Search", "/open/v1/lives/search", "I-hi"),
        _get("Live Detail", "/open/v1/lives/{id}", "I-hi"),
        _get("Live Related Products", "/open/v1/lives/{id}/products", "I-hi"),
        _get("Similar Lives", "/open/v1/lives/{id}/similar", "I-hi"),
        # Ads ("TikTok Ad Creative Detail") and creatives: upstream prefix not public
        _get("Ad Search", "/open/v1/ads/search", "I-lo"),
        _get("TikTok Ad Creative Detail", "/open/v1/ads/{id}", "I-lo"),
        _get("Ad Creative Related Products", "/open/v1/ads/{id}/products", "I-lo"),
        _get("Similar Ad Creatives", "/open/v1/ads/{id}/similar", "I-lo"),
        _get("Creative Search", "/open/v1/creatives/search", "I-lo"),
        _get("Creative Detail", "/open/v1/creatives/{id}", "I-lo"),
    )
}
"""Data endpoints keyed by the seed's (or catalogue's) endpoint name."""
