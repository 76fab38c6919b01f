"""The CLI's one error: a bad option value, printed as one line with exit status 2."""

from __future__ import annotations

__all__ = ["UsageError"]


class UsageError(Exception):
    """A command-line value that cannot work; the message names the option."""
