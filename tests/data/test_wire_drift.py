"""Strict decoding of real simulator responses: every field sent must be a model field.

The simulator was written from the same catalogue without the models, so a field name that
one side spells differently shows up here. ``SIMULATOR_ONLY`` lists the fields the simulator
sends that the catalogue does not document; they are checked to still be sent, then ignored.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

import aiohttp
import attrs
import pytest

from trenz_async.models import Model, Money, make_converter
from trenz_async.models.data import (
    Ad,
    AdDetail,
    Creative,
    CreativeDetail,
    Creator,
    CreatorDetail,
    Live,
    LiveDetail,
    Product,
    ProductDetail,
    ProductRanking,
    Seller,
    SellerDetail,
    Video,
    VideoDetail,
)

pytestmark = pytest.mark.anyio

ENTITIES: dict[str, tuple[type[Model], type[Model], tuple[str, ...]]] = {
    "products": (Product, ProductDetail, ("core", "channel")),
    "sellers": (Seller, SellerDetail, ("core", "channel")),
    "creators": (Creator, CreatorDetail, ("core", "channel", "portrait")),
    "videos": (Video, VideoDetail, ("core",)),
    "lives": (Live, LiveDetail, ("core",)),
    "ads": (Ad, AdDetail, ("core",)),
    "creatives": (Creative, CreativeDetail, ("analysis", "embedding")),
}
SIMULATOR_ONLY: dict[str, frozenset[str]] = {
    # The simulator filters niches by an id; the catalogue only documents the label.
    "creators": frozenset({"category_id"}),
    "lives": frozenset({"user_category_id"}),
}


async def _get(sim: Any, key: str, path: str, **params: str) -> Any:
    async with (
        aiohttp.ClientSession(headers={"X-API-Key": key}) as session,
        session.get(f"{sim.url}/open/v1/{path}", params={"country": "us", **params}) as reply,
    ):
        assert reply.status == 200
        return (await reply.json())["data"]


def _known_only(entity: str, record: dict[str, Any]) -> dict[str, Any]:
    ignored = SIMULATOR_ONLY.get(entity, frozenset())
    assert ignored <= record.keys(), f"simulator no longer sends {sorted(ignored - record.keys())}"
    return {k: v for k, v in record.items() if k not in ignored}


@pytest.mark.parametrize("entity", ENTITIES)
async def test_search_rows_decode_strictly(trenz_simulator, trenz_api_key, entity: str) -> None:
    row_model = ENTITIES[entity][0]
    data = await _get(trenz_simulator, trenz_api_key, f"{entity}/search")
    converter = make_converter(strict=True)
    assert data["items"]
    for row in data["items"]:
        converter.structure(_known_only(entity, row), row_model)


@pytest.mark.parametrize("entity", ENTITIES)
async def test_detail_decodes_strictly(trenz_simulator, trenz_api_key, entity: str) -> None:
    _, detail_model, sections = ENTITIES[entity]
    search = await _get(trenz_simulator, trenz_api_key, f"{entity}/search", page_size="1")
    record_id = search["items"][0]["id"]
    data = await _get(
        trenz_simulator, trenz_api_key, f"{entity}/{record_id}", include=",".join(sections)
    )
    shaped = {"item": _known_only(entity, data["items"][0])}
    assert all(len(data[name]["items"]) == 1 for name in sections)  # one record by nature
    shaped.update({name: data[name]["items"][0] for name in sections})
    detail = make_converter(strict=True).structure(shaped, detail_model)
    assert all(getattr(detail, name) for name in sections)


@pytest.mark.parametrize("entity", ENTITIES)
async def test_fast_and_general_decoding_agree(trenz_simulator, trenz_api_key, entity: str) -> None:
    """A plain dict takes the generated fast path, a read-only mapping the general one."""
    row_model = ENTITIES[entity][0]
    data = await _get(trenz_simulator, trenz_api_key, f"{entity}/search")
    converter = make_converter()
    for row in data["items"]:
        fast = converter.structure(row, row_model)
        general = converter.structure(MappingProxyType(row), row_model)
        assert type(fast) is type(general) is row_model
        assert attrs.asdict(fast) == attrs.asdict(general)
        assert fast.extras == general.extras


RANKING_SIMULATOR_ONLY = frozenset({"listed_time", "sales_trend", "date_span_ms"})
"""Ranking fields the simulator sends under names the catalogue does not spell out."""


@pytest.mark.parametrize("ranking", ["top-selling", "most-promoted", "new-arrivals"])
async def test_ranking_rows_decode_strictly(trenz_simulator, trenz_api_key, ranking: str) -> None:
    dated = {} if ranking == "new-arrivals" else {"date": "20261101", "granularity": "weekly"}
    data = await _get(trenz_simulator, trenz_api_key, f"products/rankings/{ranking}", **dated)
    converter = make_converter(strict=True)
    assert data["items"]
    for row in data["items"]:
        assert row.keys() >= RANKING_SIMULATOR_ONLY
        known = {k: v for k, v in row.items() if k not in RANKING_SIMULATOR_ONLY}
        decoded = converter.structure(known, ProductRanking)
        assert decoded.interval_gmv is None or isinstance(decoded.interval_gmv, Money)
        assert isinstance(decoded.gmv_3d, Money)
