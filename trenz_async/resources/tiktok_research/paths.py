"""TikTok Research API endpoints (seed 001), under ``https://open.tiktokapis.com/v2/``.

Evidence ``C1``: the seed's table gives method, path (the trailing slash matters) and scope
``research.adlib.basic``. (The seed's curl example posts to ``.../commercial_content/report/``
with ad-library field names: an example from another endpoint; the table is what we follow.)
The query only reads, so it is a ``read``: retried on connection errors, 429
``rate_limit_exceeded`` and 5xx (each retry still uses the daily quota).
"""

from __future__ import annotations

from trenz_async.transport import Endpoint

__all__ = ["QUERY_COMMERCIAL_CONTENT", "RESEARCH_ENDPOINTS"]

QUERY_COMMERCIAL_CONTENT = Endpoint(
    "Query Commercial Content",
    "POST",
    "/v2/research/adlib/commercial_content/query/",
    "read",
    "C1",
)
"""``fields`` in the query string, ``filters``/``max_count``/``search_id`` in the JSON body."""

RESEARCH_ENDPOINTS = (QUERY_COMMERCIAL_CONTENT,)
"""Every Research endpoint this client calls."""
