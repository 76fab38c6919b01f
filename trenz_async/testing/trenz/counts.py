"""Counts that describe a related list are read from that list, never drawn on their own.

The related lists (:mod:`~trenz_async.testing.trenz.related`) are the source of truth: a
product's ``core.related_video_count`` is the ``total_count`` of ``/products/{id}/videos``, a
seller's ``total_related_creator_count`` that of ``/sellers/{id}/creators``, and so on.

===================  ==============================  =========================
entity               field                           related list
===================  ==============================  =========================
sellers (record)     shop_product_count              /sellers/{id}/products
                     total_related_creator_count     /sellers/{id}/creators
lives (record)       product_count                   /lives/{id}/products
products (core)      related_creator_count           /products/{id}/creators
                     related_video_count             /products/{id}/videos
                     related_live_count              /products/{id}/lives
creators (core)      core_product_count              /creators/{id}/products
===================  ==============================  =========================

Record fields (search rows and detail items; sellers can be sorted by them) are filled once,
when the market first builds that entity; section fields are counted when a detail asks for
them. Seller and live ``core`` sections copy their record's fields. One list runs the other
way: a video's comments (``/videos/{id}/reviews``) are made on demand, exactly
``video_comment_count`` of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trenz_async.testing.trenz.related import RELATED

if TYPE_CHECKING:
    from trenz_async.testing.trenz.dataset import Market

Record = dict[str, Any]
Counted = tuple[tuple[str, str], ...]

#: entity -> (record field, relation) pairs
RECORD_COUNTS: dict[str, Counted] = {
    "sellers": (
        ("shop_product_count", "products"),
        ("total_related_creator_count", "creators"),
    ),
    "lives": (("product_count", "products"),),
}

#: (entity, include section) -> (section field, relation) pairs
SECTION_COUNTS: dict[tuple[str, str], Counted] = {
    ("products", "core"): (
        ("related_creator_count", "creators"),
        ("related_video_count", "videos"),
        ("related_live_count", "lives"),
    ),
    ("creators", "core"): (("core_product_count", "products"),),
}


def related_count(market: Market, entity: str, relation: str, record: Record) -> int:
    """Return how many rows ``/{entity}/{record id}/{relation}`` lists in ``market``."""
    finder, _ = RELATED[(entity, relation)]
    return len(finder(market, record))


def fill_record_counts(market: Market, entity: str, records: list[Record]) -> None:
    """Set the :data:`RECORD_COUNTS` fields of ``entity``'s freshly generated ``records``."""
    for name, relation in RECORD_COUNTS.get(entity, ()):
        for record in records:
            record[name] = related_count(market, entity, relation, record)


def section_counts(market: Market, entity: str, section: str, record: Record) -> Record:
    """Return the :data:`SECTION_COUNTS` fields of ``record``'s include ``section``."""
    return {
        name: related_count(market, entity, relation, record)
        for name, relation in SECTION_COUNTS.get((entity, section), ())
    }
