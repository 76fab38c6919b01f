"""Presigned uploads: the presign route, the signed and expiring storage PUT, leaks and faults."""

from __future__ import annotations

import asyncio
import hashlib
import re
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import pytest

from tests.testing.conftest import Http
from trenz_async.testing import FaultRule, Simulator

PRESIGN = "/open/v1/social/upload/presigned-url"
STORAGE_ROUTE = "PUT /_storage/{bucket}/{key}"
pytestmark = pytest.mark.anyio


async def presign(http: Http, file_name: str = "my_video.mp4") -> dict[str, Any]:
    status, body = await http.post(PRESIGN, {"file_name": file_name})
    assert status == 200, body
    data: dict[str, Any] = body["data"]
    return data


async def put(
    http: Http, url: str, data: Any, content_type: str | None = "video/mp4", **headers: str
) -> tuple[int, dict[str, str], str]:
    sent = dict(headers)
    skip: tuple[str, ...] = ()
    if content_type is None:
        skip = ("Content-Type",)
    else:
        sent["Content-Type"] = content_type
    async with http.session.put(url, data=data, headers=sent, skip_auto_headers=skip) as r:
        return r.status, {k.lower(): v for k, v in r.headers.items()}, await r.text()


def xml_code(text: str) -> str:
    found = re.search(r"<Code>(\w+)</Code>", text)
    assert found, text
    return found.group(1)


async def test_presign_answers_the_seed_fields_and_expiry(http: Http) -> None:
    before = http.sim.clock.now()
    data = await presign(http)
    assert re.fullmatch(r"upload/my_video\.mp4_[0-9a-f]{16}", data["object_key"])
    assert data["s3_bucket"] == "data-datanebula-object"
    assert data["presigned_url"].startswith(f"{http.sim.url}/_storage/data-datanebula-object/")
    assert data["cdn_url"].startswith("https://oss-data.trenz.ai/upload%2Fmy_video.mp4_")
    assert (data["content_type"], data["expires_in"]) == ("video/mp4", 3600)
    assert int(before) + 3600 <= data["expires_at"] <= int(http.sim.clock.now()) + 3600
    assert http.sim.balance(http.key) == 1_000_000  # presign is free


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        ({}, "MISSING_PARAM", "file_name is required"),
        ({"file_name": ""}, "MISSING_PARAM", "file_name is required"),
        ({"file_name": 5}, "INVALID_PARAM", "file_name must be a non-empty string"),
        ({"file_name": "video"}, "INVALID_PARAM", "file_name must have an extension"),
        ({"file_name": ".mp4"}, "INVALID_PARAM", "file_name must have an extension"),
        ({"file_name": "dir/video.mp4"}, "INVALID_PARAM", "without path separators"),
        ({"file_name": "dir\\video.mp4"}, "INVALID_PARAM", "without path separators"),
    ],
)
async def test_presign_validation(http: Http, body: Any, code: str, message: str) -> None:
    status, answer = await http.post(PRESIGN, body)
    assert (status, answer["code"]) == (400, code)
    assert message in answer["message"]


async def test_put_stores_size_hash_and_type(http: Http) -> None:
    data = await presign(http)
    payload = b"\x00\x01video" * 1000
    status, headers, text = await put(http, data["presigned_url"], payload)
    assert (status, text) == (200, "")
    assert headers["etag"] == f'"{hashlib.md5(payload).hexdigest()}"'
    stored = http.sim.stored_object(data["s3_bucket"], data["object_key"])
    assert stored is not None
    assert (stored.size, stored.content_type) == (len(payload), "video/mp4")
    assert stored.sha256 == hashlib.sha256(payload).hexdigest()
    assert http.sim.storage.exists(data["s3_bucket"], data["object_key"])
    assert http.sim.storage_bytes == len(payload)
    entry = http.sim.journal[-1]
    assert (entry.method, entry.route, entry.status, entry.key_id) == (
        "PUT",
        "/_storage/{bucket}/{key}",
        200,
        None,
    )
    assert http.sim.counters[STORAGE_ROUTE] == 1


