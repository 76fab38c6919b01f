"""Result shapes of the Content operations, derived deterministically from seed + inputs.

``task_result(kind, inputs)`` gives the ``result`` a task shows on success (or raises
:class:`UpstreamFailure`, which makes the task fail at its finish time). The synchronous
operations (embedding, searches) live in :mod:`~trenz_async.testing.trenz.content_search`.

==========================  =================================================================
kinds                       ``result``
==========================  =================================================================
video_content_analysis      ``{summary, hook, duration, scenes: [{start, end, description}],
                            tags: [str]}``
video_script_breakdown      the analysis shape + ``script: [{start, end, voiceover, visual}]``
video_script_breakdown_v2   the breakdown shape + ``selling_points: [str], call_to_action``
video_storyboard_breakdown  the analysis shape + ``shots: [{index, start, end, shot_type,
                            camera_movement, description}]``
ai_product_description      ``{text, language}``
ai_product_title            ``{titles: [str] (5)}``
product_review_analysis     ``{product_id, country, review_count, average_rating,
                            sentiment_score (0..1), positive_points, negative_points, summary}``
ai_image_generation         ``{images: [{url, width, height}], aspect_ratio}``
avatar_photo_analysis       ``{face_count, suitable, quality_score, face_box: {x, y, width,
                            height}, issues: [str]}``
video_transcription         ``{text, language, duration, segments: [{start, end, text}]}``
every other (video) kind    ``{video_url, cover_url, duration, resolution, aspect_ratio, model}``
==========================  =================================================================

Times inside results are seconds (floats with one decimal); URLs point at the sim CDN.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
from collections.abc import Callable
from typing import Any

from trenz_async.testing.trenz.dataset import Dataset
from trenz_async.testing.trenz.related import RELATED

Inputs = dict[str, Any]
AI_CDN = "https://oss-data.trenz.ai/sim/ai"
SUBJECTS = ("a desk lamp", "a skincare serum", "running shoes", "a phone case", "a yoga mat")
SETTINGS = ("a bright bedroom", "a kitchen counter", "an office desk", "a city street")
HOOKS = (
    "Stop scrolling: this changed my mornings",
    "I tested it for 30 days so you don't have to",
    "Three reasons everyone is buying this",
    "POV: you finally found the one that works",
)
SCENE_ACTIONS = (
    "close-up of the product",
    "unboxing",
    "before/after comparison",
    "creator talks to camera",
    "product in use",
    "price and offer on screen",
)
TAGS = ("unboxing", "review", "tutorial", "lifestyle", "comparison", "asmr", "haul", "deal")
SHOT_TYPES = ("close-up", "medium", "wide", "over-the-shoulder", "top-down")
CAMERA = ("static", "pan", "zoom-in", "handheld", "tracking")
SELLING = ("fast shipping", "long battery life", "gentle formula", "compact size",
           "premium material", "great value")  # fmt: skip
ISSUES = ("face partly covered", "low light", "face too small", "side profile")


class UpstreamFailure(Exception):
    """The submitted input fails upstream: the task fails with this message at finish time."""


def rng_for(seed: int, kind: str, inputs: Inputs) -> random.Random:
    """Return the RNG of one operation's inputs (same seed + inputs -> same result)."""
    return random.Random(f"{seed}:{kind}:{json.dumps(inputs, sort_keys=True)}")


def asset(kind: str, rng: random.Random, ext: str) -> str:
    """Return a stable CDN URL for a generated asset."""
    return f"{AI_CDN}/{kind}/{rng.getrandbits(64):016x}.{ext}"


def _scenes(rng: random.Random, duration: float) -> list[dict[str, Any]]:
    cuts = sorted(rng.sample(range(2, int(duration)), k=min(rng.randint(2, 5), int(duration) - 3)))
    edges = [0.0, *(float(c) for c in cuts), float(duration)]
    return [
        {"start": start, "end": end, "description": rng.choice(SCENE_ACTIONS)}
        for start, end in itertools.pairwise(edges)
    ]


