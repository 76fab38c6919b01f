"""``tiktok.shortdrama``: the short-drama media API (images, videos, albums, subtitles)."""

from __future__ import annotations

from functools import cached_property

import cattrs

from trenz_async.resources.shortdrama.albums import AlbumsResource
from trenz_async.resources.shortdrama.images import ImagesResource
from trenz_async.resources.shortdrama.subtitles import SubtitlesResource
from trenz_async.resources.shortdrama.videos import VideosResource
from trenz_async.transport import Transport

__all__ = ["ShortDramaAPI"]


class ShortDramaAPI:
    """``tiktok.shortdrama``: the short-drama media API; every call carries ``client_key``."""

    def __init__(self, transport: Transport, converter: cattrs.Converter, client_key: str) -> None:
        self._transport = transport
        self._converter = converter
        self.client_key = client_key

    @cached_property
    def images(self) -> ImagesResource:
        """Cover images: ``create`` (-> ``open_pic_id``)."""
        return ImagesResource(self._transport, self._converter, self.client_key)

    @cached_property
    def videos(self) -> VideosResource:
        """Episode videos: ``upload`` (an async job) and ``get``."""
        return VideosResource(self._transport, self._converter, self.client_key)

    @cached_property
    def albums(self) -> AlbumsResource:
        """Albums: create, update (version guard), get, authorize, online version, status,
        review submit / appeal / withdraw."""
        return AlbumsResource(self._transport, self._converter, self.client_key)

    @cached_property
    def subtitles(self) -> SubtitlesResource:
        """Subtitles: ``upload`` (an async job), ``get``, ``bind``."""
        return SubtitlesResource(self._transport, self._converter, self.client_key)
