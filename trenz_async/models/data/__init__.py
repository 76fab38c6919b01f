"""Typed records of the Data API, one module per entity."""

from trenz_async.models.data._shared import Detail, SalesChannels, TrendPoint
from trenz_async.models.data.ads import Ad, AdCore, AdDetail
from trenz_async.models.data.creatives import (
    Creative,
    CreativeAnalysis,
    CreativeDetail,
    CreativeEmbedding,
)
from trenz_async.models.data.creators import (
    Creator,
    CreatorChannel,
    CreatorCore,
    CreatorDetail,
    CreatorPortrait,
)
from trenz_async.models.data.lives import Live, LiveCore, LiveDetail
from trenz_async.models.data.products import (
    Product,
    ProductChannel,
    ProductCore,
    ProductDetail,
    ProductInfo,
    ProductRanking,
    ProductReview,
    ProductSku,
    ProductSkuProp,
)
from trenz_async.models.data.sellers import Seller, SellerChannel, SellerCore, SellerDetail
from trenz_async.models.data.videos import Video, VideoComment, VideoCore, VideoDetail

__all__ = [
    "Ad",
    "AdCore",
    "AdDetail",
    "Creative",
    "CreativeAnalysis",
    "CreativeDetail",
    "CreativeEmbedding",
    "Creator",
    "CreatorChannel",
    "CreatorCore",
    "CreatorDetail",
    "CreatorPortrait",
    "Detail",
    "Live",
    "LiveCore",
    "LiveDetail",
    "Product",
    "ProductChannel",
    "ProductCore",
    "ProductDetail",
    "ProductInfo",
    "ProductRanking",
    "ProductReview",
    "ProductSku",
    "ProductSkuProp",
    "SalesChannels",
    "Seller",
    "SellerChannel",
    "SellerCore",
    "SellerDetail",
    "TrendPoint",
    "Video",
    "VideoComment",
    "VideoCore",
    "VideoDetail",
]
