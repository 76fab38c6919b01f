"""``trenz.content``: AI analysis, copywriting, images, videos, avatars, material search, tools."""

from __future__ import annotations

from functools import cached_property

import cattrs

from trenz_async.resources.content.analysis import AnalysisResource
from trenz_async.resources.content.avatar import AvatarResource
from trenz_async.resources.content.copywriting import CopywritingResource
from trenz_async.resources.content.images import ImagesResource
from trenz_async.resources.content.materials import MaterialsResource
from trenz_async.resources.content.tools import ToolsResource
from trenz_async.resources.content.videos import VideosResource
from trenz_async.transport import Transport

__all__ = ["ContentAPI"]


class ContentAPI:
    """``trenz.content``: AI analysis, copywriting, images, videos, avatars, materials, tools."""

    def __init__(self, transport: Transport, converter: cattrs.Converter) -> None:
        self._transport = transport
        self._converter = converter

    @cached_property
    def analysis(self) -> AnalysisResource:
        """Video content analysis and script/storyboard breakdowns (async tasks)."""
        return AnalysisResource(self._transport, self._converter)

    @cached_property
    def copywriting(self) -> CopywritingResource:
        """Product descriptions, titles and review analysis."""
        return CopywritingResource(self._transport, self._converter)

    @cached_property
    def images(self) -> ImagesResource:
        """AI image generation and video subtitle removal."""
        return ImagesResource(self._transport, self._converter)

    @cached_property
    def videos(self) -> VideosResource:
        """AI video generation (Seedance, Grok, Sora 2, Veo 3, Wan), clone, super resolution."""
        return VideosResource(self._transport, self._converter)

    @cached_property
    def avatar(self) -> AvatarResource:
        """Avatar photo analysis and talking-photo videos."""
        return AvatarResource(self._transport, self._converter)

    @cached_property
    def materials(self) -> MaterialsResource:
        """Aggregated image and material search."""
        return MaterialsResource(self._transport, self._converter)

    @cached_property
    def tools(self) -> ToolsResource:
        """Text embedding and video transcription."""
        return ToolsResource(self._transport, self._converter)
