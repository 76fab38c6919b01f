"""A misspelled keyword fails when the method is called, naming the closest match."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

from trenz_async import TrenzClient, ValidationError
from trenz_async.errors import UnexpectedArgumentError
from trenz_async.resources.data._common import BoundRelatedList

pytestmark = pytest.mark.anyio
DETAIL = {"product_id": "1", "country": "us"}
RANKING = {"country": "us", "date": "20261101", "granularity": "daily"}


@pytest.mark.parametrize(
    ("call", "arguments", "typo", "suggestion"),
    [
        ("products.search", {"country": "us", "keywrd": "x"}, "keywrd", "keyword"),
        ("products.search", {"country": "us", "timout": 5}, "timout", "timeout"),
        ("products.search", {"country": "us", "pagesize": 5}, "pagesize", "page_size"),
        ("products.get", {**DETAIL, "includes": ["core"]}, "includes", "include"),
        ("creators.videos", {"country": "us", "deadlin": 3}, "deadlin", "deadline"),
        ("videos.search", {"country": "us", "min_view": 3}, "min_view", "min_views"),
        ("products.top_selling", {**RANKING, "sorting": "x"}, "sorting", "sort"),
        ("sellers.search", {"country": "us", "zzzz": 1}, "zzzz", None),
    ],
)  # fmt: skip
async def test_a_misspelled_keyword_fails_at_the_call_with_a_suggestion(
    client: TrenzClient,
    trenz_simulator: Any,
    call: str,
    arguments: dict[str, Any],
    typo: str,
    suggestion: str | None,
) -> None:
    namespace, name = call.split(".")
    method = getattr(getattr(client.data, namespace), name)
    args = ("7495000000000000000",) if isinstance(method, BoundRelatedList) else ()
    with pytest.raises(UnexpectedArgumentError) as caught:
        method(*args, **arguments)  # not awaited: the error comes from the call itself
    error = caught.value
    assert error.field == typo
    assert error.suggestion == suggestion
    assert f"unexpected keyword argument {typo!r}" in str(error)
    if suggestion:
        assert f"did you mean {suggestion!r}?" in str(error)
    assert isinstance(error, TypeError)  # like Python's own
    assert isinstance(error, ValidationError)
    assert trenz_simulator.journal == []


async def test_every_public_method_checks_its_keywords(client: TrenzClient) -> None:
    for namespace in ("products", "sellers", "creators", "videos", "lives", "ads", "creatives"):
        resource = getattr(client.data, namespace)
        for name, member in inspect.getmembers(resource):
            if name.startswith("_") or not callable(member):
                continue
            target = member.__call__ if isinstance(member, BoundRelatedList) else member
            assert getattr(target, "__checked__", False), f"{namespace}.{name} is not checked"


async def test_get_validates_when_called_not_when_awaited(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    with pytest.raises(ValidationError) as caught:
        client.data.products.get("1", country="zz")
    assert caught.value.field == "country"
    assert trenz_simulator.journal == []


async def test_keyword_checks_accept_every_documented_argument(client: TrenzClient) -> None:
    pager = client.data.products.search(
        country="us",
        keyword="lamp",
        sort="price:asc",
        page=2,
        page_size=5,
        timeout=5,
        deadline=None,
    )
    assert (pager.page, pager.page_size) == (2, 5)
    detail = await client.data.products.get(
        (await client.data.products.search(country="us")).items[0].id,
        country="us",
        include="core",
        timeout=10,
    )
    assert detail.core is not None
