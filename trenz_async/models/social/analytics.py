"""Social/5 records: overview, trend, rankings and shoppable videos.

Figures cover the requested accounts over an inclusive range of UTC days (``YYYY-MM-DD``):
``views``, ``likes``, ``comments``, ``shares``, ``followers_gained`` and ``orders`` are
counts, ``gmv`` is :class:`~trenz_async.models.Money` (USD), ``published_at`` unix seconds.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import attrs

from trenz_async.models._base import Model, Money

__all__ = [
    "AnalyticsOverview",
    "AnalyticsTrend",
    "ShoppableProduct",
    "ShoppableVideo",
    "TopAccount",
    "TopAccounts",
    "TopProduct",
    "TopProducts",
    "TopVideo",
    "TopVideos",
    "TrendPoint",
]


@attrs.frozen(slots=True)
class AnalyticsOverview(Model):
    """Totals of ``platform_account_ids`` from ``start_date`` to ``end_date`` (inclusive)."""

    platform_account_ids: Sequence[int] | None = None
    start_date: str | None = None
    end_date: str | None = None
    views: int | None = None
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    followers_gained: int | None = None
    videos_published: int | None = None
    orders: int | None = None
    gmv: Money | None = None


@attrs.frozen(slots=True)
class TrendPoint(Model):
    """One day of a trend: ``date`` (``YYYY-MM-DD``) and the metric's ``value`` that day."""

    date: str | None = None
    value: int | None = None


@attrs.frozen(slots=True)
class AnalyticsTrend(Model):
    """A metric per day; ``total`` (the points' sum) equals the overview's figure.

    ``metric`` is ``views``, ``likes``, ``comments``, ``shares`` or ``followers`` (the
    overview's ``followers_gained``). Every day of the range has a point, zero days too.
    """

    metric: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    total: int | None = None
    points: Sequence[TrendPoint] | None = None


@attrs.frozen(slots=True)
class TopAccount(Model):
    """One row of Top Accounts Ranking: an account's totals over the range, and its rank."""

    platform_account_id: int
    rank: int | None = None
    platform: str | None = None
    nickname: str | None = None
    views: int | None = None
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    followers_gained: int | None = None
    videos_published: int | None = None
    orders: int | None = None
    gmv: Money | None = None


@attrs.frozen(slots=True)
class TopVideo(Model):
    """One row of Top Videos Ranking: a video's figures over the range, and its rank."""

    platform_video_id: str
    rank: int | None = None
    platform_account_id: int | None = None
    platform: str | None = None
    title: str | None = None
    video_url: str | None = None
    published_at: int | None = None
    views: int | None = None
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    orders: int | None = None
    gmv: Money | None = None


@attrs.frozen(slots=True)
class TopProduct(Model):
    """One row of Top Products Ranking: a shop product sold through videos over the range.

    ``views`` are the views of the videos linking it; ``video_count`` how many link it.
    """

    product_id: str
    rank: int | None = None
    title: str | None = None
    platform_account_id: int | None = None
    price: Money | None = None
    views: int | None = None
    orders: int | None = None
    gmv: Money | None = None
    video_count: int | None = None


@attrs.frozen(slots=True)
class TopAccounts(Model):
    """The first ``limit`` ranked accounts; ``total_count`` is how many were ranked."""

    items: Sequence[TopAccount] | None = None
    total_count: int | None = None

    def __iter__(self) -> Iterator[TopAccount]:
        """Iterate over ``items``."""
        return iter(self.items or ())


@attrs.frozen(slots=True)
class TopVideos(Model):
    """The first ``limit`` ranked videos; ``total_count`` is how many were ranked."""

    items: Sequence[TopVideo] | None = None
    total_count: int | None = None

    def __iter__(self) -> Iterator[TopVideo]:
        """Iterate over ``items``."""
        return iter(self.items or ())


@attrs.frozen(slots=True)
class TopProducts(Model):
    """The first ``limit`` ranked products; ``total_count`` is how many were ranked."""

    items: Sequence[TopProduct] | None = None
    total_count: int | None = None

    def __iter__(self) -> Iterator[TopProduct]:
        """Iterate over ``items``."""
        return iter(self.items or ())


@attrs.frozen(slots=True)
class ShoppableProduct(Model):
    """A product linked from a shoppable video.

    In a list only ``product_id``, ``title`` and ``price`` are sent; the detail adds
    ``image_url`` and the ``orders`` and ``gmv`` this video brought it over the range.
    """

    product_id: str
    title: str | None = None
    price: Money | None = None
    image_url: str | None = None
    orders: int | None = None
    gmv: Money | None = None


@attrs.frozen(slots=True)
class ShoppableVideo(Model):
    """A video linking shop products, with its views, orders and GMV over the range.

    Without a range the figures are the video's lifetime ones.
    """

    platform_video_id: str
    platform_account_id: int | None = None
    title: str | None = None
    video_url: str | None = None
    published_at: int | None = None
    views: int | None = None
    orders: int | None = None
    gmv: Money | None = None
    product_count: int | None = None
    products: Sequence[ShoppableProduct] | None = None
