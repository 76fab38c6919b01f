"""The public surface as mypy --strict sees it (tests/typing/ holds the checked files)."""

from __future__ import annotations

from pathlib import Path

import pytest

api = pytest.importorskip("mypy.api")
HERE = Path(__file__).parent


def test_iterating_a_page_is_typed() -> None:
    out, err, _ = api.run(["--strict", "--no-incremental", str(HERE / "typing/page_iteration.py")])
    assert 'Revealed type is "trenz_async.models.data.products.Product"' in out, out + err
    assert 'Revealed type is "trenz_async.models.data.creators.CreatorPortrait | None"' in out
    assert "error:" not in out.replace("note:", ""), out
