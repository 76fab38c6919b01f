"""How a related list's rows differ from the model they decode into.

Upstream joins tables for related lists and prefixes every column of the joined one
(``tiktok_seller_product_product_name``); some rows carry no plain ``id`` but their own key
(``room_id``, ``review_id``). A :class:`RowShape` maps such a row onto the model's names.
"""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["RowShape"]


@attrs.frozen
class RowShape:
    """``strip``: prefixes removed from field names (the first that matches); ``id_from``: the
    field copied to the model's key ``key`` (``id`` unless named) when a row has none. Names
    that stay unknown land in ``extras``.
    """

    strip: tuple[str, ...] = ()
    id_from: str | None = None
    key: str = "id"

    def __call__(self, row: Any) -> Any:
        """The row with model names (a non-object row is left for the decoder to refuse)."""
        if row.__class__ is not dict:
            return row
        if self.strip:
            shaped: dict[str, Any] = {}
            for key, value in row.items():
                for prefix in self.strip:
                    if key.startswith(prefix):
                        key = key[len(prefix) :]
                        break
                shaped.setdefault(key, value)
            row = shaped
        key = self.key
        if self.id_from is not None and key not in row and row.get(self.id_from) is not None:
            row = {**row, key: row[self.id_from]}
        return row
