"""The :class:`Simulator`: a running, stateful fake of the Trenz gateway on loopback HTTP."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable, Mapping
from functools import partial
from types import TracebackType
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler

from trenz_async.testing.clock import SimClock
from trenz_async.testing.control import control_routes
from trenz_async.testing.faults import FaultEngine, FaultRule
from trenz_async.testing.gateway import Gateway
from trenz_async.testing.journal import Journal, JournalEntry
from trenz_async.testing.tiktok import TikTokHelpers, TikTokSim
from trenz_async.testing.tiktok.drama_routes import DramaApi, DramaHelpers, DramaState, drama_routes
from trenz_async.testing.trenz.ads_routes import AdsApi, ads_routes
from trenz_async.testing.trenz.ads_state import AdsState
from trenz_async.testing.trenz.content_results import Results
from trenz_async.testing.trenz.content_routes import (
    TASK_DURATIONS,
    TASK_KINDS,
    ContentApi,
    content_routes,
)
from trenz_async.testing.trenz.data_handlers import DataApi
from trenz_async.testing.trenz.data_routes import TestWrites, data_routes
from trenz_async.testing.trenz.dataset import Dataset
from trenz_async.testing.trenz.general_routes import GeneralApi, StorageHttp, general_routes
from trenz_async.testing.trenz.keys import ALL_SCOPES, KeyStore
from trenz_async.testing.trenz.routing import Route, Router
from trenz_async.testing.trenz.social_accounts import Account, SocialAccounts
from trenz_async.testing.trenz.social_analytics import Analytics
from trenz_async.testing.trenz.social_comments import CommentStore
from trenz_async.testing.trenz.social_engagement_routes import EngagementApi, engagement_routes
from trenz_async.testing.trenz.social_publishing import ANSWERS, PublishingStore, counter_names
from trenz_async.testing.trenz.social_routes import SocialApi, social_routes
from trenz_async.testing.trenz.social_tools import Hashtags, Music, Shops
from trenz_async.testing.trenz.social_videos import Prechecks, SocialVideos
from trenz_async.testing.trenz.storage import DEFAULT_MAX_BYTES, ObjectStore, StoredObject
from trenz_async.testing.trenz.tasks import DEFAULT_FAILURE, TaskStore

COMMENT_COUNTERS = {
    "created": "comments created",
    "replied": "comment replies created",
    "liked": "comment likes",
    "unliked": "comment unlikes",
    "deleted": "comments deleted",
    "synced": "comments synced",
}
SHOWCASE_ADDED = "showcase products added"
log = logging.getLogger("trenz_async.testing")
"""One line per request: ``GET /path?query -> 200 in 1.2 ms`` (INFO; 5xx and drops at WARNING)."""
SECRET_PARAMS = frozenset({"api_key", "signature", "client_secret", "access_token"})


@web.middleware
async def log_request(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Log ``request`` once answered (or dropped), with its status and time taken."""
    started = time.perf_counter()
    status: int | None = None
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as error:
        status = error.status if error.status >= 100 else None  # < 100: dropped on purpose
        raise
    except Exception:
        status = 500  # what aiohttp answers for a handler's bug
        raise
    finally:
        level = logging.INFO if status is not None and status < 500 else logging.WARNING
        if log.isEnabledFor(level):
            elapsed = (time.perf_counter() - started) * 1000
            outcome = "dropped" if status is None else str(status)
            target = _loggable_target(request)
            log.log(level, "%s %s -> %s in %.1f ms", request.method, target, outcome, elapsed)


def _loggable_target(request: web.Request) -> str:
    """The path and query, with secret parameters (``/_sim/keys/balance?api_key=``) hidden."""
    if not request.query:
        return request.path
    pairs = [f"{k}={'***' if k in SECRET_PARAMS else v}" for k, v in request.query.items()]
    return f"{request.path}?{'&'.join(pairs)}"


