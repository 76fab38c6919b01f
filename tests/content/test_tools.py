"""``trenz.content.tools``: text embedding (sync, a read) and video transcription (async)."""

from __future__ import annotations

import itertools
import math
from typing import Any

import pytest

from tests.content.support import FAST, VIDEO, assert_fully_known, finish, posts_to, sent_body
from tests.helpers import answer_with
from trenz_async import TrenzClient
from trenz_async.errors import ResponseDecodeError
from trenz_async.models.content import Embeddings, Transcription
from trenz_async.testing import FaultRule

pytestmark = pytest.mark.anyio
EMBEDDING = "/open/v1/ai/text/embedding"
TRANSCRIPTION = "/open/v1/ai/videos/transcription"


async def test_one_text_gets_one_unit_vector(client: TrenzClient, trenz_simulator: Any) -> None:
    result = await client.content.tools.text_embedding(text="bamboo desk lamp")
    assert type(result) is Embeddings
    assert sent_body(trenz_simulator, EMBEDDING) == {"text": "bamboo desk lamp"}
    [vector] = result.embeddings or []
    assert result.dimensions == len(vector) == 256
    assert all(isinstance(x, float) for x in vector)
    assert math.isclose(math.sqrt(sum(x * x for x in vector)), 1.0, abs_tol=1e-3)
    assert result.model
    assert_fully_known(result)


async def test_a_batch_gets_a_vector_per_text_in_order(client: TrenzClient) -> None:
    texts = ["desk lamp", "yoga mat", "desk lamp"]
    batch = await client.content.tools.text_embedding(texts=texts)
    vectors = list(batch.embeddings or [])
    assert len(vectors) == 3
    assert vectors[0] == vectors[2] != vectors[1]
    single = await client.content.tools.text_embedding(text="yoga mat")
    assert (single.embeddings or [])[0] == vectors[1]


async def test_embedding_is_a_read_retried_after_a_lost_answer(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    trenz_simulator.add_fault(FaultRule(route=f"POST {EMBEDDING}", lose_response=True, times=1))
    result = await client.content.tools.text_embedding(text="lamp")
    assert len(result.embeddings or []) == 1
    assert len(posts_to(trenz_simulator, EMBEDDING)) == 2


async def test_transcription_in_the_language_asked(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    handle = await client.content.tools.transcription(video_url=VIDEO, language="es")
    assert sent_body(trenz_simulator, TRANSCRIPTION) == {"video_url": VIDEO, "language": "es"}
    finish(trenz_simulator, TRANSCRIPTION)
    result = await handle.wait(policy=FAST)
    assert type(result) is Transcription
    segments = list(result.segments or [])
    assert result.language == "es"
    assert len(segments) >= 2
    assert result.text == " ".join(segment.text or "" for segment in segments)
    assert segments[0].start == 0.0
    assert segments[-1].end == result.duration
    assert all(a.end == b.start for a, b in itertools.pairwise(segments))
    assert_fully_known(result)


async def test_transcription_detects_the_language_when_not_given(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    handle = await client.content.tools.transcription(video_url=VIDEO)
    assert sent_body(trenz_simulator, TRANSCRIPTION) == {"video_url": VIDEO}
    finish(trenz_simulator, TRANSCRIPTION)
    assert (await handle.wait(policy=FAST)).language == "en"


@pytest.mark.parametrize(
    ("route", "call"),
    [
        (EMBEDDING, lambda c: c.content.tools.text_embedding(text="bamboo desk lamp")),
        ("/open/v1/materials/search", lambda c: c.content.materials.search(keyword="lamp")),
    ],
)
async def test_a_result_answered_as_an_async_task_is_refused_naming_the_task(
    client: TrenzClient, trenz_simulator: Any, route: str, call: Any
) -> None:
    # Read as an empty result, the work would be lost without a word.
    answer_with(trenz_simulator, f"POST {route}", {"data": {"task_id": "t9"}}, times=None)
    with pytest.raises(ResponseDecodeError, match=r"async task \('t9'\).*tasks\.wait"):
        await call(client)
