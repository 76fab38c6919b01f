"""``trenz.content.analysis``: submit, wait on the simulator clock, typed breakdowns."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from tests.content.support import FAST, VIDEO, assert_fully_known, finish, sent_body
from trenz_async import TrenzClient
from trenz_async.models.content import (
    Scene,
    ScriptBreakdown,
    ScriptBreakdownV2,
    StoryboardBreakdown,
    VideoAnalysis,
)
from trenz_async.resources.general.tasks import TaskHandle

pytestmark = pytest.mark.anyio
V1 = "/open/v1"


def assert_scenes_cover_the_video(analysis: VideoAnalysis) -> list[Scene]:
    scenes = list(analysis.scenes or [])
    assert analysis.duration is not None
    assert analysis.duration > 0
    assert len(scenes) >= 2
    assert scenes[0].start == 0.0
    assert scenes[-1].end == analysis.duration
    assert all(a.end == b.start for a, b in itertools.pairwise(scenes))
    assert all(scene.description for scene in scenes)
    return scenes


async def test_video_content_analysis(client: TrenzClient, trenz_simulator: Any) -> None:
    handle = await client.content.analysis.video_content(video_url=VIDEO)
    assert isinstance(handle, TaskHandle)
    assert handle.task_id
    assert (await handle.refresh()).status == "running"
    finish(trenz_simulator, f"{V1}/ai/videos/content-analysis")
    result = await handle.wait(policy=FAST)
    assert type(result) is VideoAnalysis
    assert_scenes_cover_the_video(result)
    assert result.summary
    assert f"{int(result.duration or 0)}-second" in result.summary
    assert result.hook
    assert len(result.tags or []) == 3
    assert_fully_known(result)
    assert sent_body(trenz_simulator, f"{V1}/ai/videos/content-analysis") == {"video_url": VIDEO}


async def test_script_breakdown_has_a_line_per_scene(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    handle = await client.content.analysis.script_breakdown(video_url=VIDEO)
    finish(trenz_simulator, f"{V1}/ai/videos/scripts/breakdown")
    result = await handle.wait(policy=FAST)
    assert type(result) is ScriptBreakdown
    scenes = assert_scenes_cover_the_video(result)
    script = list(result.script or [])
    assert [(line.start, line.end) for line in script] == [(s.start, s.end) for s in scenes]
    assert [line.visual for line in script] == [s.description for s in scenes]
    assert all(line.voiceover for line in script)
    assert_fully_known(result)


async def test_script_breakdown_v2_adds_selling_points_and_a_call_to_action(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    handle = await client.content.analysis.script_breakdown_v2(video_url=VIDEO)
    finish(trenz_simulator, f"{V1}/ai/videos/scripts/breakdown-v2")
    result = await handle.wait(policy=FAST)
    assert type(result) is ScriptBreakdownV2
    assert isinstance(result, ScriptBreakdown)
    assert len(result.script or []) == len(result.scenes or [])
    assert len(set(result.selling_points or [])) == 3
    assert result.call_to_action in ("Tap the cart below", "Shop now", "Link in bio")
    assert_fully_known(result)


async def test_storyboard_breakdown_numbers_its_shots(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    handle = await client.content.analysis.storyboard_breakdown(video_url=VIDEO)
    finish(trenz_simulator, f"{V1}/ai/videos/storyboard-breakdown")
    result = await handle.wait(policy=FAST)
    assert type(result) is StoryboardBreakdown
    scenes = assert_scenes_cover_the_video(result)
    shots = list(result.shots or [])
    assert [shot.index for shot in shots] == list(range(1, len(scenes) + 1))
    assert [(shot.start, shot.end) for shot in shots] == [(s.start, s.end) for s in scenes]
    assert all(shot.shot_type and shot.camera_movement for shot in shots)
    assert_fully_known(result)


async def test_the_same_video_gives_the_same_analysis_when_asked_again(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    first = await client.content.analysis.video_content(video_url=VIDEO)
    second = await client.content.analysis.video_content(video_url=VIDEO)
    assert first.task_id != second.task_id  # each submit is its own (charged) job
    finish(trenz_simulator, f"{V1}/ai/videos/content-analysis")
    assert await first.wait(policy=FAST) == await second.wait(policy=FAST)
    assert trenz_simulator.tasks_submitted() == 2
