"""The demo job: harvest the top products of several markets at once, against the simulator.

It starts the simulator in-process (with 5% injected 503s, so retries are visible), walks
each market's best sellers by 7-day GMV with the pager, fetches the leader's detail and
related videos, and returns one summary row per market.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import anyio
import attrs

from trenz_async import EventHooks, RetryEvent, TrenzClient
from trenz_async.cli.progress import Progress
from trenz_async.models.data import Product
from trenz_async.testing import FaultRule, Simulator

__all__ = ["DEMO_MARKETS", "MarketSummary", "harvest_market", "run_demo", "summary_table"]

DEMO_MARKETS = ("us", "gb", "de", "jp")
SUMMARY_HEADERS = ("market", "products", "leader", "price", "GMV 7d", "videos", "sellers")
"""``products`` is harvested/matching; the other figures are the leader's, then unique sellers."""
SUMMARY_LEADER = 2
"""The column (the leader's name) that is cut first when the table is too wide."""
SUMMARY_NUMBERS = (1, 3, 4, 5, 6)


@attrs.frozen
class MarketSummary:
    """What the demo harvested in one market."""

    country: str
    harvested: int
    matching: int
    leader: str
    leader_price: str
    leader_gmv_7d: str
    leader_videos: int
    unique_sellers: int


def _money(product: Product, field: str) -> str:
    money = getattr(product, field)
    if money is None or money.value is None:
        return "-"
    if money.unit in (None, "", "USD"):
        return f"${money.value:,.2f}"
    return f"{money.value:,.2f} {money.unit}"


def summary_table(rows: Sequence[MarketSummary]) -> tuple[list[str], list[list[str]]]:
    """The headers and cells of the demo's summary, one row per market."""
    cells = [
        [r.country, f"{r.harvested}/{r.matching}", r.leader, r.leader_price, r.leader_gmv_7d,
         str(r.leader_videos), str(r.unique_sellers)]
        for r in rows
    ]  # fmt: skip
    return list(SUMMARY_HEADERS), cells


async def harvest_market(
    trenz: TrenzClient, country: str, limit: int, progress: Progress
) -> MarketSummary:
    """Walk ``country``'s top ``limit`` products by 7-day GMV and look at the leader."""
    products: list[Product] = []
    matching = 0
    async for page in trenz.data.products.search(country=country, sort="gmv_7d:desc").pages():
        if page.page == 1:
            matching = page.total
            progress.add(country, min(limit, matching))
        for product in page.items[: limit - len(products)]:
            products.append(product)
            progress.advance(country)
        if len(products) >= limit:
            break
    if not products:
        return MarketSummary(country, 0, matching, "-", "-", "-", 0, 0)
    leader = (await trenz.data.products.get(products[0].id, country=country, include=["core"])).item
    videos = await trenz.data.products.videos(leader.id, country=country, page_size=1)
    return MarketSummary(
        country=country,
        harvested=len(products),
        matching=matching,
        leader=(leader.product_title or leader.product_name or leader.id)[:40],
        leader_price=_money(leader, "floor_price"),
        leader_gmv_7d=_money(leader, "product_gmv_for_last_7_days"),
        leader_videos=videos.total,
        unique_sellers=len({p.seller_id for p in products if p.seller_id}),
    )


async def run_demo(
    progress: Progress,
    *,
    markets: Sequence[str] = DEMO_MARKETS,
    limit: int = 100,
    seed: int = 2026,
    fault_rate: float = 0.05,
) -> tuple[list[MarketSummary], Counter[str]]:
    """Run the harvest against a fresh in-process simulator; return rows and call stats."""
    stats: Counter[str] = Counter()

    def count_retry(event: RetryEvent) -> None:
        stats["retries"] += 1

    hooks = EventHooks(on_request=[lambda e: stats.update(["requests"])], on_retry=[count_retry])
    async with Simulator(seed=seed, rate_limit_per_minute=1200) as sim:
        key = sim.create_api_key()
        if fault_rate:
            sim.add_fault(FaultRule(route="GET /open/v1/*", status=503, probability=fault_rate))
        summaries: dict[str, MarketSummary] = {}
        async with TrenzClient(
            key, base_url=sim.url, rate_limit_per_minute=1200, hooks=hooks
        ) as trenz:

            async def one(country: str) -> None:
                summaries[country] = await harvest_market(trenz, country, limit, progress)

            with progress:
                async with anyio.create_task_group() as group:
                    for country in markets:
                        group.start_soon(one, country)
        stats["coins_used"] = 1_000_000 - sim.balance(key)
    return [summaries[c] for c in markets], stats
