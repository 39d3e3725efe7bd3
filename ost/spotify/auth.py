"""Spotify credentials: app credentials from the environment, or the user's stored login.

Secrets never leave this module: not in output, logs, the database or exceptions. The stored
login is ``$OST_HOME/spotify-token.json`` (spotipy's cache format plus the ``client_id`` used at
login, which a PKCE refresh needs), written atomically with mode 0600.
"""

from __future__ import annotations

import enum
import json
import os
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

from ost import paths
from ost.errors import AuthError

SCOPES = "playlist-read-private playlist-modify-private playlist-modify-public"
DEFAULT_ACCOUNTS_URL = "https://accounts.spotify.com"
DEFAULT_REDIRECT_URI = "http://127.0.0.1:8888/callback"
EXPIRY_MARGIN_S = 60  # renew a token this long before Spotify would refuse it
README_HINT = "see 'Spotify setup' in the README"


def accounts_url() -> str:
    return os.environ.get("OST_SPOTIFY_ACCOUNTS_URL", DEFAULT_ACCOUNTS_URL).rstrip("/")


def token_url() -> str:
    return accounts_url() + "/api/token"


MAX_TOKEN_BYTES = 64 * 1024  # a stored login is under 2 KB: anything larger is not one
REMOVE_IT = "remove it, then run `ost login`"


class Removed(enum.Enum):
    """What `ost logout` removed."""

    NOTHING = "nothing"
    FILE = "file"
    LINK = "link"  # the link only: the file it points to is not ost's to delete


class TokenFile:
    """The stored user login, kept as ssh keeps a key: a regular file of the user's own, open to
    no one else, never reached through a symbolic link. Anything else is an AuthError naming
    what is wrong (never a traceback, never used anyway)."""

    def __init__(self, path: Path | None = None):
        self.path = path or paths.token_path()

    def present(self) -> bool:
        """Whether anything is at the path (a dangling link too: it must be reported)."""
        return os.path.lexists(self.path)

    def link_target(self) -> str | None:
        """Where the path points when it is a symbolic link (relative to its folder)."""
        try:
            return os.path.join(self.path.parent, os.readlink(self.path))
        except OSError:
            return None

    def load(self) -> dict[str, Any] | None:
        read = self._read()
        if read is None:
            return None
        text, info = read
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # RecursionError: JSON nested past reading
            raise self._unusable("is unreadable") from None
        problem = stored_token_problem(data)
        if problem:
            raise self._unusable(problem)
        self._check_private(info)  # last: a damaged file needs a new login whatever its mode
        return data

    def problem(self) -> str | None:
        """Why the stored login cannot be used, in one line (None: it can, or there is none)."""
        try:
            self.load()
        except AuthError as e:
            return str(e)
        return None

    def _unusable(self, why: str, fix: str = "run `ost login` again") -> AuthError:
        return AuthError(f"{self.path}: the stored Spotify login {why}; {fix}")

    def _read(self) -> tuple[str, os.stat_result] | None:
        """The file's text and status, read only from a regular file reached without a link
        (at most MAX_TOKEN_BYTES of it); None when there is no file."""
        target = self.link_target()
        if target is not None:
            raise self._unusable(
                f"is a symbolic link (to {target}), and ost keeps a login only in a file of "
                "its own",
                "remove the link, then run `ost login`",
            )
        try:  # no link followed; a FIFO must not block the open
            fd = os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except FileNotFoundError:
            return None
        except OSError as e:
            raise self._unusable(f"cannot be read ({e.strerror})") from None
        try:
            info = os.fstat(fd)
            self._check_kind(info)  # before reading: a folder or a FIFO is no login
            data = os.read(fd, MAX_TOKEN_BYTES + 1)  # never more: a huge file is no login
        finally:
            os.close(fd)
        if len(data) > MAX_TOKEN_BYTES:
            raise self._unusable(f"is over {MAX_TOKEN_BYTES // 1024} KB, too large to be a login")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise self._unusable("is unreadable (not text)") from None
        return text, info

    def _check_kind(self, info: os.stat_result) -> None:
        if stat.S_ISDIR(info.st_mode):
            raise self._unusable("is a folder, not a file", REMOVE_IT)
        if not stat.S_ISREG(info.st_mode):
            raise self._unusable("is not a regular file", REMOVE_IT)

    def _check_private(self, info: os.stat_result) -> None:
        """ssh's rule for a key: the user's own, and no one else may read or change it."""
        if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
            raise self._unusable(f"belongs to another user (uid {info.st_uid})", REMOVE_IT)
        if info.st_mode & 0o077:
            shown = f"{stat.S_IMODE(info.st_mode):04o}"
            raise self._unusable(
                f"is open to others (mode {shown}) and ost uses a login only when it is yours "
                "alone",
                f"`chmod 600 {self.path}` if no one else can have read it, else run `ost login` "
                "again (it replaces the file)",
            )

    def save(self, token: dict[str, Any]) -> None:
        """Atomically, created 0600 from the start (never readable by others, even briefly).
        A symbolic link at the path is replaced by the file, never written through."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".token-", suffix=".tmp")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(token, f)
            os.replace(tmp, self.path)
        except BaseException as e:
            Path(tmp).unlink(missing_ok=True)
            if isinstance(e, OSError) and e.errno is not None and e.filename is None:
                raise OSError(e.errno, e.strerror, str(self.path)) from None  # a full disk
            raise

    def delete(self) -> Removed:
        """Remove the stored login: the file, or a link at its place (never what the link points
        to: that file is not ost's). A folder there is an AuthError, left as it is."""
        if self.path.is_dir() and not self.path.is_symlink():
            raise AuthError(f"{self.path} is a folder, not a stored login: ost leaves it alone")
        kind = Removed.LINK if self.path.is_symlink() else Removed.FILE
        try:
            self.path.unlink()
        except FileNotFoundError:
            return Removed.NOTHING
        return kind


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
        f"or run `ost login` ({README_HINT})"
    )
