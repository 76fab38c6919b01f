"""``trenz.files``: presign and streamed upload to the simulator's storage, over HTTP."""

from __future__ import annotations

import hashlib
import io
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.helpers import answer_with, sim_client
from trenz_async import TrenzClient, ValidationError
from trenz_async.errors import AmbiguousOutcomeError, StorageError, TransportError
from trenz_async.models import PresignedUpload, UploadedObject
from trenz_async.resources.general import upload_source as sources
from trenz_async.resources.general.upload_source import CHUNK_SIZE, INLINE_READ, upload_source
from trenz_async.testing import FaultRule

pytestmark = pytest.mark.anyio
MiB = 1024 * 1024
PRESIGN = "POST /open/v1/social/upload/presigned-url"
STORAGE = "PUT /_storage/*"


def _puts(sim: Any) -> list[Any]:
    return [e for e in sim.journal if e.method == "PUT"]


def _expire_the_first_url(sim: Any) -> None:
    """Have the next presigned URL expire before its PUT arrives (the later ones do not)."""
    original = sim.storage.presign

    def expired_first(*args: Any, **kwargs: Any) -> Any:
        sim.storage.presign = original
        presign = original(*args, **kwargs)
        sim.clock.advance(3601)
        return presign

    sim.storage.presign = expired_first


