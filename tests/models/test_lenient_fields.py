"""Fields the documents leave loose, read in every plausible form: status words in any case
or synonym, times as ISO 8601 or floats, amounts as fractions. Both decoder paths (a plain
``dict`` takes the fast one, a read-only mapping the general one) must agree."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

import attrs
import pytest

from trenz_async.errors import ResponseDecodeError
from trenz_async.models import PresignedUpload, Usage, make_converter
from trenz_async.models.shortdrama import Subtitles, Video
from trenz_async.models.social import PublishingRecord, PublishingRecordDetail, PublishSession

RECORD_FIELDS = [f.name for f in attrs.fields(PublishingRecord) if f.name != "extras"]


@pytest.fixture(params=["dict", "mapping"])
def shape(request: pytest.FixtureRequest) -> Any:
    return dict if request.param == "dict" else MappingProxyType


def record(**fields: Any) -> dict[str, Any]:
    """A publishing record carrying every field (so a dict takes the fast path)."""
    return {name: fields.get(name) for name in RECORD_FIELDS}


@pytest.mark.parametrize(
    ("sent", "read"),
    [
        ("published", "published"),
        ("PUBLISHED", "published"),
        (" Completed ", "published"),
        ("success", "published"),
        ("SUCCEEDED", "published"),
        ("Canceled", "cancelled"),
        ("ERROR", "failed"),
        ("processing", "publishing"),
        ("scheduled", "pending"),
        ("on_hold", "on_hold"),  # unknown: kept (lower-cased), never final
    ],
)
def test_a_publication_status_is_read_as_the_documented_word(
    shape: Any, sent: str, read: str
) -> None:
    converter = make_converter()
    decoded = converter.structure(shape(record(status=sent)), PublishingRecord)
    assert decoded.status == read
    assert decoded.finished is (read in ("published", "failed", "cancelled"))


@pytest.mark.parametrize(
    ("sent", "read"),
    [
        ("COMPLETED", "completed"),
        ("success", "completed"),
        ("Failed", "failed"),
        ("canceled", "cancelled"),
        ("Processing", "processing"),
        ("in_progress", "processing"),
    ],
)
def test_a_session_status_is_read_as_the_documented_word(shape: Any, sent: str, read: str) -> None:
    converter = make_converter()
    answer = {"session_token": "sess_1", "status": sent, "publications": [record(status=sent)]}
    session = converter.structure(shape(answer), PublishSession)
    assert session.status == read


@pytest.mark.parametrize(
    ("sent", "read"),
    [
        (1767225600, 1767225600),
        (1767225600.75, 1767225600),
        ("1767225600", 1767225600),
        ("2026-01-01T00:00:00Z", 1767225600),
        ("2026-01-01T08:00:00+08:00", 1767225600),
        ("2026-01-01T00:00:00", 1767225600),  # no zone: UTC
    ],
)
def test_a_time_is_read_as_unix_seconds_in_any_plausible_form(
    shape: Any, sent: Any, read: int
) -> None:
    converter = make_converter()
    decoded = converter.structure(shape(record(created_at=sent)), PublishingRecord)
    assert decoded.created_at == read
    assert type(decoded.created_at) is int


@pytest.mark.parametrize("sent", ["yesterday", True, [1]])
def test_a_time_that_is_no_time_is_refused_naming_the_field(shape: Any, sent: Any) -> None:
    converter = make_converter()
    with pytest.raises((TypeError, ValueError), match="created_at"):
        converter.structure(shape(record(created_at=sent)), PublishingRecord)


def test_usage_keeps_whole_numbers_whole_and_fractions_as_floats(shape: Any) -> None:
    converter = make_converter()
    sent = {"coin_cost": 0.5, "remaining_balance": 120, "credits_cost": "3"}
    usage = converter.structure(shape(sent), Usage)
    assert (usage.cost, usage.balance, usage.credits_cost) == (0.5, 120, 3)
    assert type(usage.remaining_balance) is int


def test_a_presigned_upload_reads_an_iso_expiry(shape: Any) -> None:
    converter = make_converter()
    answer = {
        "presigned_url": "https://storage.example/put",
        "object_key": "uploads/clip.mp4",
        "s3_bucket": "bucket",
        "cdn_url": None,
        "expires_in": None,
        "expires_at": "2026-01-01T01:00:00Z",
    }
    assert converter.structure(shape(answer), PresignedUpload).expires_at == 1767229200


def test_a_usage_that_is_no_number_is_refused() -> None:
    converter = make_converter()
    with pytest.raises((TypeError, ValueError, ResponseDecodeError), match="coin_cost"):
        converter.structure({"coin_cost": "a lot"}, Usage)


@pytest.mark.parametrize("sent", ['{"Vid":"v1","Duration":12.5}', {"Vid": "v1", "Duration": 12.5}])
def test_json_text_sent_as_an_object_is_kept_as_its_text(shape: Any, sent: Any) -> None:
    # Seed 002 types raw_video_info_json as a string and shows it as an object.
    converter = make_converter()
    video = converter.structure(shape({"vid": "v1", "raw_video_info_json": sent}), Video)
    assert video.raw_info == {"Vid": "v1", "Duration": 12.5}
    detail = converter.structure(
        shape(record() | {"video_title": None, "video_description": None, "platform_config": sent}),
        PublishingRecordDetail,
    )
    assert detail.config == {"Vid": "v1", "Duration": 12.5}
    assert isinstance(detail.platform_config, str)


@pytest.mark.parametrize(
    "answer",
    [
        {"upload_status": 2, "subtitle_info_list": [{"subtitle_id": "s1", "language": "en"}]},
        {"upload_status": 2, "subtitle_info_list": [{"id": "s1", "language": "en"}]},
        {"upload_status": 2, "subtitle_info_list": [{"language": "en"}], "subtitle_id": "s1"},
        {"upload_status": 2, "subtitle_id": "s1"},
    ],
    ids=["documented", "entry-id", "entry-without-one", "top-level"],
)
def test_a_subtitle_job_gives_its_id_wherever_the_answer_keeps_it(
    shape: Any, answer: dict[str, Any]
) -> None:
    # Seed 002 refers to a SubtitleInfo definition it never gives: where bind's subtitle_id
    # comes from is a guess, so each plausible place is read.
    converter = make_converter()
    assert converter.structure(shape(answer), Subtitles).subtitle_id == "s1"
