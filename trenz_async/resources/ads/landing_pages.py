"""``trenz.ads.landing_pages``: an account's lead-form pages and their form fields."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any, Unpack

from trenz_async.models.ads import LandingPage, LandingPageFields
from trenz_async.pagination import Pager
from trenz_async.resources._base import CallOptions, Resource
from trenz_async.resources.ads._checks import check_digits, check_paging
from trenz_async.resources.ads.paths import LANDING_PAGE_FIELDS, LANDING_PAGE_LIST

__all__ = ["LandingPagesResource"]


class LandingPagesResource(Resource):
    """Landing pages (lead forms): ``list`` an account's pages, read a page's ``fields``."""

    def list(
        self,
        *,
        advertiser_id: str | int,
        page: int = 1,
        page_size: int = 10,
        **options: Unpack[CallOptions],
    ) -> Pager[LandingPage]:
        """Landing Page List: the account's landing pages; ``page_size`` is 1..50.

        An ``advertiser_id`` that is not one of this app's accounts is refused by the service
        (:class:`~trenz_async.errors.BadRequestError`, ``INVALID_PARAM``).
        """
        params = {"advertiser_id": check_digits("advertiser_id", advertiser_id)}
        number, size = check_paging(page, page_size)
        return self._pager(
            LANDING_PAGE_LIST, LandingPage, params, options, page=number, page_size=size,
            in_body=True,
        )  # fmt: skip

    def fields(
        self, page_id: str | int, **options: Unpack[CallOptions]
    ) -> Coroutine[Any, Any, LandingPageFields]:
        """Landing Page Field Definitions: the form fields of page ``page_id``, in order.

        Each field's ``name`` is the key a lead's ``fields`` uses. An unknown ``page_id`` is
        refused by the service (``INVALID_PARAM``).
        """
        body = {"page_id": check_digits("page_id", page_id)}
        return self._one(LANDING_PAGE_FIELDS, LandingPageFields, options, body=body)
