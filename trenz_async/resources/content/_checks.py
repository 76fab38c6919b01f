"""Content-specific checks, raised as ValidationError before anything is sent.

Each function checks one argument (or one exclusive pair) and returns its wire form; the
error names the field and the rule, as the service's 400 would. The per-model tables of the
video generators live here, once (:data:`VIDEO_MODELS`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, TypeVar
from urllib.parse import urlsplit

import attrs

from trenz_async.errors import ValidationError

__all__ = [
    "EMBED_BATCH_MAX",
    "EMBED_TEXT_MAX",
    "IMAGE_ASPECT_RATIOS",
    "IMAGE_URLS_MAX",
    "KEYWORD_MAX",
    "LANGUAGES",
    "OS_KEY_MAX",
    "PRODUCT_INFO_MAX",
    "PROMPT_MAX",
    "SCRIPT_MAX",
    "SEARCH_PAGE_SIZE_MAX",
    "UPSCALE_TARGETS",
    "URL_MAX",
    "VIDEO_MODELS",
    "VideoModel",
    "check_choice",
    "check_digits",
    "check_int_in",
    "check_long_text",
    "check_optional_url",
    "check_texts",
    "check_url",
    "check_url_list",
    "exactly_one",
]

T = TypeVar("T", str, int)

URL_MAX: Final = 4096
PROMPT_MAX: Final = 2000
SCRIPT_MAX: Final = 2000
PRODUCT_INFO_MAX: Final = 5000
KEYWORD_MAX: Final = 200
OS_KEY_MAX: Final = 1024
EMBED_TEXT_MAX: Final = 8192
EMBED_BATCH_MAX: Final = 100
IMAGE_URLS_MAX: Final = 10
SEARCH_PAGE_SIZE_MAX: Final = 50
ID_DIGITS_MAX: Final = 30

IMAGE_ASPECT_RATIOS: Final = ("1:1", "3:4", "4:3", "9:16", "16:9")
"""AI Image Generation ratios (the service's default first)."""
UPSCALE_TARGETS: Final = ("1080p", "2k", "4k")
"""Video Super Resolution targets (the service's default first)."""
LANGUAGES: Final = (
    "en", "es", "pt", "fr", "de", "it", "ja", "ko", "zh", "th", "vi", "id", "ms", "tl", "ar",
)  # fmt: skip
"""Video Transcription languages (ISO 639-1); omitted, the service detects it."""


@attrs.frozen
class VideoModel:
    """What one video model accepts; the first value of each is the service's default."""

    durations: tuple[int, ...]
    aspect_ratios: tuple[str, ...]
    resolutions: tuple[str, ...]


_THREE = ("16:9", "9:16", "1:1")
_TWO = ("16:9", "9:16")
VIDEO_MODELS: Final[dict[str, VideoModel]] = {
    "seedance-pro-fast": VideoModel((5, 10), _THREE, ("720p", "480p", "1080p")),
    "seedance-pro": VideoModel((5, 10), _THREE, ("1080p", "480p", "720p")),
    "grok": VideoModel((6, 10), _THREE, ("720p", "480p")),
    "sora2-pro": VideoModel((4, 8, 12), _TWO, ("1080p", "720p")),
    "sora2": VideoModel((4, 8, 12), _TWO, ("720p",)),
    "veo3": VideoModel((8,), _TWO, ("720p", "1080p")),
    "wan2.6": VideoModel((5, 10, 15), _THREE, ("720p", "480p", "1080p")),
}
"""Per model (the path's last segment): ``duration`` seconds, ``aspect_ratio``, ``resolution``."""


def check_url(field: str, value: object) -> str:
    """An ``http``/``https`` URL with a host, no whitespace, at most :data:`URL_MAX` chars.

    The service fetches it itself, so it must be publicly reachable; a local file goes
    through ``trenz.files.upload`` first (its ``cdn_url``).
    """
    rule = "must be an http or https URL with a host (upload local files first)"
    if not isinstance(value, str) or not value:
        raise ValidationError(field, rule, value)
    if len(value) > URL_MAX:
        raise ValidationError(field, f"must be a URL of at most {URL_MAX} characters", value)
    if any(ch.isspace() or not ch.isprintable() for ch in value):
        raise ValidationError(field, "must be a URL without spaces or control characters", value)
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        raise ValidationError(field, rule, value) from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise ValidationError(field, rule, value)
    return value


def check_optional_url(field: str, value: object) -> str | None:
    """:func:`check_url`, or None when not given."""
    return None if value is None else check_url(field, value)


def check_url_list(field: str, value: object, maximum: int = IMAGE_URLS_MAX) -> list[str] | None:
    """A list of 1..``maximum`` URLs (None: not sent); errors name ``field[i]``."""
    if value is None:
        return None
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise ValidationError(field, f"must be a list of 1 to {maximum} URLs", value)
    if not 1 <= len(value) <= maximum:
        raise ValidationError(field, f"must hold 1 to {maximum} URLs", value)
    return [check_url(f"{field}[{index}]", item) for index, item in enumerate(value)]


def check_long_text(field: str, value: object, maximum: int) -> str:
    """A non-blank string of at most ``maximum`` characters, sent as given (not stripped)."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(field, "must be a non-empty string", value)
    if len(value) > maximum:
        raise ValidationError(field, f"must be at most {maximum} characters", value)
    return value


def check_texts(field: str, value: object) -> list[str]:
    """1..:data:`EMBED_BATCH_MAX` non-blank strings of at most :data:`EMBED_TEXT_MAX` chars."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise ValidationError(field, f"must be a list of 1 to {EMBED_BATCH_MAX} strings", value)
    if not 1 <= len(value) <= EMBED_BATCH_MAX:
        raise ValidationError(field, f"must hold 1 to {EMBED_BATCH_MAX} strings", value)
    return [
        check_long_text(f"{field}[{index}]", item, EMBED_TEXT_MAX)
        for index, item in enumerate(value)
    ]


def check_digits(field: str, value: object) -> str:
    """An id of 1..30 digits, as a string (an int is accepted and converted)."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        value = str(value)
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        raise ValidationError(field, "must be an id made of digits", value)
    if len(value) > ID_DIGITS_MAX:
        raise ValidationError(field, f"must be an id of at most {ID_DIGITS_MAX} digits", value)
    return value


def check_choice(field: str, value: object, allowed: Sequence[str], what: str = "") -> str | None:
    """One of ``allowed`` (strings), or None when not given; ``what`` ends the rule."""
    if value is None:
        return None
    if not isinstance(value, str) or value not in allowed:
        rule = f"must be one of {', '.join(allowed)}{what}"
        raise ValidationError(field, rule, value)
    return value


def check_int_in(field: str, value: object, allowed: Sequence[int], what: str = "") -> int | None:
    """An integer among ``allowed`` (bools refused), or None when not given."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
        rule = f"must be one of {', '.join(str(v) for v in allowed)}{what}"
        raise ValidationError(field, rule, value)
    return value


def exactly_one(first: str, first_value: object, second: str, second_value: object) -> str:
    """Which of two alternative arguments is given; neither or both raises.

    ``None`` and ``""`` count as not given, as the service counts them.
    """
    has_first = first_value not in (None, "")
    has_second = second_value not in (None, "")
    if has_first and has_second:
        raise ValidationError(second, f"send exactly one of {first} or {second}, not both")
    if not has_first and not has_second:
        raise ValidationError(first, f"{first} or {second} is required")
    return first if has_first else second
