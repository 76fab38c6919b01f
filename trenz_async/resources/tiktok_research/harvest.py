"""Walking a commercial-content search: date windows, ``search_id`` recovery, checkpoints.

A search over a date range is walked **window by window**: consecutive, non-overlapping
windows of ``window_days`` calendar days (the last one shorter) that cover the range exactly;
within a window the service pages by ``search_id`` + ``has_more``. Where the walk stands is a
:class:`WalkState`, kept as the ``resume`` mapping of each page (JSON-friendly but for
``seen``), so that the pager stays a pure function of its position:

* **A rejected search_id** (400 ``invalid_params`` "Search Id ... is invalid or expired", which
  the service answers now and then even for one it just returned) restarts that window from
  its first page; the ids already yielded in the window (``seen``) are skipped, so no record
  comes twice. Only the current window's ids are kept (a record has one ``create_date``, so
  windows never share records). After :data:`MAX_RESTARTS` restarts in a row without a new
  record the refusal is raised.
* **A window that keeps failing with 500** (after the transport's own retries: a read) is
  split in half, the notes' remedy for wide windows: the first half is walked (still skipping
  ``seen``), and the halved ``span`` is kept for the rest of the walk. A one-day window that
  fails is raised.
* **Checkpoints**: :meth:`CommercialContentResource.harvest` stores the state after each page
  and each record id just before it is yielded (:class:`CheckpointStore`), so a rerun after a
  crash continues where it stopped, without duplicates. See :class:`FileCheckpoint`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterable, Mapping
from pathlib import Path
from typing import Any, Final, Protocol, cast, runtime_checkable

import attrs

from trenz_async.errors import ConfigurationError
from trenz_async.models.tiktok_research import CommercialContent
from trenz_async.pagination import CursorPage, CursorPager
from trenz_async.resources.tiktok_research.quota import _write_atomically

__all__ = [
    "MAX_RESTARTS",
    "Checkpoint",
    "CheckpointStore",
    "FileCheckpoint",
    "MemoryCheckpoint",
    "ResearchPage",
    "ResearchPager",
    "WalkState",
]

MAX_RESTARTS: Final = 25
"""Window restarts in a row (rejected search_ids with no new record in between) before the
rejection is raised."""
_ONE_DAY = dt.timedelta(days=1)


def _text(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def _day(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%Y%m%d").date()


@attrs.frozen(slots=True)
class WalkState:
    """Where a walk stands: the window being read and what was yielded in it.

    ``first``..``last`` is the current window (inclusive) and ``span`` the days of the next
    windows; ``search_id`` continues the window (``None``: its first page). ``seen`` holds the
    ids yielded since the walk entered the days up to ``seen_until``; ``restarts`` counts
    restarts since the last new record; ``recover`` is false while reading a window entered
    with a caller's ``search_id`` (what came before it is unknown, so it is not restarted).
    ``done``: the range is finished.
    """

    first: dt.date
    last: dt.date
    span: int
    search_id: str | None
    seen: frozenset[str]
    seen_until: dt.date
    restarts: int = 0
    recover: bool = True
    done: bool = False

    @classmethod
    def start(
        cls, first: dt.date, end: dt.date, span: int, search_id: str | None = None
    ) -> WalkState:
        """The first window of ``first``..``end``; a ``search_id`` continues that window."""
        last = min(first + dt.timedelta(days=span - 1), end)
        return cls(first, last, span, search_id, frozenset(), last, recover=search_id is None)

    def after_page(
        self, search_id: str | None, has_more: bool, new_ids: Iterable[str], end: dt.date
    ) -> WalkState:
        """The state after a page that yielded ``new_ids``; ``has_more`` within this window."""
        new = frozenset(new_ids)
        restarts = 0 if new else self.restarts
        seen = self.seen | new if new else self.seen
        if has_more:
            return attrs.evolve(self, search_id=search_id, seen=seen, restarts=restarts)
        if self.last >= end:
            return attrs.evolve(self, search_id=search_id, seen=seen, restarts=0, done=True)
        first = self.last + _ONE_DAY
        last = min(first + dt.timedelta(days=self.span - 1), end)
        if first > self.seen_until:  # past every day the seen ids came from
            seen, until = frozenset(), last
        else:
            until = max(self.seen_until, last)
        return WalkState(first, last, self.span, None, seen, until)

    def restarted(self) -> WalkState:
        """The same window from its first page (after a rejected search_id)."""
        return attrs.evolve(self, search_id=None, restarts=self.restarts + 1)

    def split(self) -> WalkState | None:
        """The first half of this window, from its first page; None for a one-day window."""
        days = (self.last - self.first).days + 1
        if days < 2:
            return None
        half = (days + 1) // 2
        last = self.first + dt.timedelta(days=half - 1)
        return attrs.evolve(self, last=last, span=min(self.span, half), search_id=None)

    def position(self) -> dict[str, Any]:
        """This state as a pager position (every value JSON-friendly but ``seen``)."""
        return {
            "window_min": _text(self.first),
            "window_max": _text(self.last),
            "span": self.span,
            "search_id": self.search_id,
            "seen": self.seen,
            "seen_until": _text(self.seen_until),
            "restarts": self.restarts,
            "recover": self.recover,
            "done": self.done,
        }

    @classmethod
    def from_position(cls, position: Mapping[str, Any]) -> WalkState:
        """The state a :meth:`position` (or a stored checkpoint) describes."""
        return cls(
            first=_day(position["window_min"]),
            last=_day(position["window_max"]),
            span=int(position["span"]),
            search_id=position.get("search_id"),
            seen=frozenset(position.get("seen", ())),
            seen_until=_day(position["seen_until"]),
            restarts=int(position.get("restarts", 0)),
            recover=bool(position.get("recover", True)),
            done=bool(position.get("done", False)),
        )


@attrs.frozen(slots=True)
class ResearchPage(CursorPage[CommercialContent]):
    """One page of a commercial-content search: ``items``, ``has_more``, ``search_id``.

    ``has_more`` is true while records may follow, in this window or a later one;
    ``search_id`` is the service's cursor after this page (it continues ``window``, the
    ``(min, max)`` days the page was read from). Records already yielded in the window
    (after a search_id restart) are left out of ``items``. ``resume`` is the walk's position.
    """

    window: tuple[dt.date, dt.date] | None = None

    @property
    def search_id(self) -> str | None:
        """The service's ``search_id`` after this page."""
        return cast("str | None", self.cursor)


