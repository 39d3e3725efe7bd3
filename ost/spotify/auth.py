"""Spotify credentials: app credentials from the environment, or the user's stored login.

Secrets never leave this module: not in output, logs, the database or exceptions. The stored
login is ``$OST_HOME/spotify-token.json`` (spotipy's cache format plus the ``client_id`` used at
login, which a PKCE refresh needs), written atomically with mode 0600.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

from ost import paths
from ost.errors import AuthError
from ost.secretfile import PrivateFile

SCOPES = "playlist-read-private playlist-modify-private playlist-modify-public"
DEFAULT_ACCOUNTS_URL = "https://accounts.spotify.com"
DEFAULT_REDIRECT_URI = "http://127.0.0.1:8888/callback"
EXPIRY_MARGIN_S = 60  # renew a token this long before Spotify would refuse it
README_HINT = "see 'Spotify setup' in the README"


def accounts_url() -> str:
    return os.environ.get("OST_SPOTIFY_ACCOUNTS_URL", DEFAULT_ACCOUNTS_URL).rstrip("/")


def token_url() -> str:
    return accounts_url() + "/api/token"


class TokenFile(PrivateFile):
    """The stored user login (``ost.secretfile``'s rules: the user's own regular file, 0600,
    never reached through a symbolic link), holding spotipy's token."""

    def __init__(self, path: Path | None = None):
        super().__init__(path or paths.token_path(), "Spotify login", "ost login")

    def load(self) -> dict[str, Any] | None:
        found = self.read_json(stored_token_problem)
        return found[0] if found else None

    def save(self, token: dict[str, Any]) -> None:  # type: ignore[override]
        super().save(json.dumps(token))


Post = Callable[..., requests.Response]


class _TokenSource:
    """What spotipy calls for a bearer token (``get_access_token``); renewable on a 401."""

    kind = ""

    def __init__(self, post: Post):
        self._post = post  # the API layer's POST, with its timeouts and retries

    def get_access_token(self, as_dict: bool = False) -> str:
        raise NotImplementedError

    def invalidate(self) -> None:
        """The service refused the token: the next call gets a new one."""
        raise NotImplementedError

    def _request(self, data: dict[str, str], auth: tuple[str, str] | None = None) -> dict[str, Any]:
        response = self._post(token_url(), data=data, auth=auth)
        if response.status_code != 200:
            raise AuthError(token_refusal(response))
        token = token_answer(response)
        token["expires_at"] = int(time.time()) + token["expires_in"]
        return token


class ClientCredentials(_TokenSource):
    """App-only access (search, track lookup) from SPOTIPY_CLIENT_ID / SPOTIPY_CLIENT_SECRET.

    The token is kept in memory only: it is cheap to get and is a secret.
    """

    kind = "app credentials"

    def __init__(self, client_id: str, client_secret: str, post: Post):
        super().__init__(post)
        self._auth = (client_id, client_secret)
        self._token: dict[str, Any] | None = None

    def get_access_token(self, as_dict: bool = False) -> str:
        if self._token is None or self._token["expires_at"] - EXPIRY_MARGIN_S < time.time():
            self._token = self._request({"grant_type": "client_credentials"}, auth=self._auth)
        return str(self._token["access_token"])

    def invalidate(self) -> None:
        self._token = None


class UserLogin(_TokenSource):
    """The stored login from `ost login`: refreshed with its refresh token, never interactively."""

    kind = "your Spotify login"

    def __init__(self, store: TokenFile, post: Post):
        super().__init__(post)
        self.store = store
        self._force_refresh = False

    def get_access_token(self, as_dict: bool = False) -> str:
        token = self.store.load()
        if token is None:
            raise AuthError(f"not logged in to Spotify: run `ost login` ({README_HINT})")
        if self._force_refresh or token.get("expires_at", 0) - EXPIRY_MARGIN_S < time.time():
            token = self._refresh(token)
            self._force_refresh = False
        return str(token["access_token"])

    def invalidate(self) -> None:
        self._force_refresh = True

    def _refresh(self, old: dict[str, Any]) -> dict[str, Any]:
        if not old.get("refresh_token") or not old.get("client_id"):
            raise AuthError("the stored Spotify login cannot be renewed; run `ost login` again")
        token = self._request(
            {
                "grant_type": "refresh_token",
                "refresh_token": old["refresh_token"],
                "client_id": old["client_id"],
            }
        )
        token.setdefault("refresh_token", old["refresh_token"])  # Spotify may not send a new one
        token.setdefault("scope", old.get("scope", ""))
        token["client_id"] = old["client_id"]
        self.store.save(token)
        return token


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 30 else text[:29] + "…"


