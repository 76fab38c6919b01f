"""WalkState: the windows of a range, restarts, splits and which ids are kept (no I/O)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from trenz_async.resources.tiktok_research.harvest import Checkpoint, FileCheckpoint, WalkState

D = dt.date


def _windows(state: WalkState, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    found = []
    while not state.done:
        found.append((state.first, state.last))
        state = state.after_page("sid", False, [], end)
    return found


def test_windows_are_consecutive_and_cover_the_range_exactly() -> None:
    end = D(2023, 3, 31)
    assert _windows(WalkState.start(D(2023, 1, 1), end, 30), end) == [
        (D(2023, 1, 1), D(2023, 1, 30)),
        (D(2023, 1, 31), D(2023, 3, 1)),
        (D(2023, 3, 2), D(2023, 3, 31)),
    ]
    assert _windows(WalkState.start(D(2023, 1, 1), D(2023, 1, 1), 30), D(2023, 1, 1)) == [
        (D(2023, 1, 1), D(2023, 1, 1))
    ]


def test_a_split_halves_the_window_and_the_rest_of_the_walk() -> None:
    end = D(2023, 3, 31)
    state = WalkState.start(D(2023, 1, 1), end, 30)
    half = state.split()
    assert half is not None
    assert (half.first, half.last, half.span) == (D(2023, 1, 1), D(2023, 1, 15), 15)
    assert _windows(half, end)[:3] == [
        (D(2023, 1, 1), D(2023, 1, 15)),
        (D(2023, 1, 16), D(2023, 1, 30)),
        (D(2023, 1, 31), D(2023, 2, 14)),
    ]
    one_day = WalkState.start(D(2023, 1, 1), end, 1)
    assert one_day.split() is None


def test_seen_ids_last_as_long_as_their_days() -> None:
    end = D(2023, 3, 31)
    state = WalkState.start(D(2023, 1, 1), end, 30).after_page("s1", True, ["a", "b"], end)
    half = state.split()  # mid-window: the ids may belong to either half
    assert half is not None
    assert half.seen == {"a", "b"}
    second_half = half.after_page("s2", False, ["c"], end)
    assert (second_half.first, second_half.seen) == (D(2023, 1, 16), frozenset("abc"))
    next_window = second_half.after_page("s3", False, ["d"], end)
    assert (next_window.first, next_window.seen) == (D(2023, 1, 31), frozenset())


def test_a_restart_keeps_the_window_and_its_ids() -> None:
    end = D(2023, 1, 30)
    state = WalkState.start(D(2023, 1, 1), end, 30).after_page("s1", True, ["a"], end)
    again = state.restarted()
    assert (again.search_id, again.seen, again.restarts) == (None, frozenset("a"), 1)
    assert again.after_page("s2", True, [], end).restarts == 1
    assert again.after_page("s2", True, ["b"], end).restarts == 0


def test_a_callers_search_id_is_not_restarted_until_the_next_window() -> None:
    end = D(2023, 3, 31)
    state = WalkState.start(D(2023, 1, 1), end, 30, "theirs")
    assert (state.search_id, state.recover) == ("theirs", False)
    assert state.after_page("s2", False, [], end).recover


def test_positions_round_trip() -> None:
    end = D(2023, 3, 31)
    state = WalkState.start(D(2023, 1, 1), end, 30).after_page("s1", True, ["a"], end)
    assert WalkState.from_position(state.position()) == state


def test_the_file_holds_the_current_window_only(tmp_path: Path) -> None:
    end = D(2023, 3, 31)
    store = FileCheckpoint(tmp_path / "walk.checkpoint")
    state = WalkState.start(D(2023, 1, 1), end, 30)
    store.save(Checkpoint("k", state))
    for record in ("a", "b"):
        store.mark(record)
    state = state.after_page("s1", True, ["a", "b"], end)
    store.save(Checkpoint("k", state))
    assert len(store.path.read_text().splitlines()) == 4
    store.save(Checkpoint("k", state.after_page("s2", False, [], end)))
    (line,) = store.path.read_text().splitlines()
    assert json.loads(line)["seen"] == []
    loaded = FileCheckpoint(store.path).load()
    assert loaded is not None
    assert (loaded.key, loaded.state.first, loaded.state.seen) == ("k", D(2023, 1, 31), frozenset())
