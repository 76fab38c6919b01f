"""``trenz.social.shop``: a TikTok account's shop products and its showcase."""

from __future__ import annotations

from collections.abc import Coroutine, Iterable
from typing import Any, Final, Unpack

from trenz_async.errors import ValidationError
from trenz_async.models.social.tools import ShopProduct, ShowcaseResult
from trenz_async.pagination import Pager
from trenz_async.resources._base import CallOptions, Resource
from trenz_async.resources._validate import check_id, check_page, check_page_size
from trenz_async.resources.social._checks import LIST_PAGE_SIZE_MAX, check_account_id
from trenz_async.resources.social.engagement_paths import SHOP_PRODUCT_LIST, SHOWCASE_ADD
from trenz_async.resources.social.tools import check_optional_keyword

__all__ = ["SHOWCASE_MAX", "ShopResource"]

SHOWCASE_MAX: Final = 20
"""Most products in one Add Product to Showcase call."""


def _check_product_ids(value: object) -> list[str]:
    rule = f"must be a list of 1 to {SHOWCASE_MAX} product ids"
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise ValidationError("product_ids", rule, value)
    ids = [check_id("product_ids", item) for item in value]
    if not 1 <= len(ids) <= SHOWCASE_MAX:
        raise ValidationError("product_ids", f"{rule}; got {len(ids)}", value)
    return ids


class ShopResource(Resource):
    """The TikTok Shop of a bound TikTok account (other platforms have none)."""

    def products(
        self,
        *,
        platform_account_id: int,
        keyword: str | None = None,
        page: int = 1,
        page_size: int = 10,
        **options: Unpack[CallOptions],
    ) -> Pager[ShopProduct]:
        """TikTok Shop Product List: the shop's products, those whose title contains
        ``keyword`` when given; each says whether it is ``in_showcase``. ``page_size`` is
        1..50. A non-TikTok account raises :class:`~trenz_async.errors.InvalidParamError`."""
        body: dict[str, object] = {
            "platform_account_id": check_account_id("platform_account_id", platform_account_id)
        }
        keyword = check_optional_keyword(keyword)
        if keyword is not None:
            body["keyword"] = keyword
        check_page(page)
        check_page_size(page_size, LIST_PAGE_SIZE_MAX)
        return self._pager(
            SHOP_PRODUCT_LIST, ShopProduct, body, options,
            page=page, page_size=page_size, in_body=True,
        )  # fmt: skip

    def add_to_showcase(
        self,
        *,
        platform_account_id: int,
        product_ids: Iterable[str],
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, ShowcaseResult]:
        """Add Product to Showcase: put 1 to 20 shop products in the account's showcase.

        Partial success is an answer, not an error: each id lands in ``added``,
        ``already_in_showcase`` or ``failed`` (``product_not_found`` / ``out_of_stock``);
        :attr:`~trenz_async.models.social.ShowcaseResult.ok` is False when any failed. A
        write: after :class:`~trenz_async.errors.AmbiguousOutcomeError` calling it again is
        safe (added products come back as ``already_in_showcase``).
        """
        body = {
            "platform_account_id": check_account_id("platform_account_id", platform_account_id),
            "product_ids": _check_product_ids(product_ids),
        }
        return self._one(SHOWCASE_ADD, ShowcaseResult, options, body=body)
