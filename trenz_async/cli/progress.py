"""Progress display for CLI jobs: rich bars when the ``cli`` extra is installed, else lines."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Collection, Sequence
from types import TracebackType
from typing import Any, Literal, Protocol, TextIO

__all__ = ["Progress", "make_progress", "print_table"]


class Progress(Protocol):
    """A set of named tasks, each advancing towards a total."""

    def add(self, name: str, total: int) -> None:
        """Start tracking task ``name`` out of ``total`` units."""
        ...

    def advance(self, name: str, amount: int = 1) -> None:
        """Move task ``name`` forward by ``amount``."""
        ...

    def __enter__(self) -> Progress: ...

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None: ...


class _PlainProgress:
    """Line-based progress: one line per task as it passes each quarter (with its share)."""

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._state: dict[str, list[int]] = {}

    def add(self, name: str, total: int) -> None:
        self._state[name] = [0, max(total, 1), 0]

    def advance(self, name: str, amount: int = 1) -> None:
        state = self._state[name]
        state[0] += amount
        quarter = min(4, state[0] * 4 // state[1])
        if quarter > state[2]:
            state[2] = quarter
            share = state[0] * 100 // state[1]
            self._out.write(f"  {name:<28} {state[0]:>5}/{state[1]:<5} {share:>3}%\n")

    def __enter__(self) -> _PlainProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self._out.flush()


class _RichProgress:
    """rich progress bars (needs the ``cli`` extra)."""

    def __init__(self) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as RichProgress

        self._progress = RichProgress(
            TextColumn("{task.description:<28}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        self._ids: dict[str, Any] = {}

    def add(self, name: str, total: int) -> None:
        self._ids[name] = self._progress.add_task(name, total=total)

    def advance(self, name: str, amount: int = 1) -> None:
        self._progress.advance(self._ids[name], amount)

    def __enter__(self) -> _RichProgress:
        self._progress.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._progress.__exit__(*exc)


def make_progress(out: TextIO | None = None, *, plain: bool = False) -> Progress:
    """Rich bars on a terminal with rich installed; plain lines otherwise (``out``: stdout)."""
    out = out or sys.stdout
    if not plain and out.isatty():
        try:
            return _RichProgress()
        except ImportError:
            pass
    return _PlainProgress(out)


def print_table(
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    out: TextIO | None = None,
    *,
    shrink: int | None = None,
    right: Collection[int] = (),
    width: int | None = None,
) -> None:
    """Print a table on ``out`` (stdout): rich when available on a terminal, else aligned text.

    ``width`` defaults to the terminal's (``COLUMNS``, else 80 when not a terminal). When the
    table is wider, column ``shrink`` gives way, its cells cut with "..."; the other columns
    are never cut. Columns in ``right`` are right-aligned.
    """
    out = out or sys.stdout
    width = width or shutil.get_terminal_size().columns
    widest = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    if out.isatty():
        try:
            _rich_table(title, headers, rows, out, _fit(widest, shrink, width, 3), right)
            return
        except ImportError:
            pass
    widths = _fit(widest, shrink, width, len(SEPARATOR))

    def line(cells: Sequence[str]) -> str:
        texts = [_cut(c, w).rjust(w) if i in right else _cut(c, w).ljust(w)
                 for i, (c, w) in enumerate(zip(cells, widths, strict=True))]  # fmt: skip
        return SEPARATOR.join(texts).rstrip() + "\n"

    out.write(f"\n{title}\n")
    out.write(line(headers))
    out.write(SEPARATOR.join("-" * w for w in widths) + "\n")
    for row in rows:
        out.write(line(row))


SEPARATOR = "  "


def _fit(widest: Sequence[int], shrink: int | None, width: int, gap: int) -> list[int]:
    """Column widths: ``widest``, with column ``shrink`` narrowed so that the table fits
    ``width`` (columns ``gap`` apart), though never below 6 characters."""
    widths = list(widest)
    excess = sum(widths) + gap * (len(widths) - 1) - width
    if shrink is not None and excess > 0:
        widths[shrink] = max(min(6, widths[shrink]), widths[shrink] - excess)
    return widths


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 3, 0)] + "..."


def _rich_table(
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    out: TextIO,
    widths: Sequence[int],
    right: Collection[int],
) -> None:
    """The rich table, columns at ``widths`` (one space of padding each side, no edges)."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for i, (header, column_width) in enumerate(zip(headers, widths, strict=True)):
        justify: Literal["left", "right"] = "right" if i in right else "left"
        table.add_column(header, justify=justify, no_wrap=True, overflow="ellipsis",
                         width=column_width)  # fmt: skip
    for row in rows:
        table.add_row(*row)
    Console(file=out, width=sum(widths) + 3 * (len(widths) - 1)).print(table)
