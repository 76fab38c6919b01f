"""Content routes: every path, its body checks, billing, task results and the sync answers."""

from __future__ import annotations

import math
from typing import Any

import aiohttp
import pytest

from tests.testing.conftest import Http
from trenz_async.testing import FaultRule
from trenz_async.testing.trenz.content_routes import OPERATIONS

V1 = "/open/v1"
URL = "https://cdn.example.com/clip.mp4"
IMG = "https://cdn.example.com/face.jpg"
pytestmark = pytest.mark.anyio

#: path -> (a minimal valid body, the keys its task result must have)
ASYNC_CASES: dict[str, tuple[dict[str, Any], set[str]]] = {
    "ai/videos/content-analysis": ({"video_url": URL}, {"summary", "hook", "scenes", "tags"}),
    "ai/videos/scripts/breakdown": ({"video_url": URL}, {"scenes", "script"}),
    "ai/videos/scripts/breakdown-v2": ({"video_url": URL}, {"script", "selling_points"}),
    "ai/videos/storyboard-breakdown": ({"video_url": URL}, {"scenes", "shots"}),
    "ai/products/description": ({"product_info": "Bamboo desk lamp, USB-C"}, {"text"}),
    "ai/products/title": ({"product_info": "Bamboo desk lamp"}, {"titles"}),
    "ai/products/review-analysis": ({}, {"positive_points", "negative_points", "sentiment_score"}),
    "ai/images/generate": ({"prompt": "a lamp", "n": 2}, {"images"}),
    "ai/videos/subtitle-removal": ({"video_url": URL}, {"video_url", "duration"}),
    "ai/videos/seedance-pro-fast": ({"prompt": "p"}, {"video_url", "cover_url", "duration"}),
    "ai/videos/seedance-pro": ({"prompt": "p"}, {"video_url"}),
    "ai/videos/clone": ({"video_url": URL, "product_image_urls": [IMG]}, {"video_url"}),
    "ai/videos/grok": ({"prompt": "p"}, {"video_url"}),
    "ai/videos/sora2-pro": ({"prompt": "p", "duration": 12}, {"video_url"}),
    "ai/videos/sora2": ({"prompt": "p"}, {"video_url"}),
    "ai/videos/super-resolution": ({"video_url": URL, "target_resolution": "4k"}, {"video_url"}),
    "ai/videos/veo3": ({"prompt": "p", "aspect_ratio": "9:16"}, {"video_url"}),
    "ai/videos/wan2.6": ({"prompt": "p", "image_url": IMG}, {"video_url"}),
    "ai/avatar/photo-analysis": ({"image_url": IMG}, {"face_count", "suitable"}),
    "ai/avatar/talking-photo": ({"image_url": IMG, "script": "Hello there"}, {"video_url"}),
    "ai/videos/transcription": ({"video_url": URL, "language": "en"}, {"text", "segments"}),
}
COSTS = {op.path: op.cost for op in OPERATIONS}


def test_the_table_has_the_24_seed_endpoints() -> None:
    assert len(OPERATIONS) == 24
    assert len({op.path for op in OPERATIONS}) == 24
    assert len({op.kind for op in OPERATIONS}) == 24
    synchronous = {op.path for op in OPERATIONS if op.duration is None}
    assert synchronous == {f"{V1}/{p}" for p in ("materials/image-search", "materials/search")} | {
        f"{V1}/ai/text/embedding"
    }
    assert {f"{V1}/{p}" for p in ASYNC_CASES} == {op.path for op in OPERATIONS} - synchronous


async def product_body(http: Http) -> dict[str, str]:
    _, _, body = await http.get(f"{V1}/products/search", country="us", page_size=1)
    return {"product_id": body["data"]["items"][0]["id"], "country": "us"}


@pytest.mark.parametrize("path", sorted(ASYNC_CASES))
async def test_async_route_charges_and_finishes_with_its_result(http: Http, path: str) -> None:
    body, keys = ASYNC_CASES[path]
    if path.endswith("review-analysis"):
        body = await product_body(http)
    before = http.sim.balance(http.key)
    status, answer = await http.post(f"{V1}/{path}", body)
    assert status == 200, answer
    assert answer["usage"]["coin_cost"] == COSTS[f"{V1}/{path}"]
    assert http.sim.balance(http.key) == before - COSTS[f"{V1}/{path}"]
    task_id = answer["data"]["task_id"]
    http.sim.clock.advance(181)
    _, _, read = await http.get(f"{V1}/tasks/{task_id}")
    assert read["data"]["status"] == "success", read
    assert keys <= set(read["data"]["result"])


