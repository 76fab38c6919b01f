"""Research API state: daily quotas, ``search_id`` cursors, and the API's own faults.

**Daily quotas** (notes "Limits"), per client, per UTC day of the simulator clock (reset at
00:00 UTC): ``daily_request_quota`` requests (1,000) and ``daily_record_quota`` records (100,000)
(set per client by ``sim.create_tiktok_client``). A request counts once it is valid (after the
token, scope, rate-limit and parameter checks): the 500 of a too-wide window and every
``search_id`` refusal still count. Records count as returned; a page is cut to the records
left. Once either quota is used up the query answers 429 ``daily_quota_limit_exceeded`` (not
counted).

**search_id**: unpadded base64url of ``{"last_sort": [<offset>, "<query tag>"], "sig": "..."}``.
The query tag binds it to the filters (``content_published_date_range``,
``creator_country_code``, ``creator_usernames``; ``fields`` and ``max_count`` may change between
pages); the signature makes it unforgeable. Undecodable or forged -> 400 ``invalid_params``
"Search Id ... is invalid or expired"; other filters -> 400 ``invalid_params`` naming that.

**Faults** (``sim.research_faults``): ``reject_search_id_rate``: a continuation (a request with
a ``search_id``) is refused with that probability (seeded RNG), 400 ``invalid_params`` "Search
Id ... is invalid or expired", counted. ``wide_window_500_days``: a query whose window spans more
than that many days (``max - min``) answers 500 ``internal_error``, counted.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import random
from datetime import UTC, date, datetime
from typing import Any

import attrs

from trenz_async.testing.tiktok.clients import ClientState
from trenz_async.testing.tiktok.envelope import DEFAULT_MESSAGES, TikTokError
from trenz_async.testing.tiktok.research_data import CommercialLibrary

QUOTA_CODE = "daily_quota_limit_exceeded"


@attrs.frozen
class ResearchQuery:
    """A validated commercial-content query (see ``research_routes`` for the wire)."""

    client: ClientState
    now: float
    first: date
    last: date
    country: str | None
    usernames: frozenset[str]
    fields: tuple[str, ...]
    max_count: int
    search_id: str | None

    @property
    def tag(self) -> str:
        """What binds a search_id to these filters (not to fields or max_count)."""
        names = ",".join(sorted(self.usernames))
        key = f"{self.first:%Y%m%d}|{self.last:%Y%m%d}|{self.country or 'ALL'}|{names}"
        return hashlib.sha256(key.encode()).hexdigest()[:16]


class SearchIds:
    """Encodes and checks ``search_id`` cursors for one simulator (keyed by its seed)."""

    def __init__(self, seed: int) -> None:
        self._secret = f"search-ids:{seed}"

    def encode(self, tag: str, offset: int) -> str:
        """Return the search_id that resumes the query ``tag`` at ``offset``."""
        payload = {"last_sort": [offset, tag], "sig": self._sign(tag, offset)}
        raw = json.dumps(payload, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def offset(self, search_id: str, tag: str) -> int:
        """Return the offset ``search_id`` resumes at; raise 400 ``invalid_params`` otherwise."""
        try:
            raw = base64.urlsafe_b64decode(search_id + "=" * (-len(search_id) % 4))
            payload = json.loads(raw)
            offset, got_tag = payload["last_sort"]
            valid = payload["sig"] == self._sign(str(got_tag), int(offset)) and offset >= 0
        except (binascii.Error, ValueError, TypeError, KeyError):
            valid = False
        if not valid:
            raise TikTokError("invalid_params", expired(search_id))
        if got_tag != tag:
            raise TikTokError(
                "invalid_params",
                "search_id belongs to a query with other filters: send the same filters as "
                "the query that returned it, or no search_id to start a new search",
            )
        return int(offset)

    def _sign(self, tag: str, offset: int) -> str:
        return hashlib.sha256(f"{self._secret}|{tag}|{offset}".encode()).hexdigest()[:12]


def expired(search_id: str) -> str:
    """The message of a refused search_id."""
    return f"Search Id {search_id} is invalid or expired"


class Research:
    """Quota ledgers, cursors and fault knobs of the commercial content query."""

    def __init__(self, seed: int, library: CommercialLibrary) -> None:
        self.seed = seed
        self.library = library
        self.search_ids = SearchIds(seed)
        self._usage: dict[tuple[str, str], list[int]] = {}
        self.reject_search_id_rate = 0.0
        self.wide_window_500_days: int | None = None
        self._rng = random.Random(f"research-faults:{seed}")

    def set_faults(
        self, reject_search_id_rate: float = 0.0, wide_window_500_days: int | None = None
    ) -> None:
        """Arm (or, with the defaults, disarm) the Research API's own faults."""
        if not 0.0 <= reject_search_id_rate <= 1.0:
            raise ValueError("reject_search_id_rate must be between 0 and 1")
        if wide_window_500_days is not None and wide_window_500_days < 0:
            raise ValueError("wide_window_500_days must be >= 0 or None")
        self.reject_search_id_rate = reject_search_id_rate
        self.wide_window_500_days = wide_window_500_days
        self._rng = random.Random(f"research-faults:{self.seed}")

    def forget_usage(self) -> None:
        """Forget every quota ledger and disarm the faults."""
        self._usage.clear()
        self.set_faults()

    def used(self, client_key: str, now: float) -> tuple[int, int]:
        """``(requests, records)`` used by ``client_key`` on the UTC day of ``now``."""
        requests, records = self._usage.get((client_key, _day(now)), (0, 0))
        return requests, records

    def check_quota(self, client: ClientState, now: float) -> None:
        """Raise 429 ``daily_quota_limit_exceeded`` once a daily quota is used up."""
        requests, records = self.used(client.client_key, now)
        if requests >= client.daily_request_quota:
            what = f"{client.daily_request_quota} requests"
        elif records >= client.daily_record_quota:
            what = f"{client.daily_record_quota} records"
        else:
            return
        raise TikTokError(
            QUOTA_CODE, f"The daily quota of {what} is used up; it resets at 00:00 UTC."
        )

    def query(self, q: ResearchQuery) -> dict[str, Any]:
        """Count the request, apply the faults, and answer one page."""
        ledger = self._usage.setdefault((q.client.client_key, _day(q.now)), [0, 0])
        ledger[0] += 1
        limit = self.wide_window_500_days
        if limit is not None and (q.last - q.first).days > limit:
            raise TikTokError("internal_error", DEFAULT_MESSAGES["internal_error"])
        offset = 0
        if q.search_id is not None:
            offset = self.search_ids.offset(q.search_id, q.tag)
            rate = self.reject_search_id_rate
            if rate > 0 and self._rng.random() < rate:
                raise TikTokError("invalid_params", expired(q.search_id))
        found = self.library.contents(q.first, q.last, q.country, q.usernames)
        found = [item for item in found if item.create_timestamp <= q.now]
        size = min(q.max_count, q.client.daily_record_quota - ledger[1])  # >= 1: checked
        page = found[offset : offset + size]
        ledger[1] += len(page)
        end = offset + len(page)
        return {
            "commercial_contents": [_pick(item.wire, q.fields) for item in page],
            "has_more": end < len(found),
            "search_id": self.search_ids.encode(q.tag, end),
        }


def _pick(wire: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: wire[name] for name in fields}


def _day(now: float) -> str:
    return datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%d")
