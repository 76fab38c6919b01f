"""The endpoint table: the seed's exact paths, the simulator's routes, the safety classes."""

from __future__ import annotations

from trenz_async.resources.shortdrama.paths import SHORTDRAMA_ENDPOINTS
from trenz_async.testing import Simulator

SEED = {  # seed 002, as written there (trailing slashes included)
    ("POST", "https://open.tiktokapis.com/v2/sg/shortdrama/image"),
    ("POST", "https://open.tiktokapis.com/v2/sg/shortdrama/video"),
    ("GET", "https://open.tiktokapis.com/v2/sg/shortdrama/video"),
    ("POST", "https://open.tiktokapis.com/v2/sg/shortdrama/album/create/"),
    ("POST", "https://open.tiktokapis.com/v2/sg/shortdrama/album/update/"),
    ("GET", "https://open.tiktokapis.com/v2/sg/shortdrama/album/query/"),
    ("POST", "https://open.tiktokapis.com/v2/sg/shortdrama/subtitle/"),
    ("GET", "https://open.tiktokapis.com/v2/sg/shortdrama/subtitle/"),
    ("POST", "https://open.tiktokapis.com/v2/sg/shortdrama/subtitle/bind/"),
    ("POST", "https://open.tiktokapis.com/v2/sg/shortdrama/album/authorize/"),
    ("POST", "https://open.tiktokapis.com/v2/sg/shortdrama/album/online_version/"),
    ("POST", "https://open.tiktokapis.com/v2/sg/shortdrama/album/status/"),
    ("POST", "https://open.tiktokapis.com/v2/sg/shortdrama/album/review/submit/"),
    ("POST", "https://open.tiktokapis.com/v2/sg/shortdrama/album/review/appeal/"),
    ("POST", "https://open.tiktokapis.com/v2/sg/shortdrama/album/review/withdraw/"),
}


def test_every_path_is_the_seeds() -> None:
    table = {
        (e.method, "https://open.tiktokapis.com" + e.path) for e in SHORTDRAMA_ENDPOINTS.values()
    }
    assert table == SEED
    assert {e.evidence for e in SHORTDRAMA_ENDPOINTS.values()} == {"C1"}


def test_the_simulator_serves_every_endpoint() -> None:
    served = {(route.method, route.path) for route in Simulator().tiktok.router.routes}
    assert {(e.method, e.path) for e in SHORTDRAMA_ENDPOINTS.values()} <= served


def test_only_the_queries_are_reads() -> None:
    reads = {e.name for e in SHORTDRAMA_ENDPOINTS.values() if e.safety == "read"}
    assert reads == {"Query Video", "Query Plays", "Query subtitles"}
    assert all(e.method == "GET" for e in SHORTDRAMA_ENDPOINTS.values() if e.safety == "read")
