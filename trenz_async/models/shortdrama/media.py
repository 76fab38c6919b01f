"""Short-drama media records: images (covers), video upload jobs and subtitle jobs.

Uploads are asynchronous: the upload call answers a ``job_id`` at once and the job is read
(``videos.get`` / ``subtitles.get``) until ``upload_status`` is 2 (success) or 3 (failure).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import attrs

from trenz_async.models._base import JsonText, Model, id_text
from trenz_async.models.shortdrama.enums import ResultType, UploadStatus, enum_or_none

__all__ = [
    "DramaImage",
    "SubtitleBinding",
    "SubtitleInfo",
    "SubtitleUpload",
    "Subtitles",
    "Video",
    "VideoUpload",
]

_REASON_KEYS = ("Error", "ErrorMessage", "error", "error_message", "FailReason", "Message")


@attrs.frozen(slots=True)
class DramaImage(Model):
    """An uploaded image: ``open_pic_id`` is what ``cover_list`` entries name;
    ``tiktok_pic_url`` previews it."""

    open_pic_id: str
    tiktok_pic_url: str | None = None


@attrs.frozen(slots=True)
class VideoUpload(Model):
    """The answer of Upload Video: the job was accepted (``result_type`` 2, usual) or is done
    already (1, with ``byteplus_vid``/``byteplus_url``). ``job_id`` is what polling reads."""

    result_type: int | None = None
    job_id: str | None = None
    byteplus_vid: str | None = None
    byteplus_url: str | None = None

    @property
    def result(self) -> ResultType | None:
        """``result_type`` as a :class:`ResultType` (None if absent or unknown)."""
        return enum_or_none(ResultType, self.result_type)

    @property
    def accepted(self) -> bool:
        """True when the upload was taken (done at once, or accepted to run asynchronously)."""
        return self.result_type in (ResultType.SUCCESS, ResultType.ACCEPTED)


def _info_reason(raw: str | None) -> str | None:
    if not raw:
        return None
    try:
        info = json.loads(raw)
    except ValueError:
        return raw
    if isinstance(info, dict):
        for key in _REASON_KEYS:
            value = info.get(key)
            if value:
                return value if isinstance(value, str) else json.dumps(value)
    return None


@attrs.frozen(slots=True)
class Video(Model):
    """A video upload job or an uploaded video (Query Video).

    ``upload_status`` is 1 processing, 2 success, 3 failure (:attr:`status`). Once it succeeded,
    ``vid`` (the BytePlus video id that episodes' ``byteplus_vid`` take), ``byteplus_url``,
    ``duration_ms`` and ``cover_url`` are set. ``raw_video_info_json`` is the underlying
    record as JSON text (:attr:`raw_info` parses it; the seed types it as a string but shows
    an object: one sent as an object is kept as its JSON text).
    """

    upload_status: int | None = None
    vid: str | None = None
    job_id: str | None = None
    byteplus_url: str | None = None
    title: str | None = None
    duration_ms: int | None = None
    cover_url: str | None = None
    raw_video_info_json: JsonText | None = None

    @property
    def status(self) -> UploadStatus | None:
        """``upload_status`` as an :class:`UploadStatus` (None if absent or unknown)."""
        return enum_or_none(UploadStatus, self.upload_status)

    @property
    def raw_info(self) -> dict[str, Any] | None:
        """``raw_video_info_json`` parsed (None when absent or not a JSON object)."""
        try:
            info = json.loads(self.raw_video_info_json or "")
        except ValueError:
            return None
        return info if isinstance(info, dict) else None

    @property
    def failure_reason(self) -> str | None:
        """Why the upload failed, as far as ``raw_video_info_json`` says (None otherwise)."""
        return _info_reason(self.raw_video_info_json)


@attrs.frozen(slots=True)
class SubtitleUpload(Model):
    """The answer of Upload Subtitles: the accepted job's ``job_id``."""

    job_id: str | None = None


@attrs.frozen(slots=True)
class SubtitleInfo(Model):
    """One subtitle: ``subtitle_id`` (what ``bind`` takes), ``language``, ``format``
    (``srt``/``vtt``), its ``subtitle_url`` and the ``vid`` it is bound to (empty if none)."""

    subtitle_id: str | None = None
    language: str | None = None
    format: str | None = None
    subtitle_url: str | None = None
    vid: str | None = None


@attrs.frozen(slots=True)
class Subtitles(Model):
    """The answer of Query Subtitles: a subtitle job's state, or the subtitles bound to a vid.

    ``upload_status`` is 1 processing, 2 success, 3 failure (:attr:`status`);
    ``subtitle_info_list`` holds the processed subtitle(s) once it succeeded.
    """

    job_id: str | None = None
    upload_status: int | None = None
    vid: str | None = None
    subtitle_info_list: Sequence[SubtitleInfo] | None = None

    @property
    def status(self) -> UploadStatus | None:
        """``upload_status`` as an :class:`UploadStatus` (None if absent or unknown)."""
        return enum_or_none(UploadStatus, self.upload_status)

    @property
    def subtitle_id(self) -> str | None:
        """The first subtitle's ``subtitle_id`` (a finished job has one): what ``bind`` takes.

        The seed never defines ``SubtitleInfo``: an entry's ``id``, or a ``subtitle_id`` at
        the top of the answer, is read as well."""
        for info in self.subtitle_info_list or ():
            found = info.subtitle_id or id_text(info.extras.get("id"))
            if found:
                return found
        return id_text(self.extras.get("subtitle_id")) or None

    @property
    def failure_reason(self) -> str | None:
        """Why the job failed, if the answer says (the seed documents no such field)."""
        for key in ("error_message", "fail_reason", "message"):
            value = self.extras.get(key)
            if isinstance(value, str) and value:
                return value
        return None


@attrs.frozen(slots=True)
class SubtitleBinding(Model):
    """The answer of Bind Subtitles: ``subtitle_id`` is now bound to the video ``vid``."""

    vid: str | None = None
    subtitle_id: str | None = None
