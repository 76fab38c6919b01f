"""Body checks of the Content routes: each returns the normalised inputs of one operation.

The inputs (a JSON-ready dict, defaults filled in) are what the result is derived from, so
the same body always gives the same result. Field rules are listed in
:mod:`~trenz_async.testing.trenz.content_routes`.
"""

from __future__ import annotations

from typing import Any

from trenz_async.testing.trenz import body_fields as f
from trenz_async.testing.trenz.words import COUNTRIES

Body = dict[str, Any]
Inputs = dict[str, Any]

IMAGE_RATIOS: tuple[str, ...] = ("1:1", "3:4", "4:3", "9:16", "16:9")
UPSCALE_TARGETS: tuple[str, ...] = ("1080p", "2k", "4k")
LANGUAGES: tuple[str, ...] = (
    "en", "es", "pt", "fr", "de", "it", "ja", "ko", "zh", "th", "vi", "id", "ms", "tl", "ar",
)  # fmt: skip
SEARCH_COUNTRIES: tuple[str, ...] = tuple(c.upper() for c in COUNTRIES)
PROMPT_MAX = 2000
SCRIPT_MAX = 2000
EMBED_TEXT_MAX = 8192
EMBED_BATCH_MAX = 100


class VideoModel:
    """What one video model accepts: durations (s), aspect ratios, resolutions, defaults first."""

    def __init__(
        self, name: str, durations: tuple[int, ...], ratios: tuple[str, ...], res: tuple[str, ...]
    ) -> None:
        self.name, self.durations, self.ratios, self.resolutions = name, durations, ratios, res


#: Per model (the path's last segment): allowed ``duration``, ``aspect_ratio``, ``resolution``;
#: the first of each is the default.
THREE_RATIOS = ("16:9", "9:16", "1:1")
TWO_RATIOS = ("16:9", "9:16")
VIDEO_MODELS: dict[str, VideoModel] = {
    m.name: m
    for m in (
        VideoModel("seedance-pro-fast", (5, 10), THREE_RATIOS, ("720p", "480p", "1080p")),
        VideoModel("seedance-pro", (5, 10), THREE_RATIOS, ("1080p", "480p", "720p")),
        VideoModel("grok", (6, 10), THREE_RATIOS, ("720p", "480p")),
        VideoModel("sora2-pro", (4, 8, 12), TWO_RATIOS, ("1080p", "720p")),
        VideoModel("sora2", (4, 8, 12), TWO_RATIOS, ("720p",)),
        VideoModel("veo3", (8,), TWO_RATIOS, ("720p", "1080p")),
        VideoModel("wan2.6", (5, 10, 15), THREE_RATIOS, ("720p", "480p", "1080p")),
    )
}


def video_url_only(body: Body) -> Inputs:
    """``video_url``* (analysis, breakdowns, subtitle removal)."""
    return {"video_url": f.req_url(body, "video_url")}


def copywriting(body: Body) -> Inputs:
    """``product_info`` (str), or ``product_id``* (digits) + ``country``* (a Data market)."""
    if f.present(body, "product_info"):
        if f.present(body, "product_id"):
            raise f.invalid("send either product_info or product_id + country, not both")
        return {"product_info": f.req_text(body, "product_info", max_len=5000)}
    return {
        "product_id": f.req_digits(body, "product_id"),
        "country": f.choice(body, "country", COUNTRIES),
    }


def review_analysis(body: Body) -> Inputs:
    """``product_id``* (digits) and ``country``* (a Data market, lowercase)."""
    return {
        "product_id": f.req_digits(body, "product_id"),
        "country": f.choice(body, "country", COUNTRIES),
    }


def image_generation(body: Body) -> Inputs:
    """``prompt``*, ``image_urls`` (1..10 URLs), ``aspect_ratio`` (default 1:1), ``n`` (1..4)."""
    return {
        "prompt": f.req_text(body, "prompt", PROMPT_MAX),
        "image_urls": list(f.url_list(body, "image_urls", max_items=10)),
        "aspect_ratio": f.choice(body, "aspect_ratio", IMAGE_RATIOS, default="1:1"),
        "n": f.integer(body, "n", 1, 4, default=1),
    }


