"""Content/AI Copywriting results: product descriptions, titles and review analysis."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from trenz_async.models._base import Model

__all__ = ["ProductDescription", "ProductTitles", "ReviewAnalysis"]


@attrs.frozen(slots=True)
class ProductDescription(Model):
    """AI Product Description: the description ``text`` and its ``language`` (ISO 639-1)."""

    text: str | None = None
    language: str | None = None


@attrs.frozen(slots=True)
class ProductTitles(Model):
    """AI Product Title: candidate ``titles`` (the service writes five) to pick from."""

    titles: Sequence[str] | None = None


@attrs.frozen(slots=True)
class ReviewAnalysis(Model):
    """Product Review Analysis of one product in one market (``country``, lowercase).

    ``average_rating`` is 0-5 over ``review_count`` reviews; ``sentiment_score`` 0 (negative)
    to 1 (positive); ``positive_points``/``negative_points`` are what buyers praise and
    complain about; ``summary`` one sentence.
    """

    product_id: str | None = None
    country: str | None = None
    review_count: int | None = None
    average_rating: float | None = None
    sentiment_score: float | None = None
    positive_points: Sequence[str] | None = None
    negative_points: Sequence[str] | None = None
    summary: str | None = None
