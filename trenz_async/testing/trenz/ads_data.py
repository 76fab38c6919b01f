"""Seeded records of the Ads management API: ad accounts, ads, landing pages, fields, leads.

Everything comes from ``random.Random(f"{seed}:ads_mgmt")`` in one pass, so a seed always gives
the same ids. Daily insights are not stored: :func:`daily_metrics` derives one ad's day from
seed + ad id + date, so any date range reads the same numbers whenever it is asked for.
Times are unix seconds; money is a float in the account's currency.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs

#: The generator's "today": ads are created before it (insights then run to the clock's day).
ADS_BASE = date(2026, 9, 1)
OBJECTIVES = ("PRODUCT_SALES", "CONVERSIONS", "TRAFFIC", "LEAD_GENERATION", "VIDEO_VIEWS", "REACH")
GOALS = {"PRODUCT_SALES": "VALUE", "CONVERSIONS": "CONVERT", "TRAFFIC": "CLICK"}
ACCOUNTS = (
    ("Lumen Home US", "USD", "America/Los_Angeles", "active"),
    ("Glow Lab SEA", "USD", "Asia/Singapore", "active"),
    ("Nordic Desk EU", "EUR", "Europe/Berlin", "suspended"),
)
PRODUCTS = ("Desk Lamp", "Serum", "Yoga Mat", "Earbuds", "Air Fryer", "Backpack", "Phone Case")
CTAS = ("Shop now", "Learn more", "Sign up", "Order now")
#: Landing page form fields: (key, label, type, required, options).
FIELD_POOL: tuple[tuple[str, str, str, bool, tuple[str, ...]], ...] = (
    ("full_name", "Full name", "text", True, ()),
    ("email", "Email", "email", True, ()),
    ("phone", "Phone number", "phone", False, ()),
    ("city", "City", "text", False, ()),
    ("budget", "Monthly budget", "select", False, ("< $500", "$500-$2,000", "> $2,000")),
)
CITIES = ("Austin", "Berlin", "Singapore", "Manila", "Lyon", "Osaka", "Denver")
NAMES = ("Alex Kim", "Maria Lopez", "Sam Tan", "Jonas Berg", "Priya Nair", "Leo Martin")


def to_unix(day: date) -> int:
    """Return the unix seconds of ``day``'s midnight UTC."""
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


@attrs.define
class AdAccount:
    """One ad account (``remark`` is the only thing the API changes)."""

    advertiser_id: str
    name: str
    currency: str
    timezone: str
    status: str
    balance: float
    create_time: int
    remark: str = ""

    def view(self) -> dict[str, Any]:
        """Return the account as listed."""
        return attrs.asdict(self)


@attrs.frozen
class Ad:
    """One ad; it delivers from ``start_day`` until ``stop_day`` (DISABLE ads stopped)."""

    ad_id: str
    advertiser_id: str
    name: str
    status: str
    budget: float
    objective: str
    create_time: int
    campaign_id: str
    campaign_name: str
    start_day: date
    stop_day: date | None
    cover_seed: str

    def row(self) -> dict[str, Any]:
        """Return the ad as listed."""
        return {
            "ad_id": self.ad_id,
            "advertiser_id": self.advertiser_id,
            "name": self.name,
            "status": self.status,
            "budget": self.budget,
            "objective": self.objective,
            "create_time": self.create_time,
            "campaign_id": self.campaign_id,
            "campaign_name": self.campaign_name,
        }

    def detail(self) -> dict[str, Any]:
        """Return the ad with its delivery settings and creative."""
        rng = random.Random(self.cover_seed)
        product = self.name.split(" - ")[0]
        return {
            **self.row(),
            "budget_mode": "BUDGET_MODE_DAY",
            "optimization_goal": GOALS.get(self.objective, "SHOW"),
            "bid_price": round(rng.uniform(0.2, 3.0), 2),
            "landing_page_url": f"https://shop.example.com/lp/{self.ad_id}",
            "creative": {
                "video_url": f"https://oss-data.trenz.ai/sim/ads_mgmt/{self.ad_id}.mp4",
                "cover_url": f"https://oss-data.trenz.ai/sim/ads_mgmt/{self.ad_id}.jpg",
                "ad_text": f"{product}: {rng.choice(('new', 'sale', 'top pick'))}",
                "call_to_action": rng.choice(CTAS),
            },
        }


@attrs.frozen
class LandingPage:
    """A lead form page of one account, with its field definitions."""

    page_id: str
    advertiser_id: str
    title: str
    url: str
    create_time: int
    fields: tuple[dict[str, Any], ...]

    def row(self) -> dict[str, Any]:
        """Return the page as listed."""
        return {
            "page_id": self.page_id,
            "advertiser_id": self.advertiser_id,
            "title": self.title,
            "url": self.url,
            "status": "published",
            "create_time": self.create_time,
        }


@attrs.frozen
class AdsData:
    """All generated Ads management records of one simulator."""

    accounts: tuple[AdAccount, ...]
    ads: tuple[Ad, ...]
    pages: tuple[LandingPage, ...]
    leads: tuple[dict[str, Any], ...]


