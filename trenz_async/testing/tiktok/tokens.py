"""Client access tokens: the store the gateway checks, and ``POST /v2/oauth/token/`` (seed 002).

======  ====================  ===============================================================
method  path                  request -> answer
======  ====================  ===============================================================
POST    /v2/oauth/token/      form (``application/x-www-form-urlencoded``): ``client_key`` str
                              required, ``client_secret`` str required, ``grant_type`` str
                              required, ``client_credentials`` -> 200, flat (not enveloped):
                              ``{"access_token": "clt.<44 alnum>", "expires_in": 7200,
                              "token_type": "Bearer"}`` (``expires_in`` is ``"7200"``, a
                              string, for a client created with ``expires_in_as_string``)
======  ====================  ===============================================================

Errors are flat too, ``{"error", "error_description", "log_id"}`` (TikTok's OAuth error page):
a missing field -> 400 ``invalid_request``; ``grant_type`` not ``client_credentials`` -> 400
``unsupported_grant_type``; unknown ``client_key`` or wrong ``client_secret`` -> 401
``invalid_client`` (one message for both). A form sent as JSON has no form fields: 400
``invalid_request``.

Token lifecycle (h11-style): a token is one of

=========  ====================================================================================
state      a request bearing it gets
=========  ====================================================================================
valid      served, until ``issued_at + token_lifetime`` (7200 s of simulator time) is reached
expired    401 ``access_token_invalid`` "The access token has expired." (clock, or
           ``sim.expire_tiktok_tokens()``)
revoked    401 ``access_token_invalid`` (``sim.revoke_tiktok_tokens(client_key)``: the token is
           forgotten, exactly like one never issued)
=========  ====================================================================================

Each token request issues a new token; earlier tokens of the client stay valid until they
expire. Tokens are stored only as SHA-256 digests.
"""

from __future__ import annotations

import hashlib
import secrets
import string
from collections.abc import Callable
from typing import Any

import attrs

from trenz_async.testing.tiktok.clients import ClientRegistry, ClientState
from trenz_async.testing.tiktok.envelope import DEFAULT_MESSAGES, TikTokError
from trenz_async.testing.tiktok.routing import Call, TikTokRoute

TOKEN_PATH = "/v2/oauth/token/"
GRANT_TYPE = "client_credentials"
TOKEN_REQUESTS = "tiktok token requests"
TOKENS_ISSUED = "tiktok tokens issued"
_ALNUM = string.ascii_letters + string.digits


@attrs.define
class TokenRecord:
    """What is known of one issued token (never the token itself)."""

    client_key: str
    expires_at: float


class TokenStore:
    """Issued tokens by SHA-256 digest, and the bearer check the gateway runs."""

    def __init__(self, clients: ClientRegistry) -> None:
        self._clients = clients
        self._by_digest: dict[str, TokenRecord] = {}

    def issue(self, client: ClientState, now: float) -> str:
        """Return a new ``clt.`` token for ``client``, valid ``client.token_lifetime`` seconds."""
        token = "clt." + "".join(secrets.choice(_ALNUM) for _ in range(44))
        self._by_digest[_digest(token)] = TokenRecord(
            client.client_key, now + client.token_lifetime
        )
        return token

    def authenticate(self, token: str | None, now: float) -> ClientState:
        """Return the client ``token`` belongs to, or raise 401 ``access_token_invalid``."""
        record = self._by_digest.get(_digest(token)) if token else None
        if record is None:
            raise TikTokError("access_token_invalid", DEFAULT_MESSAGES["access_token_invalid"])
        if now >= record.expires_at:
            raise TikTokError("access_token_invalid", "The access token has expired.")
        return self._clients.get(record.client_key)

    def client_known(self, client_key: str) -> bool:
        """Whether ``client_key`` is a registered client."""
        return self._clients.find(client_key) is not None

    def client_key_of(self, token: str) -> str | None:
        """Return the client_key of a known token (expired or not), else None."""
        record = self._by_digest.get(_digest(token))
        return record.client_key if record else None

    def revoke(self, client_key: str) -> int:
        """Forget every token of ``client_key``; return how many there were."""
        doomed = [d for d, r in self._by_digest.items() if r.client_key == client_key]
        for digest in doomed:
            del self._by_digest[digest]
        return len(doomed)

    def expire_all(self, now: float) -> None:
        """Make every issued token expired as of ``now``."""
        for record in self._by_digest.values():
            record.expires_at = min(record.expires_at, now)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class TokenApi:
    """The token endpoint's handlers."""

    def __init__(
        self,
        clients: ClientRegistry,
        tokens: TokenStore,
        bump: Callable[[str], None],
    ) -> None:
        self.clients, self.tokens, self._bump = clients, tokens, bump

    def check(self, call: Call) -> tuple[ClientState, float]:
        """Validate the form; return the authenticated client and the time."""
        self._bump(TOKEN_REQUESTS)
        form = call.form
        for name in ("client_key", "client_secret", "grant_type"):
            if not form.get(name):
                raise TikTokError("invalid_request", f"{name} is required")
        if form["grant_type"] != GRANT_TYPE:
            raise TikTokError(
                "unsupported_grant_type", f"grant_type must be {GRANT_TYPE}, got a different one"
            )
        client = self.clients.find(form["client_key"])
        if client is None or not client.secret_matches(form["client_secret"]):
            raise TikTokError("invalid_client", "Client key or secret is invalid.")
        return client, call.now

    def token(self, prepared: tuple[ClientState, float]) -> dict[str, Any]:
        """Issue a token: ``access_token``, ``expires_in``, ``token_type``."""
        client, now = prepared
        token = self.tokens.issue(client, now)
        self._bump(TOKENS_ISSUED)
        lifetime = client.token_lifetime
        answer: dict[str, Any] = {
            "access_token": token,
            "expires_in": str(lifetime) if client.expires_in_as_string else lifetime,
            "token_type": "Bearer",
        }
        if client.expires_in_omitted:  # the seed's two hours go without saying
            del answer["expires_in"]
        return answer


def token_routes(api: TokenApi) -> list[TikTokRoute]:
    """Return the token endpoint's route."""
    return [TikTokRoute("POST", TOKEN_PATH, None, api.check, api.token, body="form", style="oauth")]
