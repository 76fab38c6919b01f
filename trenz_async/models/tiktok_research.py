"""TikTok Research API records (seed 001): commercial contents, and the query's filters.

:class:`CommercialContent` is what Query Commercial Content answers: only the requested
``fields`` are filled (``id`` is always requested by this client, it keys de-duplication).
:class:`CommercialContentFilters` and :class:`PublishedDateRange` are input records for
``tiktok.research.commercial_content.query(filters=...)``; a plain dict of the seed's shape
works as well. Times are unix seconds, dates ``YYYYMMDD`` text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import attrs

from trenz_async.models._base import Model

__all__ = [
    "CommercialContent",
    "CommercialContentCreator",
    "CommercialContentFilters",
    "CommercialContentVideo",
    "PublishedDateRange",
]

DateValue = str | int | dt.date
"""A day as the filters take it: ``"20230102"``, ``20230102`` or a ``date``."""


@attrs.frozen(slots=True)
class PublishedDateRange:
    """``content_published_date_range``: the first and last day (inclusive) of publication.

    An input record. ``min`` must be after 2022-10-01 and not after ``max``; a range
    longer than the query's ``window_days`` is walked window by window.
    """

    min: DateValue
    max: DateValue


@attrs.frozen(slots=True)
class CommercialContentFilters:
    """The ``filters`` of Query Commercial Content, as a typed record (an input record).

    ``content_published_date_range`` is a :class:`PublishedDateRange` or a dict with ``min``
    and ``max``. ``creator_country_code`` is ``"ALL"`` (or ``None``: the service's default,
    ALL) or one of the 30 EEA country codes (the United Kingdom and Switzerland are not
    included in this API). ``creator_usernames`` limits the search to those creators
    (``None`` or empty: everyone).
    """

    content_published_date_range: PublishedDateRange | Mapping[str, DateValue]
    creator_country_code: str | None = None
    creator_usernames: Sequence[str] | None = None


@attrs.frozen(slots=True)
class CommercialContentCreator(Model):
    """The creator's public information: ``username`` (their TikTok handle)."""

    username: str | None = None


@attrs.frozen(slots=True)
class CommercialContentVideo(Model):
    """A video of a commercial content: ``id`` (text), ``status`` (``"active"``, ...),
    ``url`` and ``cover_image_url`` (a signed CDN URL that expires)."""

    id: str | None = None
    status: str | None = None
    url: str | None = None
    cover_image_url: str | None = None


@attrs.frozen(slots=True)
class CommercialContent(Model):
    """One commercial content (an ad or a paid partnership post).

    ``id`` is text (``"v09044g40000..."``); ``create_date`` ``YYYYMMDD``;
    ``create_timestamp`` unix seconds; ``label`` e.g. ``"Paid partnership"``;
    ``brand_names`` the sponsors. Fields not requested in ``fields`` are ``None``.
    """

    id: str
    create_date: str | None = None
    create_timestamp: int | None = None
    label: str | None = None
    brand_names: Sequence[str] | None = None
    creator: CommercialContentCreator | None = None
    videos: Sequence[CommercialContentVideo] | None = None

    @property
    def created_at(self) -> dt.datetime | None:
        """``create_timestamp`` as an aware UTC ``datetime`` (None when not requested)."""
        if self.create_timestamp is None:
            return None
        return dt.datetime.fromtimestamp(self.create_timestamp, dt.UTC)