class Simulator(TikTokHelpers, DramaHelpers):
    """A Trenz gateway simulator with seeded data, keys, faults, a journal and a clock.

    Construction is cheap (data is generated per market and entity on first use). Start it with
    ``async with Simulator(...) as sim`` or ``await sim.start()`` / ``await sim.close()``; then
    ``sim.url`` is the base URL (``http://127.0.0.1:<port>``, no trailing slash).
    ``rate_limit_per_minute=None`` disables the default per-key rate limit.
    ``publish_answers="seed"`` makes Upload and Publish answer only ``session_token`` and
    Publish Session Status only ``status``, as the seed shows them, and Publishing Record
    List leave out each record's ``session_token`` ("full", the default, answers every field
    of the session and its publications).
    """

    def __init__(
        self,
        seed: int = 0,
        *,
        rate_limit_per_minute: int | None = 200,
        host: str = "127.0.0.1",
        port: int = 0,
        storage_max_bytes: int = DEFAULT_MAX_BYTES,
        publish_answers: str = "full",
    ) -> None:
        if publish_answers not in ANSWERS:
            raise ValueError(f"publish_answers must be one of: {', '.join(ANSWERS)}")
        self.seed = seed
        self.host = host
        self.clock = SimClock()
        self._port = port
        self._runner: web.AppRunner | None = None
        self._url: str | None = None
        self._journal = Journal()
        self._keys = KeyStore(rate_limit_per_minute)
        self._faults = FaultEngine(seed)
        self._tasks = TaskStore(self.clock.now, seed, TASK_DURATIONS)
        self.storage = ObjectStore(seed, self.clock.now, lambda: self.url, storage_max_bytes)
        self._writes = TestWrites(lambda: self._journal.bump("test_writes_acted"))
        self.dataset = Dataset(seed)
        routes = data_routes(DataApi(self.dataset)) + self._general_content_ads_routes()
        routes += self._social_routes()
        self.social_publishing.answers = publish_answers
        routes += self._engagement_routes()
        router = Router([*routes, *self._writes.routes()])
        self._gateway = Gateway(router, self._keys, self._faults, self._journal, self.clock)
        self.tiktok = TikTokSim(seed, self.clock, self._faults, self._journal)
        known = self.tiktok.clients.find
        self.drama = DramaState(seed, self.clock.now, self._journal, lambda k: known(k) is not None)
        self.tiktok.mount(drama_routes(DramaApi(self.drama)))

    def _general_content_ads_routes(self) -> list[Route]:
        """Build the General (files, tasks, verify), Content and Ads routes and the storage side."""
        self._storage_http = StorageHttp(
            self.storage, self._keys, self._faults, self._journal, self.clock
        )
        general = general_routes(GeneralApi(self.storage, self._tasks))
        results = Results(self.seed, self.dataset)
        bump = partial(self._journal.bump, "tasks submitted")
        content = ContentApi(self.seed, self._tasks, results, self.storage, bump)
        self.ads = AdsState(self.seed, self.clock.now)
        ads = AdsApi(self.ads, partial(self._journal.bump, "ads remark updates"))
        return general + content_routes(content) + ads_routes(ads)

    def _social_routes(self) -> list[Route]:
        """Build the Social/1-3 state (accounts, publishing, videos, prechecks) and routes."""
        bump, now = self._journal.bump, self.clock.now
        self.social_accounts = SocialAccounts(self.seed, now, bump)
        self.social_publishing = PublishingStore(self.seed, now, self.social_accounts, bump)
        self.social_videos = SocialVideos(self.seed, self.social_accounts, self.social_publishing)
        self.social_prechecks = Prechecks(self.seed, now, bump)
        api = SocialApi(
            self.social_accounts,
            self.social_publishing,
            self.social_videos,
            self.social_prechecks,
            lambda: self.storage,
            now,
        )
        return social_routes(api)

    def _engagement_routes(self) -> list[Route]:
        """Build the Social/4-7 state (comments, analytics, tools, shops) and routes."""
        bump = self._journal.bump
        self.social_shops = Shops(self.seed, self.social_accounts, lambda: bump(SHOWCASE_ADDED))
        self.social_comments = CommentStore(
            self.seed, self.clock, self.social_accounts, self.social_videos, bump
        )
        self.social_analytics = Analytics(
            self.seed, self.social_accounts, self.social_videos, self.social_shops
        )
        music, hashtags = Music(self.seed), Hashtags(self.seed)
        api = EngagementApi(
            self.social_comments, self.social_analytics, hashtags, music, self.social_shops
        )
        return engagement_routes(api)

    @property
    def url(self) -> str:
        """The base URL of the running simulator; raises RuntimeError before ``start()``."""
        if self._url is None:
            raise RuntimeError("Simulator is not started")
        return self._url

    async def start(self) -> None:
        """Bind and start serving (port 0 picks a free port); a failed bind raises OSError.

        Each request is logged on the ``trenz_async.testing`` logger (see :data:`log`).
        """
        app = web.Application(middlewares=[log_request])
        app.add_routes(control_routes(self))
        app.router.add_route("*", "/_storage/{tail:.*}", self._storage_http.handle)
        app.router.add_route("*", "/v2/{tail:.*}", self.tiktok.handle)
        app.router.add_route("*", "/{tail:.*}", self._gateway.handle)
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self._port)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        port = runner.addresses[0][1]
        self._url = f"http://{self.host}:{port}"

    async def close(self) -> None:
        """Stop serving and release the port (safe to call twice)."""
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def __aenter__(self) -> Simulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    def create_api_key(
        self,
        *,
        state: str = "active",
        scopes: Iterable[str] = ALL_SCOPES,
        balance: int = 1_000_000,
        usage_style: str = "A",
        daily_quota: int | None = None,
        rate_limit_per_minute: int | None = None,
    ) -> str:
        """Create an API key and return its secret (``sk_live_...``).

        ``state`` is "active", "revoked" or "suspended"; ``scopes`` among "data", "content",
        "social", "ads", "general"; ``usage_style`` "A" (coin_cost/remaining_balance,
        402 INSUFFICIENT_BALANCE) or "B" (credits_cost/credits_balance, INSUFFICIENT_CREDITS).
        """
        return self._keys.create(
            state=state,
            scopes=scopes,
            balance=balance,
            usage_style=usage_style,
            daily_quota=daily_quota,
            rate_limit_per_minute=rate_limit_per_minute,
        )

    def balance(self, api_key: str) -> int:
        """Return the balance of ``api_key``; unknown keys raise KeyError."""
        return self._keys.get(api_key).balance

    def add_fault(self, rule: FaultRule) -> FaultRule:
        """Add a fault rule (first matching rule that fires wins) and return it."""
        return self._faults.add(rule)

    def clear_faults(self) -> None:
        """Remove every fault rule."""
        self._faults.clear()

    def create_task(
        self,
        *,
        status: str = "running",
        result: Any = None,
        error_message: str | None = None,
        succeed_after_reads: int | None = None,
        task_id: str | None = None,
    ) -> str:
        """Create an async task and return its id (see :mod:`trenz_async.testing.trenz.tasks`)."""
        return self._tasks.create(
            status=status,
            result=result,
            error_message=error_message,
            succeed_after_reads=succeed_after_reads,
            task_id=task_id,
        )

    def set_task(self, task_id: str, status: str, **fields: Any) -> None:
        """Move a task to ``status`` ("success"/"failed"), setting ``result``/``error_message``."""
        self._tasks.move(task_id, status, **fields)

    def fail_next_task(self, kind: str | None = None, message: str = DEFAULT_FAILURE) -> None:
        """Make the next task submitted of ``kind`` (any kind if None) fail with ``message``.

        It fails at its normal finish time; the submit is still charged. Kinds are the Content
        operations (``TASK_DURATIONS`` keys, e.g. "video_content_analysis",
        "sora2_video_generation"); an unknown kind raises ValueError. Arm several to fail several.
        """
        if kind is not None and kind not in TASK_KINDS:
            raise ValueError(f"kind must be one of: {', '.join(sorted(TASK_KINDS))}")
        self._tasks.fail_next(kind, message)

    def finish_task(self, task_id: str) -> None:
        """Finish a running task now (success, or its arranged failure).

        An unknown id raises KeyError; a task that is no longer running raises ValueError.
        """
        self._tasks.finish(task_id)

    @property
    def task_durations(self) -> dict[str, float]:
        """Seconds of simulator time from submit to finish, per task kind (a live, editable dict).

        ``sim.task_durations["sora2_video_generation"] = 0`` makes new tasks of that kind finish
        on their first read; already submitted tasks keep their finish time.
        """
        return self._tasks.durations

    def tasks_submitted(self, api_key: str | None = None) -> int:
        """Content tasks accepted through the API (by ``api_key`` if given; unknown: KeyError)."""
        owner = self._keys.get(api_key).key_id if api_key is not None else None
        return self._tasks.submitted(owner)

    def stored_object(self, bucket: str, key: str) -> StoredObject | None:
        """The object uploaded at ``bucket``/``key`` (size, sha256, md5, content_type), or None."""
        return self.storage.get(bucket, key)

    @property
    def storage_bytes(self) -> int:
        """Bytes received by accepted storage PUTs since the last reset (re-PUTs count again)."""
        return self._journal.counters["storage bytes"]

    @property
    def storage_leaks(self) -> int:
        """Storage requests that carried an API key since the last reset (should stay 0)."""
        return self._journal.counters["storage credential leaks"]

    @property
    def storage_requoted(self) -> int:
        """Storage PUTs whose query was not sent as issued (re-quoted; should stay 0)."""
        return self._journal.counters["storage URLs re-encoded"]

    @property
    def journal(self) -> list[JournalEntry]:
        """Every gateway request so far, in order (control routes are not journaled)."""
        return list(self._journal.entries)

    @property
    def counters(self) -> Mapping[str, int]:
        """Counters: ``"METHOD /template"``, ``"status N"``, ``"faults"``, ``"test_writes_acted"``.

        A fresh copy; it does not change as requests arrive.
        """
        return dict(self._journal.counters)

    @property
    def test_writes(self) -> list[Any]:
        """Values accepted by ``POST /open/v1/_test/writes``, in order."""
        return self._writes.values

    def scan_qrcode(self, qrcode_token: str) -> None:
        """Social: the user scanned the TikTok QR code (waiting -> scanned; else ValueError)."""
        self.social_accounts.scan_qrcode(qrcode_token)

    def confirm_qrcode(self, qrcode_token: str, *, nickname: str | None = None) -> Account:
        """Social: the user confirmed the login (scanned -> confirmed; else ValueError).

        Binds and returns a new TikTok account, listed from now on; unknown tokens raise KeyError.
        """
        return self.social_accounts.confirm_qrcode(qrcode_token, nickname)

    def fail_next_publication(
        self,
        platform_account_id: int | None = None,
        message: str = "The platform rejected the video",
    ) -> None:
        """Social: the next publication created (to that account, or any) ends ``failed``.

        Arm several to fail several; each is used by one publication, in the order armed.
        """
        self.social_publishing.fail_next(platform_account_id, message)

    def publications_created(
        self, bucket_key: str | None = None, platform_account_id: int | None = None
    ) -> int:
        """Social: publications created since the last reset, of that object key and/or account.

        With no argument: the total. One Upload and Publish call creates one per entry.
        """
        name = counter_names(bucket_key, platform_account_id)[-1]
        return self._journal.counters[name]

    @property
    def comment_writes(self) -> dict[str, int]:
        """Social: comment writes acted on since the last reset, by kind.

        Keys: ``created``, ``replied``, ``liked``, ``unliked``, ``deleted`` (each counts calls
        that changed something: a second like is not counted) and ``synced`` (comments and
        replies a sync copied into the managed store). Journal counters of the same meaning:
        ``"comments created"``, ``"comment replies created"``, ``"comment likes"``, ``"comment
        unlikes"``, ``"comments deleted"``, ``"comments synced"`` (and ``"comment syncs"``).
        """
        return {kind: self._journal.counters[name] for kind, name in COMMENT_COUNTERS.items()}

    @property
    def showcase_adds(self) -> int:
        """Social: shop products moved into a showcase since the last reset."""
        return self._journal.counters[SHOWCASE_ADDED]

    def reset(self) -> None:
        """Forget journal, counters, faults, test writes, keys' quota/rate state, task failures.

        TikTok: rate-limit windows, Research daily quotas and ``research_faults`` are forgotten.
        Stored objects, tasks, ad accounts (with their remarks), TikTok clients and tokens are kept.
        """
        self._journal.clear()
        self._faults.clear()
        self._keys.forget_usage()
        self._writes.values.clear()
        self._tasks.clear_failures()
        self.tiktok.reset()
        self.drama.reset()

    def __repr__(self) -> str:
        return f"Simulator(seed={self.seed}, url={self._url!r})"


async def serve(host: str = "127.0.0.1", port: int = 0, seed: int = 0) -> Simulator:
    """Return a started :class:`Simulator`; the caller closes it (``await sim.close()``)."""
    sim = Simulator(seed, host=host, port=port)
    await sim.start()
    return sim


async def run_forever(sim: Simulator) -> None:
    """Serve until cancelled, then close ``sim``."""
    try:
        await asyncio.Event().wait()
    finally:
        await sim.close()
