"""Short-drama albums ("plays"): versions, episodes, authorisation, online version and listing.

Versions. ``create`` makes the album with version 1, an empty draft. The first
``update`` (``operation_type`` 1) fills version 1 in place. Every later ``update`` writes a new
version ``current + 1`` from the current one (the highest), never touching an older one.
``version`` is optional (the seed: "No", for concurrency protection): omitted, the update
applies to the current version; given, it must be the current one, else ``invalid_request``
naming the current version. So an update naming its version whose answer was lost and is sent
again is refused instead of applied twice.

Content. ``album_info`` is required for the first fill (``language``, ``title``, ``seq_num``,
``cover_list``, ``year``, ``desp``, ``drama_type``; ``tag_list``, ``album_status`` optional) and
merged field by field later. ``episode_info_list`` adds episodes (no ``episode_id``: all of
``title``, ``seq``, ``cover_list``, ``byteplus_vid``) or changes the named ones of the current
version; unlisted episodes are carried over with their ids. Every listed episode gets a new
``episode_id`` in the new version: ``episode_id_map`` maps the id passed in (or ``seq_<seq>``
for a new episode) to it. Covers must be this client's ``open_pic_id``s, ``byteplus_vid``s its
successful uploads; ``seq`` is unique per version, 1..``seq_num``, and a vid serves one episode.

Album-level states (every version shows them): ``album_status`` 1 not launched, 2 updating,
3 completed (``album_info.album_status`` or ``operation_type`` 2, which writes no version);
``publish_status`` 0 default, 1 listed, 2 delisted (only ``/album/status/``: a
``publish_status`` inside ``album_info`` is accepted and ignored). ``online_version`` only
names an approved version (``review_status`` 2 or 6); listing needs an online version.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from trenz_async.testing.tiktok.drama_media import Fields, Ids, MediaStore, invalid, refused

NOT_SUBMITTED, UNDER_REVIEW, APPROVED, REJECTED, WITHDRAWN = 0, 1, 2, 3, 4
APPEALING, APPEAL_APPROVED, APPEAL_REJECTED = 5, 6, 7
ONLINE_OK = frozenset({APPROVED, APPEAL_APPROVED})
INFO_FIELDS = (
    *("language", "title", "seq_num", "cover_list", "year", "album_status", "desp"),
    *("drama_type", "tag_list", "publish_status"),
)
FIRST_FILL = ("language", "title", "seq_num", "cover_list", "year", "desp", "drama_type")
EPISODE_FIELDS = ("episode_id", "title", "seq", "cover_list", "byteplus_vid")
AUTH_ALREADY, AUTH_MISSING, AUTH_OWNER, AUTH_UNKNOWN = 22010, 22011, 22012, 22013
AUTH_MESSAGES = {
    AUTH_ALREADY: "authorization already exists",
    AUTH_MISSING: "authorization does not exist",
    AUTH_OWNER: "the play's own client_key cannot be authorized",
    AUTH_UNKNOWN: "client_key not found",
}
ALBUMS_CREATED, ALBUM_UPDATES = "drama albums created", "drama album updates"
AUTH_CHANGES, ONLINE_SETS, LISTING_CHANGES = (
    "drama authorizations changed",
    "drama online versions set",
    "drama listing changes",
)


@attrs.define
class Episode:
    episode_id: str
    title: str
    seq: int
    cover_list: list[str]
    byteplus_vid: str

    def view(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.define
class Version:
    """One immutable version (version 1 is filled once); ``review_status`` is its moderation."""

    number: int
    album_info: dict[str, Any]
    episodes: list[Episode]
    review_status: int = NOT_SUBMITTED

    @property
    def filled(self) -> bool:
        return bool(self.album_info)


@attrs.define
class Album:
    album_id: int
    owner: str
    versions: dict[int, Version]
    album_status: int = 1
    publish_status: int = 0
    online_version: int | None = None
    authorized: set[str] = attrs.field(factory=set)

    @property
    def current_version(self) -> int:
        return max(self.versions)

    def version(self, number: int) -> Version:
        found = self.versions.get(number)
        if found is None:
            raise invalid(f"version {number} of play {self.album_id} not found")
        return found

    def heads(self) -> dict[str, Any]:
        """``current_version``, ``online_version`` (absent when not set), ``publish_status``."""
        data: dict[str, Any] = {"current_version": self.current_version}
        if self.online_version is not None:
            data["online_version"] = self.online_version
        data["publish_status"] = self.publish_status
        return data

    def version_view(self, version: Version) -> dict[str, Any]:
        info = {k: v for k, v in version.album_info.items() if k != "publish_status"}
        info.update(album_status=self.album_status, publish_status=self.publish_status)
        return {
            "album_id": self.album_id,
            "version": version.number,
            "album_info": info,
            "episode_info_list": [episode.view() for episode in version.episodes],
            **self.heads(),
            "review_status": version.review_status,
        }


@attrs.frozen
class AlbumUpdate:
    """A type-checked ``/album/update/`` body; state rules are applied by :class:`AlbumStore`."""

    album_id: int
    operation_type: int
    version: int | None
    album_status: int | None
    album_info: dict[str, Any] | None
    episodes: list[dict[str, Any]] | None


def parse_update(body: Fields) -> AlbumUpdate:
    """Check the update body's types and enums (stateless)."""
    operation = body.opt_integer("operation_type", choices=(1, 2)) or 1
    status = body.opt_integer("album_status", choices=(1, 2, 3))
    info, episodes = body.source.get("album_info"), body.source.get("episode_info_list")
    if operation == 2 and status is None:
        raise invalid("album_status is required when operation_type=2")
    if operation == 1 and episodes is None:
        raise invalid("episode_info_list is required when operation_type=1")
    if info is not None and not isinstance(info, dict):
        raise invalid("album_info must be an object")
    if episodes is not None and not isinstance(episodes, list):
        raise invalid("episode_info_list must be an array")
    return AlbumUpdate(
        album_id=body.int64_id("album_id"),
        operation_type=operation,
        version=body.opt_integer("version", low=1),
        album_status=status,
        album_info=_album_info(info) if info is not None else None,
        episodes=[_episode(item, i) for i, item in enumerate(episodes or [])],
    )