class ResearchPager(CursorPager[CommercialContent]):
    """The shared :class:`~trenz_async.pagination.CursorPager`, typed for Research pages.

    ``await`` it for the first page, ``.iter(limit=...)`` for records, ``.pages()`` for pages.
    """

    def __init__(
        self, fetch: Callable[[Mapping[str, Any]], Awaitable[ResearchPage]], start: WalkState
    ) -> None:
        super().__init__(fetch, start.position())
        self._research_fetch = fetch

    def __await__(self) -> Generator[Any, None, ResearchPage]:
        return self._research_fetch(self.start).__await__()

    async def pages(self, *, max_pages: int | None = None) -> AsyncIterator[ResearchPage]:
        """Yield pages from the starting position on, at most ``max_pages`` of them."""
        async for page in super().pages(max_pages=max_pages):
            yield cast(ResearchPage, page)


@attrs.frozen(slots=True)
class Checkpoint:
    """A harvest's stored progress: its filters' ``key`` and the walk's ``state``."""

    key: str
    state: WalkState


@runtime_checkable
class CheckpointStore(Protocol):
    """Where a harvest keeps its progress (:class:`FileCheckpoint`, :class:`MemoryCheckpoint`).

    ``save`` is called with the state to continue from after each page (and once at the
    start); ``mark`` with each record id just before that record is yielded. ``load`` returns
    the last saved state with every id marked since added to its ``seen``.
    """

    def load(self) -> Checkpoint | None: ...

    def save(self, checkpoint: Checkpoint) -> None: ...

    def mark(self, record_id: str) -> None: ...


