"""Short-drama albums: versions and their guard, episodes, query, editing status, authorize."""

from __future__ import annotations

from typing import Any

import pytest

from tests.testing.test_tiktok_drama_support import INFO, DramaHttp, dr, error_of

__all__ = ["dr"]
pytestmark = pytest.mark.anyio
FIRST_FILL = (
    "album_info needs language, seq_num, cover_list, year, desp, drama_type on the first upload"
)


async def test_create_answers_album_id_and_initial_version_1(dr: DramaHttp) -> None:
    data = await dr.ok("/album/create/")
    assert set(data) == {"result_type", "album_id", "version"}
    assert (data["result_type"], data["version"]) == (1, 1)
    assert isinstance(data["album_id"], int)
    assert len(str(data["album_id"])) == 19
    album = dr.sim.drama_albums[data["album_id"]]
    assert (album.owner, album.current_version, album.versions[1].filled) == (dr.key, 1, False)


async def test_first_update_fills_version_1_and_later_ones_add_versions(dr: DramaHttp) -> None:
    album_id, first = await dr.filled()
    assert first["version"] == 1
    assert (first["album_status"], first["publish_status"]) == (3, 0)
    assert list(first["episode_id_map"]) == ["seq_1"]
    old_episode = first["episode_id_map"]["seq_1"]
    vid = await dr.video("episode_02", "https://e.com/2.mp4")
    pic = await dr.image()
    second = await dr.ok(
        "/album/update/",
        {
            "album_id": album_id,
            "version": 1,
            "album_info": {"title": "renamed"},
            "episode_info_list": [
                {"episode_id": old_episode, "title": "ep one"},
                {"title": "ep two", "seq": 2, "cover_list": [pic], "byteplus_vid": vid},
            ],
        },
    )
    assert second["version"] == 2
    assert set(second["episode_id_map"]) == {old_episode, "seq_2"}
    assert second["episode_id_map"][old_episode] != old_episode
    album = dr.sim.drama_albums[album_id]
    assert album.versions[1].album_info["title"] == "demo drama"  # history kept as it was
    assert album.versions[2].album_info["title"] == "renamed"
    assert [e.title for e in album.versions[2].episodes] == ["ep one", "ep two"]
    assert dr.sim.drama_counters["album_updates"] == 2


async def test_a_stale_version_is_refused_and_changes_nothing(dr: DramaHttp) -> None:
    album_id, _ = await dr.filled()
    body: dict[str, Any] = {"album_id": album_id, "episode_info_list": []}
    await dr.ok("/album/update/", {**body, "version": 1})
    status, answer = await dr.post("/album/update/", {**body, "version": 1})
    assert (status, error_of(answer)) == (
        400,
        (
            "invalid_request",
            f"version 1 is stale: the current version of play {album_id} is 2",
        ),
    )
    status, answer = await dr.post("/album/update/", {**body, "version": 7})
    assert error_of(answer)[0] == "invalid_request"
    assert dr.sim.drama_albums[album_id].current_version == 2
    assert dr.sim.drama_counters["album_updates"] == 2


async def test_an_update_without_a_version_edits_the_current_one(dr: DramaHttp) -> None:
    """``version`` is optional (seed: "No", for concurrency protection)."""
    album_id, _ = await dr.filled()
    body = {"album_id": album_id, "album_info": {"title": "renamed"}, "episode_info_list": []}
    assert (await dr.ok("/album/update/", body))["version"] == 2
    assert (await dr.ok("/album/update/", body))["version"] == 3
    album = dr.sim.drama_albums[album_id]
    assert [album.versions[n].album_info["title"] for n in (1, 2, 3)] == [
        "demo drama",
        "renamed",
        "renamed",
    ]


async def test_the_first_fill_may_name_version_1(dr: DramaHttp) -> None:
    album_id, pic, vid = await dr.album(), await dr.image(), await dr.video()
    episode = {"title": "e", "seq": 1, "cover_list": [pic], "byteplus_vid": vid}
    body = {"album_id": str(album_id), "version": 1, "episode_info_list": [episode]}
    data = await dr.ok("/album/update/", body | {"album_info": {**INFO, "cover_list": [pic]}})
    assert data["version"] == 1


