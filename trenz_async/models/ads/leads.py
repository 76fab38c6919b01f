"""Ads/Leads records: form submissions collected by landing pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from trenz_async.models._base import Model

__all__ = ["Lead"]


@attrs.frozen(slots=True)
class Lead(Model):
    """A lead: what one person submitted on a landing page, from which ad.

    ``fields`` maps a form field's ``name`` (see
    :class:`~trenz_async.models.ads.LandingPageField`) to the submitted value; optional
    fields left empty are absent. ``create_time`` is unix seconds.
    """

    lead_id: str
    page_id: str | None = None
    advertiser_id: str | None = None
    ad_id: str | None = None
    fields: Mapping[str, Any] | None = None
    create_time: int | None = None