class MemoryCheckpoint:
    """A checkpoint kept in this process (to resume a harvest after an exception)."""

    def __init__(self) -> None:
        self._saved: Checkpoint | None = None
        self._marked: set[str] = set()

    def load(self) -> Checkpoint | None:
        saved = self._saved
        if saved is None or not self._marked:
            return saved
        return attrs.evolve(
            saved, state=attrs.evolve(saved.state, seen=saved.state.seen | self._marked)
        )

    def save(self, checkpoint: Checkpoint) -> None:
        self._saved = checkpoint
        self._marked = set()

    def mark(self, record_id: str) -> None:
        self._marked.add(record_id)


def _state_json(state: WalkState) -> dict[str, Any]:
    return {k: v for k, v in state.position().items() if k != "seen"}


class FileCheckpoint:
    """A checkpoint in a file of JSON lines, so that a rerun after a crash continues.

    The first line holds the whole state (ids ``seen`` included); each later line is a
    record id marked before it was yielded, or the state after a page. When the walk moves to
    new days (``seen`` is dropped) the file is rewritten atomically with one line, so it holds
    the current window's ids only. A line cut short by a crash (the last one) is ignored.
    Marks are flushed to the OS at once (they survive the process being killed), not
    fsynced: after a power loss the last records may come again. One harvest per file.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._key: str | None = None
        self._seen: set[str] = set()

    def __repr__(self) -> str:
        return f"FileCheckpoint({str(self.path)!r})"

    def load(self) -> Checkpoint | None:
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return None
        if not lines:
            return None
        head = self._parse(lines[0], 1, last=False)
        try:
            key, state = head["key"], dict(head["state"])
        except (KeyError, TypeError):
            raise self._broken(1, "the first line is not a checkpoint header") from None
        seen = set(head.get("seen", ()))
        for number, line in enumerate(lines[1:], start=2):
            entry = self._parse(line, number, last=number == len(lines))
            if "mark" in entry:
                seen.add(entry["mark"])
            elif "state" in entry:
                state = dict(entry["state"])
        try:
            walk = WalkState.from_position({**state, "seen": seen})
        except (KeyError, TypeError, ValueError) as exc:
            raise self._broken(len(lines), f"a bad state ({exc})") from None
        self._key, self._seen = key, set(seen)
        return Checkpoint(key, walk)

    def save(self, checkpoint: Checkpoint) -> None:
        state = checkpoint.state
        if checkpoint.key != self._key or not state.seen >= self._seen or not self.path.exists():
            head = {"key": checkpoint.key, "state": _state_json(state), "seen": sorted(state.seen)}
            _write_atomically(self.path, json.dumps(head) + "\n")
            self._key, self._seen = checkpoint.key, set(state.seen)
            return
        self._append({"state": _state_json(state)})
        self._seen |= state.seen

    def mark(self, record_id: str) -> None:
        self._append({"mark": record_id})
        self._seen.add(record_id)

    def _append(self, entry: Mapping[str, Any]) -> None:
        with open(self.path, "a", encoding="utf-8") as out:
            out.write(json.dumps(entry) + "\n")

    def _parse(self, line: str, number: int, *, last: bool) -> dict[str, Any]:
        try:
            entry = json.loads(line)
        except ValueError:
            if last:  # cut short by a crash while it was written
                return {}
            raise self._broken(number, "not JSON") from None
        if not isinstance(entry, dict):
            raise self._broken(number, "not a JSON object")
        return entry

    def _broken(self, number: int, why: str) -> ConfigurationError:
        return ConfigurationError(f"checkpoint {self.path} line {number}: {why}")
