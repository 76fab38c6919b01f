"""Social/6 and Social/7 records: hashtags, music tracks, shop products, showcase results.

Money is :class:`~trenz_async.models.Money` (USD); a track's ``duration`` is in seconds.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import attrs

from trenz_async.models._base import Model, Money

__all__ = [
    "Hashtag",
    "HashtagSuggestions",
    "MusicTrack",
    "RecentMusic",
    "ShopProduct",
    "ShowcaseFailure",
    "ShowcaseResult",
]


@attrs.frozen(slots=True)
class Hashtag(Model):
    """A suggested hashtag: ``name`` (without ``#``), its views and videos."""

    name: str
    view_count: int | None = None
    video_count: int | None = None


@attrs.frozen(slots=True)
class HashtagSuggestions(Model):
    """Hashtags for a keyword, most viewed first; ``total_count`` is how many were found."""

    items: Sequence[Hashtag] | None = None
    total_count: int | None = None

    def __iter__(self) -> Iterator[Hashtag]:
        """Iterate over ``items``."""
        return iter(self.items or ())


@attrs.frozen(slots=True)
class MusicTrack(Model):
    """A music track: ``duration`` in seconds, ``usage_count`` videos using it."""

    music_id: str
    title: str | None = None
    author: str | None = None
    duration: int | None = None
    usage_count: int | None = None


@attrs.frozen(slots=True)
class RecentMusic(Model):
    """The tracks an account used last, most recent first."""

    items: Sequence[MusicTrack] | None = None
    total_count: int | None = None

    def __iter__(self) -> Iterator[MusicTrack]:
        """Iterate over ``items``."""
        return iter(self.items or ())


@attrs.frozen(slots=True)
class ShopProduct(Model):
    """A product of a TikTok Shop: ``price`` (USD), ``stock``, whether it is in the showcase."""

    product_id: str
    title: str | None = None
    price: Money | None = None
    stock: int | None = None
    in_showcase: bool | None = None
    image_url: str | None = None


@attrs.frozen(slots=True)
class ShowcaseFailure(Model):
    """A product Add Product to Showcase could not add, and why.

    ``reason`` is ``product_not_found`` (not in the account's shop) or ``out_of_stock``.
    """

    product_id: str
    reason: str | None = None


@attrs.frozen(slots=True)
class ShowcaseResult(Model):
    """Each product's outcome: ``added``, ``already_in_showcase`` or ``failed`` (with why).

    A partial failure is an answer, not an error: read :attr:`ok` or :attr:`failed`.
    """

    added: Sequence[str] | None = None
    already_in_showcase: Sequence[str] | None = None
    failed: Sequence[ShowcaseFailure] | None = None

    @property
    def ok(self) -> bool:
        """True when every product is now in the showcase (none failed)."""
        return not self.failed

    @property
    def failed_ids(self) -> list[str]:
        """The ids of the products that could not be added."""
        return [f.product_id for f in self.failed or ()]
