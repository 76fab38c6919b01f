"""An unknown id, the same way for every entity: detail raises, related lists are empty."""

from __future__ import annotations

from typing import Any

import pytest

from trenz_async import NotFoundError, TrenzClient
from trenz_async.errors import RECORD_NOT_FOUND
from trenz_async.resources.data._common import BoundRelatedList

pytestmark = pytest.mark.anyio
ENTITIES = ("products", "sellers", "creators", "videos", "lives", "ads", "creatives")
UNKNOWN = "1000000000000000001"


@pytest.mark.parametrize("entity", ENTITIES)
async def test_a_detail_of_an_unknown_id_raises_not_found(
    client: TrenzClient, trenz_simulator: Any, entity: str
) -> None:
    with pytest.raises(NotFoundError) as caught:
        await getattr(client.data, entity).get(UNKNOWN, country="de")
    error = caught.value
    assert (error.status, error.code) == (200, RECORD_NOT_FOUND)
    assert repr(UNKNOWN) in error.message
    assert "market de" in error.message
    assert error.request_id  # the call is identifiable to support
    assert len(trenz_simulator.journal) == 1  # not retried


@pytest.mark.parametrize("entity", ENTITIES)
async def test_every_related_list_of_an_unknown_id_is_an_empty_page(
    client: TrenzClient, entity: str
) -> None:
    resource = getattr(client.data, entity)
    lists = [
        name for name in dir(resource) if isinstance(getattr(resource, name), BoundRelatedList)
    ]
    assert lists or entity == "creatives"
    for name in lists:
        page = await getattr(resource, name)(UNKNOWN, country="us")
        assert (page.items, page.total, page.has_next) == ([], 0, False), name
