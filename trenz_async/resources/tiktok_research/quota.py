"""The Research API's daily quota, kept on the client side: a ledger per client key.

TikTok allows each client 1,000 requests and 100,000 records a day, reset at 00:00 UTC
(tiktok_notes "Limits"); past either, queries answer 429 ``daily_quota_limit_exceeded``.
A :class:`QuotaLedger` counts both so that a harvest stops *before* sending a request the
quota would refuse::

    ledger = QuotaLedger("research-quota.json")            # shared by every run using the file
    tiktok.research.commercial_content.ledger = ledger      # or pass ledger= per call

What it counts, per client key and UTC day of its ``clock``:

* a request when it is about to be sent (:meth:`QuotaLedger.acquire`, which refuses with
  :class:`~trenz_async.errors.QuotaExceededError` saying when the quota resets, or, with
  ``wait_for_reset=True``, sleeps until then); the service counts refused ``search_id``
  continuations and wide-window 500s too, and so does the ledger. A query that ends in a 5xx
  after the transport's retries is counted as the retry policy's ``max_attempts`` requests
  (it may have sent that many); a read that succeeded after a retry counts one, so keep a
  margin if other retries (connection errors, 429s) are frequent;
* the records of each answer once it arrives;
* the service's own 429 ``daily_quota_limit_exceeded``: the day is marked used up.

Storage: in memory (one process), or a JSON file (``path``) that separate runs share. The file
is rewritten atomically (temporary file, fsync, rename); every read-modify-write holds a lock
per file within the process and, on POSIX, an advisory ``flock`` on ``<path>.lock`` across
processes. Limits: on systems without ``fcntl`` (Windows) two processes updating the file at
the same instant can lose one update (the last writer wins), and a file on a network share
may not honour ``flock``; the service's own 429 stays the final word in every case. The file
holds client keys (identifiers, not secrets) and counts only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, Final

import anyio
import attrs

from trenz_async.errors import ConfigurationError, QuotaExceededError, ValidationError

try:  # POSIX only
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]
_CAN_FLOCK: Final[bool] = fcntl is not None

__all__ = [
    "DAILY_RECORDS",
    "DAILY_REQUESTS",
    "QUOTA_CODE",
    "QuotaLedger",
    "QuotaUsage",
]

DAILY_REQUESTS: Final = 1000
DAILY_RECORDS: Final = 100_000
QUOTA_CODE: Final = "daily_quota_limit_exceeded"
"""The service's code for a used-up daily quota (the ledger's refusals carry it too)."""
_FILE_VERSION: Final = 1

Clock = Callable[[], float]
"""Returns the time as epoch seconds (``time.time``)."""
Sleep = Callable[[float], Awaitable[None]]
"""Sleeps that many seconds (``anyio.sleep``)."""


@attrs.frozen(slots=True)
class QuotaUsage:
    """What one client used on one UTC ``day``, and what is left.

    ``exhausted`` is true once the service itself answered 429 daily_quota_limit_exceeded
    that day. ``resets_at`` is the next 00:00 UTC.
    """

    client_key: str
    day: dt.date
    requests: int
    records: int
    exhausted: bool
    requests_per_day: int
    records_per_day: int

    @property
    def resets_at(self) -> dt.datetime:
        """00:00 UTC after ``day``."""
        midnight = dt.datetime(self.day.year, self.day.month, self.day.day, tzinfo=dt.UTC)
        return midnight + dt.timedelta(days=1)

    @property
    def requests_left(self) -> int:
        """Requests the ledger still allows today."""
        return 0 if self.exhausted else max(0, self.requests_per_day - self.requests)

    @property
    def records_left(self) -> int:
        """Records the ledger still allows today."""
        return 0 if self.exhausted else max(0, self.records_per_day - self.records)

    @property
    def used_up(self) -> bool:
        """True when no request may be sent before :attr:`resets_at`."""
        return self.requests_left == 0 or self.records_left == 0


_PROCESS_LOCKS: dict[str, threading.Lock] = {}
_PROCESS_LOCKS_GUARD = threading.Lock()


def _process_lock(key: str) -> threading.Lock:
    with _PROCESS_LOCKS_GUARD:
        lock = _PROCESS_LOCKS.get(key)
        if lock is None:
            lock = _PROCESS_LOCKS[key] = threading.Lock()
        return lock


class QuotaLedger:
    """Daily request and record counts per client key, in memory or in a JSON file.

    ``path``: where to keep the counts (``None``: in memory, this process only).
    ``requests_per_day``/``records_per_day``: the quota (TikTok's defaults). With
    ``wait_for_reset=True`` a used-up quota makes :meth:`acquire` sleep until 00:00 UTC
    (plus ``reset_margin`` seconds) instead of raising. ``clock`` and ``sleep`` are injectable
    (tests pass the simulator's clock and a sleep that advances it).
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        requests_per_day: int = DAILY_REQUESTS,
        records_per_day: int = DAILY_RECORDS,
        wait_for_reset: bool = False,
        reset_margin: float = 1.0,
        clock: Clock = time.time,
        sleep: Sleep = anyio.sleep,
    ) -> None:
        for name, value in (
            ("requests_per_day", requests_per_day),
            ("records_per_day", records_per_day),
        ):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValidationError(name, "must be an integer >= 1", value)
        if not isinstance(wait_for_reset, bool):
            raise ValidationError("wait_for_reset", "must be True or False", wait_for_reset)
        if (
            isinstance(reset_margin, bool)
            or not isinstance(reset_margin, (int, float))
            or not (0 <= reset_margin <= 3600)
        ):
            raise ValidationError("reset_margin", "must be 0 to 3600 seconds", reset_margin)
        self.path = None if path is None else Path(path)
        self.requests_per_day = requests_per_day
        self.records_per_day = records_per_day
        self.wait_for_reset = wait_for_reset
        self.reset_margin = float(reset_margin)
        self._clock = clock
        self._sleep = sleep
        self._memory: dict[str, dict[str, Any]] = {}
        key = f"file:{os.path.realpath(self.path)}" if self.path else f"memory:{id(self)}"
        self._lock = _process_lock(key)

    def __repr__(self) -> str:
        where = str(self.path) if self.path else "memory"
        return (
            f"QuotaLedger({where}, requests_per_day={self.requests_per_day}, "
            f"records_per_day={self.records_per_day}, wait_for_reset={self.wait_for_reset})"
        )

    # -- reading --------------------------------------------------------------------------

    def today(self) -> dt.date:
        """The UTC day of the ledger's clock."""
        return dt.datetime.fromtimestamp(self._clock(), dt.UTC).date()

    def usage(self, client_key: str) -> QuotaUsage:
        """What ``client_key`` used today (zeros on a new day)."""
        with self._locked() as clients:
            return self._usage(client_key, self._entry(clients, client_key))

    # -- counting -------------------------------------------------------------------------

    async def acquire(self, client_key: str) -> None:
        """Count one request about to be sent, or refuse (or wait) when the quota is used up.

        Raises :class:`~trenz_async.errors.QuotaExceededError` (``code``
        ``daily_quota_limit_exceeded``, ``status`` None: nothing was sent, ``retry_after``
        the seconds until the reset) unless ``wait_for_reset`` is on.
        """
        while True:
            try:
                self.take(client_key)
            except QuotaExceededError as refused:
                if not self.wait_for_reset:
                    raise
                await self._sleep((refused.retry_after or 0.0) + self.reset_margin)
            else:
                return

    def take(self, client_key: str, requests: int = 1) -> None:
        """Count ``requests`` about to be sent, or raise QuotaExceededError (nothing counted)."""

        def take(entry: dict[str, Any]) -> None:
            usage = self._usage(client_key, entry)
            if usage.used_up or usage.requests_left < requests:
                raise self._refusal(usage)
            entry["requests"] += requests

        self._update(client_key, take)

    def add_requests(self, client_key: str, requests: int) -> None:
        """Count requests already sent (retries the transport made), without any check."""
        self._update(
            client_key, lambda entry: entry.__setitem__("requests", entry["requests"] + requests)
        )

    def add_records(self, client_key: str, records: int) -> None:
        """Count the records an answer carried."""
        self._update(
            client_key, lambda entry: entry.__setitem__("records", entry["records"] + records)
        )

    def mark_exhausted(self, client_key: str) -> None:
        """Note that the service refused with daily_quota_limit_exceeded: used up until reset."""
        self._update(client_key, lambda entry: entry.__setitem__("exhausted", True))

    def refusal(self, client_key: str) -> QuotaExceededError:
        """The error :meth:`acquire` raises for ``client_key`` now."""
        return self._refusal(self.usage(client_key))

    # -- internals ------------------------------------------------------------------------

    def _refusal(self, usage: QuotaUsage) -> QuotaExceededError:
        resets = usage.resets_at
        wait = max(0.0, resets.timestamp() - self._clock())
        hours, rest = divmod(int(wait), 3600)
        why = (
            "the service answered daily_quota_limit_exceeded"
            if usage.exhausted
            else f"{usage.requests}/{usage.requests_per_day} requests and "
            f"{usage.records}/{usage.records_per_day} records used"
        )
        return QuotaExceededError(
            f"TikTok Research daily quota of client {usage.client_key!r} is used up for "
            f"{usage.day:%Y-%m-%d} UTC ({why}); it resets at {resets:%Y-%m-%d %H:%M} UTC "
            f"(in {hours}h{rest // 60:02d}m). Nothing was sent.",
            code=QUOTA_CODE,
            retry_after=wait,
        )

    def _usage(self, client_key: str, entry: dict[str, Any]) -> QuotaUsage:
        return QuotaUsage(
            client_key=client_key,
            day=dt.date.fromisoformat(entry["day"]),
            requests=entry["requests"],
            records=entry["records"],
            exhausted=entry["exhausted"],
            requests_per_day=self.requests_per_day,
            records_per_day=self.records_per_day,
        )

    def _entry(self, clients: dict[str, Any], client_key: str) -> dict[str, Any]:
        """Today's entry of ``client_key`` (a fresh one on a new day)."""
        today = self.today().isoformat()
        entry = clients.get(client_key)
        if not isinstance(entry, dict) or entry.get("day") != today:
            entry = {"day": today, "requests": 0, "records": 0, "exhausted": False}
            clients[client_key] = entry
        return entry

    def _update(self, client_key: str, change: Callable[[dict[str, Any]], None]) -> None:
        with self._locked() as clients:
            entry = dict(self._entry(clients, client_key))
            change(entry)  # may raise: nothing is written then
            clients[client_key] = entry
            self._save(clients)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[dict[str, Any]]:
        with self._lock:
            if self.path is None:
                yield self._memory
                return
            with self._file_lock():
                yield self._load()

    @contextlib.contextmanager
    def _file_lock(self) -> Iterator[None]:
        if not _CAN_FLOCK:  # pragma: no cover - Windows: within the process only
            yield
            return
        assert self.path is not None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(f"{self.path}.lock", "a+b") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def _load(self) -> dict[str, Any]:
        assert self.path is not None
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        try:
            data = json.loads(text)
            clients = data["clients"]
            if data.get("version") != _FILE_VERSION or not isinstance(clients, dict):
                raise ValueError("not a quota ledger of version 1")
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigurationError(f"quota ledger {self.path} is unreadable: {exc}") from None
        return clients

    def _save(self, clients: dict[str, Any]) -> None:
        if self.path is None:
            return
        text = json.dumps({"version": _FILE_VERSION, "clients": clients}, indent=1, sort_keys=True)
        _write_atomically(self.path, text)


def _write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text``: a reader sees the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
