"""Content/Tools results: text embeddings and video transcripts."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from trenz_async.models._base import Model

__all__ = ["Embeddings", "Transcription", "TranscriptSegment"]


@attrs.frozen(slots=True)
class Embeddings(Model):
    """Text Embedding: one vector of ``dimensions`` floats per text sent, in order.

    ``embeddings[0]`` is the vector of a single ``text``; ``model`` names the embedder
    (vectors of different models are not comparable).
    """

    embeddings: Sequence[list[float]] | None = None
    dimensions: int | None = None
    model: str | None = None


@attrs.frozen(slots=True)
class TranscriptSegment(Model):
    """One stretch of speech: ``start``/``end`` seconds and its ``text``."""

    start: float | None = None
    end: float | None = None
    text: str | None = None


@attrs.frozen(slots=True)
class Transcription(Model):
    """Video Transcription: the whole ``text``, its ``language`` (ISO 639-1, detected when not
    given), the speech ``duration`` in seconds and the timed ``segments``."""

    text: str | None = None
    language: str | None = None
    duration: float | None = None
    segments: Sequence[TranscriptSegment] | None = None
