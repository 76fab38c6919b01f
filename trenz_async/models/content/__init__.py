"""Typed results of the Content API: analyses, copy, generated media, searches, tools."""

from trenz_async.models.content.analysis import (
    Scene,
    ScriptBreakdown,
    ScriptBreakdownV2,
    ScriptLine,
    Shot,
    StoryboardBreakdown,
    VideoAnalysis,
)
from trenz_async.models.content.copywriting import (
    ProductDescription,
    ProductTitles,
    ReviewAnalysis,
)
from trenz_async.models.content.materials import ImageSearchItem, Material
from trenz_async.models.content.media import (
    FaceBox,
    GeneratedImage,
    GeneratedVideo,
    ImageGeneration,
    PhotoAnalysis,
)
from trenz_async.models.content.tools import Embeddings, Transcription, TranscriptSegment

__all__ = [
    "Embeddings",
    "FaceBox",
    "GeneratedImage",
    "GeneratedVideo",
    "ImageGeneration",
    "ImageSearchItem",
    "Material",
    "PhotoAnalysis",
    "ProductDescription",
    "ProductTitles",
    "ReviewAnalysis",
    "Scene",
    "ScriptBreakdown",
    "ScriptBreakdownV2",
    "ScriptLine",
    "Shot",
    "StoryboardBreakdown",
    "TranscriptSegment",
    "Transcription",
    "VideoAnalysis",
]