@pytest.mark.parametrize(
    ("info", "message"),
    [
        ({"title": "x"}, FIRST_FILL),
        ({"drama_type": 5}, "drama_type must be one of 1, 2, 3, 4"),
        ({"album_status": 0}, "album_status must be one of 1, 2, 3"),
        ({"year": 3000}, "album_info.year must be between 1900 and 2100"),
        ({"cover_list": []}, "album_info.cover_list must name at least one open_pic_id"),
        ({"cover_list": ["0" * 32]}, f"image {'0' * 32} not found: upload it with /image first"),
        ({"tag_list": ["x"]}, "tag_list must be an array of at most 100 integers"),
        ({"description": "x"}, "album_info has unknown fields: description"),
    ],
)
async def test_album_info_is_checked(dr: DramaHttp, info: dict[str, Any], message: str) -> None:
    album_id, pic = await dr.album(), await dr.image()
    full = {**INFO, "cover_list": [pic]} if "title" not in info else {}
    body = {"album_id": album_id, "album_info": full | info, "episode_info_list": []}
    status, answer = await dr.post("/album/update/", body)
    assert (status, error_of(answer)) == (400, ("invalid_params", message))
    assert dr.sim.drama_albums[album_id].versions[1].filled is False


async def episode_error(dr: DramaHttp, episodes: list[dict[str, Any]]) -> tuple[str, str]:
    album_id, pic = await dr.album(), await dr.image()
    body = {"album_id": album_id, "album_info": {**INFO, "cover_list": [pic], "seq_num": 3}}
    status, answer = await dr.post("/album/update/", body | {"episode_info_list": episodes})
    assert status == 400
    return error_of(answer)


async def test_episodes_need_successful_videos_of_the_caller(dr: DramaHttp) -> None:
    pic = await dr.image()
    new = {"title": "e", "seq": 1, "cover_list": [pic]}
    assert await episode_error(dr, [new]) == (
        "invalid_params",
        "episode_info_list[0]: a new episode needs byteplus_vid",
    )
    unknown = await episode_error(dr, [new | {"byteplus_vid": "vzzz"}])
    assert unknown == ("invalid_params", "byteplus_vid vzzz not found: upload the video first")
    dr.sim.clock.advance(0)
    job_vid = (
        await dr.ok(
            "/video",
            {"vid": "vpending", "title": "t", "space_name": "s", "byteplus_account_id": "333"},
        )
    )["byteplus_vid"]
    pending = await episode_error(dr, [new | {"byteplus_vid": job_vid}])
    assert pending == (
        "invalid_request",
        "byteplus_vid vpending is not uploaded successfully (processing)",
    )
    other = await dr.other()
    theirs = await other.video()
    assert (await episode_error(dr, [new | {"byteplus_vid": theirs}]))[0] == "invalid_params"


async def test_episode_seq_and_vid_rules(dr: DramaHttp) -> None:
    pic, vid, vid2 = await dr.image(), await dr.video(), await dr.video("b", "https://e.com/b.mp4")
    one = {"title": "e", "seq": 1, "cover_list": [pic], "byteplus_vid": vid}
    two = one | {"seq": 2, "byteplus_vid": vid2}
    assert (await episode_error(dr, [one, one | {"byteplus_vid": vid2}]))[1] == (
        "episode seq values must be unique within a version"
    )
    assert (await episode_error(dr, [one, two | {"byteplus_vid": vid}]))[1] == (
        "a byteplus_vid can serve only one episode of a version"
    )
    assert (await episode_error(dr, [two | {"seq": 4}]))[1] == (
        "episode seq 4 exceeds album_info.seq_num 3"
    )
    assert (await episode_error(dr, [one | {"episode_id": "123"}]))[1] == (
        "episode_id 123 is not in version 1"
    )


