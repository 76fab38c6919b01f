"""Object storage behind the presigned upload URLs (seed "File Upload", catalogue §6).

The simulator plays the storage host (Volcengine TOS in production) itself, outside the
gateway: a presigned URL points to
``PUT {sim.url}/_storage/{bucket}/{object_key}?credential=<c>&expires=<unix>&signature=<hex>``.
As with real object stores, the credential's slashes are percent-encoded (``%2F``), and the
signature (an HMAC-SHA256 with a secret of this simulator) covers the canonical query, as S3
computes it from the decoded parameters: ``"PUT\\n{bucket}\\n{key}\\ncredential=..&expires=.."``.
A PUT whose query is not byte for byte the one issued (re-quoted on the way) is still stored,
and counted as ``storage URLs re-encoded``: a signer that hashes the raw query would refuse
it. The URL expires one hour (simulator clock) after it was issued.

Upload lifecycle of one object key (h11-style; checks in this order, first failure answers):

==============  =============================================================================
state           what a ``PUT`` gets
==============  =============================================================================
issued          signature bad or missing -> 403 ``SignatureDoesNotMatch`` / ``AccessDenied``;
                clock past ``expires`` -> 403 ``AccessDenied`` "Request has expired";
                ``Content-Type`` missing or not the presigned type -> 403
                ``SignatureDoesNotMatch`` (message names both types);
                ``Content-Length`` or streamed bytes above the cap -> 400 ``EntityTooLarge``;
                else -> stored (200, ``ETag``)
stored          the same checks; a valid re-PUT replaces the object (idempotent)
==============  =============================================================================

The body is streamed and hashed chunk by chunk; only its size, SHA-256, MD5 (the ``ETag``),
content type and put time are kept, never the bytes.
"""

from __future__ import annotations

import hashlib
import hmac
import mimetypes
import random
import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import attrs

BUCKET = "data-datanebula-object"
IMAGE_BUCKET = "trenz-image-search"
CDN_BASE = "https://oss-data.trenz.ai"
PRESIGN_TTL = 3600
ACCESS_KEY_ID = "AKLTSIMULATOR"
"""The access key id a presigned URL's credential names (its secret is per simulator)."""
DEFAULT_MAX_BYTES = 4 * 1024**3  # TikTok's cap quoted by the seed
OCTET_STREAM = "application/octet-stream"


