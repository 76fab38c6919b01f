"""``trenz.content.copywriting``: product descriptions, titles and review analysis (async).

Each method returns a :class:`~trenz_async.resources.general.tasks.TaskHandle` once the job
is accepted; ``await handle.wait()`` gives the typed result. A submit is charged and, as a
``write``, never re-sent when its answer is lost
(:class:`~trenz_async.errors.AmbiguousOutcomeError`).
"""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any, Unpack

from trenz_async.errors import ValidationError
from trenz_async.models.content import ProductDescription, ProductTitles, ReviewAnalysis
from trenz_async.resources._base import CallOptions
from trenz_async.resources._validate import check_country
from trenz_async.resources.content._checks import (
    PRODUCT_INFO_MAX,
    check_digits,
    check_long_text,
    exactly_one,
)
from trenz_async.resources.content.paths import (
    PRODUCT_DESCRIPTION,
    PRODUCT_TITLE,
    REVIEW_ANALYSIS,
)
from trenz_async.resources.general.tasks import TaskHandle, TaskSubmitter

__all__ = ["CopywritingResource"]


def _product(
    product_info: str | None, product_id: str | None, country: str | None
) -> dict[str, str]:
    """The body naming the product: its own text, or a Data product id and its market."""
    if exactly_one("product_info", product_info, "product_id", product_id) == "product_info":
        if country is not None:
            raise ValidationError(
                "country", "goes with product_id only (product_info needs no market)", country
            )
        return {"product_info": check_long_text("product_info", product_info, PRODUCT_INFO_MAX)}
    if country is None:
        raise ValidationError("country", "is required with product_id")
    return {
        "product_id": check_digits("product_id", product_id),
        "country": check_country(country),
    }


class CopywritingResource(TaskSubmitter):
    """AI product copy (from your text or a TikTok Shop product) and review analysis."""

    def product_description(
        self,
        *,
        product_info: str | None = None,
        product_id: str | None = None,
        country: str | None = None,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, TaskHandle[ProductDescription]]:
        """Write a product description (:class:`ProductDescription`; 2 credits).

        Name the product by exactly one of ``product_info`` (your own text about it, up to
        5000 characters) or ``product_id`` (a Data product id, digits) with its ``country``
        (a Data market such as ``"us"``). Raises
        :class:`~trenz_async.errors.ValidationError` for neither, both, a ``product_id``
        without ``country`` (or ``country`` with ``product_info``), before sending.
        """
        body = _product(product_info, product_id, country)
        return self._submit(PRODUCT_DESCRIPTION, body, ProductDescription, options)

    def product_title(
        self,
        *,
        product_info: str | None = None,
        product_id: str | None = None,
        country: str | None = None,
        **options: Unpack[CallOptions],
    ) -> Coroutine[Any, Any, TaskHandle[ProductTitles]]:
        """Write candidate product titles (:class:`ProductTitles`, five; 2 credits).

        The product is named as for :meth:`product_description`.
        """
        body = _product(product_info, product_id, country)
        return self._submit(PRODUCT_TITLE, body, ProductTitles, options)

    def review_analysis(
        self, *, product_id: str, country: str, **options: Unpack[CallOptions]
    ) -> Coroutine[Any, Any, TaskHandle[ReviewAnalysis]]:
        """Analyse a product's buyer reviews (:class:`ReviewAnalysis`; 5 credits).

        ``product_id`` is a Data product id (digits) in market ``country`` (``"us"``...). An id
        the market does not have is accepted and charged, then the task fails
        (:class:`~trenz_async.errors.TaskFailedError` from ``wait``, "Product ... not found").
        """
        body = {
            "product_id": check_digits("product_id", product_id),
            "country": check_country(country),
        }
        return self._submit(REVIEW_ANALYSIS, body, ReviewAnalysis, options)
