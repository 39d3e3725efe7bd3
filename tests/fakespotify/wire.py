"""Constants, pure helpers, records and the HTTP request/response shapes every part of the fake shares."""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from typing import Any
from urllib.parse import parse_qsl, urlsplit

JSON = Any
ID_LENGTH = 22
TOKEN_LIFETIME = 3600
SEARCH_MAX_LIMIT = 10
SEARCH_MAX_OFFSET = 1000
PAGE_MAX_LIMIT = 50
ARTIST_ALBUMS_MAX_LIMIT = 10  # /artists/{id}/albums for development-mode apps (2026)
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
