"""A fake Spotify Web API (as it stands in 2026) served over real HTTP on 127.0.0.1, for tests.

Tests drive the real spotipy client against it, so the retries, timeouts and 429 handling that
live in urllib3 underneath spotipy are exercised too; a mock at the ``requests`` layer would skip
them. What is modelled, and why, is in ``/work/shared/spotify-api.md``: development-mode limits
(search ``limit`` <= 10, no batch ``/tracks``, ``POST /me/playlists``, ``/playlists/{id}/items``
with rows under ``item``), localised names by ``Accept-Language``, Client Credentials and
Authorization Code (+PKCE) tokens, loopback-only redirect URIs.

Standard library only (plus pytest for the fixture): ``ThreadingHTTPServer`` speaking HTTP/1.1
with keep-alive, on a free port, in daemon threads that ``stop()`` tears down promptly.

Simplifications (deliberate): search matches substrings, not Spotify's fuzzy ranking, and knows
no ``NOT``/``OR``; only tracks are searchable (other types come back empty); a ``snapshot_id``
sent with a change must be one the playlist has had, but the change applies to the current
contents; ``fields`` is ignored (whole objects are returned).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import ipaddress
import itertools
import json
import re
import secrets
import socket
import sys
import threading
import time
import traceback
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

JSON = Any
ID_LENGTH = 22
TOKEN_LIFETIME = 3600
SEARCH_MAX_LIMIT = 10
SEARCH_MAX_OFFSET = 1000
PAGE_MAX_LIMIT = 50
MAX_URIS_PER_REQUEST = 100
PLAYLIST_SCOPES = "playlist-read-private playlist-modify-private playlist-modify-public"
REDIRECT_URI = "http://127.0.0.1:8888/callback"

_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_ID_RE = re.compile(r"[0-9A-Za-z]{22}")
_TRACK_URI_RE = re.compile(r"spotify:track:([0-9A-Za-z]+)")
_DATE_RE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_YEAR_RE = re.compile(r"(\d{4})(?:-(\d{4}))?")
_DATE_PRECISION = {4: "year", 7: "month", 10: "day"}
_ALBUM_TYPES = ("album", "single", "compilation")


# ---------------------------------------------------------------------------------------------
# Small pure helpers


def derived_id(kind: str, name: str) -> str:
    """A stable 22-character id for ``name``: "fake" + 18 base62 digits, so it can never pass
    for a real Spotify id, yet is the same in every run (tests may pin it)."""
    number = int.from_bytes(hashlib.sha256(f"{kind}:{name}".encode()).digest()[:16], "big")
    digits = []
    for _ in range(ID_LENGTH - 4):
        number, digit = divmod(number, 62)
        digits.append(_BASE62[digit])
    return "fake" + "".join(digits)


def fold(text: str) -> str:
    """Search comparison form: NFKC (full-width and compatibility characters) then casefold."""
    return unicodedata.normalize("NFKC", text).casefold()


def primary_language(header: str | None) -> str | None:
    """Primary subtag of the first Accept-Language entry: "ko-KR,ko;q=0.9" -> "ko"."""
    if not header:
        return None
    first = header.split(",")[0].split(";")[0].strip()
    return first.split("-")[0].lower() or None


def pkce_challenge(verifier: str) -> str:
    """RFC 7636 S256: base64url(sha256(verifier)) without padding."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def _now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _is_secure_redirect(uri: str) -> bool:
    """Spotify's rule since 2025-11-27: https anywhere, http only to a loopback IP literal."""
    parts = urlsplit(uri)
    if parts.scheme == "https":
        return bool(parts.hostname)
    if parts.scheme != "http" or not parts.hostname:
        return False
    try:
        return ipaddress.ip_address(parts.hostname).is_loopback
    except ValueError:  # a name such as "localhost", not an IP literal
        return False


# ---------------------------------------------------------------------------------------------
# Search query language (pure, so it can be tested without HTTP)

