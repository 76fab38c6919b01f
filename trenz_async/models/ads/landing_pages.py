"""Ads/Landing Pages records: lead-form pages and their field definitions."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from trenz_async.models._base import Model

__all__ = ["LandingPage", "LandingPageField", "LandingPageFields"]


@attrs.frozen(slots=True)
class LandingPage(Model):
    """A landing page (lead form) of an ad account; ``create_time`` is unix seconds."""

    page_id: str
    advertiser_id: str | None = None
    title: str | None = None
    url: str | None = None
    status: str | None = None
    create_time: int | None = None


@attrs.frozen(slots=True)
class LandingPageField(Model):
    """One form field: ``name`` is the key leads use in their ``fields``.

    ``type`` is ``text``, ``email``, ``phone`` or ``select``; ``options`` are the choices of a
    ``select`` (empty otherwise).
    """

    field_id: str
    name: str | None = None
    label: str | None = None
    type: str | None = None
    required: bool | None = None
    options: Sequence[str] | None = None


@attrs.frozen(slots=True)
class LandingPageFields(Model):
    """Landing Page Field Definitions: the page's form ``fields``, in form order."""

    page_id: str
    fields: Sequence[LandingPageField] | None = None
