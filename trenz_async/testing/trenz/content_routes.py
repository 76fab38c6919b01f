"""The Content route table (seed "Content", catalogue §2): 24 POST routes, scope ``content``.

Every route takes a JSON object body (``*`` = required) and answers the usual envelope.
Async routes answer ``data = {task_id, status: "running"}`` at once and create a task, read with
``GET /open/v1/tasks/{task_id}``; its ``result`` shapes are in
:mod:`~trenz_async.testing.trenz.content_results`. Sync routes answer their result in ``data``.
Billing: ``per_call`` (charged on accept, refunded on 5xx) or ``async_on_complete`` (charged on
accept, never refunded when the task later fails); too little balance is a 402.

====================================== ===== ==== === ====== ===================================
path (``/open/v1/...``)                ev    cost  s  mode   body
====================================== ===== ==== === ====== ===================================
ai/videos/content-analysis             C1       5  20 pc     ``video_url``* (http/https URL)
ai/videos/scripts/breakdown            I-hi     5  20 pc     ``video_url``*
ai/videos/scripts/breakdown-v2         C1       5  20 pc     ``video_url``*
ai/videos/storyboard-breakdown         I-lo     5  20 pc     ``video_url``*
ai/products/description                I-lo     2  20 pc     ``product_info`` (str <= 5000) OR
                                                             ``product_id``* (digits) +
                                                             ``country``* (us, th, ... lowercase)
ai/products/title                      I-lo     2  20 pc     same as description
ai/products/review-analysis            C1       5  20 pc     ``product_id``*, ``country``*
ai/images/generate                     I-lo    10  60 aoc    ``prompt``* (<= 2000),
                                                             ``image_urls`` (1..10 URLs),
                                                             ``aspect_ratio`` (1:1 default, 3:4,
                                                             4:3, 9:16, 16:9), ``n`` (1..4, 1)
ai/videos/subtitle-removal             I-lo    10 120 aoc    ``video_url``*
ai/videos/seedance-pro-fast            I-lo    30 180 aoc    video model body (below)
ai/videos/seedance-pro                 I-lo    50 180 aoc    video model body
ai/videos/clone                        I-lo    50 180 aoc    ``video_url``*,
                                                             ``product_image_urls`` (1..10 URLs),
                                                             ``prompt`` (<= 2000)
ai/videos/grok                         I-lo    40 180 aoc    video model body
ai/videos/sora2-pro                    I-lo    80 180 aoc    video model body
ai/videos/sora2                        I-lo    50 180 aoc    video model body
ai/videos/super-resolution             I-lo    20 120 aoc    ``video_url``*, ``target_resolution``
                                                             (1080p default, 2k, 4k)
ai/videos/veo3                         I-lo    80 180 aoc    video model body
ai/videos/wan2.6                       I-lo    40 180 aoc    video model body
ai/avatar/photo-analysis               I-lo     5  20 pc     ``image_url``*
ai/avatar/talking-photo                I-lo    30 180 aoc    ``image_url``* + exactly one of
                                                             ``script`` (<= 2000) / ``audio_url``
materials/image-search                 I-lo     1   - sync   exactly one of ``image_url`` /
                                                             ``os_key`` (an uploaded object key);
                                                             ``country`` (US default, uppercase
                                                             market); ``page``, ``page_size``
                                                             (1..50, 10)
materials/search                       I-lo     1   - sync   ``keyword``* (<= 200), ``page``,
                                                             ``page_size`` (1..50, 10)
ai/text/embedding                      I-lo     1   - sync   exactly one of ``text`` (<= 8192) /
                                                             ``texts`` (1..100 strings)
ai/videos/transcription                I-lo     5  20 pc     ``video_url``*, ``language`` (en, es,
                                                             pt, fr, de, it, ja, ko, zh, th, vi,
                                                             id, ms, tl, ar; default detected)
====================================== ===== ==== === ====== ===================================

(``s`` = seconds of simulator time until the task finishes, :data:`TASK_DURATIONS`.)

Video model body: ``prompt``* (<= 2000), ``image_url`` (URL), ``duration`` (int seconds),
``aspect_ratio``, ``resolution`` (defaults first):

=================  ==========  ================  =================
model              duration    aspect_ratio      resolution
=================  ==========  ================  =================
seedance-pro-fast  5, 10       16:9, 9:16, 1:1   720p, 480p, 1080p
seedance-pro       5, 10       16:9, 9:16, 1:1   1080p, 480p, 720p
grok               6, 10       16:9, 9:16, 1:1   720p, 480p
sora2-pro          4, 8, 12    16:9, 9:16        1080p, 720p
sora2              4, 8, 12    16:9, 9:16        720p
veo3               8           16:9, 9:16        720p, 1080p
wan2.6             5, 10, 15   16:9, 9:16, 1:1   720p, 480p, 1080p
=================  ==========  ================  =================

Sync answers: embedding ``{embeddings: [[float]*256], dimensions: 256, model}``; searches
``{items, total_count}`` plus top-level ``page``, ``page_size``, ``total`` (rows in
:mod:`~trenz_async.testing.trenz.content_search`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import attrs

from trenz_async.testing.trenz import body_fields as f
from trenz_async.testing.trenz import content_checks as c
from trenz_async.testing.trenz import content_search as search
from trenz_async.testing.trenz.content_results import Results, UpstreamFailure
from trenz_async.testing.trenz.routing import Call, Reply, Route
from trenz_async.testing.trenz.storage import ObjectStore
from trenz_async.testing.trenz.tasks import TaskStore

V1 = "/open/v1"


@attrs.frozen
class Operation:
    """One Content endpoint: its task ``kind``, path, cost, billing and body check.

    ``duration`` is the seconds a task of this kind runs; None for a synchronous operation.
    """

    kind: str
    path: str
    ev: str
    cost: int
    billing: str
    check: Callable[[dict[str, Any]], dict[str, Any]]
    duration: float | None


def _op(kind: str, path: str, ev: str, cost: int, check: Any, duration: float | None) -> Operation:
    billing = "async_on_complete" if cost >= 10 and duration else "per_call"
    return Operation(kind, f"{V1}/{path}", ev, cost, billing, check, duration)


def _model(kind: str, model: str, cost: int) -> Operation:
    return _op(kind, f"ai/videos/{model}", "I-lo", cost, c.video_generation(model), 180)


OPERATIONS: tuple[Operation, ...] = (
    _op("video_content_analysis", "ai/videos/content-analysis", "C1", 5, c.video_url_only, 20),
    _op("video_script_breakdown", "ai/videos/scripts/breakdown", "I-hi", 5, c.video_url_only, 20),
    _op(
        "video_script_breakdown_v2", "ai/videos/scripts/breakdown-v2", "C1", 5, c.video_url_only, 20
    ),
    _op(
        "video_storyboard_breakdown",
        "ai/videos/storyboard-breakdown",
        "I-lo",
        5,
        c.video_url_only,
        20,
    ),
    _op("ai_product_description", "ai/products/description", "I-lo", 2, c.copywriting, 20),
    _op("ai_product_title", "ai/products/title", "I-lo", 2, c.copywriting, 20),
    _op("product_review_analysis", "ai/products/review-analysis", "C1", 5, c.review_analysis, 20),
    _op("ai_image_generation", "ai/images/generate", "I-lo", 10, c.image_generation, 60),
    _op("video_subtitle_removal", "ai/videos/subtitle-removal", "I-lo", 10, c.video_url_only, 120),
    _model("sd_pro_fast_video_generation", "seedance-pro-fast", 30),
    _model("sd_pro_video_generation", "seedance-pro", 50),
    _op("video_clone", "ai/videos/clone", "I-lo", 50, c.video_clone, 180),
    _model("grok_video_generation", "grok", 40),
    _model("sora2_pro_video_generation", "sora2-pro", 80),
    _model("sora2_video_generation", "sora2", 50),
    _op(
        "video_super_resolution", "ai/videos/super-resolution", "I-lo", 20, c.super_resolution, 120
    ),
    _model("veo3_video_generation", "veo3", 80),
    _model("wan2_6_video_generation", "wan2.6", 40),
    _op("avatar_photo_analysis", "ai/avatar/photo-analysis", "I-lo", 5, c.avatar_photo, 20),
    _op(
        "talking_photo_video_generation",
        "ai/avatar/talking-photo",
        "I-lo",
        30,
        c.talking_photo,
        180,
    ),
    _op("aggregated_image_search", "materials/image-search", "I-lo", 1, c.image_search, None),
    _op("aggregated_material_search", "materials/search", "I-lo", 1, c.material_search, None),
    _op("text_embedding", "ai/text/embedding", "I-lo", 1, c.text_embedding, None),
    _op("video_transcription", "ai/videos/transcription", "I-lo", 5, c.transcription, 20),
)
#: Default seconds from submit to finish per task kind (``sim.task_durations`` starts as a copy).
TASK_DURATIONS: dict[str, float] = {
    op.kind: op.duration for op in OPERATIONS if op.duration is not None
}
TASK_KINDS: frozenset[str] = frozenset(TASK_DURATIONS)


@attrs.frozen
class Submission:
    """A checked Content request: the operation, its normalised inputs, the caller's key id."""

    op: Operation
    inputs: dict[str, Any]
    owner: str | None