_TERM_RE = re.compile(
    r'(?:(?P<field>track|artist|album|year|isrc):)?(?:"(?P<quoted>[^"]*)"|(?P<bare>\S+))',
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SearchTerm:
    field: str | None  # None for a bare word or "quoted phrase"; else track/artist/album/year/isrc
    value: str  # folded


def parse_query(q: str) -> list[SearchTerm]:
    """Split ``q`` into terms: bare words, "quoted phrases" and field filters (value may be
    quoted). Unknown ``foo:bar`` prefixes stay bare words, as Spotify treats them as text."""
    terms = []
    for match in _TERM_RE.finditer(q):
        quoted = match.group("quoted")
        raw = quoted if quoted is not None else match.group("bare").strip('"')
        value = fold(raw).strip()
        if value:
            name = match.group("field")
            terms.append(SearchTerm(name.lower() if name else None, value))
    return terms


@dataclass(frozen=True)
class _Searchable:
    """A track's texts in both locales, folded once."""

    titles: tuple[str, ...]
    artists: tuple[str, ...]
    albums: tuple[str, ...]
    year: int
    isrc: str | None


def _year_matches(spec: str, year: int) -> bool:
    match = _YEAR_RE.fullmatch(spec)
    if match is None:
        return False
    low = int(match.group(1))
    high = int(match.group(2) or low)
    return low <= year <= high


def term_matches(term: SearchTerm, item: _Searchable) -> bool:
    def contains(texts: tuple[str, ...]) -> bool:
        return any(term.value in text for text in texts)

    if term.field is None:
        return contains(item.titles) or contains(item.artists) or contains(item.albums)
    if term.field == "year":
        return _year_matches(term.value, item.year)
    if term.field == "isrc":
        return item.isrc is not None and fold(item.isrc) == term.value
    return contains(
        {"track": item.titles, "artist": item.artists, "album": item.albums}[term.field]
    )


def relevance(terms: Sequence[SearchTerm], item: _Searchable) -> int:
    """How many text terms hit the title: a crude but deterministic stand-in for Spotify's
    ranking. It is what makes "X (Originally Performed by Y) [Karaoke]" outrank "X" for the
    bare words "X Y", a trap real matchers fall into."""
    return sum(
        1
        for term in terms
        if term.field in (None, "track") and any(term.value in t for t in item.titles)
    )


# ---------------------------------------------------------------------------------------------
# Catalogue and session records


@dataclass(frozen=True)
class _Artist:
    id: str
    name: str  # Korean locale
    name_en: str


@dataclass
class _Album:
    id: str
    name: str
    name_en: str
    album_type: str
    release_date: str


@dataclass
class _Track:
    id: str
    name: str
    name_en: str
    artists: tuple[_Artist, ...]
    album_id: str
    duration_ms: int
    isrc: str | None
    track_number: int


@dataclass(frozen=True)
class _Grant:
    """What a token stands for: an app alone (user None) or an app acting for a user."""

    client_id: str
    user: str | None
    scope: str
    pkce: bool = False

    def has_scope(self, *any_of: str) -> bool:
        return bool(set(any_of) & set(self.scope.split()))


@dataclass
class _Token:
    grant: _Grant
    issued: float
    expired: bool = False


@dataclass(frozen=True)
class _Code:
    client_id: str
    redirect_uri: str
    scope: str
    challenge: str | None


@dataclass
class LoggedRequest:
    method: str
    path: str
    query: dict[str, str]
    json: JSON
    status: int | None  # None while unanswered, and for dropped requests
    language: str | None
    auth: str | None  # the bearer token, if one was sent
    form: dict[str, str] | None = None  # form-encoded body (token requests)


@dataclass
class _Rule:
    method: str
    pattern: re.Pattern[str]
    status: int | None
    headers: dict[str, str]
    body: JSON
    drop: str | None
    delay: float
    times: int | None  # None: for ever

    def matches(self, method: str, target: str) -> bool:
        return self.method in ("*", method) and self.pattern.search(target) is not None


@dataclass
class _Request:
    method: str
    path: str
    target: str  # path + "?" + raw query, what inject() rules match against
    query: dict[str, str]
    headers: Message
    body: bytes

    def json(self) -> JSON:
        if not self.body.strip():
            return None
        try:
            return json.loads(self.body)
        except ValueError:
            raise _ApiError(400, "Error parsing JSON.") from None

    def form(self) -> dict[str, str]:
        return dict(parse_qsl(self.body.decode("utf-8", "replace"), keep_blank_values=True))

    @property
    def language(self) -> str | None:
        return primary_language(self.headers.get("Accept-Language"))

    @property
    def bearer(self) -> str | None:
        scheme, _, token = (self.headers.get("Authorization") or "").partition(" ")
        return token.strip() if scheme.lower() == "bearer" and token.strip() else None


@dataclass
class _Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of_json(
        cls, status: int, payload: JSON, headers: Mapping[str, str] | None = None
    ) -> _Response:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        all_headers = {"Content-Type": "application/json; charset=utf-8", **dict(headers or {})}
        return cls(status, data, all_headers)

    @classmethod
    def empty(cls, status: int = 200) -> _Response:
        return cls(status)


class _ApiError(Exception):
    """A Web API error: ``{"error": {"status": N, "message": ...}}``."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})

    def response(self) -> _Response:
        body = {"error": {"status": self.status, "message": self.message}}
        return _Response.of_json(self.status, body, self.headers)


class _OAuthError(Exception):
    """An accounts-service error, OAuth style: ``{"error": code, "error_description": ...}``."""

    def __init__(self, error: str, description: str, status: int = 400):
        super().__init__(description)
        self.error = error
        self.description = description
        self.status = status

    def response(self) -> _Response:
        body = {"error": self.error, "error_description": self.description}
        return _Response.of_json(self.status, body)


QUOTA_EXCEEDED = "QUOTA_EXCEEDED"


def _default_fault_body(status: int, path: str) -> JSON:
    phrase = "API rate limit exceeded" if status == 429 else HTTPStatus(status).phrase
    if path.startswith("/api/token"):
        return {"error": "server_error", "error_description": phrase}
    return {"error": {"status": status, "message": phrase}}


def _fault_response(rule: _Rule, path: str) -> _Response:
    """The canned answer an inject() rule gives instead of the real one."""
    status = rule.status or 200
    headers = dict(rule.headers)
    spent = QUOTA_EXCEEDED in json.dumps(rule.body) if isinstance(rule.body, dict) else False
    if status == 429 and not spent and not any(k.lower() == "retry-after" for k in headers):
        headers["Retry-After"] = "1"  # Spotify tells a rate-limited client how long to wait
    body = rule.body
    if body is None and status >= 400:
        body = _default_fault_body(status, path)
    if body is None:
        return _Response(status, b"", headers)
    if isinstance(body, bytes):
        return _Response(status, body, headers)
    if isinstance(body, str):
        text_headers = {"Content-Type": "text/plain; charset=utf-8", **headers}
        return _Response(status, body.encode("utf-8"), text_headers)
    return _Response.of_json(status, body, headers)


def _int_param(value: Any, message: str) -> int:
    """A query or body integer; booleans and floats are refused like Spotify refuses them."""
    if isinstance(value, bool):
        raise _ApiError(400, message)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value)
    raise _ApiError(400, message)


def _window(
    query: Mapping[str, str], *, default: int, maximum: int, max_offset: int
) -> tuple[int, int]:
    limit = _int_param(query.get("limit", default), "Invalid limit")
    if not 1 <= limit <= maximum:
        raise _ApiError(400, "Invalid limit")
    offset = _int_param(query.get("offset", 0), "Invalid offset")
    if not 0 <= offset <= max_offset:
        raise _ApiError(400, "Invalid offset")
    return limit, offset


# ---------------------------------------------------------------------------------------------
# The fake service


_Endpoint = Callable[..., _Response]


class FakeSpotify:
    """The fake service. Public state (``playlists``, ``log``) may be read and edited by tests;
    take care that direct edits of ``uris`` do not bump ``snapshot_id`` (the API does)."""

    def __init__(
        self,
        client_id: str = "test-client-id",
        client_secret: str = "test-client-secret",
        user_id: str = "testuser",
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.user_id = user_id
        self.display_name = "Test User"
        self.latency = 0.0
        self.log: list[LoggedRequest] = []
        self.playlists: dict[str, dict[str, Any]] = {}
        # Tracebacks of bugs in the fake itself (answered as 500): a test can assert it is empty.
        self.errors: list[str] = []
        self._tracks: dict[str, _Track] = {}  # insertion order is the catalogue order
        self._albums: dict[str, _Album] = {}
        self._rules: list[_Rule] = []
        self._tokens: dict[str, _Token] = {}
        self._refresh_tokens: dict[str, _Grant] = {}
        self._codes: dict[str, _Code] = {}
        self._snapshots: dict[str, set[str]] = {}
        self._serial = itertools.count(1)
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._port: int | None = None
        self._routes = self._route_table()

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> FakeSpotify:
        if self._server is not None:
            return self
        self._stopping.clear()
        server = _Server(("127.0.0.1", 0), _Handler)
        server.fake = self
        self._server = server
        self._port = server.server_address[1]
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self._thread.name = f"fake-spotify-{self._port}"
        self._thread.start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        self._stopping.set()  # wakes handlers sleeping on latency/delay
        server.shutdown()
        server.server_close()
        # Keep-alive connections would otherwise hold their threads until the socket timeout.
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeSpotify:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def accounts_url(self) -> str:
        if self._port is None:
            raise RuntimeError("FakeSpotify is not started")
        return f"http://127.0.0.1:{self._port}"

    @property
    def api_url(self) -> str:
        return self.accounts_url + "/v1/"

    def _origin(self) -> str:
        # Objects can be rendered before start() (add_track returns one); hrefs need a host.
        return f"http://127.0.0.1:{self._port}" if self._port else "http://127.0.0.1"

    # -- catalogue -------------------------------------------------------------------------

    def add_track(
        self,
        id: str,
        *,
        name: str,
        artists: Sequence[str | tuple[str, str]],
        album: str,
        album_type: str = "single",
        release_date: str = "2022-01-01",
        duration_ms: int = 200000,
        isrc: str | None = None,
        track_number: int = 1,
        name_en: str | None = None,
        artists_en: Sequence[str | tuple[str, str]] | None = None,
        album_en: str | None = None,
    ) -> dict[str, Any]:
        """Add (or replace) a track. ``name``/``artists``/``album`` are the Korean-locale names,
        ``*_en`` the English-locale ones (default: the same). Returns the Korean-locale track
        object, as the API would render it. Ids must look like Spotify's (22 base62 characters)
        so that client-side id validation is exercised too."""
        if not _ID_RE.fullmatch(id):
            raise ValueError(f"track id {id!r} is not 22 base62 characters, as Spotify ids are")
        if not _DATE_RE.fullmatch(release_date):
            raise ValueError(f"release_date {release_date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        if album_type not in _ALBUM_TYPES:
            raise ValueError(f"album_type must be one of {_ALBUM_TYPES}")
        credited = _artists(artists, artists_en)
        with self._lock:
            album_id = self._upsert_album(album, album_en or album, album_type, release_date)
            track = _Track(
                id, name, name_en or name, credited, album_id, duration_ms, isrc, track_number
            )
            self._tracks[id] = track
            return self._track_object(track, "ko")

    def _upsert_album(self, name: str, name_en: str, album_type: str, release_date: str) -> str:
        album_id = derived_id("album", f"{name}|{album_type}|{release_date}")
        self._albums[album_id] = _Album(album_id, name, name_en, album_type, release_date)
        return album_id

    def track_object(self, track_id: str, language: str | None = "ko") -> dict[str, Any]:
        """The track as ``GET /tracks/{id}`` would render it for ``language``."""
        with self._lock:
            return self._track_object(self._tracks[track_id], language)

    # -- playlists (server side) -----------------------------------------------------------

    def create_playlist_state(
        self,
        name: str,
        *,
        description: str = "",
        public: bool = False,
        owner: str | None = None,
        uris: Sequence[str] = (),
        collaborative: bool = False,
        followed: bool | None = None,
    ) -> str:
        """Create a playlist directly (no HTTP). Someone else's playlist (``owner`` given) is
        not followed unless ``followed=True``."""
        owner = owner or self.user_id
        with self._lock:
            state = self._new_playlist(name, description, public, collaborative, owner)
            state["followed"] = owner == self.user_id if followed is None else followed
            state["uris"] = list(uris)
            state["added_at"] = [state["created_at"]] * len(uris)
            return state["id"]

    def _new_playlist(
        self, name: str, description: str, public: bool, collaborative: bool, owner: str
    ) -> dict[str, Any]:
        serial = next(self._serial)
        playlist_id = f"fakepl{serial:016d}"
        state: dict[str, Any] = {
            "id": playlist_id,
            "name": name,
            "description": description,
            "public": public,
            "collaborative": collaborative,
            "owner": owner,
            "collaborators": [],
            "snapshot_id": "",
            "uris": [],
            "added_at": [],
            "followed": True,
            "created_at": _now_iso(),
            "serial": serial,
        }
        self.playlists[playlist_id] = state
        self._bump_snapshot(state)
        return state

    def playlist_uris(self, playlist_id: str) -> list[str]:
        with self._lock:
            return list(self.playlists[playlist_id]["uris"])

    def unfollow(self, playlist_id: str) -> None:
        """What "deleting" a playlist in the Spotify app does: it leaves /me/playlists but
        stays readable (and restorable) by id."""
        with self._lock:
            self.playlists[playlist_id]["followed"] = False

    # -- tokens ----------------------------------------------------------------------------

    def expire_tokens(self) -> None:
        """Every access token issued so far now answers 401 "The access token expired"."""
        with self._lock:
            for token in self._tokens.values():
                token.expired = True

    def issue_token(self, *, scope: str = PLAYLIST_SCOPES, user: bool = True) -> str:
        """An access token without the OAuth dance, for tests that use ``Spotify(auth=...)``."""
        grant = _Grant(self.client_id, self.user_id if user else None, scope if user else "")
        with self._lock:
            return self._issue_access_token(grant)

    def stored_login(self, *, scope: str = PLAYLIST_SCOPES) -> dict[str, Any]:
        """What a login leaves in ost's token file (spotipy's cache format plus ``client_id``),
        with a live access token; its refresh token is not one the fake would honour."""
        return {
            "access_token": self.issue_token(scope=scope),
            "token_type": "Bearer",
            "expires_in": 3600,
            "scope": scope,
            "expires_at": int(time.time()) + 3600,
            "refresh_token": "unused",
            "client_id": self.client_id,
        }

    def _issue_access_token(self, grant: _Grant) -> str:
        token = "fakeat" + secrets.token_urlsafe(24)
        self._tokens[token] = _Token(grant, time.time())
        return token

    def user_authorize(self, url: str, *, agree: bool = True) -> str:
        """Simulate the user clicking "Agree" (or "Cancel", ``agree=False``) on an /authorize
        URL: returns the redirect URL carrying ``code`` (or ``error``) and ``state``.
        Raises ValueError where Spotify would show an error page instead of redirecting."""
        query = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
        try:
            with self._lock:
                return self._authorize(query, agree=agree)
        except _ApiError as error:
            raise ValueError(error.message) from None

    # -- fault injection and the request log -----------------------------------------------

    def inject(
        self,
        method: str,
        path_regex: str,
        *,
        status: int | None = None,
        headers: Mapping[str, str] | None = None,
        body: JSON = None,
        drop: str | None = None,
        delay: float = 0.0,
        times: int | None = 1,
    ) -> None:
        """Misbehave for the next ``times`` requests (None: all) whose method (or "*") and
        path+query (``re.search``) match. First matching rule wins.

        ``status``/``body``: answer that instead, without applying the request (a 429 gets
        ``Retry-After: 1`` unless ``headers`` say otherwise); ``headers`` alone are added to
        the real answer. ``drop="before"``: close the connection without applying or answering;
        ``drop="after"``: apply, then close without answering. ``delay``: sleep first."""
        if drop not in (None, "before", "after"):
            raise ValueError('drop must be None, "before" or "after"')
        rule = _Rule(
            method.upper(),
            re.compile(path_regex),
            status,
            dict(headers or {}),
            body,
            drop,
            delay,
            times,
        )
        with self._lock:
            self._rules.append(rule)

    def spend_quota(
        self, path_regex: str = r"^/v1/", retry_after: float | None = None, times: int | None = None
    ) -> None:
        """The app's quota is spent: every Web API request is answered 429 with
        ``"reason": "QUOTA_EXCEEDED"``, with ``Retry-After`` only when given (2026 behaviour)."""
        headers = {"Retry-After": f"{retry_after:g}"} if retry_after is not None else {}
        body = {
            "error": {
                "status": 429,
                "message": "Your application has exceeded its request quota",
                "reason": QUOTA_EXCEEDED,
            }
        }
        self.inject("*", path_regex, status=429, headers=headers, body=body, times=times)

    def count(self, method: str | None = None, path_prefix: str | None = None) -> int:
        with self._lock:
            return sum(
                1
                for entry in self.log
                if (method is None or entry.method == method.upper())
                and (path_prefix is None or entry.path.startswith(path_prefix))
            )

    def writes(self) -> list[LoggedRequest]:
        """Non-GET requests to the Web API (token requests excluded)."""
        with self._lock:
            return [e for e in self.log if e.method != "GET" and e.path.startswith("/v1/")]

    def reset_log(self) -> None:
        with self._lock:
            self.log.clear()

    def _take_rule(self, request: _Request) -> _Rule | None:
        with self._lock:
            for rule in self._rules:
                if rule.matches(request.method, request.target):
                    if rule.times is not None:
                        rule.times -= 1
                        if rule.times <= 0:
                            self._rules.remove(rule)
                    return rule
        return None

    def _log_request(self, request: _Request) -> LoggedRequest:
        try:
            parsed = request.json()
        except _ApiError:
            parsed = None
        is_form = "x-www-form-urlencoded" in (request.headers.get("Content-Type") or "")
        entry = LoggedRequest(
            request.method,
            request.path,
            dict(request.query),
            None if is_form else parsed,
            None,
            request.language,
            request.bearer,
            request.form() if is_form else None,
        )
        with self._lock:
            self.log.append(entry)
        return entry

    # -- request processing (called by the handler threads) --------------------------------

    def _process(self, request: _Request) -> _Response | None:
        """The answer to send, or None to close the connection without answering."""
        entry = self._log_request(request)
        rule = self._take_rule(request)
        pause = self.latency + (rule.delay if rule else 0.0)
        if pause > 0:
            self._stopping.wait(pause)  # stop() cuts the sleep short
        if rule is not None and rule.drop == "before":
            return None
        if rule is not None and (rule.status is not None or rule.body is not None):
            response = _fault_response(rule, request.path)
        else:
            response = self._answer(request)
            if rule is not None:
                response.headers.update(rule.headers)
        if rule is not None and rule.drop == "after":
            return None
        entry.status = response.status
        return response

    def _answer(self, request: _Request) -> _Response:
        try:
            with self._lock:
                return self._route(request)
        except _ApiError as error:
            return error.response()
        except _OAuthError as error:
            return error.response()
        except Exception:  # a bug in the fake: answer 500 and keep the traceback for the test
            self.errors.append(traceback.format_exc())
            return _ApiError(500, "Fake server error").response()

    def _route(self, request: _Request) -> _Response:
        path = request.path.rstrip("/") or "/"  # spotipy asks for "me/"
        if path == "/api/token":
            if request.method != "POST":
                raise _ApiError(405, "Method not allowed")
            return self._token_endpoint(request)
        if path == "/authorize":
            return self._authorize_endpoint(request)
        if not path.startswith("/v1/"):
            raise _ApiError(404, "Service not found")
        grant = self._authenticate(request)
        known_path = False
        for method, pattern, handler in self._routes:
            match = pattern.fullmatch(path)
            if match is None:
                continue
            known_path = True
            if method in ("*", request.method):
                return handler(request, grant, **match.groupdict())
        if known_path:
            raise _ApiError(405, "Method not allowed")
        raise _ApiError(404, "Service not found")

    def _route_table(self) -> list[tuple[str, re.Pattern[str], _Endpoint]]:
        playlist = r"/v1/playlists/(?P<playlist_id>[^/]+)"
        table: list[tuple[str, str, _Endpoint]] = [
            ("GET", r"/v1/search", self._search),
            ("GET", r"/v1/tracks", self._several_tracks),
            ("GET", r"/v1/tracks/(?P<track_id>[^/]+)", self._get_track),
            ("GET", r"/v1/albums/(?P<album_id>[^/]+)/tracks", self._album_tracks),
            ("GET", r"/v1/me", self._get_me),
            ("GET", r"/v1/me/playlists", self._my_playlists),
            ("POST", r"/v1/me/playlists", self._create_playlist),
            ("PUT", r"/v1/me/library", self._follow_via_library),
            ("DELETE", r"/v1/me/library", self._unfollow_via_library),
            ("*", r"/v1/users/(?P<user>[^/]+)/playlists", self._forbidden),
            ("GET", playlist, self._get_playlist),
            ("PUT", playlist, self._change_details),
            ("PUT", playlist + "/followers", self._follow),
            ("DELETE", playlist + "/followers", self._unfollow),
            ("*", playlist + "/tracks", self._forbidden),
            ("GET", playlist + "/items", self._get_items),
            ("POST", playlist + "/items", self._add_items),
            ("PUT", playlist + "/items", self._put_items),
            ("DELETE", playlist + "/items", self._remove_items),
        ]
        return [(method, re.compile(pattern), handler) for method, pattern, handler in table]

    # -- accounts service ------------------------------------------------------------------

    def _authenticate(self, request: _Request) -> _Grant:
        token_text = request.bearer
        if token_text is None:
            raise _ApiError(401, "No token provided")
        token = self._tokens.get(token_text)
        if token is None:
            raise _ApiError(401, "Invalid access token")
        if token.expired or time.time() - token.issued > TOKEN_LIFETIME:
            raise _ApiError(401, "The access token expired")
        return token.grant

    def _authorize_endpoint(self, request: _Request) -> _Response:
        if request.method != "GET":
            raise _ApiError(405, "Method not allowed")
        location = self._authorize(request.query, agree=True)
        return _Response(302, b"", {"Location": location})

    def _authorize(self, query: Mapping[str, str], *, agree: bool) -> str:
        if query.get("client_id") != self.client_id:
            raise _ApiError(400, "INVALID_CLIENT: Invalid client")
        redirect_uri = query.get("redirect_uri", "")
        if not redirect_uri:
            raise _ApiError(400, "INVALID_CLIENT: Invalid redirect URI")
        if not _is_secure_redirect(redirect_uri):
            raise _ApiError(400, "INVALID_CLIENT: Insecure redirect URI")
        if query.get("response_type") != "code":
            raise _ApiError(400, "unsupported_response_type")
        challenge = query.get("code_challenge") or None
        if challenge is not None and query.get("code_challenge_method") != "S256":
            raise _ApiError(400, "INVALID_REQUEST: code_challenge_method must be S256")
        if agree:
            code = secrets.token_urlsafe(24)
            scope = " ".join(query.get("scope", "").split())
            self._codes[code] = _Code(self.client_id, redirect_uri, scope, challenge)
            params = {"code": code}
        else:
            params = {"error": "access_denied"}
        if "state" in query:
            params["state"] = query["state"]
        separator = "&" if urlsplit(redirect_uri).query else "?"
        return redirect_uri + separator + urlencode(params)

    def _client_credentials(
        self, request: _Request, form: Mapping[str, str]
    ) -> tuple[str, str | None]:
        """(client_id, client_secret or None) from HTTP Basic or the form body; checked."""
        scheme, _, encoded = (request.headers.get("Authorization") or "").partition(" ")
        secret: str | None
        if scheme.lower() == "basic":
            try:
                decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                raise _OAuthError("invalid_client", "Invalid client") from None
            client_id, _, secret = decoded.partition(":")
        else:
            client_id, secret = form.get("client_id", ""), form.get("client_secret")
        if client_id != self.client_id:
            raise _OAuthError("invalid_client", "Invalid client")
        if secret is not None and secret != self.client_secret:
            raise _OAuthError("invalid_client", "Invalid client secret")
        return client_id, secret

    def _token_endpoint(self, request: _Request) -> _Response:
        form = request.form()
        client_id, secret = self._client_credentials(request, form)
        grant_type = form.get("grant_type")
        if grant_type == "client_credentials":
            if secret is None:
                raise _OAuthError("invalid_client", "Invalid client secret")
            return self._token_response(_Grant(client_id, None, ""), refresh=False)
        if grant_type == "authorization_code":
            return self._exchange_code(form, client_id, secret)
        if grant_type == "refresh_token":
            return self._refresh(form, client_id, secret)
        raise _OAuthError("unsupported_grant_type", f"grant_type {grant_type!r} is not supported")

    def _exchange_code(self, form: Mapping[str, str], client_id: str, secret: str | None):
        code = self._codes.pop(form.get("code", ""), None)  # single use, even when it fails
        if code is None or code.client_id != client_id:
            raise _OAuthError("invalid_grant", "Invalid authorization code")
        if form.get("redirect_uri") != code.redirect_uri:
            raise _OAuthError("invalid_grant", "Invalid redirect URI")
        if code.challenge is not None:
            verifier = form.get("code_verifier", "")
            if not verifier or pkce_challenge(verifier) != code.challenge:
                raise _OAuthError("invalid_grant", "code_verifier was incorrect")
        elif secret is None:
            raise _OAuthError("invalid_client", "Invalid client secret")
        grant = _Grant(client_id, self.user_id, code.scope, pkce=code.challenge is not None)
        return self._token_response(grant, refresh=True)

    def _refresh(self, form: Mapping[str, str], client_id: str, secret: str | None):
        grant = self._refresh_tokens.get(form.get("refresh_token", ""))
        if grant is None or grant.client_id != client_id:
            raise _OAuthError("invalid_grant", "Invalid refresh token")
        if secret is None and not grant.pkce:
            raise _OAuthError("invalid_client", "Invalid client secret")
        # Spotify may leave the refresh token out; the old one stays valid (clients keep it).
        return self._token_response(grant, refresh=False)

    def _token_response(self, grant: _Grant, *, refresh: bool) -> _Response:
        body: dict[str, Any] = {
            "access_token": self._issue_access_token(grant),
            "token_type": "Bearer",
            "expires_in": TOKEN_LIFETIME,
            "scope": grant.scope,
        }
        if refresh:
            refresh_token = "fakert" + secrets.token_urlsafe(24)
            self._refresh_tokens[refresh_token] = grant
            body["refresh_token"] = refresh_token
        return _Response.of_json(200, body)

    # -- rendering -------------------------------------------------------------------------

    def _artist_object(self, artist: _Artist, ko: bool) -> dict[str, Any]:
        return {
            "external_urls": {"spotify": f"https://open.spotify.com/artist/{artist.id}"},
            "href": f"{self._origin()}/v1/artists/{artist.id}",
            "id": artist.id,
            "name": artist.name if ko else artist.name_en,
            "type": "artist",
            "uri": f"spotify:artist:{artist.id}",
        }

    def _album_tracks_of(self, album_id: str) -> list[_Track]:
        return [t for t in self._tracks.values() if t.album_id == album_id]

    def _album_artists(self, album_id: str) -> tuple[_Artist, ...]:
        credits = {t.artists for t in self._album_tracks_of(album_id)}
        if len(credits) == 1:
            return credits.pop()
        various = "Various Artists"
        return (_Artist(derived_id("artist", various), various, various),)

    def _album_object(self, album: _Album, ko: bool) -> dict[str, Any]:
        return {
            "album_type": album.album_type,
            "artists": [self._artist_object(a, ko) for a in self._album_artists(album.id)],
            "external_urls": {"spotify": f"https://open.spotify.com/album/{album.id}"},
            "href": f"{self._origin()}/v1/albums/{album.id}",
            "id": album.id,
            "images": [],
            "name": album.name if ko else album.name_en,
            "release_date": album.release_date,
            "release_date_precision": _DATE_PRECISION[len(album.release_date)],
            "total_tracks": len(self._album_tracks_of(album.id)),
            "type": "album",
            "uri": f"spotify:album:{album.id}",
        }

    def _track_object(
        self, track: _Track, language: str | None, *, with_album: bool = True
    ) -> dict[str, Any]:
        """The 2026 track object: no popularity, available_markets, linked_from, preview_url;
        external_ids only when there is an ISRC (it was removed, then restored)."""
        ko = language == "ko"
        obj: dict[str, Any] = {
            "artists": [self._artist_object(a, ko) for a in track.artists],
            "disc_number": 1,
            "duration_ms": track.duration_ms,
            "explicit": False,
            "external_urls": {"spotify": f"https://open.spotify.com/track/{track.id}"},
            "href": f"{self._origin()}/v1/tracks/{track.id}",
            "id": track.id,
            "is_local": False,
            "name": track.name if ko else track.name_en,
            "track_number": track.track_number,
            "type": "track",
            "uri": f"spotify:track:{track.id}",
        }
        if with_album:
            obj["album"] = self._album_object(self._albums[track.album_id], ko)
        if track.isrc:
            obj["external_ids"] = {"isrc": track.isrc}
        return obj

    def _user_object(self, user_id: str) -> dict[str, Any]:
        return {
            "display_name": self.display_name if user_id == self.user_id else user_id,
            "external_urls": {"spotify": f"https://open.spotify.com/user/{user_id}"},
            "href": f"{self._origin()}/v1/users/{user_id}",
            "id": user_id,
            "type": "user",
            "uri": f"spotify:user:{user_id}",
        }

    def _paging(
        self,
        path: str,
        entries: Sequence[Any],
        render: Callable[[Any], JSON],
        *,
        limit: int,
        offset: int,
        params: Mapping[str, str] | None = None,
        max_offset: int | None = None,
    ) -> dict[str, Any]:
        """A paging object with absolute ``href``/``next``/``previous`` links (spotipy's next()
        follows them as they are)."""
        extra = dict(params or {})

        def link(at: int) -> str:
            return f"{self._origin()}{path}?{urlencode({**extra, 'offset': at, 'limit': limit})}"

        following = offset + limit
        has_next = following < len(entries) and (max_offset is None or following <= max_offset)
        return {
            "href": link(offset),
            "items": [render(entry) for entry in entries[offset:following]],
            "limit": limit,
            "next": link(following) if has_next else None,
            "offset": offset,
            "previous": link(max(0, offset - limit)) if offset > 0 else None,
            "total": len(entries),
        }

    # -- /v1: tracks and search ------------------------------------------------------------

    def _searchable(self, track: _Track) -> _Searchable:
        album = self._albums[track.album_id]
        return _Searchable(
            titles=(fold(track.name), fold(track.name_en)),
            artists=tuple(fold(n) for a in track.artists for n in (a.name, a.name_en)),
            albums=(fold(album.name), fold(album.name_en)),
            year=int(album.release_date[:4]),
            isrc=track.isrc,
        )

    def search_ids(self, q: str) -> list[str]:
        """Ids of every catalogue track ``GET /search?q=`` finds, in result order."""
        return [track.id for track in self._matching_tracks(q)]

    def _matching_tracks(self, q: str) -> list[_Track]:
        terms = parse_query(q)
        with self._lock:
            scored = []
            for index, track in enumerate(self._tracks.values()):
                item = self._searchable(track)
                if terms and all(term_matches(term, item) for term in terms):
                    scored.append((-relevance(terms, item), index, track))
        return [track for _, _, track in sorted(scored, key=lambda s: s[:2])]

    def _search(self, request: _Request, grant: _Grant) -> _Response:
        q = request.query.get("q", "").strip()
        if not q:
            raise _ApiError(400, "No search query")
        types = request.query.get("type", "")
        if not types:
            raise _ApiError(400, "Missing parameter type")
        kinds = [kind.strip() for kind in types.split(",")]
        known = {"track", "album", "artist", "playlist", "show", "episode", "audiobook"}
        if not set(kinds) <= known:
            raise _ApiError(400, "Bad search type field")
        limit, offset = _window(
            request.query, default=5, maximum=SEARCH_MAX_LIMIT, max_offset=SEARCH_MAX_OFFSET
        )
        kept = ("q", "type", "market")
        params: dict[str, str] = {k: request.query[k] for k in kept if k in request.query}
        language = request.language
        body = {}
        for kind in kinds:
            found = self._matching_tracks(q) if kind == "track" else []  # only tracks are stocked
            body[kind + "s"] = self._paging(
                "/v1/search",
                found,
                lambda t: self._track_object(t, language),
                limit=limit,
                offset=offset,
                params=params,
                max_offset=SEARCH_MAX_OFFSET,
            )
        return _Response.of_json(200, body)

    def _get_track(self, request: _Request, grant: _Grant, track_id: str) -> _Response:
        if not _ID_RE.fullmatch(track_id):
            raise _ApiError(400, "Invalid base62 id")
        track = self._tracks.get(track_id)
        if track is None:
            raise _ApiError(404, "Resource not found")
        return _Response.of_json(200, self._track_object(track, request.language))

    def _several_tracks(self, request: _Request, grant: _Grant) -> _Response:
        raise _ApiError(403, "Forbidden")  # development-mode apps lost the batch endpoint

    def _album_tracks(self, request: _Request, grant: _Grant, album_id: str) -> _Response:
        if album_id not in self._albums:
            raise _ApiError(404, "Resource not found")
        limit, offset = _window(request.query, default=20, maximum=PAGE_MAX_LIMIT, max_offset=10**6)
        tracks = sorted(self._album_tracks_of(album_id), key=lambda t: t.track_number)
        language = request.language
        page = self._paging(
            f"/v1/albums/{album_id}/tracks",
            tracks,
            lambda t: self._track_object(t, language, with_album=False),
            limit=limit,
            offset=offset,
        )
        return _Response.of_json(200, page)

    # -- /v1: the user and their playlists -------------------------------------------------

    @staticmethod
    def _require_user(grant: _Grant) -> str:
        if grant.user is None:  # a client-credentials token carries no user
            raise _ApiError(401, "This request requires user authentication.")
        return grant.user

    @staticmethod
    def _require_scope(grant: _Grant, *any_of: str) -> None:
        if not grant.has_scope(*any_of):
            raise _ApiError(403, "Insufficient client scope")

    def _forbidden(self, request: _Request, grant: _Grant, **_: str) -> _Response:
        raise _ApiError(403, "Forbidden")

    def _get_me(self, request: _Request, grant: _Grant) -> _Response:
        return _Response.of_json(200, self._user_object(self._require_user(grant)))

    def _playlist_state(self, playlist_id: str) -> dict[str, Any]:
        state = self.playlists.get(playlist_id)
        if state is None:
            raise _ApiError(404, "Resource not found")
        return state

    @staticmethod
    def _may_edit(state: Mapping[str, Any], user: str) -> bool:
        return user == state["owner"] or user in state.get("collaborators", ())

    def _editable(self, grant: _Grant, playlist_id: str) -> dict[str, Any]:
        """The playlist, if this token may change its contents."""
        user = self._require_user(grant)
        state = self._playlist_state(playlist_id)
        if not self._may_edit(state, user):
            raise _ApiError(403, "Forbidden")
        self._require_scope(grant, _modify_scope(state["public"]))
        return state

    def _simplified_playlist(self, state: Mapping[str, Any]) -> dict[str, Any]:
        playlist_id = state["id"]
        return {
            "collaborative": state["collaborative"],
            "description": state["description"],
            "external_urls": {"spotify": f"https://open.spotify.com/playlist/{playlist_id}"},
            "href": f"{self._origin()}/v1/playlists/{playlist_id}",
            "id": playlist_id,
            "images": [],
            "items": {
                "href": f"{self._origin()}/v1/playlists/{playlist_id}/items",
                "total": len(state["uris"]),
            },
            "name": state["name"],
            "owner": self._user_object(state["owner"]),
            "public": state["public"],
            "snapshot_id": state["snapshot_id"],
            "type": "playlist",
            "uri": f"spotify:playlist:{playlist_id}",
        }

    def _full_playlist(self, state: Mapping[str, Any], grant: _Grant, language: str | None):
        obj = self._simplified_playlist(state)
        obj["followers"] = {"href": None, "total": 1 if state["followed"] else 0}
        if grant.user is not None and self._may_edit(state, grant.user):
            obj["items"] = self._items_page(state, language, limit=PAGE_MAX_LIMIT, offset=0)
        return obj

    def _my_playlists(self, request: _Request, grant: _Grant) -> _Response:
        self._require_user(grant)
        limit, offset = _window(
            request.query, default=20, maximum=PAGE_MAX_LIMIT, max_offset=100_000
        )
        see_private = grant.has_scope("playlist-read-private")
        listed = sorted(
            (s for s in self.playlists.values() if s["followed"] and (s["public"] or see_private)),
            key=lambda s: -s["serial"],  # newest first, as the app's library lists them
        )
        page = self._paging(
            "/v1/me/playlists", listed, self._simplified_playlist, limit=limit, offset=offset
        )
        return _Response.of_json(200, page)

    def _create_playlist(self, request: _Request, grant: _Grant) -> _Response:
        user = self._require_user(grant)
        body = request.json()
        if not isinstance(body, dict):
            raise _ApiError(400, "Missing required field: name")
        name = body.get("name")
        if not isinstance(name, str) or not name.strip():
            raise _ApiError(400, "Missing required field: name")
        public = body.get("public", True)
        collaborative = body.get("collaborative", False)
        description = body.get("description") or ""
        if not isinstance(public, bool) or not isinstance(collaborative, bool):
            raise _ApiError(400, "public and collaborative must be booleans")
        if collaborative and public:
            raise _ApiError(400, "Collaborative playlists can only be private.")
        self._require_scope(grant, _modify_scope(public))
        state = self._new_playlist(name, str(description), public, collaborative, user)
        return _Response.of_json(201, self._full_playlist(state, grant, request.language))

    def _get_playlist(self, request: _Request, grant: _Grant, playlist_id: str) -> _Response:
        self._require_user(grant)
        state = self._playlist_state(playlist_id)
        return _Response.of_json(200, self._full_playlist(state, grant, request.language))

    def _change_details(self, request: _Request, grant: _Grant, playlist_id: str) -> _Response:
        user = self._require_user(grant)
        state = self._playlist_state(playlist_id)
        if user != state["owner"]:
            raise _ApiError(403, "Forbidden")
        self._require_scope(grant, _modify_scope(state["public"]))
        body = request.json()
        if not isinstance(body, dict):
            raise _ApiError(400, "Error parsing JSON.")
        changes = _detail_changes(body)
        if any(state[key] != value for key, value in changes.items()):
            state.update(changes)
            self._bump_snapshot(state)
        return _Response.empty(200)

    def _set_followed(self, grant: _Grant, playlist_id: str, followed: bool) -> None:
        self._require_user(grant)
        self._require_scope(grant, "playlist-modify-public", "playlist-modify-private")
        self._playlist_state(playlist_id)["followed"] = followed

    def _follow(self, request: _Request, grant: _Grant, playlist_id: str) -> _Response:
        self._set_followed(grant, playlist_id, True)
        return _Response.empty(200)

    def _unfollow(self, request: _Request, grant: _Grant, playlist_id: str) -> _Response:
        self._set_followed(grant, playlist_id, False)
        return _Response.empty(200)

    def _library_playlists(self, request: _Request) -> list[str]:
        uris = [u for u in request.query.get("uris", "").split(",") if u]
        ids = [
            u.removeprefix("spotify:playlist:") for u in uris if u.startswith("spotify:playlist:")
        ]
        if not uris or len(ids) != len(uris):
            raise _ApiError(400, "Only playlist uris are supported by this fake")
        return ids

    def _follow_via_library(self, request: _Request, grant: _Grant) -> _Response:
        for playlist_id in self._library_playlists(request):
            self._set_followed(grant, playlist_id, True)
        return _Response.empty(200)

    def _unfollow_via_library(self, request: _Request, grant: _Grant) -> _Response:
        for playlist_id in self._library_playlists(request):
            self._set_followed(grant, playlist_id, False)
        return _Response.empty(200)

    # -- /v1: playlist items ---------------------------------------------------------------

    def _bump_snapshot(self, state: dict[str, Any]) -> None:
        """Every change gets a snapshot never seen before, even when it restores old contents."""
        version = next(self._serial)
        digest = hashlib.sha256(f"{state['id']}:{version}".encode()).digest()[:20]
        snapshot = base64.b64encode(version.to_bytes(4, "big") + digest).decode("ascii")
        state["snapshot_id"] = snapshot
        self._snapshots.setdefault(state["id"], set()).add(snapshot)

    def _check_snapshot(self, state: Mapping[str, Any], body: Mapping[str, Any]) -> None:
        snapshot = body.get("snapshot_id")
        if snapshot is not None and snapshot not in self._snapshots.get(state["id"], ()):
            raise _ApiError(400, "Invalid snapshot id")

    @staticmethod
    def _rows(state: Mapping[str, Any]) -> list[tuple[str, str]]:
        added = list(state.get("added_at", []))
        added += [state["created_at"]] * (len(state["uris"]) - len(added))  # tests may edit uris
        return list(zip(state["uris"], added, strict=False))

    def _commit(self, state: dict[str, Any], rows: Sequence[tuple[str, str]]) -> None:
        """Store new contents; unchanged contents keep their snapshot_id."""
        uris = [uri for uri, _ in rows]
        if uris != state["uris"]:
            state["uris"] = uris
            state["added_at"] = [added for _, added in rows]
            self._bump_snapshot(state)

    def _checked_uris(self, uris: Any) -> list[str]:
        if not isinstance(uris, list) or not all(isinstance(u, str) for u in uris):
            raise _ApiError(400, "uris must be a list of Spotify URIs")
        if len(uris) > MAX_URIS_PER_REQUEST:
            raise _ApiError(400, "You can add a maximum of 100 tracks per request.")
        for uri in uris:
            match = _TRACK_URI_RE.fullmatch(uri)
            if match is None or not _ID_RE.fullmatch(match.group(1)):
                raise _ApiError(400, f"Invalid track uri: {uri}")
            if match.group(1) not in self._tracks:
                raise _ApiError(400, "Payload contains a non-existing ID")
        return uris

    def _row_object(self, state: Mapping[str, Any], row: tuple[str, str], language: str | None):
        uri, added_at = row
        match = _TRACK_URI_RE.fullmatch(uri)
        track = self._tracks.get(match.group(1)) if match else None
        return {
            "added_at": added_at,
            "added_by": self._user_object(state["owner"]),
            "is_local": False,
            "item": self._track_object(track, language) if track else None,
        }

    def _items_page(
        self, state: Mapping[str, Any], language: str | None, *, limit: int, offset: int
    ):
        return self._paging(
            f"/v1/playlists/{state['id']}/items",
            self._rows(state),
            lambda row: self._row_object(state, row, language),
            limit=limit,
            offset=offset,
        )

    def _get_items(self, request: _Request, grant: _Grant, playlist_id: str) -> _Response:
        user = self._require_user(grant)
        state = self._playlist_state(playlist_id)
        if not self._may_edit(state, user):
            raise _ApiError(403, "Forbidden")
        if not state["public"]:
            self._require_scope(grant, "playlist-read-private")
        limit, offset = _window(request.query, default=20, maximum=PAGE_MAX_LIMIT, max_offset=10**6)
        page = self._items_page(state, request.language, limit=limit, offset=offset)
        return _Response.of_json(200, page)

    def _add_items(self, request: _Request, grant: _Grant, playlist_id: str) -> _Response:
        state = self._editable(grant, playlist_id)
        body = request.json()
        position: Any = request.query.get("position")
        uris: Any
        if isinstance(body, list):  # what spotipy sends: a bare array, position in the query
            uris = body
        elif isinstance(body, dict):
            uris = body.get("uris")
            position = body.get("position", position)
        elif body is None and request.query.get("uris"):
            uris = request.query["uris"].split(",")
        else:
            raise _ApiError(400, "No uris provided")
        if not uris:
            raise _ApiError(400, "No uris provided")
        uris = self._checked_uris(uris)
        rows = self._rows(state)
        at = len(rows) if position is None else _int_param(position, "Invalid position")
        if not 0 <= at <= len(rows):
            raise _ApiError(400, "Index out of bounds")
        added = _now_iso()
        rows[at:at] = [(uri, added) for uri in uris]
        self._commit(state, rows)
        return _Response.of_json(201, {"snapshot_id": state["snapshot_id"]})

    def _put_items(self, request: _Request, grant: _Grant, playlist_id: str) -> _Response:
        state = self._editable(grant, playlist_id)
        body = request.json()
        if isinstance(body, dict) and "range_start" in body:
            self._reorder(state, body)
        elif isinstance(body, dict) and "uris" in body:
            self._replace(state, body["uris"])
        elif body is None and "uris" in request.query:
            self._replace(state, [u for u in request.query["uris"].split(",") if u])
        else:
            raise _ApiError(400, "Either uris or range_start is required")
        return _Response.of_json(200, {"snapshot_id": state["snapshot_id"]})

    def _replace(self, state: dict[str, Any], uris: Any) -> None:
        added = _now_iso()
        self._commit(state, [(uri, added) for uri in self._checked_uris(uris)])

    def _reorder(self, state: dict[str, Any], body: Mapping[str, Any]) -> None:
        self._check_snapshot(state, body)
        start = _int_param(body.get("range_start"), "Invalid range_start")
        before = _int_param(body.get("insert_before"), "Invalid insert_before")
        length = _int_param(body.get("range_length", 1), "Invalid range_length")
        rows = self._rows(state)
        if length < 1 or start < 0 or start + length > len(rows) or not 0 <= before <= len(rows):
            raise _ApiError(400, "Index out of bounds")
        if start <= before <= start + length:
            return  # moving a block to where it already is changes nothing
        block = rows[start : start + length]
        rest = rows[:start] + rows[start + length :]
        at = before if before < start else before - length
        self._commit(state, rest[:at] + block + rest[at:])

    def _remove_items(self, request: _Request, grant: _Grant, playlist_id: str) -> _Response:
        state = self._editable(grant, playlist_id)
        body = request.json()
        if not isinstance(body, dict):
            raise _ApiError(400, "Missing items")
        entries = body.get("items", body.get("tracks"))  # "tracks" is the pre-2026 key
        if not isinstance(entries, list) or not entries:
            raise _ApiError(400, "Missing items")
        if len(entries) > MAX_URIS_PER_REQUEST:
            raise _ApiError(400, "You can remove a maximum of 100 tracks per request.")
        self._check_snapshot(state, body)
        rows = self._rows(state)
        doomed = _positions_to_remove(rows, entries)
        self._commit(state, [row for index, row in enumerate(rows) if index not in doomed])
        return _Response.of_json(200, {"snapshot_id": state["snapshot_id"]})


def _modify_scope(public: bool) -> str:
    return "playlist-modify-public" if public else "playlist-modify-private"


def _detail_changes(body: Mapping[str, Any]) -> dict[str, Any]:
    expected = {"name": str, "description": str, "public": bool, "collaborative": bool}
    changes = {}
    for key, kind in expected.items():
        if key in body:
            if not isinstance(body[key], kind):
                raise _ApiError(400, f"Invalid {key}")
            changes[key] = body[key]
    if "name" in changes and not changes["name"].strip():
        raise _ApiError(400, "Invalid name")
    return changes


def _positions_to_remove(rows: Sequence[tuple[str, str]], entries: Sequence[Any]) -> set[int]:
    """Indexes to delete: every occurrence of each uri, or only the listed ``positions``."""
    doomed: set[int] = set()
    for entry in entries:
        uri = entry.get("uri") if isinstance(entry, dict) else None
        if not isinstance(uri, str) or not _TRACK_URI_RE.fullmatch(uri):
            raise _ApiError(400, "Invalid track uri")
        positions = entry.get("positions")
        if positions is None:
            doomed |= {i for i, (row_uri, _) in enumerate(rows) if row_uri == uri}
            continue
        for position in positions:
            if not (isinstance(position, int) and 0 <= position < len(rows)):
                raise _ApiError(400, "Index out of bounds")
            if rows[position][0] != uri:
                raise _ApiError(400, "Could not remove tracks, please check parameters.")
            doomed.add(position)
    return doomed


def _artists(
    names: Sequence[str | tuple[str, str]], names_en: Sequence[str | tuple[str, str]] | None
) -> tuple[_Artist, ...]:
    """Artists from (id, name) tuples or bare names (id derived from the Korean name)."""
    if isinstance(names, str):
        raise TypeError("artists must be a list, not a string")
    if names_en is not None and len(names_en) != len(names):
        raise ValueError("artists_en must list as many artists as artists")
    credited = []
    for index, entry in enumerate(names):
        artist_id, name = (
            entry if isinstance(entry, tuple) else (derived_id("artist", entry), entry)
        )
        name_en = name
        if names_en is not None:
            other = names_en[index]
            name_en = other[1] if isinstance(other, tuple) else other
        credited.append(_Artist(artist_id, name, name_en))
    return tuple(credited)


# ---------------------------------------------------------------------------------------------
# HTTP plumbing


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a handler stuck on a slow client never blocks interpreter exit
    block_on_close = False
    fake: FakeSpotify

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that timed out or hung up leaves a broken socket behind: expected in tests
        # of timeouts and drops, so not worth a traceback on stderr. Anything else is a bug.
        error = traceback.format_exc()
        if not isinstance(sys.exc_info()[1], OSError):
            self.fake.errors.append(error)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: spotipy's session reuses connections
    server_version = "FakeSpotify/2026"
    timeout = 10  # an idle keep-alive connection frees its thread after this long
    # Headers and body go out in two writes; with Nagle on, the client's delayed ACK would
    # stall every answer by ~40 ms.
    disable_nagle_algorithm = True
    server: _Server

    def setup(self) -> None:
        super().setup()
        with self.server.fake._lock:
            self.server.fake._connections.add(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            with self.server.fake._lock:
                self.server.fake._connections.discard(self.connection)

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def do_PATCH(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the fake's own log is FakeSpotify.log; stderr noise helps no test

    def _read_request(self) -> _Request:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        parts = urlsplit(self.path)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        target = parts.path + ("?" + parts.query if parts.query else "")
        return _Request(self.command, parts.path, target, query, self.headers, body)

    def _serve(self) -> None:
        response = self.server.fake._process(self._read_request())
        if response is None:
            self.close_connection = True  # the socket closes with nothing sent
            return
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        self.wfile.write(response.body)


# ---------------------------------------------------------------------------------------------
# Seed catalogue: Soundtrack #1 plus the traps naive matchers fall into

S1_ALBUM = "사운드트랙 #1 OST"
S1_ALBUM_EN = "Soundtrack #1 (Original Soundtrack)"
S1_COMPILATION_DATE = "2022-04-13"


@dataclass(frozen=True)
class _SeedSong:
    key: str  # id stem, e.g. "kyuhyun"
    part: int
    title: str
    title_en: str
    artist: tuple[str, str, str]  # (id, Korean name, English name)
    release_date: str
    duration_ms: int
    isrc: str | None  # fake registrant "ZZZ"; None models releases that carry none

    @property
    def credit(self) -> dict[str, Any]:
        return {"artists": [self.artist[:2]], "artists_en": [self.artist[2]]}


def _fixture_id(stem: str, number: int) -> str:
    """Readable, obviously fake 22-character ids: "s1kyuhyun0000000000001"."""
    return stem + str(number).rjust(ID_LENGTH - len(stem), "0")


def _seed_artist(stem: str, name: str, name_en: str) -> tuple[str, str, str]:
    return (_fixture_id("s1art" + stem, 1), name, name_en)


def _next_isrc(isrc: str | None) -> str | None:
    """The instrumental's ISRC: the song's designation code plus one."""
    return None if isrc is None else f"{isrc[:-5]}{int(isrc[-5:]) + 1:05d}"


S1_SONGS: tuple[_SeedSong, ...] = (
    _SeedSong(
        "kyuhyun", 1, "사랑은 말로 표현하는게 아니래요", "Love Beyond Words",
        _seed_artist("kyuhyun", "규현", "KYUHYUN"), "2021-12-30", 236000, "KRZZZ2100001",
    ),
    _SeedSong(
        "parkboram", 2, "행복해지고 싶어", "Want to Be Happy",
        _seed_artist("parkboram", "박보람", "Park Bo Ram"), "2022-01-06", 221000, "KRZZZ2200001",
    ),
    _SeedSong(
        "davichi", 3, "소녀 같은 맘을 가진 그댈 생각하면 아파요", "Your Tender Heart Hurts Me",
        _seed_artist("davichi", "다비치", "DAVICHI"), "2022-01-20", 229000, "KRZZZ2200003",
    ),
    _SeedSong(
        "kimjongkook", 4, "My Love", "My Love",
        _seed_artist("kimjongkook", "김종국", "Kim Jong Kook"), "2022-01-27", 244000,
        "KRZZZ2200005",
    ),
    _SeedSong(
        "kimjaehwan", 5, "나에게 말해요", "Talk To Me",
        _seed_artist("kimjaehwan", "김재환", "Kim Jae Hwan"), "2022-02-06", 218000, "KRZZZ2200007",
    ),
    # Korean title unknown (fact sheet): the same name in both locales; no ISRC either.
    _SeedSong(
        "standingegg", 6, "Prettiest One", "Prettiest One",
        _seed_artist("standingegg", "스탠딩 에그", "Standing Egg"), "2022-02-14", 207000, None,
    ),
    _SeedSong(
        "doyoung", 7, "아주 조금만 더", "Just A Little Bit More",
        _seed_artist("doyoung", "도영", "DOYOUNG"), "2022-02-22", 232000, "KRZZZ2200011",
    ),
)  # fmt: skip


def _song_tracks(song: _SeedSong, stem: str, album: dict[str, Any], inst_number: int):
    """The song and its "(Inst.)" as add_track() keyword sets."""
    common = {**song.credit, **album, "duration_ms": song.duration_ms}
    main = {
        "id": _fixture_id(stem + song.key, 1),
        "name": song.title,
        "name_en": song.title_en,
        "isrc": song.isrc,
        **common,
    }
    inst = {
        "id": _fixture_id(stem + song.key, 2),
        "name": f"{song.title} (Inst.)",
        "name_en": f"{song.title_en} (Inst.)",
        "isrc": _next_isrc(song.isrc),
        **common,
        "track_number": inst_number,
    }
    return [main, inst]  # fmt: skip


def _ost_specs() -> list[dict[str, Any]]:
    """Each single (song + Inst.) on its own album, and the same recordings, under other ids
    but the same ISRCs, on the later compilation: both are right answers."""
    specs = []
    for song in S1_SONGS:
        single = {
            "album": f"사운드트랙 #1 Part {song.part}",
            "album_en": f"Soundtrack #1 Part {song.part}",
            "release_date": song.release_date,
        }
        specs += _song_tracks(song, "s1", single, inst_number=2)
        compilation = {
            "album": S1_ALBUM,
            "album_en": S1_ALBUM_EN,
            "album_type": "album",
            "release_date": S1_COMPILATION_DATE,
            "track_number": song.part,
        }
        specs += _song_tracks(song, "s1ost", compilation, inst_number=song.part + 7)
    return specs  # fmt: skip


def _decoy_specs() -> list[dict[str, Any]]:
    """Versions, covers and lookalikes that naive matchers pick instead of the OST song."""
    davichi, kim, jaehwan, doyoung = (S1_SONGS[i] for i in (2, 3, 4, 6))
    return [
        {"id": _fixture_id("decoymylove", 1), "name": "My Love", "artists": ["노스바운드 스태틱"],
         "artists_en": ["Northbound Static"], "album": "Paper Lanterns", "album_type": "album",
         "release_date": "1999-05-10", "duration_ms": 263000, "isrc": "USZZZ9900001"},
        {"id": _fixture_id("decoymylove", 2), "name": "My Love", "artists": ["Luna & The Tides"],
         "album": "Low Tide", "release_date": "2008-09-01", "duration_ms": 198000},
        # The same artist's own, older "My Love": right artist, right title, wrong recording.
        {"id": _fixture_id("decoykimjongkook", 1), "name": "My Love", **kim.credit,
         "album": "지난날의 노래", "album_en": "Songs of Yesterday", "album_type": "album",
         "release_date": "2012-11-15", "track_number": 3, "duration_ms": 251000,
         "isrc": "KRZZZ1200001"},
        {"id": _fixture_id("decoydacapo", 1), "name": "Da Capo",
         "artists": ["하모니아 체임버 오케스트라"], "artists_en": ["Harmonia Chamber Orchestra"],
         "album": "다 카포: 바로크 앙코르", "album_en": "Da Capo: Baroque Encores",
         "album_type": "album", "release_date": "2015-05-05", "duration_ms": 312000,
         "isrc": "DEZZZ1500001"},
        {"id": _fixture_id("decoymylove", 3), "name": "My Love", "artists": ["이슬비 밴드"],
         "artists_en": ["Drizzle Band"], "album": "비 오는 날", "album_en": "Rainy Day",
         "release_date": "2016-07-07", "duration_ms": 215000},
        {"id": _fixture_id("decoytalktome", 1), "name": "Talk To Me", "artists": ["Neon Harbor"],
         "album": "Harbor Lights", "release_date": "2020-03-03", "duration_ms": 187000,
         "isrc": "USZZZ2000001"},
        # Title words + artist name in the title: outranks the original on bare-word searches.
        {"id": _fixture_id("decoykaraoke", 1),
         "name": "Love Beyond Words (Originally Performed by KYUHYUN) [Karaoke Version]",
         "artists": ["Karaoke Hits Band"], "album": "Karaoke Hits: K-Drama OST Vol. 3",
         "album_type": "album", "release_date": "2022-03-10", "duration_ms": 236500},
        {"id": _fixture_id("decoypiano", 1), "name": f"{doyoung.title} (Piano Ver.)",
         "name_en": f"{doyoung.title_en} (Piano Ver.)", **doyoung.credit,
         "album": f"{doyoung.title} (Piano Ver.)", "album_en": f"{doyoung.title_en} (Piano Ver.)",
         "release_date": "2022-03-15", "duration_ms": 240000, "isrc": "KRZZZ2200201"},
        # An unrelated "My Love" of the same year: year:2022 does not rule it out.
        {"id": _fixture_id("decoymylove", 4), "name": "My Love", "artists": ["에코 하트"],
         "artists_en": ["Echo Heart"], "album": "Heartbeat", "release_date": "2022-03-18",
         "duration_ms": 205000, "isrc": "KRZZZ2200101"},
        # A cover of the Kim Jong Kook OST song, same title.
        {"id": _fixture_id("decoycover", 1), "name": "My Love", "artists": ["커버 레인"],
         "artists_en": ["Cover Lane"], "album": "OST 커버 모음", "album_en": "OST Covers Collection",
         "album_type": "album", "release_date": "2022-05-20", "duration_ms": 239000},
        {"id": _fixture_id("decoylive", 1), "name": f"{jaehwan.title} (Live)",
         "name_en": f"{jaehwan.title_en} (Live)", **jaehwan.credit, "album": "라이브 세션 2022",
         "album_en": "Live Session 2022", "album_type": "album", "release_date": "2022-08-01",
         "track_number": 4, "duration_ms": 231000},
        {"id": _fixture_id("decoyspedup", 1), "name": f"{davichi.title} - Sped Up",
         "name_en": f"{davichi.title_en} - Sped Up", **davichi.credit,
         "album": f"{davichi.title} (Sped Up)", "album_en": f"{davichi.title_en} (Sped Up)",
         "release_date": "2023-06-01", "duration_ms": 183000, "isrc": "KRZZZ2300001"},
    ]  # fmt: skip


def seed_soundtrack(fake: FakeSpotify) -> None:
    """A small, realistic catalogue: the seven Soundtrack #1 singles (each with an "(Inst.)"),
    the later compilation holding the same recordings under other ids (same ISRCs), and decoys:
    karaoke, a cover, unrelated and older same-artist "My Love"s, sped-up, piano and live
    versions, an unrelated orchestral "Da Capo". Tracks are added oldest release first, which
    is also the order of equally relevant search results (so the older "My Love" by Kim Jong
    Kook comes before the OST one). No Soundtrack #2 "Da Capo": whether Spotify has it, and
    under which name, is unknown; tests add one when they need it."""
    specs = sorted(_decoy_specs() + _ost_specs(), key=lambda spec: spec["release_date"])
    for spec in specs:
        spec = dict(spec)
        fake.add_track(spec.pop("id"), **spec)


# ---------------------------------------------------------------------------------------------
# pytest fixture (the project conftest imports it)


@pytest.fixture
def fake_spotify(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSpotify]:
    """A started (not seeded) FakeSpotify; the environment points ost and spotipy at it."""
    with FakeSpotify() as fake:
        monkeypatch.setenv("OST_SPOTIFY_API_URL", fake.api_url)
        monkeypatch.setenv("OST_SPOTIFY_ACCOUNTS_URL", fake.accounts_url)
        monkeypatch.setenv("SPOTIPY_CLIENT_ID", fake.client_id)
        monkeypatch.setenv("SPOTIPY_CLIENT_SECRET", fake.client_secret)
        yield fake
    # A bug in the fake answers 500, which retries could hide: fail loudly instead.
    assert not fake.errors, "the fake Spotify crashed:\n" + "\n".join(fake.errors)
