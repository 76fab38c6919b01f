"""The standalone simulator keeps its garbage-collector pauses short as its state grows."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from trenz_async.cli.simulator import freezing_survivors


@pytest.fixture
def unfrozen() -> Iterator[None]:
    """Leave the test process's collector as it was: nothing frozen."""
    gc.unfreeze()
    yield
    gc.unfreeze()


@pytest.mark.usefixtures("unfrozen")
def test_what_survives_a_full_collection_is_never_scanned_again() -> None:
    with freezing_survivors():
        assert gc.get_freeze_count() > 0  # what was loaded at start
        gc.unfreeze()
        state = [[n] for n in range(1000)]  # state the server keeps
        gc.collect(0)  # a young collection freezes nothing
        assert gc.get_freeze_count() == 0
        gc.collect()  # a full one freezes its survivors
        assert gc.get_freeze_count() >= len(state)
    gc.unfreeze()
    gc.collect()  # after the block, a full collection freezes nothing
    assert gc.get_freeze_count() == 0