def analysis(rng: random.Random) -> dict[str, Any]:
    """The common analysis shape."""
    duration = float(rng.randint(12, 60))
    subject, setting = rng.choice(SUBJECTS), rng.choice(SETTINGS)
    return {
        "summary": f"A {int(duration)}-second video presenting {subject} in {setting}.",
        "hook": rng.choice(HOOKS),
        "duration": duration,
        "scenes": _scenes(rng, duration),
        "tags": rng.sample(TAGS, 3),
    }


def script_breakdown(rng: random.Random) -> dict[str, Any]:
    """Analysis + a voiceover/visual script per scene."""
    result = analysis(rng)
    result["script"] = [
        {
            "start": scene["start"],
            "end": scene["end"],
            "voiceover": f"{rng.choice(HOOKS)}.",
            "visual": scene["description"],
        }
        for scene in result["scenes"]
    ]
    return result


def script_breakdown_v2(rng: random.Random) -> dict[str, Any]:
    """Breakdown + selling points and a call to action."""
    result = script_breakdown(rng)
    result["selling_points"] = rng.sample(SELLING, 3)
    result["call_to_action"] = rng.choice(("Tap the cart below", "Shop now", "Link in bio"))
    return result


def storyboard(rng: random.Random) -> dict[str, Any]:
    """Analysis + a shot list."""
    result = analysis(rng)
    result["shots"] = [
        {
            "index": index + 1,
            "start": scene["start"],
            "end": scene["end"],
            "shot_type": rng.choice(SHOT_TYPES),
            "camera_movement": rng.choice(CAMERA),
            "description": scene["description"],
        }
        for index, scene in enumerate(result["scenes"])
    ]
    return result


class Results:
    """Builds task results; reads the Data dataset for the product-based operations."""

    def __init__(self, seed: int, dataset: Dataset) -> None:
        self.seed = seed
        self.dataset = dataset
        self._builders: dict[str, Callable[[random.Random, Inputs], dict[str, Any]]] = {
            "video_content_analysis": lambda rng, _: analysis(rng),
            "video_script_breakdown": lambda rng, _: script_breakdown(rng),
            "video_script_breakdown_v2": lambda rng, _: script_breakdown_v2(rng),
            "video_storyboard_breakdown": lambda rng, _: storyboard(rng),
            "ai_product_description": self._description,
            "ai_product_title": self._titles,
            "product_review_analysis": self._reviews,
            "ai_image_generation": _images,
            "avatar_photo_analysis": _photo_analysis,
            "video_transcription": _transcription,
        }

    def task_result(self, kind: str, inputs: Inputs) -> dict[str, Any]:
        """Return the success result of a ``kind`` task, or raise UpstreamFailure."""
        rng = rng_for(self.seed, kind, inputs)
        builder = self._builders.get(kind)
        return builder(rng, inputs) if builder else _video(kind, rng, inputs)

    def _product(self, inputs: Inputs) -> dict[str, Any]:
        record = self.dataset.market(inputs["country"]).get("products", inputs["product_id"])
        if record is None:
            raise UpstreamFailure(
                f"Product {inputs['product_id']} not found in market {inputs['country']}"
            )
        return record

    def _product_name(self, inputs: Inputs) -> str:
        if "product_info" in inputs:
            return str(inputs["product_info"]).strip().splitlines()[0][:80]
        return str(self._product(inputs)["product_name"])

    def _description(self, rng: random.Random, inputs: Inputs) -> dict[str, Any]:
        name = self._product_name(inputs)
        points = rng.sample(SELLING, 3)
        text = (
            f"Meet the {name}. Designed for everyday use, it brings {points[0]}, "
            f"{points[1]} and {points[2]}. Add it to your cart today."
        )
        return {"text": text, "language": "en"}

    def _titles(self, rng: random.Random, inputs: Inputs) -> dict[str, Any]:
        name = self._product_name(inputs)
        extras = rng.sample(SELLING, 5)
        return {"titles": [f"{name} | {extra.title()}" for extra in extras]}

    def _reviews(self, rng: random.Random, inputs: Inputs) -> dict[str, Any]:
        product = self._product(inputs)
        finder, _ = RELATED[("products", "reviews")]
        market = self.dataset.market(inputs["country"])
        reviews = list(finder(market, product))
        ratings = [int(review["rating"]) for review in reviews]
        average = round(sum(ratings) / len(ratings), 2) if ratings else 0.0
        good = [r["content"] for r in reviews if r["rating"] >= 4]
        bad = [r["content"] for r in reviews if r["rating"] <= 2]
        return {
            "product_id": inputs["product_id"],
            "country": inputs["country"],
            "review_count": len(reviews),
            "average_rating": average,
            "sentiment_score": round((average - 1) / 4, 3) if ratings else 0.5,
            "positive_points": list(dict.fromkeys(good))[:5],
            "negative_points": list(dict.fromkeys(bad))[:5],
            "summary": f"{len(reviews)} reviews, average rating {average}.",
        }


