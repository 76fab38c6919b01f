"""Every short-drama endpoint of seed 002 in one table: method, path, safety class, evidence.

All paths live under ``/v2/sg/shortdrama`` and are spelled exactly as the seed writes them:
``/image`` and ``/video`` have no trailing slash, every other path has one (the service
answers 404 for the other spelling). Evidence ``C1``: the seed writes the path out. Every
call carries ``client_key`` (``client-key`` header, query parameter, and JSON body field on a
POST).

Safety: uploads (image, video, subtitle), album create/update/authorize, the online version,
listing changes, review submit/appeal/withdraw and subtitle binding are ``write``s: when the
outcome is unknown (the answer was lost) they are never re-sent, the caller gets
:class:`~trenz_async.errors.AmbiguousOutcomeError`. The three queries are ``read``s.
"""

from __future__ import annotations

from typing import Literal

from trenz_async.transport import Endpoint, Safety

__all__ = [
    "ALBUM_AUTHORIZE",
    "ALBUM_CREATE",
    "ALBUM_ONLINE_VERSION",
    "ALBUM_QUERY",
    "ALBUM_STATUS",
    "ALBUM_UPDATE",
    "IMAGE_CREATE",
    "PREFIX",
    "REVIEW_APPEAL",
    "REVIEW_SUBMIT",
    "REVIEW_WITHDRAW",
    "SHORTDRAMA_ENDPOINTS",
    "SUBTITLE_BIND",
    "SUBTITLE_QUERY",
    "SUBTITLE_UPLOAD",
    "VIDEO_QUERY",
    "VIDEO_UPLOAD",
]

PREFIX = "/v2/sg/shortdrama"


def _endpoint(name: str, method: Literal["GET", "POST"], path: str, safety: Safety) -> Endpoint:
    return Endpoint(name, method, PREFIX + path, safety, "C1")


# Resource upload
IMAGE_CREATE = _endpoint("Create Image", "POST", "/image", "write")
VIDEO_UPLOAD = _endpoint("Upload Video", "POST", "/video", "write")
"""Starts an asynchronous upload job: re-sending it would upload the video twice."""
VIDEO_QUERY = _endpoint("Query Video", "GET", "/video", "read")

# Plays
ALBUM_CREATE = _endpoint("Create a play", "POST", "/album/create/", "write")
ALBUM_UPDATE = _endpoint("Edit Play", "POST", "/album/update/", "write")
"""Writes a new version; its ``version`` guard refuses a re-sent update (stale version)."""
ALBUM_QUERY = _endpoint("Query Plays", "GET", "/album/query/", "read")
ALBUM_AUTHORIZE = _endpoint("Episode Authorization", "POST", "/album/authorize/", "write")
ALBUM_ONLINE_VERSION = _endpoint(
    "Set the online version", "POST", "/album/online_version/", "write"
)
ALBUM_STATUS = _endpoint("Show listing and delisting", "POST", "/album/status/", "write")

# Moderation
REVIEW_SUBMIT = _endpoint(
    "Submitted Drama for Moderation", "POST", "/album/review/submit/", "write"
)
"""An urgent submission uses one of the organisation's 35 a day."""
REVIEW_APPEAL = _endpoint("Appeal", "POST", "/album/review/appeal/", "write")
REVIEW_WITHDRAW = _endpoint("Withdraw for review", "POST", "/album/review/withdraw/", "write")

# Subtitles
SUBTITLE_UPLOAD = _endpoint("Upload subtitles", "POST", "/subtitle/", "write")
SUBTITLE_QUERY = _endpoint("Query subtitles", "GET", "/subtitle/", "read")
SUBTITLE_BIND = _endpoint("Bind Subtitles", "POST", "/subtitle/bind/", "write")

SHORTDRAMA_ENDPOINTS: dict[str, Endpoint] = {
    e.name: e
    for e in (
        IMAGE_CREATE,
        VIDEO_UPLOAD,
        VIDEO_QUERY,
        ALBUM_CREATE,
        ALBUM_UPDATE,
        ALBUM_QUERY,
        ALBUM_AUTHORIZE,
        ALBUM_ONLINE_VERSION,
        ALBUM_STATUS,
        REVIEW_SUBMIT,
        REVIEW_APPEAL,
        REVIEW_WITHDRAW,
        SUBTITLE_UPLOAD,
        SUBTITLE_QUERY,
        SUBTITLE_BIND,
    )
}
"""The 15 short-drama endpoints by the seed's name (the token endpoint lives in the transport)."""
