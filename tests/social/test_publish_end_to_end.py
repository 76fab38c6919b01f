"""The seed's publishing walkthrough end to end, over HTTP against one simulator.

presign + streamed upload of a file -> check-info -> upload-and-publish to three accounts (one
scheduled an hour ahead) -> the simulator's clock moves -> wait -> read the records back by
object key. The storage host never sees the API key.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from tests.social.conftest import ACCOUNT, FAST, OTHER_ACCOUNT
from trenz_async import TrenzClient
from trenz_async.errors import PollTimeoutError
from trenz_async.models.social import Publication

pytestmark = pytest.mark.anyio
HOUR = 3600


async def test_upload_check_publish_wait_and_reconcile(
    client: TrenzClient, trenz_simulator: Any, tmp_path: Path
) -> None:
    # 1. presign + streamed PUT of a file on disk, with progress
    clip = tmp_path / "launch.mp4"
    clip.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 2048)
    progress: list[tuple[int, int]] = []
    stored = await client.files.upload(clip, on_progress=lambda s, t: progress.append((s, t)))
    size = clip.stat().st_size
    assert stored.size == size
    assert progress[-1] == (size, size)
    assert [sent for sent, _ in progress] == sorted(sent for sent, _ in progress)
    paths = [entry.path for entry in trenz_simulator.journal]
    assert paths[0] == "/open/v1/social/upload/presigned-url"
    assert any(path.startswith("/_storage/") for path in paths[1:])

    # 2. check the video against each platform before publishing
    info = await client.social.videos.check_info(
        bucket_name=stored.bucket_name, bucket_key=stored.bucket_key
    )
    assert (info.size, info.passed) == (size, True)

    # 3. publish to two TikTok accounts now and to YouTube in an hour
    youtube = (await client.social.accounts.list(platform="youtube")).items[0].id
    later = int(time.time()) + HOUR
    session = await client.social.publishing.upload_and_publish(
        video_title="Launch day",
        video_description="Our new desk lamp",
        bucket_name=stored.bucket_name,
        bucket_key=stored.bucket_key,
        publications=[
            {"platform_account_id": ACCOUNT, "platform_config": {"privacy": "PUBLIC_TO_EVERYONE"}},
            {"platform_account_id": OTHER_ACCOUNT, "title": "Launch day (again)"},
            Publication(
                platform_account_id=youtube,
                title="Launch day on Shorts",
                platform_config={"privacy_status": "public"},
                scheduled_at=later,
            ),
        ],
    )
    token = session.session_token
    assert [p.status for p in session.publications or ()] == ["pending"] * 3

    # 4. the immediate ones publish; the scheduled one waits for its time
    trenz_simulator.clock.advance(11)
    now = await client.social.publishing.session(token)
    assert now.status == "processing"
    assert sorted(p.platform_account_id for p in now.published) == [ACCOUNT, OTHER_ACCOUNT]
    assert [(p.platform_account_id, p.status, p.scheduled_at) for p in now.pending] == [
        (youtube, "pending", later)
    ]
    with pytest.raises(PollTimeoutError) as caught:
        await client.social.publishing.wait(token, timeout=0.05, policy=FAST)
    assert "processing (2 published, 1 pending)" in str(caught.value)
    trenz_simulator.clock.set(later - 1)
    assert (await client.social.publishing.session(token)).pending[0].status == "pending"
    trenz_simulator.clock.set(later + 11)
    final = await client.social.publishing.wait(token, timeout=5, policy=FAST)
    assert final.status == "completed"
    assert [p.platform_account_id for p in final.published] == [ACCOUNT, OTHER_ACCOUNT, youtube]
    shorts = final.published[2]
    assert shorts.published_at == later + 10
    assert shorts.video_url is not None
    assert shorts.video_url.startswith("https://www.youtube.com/")

    # 5. the publishing records of the object match the session
    records = await client.social.videos.records(bucket_key=stored.bucket_key)
    assert records.total == 3
    by_id = {r.record_id: r for r in records.items}
    for entry in final.publications or ():
        record = by_id[entry.record_id]
        assert (record.session_token, record.platform_account_id, record.status) == (
            token,
            entry.platform_account_id,
            "published",
        )
        assert (record.platform_video_id, record.scheduled_at, record.created_at) == (
            entry.platform_video_id,
            entry.scheduled_at,
            entry.created_at,
        )
    assert trenz_simulator.publications_created(stored.bucket_key) == 3

    # 6. the storage host never saw the API key
    assert trenz_simulator.storage_leaks == 0
