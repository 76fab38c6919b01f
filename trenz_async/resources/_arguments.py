"""Keyword checking for every resource method: a typo fails when the method is called.

Resource methods collect per-call options with ``**options``, so Python itself would accept
any misspelled keyword and the error would surface only at ``await``. :func:`checked` wraps
such a method once, at class creation (``Resource.__init_subclass__`` does it for every
public method), so that an unknown keyword raises
:class:`~trenz_async.errors.UnexpectedArgumentError` naming it and its closest match, and a
bad ``timeout``/``deadline`` raises :class:`~trenz_async.errors.ValidationError`, before
anything is sent.
"""

from __future__ import annotations

import difflib
import functools
import inspect
from collections.abc import Callable, Collection, Mapping
from typing import Any, Final, TypeVar

from trenz_async.errors import UnexpectedArgumentError
from trenz_async.transport._checks import check_optional_seconds, check_seconds

__all__ = ["CALL_OPTION_CHECKS", "check_keywords", "checked", "takes_options"]

F = TypeVar("F", bound=Callable[..., Any])

CALL_OPTION_CHECKS: Final[Mapping[str, Callable[[str, Any], object]]] = {
    "timeout": check_seconds,
    "deadline": check_optional_seconds,
}
"""The per-call options every method takes, and the check of each value."""


def _keyword_names(fn: Callable[..., Any]) -> frozenset[str]:
    kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    params = inspect.signature(fn).parameters.values()
    return frozenset(p.name for p in params if p.kind in kinds and p.name != "self")


def takes_options(fn: object) -> bool:
    """True for a function whose ``**`` parameter collects per-call options."""
    if not inspect.isfunction(fn):
        return False
    return any(
        p.kind is inspect.Parameter.VAR_KEYWORD for p in inspect.signature(fn).parameters.values()
    )


def check_keywords(method: str, names: Collection[str], kwargs: Mapping[str, Any]) -> None:
    """Refuse keywords outside ``names`` and the call options; check the options' values."""
    for name, value in kwargs.items():
        if name in names:
            continue
        check = CALL_OPTION_CHECKS.get(name)
        if check is None:
            accepted = [*names, *CALL_OPTION_CHECKS]
            close = difflib.get_close_matches(name, accepted, n=1, cutoff=0.6)
            raise UnexpectedArgumentError(method, name, close[0] if close else None)
        check(name, value)


def checked(fn: F) -> F:
    """Wrap a resource method so its keywords are checked when it is called."""
    names = _keyword_names(fn)
    method = fn.__qualname__

    @functools.wraps(fn)
    def wrapper(self: Any, /, *args: Any, **kwargs: Any) -> Any:
        if not kwargs.keys() <= names:  # a subset test: no set is built on the usual path
            check_keywords(method, names, kwargs)
        return fn(self, *args, **kwargs)

    wrapper.__checked__ = True  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]
