"""Trenz General: file upload presign, async task status, key verification, and the storage PUT.

Gateway routes (the usual envelope; errors are the documented 400/401/404 codes):

=====  ======================================  =====  ====  ======================================
verb   path                                    scope  cost  ev; body -> ``data``
=====  ======================================  =====  ====  ======================================
POST   /open/v1/social/upload/presigned-url    gen.   0     C1; ``file_name``* -> ``{presigned_url,
                                                            object_key, s3_bucket, cdn_url,
                                                            content_type, expires_in (3600),
                                                            expires_at (unix s)}``
POST   /open/v1/upload/presigned-url           gen.   0     C2 (image-search upload);
                                                            ``file_name``* of an image type ->
                                                            ``{url, os_key, os_bucket, signed_url,
                                                            content_type, expires_in, expires_at}``
GET    /open/v1/tasks/{task_id}                gen.   0     C1; -> ``{task_id, status, created_at,
                                                            updated_at, result | error_message}``;
                                                            unknown (or another key's): 404
                                                            TASK_NOT_FOUND
GET    /open/v1/auth/verify                    gen.   0     C1 (Chuhaijiang); -> ``{app_id (int),
                                                            tier (str), credits_balance (int),
                                                            status: "active"}``
=====  ======================================  =====  ====  ======================================

``file_name``: a string of 1..255 characters ending in an extension ``.[A-Za-z0-9]{1,10}``,
not starting with ``.``, without ``/``, ``\\`` or control characters.

Storage route (outside the gateway, S3-like; see :mod:`~trenz_async.testing.trenz.storage`):
``PUT /_storage/{bucket}/{object_key}?credential=&expires=&signature=`` with the presigned
``Content-Type`` and the raw bytes -> 200, empty body, ``ETag: "<md5 hex>"``; refusals answer an XML
``<Error><Code>..</Code><Message>..</Message>...</Error>``; other methods 405 ``MethodNotAllowed``.
A storage request carrying an API key (``X-API-Key``, ``Authorization: Bearer``, ``?api_key=``)
is a credential leak: counted (counter ``"storage credential leaks"``) and journaled with the
leaked key's opaque ``key_id`` (``"unknown"`` for a key the simulator does not know).
"""

from __future__ import annotations

import hashlib
import re
from xml.sax.saxutils import escape

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from trenz_async.testing.clock import SimClock
from trenz_async.testing.faults import FaultEngine, FaultRule
from trenz_async.testing.gateway import Dropped, _abort, _fault_before
from trenz_async.testing.journal import Journal, JournalEntry
from trenz_async.testing.trenz import body_fields as f
from trenz_async.testing.trenz.envelope import new_request_id
from trenz_async.testing.trenz.keys import KeyStore
from trenz_async.testing.trenz.routing import Call, Reply, Route
from trenz_async.testing.trenz.storage import (
    IMAGE_BUCKET,
    PRESIGN_TTL,
    ObjectStore,
    StorageError,
    content_type_of,
    presign_view,
)
from trenz_async.testing.trenz.tasks import TaskStore

V1 = "/open/v1"
STORAGE_TEMPLATE = "/_storage/{bucket}/{key}"
CHUNK = 1 << 16
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,10}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
APP_ID_BASE = 10_000
TIER = "standard"


def file_name_of(call: Call) -> str:
    """Validate ``file_name``: a plain file name with an extension."""
    name = f.req_text(f.body_of(call), "file_name", max_len=255)
    if "/" in name or "\\" in name or _CONTROL.search(name):
        raise f.invalid("file_name must be a plain file name without path separators")
    if not _EXTENSION.search(name) or name.startswith("."):
        raise f.invalid("file_name must have an extension such as .mp4")
    return name


def image_file_name_of(call: Call) -> str:
    """Validate ``file_name`` for the image-search upload: an image type."""
    name = file_name_of(call)
    if not content_type_of(name).startswith("image/"):
        raise f.invalid("file_name must name an image (.jpg, .jpeg, .png, .webp)")
    return name


class GeneralApi:
    """The General operations over storage, tasks and the key store."""

    def __init__(self, storage: ObjectStore, tasks: TaskStore) -> None:
        self.storage = storage
        self.tasks = tasks

    def presigned_url(self, file_name: str) -> Reply:
        """Issue an upload URL for the publishing bucket."""
        return Reply(presign_view(self.storage.presign(file_name)))

    def image_presigned_url(self, file_name: str) -> Reply:
        """Issue an upload URL for the image-search bucket (answers ``os_key``)."""
        presign = self.storage.presign(file_name, IMAGE_BUCKET)
        return Reply(
            {
                "url": presign.url,
                "os_key": presign.key,
                "os_bucket": presign.bucket,
                "signed_url": presign.cdn_url,
                "content_type": presign.content_type,
                "expires_in": PRESIGN_TTL,
                "expires_at": presign.expires_at,
            }
        )

    @staticmethod
    def task_check(call: Call) -> tuple[str, str | None]:
        """Return the task id and the asking key's id."""
        return call.params["task_id"], call.key.key_id if call.key else None

    def task_status(self, checked: tuple[str, str | None]) -> Reply:
        """Answer the task's status (404 TASK_NOT_FOUND when unknown to this key)."""
        task_id, owner = checked
        return Reply(self.tasks.read(task_id, owner))

    @staticmethod
    def verify(call: Call) -> Reply:
        """Answer what the gateway knows of the calling key."""
        key = call.key
        number = int(key.key_id.rpartition("_")[2]) if key else 0
        return Reply(
            {
                "app_id": APP_ID_BASE + number,
                "tier": TIER,
                "credits_balance": key.balance if key else 0,
                "status": "active",
            }
        )