def stored_token_problem(data: Any) -> str | None:
    """What is wrong with a stored login's shape (None: nothing)."""
    if not isinstance(data, dict):
        return f"is a JSON {type(data).__name__}, not an object"
    if not isinstance(data.get("access_token"), str) or not data["access_token"]:
        return "has no access token"
    expires = data.get("expires_at", 0)
    if isinstance(expires, bool) or not isinstance(expires, int | float) or expires != expires:
        return f"has expires_at {_shown(expires)}, not a time"
    for key in ("refresh_token", "client_id", "scope"):
        if key in data and not isinstance(data[key], str):
            return f"has a {key} that is not text"
    return None


def token_answer(response: requests.Response) -> dict[str, Any]:
    """A 200 answer of the token service as a checked token; anything else one clear line."""
    where = "Spotify's token service answered"
    try:
        body = response.json()
    except (ValueError, RecursionError):
        kind = (response.headers.get("Content-Type") or "no content type").split(";")[0]
        raise AuthError(
            f"{where} with something that is not JSON ({kind}); try again later"
        ) from None
    if not isinstance(body, dict):
        raise AuthError(f"{where} with a JSON {type(body).__name__}, not a token; try again later")
    if not isinstance(body.get("access_token"), str) or not body["access_token"]:
        raise AuthError(f"{where} without an access token; try again later")
    lifetime = body.get("expires_in", 3600)
    if isinstance(lifetime, bool) or not isinstance(lifetime, int) or lifetime <= 0:
        raise AuthError(f"{where} expires_in {_shown(lifetime)}, not a number of seconds")
    for key in ("refresh_token", "scope", "token_type"):
        if key in body and not isinstance(body[key], str):
            raise AuthError(f"{where} with a {key} that is not text; try again later")
    return {**body, "expires_in": lifetime}


def token_refusal(response: requests.Response, *, login: bool = False) -> str:
    """The one wording for a refusal by the token service (login, refresh or app credentials)."""
    try:
        body = response.json()
    except (ValueError, RecursionError):
        body = None
    error = body.get("error", "") if isinstance(body, dict) else ""
    code = error if isinstance(error, str) else ""
    if code == "invalid_client" and login:
        return (
            "Spotify does not know this app or its redirect URI (invalid_client): check "
            f"SPOTIPY_CLIENT_ID and SPOTIPY_REDIRECT_URI ({README_HINT})"
        )
    if code == "invalid_client":
        return (
            "Spotify refused the app credentials (invalid_client): check SPOTIPY_CLIENT_ID "
            f"and SPOTIPY_CLIENT_SECRET ({README_HINT})"
        )
    if code == "invalid_grant" and login:
        return "Spotify refused the authorisation code (invalid_grant); run `ost login` again"
    if code == "invalid_grant":
        return "Spotify no longer accepts the stored login (invalid_grant); run `ost login` again"
    shown = _shown(code)[1:-1] if code else ""
    return f"Spotify's token service answered {response.status_code} {shown}".rstrip()


def app_credentials() -> tuple[str, str] | None:
    client_id = os.environ.get("SPOTIPY_CLIENT_ID", "").strip()
    secret = os.environ.get("SPOTIPY_CLIENT_SECRET", "").strip()
    return (client_id, secret) if client_id and secret else None


def token_source(post: Post, *, user: bool) -> _TokenSource:
    """Credentials for a job: app credentials for search when set, else the stored login.

    ``user=True`` (playlists) needs the stored login.
    """
    store = TokenFile()
    if not user:
        creds = app_credentials()
        if creds:
            return ClientCredentials(*creds, post=post)
    if store.present():
        return UserLogin(store, post)
    if user:
        raise AuthError(f"not logged in to Spotify: run `ost login` first ({README_HINT})")
    half = [
        n for n in ("SPOTIPY_CLIENT_ID", "SPOTIPY_CLIENT_SECRET") if os.environ.get(n, "").strip()
    ]
    if len(half) == 1:
        missing = ({"SPOTIPY_CLIENT_ID", "SPOTIPY_CLIENT_SECRET"} - set(half)).pop()
        raise AuthError(
            f"{half[0]} is set but {missing} is not: app-only search needs both, "
            f"or run `ost login` ({README_HINT})"
        )
    raise AuthError(
        "no Spotify credentials: set SPOTIPY_CLIENT_ID and SPOTIPY_CLIENT_SECRET, "
        f"or run `ost login` ({README_HINT}); or match on YouTube Music, which needs no "
        "account, app or Premium: `ost match --service ytmusic`"
    )
