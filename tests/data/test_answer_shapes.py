"""``trenz.data.products`` against answers shaped otherwise than the simulator's, over HTTP:
lists without a count, ranking rows keyed only by ``product_id``."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from tests.helpers import answer_with
from trenz_async import TrenzClient

pytestmark = pytest.mark.anyio


async def _answers_without_a_count(sim: Any, key: str, pages: int) -> list[dict[str, Any]]:
    """The search's first ``pages`` answers (5 rows a page) as sent, their counts removed."""
    answers = []
    async with aiohttp.ClientSession(headers={"X-API-Key": key}) as http:
        for number in range(1, pages + 1):
            query = {"country": "us", "keyword": "Desk Lamp", "page": number, "page_size": 5}
            async with http.get(f"{sim.url}/open/v1/products/search", params=query) as answer:
                body = await answer.json()
            body["data"].pop("total_count", None)
            body.pop("total", None)
            answers.append(body)
    sim.reset()
    return answers


def _inject(sim: Any, answers: list[dict[str, Any]]) -> None:
    for body in answers:
        answer_with(sim, "GET /open/v1/products/search", body)


async def test_an_answer_without_a_count_pages_on_while_pages_are_full(
    client: TrenzClient, trenz_simulator: Any, trenz_api_key: str
) -> None:
    answers = await _answers_without_a_count(trenz_simulator, trenz_api_key, 3)
    answers[2]["data"]["items"] = answers[2]["data"]["items"][:2]  # a short page: the last
    _inject(trenz_simulator, answers)
    pager = client.data.products.search(country="us", keyword="Desk Lamp", page_size=5)
    pages = [page async for page in pager.pages()]
    assert [len(page.items) for page in pages] == [5, 5, 2]
    assert [page.has_next for page in pages] == [True, True, False]
    assert [page.total for page in pages] == [5, 10, 12]  # what was seen so far


async def test_an_answer_without_a_count_follows_its_has_more(
    client: TrenzClient, trenz_simulator: Any, trenz_api_key: str
) -> None:
    answers = await _answers_without_a_count(trenz_simulator, trenz_api_key, 1)
    answers[0]["data"]["has_more"] = False
    _inject(trenz_simulator, answers)
    pager = client.data.products.search(country="us", keyword="Desk Lamp", page_size=5)
    pages = [page async for page in pager.pages()]
    assert [(len(page.items), page.has_next) for page in pages] == [(5, False)]


async def test_a_ranking_row_keyed_only_by_product_id_takes_it_as_its_id(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    row = {"product_id": "1729384756", "product_name": "Desk Lamp", "interval_sold_count": 5}
    answer = {"code": "OK", "data": {"items": [row], "total_count": 1}}
    answer_with(trenz_simulator, "GET /open/v1/products/rankings/new-arrivals", answer)
    page = await client.data.products.new_arrivals(country="us")
    assert [(r.id, r.product_id) for r in page.items] == [("1729384756", "1729384756")]
