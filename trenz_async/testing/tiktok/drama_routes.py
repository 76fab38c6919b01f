"""Short-drama media API (seed 002): every route, thin handlers over the drama state.

All routes need a bearer token with scope ``shortdrama.media`` and answer the TikTok envelope
``{"data": {...}, "error": {"code": "ok", "message": "", "log_id"}}``. Every call carries
``client_key`` in a ``client-key`` header, a query parameter and/or (POST) a JSON body field:
at least one is required, each given must equal the token's client (else 400
``invalid_params``). The subtitle routes take it only where the seed documents it: the header
or (upload, bind) the body field; a query parameter alone is not enough. Ids typed int64
(``album_id``, ``review_id``) are JSON integers in answers and accepted as integers or digit
strings. Refusals: 400 ``invalid_params`` (missing / mistyped / out-of-enum field, unknown or
another client's id) and 400 ``invalid_request`` (the state forbids it; messages say why).
``*`` = required.

======  ===================================  ==================================================
method  path (``/v2/sg/shortdrama`` + ...)   request -> ``data``
======  ===================================  ==================================================
POST    ``/image`` (no slash)                ``image_url``* http(s) -> ``{open_pic_id (32 hex),
                                             tiktok_pic_url}``; ``fail`` in the URL: 400
POST    ``/video`` (no slash)                ``url``* http(s) (or ``vid``* to register a BytePlus
                                             video), ``title``*, ``space_name``*,
                                             ``byteplus_account_id``* (strings),
                                             ``byteplus_region`` -> ``{result_type: 2, job_id
                                             ("vod:job:<19 digits>"), byteplus_vid ("" or the
                                             registered vid), byteplus_url: ""}``
GET     ``/video`` (no slash)                ``job_id`` or ``vid`` (one at least),
                                             ``byteplus_account_id``* -> ``{upload_status 1|2|3,
                                             job_id, vid, byteplus_url, title, duration_ms,
                                             cover_url, raw_video_info_json}`` ("" / 0 until 2)
POST    ``/album/create/``                   (nothing) -> ``{result_type: 1, album_id,
                                             version: 1}``
POST    ``/album/update/``                   ``album_id``*, ``operation_type`` 1|2 (1),
                                             ``version``, ``album_status`` 1|2|3 (* for 2),
                                             ``album_info``, ``episode_info_list`` (* for 1)
                                             -> ``{album_id, version, episode_id_map,
                                             album_status, publish_status}``
GET     ``/album/query/``                    ``album_id``*, ``version`` ->
                                             ``{album_version_list: [{album_id, version,
                                             album_info, episode_info_list, current_version,
                                             online_version?, publish_status, review_status}]}``
                                             (only the list, as the seed: the play's heads are
                                             in every entry)
POST    ``/album/authorize/``                ``album_id``*, ``operate_type``* 1 add | 2 remove,
                                             ``target_client_key_list``* (1..100 strings) ->
                                             ``{client_key_result_list: [{client_key,
                                             auth_status 1|2, error_code (0 = ok),
                                             error_message}]}``
POST    ``/album/online_version/``           ``album_id``*, ``version``* -> ``{album_id,
                                             online_version}``
POST    ``/album/status/``                   ``album_id``*, ``status``* 1 list | 2 delist ->
                                             ``{album_id, status}``
POST    ``/album/review/submit/``            ``album_id``*, ``version``*, ``priority_score``
                                             1 urgent | 2 normal (2) -> ``{result_type: 1,
                                             review_id}``
POST    ``/album/review/appeal/``            ``album_id``*, ``review_id``*,
                                             ``appeal_item_type``* 1|2, ``item_id``*,
                                             ``appeal_reason``*, ``attachment_urls`` (<= 10) -> {}
POST    ``/album/review/withdraw/``          ``album_id``*, ``version``* -> ``{}``
POST    ``/subtitle/``                       ``subtitle_url``* http(s), ``language``*,
                                             ``space_name``*, ``byteplus_account_id``* ->
                                             ``{job_id ("subtitle:job:<19 digits>")}``
GET     ``/subtitle/``                       ``job_id`` or ``vid``, ``byteplus_account_id``* ->
                                             ``{job_id, upload_status, vid,
                                             subtitle_info_list: [{subtitle_id, language,
                                             format, subtitle_url, vid}]}``
POST    ``/subtitle/bind/``                  ``vid``*, ``subtitle_id``* -> ``{vid, subtitle_id}``
======  ===================================  ==================================================

Lifecycles and rules: :mod:`.drama_media` (video jobs), :mod:`.drama_subtitles`,
:mod:`.drama_albums` (versions, episodes, authorisation, online version, listing),
:mod:`.drama_review` (moderation).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from trenz_async.testing.journal import Journal
from trenz_async.testing.tiktok import drama_albums as albums
from trenz_async.testing.tiktok import drama_review as review
from trenz_async.testing.tiktok.clients import SHORT_DRAMA_SCOPE
from trenz_async.testing.tiktok.drama_albums import Album, AlbumStore, AlbumUpdate, parse_update
from trenz_async.testing.tiktok.drama_media import (
    Failures,
    MediaStore,
    body_of,
    client_of,
    invalid,
    is_http_url,
    job_or_vid,
    query_of,
)
from trenz_async.testing.tiktok.drama_review import MAX_ATTACHMENTS, NORMAL, URGENT, ReviewDesk
from trenz_async.testing.tiktok.drama_subtitles import SubtitleStore
from trenz_async.testing.tiktok.routing import Call, TikTokRoute

BASE = "/v2/sg/shortdrama"
IMAGES, VIDEOS = "drama images uploaded", "drama videos uploaded"
SUBTITLES, BINDS = "drama subtitles uploaded", "drama subtitle binds"
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")
Prepared = tuple[Any, ...]
COUNTERS = {
    "images": IMAGES,
    "videos": VIDEOS,
    "subtitles": SUBTITLES,
    "subtitle_binds": BINDS,
    "albums_created": albums.ALBUMS_CREATED,
    "album_updates": albums.ALBUM_UPDATES,
    "authorizations_changed": albums.AUTH_CHANGES,
    "online_versions_set": albums.ONLINE_SETS,
    "listing_changes": albums.LISTING_CHANGES,
    "reviews_submitted": review.REVIEWS_SUBMITTED,
    "appeals": review.APPEALS,
    "withdrawals": review.WITHDRAWALS,
}


class DramaState:
    """The short-drama state of one simulator: media, subtitles, albums, reviews."""

    def __init__(
        self,
        seed: int,
        now: Callable[[], float],
        journal: Journal,
        known_client: Callable[[str], bool],
    ) -> None:
        self.journal = journal
        self.bump = bump = journal.bump
        self.failures = Failures()
        self.media = MediaStore(seed, now, self.failures)
        self.subtitles = SubtitleStore(seed, now, self.media, self.failures)
        self.albums = AlbumStore(seed, self.media, bump, known_client)
        self.reviews = ReviewDesk(seed, now, self.albums, bump)
        #: client_key -> organisation (for the urgent-review quota); default: the client_key.
        self.organisations: dict[str, str] = {}

    def reset(self) -> None:
        """Forget arranged upload failures and queued review outcomes (state is kept)."""
        self.failures.clear()
        self.reviews.clear_outcomes()


class DramaApi:
    """The handlers: ``check_*`` validate a call (no state change), the others act."""

    def __init__(self, state: DramaState) -> None:
        self.s = state

    # -- media ------------------------------------------------------------------------------

    @staticmethod
    def check_image(call: Call) -> Prepared:
        owner, body = body_of(call)
        return owner, body.url("image_url")

    def image(self, prepared: Prepared) -> dict[str, Any]:
        image = self.s.media.add_image(*prepared)
        self.s.bump(IMAGES)
        return {"open_pic_id": image.open_pic_id, "tiktok_pic_url": image.tiktok_pic_url}

    @staticmethod
    def check_video_upload(call: Call) -> Prepared:
        owner, body = body_of(call)
        vid = body.opt_text("vid", max_len=128)
        url = body.url("url") if vid is None or body.has("url") else ""
        body.opt_text("byteplus_region", max_len=64)
        title, space = body.text("title", max_len=200), body.text("space_name", max_len=128)
        return owner, body.text("byteplus_account_id", max_len=64), space, title, url, vid

    def video_upload(self, prepared: Prepared) -> dict[str, Any]:
        job = self.s.media.upload_video(*prepared)
        self.s.bump(VIDEOS)
        registered = job.vid if prepared[-1] is not None else ""
        return {
            "result_type": 2,
            "job_id": job.job_id,
            "byteplus_vid": registered,
            "byteplus_url": "",
        }

    @staticmethod
    def check_video_query(call: Call) -> Prepared:
        owner, query = query_of(call)
        return (owner, *job_or_vid(query))

    def video_query(self, prepared: Prepared) -> dict[str, Any]:
        return self.s.media.find(*prepared).view()

    # -- subtitles --------------------------------------------------------------------------

    @staticmethod
    def check_subtitle_upload(call: Call) -> Prepared:
        owner, body = body_of(call, ("body",))
        url = body.url("subtitle_url")
        language = body.text("language", max_len=35)
        if not _LANGUAGE.match(language):
            raise invalid("language must be a language code such as en, pt-BR or zh_Hans")
        space, account = body.text("space_name", max_len=128), body.text("byteplus_account_id")
        return owner, account, space, language, url

    def subtitle_upload(self, prepared: Prepared) -> dict[str, Any]:
        job = self.s.subtitles.upload(*prepared)
        self.s.bump(SUBTITLES)
        return {"job_id": job.job_id}

    @staticmethod
    def check_subtitle_query(call: Call) -> Prepared:
        owner, query = query_of(call, ())
        return (owner, *job_or_vid(query))

    def subtitle_query(self, prepared: Prepared) -> dict[str, Any]:
        owner, account, job_id, vid = prepared
        if job_id is not None:
            data = self.s.subtitles.by_job(owner, account, job_id)
            if vid is not None and data["vid"] != vid:
                raise invalid(f"job_id {job_id} is not bound to vid {vid}")
            return data
        return self.s.subtitles.by_vid(owner, account, vid)

    @staticmethod
    def check_bind(call: Call) -> Prepared:
        owner, body = body_of(call, ("body",))
        return owner, body.text("vid", max_len=128), body.text("subtitle_id", max_len=128)

    def bind(self, prepared: Prepared) -> dict[str, Any]:
        job = self.s.subtitles.bind(*prepared)
        self.s.bump(BINDS)
        return {"vid": job.vid, "subtitle_id": job.subtitle_id}

    # -- albums -----------------------------------------------------------------------------

    @staticmethod
    def check_create(call: Call) -> Prepared:
        return (client_of(call),)

    def create(self, prepared: Prepared) -> dict[str, Any]:
        album = self.s.albums.create(prepared[0])
        return {"result_type": 1, "album_id": album.album_id, "version": album.current_version}

    @staticmethod
    def check_update(call: Call) -> tuple[str, AlbumUpdate]:
        owner, body = body_of(call)
        return owner, parse_update(body)

    def update(self, prepared: tuple[str, AlbumUpdate]) -> dict[str, Any]:
        self.s.reviews.refresh()
        return self.s.albums.update(*prepared)

    @staticmethod
    def check_query(call: Call) -> Prepared:
        reader, query = query_of(call)
        return reader, query.int64_id("album_id"), query.opt_integer("version", low=1)

    def query(self, prepared: Prepared) -> dict[str, Any]:
        reader, album_id, number = prepared
        self.s.reviews.refresh()
        album = self.s.albums.readable(reader, album_id)
        numbers = [number] if number is not None else sorted(album.versions)
        versions = [album.version_view(album.version(n)) for n in numbers]
        return {"album_version_list": versions}

    @staticmethod
    def check_authorize(call: Call) -> Prepared:
        owner, body = body_of(call)
        targets = body.text_list("target_client_key_list", max_items=100)
        if not targets:
            raise invalid("target_client_key_list must name 1 to 100 client_keys")
        album_id = body.int64_id("album_id")
        return owner, album_id, body.integer("operate_type", choices=(1, 2)), targets

    def authorize(self, prepared: Prepared) -> dict[str, Any]:
        return {"client_key_result_list": self.s.albums.authorize(*prepared)}

    @staticmethod
    def check_album_version(call: Call) -> Prepared:
        owner, body = body_of(call)
        return owner, body.int64_id("album_id"), body.integer("version", low=1)

    def online_version(self, prepared: Prepared) -> dict[str, Any]:
        self.s.reviews.refresh()
        return self.s.albums.set_online(*prepared)

    @staticmethod
    def check_status(call: Call) -> Prepared:
        owner, body = body_of(call)
        return owner, body.int64_id("album_id"), body.integer("status", choices=(1, 2))

    def status(self, prepared: Prepared) -> dict[str, Any]:
        return self.s.albums.set_listing(*prepared)

    # -- moderation -------------------------------------------------------------------------

    @staticmethod
    def check_submit(call: Call) -> Prepared:
        owner, body = body_of(call)
        priority = body.opt_integer("priority_score", choices=(URGENT, NORMAL)) or NORMAL
        return owner, body.int64_id("album_id"), body.integer("version", low=1), priority

    def submit(self, prepared: Prepared) -> dict[str, Any]:
        owner, album_id, version, priority = prepared
        organisation: str = self.s.organisations.get(owner) or owner
        review = self.s.reviews.submit(owner, organisation, album_id, version, priority)
        return {"result_type": 1, "review_id": review.review_id}

    @staticmethod
    def check_appeal(call: Call) -> Prepared:
        owner, body = body_of(call)
        item_type = body.integer("appeal_item_type", choices=(1, 2))
        raw_item = body.source.get("item_id")
        numeric = isinstance(raw_item, int) and not isinstance(raw_item, bool)
        item_id = str(raw_item) if numeric else body.text("item_id", max_len=64)
        reason = body.text("appeal_reason", max_len=2000)
        urls = body.text_list("attachment_urls", max_items=MAX_ATTACHMENTS) or []
        for index, url in enumerate(urls):
            if not is_http_url(url):
                raise invalid(f"attachment_urls[{index}] must be an http or https URL")
        album_id, review_id = body.int64_id("album_id"), body.int64_id("review_id")
        return owner, album_id, review_id, (item_type, item_id), reason, urls

    def appeal(self, prepared: Prepared) -> dict[str, Any]:
        self.s.reviews.appeal(*prepared)
        return {}

    def withdraw(self, prepared: Prepared) -> dict[str, Any]:
        self.s.reviews.withdraw(*prepared)
        return {}


def drama_routes(api: DramaApi) -> list[TikTokRoute]:
    """Every short-drama route, as the table in this module's docstring."""
    table: list[tuple[str, str, Callable[[Call], Any], Callable[[Any], dict[str, Any]]]] = [
        ("POST", "/image", api.check_image, api.image),
        ("POST", "/video", api.check_video_upload, api.video_upload),
        ("GET", "/video", api.check_video_query, api.video_query),
        ("POST", "/album/create/", api.check_create, api.create),
        ("POST", "/album/update/", api.check_update, api.update),
        ("GET", "/album/query/", api.check_query, api.query),
        ("POST", "/album/authorize/", api.check_authorize, api.authorize),
        ("POST", "/album/online_version/", api.check_album_version, api.online_version),
        ("POST", "/album/status/", api.check_status, api.status),
        ("POST", "/album/review/submit/", api.check_submit, api.submit),
        ("POST", "/album/review/appeal/", api.check_appeal, api.appeal),
        ("POST", "/album/review/withdraw/", api.check_album_version, api.withdraw),
        ("POST", "/subtitle/", api.check_subtitle_upload, api.subtitle_upload),
        ("GET", "/subtitle/", api.check_subtitle_query, api.subtitle_query),
        ("POST", "/subtitle/bind/", api.check_bind, api.bind),
    ]
    return [
        TikTokRoute(
            method,
            BASE + path,
            SHORT_DRAMA_SCOPE,
            validate,
            act,
            body="json" if method == "POST" else "none",
        )
        for method, path, validate, act in table
    ]


