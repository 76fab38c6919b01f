"""``trenz.content.avatar``: photo analysis and talking photos (script or audio)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.content.support import AUDIO, FAST, IMAGE, assert_fully_known, finish, sent_body
from trenz_async import TrenzClient
from trenz_async.models.content import FaceBox, GeneratedVideo, PhotoAnalysis

pytestmark = pytest.mark.anyio
ANALYSIS = "/open/v1/ai/avatar/photo-analysis"
TALKING = "/open/v1/ai/avatar/talking-photo"


async def test_photo_analysis_says_whether_a_photo_is_usable(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    seen: list[PhotoAnalysis] = []
    for n in range(6):  # several photos, to see both a face and its absence
        handle = await client.content.avatar.photo_analysis(image_url=f"{IMAGE}?n={n}")
        finish(trenz_simulator, ANALYSIS)
        seen.append(await handle.wait(policy=FAST))
    for result in seen:
        assert type(result) is PhotoAnalysis
        assert result.quality_score is not None
        assert 0 < result.quality_score < 1
        assert result.suitable == (result.face_count == 1 and not result.issues)
        if result.face_count:
            assert isinstance(result.face_box, FaceBox)
            assert result.face_box.width == 320
        else:
            assert result.face_box is None
            assert result.issues == ["no face detected"]
        assert_fully_known(result)
    assert any(result.face_box is not None for result in seen)


async def test_talking_photo_from_a_script(client: TrenzClient, trenz_simulator: Any) -> None:
    script = " ".join(["word"] * 25)
    handle = await client.content.avatar.talking_photo(image_url=IMAGE, script=script)
    assert sent_body(trenz_simulator, TALKING) == {"image_url": IMAGE, "script": script}
    finish(trenz_simulator, TALKING)
    result = await handle.wait(policy=FAST)
    assert type(result) is GeneratedVideo
    assert (result.model, result.duration) == ("talking-photo", 10.0)  # 25 words at 2.5/s
    assert_fully_known(result)


async def test_talking_photo_from_a_recording(client: TrenzClient, trenz_simulator: Any) -> None:
    handle = await client.content.avatar.talking_photo(image_url=IMAGE, audio_url=AUDIO)
    assert sent_body(trenz_simulator, TALKING) == {"image_url": IMAGE, "audio_url": AUDIO}
    finish(trenz_simulator, TALKING)
    result = await handle.wait(policy=FAST)
    assert (result.video_url or "").endswith(".mp4")
    assert result.duration