def video_generation(model: str) -> Any:
    """Return the body check of video ``model`` (see :data:`VIDEO_MODELS`)."""
    spec = VIDEO_MODELS[model]

    def check(body: Body) -> Inputs:
        return {
            "model": model,
            "prompt": f.req_text(body, "prompt", PROMPT_MAX),
            "image_url": f.url(body, "image_url", required=False),
            "duration": f.int_choice(
                body, "duration", spec.durations, spec.durations[0], f"for {model}"
            ),
            "aspect_ratio": f.choice(body, "aspect_ratio", spec.ratios, default=spec.ratios[0]),
            "resolution": f.choice(body, "resolution", spec.resolutions, spec.resolutions[0]),
        }

    return check


def video_clone(body: Body) -> Inputs:
    """``video_url``*, ``product_image_urls`` (1..10 URLs), ``prompt``."""
    return {
        "video_url": f.req_url(body, "video_url"),
        "product_image_urls": list(f.url_list(body, "product_image_urls", max_items=10)),
        "prompt": f.text(body, "prompt", required=False, max_len=PROMPT_MAX),
    }


def super_resolution(body: Body) -> Inputs:
    """``video_url``*, ``target_resolution`` (1080p | 2k | 4k, default 1080p)."""
    return {
        "video_url": f.req_url(body, "video_url"),
        "target_resolution": f.choice(body, "target_resolution", UPSCALE_TARGETS, "1080p"),
    }


def avatar_photo(body: Body) -> Inputs:
    """``image_url``*."""
    return {"image_url": f.req_url(body, "image_url")}


def talking_photo(body: Body) -> Inputs:
    """``image_url``* and exactly one of ``script`` (str) or ``audio_url`` (URL)."""
    image_url = f.req_url(body, "image_url")
    if f.exactly_one(body, "script", "audio_url") == "script":
        return {"image_url": image_url, "script": f.req_text(body, "script", SCRIPT_MAX)}
    return {"image_url": image_url, "audio_url": f.req_url(body, "audio_url")}


def transcription(body: Body) -> Inputs:
    """``video_url``*, ``language`` (ISO 639-1 among :data:`LANGUAGES`; omitted: detected)."""
    language = f.choice(body, "language", LANGUAGES, default="") or None
    return {"video_url": f.req_url(body, "video_url"), "language": language}


def text_embedding(body: Body) -> Inputs:
    """Exactly one of ``text`` (str) or ``texts`` (list of 1..100 non-empty strings)."""
    if f.exactly_one(body, "text", "texts") == "text":
        return {"texts": [f.req_text(body, "text", EMBED_TEXT_MAX)], "single": True}
    texts = body["texts"]
    if not isinstance(texts, list) or not 1 <= len(texts) <= EMBED_BATCH_MAX:
        raise f.invalid(f"texts must be a list of 1 to {EMBED_BATCH_MAX} strings")
    for index, item in enumerate(texts):
        if not isinstance(item, str) or not item.strip() or len(item) > EMBED_TEXT_MAX:
            raise f.invalid(
                f"texts[{index}] must be a non-empty string of at most {EMBED_TEXT_MAX} characters"
            )
    return {"texts": list(texts), "single": False}


def image_search(body: Body) -> Inputs:
    """Exactly one of ``image_url`` / ``os_key``; ``country`` (uppercase, default US); paging."""
    source = f.exactly_one(body, "image_url", "os_key")
    if source == "image_url":
        image = {"image_url": f.req_url(body, "image_url")}
    else:
        image = {"os_key": f.req_text(body, "os_key", 1024)}
    page, size = f.page(body)
    country = f.choice(body, "country", SEARCH_COUNTRIES, default="US")
    return {**image, "country": country, "page": page, "page_size": size}


def material_search(body: Body) -> Inputs:
    """``keyword``* (str, <= 200), ``page``, ``page_size`` (1..50, default 10)."""
    keyword = f.req_text(body, "keyword", 200)
    page, size = f.page(body)
    return {"keyword": keyword.strip(), "page": page, "page_size": size}
