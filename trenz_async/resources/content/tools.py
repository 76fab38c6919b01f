"""``trenz.content.tools``: text embedding (synchronous) and video transcription (async).

``text_embedding`` answers at once; it is billed per call but creates nothing, so it is a
``read`` and is retried on a lost or 5xx answer. ``transcription`` is an async task: it
returns a :class:`~trenz_async.resources.general.tasks.TaskHandle` once accepted, and as a
charged ``write`` is never re-sent when its answer is lost
(:class:`~trenz_async.errors.AmbiguousOutcomeError`).
"""

from __future__ import annotations

from collections.abc import Coroutine, Sequence
from typing import Any, Literal, Unpack

from trenz_async.models.content import Embeddings, Transcription
from trenz_async.resources._base import CallOptions
from trenz_async.resources.content._checks import (
    EMBED_TEXT_MAX,
    LANGUAGES,
    check_choice,
    check_long_text,
    check_texts,
    check_url,
    exactly_one,
)
from trenz_async.resources.content.paths import TEXT_EMBEDDING, VIDEO_TRANSCRIPTION
from trenz_async.resources.general.tasks import TaskHandle, TaskSubmitter

__all__ = ["Language", "ToolsResource"]

Language = Literal[
    "en", "es", "pt", "fr", "de", "it", "ja", "ko", "zh", "th", "vi", "id", "ms", "tl", "ar"
]  # fmt: skip


class ToolsResource(TaskSubmitter):
    """Text embeddings and video transcripts."""

    def text_embedding(
        self,
        *,
        text: str | None = None,
        texts: Sequence[str] | None = None,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, Embeddings]:
        """Embed ``text`` or a batch of ``texts`` (exactly one of the two) as vectors.

        Each text is non-blank and at most 8192 characters, sent as given; ``texts`` holds
        1-100 of them. The answer (:class:`Embeddings`) has one vector per text, in order
        (``embeddings[0]`` for a single ``text``). One credit per call; a ``read``, retried.
        """
        if exactly_one("text", text, "texts", texts) == "text":
            body: dict[str, object] = {"text": check_long_text("text", text, EMBED_TEXT_MAX)}
        else:
            body = {"texts": check_texts("texts", texts)}
        return self._one(TEXT_EMBEDDING, Embeddings, options, body=body)

    def transcription(
        self,
        *,
        video_url: str,
        language: Language | None = None,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, TaskHandle[Transcription]]:
        """Transcribe a video's speech (:class:`Transcription`; 5 credits).

        ``video_url``: a public http/https URL; ``language``: the spoken language (ISO 639-1:
        en, es, pt, fr, de, it, ja, ko, zh, th, vi, id, ms, tl, ar), detected when omitted.
        """
        body = {"video_url": check_url("video_url", video_url)}
        spoken = check_choice("language", language, LANGUAGES)
        if spoken is not None:
            body["language"] = spoken
        return self._submit(VIDEO_TRANSCRIPTION, body, Transcription, options)
