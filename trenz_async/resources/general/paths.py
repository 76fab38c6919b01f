"""Trenz General endpoints (async tasks, file upload) and the key check, with evidence tags.

Tags as in ``resources/data/paths.py``: ``C1`` confirmed in a primary source (here the seed's
own curl examples and task workflow), ``I-lo`` a guess to confirm.
"""

from __future__ import annotations

from trenz_async.transport import Endpoint

__all__ = ["ACCOUNT_VERIFY", "PRESIGN_UPLOAD", "TASK_STATUS"]

TASK_STATUS = Endpoint("Query async task status", "GET", "/open/v1/tasks/{id}", "read", "C1")
"""A poll; reading a task never changes it."""

PRESIGN_UPLOAD = Endpoint(
    "Generate Presigned Upload URL", "POST", "/open/v1/social/upload/presigned-url", "read", "C1"
)
"""A POST that only hands out a URL: nothing is stored or published, so it is safe to retry."""

ACCOUNT_VERIFY = Endpoint("Verify API key", "GET", "/open/v1/auth/verify", "read", "C1")
"""Chuhaijiang gateway (catalogue section 5): app id, tier, balance, status."""
