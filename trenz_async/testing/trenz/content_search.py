"""The synchronous Content operations: text embedding and the two material searches.

Search results are a deterministic virtual list per query (its length and every row derive
from seed + query), so any page of it is the same whenever it is asked for.
"""

from __future__ import annotations

import math
import random
from typing import Any

from trenz_async.testing.trenz.routing import Reply

Inputs = dict[str, Any]
EMBED_DIMENSIONS = 256
EMBED_MODEL = "trenz-text-embedding-v1"
SIM_CDN = "https://oss-data.trenz.ai/sim/materials"
SOURCES = ("tiktok_shop", "amazon", "aliexpress", "temu", "shein")
MATERIAL_TYPES = ("video", "image")
TAGS = ("product", "lifestyle", "model", "flat-lay", "unboxing", "tutorial")


def embedding(seed: int, text: str) -> list[float]:
    """Return the unit vector of ``text`` (the same text always gives the same vector)."""
    rng = random.Random(f"{seed}:embedding:{text}")
    raw = [rng.gauss(0.0, 1.0) for _ in range(EMBED_DIMENSIONS)]
    norm = math.sqrt(sum(x * x for x in raw)) or 1.0
    return [round(x / norm, 6) for x in raw]


def embed(seed: int, inputs: Inputs) -> Reply:
    """Answer ``{embeddings: [[float] * 256], dimensions, model}`` (one row per text)."""
    return Reply(
        {
            "embeddings": [embedding(seed, text) for text in inputs["texts"]],
            "dimensions": EMBED_DIMENSIONS,
            "model": EMBED_MODEL,
        }
    )


def _paged(rows_total: int, page: int, size: int, row: Any) -> Reply:
    start = (page - 1) * size
    items = [row(index) for index in range(start, min(start + size, rows_total))]
    warnings: tuple[str, ...] = ()
    if not items and start > 0:
        last = max(1, -(-rows_total // size))
        warnings = (f"page {page} is beyond the last page ({last}); no items returned",)
    return Reply(
        {"items": items, "total_count": rows_total}, page=page, page_size=size, warnings=warnings
    )


def image_search(seed: int, inputs: Inputs) -> Reply:
    """Answer visually similar products: ``items`` [{item_id, title, image_url, source,
    source_url, price, similarity}] by descending similarity, ``total_count``."""
    query = inputs.get("image_url") or inputs["os_key"]
    base = f"{seed}:image_search:{inputs['country']}:{query}"
    total = random.Random(base).randint(15, 120)

    def row(index: int) -> dict[str, Any]:
        rng = random.Random(f"{base}:{index}")
        item_id = str(rng.randrange(10**18, 10**19))
        source = rng.choice(SOURCES)
        return {
            "item_id": item_id,
            "title": f"Similar item {index + 1}",
            "image_url": f"{SIM_CDN}/image/{item_id}.jpg",
            "source": source,
            "source_url": f"https://{source.replace('_', '')}.example.com/item/{item_id}",
            "price": {"unit": "USD", "value": round(rng.uniform(2.0, 120.0), 2)},
            "similarity": round(0.99 - 0.6 * index / total, 4),
        }

    return _paged(total, inputs["page"], inputs["page_size"], row)


def material_search(seed: int, inputs: Inputs) -> Reply:
    """Answer creative materials for a keyword: ``items`` [{material_id, type, title, url,
    cover_url, duration (videos; null for images), width, height, tags, score}], ``total_count``."""
    keyword = inputs["keyword"]
    base = f"{seed}:material_search:{keyword.casefold()}"
    total = random.Random(base).randint(10, 300)

    def row(index: int) -> dict[str, Any]:
        rng = random.Random(f"{base}:{index}")
        material_id = str(rng.randrange(10**18, 10**19))
        kind = rng.choice(MATERIAL_TYPES)
        ext = "mp4" if kind == "video" else "jpg"
        return {
            "material_id": material_id,
            "type": kind,
            "title": f"{keyword} {rng.choice(TAGS)} #{index + 1}",
            "url": f"{SIM_CDN}/{kind}/{material_id}.{ext}",
            "cover_url": f"{SIM_CDN}/{kind}/{material_id}_cover.jpg",
            "duration": float(rng.randint(5, 60)) if kind == "video" else None,
            "width": 1080,
            "height": 1920 if kind == "video" else 1080,
            "tags": rng.sample(TAGS, 2),
            "score": round(0.98 - 0.7 * index / total, 4),
        }

    return _paged(total, inputs["page"], inputs["page_size"], row)
