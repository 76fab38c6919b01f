"""Content/Material Search rows: visually similar products and creative materials."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from trenz_async.models._base import Model, Money

__all__ = ["ImageSearchItem", "Material"]


@attrs.frozen(slots=True)
class ImageSearchItem(Model):
    """A product that looks like the searched image, most similar first.

    ``source`` is the marketplace (tiktok_shop, amazon, aliexpress...), ``source_url`` its
    page there; ``price`` is :class:`~trenz_async.models.Money`; ``similarity`` 0-1.
    """

    item_id: str
    title: str | None = None
    image_url: str | None = None
    source: str | None = None
    source_url: str | None = None
    price: Money | None = None
    similarity: float | None = None


@attrs.frozen(slots=True)
class Material(Model):
    """A creative material matching a keyword, best match first.

    ``type`` is ``video`` or ``image``; ``url`` the file, ``cover_url`` a still;
    ``duration`` seconds (None for images); ``width``/``height`` pixels; ``score`` 0-1.
    """

    material_id: str
    type: str | None = None
    title: str | None = None
    url: str | None = None
    cover_url: str | None = None
    duration: float | None = None
    width: int | None = None
    height: int | None = None
    tags: Sequence[str] | None = None
    score: float | None = None
