"""``tiktok.research``: the TikTok Research API (commercial content)."""

from __future__ import annotations

from functools import cached_property

import cattrs

from trenz_async.resources.tiktok_research.commercial_content import CommercialContentResource
from trenz_async.transport import Transport

__all__ = ["ResearchAPI"]


class ResearchAPI:
    """``tiktok.research``: the TikTok Research API (commercial content)."""

    def __init__(self, transport: Transport, converter: cattrs.Converter) -> None:
        self._transport = transport
        self._converter = converter

    @cached_property
    def commercial_content(self) -> CommercialContentResource:
        """Commercial content query: filters, fields, search_id paging, date windows, quota."""
        return CommercialContentResource(self._transport, self._converter)
