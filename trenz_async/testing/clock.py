"""The simulator's clock: real time plus an offset the test controls."""

from __future__ import annotations

import time


class SimClock:
    """A clock whose notion of "now" a test can move forward or pin.

    Rate-limit windows, daily quotas and journal times all read this clock, so a test can
    free a rate-limit slot with ``clock.advance(61)`` instead of sleeping.
    """

    def __init__(self) -> None:
        self._offset = 0.0

    def now(self) -> float:
        """Return the simulated time as epoch seconds (real time plus the offset)."""
        return time.time() + self._offset

    def advance(self, seconds: float) -> None:
        """Move the clock forward by ``seconds`` (must be >= 0)."""
        if seconds < 0:
            raise ValueError("seconds must be >= 0")
        self._offset += seconds

    def set(self, epoch: float) -> None:
        """Make ``now()`` return ``epoch`` at this instant; time keeps flowing from there."""
        self._offset = epoch - time.time()

    def __repr__(self) -> str:
        return f"SimClock(offset={self._offset:.3f})"