IMAGE_SIZES = {
    "1:1": (1024, 1024),
    "3:4": (768, 1024),
    "4:3": (1024, 768),
    "9:16": (576, 1024),
    "16:9": (1024, 576),
}


def _images(rng: random.Random, inputs: Inputs) -> dict[str, Any]:
    width, height = IMAGE_SIZES[inputs["aspect_ratio"]]
    images = [
        {"url": asset("ai_image_generation", rng, "png"), "width": width, "height": height}
        for _ in range(inputs["n"])
    ]
    return {"images": images, "aspect_ratio": inputs["aspect_ratio"]}


def _photo_analysis(rng: random.Random, inputs: Inputs) -> dict[str, Any]:
    faces = rng.choice((1, 1, 1, 1, 0, 2))
    issues = [] if faces == 1 and rng.random() < 0.7 else rng.sample(ISSUES, 1)
    box = {"x": rng.randint(100, 300), "y": rng.randint(80, 200), "width": 320, "height": 400}
    return {
        "face_count": faces,
        "suitable": faces == 1 and not issues,
        "quality_score": round(rng.uniform(0.55, 0.98), 2),
        "face_box": box if faces else None,
        "issues": issues if faces else ["no face detected"],
    }


def _transcription(rng: random.Random, inputs: Inputs) -> dict[str, Any]:
    language = inputs["language"] or "en"
    lines = [f"{rng.choice(HOOKS)}." for _ in range(rng.randint(2, 5))]
    segments, start = [], 0.0
    for line in lines:
        end = round(start + rng.uniform(2.0, 6.0), 1)
        segments.append({"start": start, "end": end, "text": line})
        start = end
    return {"text": " ".join(lines), "language": language, "duration": start, "segments": segments}


def _video(kind: str, rng: random.Random, inputs: Inputs) -> dict[str, Any]:
    """Generated or processed video: talking photo, clone, upscale, subtitle removal, models."""
    if "model" in inputs:
        duration, model = float(inputs["duration"]), inputs["model"]
    elif "script" in inputs:
        duration, model = round(max(3.0, len(inputs["script"].split()) / 2.5), 1), "talking-photo"
    else:
        duration, model = float(rng.randint(8, 45)), kind.replace("_", "-")
    resolution = inputs.get("resolution") or inputs.get("target_resolution") or "720p"
    digest = hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:8]
    return {
        "video_url": asset(kind, rng, "mp4"),
        "cover_url": f"{AI_CDN}/{kind}/cover_{digest}.jpg",
        "duration": duration,
        "resolution": resolution,
        "aspect_ratio": inputs.get("aspect_ratio", "9:16"),
        "model": model,
    }
