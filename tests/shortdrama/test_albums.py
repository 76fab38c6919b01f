"""Plays over HTTP: create, update with the version guard, query, authorize, online, listing."""

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest

from tests.shortdrama.support import (
    INFO,
    cover,
    drama_requests,
    filled_album,
    refused_before_sending,
    tiktok_client,
    upload_video,
)
from trenz_async import BadRequestError, TikTokClient
from trenz_async.errors import OperationFailedError
from trenz_async.models.shortdrama import (
    AlbumStatus,
    AuthStatus,
    EpisodeInfoInput,
    PublishStatus,
    ResultType,
    ReviewStatus,
)
from trenz_async.testing import FaultRule

pytestmark = pytest.mark.anyio


async def test_create_then_fill_then_edit_writes_new_versions(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    albums = tiktok.shortdrama.albums
    created = await albums.create()
    assert created.result is ResultType.SUCCESS
    assert created.version == 1
    assert created.album_id is not None
    assert len(created.album_id) == 19
    assert drama_requests(trenz_simulator)[0].json == {"client_key": tiktok.client_key}
    pic = await cover(tiktok)
    video = await upload_video(tiktok, trenz_simulator)
    first = await albums.update(
        album_id=created.album_id,
        album_info=attrs.evolve(INFO, cover_list=[pic]),
        episode_info_list=[
            {"title": "ep 1", "seq": 1, "cover_list": [pic], "byteplus_vid": video.vid}
        ],
    )
    assert (first.album_id, first.version) == (created.album_id, 1)
    assert first.status is AlbumStatus.UPDATING
    [(placeholder, episode_id)] = first.episode_ids.items()
    assert placeholder == "seq_1"
    assert len(episode_id) == 19
    sent = drama_requests(trenz_simulator)[-1].json
    assert "version" not in sent
    assert sent["album_id"] == int(created.album_id)
    assert sent["operation_type"] == 1
    assert sent["album_info"]["cover_list"] == [pic]

    second = await albums.update(
        album_id=created.album_id,
        version=1,
        album_info={"title": "demo drama, recut"},
        episode_info_list=[EpisodeInfoInput(episode_id=episode_id, title="ep 1 (recut)")],
    )
    assert second.version == 2
    assert set(second.episode_ids) == {episode_id}
    assert albums.known_version(created.album_id) == 2

    everything = await albums.get(album_id=created.album_id)
    assert [v.version for v in everything.album_version_list or []] == [1, 2]
    assert everything.latest_version == 2
    assert everything.online_version is None
    one = await albums.get(album_id=created.album_id, version=2)
    [v2] = one.album_version_list or []
    assert v2.album_info is not None
    assert v2.album_info.title == "demo drama, recut"
    assert [e.title for e in v2.episodes] == ["ep 1 (recut)"]
    assert v2.review is ReviewStatus.NOT_SUBMITTED
    assert not v2.approved
    assert one.version(1) is None
    assert one.version(2) == v2
    assert drama_requests(trenz_simulator)[-1].query == {
        "client_key": tiktok.client_key,
        "album_id": created.album_id,
        "version": "2",
    }


async def test_a_stale_version_is_refused_before_sending_when_the_client_knows(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    album_id, _ = await filled_album(tiktok, trenz_simulator)
    albums = tiktok.shortdrama.albums
    await albums.update(album_id=album_id, version=1, episode_info_list=[])
    error = refused_before_sending(
        trenz_simulator,
        "version",
        albums.update,
        album_id=album_id,
        version=1,
        episode_info_list=[],
    )
    assert "is stale: play" in error.rule
    assert "at version 2" in error.rule


async def test_an_update_without_a_version_is_sent_and_edits_the_current_version(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    """Edit Play's ``version`` is optional (seed: "No"), even once the play is filled."""
    album_id, _ = await filled_album(tiktok, trenz_simulator)
    albums = tiktok.shortdrama.albums
    assert albums.known_version(album_id) == 1
    updated = await albums.update(
        album_id=album_id, album_info={"title": "recut"}, episode_info_list=[]
    )
    assert updated.version == 2
    assert "version" not in drama_requests(trenz_simulator)[-1].json
    assert albums.known_version(album_id) == 2
    album = await albums.get(album_id=album_id, version=2)
    [entry] = album.album_version_list or []
    assert entry.album_info is not None
    assert entry.album_info.title == "recut"


async def test_a_query_answer_of_versions_only_gives_the_plays_fields(
    tiktok: TikTokClient, trenz_simulator: Any, credentials: tuple[str, str]
) -> None:
    """Query Plays answers only ``album_version_list`` (the seed's shape): ``album_id``,
    ``current_version``, ``online_version`` and ``publish_status`` come from its first entry."""
    album_id, _ = await filled_album(tiktok, trenz_simulator)
    await tiktok.shortdrama.albums.update(album_id=album_id, version=1, episode_info_list=[])
    async with tiktok_client(trenz_simulator, *credentials) as other:  # has seen nothing
        albums = other.shortdrama.albums
        album = await albums.get(album_id=album_id, version=1)
        assert (album.album_id, album.current_version, album.latest_version) == (album_id, 2, 2)
        assert (album.online_version, album.listing) == (None, PublishStatus.DEFAULT)
        assert albums.known_version(album_id) == 2  # learnt from the entry's album_id
        refused_before_sending(
            trenz_simulator,
            "version",
            albums.update,
            album_id=album_id,
            version=1,
            episode_info_list=[],
        )


async def test_the_services_stale_version_refusal_is_a_bad_request(
    tiktok: TikTokClient, trenz_simulator: Any, credentials: tuple[str, str]
) -> None:
    album_id, _ = await filled_album(tiktok, trenz_simulator)
    await tiktok.shortdrama.albums.update(album_id=album_id, version=1, episode_info_list=[])
    async with tiktok_client(trenz_simulator, *credentials) as other:  # knows nothing yet
        with pytest.raises(BadRequestError) as caught:
            await other.shortdrama.albums.update(album_id=album_id, version=1, episode_info_list=[])
        assert (caught.value.status, caught.value.code) == (400, "invalid_request")
        assert caught.value.message == (
            f"version 1 is stale: the current version of play {album_id} is 2"
        )
        assert trenz_simulator.drama_counters["album_updates"] == 2
        await other.shortdrama.albums.get(album_id=album_id)  # now it knows
        refused_before_sending(
            trenz_simulator,
            "version",
            other.shortdrama.albums.update,
            album_id=album_id,
            version=1,
            episode_info_list=[],
        )


async def test_a_first_fill_needs_album_info(tiktok: TikTokClient, trenz_simulator: Any) -> None:
    created = await tiktok.shortdrama.albums.create()
    refused_before_sending(
        trenz_simulator,
        "album_info",
        tiktok.shortdrama.albums.update,
        album_id=created.album_id,
        episode_info_list=[],
    )


async def test_operation_type_2_changes_the_status_only(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    album_id, _ = await filled_album(tiktok, trenz_simulator)
    done = await tiktok.shortdrama.albums.update(
        album_id=album_id, operation_type=2, version=1, album_status=AlbumStatus.COMPLETED
    )
    assert (done.version, done.status) == (1, AlbumStatus.COMPLETED)
    assert drama_requests(trenz_simulator)[-1].json == {
        "client_key": tiktok.client_key,
        "album_id": int(album_id),
        "operation_type": 2,
        "version": 1,
        "album_status": 3,
    }


async def test_authorize_reports_each_client_key_and_partial_success_is_not_raised(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    album_id, _ = await filled_album(tiktok, trenz_simulator)
    friend, _ = trenz_simulator.create_tiktok_client()
    result = await tiktok.shortdrama.albums.authorize(
        album_id=album_id, operate_type=1, target_client_key_list=[friend, "mn_unknown"]
    )
    assert result.result is ResultType.PARTIAL
    [ok] = result.succeeded
    assert (ok.client_key, ok.status, ok.error_code) == (friend, AuthStatus.AUTHORIZED, 0)
    [failed] = result.failed
    assert (failed.client_key, failed.error_code, failed.error_message) == (
        "mn_unknown",
        22013,
        "client_key not found",
    )
    again = await tiktok.shortdrama.albums.authorize(
        album_id=album_id, operate_type=1, target_client_key_list=[friend]
    )
    assert again.result is ResultType.FAILURE
    assert [(r.error_code, r.error_message) for r in again.failed] == [
        (22010, "authorization already exists")
    ]
    removed = await tiktok.shortdrama.albums.authorize(
        album_id=album_id, operate_type=2, target_client_key_list=[friend]
    )
    assert removed.result is ResultType.SUCCESS
    assert removed.succeeded[0].status is AuthStatus.REMOVED
    assert trenz_simulator.drama_counters["authorizations_changed"] == 2


async def test_online_version_needs_an_approved_version(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    album_id, _ = await filled_album(tiktok, trenz_simulator)
    with pytest.raises(BadRequestError, match="only an approved version can go online") as caught:
        await tiktok.shortdrama.albums.set_online_version(album_id=album_id, version=1)
    assert caught.value.code == "invalid_request"
    with pytest.raises(BadRequestError, match="has no online version"):
        await tiktok.shortdrama.albums.status(album_id=album_id, status=1)
    review = await tiktok.shortdrama.albums.submit_review(album_id=album_id, version=1)
    assert review.review_id is not None
    trenz_simulator.decide_drama_review(review.review_id)
    online = await tiktok.shortdrama.albums.set_online_version(album_id=album_id, version=1)
    assert (online.album_id, online.online_version) == (album_id, 1)
    listed = await tiktok.shortdrama.albums.status(album_id=album_id, status=1)
    assert (listed.album_id, listed.status) == (album_id, 1)
    delisted = await tiktok.shortdrama.albums.status(album_id=album_id, status=2)
    assert delisted.listing is not None
    assert delisted.listing.name == "DELIST"
    album = await tiktok.shortdrama.albums.get(album_id=album_id)
    assert album.online_version == 1
    assert album.listing is PublishStatus.DELISTED
    assert trenz_simulator.drama_counters["listing_changes"] == 2


async def test_a_partial_create_is_returned_and_a_failed_one_raises(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    for result_type in (2, 3):
        answer = {"data": {"result_type": result_type, "album_id": 7637420375425239060}}
        trenz_simulator.add_fault(
            FaultRule(
                route="POST /v2/sg/shortdrama/album/create/",
                status=200,
                raw_body=json.dumps({**answer, "error": {"code": "ok", "log_id": "x"}}),
                content_type="application/json",
                times=1,
            )
        )
    partial = await tiktok.shortdrama.albums.create()
    assert partial.result is ResultType.PARTIAL
    assert partial.album_id == "7637420375425239060"
    with pytest.raises(OperationFailedError, match="album create failed") as caught:
        await tiktok.shortdrama.albums.create()
    assert caught.value.last.result is ResultType.FAILURE  # type: ignore[attr-defined]


async def test_the_plays_heads_come_from_its_newest_listed_version(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    # The seed's answer holds only album_version_list, each entry with the play's fields: a
    # producer may keep them per version (snapshots, oldest first). The newest is current.
    versions = [
        {"album_id": 7, "version": 1, "current_version": 1, "online_version": None},
        {"album_id": 7, "version": 2, "current_version": 2, "online_version": 1},
    ]
    body = {"data": {"album_version_list": versions}, "error": {"code": "ok", "message": ""}}
    trenz_simulator.add_fault(
        FaultRule(
            "GET /v2/sg/shortdrama/album/query/", status=200, raw_body=json.dumps(body),
            content_type="application/json", times=1,
        )
    )  # fmt: skip
    album = await tiktok.shortdrama.albums.get(album_id=7)
    assert (album.latest_version, album.online_version) == (2, 1)