class DramaHelpers:
    """The :class:`~trenz_async.testing.Simulator`'s short-drama test helpers (a mixin)."""

    drama: DramaState

    def fail_next_drama_upload(self, kind: str = "video", message: str | None = None) -> None:
        """The next upload of ``kind`` ("video", "subtitle" or "image") fails.

        A video or subtitle job ends in ``upload_status`` 3 at its normal finish time; an image
        upload is refused at once (400 ``invalid_params`` with ``message``). Arm several to fail
        several; an unknown kind raises ValueError. (A URL containing ``fail`` fails too.)
        """
        self.drama.failures.arm(kind, message)

    @property
    def drama_durations(self) -> dict[str, float]:
        """Seconds of sim time from upload to the end of a job: ``{"video": 30, "subtitle": 20}``.

        A live, editable dict (0: done on the first read); accepted jobs keep their time.
        """
        return self.drama.media.durations

    def finish_drama_job(self, job_id: str) -> int:
        """End a processing video or subtitle job now; return its ``upload_status`` (2 or 3).

        Unknown ids raise KeyError, a job already ended ValueError.
        """
        if job_id in self.drama.subtitles.jobs:
            return int(self.drama.subtitles.finish(job_id).view()["upload_status"])
        return int(self.drama.media.finish(job_id).view()["upload_status"])

    def drama_review_outcome(self, album_id: int | str, approve: bool) -> None:
        """Queue the outcome of the next decision (review or appeal) on ``album_id``.

        Each decision takes one queued outcome, in order; without one the rule of
        :mod:`~trenz_async.testing.tiktok.drama_review` applies (``reject`` in a title).
        """
        self.drama.reviews.queue_outcome(int(album_id), approve)

    def decide_drama_review(self, review_id: int | str) -> int:
        """Decide a pending review or appeal now; return the version's new ``review_status``."""
        return self.drama.reviews.decide_now(int(review_id))

    def set_drama_organisation(self, client_key: str, organisation: str) -> None:
        """Put ``client_key`` in ``organisation`` (they share the 35 urgent reviews a day)."""
        self.drama.organisations[client_key] = organisation

    @property
    def drama_albums(self) -> dict[int, Album]:
        """Every album by ``album_id`` (live state: versions, episodes, statuses)."""
        return self.drama.albums.albums

    @property
    def drama_counters(self) -> dict[str, int]:
        """Short-drama writes acted on since the last reset, by kind (see :data:`COUNTERS`).

        ``videos``/``subtitles``/``images`` count accepted uploads, ``album_updates`` every
        accepted update (both operation types), ``authorizations_changed`` authorisations added
        or removed, ``listing_changes`` real changes of ``publish_status``. The journal counters
        of the same meaning are named ``"drama ..."`` (the values of :data:`COUNTERS`).
        """
        counters = self.drama.journal.counters
        return {name: counters[counter] for name, counter in COUNTERS.items()}