async def test_chunked_body_and_unusual_names(http: Http) -> None:
    data = await presign(http, "clip final?#1 é.MOV")
    assert data["content_type"] == "video/quicktime"

    async def chunks() -> AsyncIterator[bytes]:
        for n in range(5):
            yield bytes([n]) * 70_000

    status, _, _ = await put(http, data["presigned_url"], chunks(), "video/quicktime")
    assert status == 200
    stored = http.sim.stored_object(data["s3_bucket"], data["object_key"])
    assert stored is not None
    expected = b"".join(bytes([n]) * 70_000 for n in range(5))
    assert (stored.size, stored.sha256) == (len(expected), hashlib.sha256(expected).hexdigest())


async def test_re_put_replaces_the_object(http: Http) -> None:
    data = await presign(http)
    assert (await put(http, data["presigned_url"], b"first"))[0] == 200
    assert (await put(http, data["presigned_url"], b"second!"))[0] == 200
    stored = http.sim.stored_object(data["s3_bucket"], data["object_key"])
    assert stored is not None
    assert stored.size == 7
    assert http.sim.storage.total_bytes() == 7
    assert http.sim.storage_bytes == 12  # bytes received, both PUTs


async def test_bad_or_missing_signature(http: Http) -> None:
    data = await presign(http)
    url = data["presigned_url"]
    tampered = url[:-4] + ("0000" if not url.endswith("0000") else "1111")
    status, headers, text = await put(http, tampered, b"x")
    assert (status, xml_code(text)) == (403, "SignatureDoesNotMatch")
    assert headers["content-type"].startswith("application/xml")
    status, _, text = await put(http, url.split("?")[0], b"x")
    assert (status, xml_code(text)) == (403, "AccessDenied")
    other = url.replace("my_video.mp4_", "my_video.mp4_0")
    assert xml_code((await put(http, other, b"x"))[2]) == "SignatureDoesNotMatch"
    assert http.sim.stored_object(data["s3_bucket"], data["object_key"]) is None


async def test_url_expires_after_one_hour_of_sim_time(http: Http) -> None:
    data = await presign(http)
    http.sim.clock.advance(3500)
    assert (await put(http, data["presigned_url"], b"in time"))[0] == 200
    http.sim.clock.advance(200)
    status, _, text = await put(http, data["presigned_url"], b"too late")
    assert (status, xml_code(text)) == (403, "AccessDenied")
    assert "Request has expired" in text
    stored = http.sim.stored_object(data["s3_bucket"], data["object_key"])
    assert stored is not None
    assert stored.size == len(b"in time")


@pytest.mark.parametrize("content_type", ["video/quicktime", None])
async def test_content_type_must_match_the_file_name(http: Http, content_type: str | None) -> None:
    data = await presign(http)
    status, _, text = await put(http, data["presigned_url"], b"x", content_type)
    assert (status, xml_code(text)) == (403, "SignatureDoesNotMatch")
    assert "does not match the presigned Content-Type 'video/mp4'" in text
    assert (await put(http, data["presigned_url"], b"x", "Video/MP4; codecs=avc1"))[0] == 200


async def test_size_cap_by_length_and_by_stream() -> None:
    async with Simulator(storage_max_bytes=1000) as sim, aiohttp.ClientSession() as session:
        http = Http(session, sim, sim.create_api_key())
        data = await presign(http)
        status, _, text = await put(http, data["presigned_url"], b"x" * 1001)
        assert (status, xml_code(text)) == (400, "EntityTooLarge")

        async def chunks() -> AsyncIterator[bytes]:
            for _ in range(3):
                yield b"y" * 400

        status, _, text = await put(http, data["presigned_url"], chunks())
        assert (status, xml_code(text)) == (400, "EntityTooLarge")
        assert sim.stored_object(data["s3_bucket"], data["object_key"]) is None
        assert (await put(http, data["presigned_url"], b"z" * 1000))[0] == 200


@pytest.mark.parametrize("header", ["X-API-Key", "Authorization"])
async def test_api_key_sent_to_storage_is_a_recorded_leak(http: Http, header: str) -> None:
    data = await presign(http)
    value = http.key if header == "X-API-Key" else f"Bearer {http.key}"
    status, _, _ = await put(http, data["presigned_url"], b"x", **{header: value})
    assert status == 200
    assert http.sim.storage_leaks == 1
    assert http.sim.counters["storage credential leaks"] == 1
    assert http.sim.journal[-1].key_id == "key_1"
    assert http.key not in repr(http.sim.journal)