def _album_info(raw: dict[str, Any]) -> dict[str, Any]:
    _known(raw, INFO_FIELDS, "album_info")
    src = Fields(raw)
    year = src.opt_integer("year", low=1900)
    if year is not None and year > 2100:
        raise invalid("album_info.year must be between 1900 and 2100")
    parsed: dict[str, Any] = {
        "language": src.opt_integer("language", low=1),
        "title": src.opt_text("title", max_len=200),
        "seq_num": src.opt_integer("seq_num", low=1),
        "cover_list": _covers(src, "album_info"),
        "year": year,
        "album_status": src.opt_integer("album_status", choices=(1, 2, 3)),
        "desp": src.opt_text("desp", max_len=4000, empty=True),
        "drama_type": src.opt_integer("drama_type", choices=(1, 2, 3, 4)),
        "tag_list": src.int_list("tag_list"),
        "publish_status": src.opt_integer("publish_status", choices=(0, 1, 2)),
    }
    return {k: v for k, v in parsed.items() if v is not None}


def _episode(raw: Any, index: int) -> dict[str, Any]:
    where = f"episode_info_list[{index}]"
    if not isinstance(raw, dict):
        raise invalid(f"{where} must be an object")
    _known(raw, EPISODE_FIELDS, where)
    src = Fields(raw)
    parsed: dict[str, Any] = {
        "episode_id": src.opt_text("episode_id", max_len=64),
        "title": src.opt_text("title", max_len=200),
        "seq": src.opt_integer("seq", low=1),
        "cover_list": _covers(src, where),
        "byteplus_vid": src.opt_text("byteplus_vid", max_len=128),
    }
    if parsed["episode_id"] is None:
        missing = [name for name in EPISODE_FIELDS[1:] if parsed[name] is None]
        if missing:
            raise invalid(f"{where}: a new episode needs {', '.join(missing)}")
    return {k: v for k, v in parsed.items() if v is not None}


def _covers(src: Fields, where: str) -> list[str] | None:
    covers = src.text_list("cover_list", max_items=20)
    if covers is not None and not covers:
        raise invalid(f"{where}.cover_list must name at least one open_pic_id")
    return covers


def _known(raw: dict[str, Any], names: tuple[str, ...], where: str) -> None:
    unknown = sorted(set(raw) - set(names))
    if unknown:
        raise invalid(f"{where} has unknown fields: {', '.join(unknown)}")


