"""Every Content rule refuses bad input before anything is sent, naming the field and rule."""

from __future__ import annotations

from typing import Any

import pytest

from tests.content.support import AUDIO, IMAGE, VIDEO
from trenz_async import TrenzClient
from trenz_async.errors import UnexpectedArgumentError, ValidationError

pytestmark = pytest.mark.anyio
LONG_URL = "https://cdn.example.com/" + "a" * 4080

#: (namespace.method, arguments, field named, words of the rule)
CASES: list[tuple[str, dict[str, Any], str, str]] = [
    # URL shape
    ("analysis.video_content", {"video_url": "ftp://cdn.example.com/a.mp4"}, "video_url", "http"),
    ("analysis.video_content", {"video_url": "https://"}, "video_url", "with a host"),
    ("analysis.video_content", {"video_url": "cdn.example.com/a.mp4"}, "video_url", "http"),
    ("analysis.video_content", {"video_url": "https://x.com/my clip.mp4"}, "video_url", "spaces"),
    ("analysis.video_content", {"video_url": "https://x.com/a\n.mp4"}, "video_url", "spaces"),
    ("analysis.video_content", {"video_url": LONG_URL}, "video_url", "at most 4096"),
    ("analysis.video_content", {"video_url": "http://[::1"}, "video_url", "http"),
    ("analysis.video_content", {"video_url": 42}, "video_url", "http"),
    ("avatar.photo_analysis", {"image_url": "file:///tmp/face.jpg"}, "image_url", "http"),
    # required
    ("analysis.video_content", {"video_url": ""}, "video_url", "http"),
    ("analysis.script_breakdown", {"video_url": None}, "video_url", "http"),
    ("analysis.script_breakdown_v2", {"video_url": ""}, "video_url", "http"),
    ("analysis.storyboard_breakdown", {"video_url": ""}, "video_url", "http"),
    ("images.remove_subtitles", {"video_url": ""}, "video_url", "http"),
    ("tools.transcription", {"video_url": ""}, "video_url", "http"),
    ("videos.clone", {"video_url": None}, "video_url", "http"),
    ("videos.super_resolution", {"video_url": ""}, "video_url", "http"),
    ("videos.sora2", {"prompt": ""}, "prompt", "non-empty"),
    ("videos.veo3", {"prompt": "   "}, "prompt", "non-empty"),
    ("images.generate", {"prompt": None}, "prompt", "non-empty"),
    ("materials.search", {"keyword": ""}, "keyword", "non-empty"),
    ("copywriting.review_analysis", {"product_id": "", "country": "us"}, "product_id", "digits"),
    # per-model enums
    ("videos.veo3", {"prompt": "p", "duration": 10}, "duration", "one of 8 for veo3"),
    ("videos.seedance_pro", {"prompt": "p", "duration": 6}, "duration", "5, 10 for seedance-pro"),
    ("videos.wan", {"prompt": "p", "duration": 8}, "duration", "5, 10, 15 for wan2.6"),
    ("videos.wan", {"prompt": "p", "duration": True}, "duration", "one of"),
    ("videos.grok", {"prompt": "p", "duration": "6"}, "duration", "one of 6, 10"),
    ("videos.sora2", {"prompt": "p", "resolution": "1080p"}, "resolution", "720p for sora2"),
    ("videos.grok", {"prompt": "p", "resolution": "1080p"}, "resolution", "720p, 480p for grok"),
    ("videos.sora2_pro", {"prompt": "p", "aspect_ratio": "1:1"}, "aspect_ratio", "16:9, 9:16"),
    ("videos.seedance_pro_fast", {"prompt": "p", "aspect_ratio": "4:3"}, "aspect_ratio", "1:1"),
    ("videos.grok", {"prompt": "p", "image_url": "cdn.example.com/a.png"}, "image_url", "http"),
    ("videos.super_resolution", {"video_url": VIDEO, "target_resolution": "8k"},
     "target_resolution", "1080p, 2k, 4k"),
    ("images.generate", {"prompt": "p", "aspect_ratio": "2:1"}, "aspect_ratio", "3:4"),
    ("images.generate", {"prompt": "p", "n": 0}, "n", "between 1 and 4"),
    ("images.generate", {"prompt": "p", "n": 5}, "n", "between 1 and 4"),
    ("images.generate", {"prompt": "p", "n": True}, "n", "integer"),
    ("tools.transcription", {"video_url": VIDEO, "language": "english"}, "language", "en, es"),
    ("materials.image_search", {"image_url": IMAGE, "country": "XX"}, "country", "US"),
    ("copywriting.review_analysis", {"product_id": "1", "country": "zz"}, "country", "us"),
    # lengths and list sizes
    ("videos.sora2", {"prompt": "x" * 2001}, "prompt", "at most 2000"),
    ("images.generate", {"prompt": "x" * 2001}, "prompt", "at most 2000"),
    ("videos.clone", {"video_url": VIDEO, "prompt": "x" * 2001}, "prompt", "at most 2000"),
    ("avatar.talking_photo", {"image_url": IMAGE, "script": "x" * 2001}, "script", "2000"),
    ("copywriting.product_title", {"product_info": "x" * 5001}, "product_info", "at most 5000"),
    ("materials.search", {"keyword": "x" * 201}, "keyword", "at most 200"),
    ("tools.text_embedding", {"text": "x" * 8193}, "text", "at most 8192"),
    ("tools.text_embedding", {"texts": []}, "texts", "1 to 100"),
    ("tools.text_embedding", {"texts": ["t"] * 101}, "texts", "1 to 100"),
    ("tools.text_embedding", {"texts": ["ok", "  "]}, "texts[1]", "non-empty"),
    ("tools.text_embedding", {"texts": ["ok", "x" * 8193]}, "texts[1]", "at most 8192"),
    ("tools.text_embedding", {"texts": "one string"}, "texts", "list"),
    ("images.generate", {"prompt": "p", "image_urls": []}, "image_urls", "1 to 10"),
    ("images.generate", {"prompt": "p", "image_urls": [IMAGE] * 11}, "image_urls", "1 to 10"),
    ("images.generate", {"prompt": "p", "image_urls": IMAGE}, "image_urls", "list"),
    ("images.generate", {"prompt": "p", "image_urls": [IMAGE, "ftp://x/y.png"]},
     "image_urls[1]", "http"),
    ("videos.clone", {"video_url": VIDEO, "product_image_urls": [IMAGE] * 11},
     "product_image_urls", "1 to 10"),
    ("materials.search", {"keyword": "lamp", "page": 0}, "page", ">= 1"),
    ("materials.search", {"keyword": "lamp", "page_size": 51}, "page_size", "between 1 and 50"),
    ("materials.image_search", {"image_url": IMAGE, "page_size": 0}, "page_size", "1 and 50"),
    ("materials.image_search", {"os_key": "   "}, "os_key", "non-empty"),
    # ids
    ("copywriting.review_analysis", {"product_id": "17x9", "country": "us"}, "product_id",
     "digits"),
    ("copywriting.product_description", {"product_id": "1" * 31, "country": "us"}, "product_id",
     "at most 30"),
    # exactly one of
    ("copywriting.product_description", {}, "product_info", "product_info or product_id"),
    ("copywriting.product_title", {"product_info": "lamp", "product_id": "1", "country": "us"},
     "product_id", "not both"),
    ("copywriting.product_description", {"product_id": "1"}, "country", "required with"),
    ("copywriting.product_title", {"product_info": "lamp", "country": "us"}, "country",
     "product_id only"),
    ("avatar.talking_photo", {"image_url": IMAGE}, "script", "script or audio_url is required"),
    ("avatar.talking_photo", {"image_url": IMAGE, "script": "hi", "audio_url": AUDIO},
     "audio_url", "not both"),
    ("avatar.talking_photo", {"image_url": IMAGE, "audio_url": "www.x.com/a.mp3"}, "audio_url",
     "http"),
    ("materials.image_search", {}, "image_url", "image_url or os_key is required"),
    ("materials.image_search", {"image_url": IMAGE, "os_key": "upload/a.png"}, "os_key",
     "not both"),
    ("tools.text_embedding", {}, "text", "text or texts is required"),
    ("tools.text_embedding", {"text": "a", "texts": ["b"]}, "texts", "not both"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("method", "arguments", "field", "rule"),
    CASES,
    ids=[f"{m}-{field}-{rule}" for m, _, field, rule in CASES],
)
async def test_refused_before_sending(
    client: TrenzClient,
    trenz_simulator: Any,
    method: str,
    arguments: dict[str, Any],
    field: str,
    rule: str,
) -> None:
    namespace, name = method.split(".")
    call = getattr(getattr(client.content, namespace), name)
    with pytest.raises(ValidationError) as caught:
        call(**arguments)
    assert caught.value.field == field
    assert rule in caught.value.rule
    assert trenz_simulator.journal == []
    assert trenz_simulator.tasks_submitted() == 0


async def test_a_misspelled_keyword_names_the_right_one(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    with pytest.raises(UnexpectedArgumentError) as caught:
        client.content.videos.sora2(prompt="p", durations=8)  # type: ignore[call-arg,unused-coroutine]
    assert (caught.value.field, caught.value.suggestion) == ("durations", "duration")
    assert trenz_simulator.journal == []


async def test_a_product_id_given_as_an_int_is_sent_as_digits(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    handle = await client.content.copywriting.review_analysis(
        product_id=1729389410442,  # type: ignore[arg-type]
        country="US",
    )
    assert handle.task_id
    assert trenz_simulator.journal[0].json == {"product_id": "1729389410442", "country": "us"}
