"""``tiktok.shortdrama.images``: Create Image (covers for plays and episodes)."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any, Unpack

from trenz_async.models.shortdrama import DramaImage
from trenz_async.resources._base import CallOptions
from trenz_async.resources.shortdrama._base import DramaResource
from trenz_async.resources.shortdrama._checks import check_url
from trenz_async.resources.shortdrama.paths import IMAGE_CREATE

__all__ = ["ImagesResource"]


class ImagesResource(DramaResource):
    """Cover images: ``create`` returns the ``open_pic_id`` that ``cover_list`` entries name."""

    def create(
        self, *, image_url: str, **options: Unpack[CallOptions]
    ) -> Coroutine[Any, Any, DramaImage]:
        """Have the service fetch ``image_url`` (publicly downloadable http/https) and keep it.

        Returns its ``open_pic_id`` and ``tiktok_pic_url``. A URL it cannot fetch raises
        :class:`~trenz_async.errors.BadRequestError`. A write: a lost answer raises
        :class:`~trenz_async.errors.AmbiguousOutcomeError` and is not re-sent.
        """
        body = {"image_url": check_url("image_url", image_url)}
        return self._write(IMAGE_CREATE, DramaImage, options, body)