@pytest.mark.parametrize(
    ("path", "body", "code", "message"),
    [
        ("ai/videos/content-analysis", {}, "MISSING_PARAM", "video_url is required"),
        ("ai/videos/content-analysis", {"video_url": "ftp://x/a"}, "INVALID_PARAM", "video_url"),
        ("ai/videos/content-analysis", {"video_url": 3}, "INVALID_PARAM", "http or https URL"),
        ("ai/products/description", {}, "MISSING_PARAM", "product_id is required"),
        ("ai/products/title", {"product_id": "123"}, "MISSING_PARAM", "country is required"),
        (
            "ai/products/title",
            {"product_id": "123", "country": "US"},
            "INVALID_PARAM",
            "country must be one of: us",
        ),
        ("ai/products/title", {"product_id": 123, "country": "us"}, "INVALID_PARAM", "digits"),
        (
            "ai/products/description",
            {"product_info": "x", "product_id": "1", "country": "us"},
            "INVALID_PARAM",
            "either product_info or product_id",
        ),
        ("ai/products/review-analysis", {"country": "us"}, "MISSING_PARAM", "product_id"),
        ("ai/images/generate", {"prompt": "  "}, "INVALID_PARAM", "prompt must be a non-empty"),
        ("ai/images/generate", {"prompt": "a", "n": 5}, "INVALID_PARAM", "n must be an integer"),
        ("ai/images/generate", {"prompt": "a", "n": True}, "INVALID_PARAM", "n must be"),
        ("ai/images/generate", {"prompt": "a", "aspect_ratio": "2:1"}, "INVALID_PARAM", "1:1"),
        ("ai/images/generate", {"prompt": "a", "image_urls": "x"}, "INVALID_PARAM", "image_urls"),
        (
            "ai/images/generate",
            {"prompt": "a", "image_urls": [IMG, "nope"]},
            "INVALID_PARAM",
            "image_urls[1]",
        ),
        ("ai/videos/veo3", {"prompt": "a", "duration": 5}, "INVALID_PARAM", "8 for veo3"),
        ("ai/videos/sora2", {"prompt": "a", "aspect_ratio": "1:1"}, "INVALID_PARAM", "aspect"),
        ("ai/videos/sora2", {"prompt": "a", "resolution": "1080p"}, "INVALID_PARAM", "720p"),
        ("ai/videos/grok", {}, "MISSING_PARAM", "prompt is required"),
        ("ai/videos/grok", {"prompt": "x" * 2001}, "INVALID_PARAM", "at most 2000"),
        (
            "ai/videos/super-resolution",
            {"video_url": URL, "target_resolution": "8k"},
            "INVALID_PARAM",
            "target_resolution",
        ),
        ("ai/avatar/photo-analysis", {}, "MISSING_PARAM", "image_url is required"),
        (
            "ai/avatar/talking-photo",
            {"image_url": IMG},
            "MISSING_PARAM",
            "script or audio_url is required",
        ),
        (
            "ai/avatar/talking-photo",
            {"image_url": IMG, "script": "hi", "audio_url": URL},
            "INVALID_PARAM",
            "exactly one of script or audio_url",
        ),
        ("ai/videos/transcription", {"video_url": URL, "language": "xx"}, "INVALID_PARAM", "en"),
        ("ai/text/embedding", {}, "MISSING_PARAM", "text or texts is required"),
        ("ai/text/embedding", {"texts": []}, "INVALID_PARAM", "list of 1 to 100"),
        ("ai/text/embedding", {"texts": ["a"] * 101}, "INVALID_PARAM", "1 to 100"),
        ("ai/text/embedding", {"texts": ["a", ""]}, "INVALID_PARAM", "texts[1]"),
        ("materials/search", {}, "MISSING_PARAM", "keyword is required"),
        ("materials/search", {"keyword": "lamp", "page_size": 51}, "PAGE_SIZE_EXCEEDED", "50"),
        ("materials/search", {"keyword": "lamp", "page": 0}, "INVALID_PARAM", "page must be"),
        ("materials/image-search", {}, "MISSING_PARAM", "image_url or os_key"),
        (
            "materials/image-search",
            {"image_url": IMG, "country": "us"},
            "INVALID_PARAM",
            "country must be one of: US",
        ),
        ("materials/image-search", {"os_key": "upload/x.png_1"}, "INVALID_PARAM", "os_key"),
    ],
)
async def test_body_validation_is_free(
    http: Http, path: str, body: dict[str, Any], code: str, message: str
) -> None:
    status, answer = await http.post(f"{V1}/{path}", body)
    assert (status, answer["code"]) == (400, code), answer
    assert message in answer["message"]
    assert http.sim.balance(http.key) == 1_000_000
    assert http.sim.tasks_submitted() == 0


async def test_non_object_body_is_bad_request(http: Http) -> None:
    status, answer = await http.post(f"{V1}/ai/videos/grok", ["prompt"])
    assert (status, answer["code"]) == (400, "BAD_REQUEST")


async def test_content_scope_is_required(http: Http) -> None:
    key = http.sim.create_api_key(scopes=("data", "general"))
    status, answer = await http.post(f"{V1}/ai/videos/grok", {"prompt": "x"}, key=key)
    assert (status, answer["code"]) == (403, "FORBIDDEN_SCOPE")