async def test_clean_put_is_no_leak(http: Http) -> None:
    data = await presign(http)
    await put(http, data["presigned_url"], b"x")
    assert http.sim.storage_leaks == 0


async def test_status_fault_on_storage_stores_nothing(http: Http) -> None:
    data = await presign(http)
    http.sim.add_fault(FaultRule(route="PUT /_storage/*", status=503, times=1))
    assert (await put(http, data["presigned_url"], b"x"))[0] == 503
    assert http.sim.stored_object(data["s3_bucket"], data["object_key"]) is None
    assert (await put(http, data["presigned_url"], b"x"))[0] == 200
    assert http.sim.journal[-2].fault is not None


async def test_lost_response_after_storing_stores_each_put(http: Http) -> None:
    # aiohttp re-sends an idempotent PUT once by itself after a dropped connection: two drops
    data = await presign(http)
    http.sim.add_fault(FaultRule(route="PUT /_storage/*", lose_response=True, times=2))
    with pytest.raises((aiohttp.ServerDisconnectedError, aiohttp.ClientOSError)):
        await put(http, data["presigned_url"], b"payload")
    stored = http.sim.stored_object(data["s3_bucket"], data["object_key"])
    assert stored is not None
    assert stored.size == 7
    assert http.sim.storage.total_bytes() == 7  # one object, replaced by the re-send
    assert http.sim.storage_bytes == 14
    assert [e.status for e in http.sim.journal[-2:]] == [None, None]


async def test_reset_fault_stores_nothing(http: Http) -> None:
    data = await presign(http)
    http.sim.add_fault(FaultRule(route="PUT /_storage/*", reset=True, times=2))
    with pytest.raises((aiohttp.ServerDisconnectedError, aiohttp.ClientOSError)):
        await put(http, data["presigned_url"], b"payload")
    assert http.sim.stored_object(data["s3_bucket"], data["object_key"]) is None


async def test_only_put_is_allowed(http: Http) -> None:
    data = await presign(http)
    async with http.session.get(data["presigned_url"]) as r:
        assert (r.status, xml_code(await r.text())) == (405, "MethodNotAllowed")


async def test_image_search_presign_answers_os_key(http: Http) -> None:
    status, body = await http.post("/open/v1/upload/presigned-url", {"file_name": "shoe.png"})
    assert status == 200
    data = body["data"]
    assert data["os_key"].startswith("upload/shoe.png_")
    assert data["os_bucket"] == "trenz-image-search"
    assert (await put(http, data["url"], b"png", "image/png"))[0] == 200
    assert http.sim.storage.find_key(data["os_key"]) is not None
    status, body = await http.post("/open/v1/upload/presigned-url", {"file_name": "a.mp4"})
    assert (status, body["code"]) == (400, "INVALID_PARAM")


async def test_object_keys_are_stable_for_a_seed() -> None:
    keys = []
    for _ in range(2):
        async with Simulator(seed=9) as sim, aiohttp.ClientSession() as session:
            http = Http(session, sim, sim.create_api_key())
            keys.append([(await presign(http, f"v{n}.mp4"))["object_key"] for n in range(3)])
    assert keys[0] == keys[1]


async def test_body_cut_short_stores_nothing(http: Http) -> None:
    data = await presign(http)
    url = urlsplit(data["presigned_url"])
    _, writer = await asyncio.open_connection(url.hostname, url.port)
    head = (
        f"PUT {url.path}?{url.query} HTTP/1.1\r\nHost: sim\r\nContent-Type: video/mp4\r\n"
        "Content-Length: 1000\r\n\r\n"
    )
    writer.write(head.encode() + b"x" * 100)
    await writer.drain()
    writer.close()
    await writer.wait_closed()
    for _ in range(100):
        if http.sim.journal[-1].route == "/_storage/{bucket}/{key}":
            break
        await asyncio.sleep(0.01)
    assert http.sim.journal[-1].status is None
    assert http.sim.stored_object(data["s3_bucket"], data["object_key"]) is None
    assert http.sim.storage_bytes == 0


async def test_unknown_extension_wants_octet_stream(http: Http) -> None:
    data = await presign(http, "notes.qqq")
    assert data["content_type"] == "application/octet-stream"
    assert (await put(http, data["presigned_url"], b"x", "application/octet-stream"))[0] == 200
