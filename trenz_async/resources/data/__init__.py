"""``trenz.data``: the Trenz Data API, one namespace per entity."""

from __future__ import annotations

from functools import cached_property

import cattrs

from trenz_async.resources.data.ads import AdsResource
from trenz_async.resources.data.creatives import CreativesResource
from trenz_async.resources.data.creators import CreatorsResource
from trenz_async.resources.data.lives import LivesResource
from trenz_async.resources.data.products import ProductsResource
from trenz_async.resources.data.sellers import SellersResource
from trenz_async.resources.data.videos import VideosResource
from trenz_async.transport import Transport

__all__ = ["DataAPI"]


class DataAPI:
    """TikTok commerce data by market: ``products``, ``sellers``, ``creators``, ``videos``,
    ``lives``, ``ads`` and ``creatives``. Every call is a read (GET), retried on failure."""

    def __init__(self, transport: Transport, converter: cattrs.Converter) -> None:
        self._transport = transport
        self._converter = converter

    @cached_property
    def products(self) -> ProductsResource:
        """Product search, detail, related lists and rankings."""
        return ProductsResource(self._transport, self._converter)

    @cached_property
    def sellers(self) -> SellersResource:
        """Seller (shop) search, detail and related lists."""
        return SellersResource(self._transport, self._converter)

    @cached_property
    def creators(self) -> CreatorsResource:
        """Creator search, detail and related lists."""
        return CreatorsResource(self._transport, self._converter)

    @cached_property
    def videos(self) -> VideosResource:
        """Video search, detail and related lists."""
        return VideosResource(self._transport, self._converter)

    @cached_property
    def lives(self) -> LivesResource:
        """Live-stream search, detail and related lists."""
        return LivesResource(self._transport, self._converter)

    @cached_property
    def ads(self) -> AdsResource:
        """Ad creative search ("Ad Search"), detail ("TikTok Ad Creative Detail"), lists."""
        return AdsResource(self._transport, self._converter)

    @cached_property
    def creatives(self) -> CreativesResource:
        """Creative (organic and sponsored video) search and detail."""
        return CreativesResource(self._transport, self._converter)