class StorageError(Exception):
    """An S3-style refusal: HTTP ``status``, ``code`` (e.g. ``AccessDenied``) and ``message``."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.status, self.code, self.message = status, code, message


@attrs.frozen
class Presign:
    """One issued upload URL: where it may write, which type, until when (unix seconds)."""

    bucket: str
    key: str
    file_name: str
    content_type: str
    expires_at: int
    url: str
    cdn_url: str


@attrs.frozen
class StoredObject:
    """What storage keeps of an uploaded object (not its bytes)."""

    bucket: str
    key: str
    size: int
    sha256: str
    md5: str
    content_type: str
    put_at: float

    @property
    def etag(self) -> str:
        """The ``ETag`` answered for the PUT: the quoted MD5 hex, as S3 does."""
        return f'"{self.md5}"'


def content_type_of(file_name: str) -> str:
    """Return the type a PUT of ``file_name`` must declare (``mimetypes``; else octet-stream)."""
    guessed, _ = mimetypes.guess_type(file_name)
    return guessed or OCTET_STREAM


def _bare_type(value: str) -> str:
    return value.split(";", 1)[0].strip().lower()


class ObjectStore:
    """Issued presigns and stored objects of one simulator, keyed by ``(bucket, key)``."""

    def __init__(
        self,
        seed: int,
        now: Callable[[], float],
        base_url: Callable[[], str],
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        if max_bytes < 0:
            raise ValueError("storage_max_bytes must be >= 0")
        self.max_bytes = max_bytes
        self._now = now
        self._base_url = base_url
        self._rng = random.Random(f"storage:{seed}")
        self._secret = secrets.token_bytes(32)
        self._issued: dict[tuple[str, str], Presign] = {}
        self._objects: dict[tuple[str, str], StoredObject] = {}

    # -- issuing ---------------------------------------------------------------------------

    def presign(self, file_name: str, bucket: str = BUCKET) -> Presign:
        """Issue an upload URL for a new key ``upload/<file_name>_<16 hex>`` in ``bucket``."""
        while True:
            key = f"upload/{file_name}_{self._rng.getrandbits(64):016x}"
            if (bucket, key) not in self._issued:
                break
        expires_at = int(self._now()) + PRESIGN_TTL
        credential = f"{ACCESS_KEY_ID}/{int(self._now()) // 86400}/tos/request"
        signature = self._sign(bucket, key, credential, str(expires_at))
        query = f"{_canonical(credential, str(expires_at))}&signature={signature}"
        presign = Presign(
            bucket=bucket,
            key=key,
            file_name=file_name,
            content_type=content_type_of(file_name),
            expires_at=expires_at,
            url=f"{self._base_url()}/_storage/{bucket}/{quote(key, safe='/')}?{query}",
            cdn_url=f"{CDN_BASE}/{quote(key, safe='')}",
        )
        self._issued[(bucket, key)] = presign
        return presign

    def _sign(self, bucket: str, key: str, credential: str, expires: str) -> str:
        message = f"PUT\n{bucket}\n{key}\n{_canonical(credential, expires)}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    # -- checking a PUT ----------------------------------------------------------------------

    def admit(
        self,
        bucket: str,
        key: str,
        query: dict[str, str],
        content_type: str | None,
        content_length: int | None,
    ) -> Presign:
        """Check a PUT's signature, expiry, type and declared size; raise StorageError."""
        expires, signature = query.get("expires"), query.get("signature")
        if not expires or not signature:
            raise StorageError(403, "AccessDenied", "Request is missing expires or signature")
        presign = self._issued.get((bucket, key))
        credential = query.get("credential", "")
        expected = self._sign(bucket, key, credential, expires) if expires.isdigit() else ""
        if presign is None or not hmac.compare_digest(expected, signature):
            raise StorageError(
                403,
                "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided",
            )
        if self._now() > int(expires):
            raise StorageError(403, "AccessDenied", "Request has expired")
        if content_type is None or _bare_type(content_type) != presign.content_type:
            sent = "no Content-Type" if content_type is None else f"Content-Type {content_type!r}"
            raise StorageError(
                403,
                "SignatureDoesNotMatch",
                f"{sent} does not match the presigned Content-Type {presign.content_type!r}",
            )
        if content_length is not None and content_length > self.max_bytes:
            raise self.too_large()
        return presign

    def too_large(self) -> StorageError:
        """Return the refusal of a body above the cap."""
        return StorageError(
            400,
            "EntityTooLarge",
            f"Your proposed upload exceeds the maximum allowed size of {self.max_bytes} bytes",
        )

    def store(self, presign: Presign, size: int, sha256: str, md5: str) -> StoredObject:
        """Record an uploaded object (replacing one at the same key) and return it."""
        stored = StoredObject(
            bucket=presign.bucket,
            key=presign.key,
            size=size,
            sha256=sha256,
            md5=md5,
            content_type=presign.content_type,
            put_at=self._now(),
        )
        self._objects[(presign.bucket, presign.key)] = stored
        return stored

    # -- queries (publishing, check-info, image search and tests use these) --------------------

    def exists(self, bucket: str, key: str) -> bool:
        """Return whether an object was uploaded at ``bucket``/``key``."""
        return (bucket, key) in self._objects

    def get(self, bucket: str, key: str) -> StoredObject | None:
        """Return the stored object at ``bucket``/``key``, or None."""
        return self._objects.get((bucket, key))

    def find_key(self, key: str) -> StoredObject | None:
        """Return the object stored at ``key`` in any bucket (first found), or None."""
        for (_, stored_key), stored in self._objects.items():
            if stored_key == key:
                return stored
        return None

    def presigned(self, bucket: str, key: str) -> Presign | None:
        """Return the presign issued for ``bucket``/``key``, or None."""
        return self._issued.get((bucket, key))

    def objects(self) -> list[StoredObject]:
        """Return every stored object, in upload order of their keys."""
        return list(self._objects.values())

    def total_bytes(self) -> int:
        """Return the bytes currently stored (re-PUTs replace, so they are counted once)."""
        return sum(stored.size for stored in self._objects.values())


def _canonical(credential: str, expires: str) -> str:
    """The query a signature covers, percent-encoded the one way S3 does."""
    return f"credential={quote(credential, safe='')}&expires={quote(expires, safe='')}"


def presign_view(presign: Presign) -> dict[str, Any]:
    """Return the ``data`` of ``POST /open/v1/social/upload/presigned-url``."""
    return {
        "presigned_url": presign.url,
        "object_key": presign.key,
        "s3_bucket": presign.bucket,
        "cdn_url": presign.cdn_url,
        "content_type": presign.content_type,
        "expires_in": PRESIGN_TTL,
        "expires_at": presign.expires_at,
    }
