"""Progress display for CLI jobs: rich bars when the ``cli`` extra is installed, else lines."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from types import TracebackType
from typing import Any, Protocol, TextIO

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
    """Line-based progress: one line per task at each quarter."""

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
            self._out.write(f"  {name:<28} {state[0]:>5}/{state[1]:<5} {quarter * 25:>3}%\n")

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


def make_progress(out: TextIO = sys.stdout, *, plain: bool = False) -> Progress:
    """Rich bars on a terminal with rich installed; plain lines otherwise."""
    if not plain and out.isatty():
        try:
            return _RichProgress()
        except ImportError:
            pass
    return _PlainProgress(out)


def print_table(
    title: str, headers: Sequence[str], rows: Sequence[Sequence[str]], out: TextIO = sys.stdout
) -> None:
    """Print a table: rich when available on a terminal, aligned text otherwise."""
    if out.isatty():
        try:
            from rich.console import Console
            from rich.table import Table

            table = Table(title=title)
            for header in headers:
                table.add_column(header)
            for row in rows:
                table.add_row(*row)
            Console(file=out).print(table)
            return
        except ImportError:
            pass
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    out.write(f"\n{title}\n")
    out.write("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in rows:
        out.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + "\n")