@pytest.mark.parametrize(
    ("style", "code"), [("A", "INSUFFICIENT_BALANCE"), ("B", "INSUFFICIENT_CREDITS")]
)
async def test_generation_needs_the_balance(http: Http, style: str, code: str) -> None:
    key = http.sim.create_api_key(balance=49, usage_style=style)
    status, answer = await http.post(f"{V1}/ai/videos/sora2", {"prompt": "x"}, key=key)
    assert (status, answer["code"]) == (402, code)
    assert http.sim.tasks_submitted(key) == 0
    assert http.sim.balance(key) == 49


async def test_unknown_product_task_fails_upstream(http: Http) -> None:
    body = {"product_id": "1", "country": "us"}
    _, answer = await http.post(f"{V1}/ai/products/review-analysis", body)
    http.sim.clock.advance(21)
    _, _, read = await http.get(f"{V1}/tasks/{answer['data']['task_id']}")
    assert read["data"]["status"] == "failed"
    assert read["data"]["error_message"] == "Product 1 not found in market us"


async def test_copywriting_reads_the_data_product(http: Http) -> None:
    body = await product_body(http)
    _, _, detail = await http.get(f"{V1}/products/{body['product_id']}", country="us")
    name = detail["data"]["items"][0]["product_name"]
    _, answer = await http.post(f"{V1}/ai/products/title", body)
    http.sim.finish_task(answer["data"]["task_id"])
    _, _, read = await http.get(f"{V1}/tasks/{answer['data']['task_id']}")
    titles = read["data"]["result"]["titles"]
    assert len(titles) == 5
    assert all(title.startswith(name) for title in titles)


async def test_video_result_reflects_the_request(http: Http) -> None:
    body = {"prompt": "p", "duration": 10, "aspect_ratio": "1:1", "resolution": "480p"}
    _, answer = await http.post(f"{V1}/ai/videos/wan2.6", body)
    http.sim.finish_task(answer["data"]["task_id"])
    _, _, read = await http.get(f"{V1}/tasks/{answer['data']['task_id']}")
    result = read["data"]["result"]
    assert (result["duration"], result["aspect_ratio"], result["resolution"]) == (10, "1:1", "480p")
    assert result["model"] == "wan2.6"


async def test_text_embedding_is_sync_unit_and_stable(http: Http) -> None:
    status, one = await http.post(f"{V1}/ai/text/embedding", {"text": "desk lamp"})
    assert status == 200
    assert one["usage"]["coin_cost"] == 1
    data = one["data"]
    assert (data["dimensions"], len(data["embeddings"])) == (256, 1)
    vector = data["embeddings"][0]
    assert len(vector) == 256
    assert math.isclose(math.sqrt(sum(x * x for x in vector)), 1.0, abs_tol=1e-4)
    _, many = await http.post(f"{V1}/ai/text/embedding", {"texts": ["a", "desk lamp"]})
    assert many["data"]["embeddings"][1] == vector
    assert many["data"]["embeddings"][0] != vector


async def test_material_search_pages_one_stable_list(http: Http) -> None:
    path = f"{V1}/materials/search"
    _, big = await http.post(path, {"keyword": "lamp", "page_size": 20})
    _, second = await http.post(path, {"keyword": "lamp", "page": 2, "page_size": 10})
    assert second["data"]["items"] == big["data"]["items"][10:20]
    assert (second["page"], second["page_size"]) == (2, 10)
    assert second["total"] == second["data"]["total_count"] == big["data"]["total_count"]
    item = big["data"]["items"][0]
    assert set(item) >= {"material_id", "type", "title", "url", "cover_url", "score"}
    last = -(-big["data"]["total_count"] // 10) + 1
    _, beyond = await http.post(path, {"keyword": "lamp", "page": last})
    assert beyond["data"]["items"] == []
    assert beyond["warnings"]


async def test_image_search_by_url_and_by_uploaded_os_key(http: Http) -> None:
    path = f"{V1}/materials/image-search"
    status, answer = await http.post(path, {"image_url": IMG})
    assert status == 200
    items = answer["data"]["items"]
    assert len(items) == 10
    assert [i["similarity"] for i in items] == sorted(
        (i["similarity"] for i in items), reverse=True
    )
    _, presign = await http.post(f"{V1}/upload/presigned-url", {"file_name": "shoe.jpg"})
    url, os_key = presign["data"]["url"], presign["data"]["os_key"]
    status, _ = await http.post(path, {"os_key": os_key})
    assert status == 400  # not uploaded yet
    headers = {"Content-Type": "image/jpeg"}
    async with http.session.put(url, data=b"jpeg", headers=headers) as r:
        assert r.status == 200
    status, answer = await http.post(path, {"os_key": os_key, "country": "GB", "page_size": 3})
    assert status == 200
    assert len(answer["data"]["items"]) == 3


async def test_lost_response_on_a_generation_acts_once(http: Http) -> None:
    path = f"{V1}/ai/images/generate"
    http.sim.add_fault(FaultRule(route=f"POST {path}", lose_response=True, times=1))
    with pytest.raises((aiohttp.ServerDisconnectedError, aiohttp.ClientOSError)):
        await http.post(path, {"prompt": "a lamp"})
    assert http.sim.tasks_submitted() == 1
    assert http.sim.balance(http.key) == 1_000_000 - 10