class ContentApi:
    """Content operations: async ones create tasks, sync ones answer at once."""

    def __init__(
        self,
        seed: int,
        tasks: TaskStore,
        results: Results,
        storage: ObjectStore,
        on_submit: Callable[[], None],
    ) -> None:
        self.seed = seed
        self.tasks = tasks
        self.results = results
        self.storage = storage
        self._on_submit = on_submit

    def check(self, op: Operation, call: Call) -> Submission:
        """Validate the body of ``op`` (the 400s name the field)."""
        inputs = op.check(f.body_of(call))
        if "os_key" in inputs and self.storage.find_key(inputs["os_key"]) is None:
            raise f.invalid("os_key does not name an uploaded image: upload it first")
        return Submission(op, inputs, call.key.key_id if call.key else None)

    def submit(self, sub: Submission) -> Reply:
        """Accept an async operation: create its task and answer its id."""
        failure = None
        try:
            result = self.results.task_result(sub.op.kind, sub.inputs)
        except UpstreamFailure as error:
            result, failure = None, str(error)
        task = self.tasks.submit(sub.op.kind, result, owner=sub.owner, fails_with=failure)
        self._on_submit()
        return Reply({"task_id": task.task_id, "status": task.status})

    def text_embedding(self, sub: Submission) -> Reply:
        """Text Embedding (sync)."""
        return search.embed(self.seed, sub.inputs)

    def aggregated_image_search(self, sub: Submission) -> Reply:
        """Aggregated Image Search (sync)."""
        return search.image_search(self.seed, sub.inputs)

    def aggregated_material_search(self, sub: Submission) -> Reply:
        """Aggregated Material Search (sync)."""
        return search.material_search(self.seed, sub.inputs)


def content_routes(api: ContentApi) -> list[Route]:
    """Return the 24 Content routes bound to ``api``."""
    routes = []
    for op in OPERATIONS:
        act = api.submit if op.duration is not None else getattr(api, op.kind)
        routes.append(
            Route("POST", op.path, "content", op.cost, partial(api.check, op), act, json_body=True)
        )
    return routes
