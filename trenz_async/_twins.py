"""Mutable twins of frozen slotted classes: how hot paths build records without ``__init__``.

A frozen attrs class stores each field through ``object.__setattr__`` in its ``__init__``
(a call per field). A twin is filled with plain attribute stores, then becomes the frozen
class by assigning ``__class__``: the same object, built for a fraction of the cost. Used by
the generated model decoders and by the wire decoder's envelopes.
"""

from __future__ import annotations

from typing import Any

__all__ = ["mutable_twin"]

_TWINS: dict[type, type] = {}
"""One twin per class, shared by every user (each client has its own converter)."""


def mutable_twin(cls: type) -> type:
    """A mutable twin of ``cls``: a subclass adding no slots, with plain ``object.__setattr__``.

    Fill an instance with ordinary attribute stores (every slot: none has a default), then
    set its ``__class__`` to ``cls``. CPython allows that only between classes of the same
    layout; a subclass that adds no slots has it by construction (and the check is
    cheapest). Checked here once; raises ``TypeError`` for a class that cannot have a twin.
    """
    if cls in _TWINS:
        return _TWINS[cls]
    if "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__} must be a slotted attrs class")
    twin = type(
        f"{cls.__name__}Builder",
        (cls,),
        {
            "__slots__": (),
            "__init__": object.__init__,  # so that `twin()` is the cheapest allocation
            "__setattr__": object.__setattr__,
            "__delattr__": object.__delattr__,
            "__module__": __name__,
        },
    )
    probe: Any = twin()
    probe.__class__ = cls  # raises TypeError when the layouts differ
    _TWINS[cls] = twin
    return twin