async def test_query_answers_every_version_or_one(dr: DramaHttp) -> None:
    album_id, first = await dr.filled()
    await dr.ok("/album/update/", {"album_id": album_id, "version": 1, "episode_info_list": []})
    data = await dr.ok_get("/album/query/", album_id=album_id)
    assert set(data) == {"album_version_list"}  # the seed's answer: the play's fields per entry
    entries = data["album_version_list"]
    assert [entry["version"] for entry in entries] == [1, 2]
    entry = entries[0]
    assert (entry["album_id"], entry["current_version"], entry["publish_status"]) == (
        album_id,
        2,
        0,
    )
    assert "online_version" not in entry  # empty when not set
    assert set(entry) == {
        "album_id",
        "version",
        "album_info",
        "episode_info_list",
        "current_version",
        "publish_status",
        "review_status",
    }
    assert entry["review_status"] == 0
    assert entry["album_info"]["title"] == "demo drama"
    assert entry["album_info"]["album_status"] == 3
    episode = entry["episode_info_list"][0]
    assert episode["episode_id"] == first["episode_id_map"]["seq_1"]
    assert set(episode) == {"episode_id", "title", "seq", "cover_list", "byteplus_vid"}
    one = await dr.ok_get("/album/query/", album_id=album_id, version=2)
    assert [entry["version"] for entry in one["album_version_list"]] == [2]
    _, answer = await dr.get("/album/query/", album_id=album_id, version=3)
    assert error_of(answer) == ("invalid_params", f"version 3 of play {album_id} not found")


async def test_operation_type_2_changes_only_the_editing_status(dr: DramaHttp) -> None:
    album_id, _ = await dr.filled()
    body = {"album_id": album_id, "operation_type": 2}
    _, answer = await dr.post("/album/update/", body)
    assert error_of(answer)[1] == "album_status is required when operation_type=2"
    data = await dr.ok("/album/update/", body | {"album_status": 2, "version": 1})
    assert (data["version"], data["album_status"], data["episode_id_map"]) == (1, 2, {})
    assert dr.sim.drama_albums[album_id].current_version == 1


async def test_other_clients_cannot_see_or_change_an_album(dr: DramaHttp) -> None:
    album_id, _ = await dr.filled()
    other = await dr.other()
    _, answer = await other.get("/album/query/", album_id=album_id)
    assert error_of(answer) == ("invalid_params", f"album_id {album_id} not found")
    body = {"album_id": album_id, "operation_type": 2, "album_status": 1}
    assert error_of((await other.post("/album/update/", body))[1])[0] == "invalid_params"


async def test_authorize_reports_each_client_key(dr: DramaHttp) -> None:
    album_id, _ = await dr.filled()
    other, third = await dr.other(), await dr.other()
    body = {"album_id": album_id, "operate_type": 1}
    data = await dr.ok("/album/authorize/", body | {"target_client_key_list": [other.key]})
    assert data["client_key_result_list"] == [
        {"client_key": other.key, "auth_status": 1, "error_code": 0, "error_message": ""}
    ]
    targets = [other.key, third.key, dr.key, "mnunknown"]
    data = await dr.ok("/album/authorize/", body | {"target_client_key_list": targets})
    results = data["client_key_result_list"]
    assert [(r["client_key"], r["auth_status"], r["error_code"]) for r in results] == [
        (other.key, 1, 22010),
        (third.key, 1, 0),
        (dr.key, 2, 22012),
        ("mnunknown", 2, 22013),
    ]
    assert results[0]["error_message"] == "authorization already exists"
    [entry] = (await other.ok_get("/album/query/", album_id=album_id))["album_version_list"]
    assert entry["current_version"] == 1
    remove = body | {"operate_type": 2, "target_client_key_list": [third.key, third.key]}
    results = (await dr.ok("/album/authorize/", remove))["client_key_result_list"]
    assert [(r["auth_status"], r["error_code"]) for r in results] == [(2, 0), (2, 22011)]
    assert dr.sim.drama_albums[album_id].authorized == {other.key}
    assert dr.sim.drama_counters["authorizations_changed"] == 3
    _, answer = await other.post(
        "/album/update/", {"album_id": album_id, "version": 1, "episode_info_list": []}
    )
    assert error_of(answer)[0] == "invalid_request"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"operate_type": 3}, "operate_type must be one of 1, 2"),
        ({"target_client_key_list": []}, "target_client_key_list must name 1 to 100 client_keys"),
        (
            {"target_client_key_list": "mnx"},
            "target_client_key_list must be an array of at most 100 strings",
        ),
        ({"album_id": "abc"}, "album_id must be a positive int64 (a number or a string of digits)"),
    ],
)
async def test_authorize_fields_are_checked(
    dr: DramaHttp, change: dict[str, Any], message: str
) -> None:
    body = {"album_id": 1, "operate_type": 1, "target_client_key_list": ["mnx"]} | change
    status, answer = await dr.post("/album/authorize/", body)
    assert (status, error_of(answer)) == (400, ("invalid_params", message))
