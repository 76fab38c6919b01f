"""The Content endpoint table and value tables agree with the simulator and the signatures.

The simulator was written from the seed and catalogue without the client's tables, so a path,
evidence tag or allowed value that one side has differently shows up here.
"""

from __future__ import annotations

import inspect
import typing

import pytest

from tests.content.support import SUBMITS
from trenz_async.resources.content import _checks
from trenz_async.resources.content.analysis import AnalysisResource
from trenz_async.resources.content.avatar import AvatarResource
from trenz_async.resources.content.copywriting import CopywritingResource
from trenz_async.resources.content.images import ImagesResource
from trenz_async.resources.content.materials import MaterialsResource
from trenz_async.resources.content.paths import CONTENT_ENDPOINTS
from trenz_async.resources.content.tools import ToolsResource
from trenz_async.resources.content.videos import VideosResource
from trenz_async.testing.trenz import content_checks as sim
from trenz_async.testing.trenz.content_routes import OPERATIONS

RESOURCES = (
    AnalysisResource,
    CopywritingResource,
    ImagesResource,
    VideosResource,
    AvatarResource,
    MaterialsResource,
    ToolsResource,
)
VIDEO_METHODS = {
    "seedance_pro_fast": "seedance-pro-fast",
    "seedance_pro": "seedance-pro",
    "grok": "grok",
    "sora2_pro": "sora2-pro",
    "sora2": "sora2",
    "veo3": "veo3",
    "wan": "wan2.6",
}


def test_the_table_has_the_simulators_24_paths_and_evidence() -> None:
    ours = {e.path: e.evidence for e in CONTENT_ENDPOINTS.values()}
    assert len(CONTENT_ENDPOINTS) == 24
    assert ours == {op.path: op.ev for op in OPERATIONS}
    assert all(e.method == "POST" for e in CONTENT_ENDPOINTS.values())


def test_submits_are_writes_and_only_the_sync_calls_are_reads() -> None:
    safety = {e.path: e.safety for e in CONTENT_ENDPOINTS.values()}
    for op in OPERATIONS:
        assert safety[op.path] == ("write" if op.duration is not None else "read"), op.path
    assert {path for path, kind in safety.items() if kind == "write"} == set(SUBMITS)


def test_one_method_per_endpoint() -> None:
    methods = [
        name
        for resource in RESOURCES
        for name, value in vars(resource).items()
        if not name.startswith("_") and inspect.isfunction(value)
    ]
    assert len(methods) == len(set(methods)) == 24


def test_the_value_tables_match_the_simulators() -> None:
    assert {
        name: (m.durations, m.aspect_ratios, m.resolutions)
        for name, m in _checks.VIDEO_MODELS.items()
    } == {name: (m.durations, m.ratios, m.resolutions) for name, m in sim.VIDEO_MODELS.items()}
    assert _checks.IMAGE_ASPECT_RATIOS == sim.IMAGE_RATIOS
    assert _checks.UPSCALE_TARGETS == sim.UPSCALE_TARGETS
    assert _checks.LANGUAGES == sim.LANGUAGES
    assert (_checks.PROMPT_MAX, _checks.SCRIPT_MAX) == (sim.PROMPT_MAX, sim.SCRIPT_MAX)
    assert (_checks.EMBED_TEXT_MAX, _checks.EMBED_BATCH_MAX) == (
        sim.EMBED_TEXT_MAX,
        sim.EMBED_BATCH_MAX,
    )


def _literal(hint: object) -> set[object]:
    (literal,) = [a for a in typing.get_args(hint) if a is not type(None)]
    return set(typing.get_args(literal))


@pytest.mark.parametrize("method", sorted(VIDEO_METHODS))
def test_a_video_methods_literal_types_are_its_models_sets(method: str) -> None:
    hints = typing.get_type_hints(getattr(VideosResource, method))
    model = _checks.VIDEO_MODELS[VIDEO_METHODS[method]]
    assert _literal(hints["duration"]) == set(model.durations)
    assert _literal(hints["aspect_ratio"]) == set(model.aspect_ratios)
    assert _literal(hints["resolution"]) == set(model.resolutions)