def _digits(rng: random.Random, length: int) -> str:
    return str(rng.randrange(10 ** (length - 1), 10**length))


def generate(seed: int) -> AdsData:
    """Return the seeded accounts, ads, landing pages and leads."""
    rng = random.Random(f"{seed}:ads_mgmt")
    accounts, ads, pages, leads = [], [], [], []
    for name, currency, timezone, status in ACCOUNTS:
        created = ADS_BASE - timedelta(days=rng.randint(200, 700))
        account = AdAccount(
            _digits(rng, 19), name, currency, timezone, status,
            round(rng.uniform(100, 20_000), 2), to_unix(created),
        )  # fmt: skip
        accounts.append(account)
        account_ads = _ads(rng, account)
        ads.extend(account_ads)
        for n in range(rng.randint(1, 2)):
            page = _page(rng, account, n)
            pages.append(page)
            leads.extend(_leads(rng, page, account_ads))
    leads.sort(key=lambda lead: (-lead["create_time"], lead["lead_id"]))
    return AdsData(tuple(accounts), tuple(ads), tuple(pages), tuple(leads))


def _ads(rng: random.Random, account: AdAccount) -> list[Ad]:
    ads = []
    campaign_id, campaign_name = "", ""
    for n in range(rng.randint(6, 12)):
        if n % 3 == 0:
            objective = rng.choice(OBJECTIVES)
            campaign_id = _digits(rng, 19)
            campaign_name = f"{objective.title().replace('_', ' ')} campaign {n // 3 + 1}"
        start = ADS_BASE - timedelta(days=rng.randint(5, 150))
        enabled = rng.random() < 0.7
        stop = None if enabled else start + timedelta(days=rng.randint(3, 30))
        ad_id = _digits(rng, 19)
        ads.append(
            Ad(
                ad_id, account.advertiser_id,
                f"{rng.choice(PRODUCTS)} - {objective.lower()} #{n + 1}",
                "ENABLE" if enabled else "DISABLE",
                float(rng.choice((20, 50, 100, 200, 500))), objective, to_unix(start),
                campaign_id, campaign_name, start, stop, f"{ad_id}:creative",
            )
        )  # fmt: skip
    return ads


def _page(rng: random.Random, account: AdAccount, n: int) -> LandingPage:
    page_id = _digits(rng, 16)
    chosen = [FIELD_POOL[0], FIELD_POOL[1], *rng.sample(FIELD_POOL[2:], rng.randint(1, 3))]
    fields = tuple(
        {
            "field_id": f"{page_id}{i:02d}",
            "name": key,
            "label": label,
            "type": kind,
            "required": required,
            "options": list(options),
        }
        for i, (key, label, kind, required, options) in enumerate(chosen)
    )
    created = ADS_BASE - timedelta(days=rng.randint(130, 300))
    title = f"{account.name} lead form {n + 1}"
    url = f"https://lp.example.com/{page_id}"
    return LandingPage(page_id, account.advertiser_id, title, url, to_unix(created), fields)


def _leads(rng: random.Random, page: LandingPage, ads: list[Ad]) -> list[dict[str, Any]]:
    leads = []
    for _ in range(rng.randint(5, 40)):
        name = rng.choice(NAMES)
        values = {
            "full_name": name,
            "email": f"{name.split()[0].lower()}{rng.randint(1, 999)}@example.com",
            "phone": f"+1555{rng.randint(1_000_000, 9_999_999)}",
            "city": rng.choice(CITIES),
        }
        fields = {}
        for field in page.fields:
            key = field["name"]
            if field["required"] or rng.random() < 0.7:
                fields[key] = rng.choice(field["options"]) if field["options"] else values[key]
        when = to_unix(ADS_BASE) - rng.randint(0, 120 * 86_400)
        leads.append(
            {
                "lead_id": _digits(rng, 19),
                "page_id": page.page_id,
                "advertiser_id": page.advertiser_id,
                "ad_id": rng.choice(ads).ad_id,
                "fields": fields,
                "create_time": when,
            }
        )
    return leads


def daily_metrics(seed: int, ad: Ad, day: date) -> tuple[int, int, int, int]:
    """Return ``(spend_cents, impressions, clicks, conversions)`` of ``ad`` on ``day``.

    Zero before its start and after its stop; stable for a seed, ad and day.
    """
    if day < ad.start_day or (ad.stop_day is not None and day > ad.stop_day):
        return 0, 0, 0, 0
    rng = random.Random(f"{seed}:insight:{ad.ad_id}:{day.isoformat()}")
    impressions = int(ad.budget * rng.uniform(60, 220))
    clicks = int(impressions * rng.uniform(0.004, 0.03))
    conversions = int(clicks * rng.uniform(0.01, 0.12))
    spend_cents = min(int(ad.budget * 100), int(impressions * rng.uniform(400, 1200) / 1000))
    return spend_cents, impressions, clicks, conversions
