"""Lists and details whose answers take other plausible shapes than the simulator's, over HTTP.

The seed names the envelope (``APIResponse``: ``data``, with ``page``/``page_size``/``total``
for lists) but not where a list keeps its rows nor how a detail holds its record.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from tests.helpers import answer_with
from tests.social.conftest import ACCOUNT
from trenz_async import TrenzClient
from trenz_async.errors import QuotaExceededError, ResponseDecodeError
from trenz_async.testing import FaultRule

pytestmark = pytest.mark.anyio
V1 = "/open/v1/social"
ROW = {"id": ACCOUNT, "platform": "tiktok", "username": "cozylamp_87"}


def _answer(sim: Any, route: str, body: dict[str, Any]) -> None:
    answer_with(sim, route, {"code": "OK", "message": "ok", **body})


@pytest.mark.parametrize(
    "body",
    [
        {"data": [ROW], "total": 1, "page": 1, "page_size": 10},
        {"data": {"list": [ROW], "total": 1}},
        {"data": {"records": [ROW]}, "total": 1},
        {"data": {"accounts": [ROW], "total_count": 1.0}},
    ],
    ids=["data-is-the-rows", "data-list", "data-records", "data-own-name"],
)
async def test_a_list_reads_its_rows_wherever_the_answer_keeps_them(
    client: TrenzClient, trenz_simulator: Any, body: dict[str, Any]
) -> None:
    _answer(trenz_simulator, f"POST {V1}/accounts/list", body)
    page = await client.social.accounts.list()
    assert [(a.id, a.username) for a in page.items] == [(ACCOUNT, "cozylamp_87")]
    assert (page.total, page.has_next) == (1, False)


async def test_a_list_with_several_lists_and_no_items_is_refused_naming_them(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    # Read as empty, such a page would end a harvest "done" with nothing written.
    _answer(trenz_simulator, f"POST {V1}/accounts/list", {"data": {"accounts": [ROW], "tags": []}})
    with pytest.raises(ResponseDecodeError, match="accounts, tags"):
        await client.social.accounts.list()


async def test_a_total_inside_data_is_the_lists_total(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    _answer(trenz_simulator, f"POST {V1}/accounts/list", {"data": {"items": [ROW], "total": 57}})
    page = await client.social.accounts.list()
    assert (page.total, page.has_next) == (57, True)


async def test_a_detail_answered_as_a_one_row_list_is_its_record(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    _answer(trenz_simulator, f"POST {V1}/accounts/detail", {"data": {"items": [ROW]}})
    account = await client.social.accounts.get(ACCOUNT)
    assert (account.id, account.username) == (ACCOUNT, "cozylamp_87")


@pytest.mark.parametrize("data", [None, True, {}, {"success": True}])
async def test_a_write_answered_with_an_acknowledgement_is_read_as_what_was_sent(
    client: TrenzClient, trenz_simulator: Any, data: Any
) -> None:
    # The catalogue gives these answers as just "ok": the write happened, so it is not refused.
    _answer(trenz_simulator, f"POST {V1}/accounts/remark", {"data": data})
    account = await client.social.accounts.set_remark(ACCOUNT, remark="spring campaign")
    assert (account.id, account.remark) == (ACCOUNT, "spring campaign")
    _answer(trenz_simulator, f"POST {V1}/accounts/disconnect", {"data": data})
    gone = await client.social.accounts.disconnect(ACCOUNT)
    assert (gone.platform_account_id, gone.status) == (ACCOUNT, "disconnected")
    _answer(trenz_simulator, f"POST {V1}/publish/cancel", {"data": data})
    cancelled = await client.social.publishing.cancel("pub_1")
    assert (cancelled.publication_id, cancelled.status) == ("pub_1", "cancelled")
    later = int(time.time()) + 3600
    _answer(trenz_simulator, f"POST {V1}/publish/reschedule", {"data": data})
    moved = await client.social.publishing.reschedule("pub_1", scheduled_at=later)
    assert (moved.publication_id, moved.scheduled_at) == ("pub_1", later)


async def test_a_session_status_in_another_spelling_ends_the_wait(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    # The seed says only "until status is completed or failed": a producer that capitalises
    # it, or says "succeeded", must not leave wait() polling until its timeout.
    session = {
        "session_token": "sess_caps",
        "status": "COMPLETED",
        "created_at": "2026-11-27T10:00:00Z",
        "publications": [{"platform_account_id": ACCOUNT, "status": "Succeeded"}],
    }
    _answer(trenz_simulator, f"POST {V1}/publish/session", {"data": session})
    final = await client.social.publishing.wait("sess_caps", timeout=5)
    assert final.status == "completed"
    assert [p.status for p in final.published] == ["published"]
    assert final.created_at == 1795773600


@pytest.mark.parametrize(
    "body",
    [
        {"error": {"code": "QUOTA_EXCEEDED", "message": "Monthly quota used up"}},
        {"code": 429, "error": {"code": "QUOTA_EXCEEDED", "message": "Monthly quota used up"}},
        {"code": "QUOTA_EXCEEDED", "message": "Monthly quota used up"},
    ],
    ids=["nested", "nested-under-a-number", "flat"],
)
async def test_an_error_nested_in_an_error_object_keeps_its_code(
    client: TrenzClient, trenz_simulator: Any, body: dict[str, Any]
) -> None:
    # The seed names an APIError schema without its layout: {"error": {...}} is as plausible
    # as the flat form. Read flat-only, a quota error became a plain 429 and was retried.
    rule = FaultRule(
        f"POST {V1}/accounts/list", status=429, raw_body=json.dumps(body), times=None,
        content_type="application/json",
    )  # fmt: skip
    trenz_simulator.add_fault(rule)
    with pytest.raises(QuotaExceededError, match="Monthly quota used up") as caught:
        await client.social.accounts.list()
    assert caught.value.code == "QUOTA_EXCEEDED"
    assert len(trenz_simulator.journal) == 1  # not retried


async def test_a_video_check_keyed_by_platform_with_issue_objects_is_read(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    # The seed shows no answer for Validate Video Info: platforms keyed by name, issues as
    # objects and a fractional bitrate are all plausible.
    check = {
        "size": 4096,
        "duration": 12,
        "bitrate": 1500.5,
        "platforms": {
            "tiktok": {"passed": True, "issues": []},
            "youtube": {"passed": False, "issues": [{"code": "RES", "message": "too small"}]},
        },
    }
    _answer(trenz_simulator, f"POST {V1}/videos/check-info", {"data": check})
    info = await client.social.videos.check_info(bucket_name="b", bucket_key="k")
    assert [(c.platform, c.passed) for c in info.platforms or ()] == [
        ("tiktok", True),
        ("youtube", False),
    ]
    youtube = info.check("youtube")
    assert youtube is not None
    assert youtube.issues is not None
    assert json.loads(youtube.issues[0]) == {"code": "RES", "message": "too small"}
    assert (info.bitrate, info.passed) == (1500.5, False)


async def test_an_unknown_records_path_is_tried_at_the_catalogues_other_path(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    # Publishing Record List is only named in the seed (reconciling a lost publish needs
    # it): a service that does not know the guessed path is asked at the other one, which
    # is then used first.
    unknown = json.dumps({"code": "ROUTE_NOT_FOUND", "message": "Endpoint not found"})
    trenz_simulator.add_fault(
        FaultRule(f"POST {V1}/publish/records", status=404, raw_body=unknown, times=None,
                  content_type="application/json")
    )  # fmt: skip
    record = {"publication_id": "pub_1", "platform_account_id": ACCOUNT, "status": "published"}
    listed = {"data": {"items": [record], "total": 1}}
    _answer(trenz_simulator, f"POST {V1}/videos/list", listed)
    _answer(trenz_simulator, f"POST {V1}/videos/list", listed)
    for _ in range(2):
        page = await client.social.videos.records(bucket_key="upload/k")
        assert [(r.publication_id, r.status) for r in page.items] == [("pub_1", "published")]
    paths = [entry.path for entry in trenz_simulator.journal]
    assert paths == [f"{V1}/publish/records", f"{V1}/videos/list", f"{V1}/videos/list"]
