"""A short-drama release as data: :class:`DramaRelease` and its checked JSON form.

:func:`release_from_dict` turns a release's JSON (the ``trenz-async drama`` manifest) into a
:class:`DramaRelease`, naming every problem as ``field: rule`` before anything is sent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

import attrs

from trenz_async.errors import ValidationError
from trenz_async.models.shortdrama import ALBUM_INFO_FIELDS, AlbumInfoInput, PriorityScore
from trenz_async.resources.shortdrama._checks import (
    album_info_body,
    check_account,
    check_code,
    check_text,
    check_url,
    episodes_body,
)
from trenz_async.workflows.journal import Journal

__all__ = [
    "DramaEpisode",
    "DramaRelease",
    "DramaSubtitle",
    "release_details",
    "release_from_dict",
]


@attrs.frozen
class DramaSubtitle:
    """A subtitle file (``url``, srt/vtt, publicly downloadable) in ``language``."""

    language: str
    url: str


@attrs.frozen
class DramaEpisode:
    """One episode: its ``title``, number ``seq``, video ``url``, own cover (else the
    album's) and subtitles."""

    title: str
    seq: int
    url: str
    cover_url: str | None = None
    subtitles: list[DramaSubtitle] = attrs.field(factory=list)


@attrs.frozen
class DramaRelease:
    """One play to release: ``id`` names it in the journal; ``album`` is its information
    (``cover_list`` is filled from ``cover_url``; ``seq_num`` defaults to the highest
    episode ``seq``); uploads go to ``space_name`` of ``byteplus_account_id``;
    ``priority_score`` 1 asks for an urgent review (2, the default, a normal one)."""

    id: str
    album: AlbumInfoInput
    cover_url: str
    episodes: list[DramaEpisode]
    space_name: str
    byteplus_account_id: str
    priority_score: int | None = None

    def album_info(self, cover: str) -> dict[str, Any]:
        """``album_info`` as the update sends it, with the cover ``open_pic_id``."""
        info = {k: v for k, v in attrs.asdict(self.album, recurse=False).items() if v is not None}
        info["cover_list"] = [cover]
        info.setdefault("seq_num", max((e.seq for e in self.episodes), default=1))
        for key in ("cover_list", "tag_list"):
            if key in info:
                info[key] = list(info[key])
        return info


_RELEASE_KEYS: Final = (
    "id",
    "album",
    "cover_url",
    "episodes",
    "space_name",
    "byteplus_account_id",
    "priority_score",
)
_EPISODE_KEYS: Final = ("title", "seq", "url", "cover_url", "subtitles")
_SUBTITLE_KEYS: Final = ("language", "url")
_MAX_SEQ: Final = 2**63 - 1
"""The largest ``seq`` the service takes (a signed 64-bit integer)."""


class _Problems:
    def __init__(self) -> None:
        self.found: list[str] = []

    def check(self, run: Callable[..., Any], *args: Any) -> Any:
        try:
            return run(*args)
        except ValidationError as error:
            self.found.append(f"{error.field}: {error.rule}")
            return None

    def bad(self, field: str, rule: str) -> None:
        self.found.append(f"{field}: {rule}")

    def keys(self, where: str, data: Mapping[str, Any], allowed: Sequence[str]) -> None:
        for key in data:
            if key not in allowed:
                name = f"{where}.{key}" if where else key
                self.bad(name, f"is not a known key (expected {', '.join(allowed)})")


def _mapping(problems: _Problems, field: str, value: object) -> Mapping[str, Any] | None:
    if not isinstance(value, Mapping):
        problems.bad(field, "must be a JSON object")
        return None
    return value


def release_from_dict(
    data: object, *, default_id: str | None = None
) -> tuple[DramaRelease | None, list[str]]:
    """A release from its JSON form, and every problem found (``field: rule``, the field
    named as in the JSON: ``episodes[1].subtitles[0].url``). The release is None when any
    problem was found. Nothing is sent."""
    problems = _Problems()
    top = _mapping(problems, "release", data)
    if top is None:
        return None, problems.found
    problems.keys("", top, _RELEASE_KEYS)
    release_id = top.get("id", default_id)
    problems.check(check_text, "id", release_id)
    cover_url = problems.check(check_url, "cover_url", top.get("cover_url"))
    space = problems.check(check_text, "space_name", top.get("space_name"))
    account = problems.check(check_account, top.get("byteplus_account_id"))
    priority = top.get("priority_score")
    if priority is not None:
        problems.check(check_code, "priority_score", priority, PriorityScore)
    album = _album(problems, top.get("album"))
    episodes = _episodes(problems, top.get("episodes"))
    if episodes is not None:  # across episodes, whatever else is wrong
        _across(problems, episodes, _seq_num(top.get("album")))
    if problems.found or album is None or episodes is None:
        return None, problems.found
    release = DramaRelease(
        id=str(release_id),
        album=album,
        cover_url=cover_url,
        episodes=episodes,
        space_name=space,
        byteplus_account_id=account,
        priority_score=priority,
    )
    # the update's whole body, checked with placeholders for what uploads will return
    fake = [
        {"title": e.title, "seq": e.seq, "cover_list": ["pic"], "byteplus_vid": f"v{e.seq}"}
        for e in episodes
    ]
    info = release.album_info("pic")
    problems.check(episodes_body, fake, info.get("seq_num"))
    if problems.found:
        return None, [p.replace("episode_info_list", "episodes") for p in problems.found]
    return release, []


def _across(problems: _Problems, episodes: Sequence[DramaEpisode], seq_num: int | None) -> None:
    """Name every episode whose ``seq`` repeats an earlier one's or passes ``seq_num``."""
    first: dict[int, int] = {}
    for index, episode in enumerate(episodes):
        if episode.seq < 1:  # named already
            continue
        where = f"episodes[{index}].seq"
        if episode.seq in first:
            problems.bad(where, f"repeats episodes[{first[episode.seq]}].seq (must be unique)")
        first.setdefault(episode.seq, index)
        if seq_num is not None and episode.seq > seq_num:
            problems.bad(where, f"must not exceed album.seq_num ({seq_num})")


def _seq_num(album: object) -> int | None:
    """The album's ``seq_num`` when it is a usable number (else it is named on its own)."""
    value = album.get("seq_num") if isinstance(album, Mapping) else None
    usable = isinstance(value, int) and not isinstance(value, bool) and value >= 1
    return value if usable else None


def _album(problems: _Problems, value: object) -> AlbumInfoInput | None:
    data = _mapping(problems, "album", value)
    if data is None:
        return None
    allowed = [k for k in ALBUM_INFO_FIELDS if k != "cover_list"]
    problems.keys("album", data, allowed)
    for required in ("title", "language", "year", "album_status", "desp", "drama_type"):
        if data.get(required) is None:
            problems.bad(f"album.{required}", "is required")
    fields = {k: v for k, v in data.items() if k in allowed}
    if not fields:
        return None
    before = len(problems.found)
    for name, field in fields.items():  # each field on its own: every bad one is named
        problems.check(album_info_body, {name: field})
    problems.found[before:] = [p.replace("album_info", "album", 1) for p in problems.found[before:]]
    if len(problems.found) > before:
        return None
    return AlbumInfoInput(**fields)


def _episodes(problems: _Problems, value: object) -> list[DramaEpisode] | None:
    if not isinstance(value, list) or not value:
        problems.bad("episodes", "must be a non-empty list of episodes")
        return None
    episodes = []
    for index, raw in enumerate(value):
        where = f"episodes[{index}]"
        data = _mapping(problems, where, raw)
        if data is None:
            continue
        problems.keys(where, data, _EPISODE_KEYS)
        title = problems.check(check_text, f"{where}.title", data.get("title"))
        seq = data.get("seq")
        if isinstance(seq, bool) or not isinstance(seq, int) or not 1 <= seq <= _MAX_SEQ:
            problems.bad(f"{where}.seq", f"must be a whole number from 1 to {_MAX_SEQ}")
            seq = 0
        url = problems.check(check_url, f"{where}.url", data.get("url"))
        cover = data.get("cover_url")
        if cover is not None:
            problems.check(check_url, f"{where}.cover_url", cover)
        subtitles = _subtitles(problems, where, data.get("subtitles", []))
        episodes.append(DramaEpisode(title, int(seq), url, cover, subtitles))
    return episodes


def _subtitles(problems: _Problems, where: str, value: object) -> list[DramaSubtitle]:
    if not isinstance(value, list):
        problems.bad(f"{where}.subtitles", "must be a list of {language, url} objects")
        return []
    found = []
    languages: set[object] = set()
    for index, raw in enumerate(value):
        at = f"{where}.subtitles[{index}]"
        data = _mapping(problems, at, raw)
        if data is None:
            continue
        problems.keys(at, data, _SUBTITLE_KEYS)
        language = problems.check(check_text, f"{at}.language", data.get("language"))
        if language in languages:
            problems.bad(f"{at}.language", f"repeats {language!r} (one subtitle per language)")
        languages.add(language)
        url = problems.check(check_url, f"{at}.url", data.get("url"))
        found.append(DramaSubtitle(language, url))
    return found


async def release_details(journal: Journal, release_id: str) -> dict[str, Any]:
    """What the journal holds of a release: ``album_id``, ``version`` (the one submitted),
    ``review_id``, ``review_status`` and ``online_version`` (None where not reached)."""
    steps = {r.step: r.result or {} for r in await journal.steps(release_id) if r.status == "done"}
    album, updated = steps.get("album", {}), steps.get("update", {})
    return {
        "album_id": updated.get("album_id", album.get("album_id")),
        "version": updated.get("version"),
        "review_id": steps.get("review", {}).get("review_id"),
        "review_status": steps.get("moderation", {}).get("review_status"),
        "online_version": steps.get("online", {}).get("online_version"),
    }