async def test_presign_answers_the_seeds_fields_and_expiry(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    before = time.time()
    presigned = await client.files.presign(file_name="my_video.mp4")
    assert isinstance(presigned, PresignedUpload)
    assert presigned.object_key.startswith("upload/my_video.mp4")
    assert presigned.s3_bucket == "data-datanebula-object"
    assert presigned.presigned_url.startswith(trenz_simulator.url)
    assert presigned.cdn_url
    assert presigned.expires_at is not None
    assert before + 3500 < presigned.expires_at < time.time() + 3700  # one hour
    assert trenz_simulator.journal[-1].json == {"file_name": "my_video.mp4"}


@pytest.mark.parametrize(
    "expires_at", [1767229200, 1767229200.5, 1767229200000, "2026-01-01T01:00:00Z"]
)
async def test_a_presign_expiry_is_read_as_unix_seconds_in_any_plausible_form(
    client: TrenzClient, trenz_simulator: Any, expires_at: Any
) -> None:
    # The seed shows presign without an expiry (only "valid for 1 hour"): a producer that
    # sends one may send seconds, a float, milliseconds or an ISO time.
    answer = {
        "presigned_url": f"{trenz_simulator.url}/_storage/b/k",
        "object_key": "upload/k",
        "s3_bucket": "b",
        "expires_at": expires_at,
    }
    answer_with(trenz_simulator, PRESIGN, {"data": answer})
    presigned = await client.files.presign(file_name="clip.mp4")
    assert presigned.expires_at == 1767229200


@pytest.mark.parametrize("name", ["", "  ", "noext", "dir/clip.mp4", "a\\b.mp4", 5])
async def test_presign_refuses_a_bad_file_name_before_sending(
    client: TrenzClient, trenz_simulator: Any, name: Any
) -> None:
    with pytest.raises(ValidationError) as caught:
        client.files.presign(file_name=name)
    assert caught.value.field == "file_name"
    assert trenz_simulator.journal == []


async def test_a_file_streamed_from_disk_arrives_whole_with_progress(
    client: TrenzClient, trenz_simulator: Any, tmp_path: Path
) -> None:
    data = bytes(range(256)) * (3 * MiB // 256) + b"tail"
    path = tmp_path / "clip.mp4"
    path.write_bytes(data)
    progress: list[tuple[int, int]] = []
    stored = await client.files.upload(path, on_progress=lambda s, t: progress.append((s, t)))
    assert isinstance(stored, UploadedObject)
    assert (stored.size, stored.content_type) == (len(data), "video/mp4")
    kept = trenz_simulator.stored_object(stored.bucket_name, stored.bucket_key)
    assert kept.size == len(data)
    assert kept.sha256 == hashlib.sha256(data).hexdigest()
    assert progress[0] == (0, len(data))
    assert progress[-1] == (len(data), len(data))
    assert len(progress) == 1 + -(-len(data) // CHUNK_SIZE)  # one report per chunk
    assert [s for s, _ in progress] == sorted(s for s, _ in progress)


async def test_a_presigned_url_is_put_exactly_as_issued(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    # Not re-quoted (a credential's %2F sent as /): a signer that hashes the raw query, as
    # some storage hosts and CDNs do, would refuse it.
    presigned = await client.files.presign(file_name="clip.mp4")
    assert "%2F" in presigned.presigned_url.partition("?")[2]
    await client.files.upload(b"x" * 1000, file_name="clip.mp4")
    assert [put.status for put in _puts(trenz_simulator)] == [200]
    assert trenz_simulator.storage_requoted == 0


async def test_the_storage_host_never_sees_the_api_key(
    client: TrenzClient, trenz_simulator: Any, trenz_api_key: str
) -> None:
    await client.files.upload(b"x" * 1000, file_name="a.mp4")
    put = _puts(trenz_simulator)[0]
    assert put.key_id is None
    assert trenz_simulator.storage_leaks == 0


@pytest.mark.parametrize("kind", ["bytes", "file", "stream"])
async def test_every_kind_of_source_uploads(
    client: TrenzClient, trenz_simulator: Any, kind: str
) -> None:
    data = b"abc" * 700_000

    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(data), 500_000):
            yield data[start : start + 500_000]

    sources = {"bytes": data, "file": io.BytesIO(data), "stream": chunks()}
    stored = await client.files.upload(
        sources[kind], file_name="clip.mov", size=len(data) if kind == "stream" else None
    )
    kept = trenz_simulator.stored_object(stored.bucket_name, stored.bucket_key)
    assert kept.sha256 == hashlib.sha256(data).hexdigest()
    assert kept.content_type == "video/quicktime"


async def test_an_expired_presign_is_renewed(client: TrenzClient, trenz_simulator: Any) -> None:
    presigned = await client.files.presign(file_name="late.mp4")
    trenz_simulator.clock.advance(2 * 3600)  # the storage clock passes the URL's hour
    stored = await client.files.upload(b"late" * 1000, file_name="late.mp4")
    assert stored.bucket_key != presigned.object_key
    statuses = [e.status for e in _puts(trenz_simulator)]
    assert statuses == [200]
    presigns = [e for e in trenz_simulator.journal if e.path.endswith("presigned-url")]
    assert len(presigns) == 2


async def test_a_url_that_expires_on_the_storage_host_is_presigned_again(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    _expire_the_first_url(trenz_simulator)
    stored = await client.files.upload(b"z" * 5000, file_name="b.mp4")
    assert [e.status for e in _puts(trenz_simulator)] == [403, 200]
    assert trenz_simulator.stored_object(stored.bucket_name, stored.bucket_key).size == 5000


async def test_on_presigned_is_told_where_the_file_goes_before_its_bytes_are_sent(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    told: list[tuple[str, int]] = []

    def on_presigned(record: PresignedUpload) -> None:
        told.append((record.object_key, len(_puts(trenz_simulator))))

    stored = await client.files.upload(b"y" * 3000, file_name="d.mp4", on_presigned=on_presigned)
    assert told == [(stored.bucket_key, 0)]  # before any PUT


async def test_on_presigned_is_told_again_when_an_expired_url_is_presigned_anew(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    _expire_the_first_url(trenz_simulator)
    told: list[tuple[str, int]] = []

    def on_presigned(record: PresignedUpload) -> None:
        told.append((record.object_key, len(_puts(trenz_simulator))))

    stored = await client.files.upload(b"z" * 5000, file_name="e.mp4", on_presigned=on_presigned)
    assert [e.status for e in _puts(trenz_simulator)] == [403, 200]
    assert len(told) == 2
    assert told[0][0] != stored.bucket_key
    assert told[1] == (stored.bucket_key, 1)  # the new key, before its PUT


async def test_an_on_presigned_that_raises_stops_the_upload_before_any_put(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    def refuse(record: PresignedUpload) -> None:
        raise RuntimeError("not there")

    with pytest.raises(RuntimeError, match="not there"):
        await client.files.upload(b"w" * 100, file_name="f.mp4", on_presigned=refuse)
    assert _puts(trenz_simulator) == []


async def test_storage_puts_are_retried_like_reads(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    trenz_simulator.add_fault(FaultRule(route=STORAGE, status=503, times=1))
    trenz_simulator.add_fault(FaultRule(route=STORAGE, lose_response=True, times=1))
    data = b"retry" * 100_000
    stored = await client.files.upload(data, file_name="c.mp4")
    assert len(_puts(trenz_simulator)) == 3
    kept = trenz_simulator.stored_object(stored.bucket_name, stored.bucket_key)
    assert kept.sha256 == hashlib.sha256(data).hexdigest()


async def test_presign_is_retried_and_a_stream_is_not_resent(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    trenz_simulator.add_fault(FaultRule(route=PRESIGN, status=503, times=1))
    trenz_simulator.add_fault(FaultRule(route=STORAGE, status=503, times=1))

    async def once() -> AsyncIterator[bytes]:
        yield b"only once"

    with pytest.raises(TransportError, match="read only once"):
        await client.files.upload(once(), file_name="d.mp4", size=9)
    assert len(_puts(trenz_simulator)) == 1


async def test_a_storage_refusal_is_a_storage_error(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    with pytest.raises(StorageError) as caught:
        await client.files.upload(b"{}", file_name="e.mp4", content_type="image/png")
    assert caught.value.status == 403
    assert caught.value.code == "SignatureDoesNotMatch"
    assert not isinstance(caught.value, AmbiguousOutcomeError)
    assert len(_puts(trenz_simulator)) == 1  # a 4xx is not retried


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"source": b""}, "source"),
        ({"source": b"x" * 2000, "file_name": "a.mp4", "max_size": 1000}, "source"),
        ({"source": b"x"}, "file_name"),
        ({"source": 42, "file_name": "a.mp4"}, "source"),
        ({"source": io.BytesIO(b"x"), "file_name": "a.mp4", "size": -1}, "size"),
        ({"source": b"x", "file_name": "a.mp4", "content_type": "mp4"}, "content_type"),
        ({"source": b"x", "file_name": "a.mp4", "timeout": 0}, "timeout"),
    ],
)
async def test_upload_refuses_bad_input_before_sending(
    client: TrenzClient, trenz_simulator: Any, arguments: dict[str, Any], field: str
) -> None:
    if field == "source" and arguments["source"] == b"":
        arguments = {**arguments, "file_name": "a.mp4"}
    with pytest.raises(ValidationError) as caught:
        client.files.upload(**arguments)
    assert caught.value.field == field
    assert trenz_simulator.journal == []


async def test_a_missing_path_is_refused(client: TrenzClient, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="existing file"):
        client.files.upload(tmp_path / "nope.mp4")


async def test_account_verify(
    client: TrenzClient, trenz_simulator: Any, trenz_api_key: str
) -> None:
    info = await client.account.verify()
    assert info.active
    assert info.credits_balance == trenz_simulator.balance(trenz_api_key)
    assert isinstance(info.app_id, int)


@pytest.mark.parametrize("kind", ["path", "file"])
async def test_uploads_reuse_their_connection(
    trenz_simulator: Any, trenz_api_key: str, tmp_path: Path, kind: str
) -> None:
    # The body stream ends at the known size: a writer still reading for the end of the
    # file when the storage host answers makes aiohttp close the connection instead.
    opened: list[object] = []

    async def on_create(*_: object) -> None:
        opened.append(None)

    trace = aiohttp.TraceConfig()
    trace.on_connection_create_end.append(on_create)
    path = tmp_path / "clip.mp4"
    path.write_bytes(b"v" * 5000)
    async with (
        aiohttp.ClientSession(trace_configs=[trace]) as session,
        sim_client(trenz_simulator, trenz_api_key, session=session) as trenz,
    ):
        for _ in range(6):
            if kind == "path":
                await trenz.files.upload(path)
            else:
                with path.open("rb") as handle:
                    await trenz.files.upload(handle, file_name="clip.mp4")
    assert len(_puts(trenz_simulator)) == 6
    assert len(opened) == 1


@pytest.mark.parametrize("size", [INLINE_READ, INLINE_READ + 1])
async def test_only_files_too_large_to_read_in_the_loop_are_read_in_a_thread(
    client: TrenzClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int
) -> None:
    hops: list[object] = []
    real = sources.anyio.to_thread.run_sync

    async def counted(fn: Any, *args: Any) -> Any:
        hops.append(fn)
        return await real(fn, *args)

    monkeypatch.setattr(sources.anyio.to_thread, "run_sync", counted)
    path = tmp_path / "clip.mp4"
    path.write_bytes(b"v" * size)
    stored = await client.files.upload(path)
    assert stored.size == size
    assert len(hops) == (0 if size <= INLINE_READ else 1)


@pytest.mark.parametrize("declared", [4999, 5001])
async def test_a_file_that_differs_from_its_declared_size_is_refused(
    client: TrenzClient, tmp_path: Path, declared: int
) -> None:
    path = tmp_path / "clip.mp4"
    path.write_bytes(b"v" * 5000)
    with path.open("rb") as handle, pytest.raises(TransportError) as caught:
        await client.files.upload(handle, file_name="clip.mp4", size=declared)
    assert ("grew past" if declared < 5000 else "ended after") in str(caught.value)


@pytest.mark.parametrize("now", [10, INLINE_READ])
async def test_a_small_file_that_changed_after_it_was_measured_is_refused_before_sending(
    client: TrenzClient, trenz_simulator: Any, tmp_path: Path, now: int
) -> None:
    path = tmp_path / "clip.mp4"
    path.write_bytes(b"v" * 100)
    source = upload_source(path)
    path.write_bytes(b"v" * now)
    expected = "ended after 10 of" if now < 100 else "grew past"
    with pytest.raises(TransportError, match=expected):
        source.stream(None)()


async def test_a_small_file_goes_out_whole_with_its_headers(
    client: TrenzClient, trenz_simulator: Any, tmp_path: Path
) -> None:
    data = bytes(range(256)) * 16
    path = tmp_path / "clip.mp4"
    path.write_bytes(data)
    assert upload_source(path).stream(None)() == data  # bytes: one write with the headers
    stored = await client.files.upload(path)
    assert trenz_simulator.stored_object(stored.bucket_name, stored.bucket_key).sha256 == (
        hashlib.sha256(data).hexdigest()
    )


async def test_a_file_cut_short_after_it_was_measured_is_refused(
    client: TrenzClient, tmp_path: Path
) -> None:
    path = tmp_path / "clip.mp4"
    path.write_bytes(b"v" * (CHUNK_SIZE + 10))
    source = upload_source(path)
    path.write_bytes(b"v" * 10)  # shorter than when its size was taken
    chunks = source.stream(None)()
    with pytest.raises(TransportError, match="ended after 10 of"):
        async for _ in chunks:
            pass
