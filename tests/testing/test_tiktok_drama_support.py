"""Short-drama test support (``DramaHttp``, the ``dr`` fixture) and the route table's checks."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from trenz_async.testing import Simulator
from trenz_async.testing.tiktok import drama_routes

D = "/v2/sg/shortdrama"
EVERYWHERE = ("header", "query", "body")
pytestmark = pytest.mark.anyio
EPISODE = {"title": "episode_01", "seq": 1}
INFO = {
    "language": 2,
    "title": "demo drama",
    "seq_num": 40,
    "year": 2026,
    "album_status": 3,
    "desp": "demo description",
    "drama_type": 2,
    "tag_list": [101],
}


class DramaHttp:
    """Raw aiohttp calls to the short-drama routes as one client (``client_key`` in the
    ``client-key`` header, the query and a POST's body, unless a call says otherwise)."""

    def __init__(self, session: aiohttp.ClientSession, sim: Simulator) -> None:
        self.session, self.sim = session, sim
        self.key, self.secret = sim.create_tiktok_client()
        self.token = ""

    async def login(self) -> DramaHttp:
        form = {"client_key": self.key, "client_secret": self.secret}
        form["grant_type"] = "client_credentials"
        async with self.session.post(self.sim.url + "/v2/oauth/token/", data=form) as r:
            self.token = (await r.json())["access_token"]
        return self

    async def other(self) -> DramaHttp:
        """A second client on the same simulator."""
        return await DramaHttp(self.session, self.sim).login()

    async def post(
        self, path: str, body: dict[str, Any] | None = None, *, key: tuple[str, ...] = EVERYWHERE
    ) -> tuple[int, Any]:
        """POST ``body``; ``key`` says where client_key goes ("header", "query", "body")."""
        body = dict(body or {})
        query = {"client_key": self.key} if "query" in key else {}
        if "body" in key:
            body.setdefault("client_key", self.key)
        return await self.send("POST", path, query, body, "header" in key)

    async def get(
        self, path: str, *, key: tuple[str, ...] = EVERYWHERE, **params: Any
    ) -> tuple[int, Any]:
        """GET with ``params``; ``key`` says where client_key goes ("header", "query")."""
        query = {"client_key": self.key} if "query" in key else {}
        query.update({k: str(v) for k, v in params.items()})
        return await self.send("GET", path, query, None, "header" in key)

    async def send(
        self, method: str, path: str, query: dict[str, str], body: Any, header: bool = True
    ) -> tuple[int, Any]:
        """One request (with the ``client-key`` header when ``header``); a token the sim clock
        let expire is renewed once (days pass in tests)."""
        for _ in range(2):
            headers = {"Authorization": f"Bearer {self.token}"}
            if header:
                headers["client-key"] = self.key
            async with self.session.request(
                method, self.sim.url + D + path, params=query, json=body, headers=headers
            ) as r:
                answer = await r.json(content_type=None)
                assert r.headers["x-tt-logid"] == answer["error"]["log_id"]
                if r.status != 401:
                    return r.status, answer
            await self.login()
        return r.status, answer

    async def ok(self, path: str, body: dict[str, Any] | None = None) -> Any:
        status, answer = await self.post(path, body)
        assert (status, answer["error"]["code"]) == (200, "ok"), answer
        return answer["data"]

    async def ok_get(self, path: str, **params: Any) -> Any:
        status, answer = await self.get(path, **params)
        assert (status, answer["error"]["code"]) == (200, "ok"), answer
        return answer["data"]

    async def image(self) -> str:
        data = await self.ok("/image", {"image_url": "https://cdn.example.com/cover.jpg"})
        return str(data["open_pic_id"])

    async def upload(self, title: str = "episode_01", url: str = "https://e.com/1.mp4") -> str:
        body = {"url": url, "title": title, "space_name": "sg", "byteplus_account_id": "333"}
        return str((await self.ok("/video", body))["job_id"])

    async def video(self, title: str = "episode_01", url: str = "https://e.com/1.mp4") -> str:
        """Upload a video and finish its job; return its vid."""
        job_id = await self.upload(title, url)
        self.sim.finish_drama_job(job_id)
        data = await self.ok_get("/video", job_id=job_id, byteplus_account_id="333")
        return str(data["vid"])

    async def album(self) -> int:
        return int((await self.ok("/album/create/"))["album_id"])

    async def filled(self, title: str = "demo drama", episodes: int = 1) -> tuple[int, Any]:
        """A created album whose version 1 has album_info and ``episodes`` episodes."""
        album_id, pic = await self.album(), await self.image()
        items = [
            {"title": f"ep {n}", "seq": n, "cover_list": [pic], "byteplus_vid": await self.video()}
            for n in range(1, episodes + 1)
        ]
        info = {**INFO, "title": title, "cover_list": [pic]}
        body = {"album_id": album_id, "album_info": info, "episode_info_list": items}
        return album_id, await self.ok("/album/update/", body)


@pytest.fixture
async def dr(trenz_simulator: Simulator) -> AsyncIterator[DramaHttp]:
    connector = aiohttp.TCPConnector(force_close=True)
    async with aiohttp.ClientSession(connector=connector) as session:
        yield await DramaHttp(session, trenz_simulator).login()


def error_of(answer: Any) -> tuple[str, str]:
    return answer["error"]["code"], answer["error"]["message"]


def test_docstring_table_names_every_mounted_route() -> None:
    doc = drama_routes.__doc__ or ""
    table = set(re.findall(r"^(GET|POST) +``([^`]+)``", doc, re.MULTILINE))
    mounted = {
        (route.method, route.path.removeprefix(D))
        for route in drama_routes.drama_routes(drama_routes.DramaApi(Simulator().drama))
    }
    assert table == mounted
    assert len(mounted) == 15
    served = [r for r in Simulator().tiktok.router.routes if r.path.startswith(D)]
    assert {(r.method, r.path.removeprefix(D)) for r in served} == mounted
    assert {r.scope for r in served} == {"shortdrama.media"}


async def test_trailing_slashes_are_as_the_seed_spells_them(dr: DramaHttp) -> None:
    status, answer = await dr.post("/album/create")
    assert (status, answer["error"]["code"]) == (404, "not_found")
    status, answer = await dr.post("/image/", {"image_url": "https://e.com/a.jpg"})
    assert (status, answer["error"]["code"]) == (404, "not_found")


async def test_client_key_is_required_in_header_query_or_body_and_must_be_the_tokens(
    dr: DramaHttp,
) -> None:
    for where in ("header", "query", "body"):
        assert (await dr.post("/album/create/", key=(where,)))[0] == 200
    status, answer = await dr.post("/album/create/", key=())
    assert status == 400
    assert error_of(answer) == (
        "invalid_params",
        "client_key is required (client-key header, query parameter, JSON body field)",
    )
    other = await dr.other()
    wrong_body = await dr.post("/album/create/", {"client_key": other.key}, key=("header", "body"))
    other.key = dr.key  # the header names a client the token is not
    wrong_header = await other.post("/album/create/", key=("header",))
    for status, answer in (wrong_body, wrong_header):
        assert (status, error_of(answer)[1]) == (
            400,
            "client_key does not match the access token's client",
        )
    assert dr.sim.drama_counters["albums_created"] == 3


async def test_subtitle_routes_take_the_client_key_only_where_the_seed_documents_it(
    dr: DramaHttp,
) -> None:
    """Query subtitles: the ``client-key`` header only; upload and bind: the header or the
    body field. A query parameter alone does not do."""
    account = {"byteplus_account_id": "333"}
    srt = {"subtitle_url": "https://e.com/s.srt", "language": "en", "space_name": "sg", **account}
    status, answer = await dr.post("/subtitle/", srt, key=("query",))
    assert (status, error_of(answer)) == (
        400,
        ("invalid_params", "client_key is required (client-key header, JSON body field)"),
    )
    job_id = (await dr.post("/subtitle/", srt, key=("header",)))[1]["data"]["job_id"]
    assert (await dr.post("/subtitle/", srt, key=("body",)))[0] == 200
    status, answer = await dr.get("/subtitle/", key=("query",), job_id=job_id, **account)
    assert (status, error_of(answer)) == (
        400,
        ("invalid_params", "client_key is required (client-key header)"),
    )
    status, answer = await dr.get("/subtitle/", key=("header",), job_id=job_id, **account)
    assert (status, answer["data"]["job_id"]) == (200, job_id)
    dr.sim.finish_drama_job(job_id)
    subtitle_id = (await dr.ok_get("/subtitle/", job_id=job_id, **account))["subtitle_info_list"][
        0
    ]["subtitle_id"]
    bind = {"vid": await dr.video(), "subtitle_id": subtitle_id}
    status, answer = await dr.post("/subtitle/bind/", bind, key=("query",))
    assert (status, error_of(answer)[0]) == (400, "invalid_params")
    assert (await dr.post("/subtitle/bind/", bind, key=("header",)))[0] == 200
    assert dr.sim.drama_counters["subtitle_binds"] == 1


async def test_a_client_without_the_scope_is_refused(dr: DramaHttp) -> None:
    dr.key, dr.secret = dr.sim.create_tiktok_client(scopes=["research.adlib.basic"])
    await dr.login()
    status, answer = await dr.post("/album/create/")
    assert (status, answer["error"]["code"]) == (403, "scope_not_authorized")
    assert dr.sim.drama_counters["albums_created"] == 0
