"""Every argument rule of seed 002 is refused before anything is sent (the journal stays empty)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.shortdrama.support import ACCOUNT, SPACE, refused_before_sending
from trenz_async import TikTokClient
from trenz_async.errors import UnexpectedArgumentError
from trenz_async.models.shortdrama import AlbumInfoInput, EpisodeInfoInput

A = "7637420375425239060"
URL = "https://media.example.com/a.mp4"
VIDEO = {"title": "ep", "space_name": SPACE, "byteplus_account_id": ACCOUNT}
SUB = {"subtitle_url": "https://e.com/a.srt", "language": "en", "space_name": SPACE}
SUB |= {"byteplus_account_id": ACCOUNT}
EP = {"title": "ep 1", "seq": 1, "cover_list": ["pic"], "byteplus_vid": "v1"}
UPDATE = {"album_id": A, "version": 1}
APPEAL = {"album_id": A, "review_id": "7637437361307027000", "appeal_item_type": 2}
APPEAL |= {"item_id": "7637437361307027476", "appeal_reason": "it follows the policy"}

RULES: list[tuple[str, str, dict[str, Any], str]] = [
    # images.create: a publicly downloadable http(s) URL
    ("no image_url", "images.create", {"image_url": None}, "image_url"),
    ("ftp image", "images.create", {"image_url": "ftp://e.com/a.jpg"}, "image_url"),
    ("no host", "images.create", {"image_url": "https:///a.jpg"}, "image_url"),
    ("space in url", "images.create", {"image_url": "https://e.com/a b.jpg"}, "image_url"),
    ("relative url", "images.create", {"image_url": "cover.jpg"}, "image_url"),
    # videos.upload: url or vid, required strings
    ("no url or vid", "videos.upload", VIDEO, "url"),
    ("url and vid", "videos.upload", {**VIDEO, "url": URL, "vid": "v1"}, "url"),
    ("bad video url", "videos.upload", {**VIDEO, "url": "file:///a.mp4"}, "url"),
    ("blank title", "videos.upload", {**VIDEO, "url": URL, "title": " "}, "title"),
    ("no space", "videos.upload", {**VIDEO, "url": URL, "space_name": None}, "space_name"),
    ("blank account", "videos.upload", {**VIDEO, "url": URL, "byteplus_account_id": ""},
     "byteplus_account_id"),
    ("bool account", "videos.upload", {**VIDEO, "url": URL, "byteplus_account_id": True},
     "byteplus_account_id"),
    ("negative account", "videos.upload", {**VIDEO, "url": URL, "byteplus_account_id": -4},
     "byteplus_account_id"),
    ("blank region", "videos.upload", {**VIDEO, "url": URL, "byteplus_region": ""},
     "byteplus_region"),
    ("blank vid", "videos.upload", {**VIDEO, "vid": ""}, "vid"),
    # videos.get / subtitles.get: job_id or vid, and the account
    ("no job or vid", "videos.get", {"byteplus_account_id": ACCOUNT}, "job_id"),
    ("blank job", "videos.get", {"byteplus_account_id": ACCOUNT, "job_id": ""}, "job_id"),
    ("no account", "videos.get", {"byteplus_account_id": None, "vid": "v1"},
     "byteplus_account_id"),
    ("no subtitle job or vid", "subtitles.get", {"byteplus_account_id": ACCOUNT}, "job_id"),
    ("blank subtitle vid", "subtitles.get", {"byteplus_account_id": ACCOUNT, "vid": " "}, "vid"),
    # subtitles.upload / bind
    ("bad subtitle url", "subtitles.upload", {**SUB, "subtitle_url": "e.com/a.srt"},
     "subtitle_url"),
    ("blank language", "subtitles.upload", {**SUB, "language": ""}, "language"),
    ("no subtitle space", "subtitles.upload", {**SUB, "space_name": None}, "space_name"),
    ("no subtitle account", "subtitles.upload", {**SUB, "byteplus_account_id": ""},
     "byteplus_account_id"),
    ("blank bind vid", "subtitles.bind", {"vid": "", "subtitle_id": "s1"}, "vid"),
    ("no subtitle id", "subtitles.bind", {"vid": "v1", "subtitle_id": None}, "subtitle_id"),
    # albums.update: ids, enums, the version as an int, the records
    ("album id text", "albums.update", {**UPDATE, "album_id": "abc", "episode_info_list": []},
     "album_id"),
    ("album id zero", "albums.update", {**UPDATE, "album_id": 0, "episode_info_list": []},
     "album_id"),
    ("album id over int64", "albums.update",
     {**UPDATE, "album_id": 2**63, "episode_info_list": []}, "album_id"),
    ("album id bool", "albums.update", {**UPDATE, "album_id": True, "episode_info_list": []},
     "album_id"),
    ("operation 3", "albums.update", {**UPDATE, "operation_type": 3, "episode_info_list": []},
     "operation_type"),
    ("version text", "albums.update", {**UPDATE, "version": "1", "episode_info_list": []},
     "version"),
    ("version float", "albums.update", {**UPDATE, "version": 1.0, "episode_info_list": []},
     "version"),
    ("version zero", "albums.update", {**UPDATE, "version": 0, "episode_info_list": []},
     "version"),
    ("version bool", "albums.update", {**UPDATE, "version": True, "episode_info_list": []},
     "version"),
    ("album_status 4", "albums.update",
     {**UPDATE, "album_status": 4, "episode_info_list": []}, "album_status"),
    ("type 2 needs status", "albums.update", {**UPDATE, "operation_type": 2}, "album_status"),
    ("type 2 takes no info", "albums.update",
     {**UPDATE, "operation_type": 2, "album_status": 3, "album_info": {"title": "x"}},
     "album_info"),
    ("type 2 takes no episodes", "albums.update",
     {**UPDATE, "operation_type": 2, "album_status": 3, "episode_info_list": []},
     "episode_info_list"),
    ("type 1 needs episodes", "albums.update", UPDATE, "episode_info_list"),
    ("info not a record", "albums.update", {**UPDATE, "album_info": "x", "episode_info_list": []},
     "album_info"),
    ("info empty", "albums.update", {**UPDATE, "album_info": {}, "episode_info_list": []},
     "album_info"),
    ("info unknown key", "albums.update",
     {**UPDATE, "album_info": {"titel": "x"}, "episode_info_list": []}, "album_info.titel"),
    ("info language 0", "albums.update",
     {**UPDATE, "album_info": {"language": 0}, "episode_info_list": []}, "album_info.language"),
    ("info blank title", "albums.update",
     {**UPDATE, "album_info": AlbumInfoInput(title=""), "episode_info_list": []},
     "album_info.title"),
    ("info seq_num 0", "albums.update",
     {**UPDATE, "album_info": {"seq_num": 0}, "episode_info_list": []}, "album_info.seq_num"),
    ("info no covers", "albums.update",
     {**UPDATE, "album_info": {"cover_list": []}, "episode_info_list": []},
     "album_info.cover_list"),
    ("info cover text", "albums.update",
     {**UPDATE, "album_info": {"cover_list": "pic"}, "episode_info_list": []},
     "album_info.cover_list"),
    ("info blank cover", "albums.update",
     {**UPDATE, "album_info": {"cover_list": [""]}, "episode_info_list": []},
     "album_info.cover_list[0]"),
    ("info year 26", "albums.update",
     {**UPDATE, "album_info": {"year": 26}, "episode_info_list": []}, "album_info.year"),
    ("info album_status 0", "albums.update",
     {**UPDATE, "album_info": {"album_status": 0}, "episode_info_list": []},
     "album_info.album_status"),
    ("info drama_type 5", "albums.update",
     {**UPDATE, "album_info": AlbumInfoInput(drama_type=5), "episode_info_list": []},
     "album_info.drama_type"),
    ("info publish_status 3", "albums.update",
     {**UPDATE, "album_info": {"publish_status": 3}, "episode_info_list": []},
     "album_info.publish_status"),
    ("info tag text", "albums.update",
     {**UPDATE, "album_info": {"tag_list": ["drama"]}, "episode_info_list": []},
     "album_info.tag_list[0]"),
    ("info desp number", "albums.update",
     {**UPDATE, "album_info": {"desp": 5}, "episode_info_list": []}, "album_info.desp"),
    ("episodes text", "albums.update", {**UPDATE, "episode_info_list": "ep"}, "episode_info_list"),
    ("episode not a record", "albums.update", {**UPDATE, "episode_info_list": [5]},
     "episode_info_list[0]"),
    ("new episode without title", "albums.update",
     {**UPDATE, "episode_info_list": [{**EP, "title": None}]}, "episode_info_list[0].title"),
    ("new episode without vid", "albums.update",
     {**UPDATE, "episode_info_list": [EpisodeInfoInput(title="a", seq=1, cover_list=["p"])]},
     "episode_info_list[0].byteplus_vid"),
    ("episode unknown key", "albums.update",
     {**UPDATE, "episode_info_list": [{"episode_id": "1", "sequence": 2}]},
     "episode_info_list[0].sequence"),
    ("episode seq 0", "albums.update",
     {**UPDATE, "episode_info_list": [EpisodeInfoInput(episode_id="1", seq=0)]},
     "episode_info_list[0].seq"),
    ("episode blank id", "albums.update",
     {**UPDATE, "episode_info_list": [{"episode_id": " ", "title": "x"}]},
     "episode_info_list[0].episode_id"),
    ("episode no covers", "albums.update",
     {**UPDATE, "episode_info_list": [{**EP, "cover_list": []}]},
     "episode_info_list[0].cover_list"),
    ("seq twice", "albums.update",
     {**UPDATE, "episode_info_list": [EP, {**EP, "byteplus_vid": "v2"}]},
     "episode_info_list[1].seq"),
    ("vid twice", "albums.update",
     {**UPDATE, "episode_info_list": [EP, {**EP, "seq": 2}]},
     "episode_info_list[1].byteplus_vid"),
    ("seq over seq_num", "albums.update",
     {**UPDATE, "album_info": {"seq_num": 1}, "episode_info_list": [{**EP, "seq": 2}]},
     "episode_info_list[0].seq"),
    # albums.get
    ("get album id", "albums.get", {"album_id": "12a"}, "album_id"),
    ("get version 0", "albums.get", {"album_id": A, "version": 0}, "version"),
    # albums.authorize
    ("operate_type 3", "albums.authorize",
     {"album_id": A, "operate_type": 3, "target_client_key_list": ["mn1"]}, "operate_type"),
    ("no targets", "albums.authorize",
     {"album_id": A, "operate_type": 1, "target_client_key_list": []},
     "target_client_key_list"),
    ("targets as text", "albums.authorize",
     {"album_id": A, "operate_type": 1, "target_client_key_list": "mn1"},
     "target_client_key_list"),
    ("blank target", "albums.authorize",
     {"album_id": A, "operate_type": 1, "target_client_key_list": ["mn1", ""]},
     "target_client_key_list[1]"),
    ("target twice", "albums.authorize",
     {"album_id": A, "operate_type": 1, "target_client_key_list": ["mn1", "mn1"]},
     "target_client_key_list[1]"),
    # albums.set_online_version / status / withdraw_review
    ("online without version", "albums.set_online_version", {"album_id": A, "version": None},
     "version"),
    ("online version text", "albums.set_online_version", {"album_id": A, "version": "2"},
     "version"),
    ("status 0", "albums.status", {"album_id": A, "status": 0}, "status"),
    ("status 3", "albums.status", {"album_id": A, "status": 3}, "status"),
    ("status album id", "albums.status", {"album_id": -5, "status": 1}, "album_id"),
    ("withdraw version text", "albums.withdraw_review", {"album_id": A, "version": "1"},
     "version"),
    # albums.submit_review
    ("priority 3", "albums.submit_review", {"album_id": A, "version": 1, "priority_score": 3},
     "priority_score"),
    ("priority 0", "albums.submit_review", {"album_id": A, "version": 1, "priority_score": 0},
     "priority_score"),
    ("submit without version", "albums.submit_review", {"album_id": A, "version": None},
     "version"),
    # albums.appeal
    ("appeal item type 3", "albums.appeal", {**APPEAL, "appeal_item_type": 3},
     "appeal_item_type"),
    ("appeal review id", "albums.appeal", {**APPEAL, "review_id": "r1"}, "review_id"),
    ("appeal blank item", "albums.appeal", {**APPEAL, "item_id": ""}, "item_id"),
    ("play appeal names the album", "albums.appeal", {**APPEAL, "appeal_item_type": 1},
     "item_id"),
    ("appeal blank reason", "albums.appeal", {**APPEAL, "appeal_reason": " "}, "appeal_reason"),
    ("eleven attachments", "albums.appeal",
     {**APPEAL, "attachment_urls": [f"https://e.com/{n}.png" for n in range(11)]},
     "attachment_urls"),
    ("attachment as text", "albums.appeal", {**APPEAL, "attachment_urls": "https://e.com/a.png"},
     "attachment_urls"),
    ("bad attachment", "albums.appeal", {**APPEAL, "attachment_urls": ["ftp://e.com/a.png"]},
     "attachment_urls[0]"),
    # per-call options
    ("bad timeout", "albums.create", {"timeout": -1}, "timeout"),
]  # fmt: skip


def _method(tiktok: TikTokClient, dotted: str) -> Any:
    namespace, name = dotted.split(".")
    return getattr(getattr(tiktok.shortdrama, namespace), name)


@pytest.mark.anyio
@pytest.mark.parametrize(("method", "arguments", "field"), [r[1:] for r in RULES],
                         ids=[r[0] for r in RULES])  # fmt: skip
async def test_every_rule_is_refused_before_sending(
    method: str, arguments: dict[str, Any], field: str, tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    refused_before_sending(trenz_simulator, field, _method(tiktok, method), **arguments)
    assert trenz_simulator.journal == []  # not even a token request


def test_every_public_method_has_a_rule_here() -> None:
    methods = {"images.create", "videos.upload", "videos.get", "albums.create", "albums.update"}
    methods |= {"albums.get", "albums.authorize", "albums.set_online_version", "albums.status"}
    methods |= {"albums.submit_review", "albums.appeal", "albums.withdraw_review"}
    methods |= {"subtitles.upload", "subtitles.get", "subtitles.bind"}
    assert {rule[1] for rule in RULES} == methods


@pytest.mark.anyio
async def test_a_misspelled_keyword_names_the_closest_one(
    tiktok: TikTokClient, trenz_simulator: Any
) -> None:
    method: Any = tiktok.shortdrama.albums.submit_review
    with pytest.raises(UnexpectedArgumentError) as caught:
        method(album_id=A, version=1, priority=1)
    assert (caught.value.field, caught.value.suggestion) == ("priority", "priority_score")
    assert trenz_simulator.journal == []


def test_enum_members_and_digit_strings_are_sent_as_plain_ints() -> None:
    from trenz_async.models.shortdrama import PriorityScore
    from trenz_async.resources.shortdrama._checks import check_code, check_int64_id

    assert type(check_code("priority_score", PriorityScore.URGENT, PriorityScore)) is int
    assert check_int64_id("album_id", A) == 7637420375425239060
