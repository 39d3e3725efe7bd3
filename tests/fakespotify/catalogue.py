"""The fake's catalogue: the search query language (pure, testable without HTTP), tracks, albums, search."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .wire import (
    _ALBUM_TYPES,
    _DATE_PRECISION,
    _DATE_RE,
    _ID_RE,
    _YEAR_RE,
    PAGE_MAX_LIMIT,
    SEARCH_MAX_LIMIT,
    SEARCH_MAX_OFFSET,
    _Album,
    _ApiError,
    _Artist,
    _Grant,
    _Request,
    _Response,
    _Track,
    _window,
    derived_id,
    fold,
)

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


class CatalogueMixin:
    """Tracks and albums: adding them, rendering them, ``/v1/search``, ``/v1/tracks``, ``/v1/albums``."""

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
            found: list[Any] = []  # only tracks and albums are stocked
            render: Any = None
            if kind == "track":
                found, render = self._matching_tracks(q), lambda t: self._track_object(t, language)
            elif kind == "album":
                found = self._matching_albums(q)  # type: ignore[attr-defined]
                render = lambda a: self._album_object(a, language == "ko")  # noqa: E731
            body[kind + "s"] = self._paging(
                "/v1/search",
                found,
                render or (lambda x: x),
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
