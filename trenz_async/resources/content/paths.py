"""Every Trenz Content endpoint in one table: method, path, safety class, evidence.

All 24 are ``POST`` with a JSON body under ``/open/v1``. Evidence tags from
``api/trenz_catalogue.md`` §2: ``C1`` confirmed (the seed's async-task walkthrough names
content-analysis; live notes name breakdown-v2 and review-analysis), ``I-hi`` a strong analogy
(script breakdown, the sibling of v2), ``I-lo`` a guess to confirm before relying on it. When
the provider publishes its spec, a wrong path is a one-line fix here.

Safety: every AI submit is a ``write``. The billing page charges an accepted job even when it
fails later, so a submit whose answer was lost is never re-sent (the caller gets
:class:`~trenz_async.errors.AmbiguousOutcomeError` and decides). The two material searches and
text embedding are billed per call too but create nothing and answer at once: they are
``read`` and retried like any query (a retry may be billed again, a cent-sized cost).
"""

from __future__ import annotations

from trenz_async.transport import Endpoint, Safety

__all__ = [
    "ASYNC_CONTENT_ENDPOINTS",
    "AVATAR_PHOTO_ANALYSIS",
    "CONTENT_ENDPOINTS",
    "IMAGE_GENERATION",
    "IMAGE_SEARCH",
    "MATERIAL_SEARCH",
    "PRODUCT_DESCRIPTION",
    "PRODUCT_TITLE",
    "REVIEW_ANALYSIS",
    "SCRIPT_BREAKDOWN",
    "SCRIPT_BREAKDOWN_V2",
    "STORYBOARD_BREAKDOWN",
    "SUBTITLE_REMOVAL",
    "TALKING_PHOTO",
    "TEXT_EMBEDDING",
    "VIDEO_CLONE",
    "VIDEO_CONTENT_ANALYSIS",
    "VIDEO_MODEL_ENDPOINTS",
    "VIDEO_SUPER_RESOLUTION",
    "VIDEO_TRANSCRIPTION",
]

V1 = "/open/v1"


def _post(name: str, path: str, safety: Safety, evidence: str) -> Endpoint:
    return Endpoint(name, "POST", f"{V1}/{path}", safety, evidence)


# Content/AI Analysis
VIDEO_CONTENT_ANALYSIS = _post(
    "Video Content Analysis", "ai/videos/content-analysis", "write", "C1"
)
SCRIPT_BREAKDOWN = _post("Video Script Breakdown", "ai/videos/scripts/breakdown", "write", "I-hi")
SCRIPT_BREAKDOWN_V2 = _post(
    "Video Script Breakdown V2", "ai/videos/scripts/breakdown-v2", "write", "C1"
)
STORYBOARD_BREAKDOWN = _post(
    "Video Storyboard Breakdown", "ai/videos/storyboard-breakdown", "write", "I-lo"
)
# Content/AI Copywriting
PRODUCT_DESCRIPTION = _post("AI Product Description", "ai/products/description", "write", "I-lo")
PRODUCT_TITLE = _post("AI Product Title", "ai/products/title", "write", "I-lo")
REVIEW_ANALYSIS = _post("Product Review Analysis", "ai/products/review-analysis", "write", "C1")
# Content/AI Image
IMAGE_GENERATION = _post("AI Image Generation", "ai/images/generate", "write", "I-lo")
SUBTITLE_REMOVAL = _post("Video Subtitle Removal", "ai/videos/subtitle-removal", "write", "I-lo")
# Content/AI Video
VIDEO_MODEL_ENDPOINTS: dict[str, Endpoint] = {
    "seedance-pro-fast": _post(
        "SD Pro Fast Video Generation", "ai/videos/seedance-pro-fast", "write", "I-lo"
    ),
    "seedance-pro": _post("SD Pro Video Generation", "ai/videos/seedance-pro", "write", "I-lo"),
    "grok": _post("Grok Video Generation", "ai/videos/grok", "write", "I-lo"),
    "sora2-pro": _post("Sora2 Pro Video Generation", "ai/videos/sora2-pro", "write", "I-lo"),
    "sora2": _post("Sora2 Video Generation", "ai/videos/sora2", "write", "I-lo"),
    "veo3": _post("Veo3 Video Generation", "ai/videos/veo3", "write", "I-lo"),
    "wan2.6": _post("Wan2.6 Video Generation", "ai/videos/wan2.6", "write", "I-lo"),
}
"""The seven text/image-to-video models, keyed by the path's last segment."""
VIDEO_CLONE = _post("Video Clone", "ai/videos/clone", "write", "I-lo")
VIDEO_SUPER_RESOLUTION = _post(
    "Video Super Resolution", "ai/videos/super-resolution", "write", "I-lo"
)
# Content/Avatar
AVATAR_PHOTO_ANALYSIS = _post("Avatar Photo Analysis", "ai/avatar/photo-analysis", "write", "I-lo")
TALKING_PHOTO = _post("Talking Photo Video Generation", "ai/avatar/talking-photo", "write", "I-lo")
# Content/Material Search (synchronous lists: reads)
IMAGE_SEARCH = _post("Aggregated Image Search", "materials/image-search", "read", "I-lo")
MATERIAL_SEARCH = _post("Aggregated Material Search", "materials/search", "read", "I-lo")
# Content/Tools
TEXT_EMBEDDING = _post("Text Embedding", "ai/text/embedding", "read", "I-lo")
"""Synchronous and creates nothing: a read (billed per call)."""
VIDEO_TRANSCRIPTION = _post("Video Transcription", "ai/videos/transcription", "write", "I-lo")

CONTENT_ENDPOINTS: dict[str, Endpoint] = {
    e.name: e
    for e in (
        VIDEO_CONTENT_ANALYSIS,
        SCRIPT_BREAKDOWN,
        SCRIPT_BREAKDOWN_V2,
        STORYBOARD_BREAKDOWN,
        PRODUCT_DESCRIPTION,
        PRODUCT_TITLE,
        REVIEW_ANALYSIS,
        IMAGE_GENERATION,
        SUBTITLE_REMOVAL,
        *VIDEO_MODEL_ENDPOINTS.values(),
        VIDEO_CLONE,
        VIDEO_SUPER_RESOLUTION,
        AVATAR_PHOTO_ANALYSIS,
        TALKING_PHOTO,
        IMAGE_SEARCH,
        MATERIAL_SEARCH,
        TEXT_EMBEDDING,
        VIDEO_TRANSCRIPTION,
    )
}
"""All 24 Content endpoints by seed name."""

ASYNC_CONTENT_ENDPOINTS: frozenset[str] = frozenset(
    name for name, e in CONTENT_ENDPOINTS.items() if e.safety == "write"
)
"""Seed names of the endpoints that answer a ``task_id`` (the other three answer at once)."""
