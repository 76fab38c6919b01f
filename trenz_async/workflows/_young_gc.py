"""While bulk runs go, CPython's cyclic garbage collector looks at young objects less often.

A run with hundreds of flows in flight keeps thousands of live objects young at any moment
(coroutines, requests, records); with CPython's default threshold (700 net new objects) the
collector rescans them every few flows and, measured in ``benchmarks/bulk.py`` at 256 flows,
took about a tenth of the runner's CPU. :func:`young_threshold_raised` raises the threshold
for as long as any run holds it and puts the process's own setting back when the last one
ends. The flows make no reference cycles, so nothing is kept longer: only the rescans go.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["BULK_YOUNG_THRESHOLD", "young_threshold_raised"]

BULK_YOUNG_THRESHOLD = 10_000
"""Net new container objects between two young collections while a run goes."""


class _Holders:
    """Runs holding the threshold raised, and the setting to put back after the last."""

    count = 0
    saved: tuple[int, int, int] | None = None  # the process's setting; None: left alone
    ours: tuple[int, int, int] | None = None  # what was set, to see if someone changed it


@contextlib.contextmanager
def young_threshold_raised(at_least: int | None) -> Iterator[None]:
    """Hold the young-generation threshold at ``at_least`` or more until the block ends.

    ``None`` leaves the collector alone. A threshold already higher, a collector turned off
    (``gc.disable()`` or a threshold of 0) and a setting changed meanwhile by someone else are
    all left as they are.
    """
    if at_least is None:
        yield
        return
    if _Holders.count == 0:
        current = gc.get_threshold()
        if gc.isenabled() and 0 < current[0] < at_least:
            _Holders.saved = current
            _Holders.ours = (at_least, current[1], current[2])
            gc.set_threshold(*_Holders.ours)
    _Holders.count += 1
    try:
        yield
    finally:
        _Holders.count -= 1
        if _Holders.count == 0:
            if _Holders.saved is not None and gc.get_threshold() == _Holders.ours:
                gc.set_threshold(*_Holders.saved)
            _Holders.saved = _Holders.ours = None