class AlbumStore:
    """Albums by id; the rules of versions, episodes, authorisation, online version, listing."""

    def __init__(
        self,
        seed: int,
        media: MediaStore,
        bump: Callable[[str], None],
        known_client: Callable[[str], bool] = lambda key: True,
    ) -> None:
        self._ids = Ids(seed, "albums")
        self._media = media
        self._bump = bump
        self._known_client = known_client
        self.albums: dict[int, Album] = {}

    def create(self, owner: str) -> Album:
        album = Album(self._ids.int64(), owner, {1: Version(1, {}, [])})
        self.albums[album.album_id] = album
        self._bump(ALBUMS_CREATED)
        return album

    def owned(self, owner: str, album_id: int) -> Album:
        """The album, when ``owner`` created it; others get invalid_params (not found)."""
        album = self.albums.get(album_id)
        if album is None or album.owner != owner:
            if album is not None and owner in album.authorized:
                raise refused(f"play {album_id} can only be changed by the client that created it")
            raise invalid(f"album_id {album_id} not found")
        return album

    def readable(self, reader: str, album_id: int) -> Album:
        album = self.albums.get(album_id)
        if album is None or (album.owner != reader and reader not in album.authorized):
            raise invalid(f"album_id {album_id} not found")
        return album

    def update(self, owner: str, change: AlbumUpdate) -> dict[str, Any]:
        """Apply an update (all checks first, then one write); return the answer's data."""
        album = self.owned(owner, change.album_id)
        current = album.version(album.current_version)
        self._guard(album, current, change.version)
        mapping: dict[str, str] = {}
        if change.operation_type == 2:
            album.album_status = change.album_status or album.album_status
        else:
            version = self._next_version(owner, current, change, mapping)
            album.versions[version.number] = version
            album.album_status = version.album_info.get("album_status", album.album_status)
        self._bump(ALBUM_UPDATES)
        return {
            "album_id": album.album_id,
            "version": album.current_version,
            "episode_id_map": mapping,
            "album_status": album.album_status,
            "publish_status": album.publish_status,
        }

    @staticmethod
    def _guard(album: Album, current: Version, version: int | None) -> None:
        if version is not None and version != current.number:
            raise refused(
                f"version {version} is stale: the current version of play {album.album_id} "
                f"is {current.number}"
            )

    def _next_version(
        self, owner: str, base: Version, change: AlbumUpdate, mapping: dict[str, str]
    ) -> Version:
        info = {**base.album_info, **(change.album_info or {})}
        missing = [name for name in FIRST_FILL if name not in info]
        if missing:
            raise invalid(f"album_info needs {', '.join(missing)} on the first upload")
        info.setdefault("tag_list", [])
        for pic in info["cover_list"]:
            self._media.image(owner, pic)
        episodes = {episode.episode_id: episode for episode in base.episodes}
        for item in change.episodes or []:
            old_id = item.get("episode_id")
            if old_id is not None and old_id not in episodes:
                raise invalid(f"episode_id {old_id} is not in version {base.number}")
            fields = attrs.asdict(episodes[old_id]) if old_id is not None else {}
            fields.update(item, episode_id=str(self._ids.int64()))
            episode = Episode(**fields)
            for pic in episode.cover_list:
                self._media.image(owner, pic)
            self._media.video(owner, episode.byteplus_vid)
            episodes.pop(old_id or "", None)
            episodes[episode.episode_id] = episode
            mapping[old_id or f"seq_{episode.seq}"] = episode.episode_id
        ordered = sorted(episodes.values(), key=lambda episode: episode.seq)
        _check_episodes(ordered, info["seq_num"])
        number = base.number + 1 if base.filled else base.number
        return Version(number, info, ordered)

    def authorize(
        self, owner: str, album_id: int, operate_type: int, targets: list[str]
    ) -> list[dict[str, Any]]:
        """Add (1) or remove (2) authorisations; one result per target, in order."""
        album = self.owned(owner, album_id)
        results = []
        for key in targets:
            error = self._auth_error(album, operate_type, key)
            if error == 0:
                (album.authorized.add if operate_type == 1 else album.authorized.discard)(key)
                self._bump(AUTH_CHANGES)
            results.append(
                {
                    "client_key": key,
                    "auth_status": 1 if key in album.authorized else 2,
                    "error_code": error,
                    "error_message": AUTH_MESSAGES.get(error, ""),
                }
            )
        return results

    def _auth_error(self, album: Album, operate_type: int, key: str) -> int:
        if key == album.owner:
            return AUTH_OWNER
        if operate_type == 1 and not self._known_client(key):
            return AUTH_UNKNOWN
        if operate_type == 1 and key in album.authorized:
            return AUTH_ALREADY
        if operate_type == 2 and key not in album.authorized:
            return AUTH_MISSING
        return 0

    def set_online(self, owner: str, album_id: int, number: int) -> dict[str, Any]:
        album = self.owned(owner, album_id)
        version = album.version(number)
        if version.review_status not in ONLINE_OK:
            raise refused(
                f"version {number} has not passed moderation (review_status "
                f"{version.review_status}); only an approved version can go online"
            )
        album.online_version = number
        self._bump(ONLINE_SETS)
        return {"album_id": album.album_id, "online_version": number}

    def set_listing(self, owner: str, album_id: int, status: int) -> dict[str, Any]:
        album = self.owned(owner, album_id)
        if album.online_version is None:
            raise refused(f"play {album_id} has no online version: set one before (de)listing")
        if album.publish_status != status:
            album.publish_status = status
            self._bump(LISTING_CHANGES)
        return {"album_id": album.album_id, "status": status}


def _check_episodes(episodes: list[Episode], seq_num: int) -> None:
    seqs = [episode.seq for episode in episodes]
    vids = [episode.byteplus_vid for episode in episodes]
    if len(set(seqs)) != len(seqs):
        raise invalid("episode seq values must be unique within a version")
    if seqs and max(seqs) > seq_num:
        raise invalid(f"episode seq {max(seqs)} exceeds album_info.seq_num {seq_num}")
    if len(set(vids)) != len(vids):
        raise invalid("a byteplus_vid can serve only one episode of a version")