def general_routes(api: GeneralApi) -> list[Route]:
    """Return the General gateway routes bound to ``api``."""
    return [
        Route(
            "POST",
            f"{V1}/social/upload/presigned-url",
            "general",
            0,
            file_name_of,
            api.presigned_url,
            json_body=True,
        ),
        Route(
            "POST",
            f"{V1}/upload/presigned-url",
            "general",
            0,
            image_file_name_of,
            api.image_presigned_url,
            json_body=True,
        ),
        Route("GET", f"{V1}/tasks/{{task_id}}", "general", 0, api.task_check, api.task_status),
        Route("GET", f"{V1}/auth/verify", "general", 0, lambda call: call, api.verify),
    ]


class StorageHttp:
    """The aiohttp handler of ``/_storage/...``: faults, leak check, streamed PUT, journal."""

    def __init__(
        self,
        storage: ObjectStore,
        keys: KeyStore,
        faults: FaultEngine,
        journal: Journal,
        clock: SimClock,
    ) -> None:
        self.storage = storage
        self.keys = keys
        self.faults = faults
        self.journal = journal
        self.clock = clock

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Answer one storage request and journal it (the secret of a leaked key never is)."""
        now = self.clock.now()
        method, path = request.method, request.path
        leaked = _credential(request)
        key_id = None
        if leaked is not None:
            key_id = self.keys.key_id(leaked) or "unknown"
            self.journal.bump("storage credential leaks")
        rule = self.faults.pick(method, path)
        status: int | None = None
        try:
            response = await self._serve(request, rule)
            status = response.status
            return response
        except Dropped:
            raise web.HTTPException() from None  # never written: the transport is closed
        finally:
            query = {k: "***" if k == "api_key" else v for k, v in request.query.items()}
            self.journal.record(
                JournalEntry(
                    seq=self.journal.next_seq(),
                    time=now,
                    method=method,
                    path=path,
                    route=STORAGE_TEMPLATE,
                    query=query,
                    json=None,
                    key_id=key_id,
                    status=status,
                    fault=rule.describe() if rule else None,
                )
            )

    async def _serve(self, request: web.Request, rule: FaultRule | None) -> web.Response:
        if rule is not None:
            early = await _fault_before(request, rule)
            if early is not None:
                return early
        bucket, _, key = request.match_info["tail"].partition("/")
        if request.method != "PUT":
            error = StorageError(405, "MethodNotAllowed", "Only PUT is allowed on this URL")
            return _xml_error(error, bucket, key)
        try:
            presign = self.storage.admit(
                bucket,
                key,
                dict(request.query.items()),
                request.headers.get("Content-Type"),
                request.content_length,
            )
            size, sha256, md5 = await self._receive(request)
        except StorageError as error:
            return _xml_error(error, bucket, key)
        if request.rel_url.raw_query_string != presign.url.partition("?")[2]:
            self.journal.bump("storage URLs re-encoded")
        stored = self.storage.store(presign, size, sha256, md5)
        self.journal.bump("storage bytes", size)
        if rule is not None and rule.lose_response:
            _abort(request)
        return web.Response(status=200, headers={"ETag": stored.etag})

    async def _receive(self, request: web.Request) -> tuple[int, str, str]:
        """Stream the body, hashing it; over the cap raises EntityTooLarge; a cut body drops."""
        sha256, md5, size = hashlib.sha256(), hashlib.md5(usedforsecurity=False), 0
        try:
            async for chunk in request.content.iter_chunked(CHUNK):
                size += len(chunk)
                if size > self.storage.max_bytes:
                    raise self.storage.too_large()
                sha256.update(chunk)
                md5.update(chunk)
        except (ConnectionError, HttpProcessingError) as error:  # the body was cut short
            raise Dropped from error
        return size, sha256.hexdigest(), md5.hexdigest()


def _credential(request: web.Request) -> str | None:
    """Return an API key sent to storage (it never should be), or None."""
    key = request.headers.get("X-API-Key", "").strip()
    if key:
        return key
    auth = request.headers.get("Authorization", "")
    if auth.lower().startswith("bearer ") and auth[7:].strip():
        return auth[7:].strip()
    return request.query.get("api_key") or None


def _xml_error(error: StorageError, bucket: str, key: str) -> web.Response:
    request_id = new_request_id()
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{error.code}</Code><Message>{escape(error.message)}</Message>"
        f"<BucketName>{escape(bucket)}</BucketName><Key>{escape(key)}</Key>"
        f"<RequestId>{request_id}</RequestId></Error>"
    )
    return web.Response(
        status=error.status,
        text=body,
        content_type="application/xml",
        headers={"X-Request-Id": request_id},
    )
