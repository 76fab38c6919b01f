"""Type-checked by tests/test_public_typing.py under mypy --strict; never run."""

from __future__ import annotations

from trenz_async import TrenzClient


async def iterate(trenz: TrenzClient) -> None:
    page = await trenz.data.products.search(country="us")
    for product in page:
        reveal_type(product)  # noqa: F821
    detail = await trenz.data.creators.get("1", country="us", include="portrait")
    reveal_type(detail.portrait)  # noqa: F821
