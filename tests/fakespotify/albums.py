"""The fake's albums: album search (``type=album``) and ``/v1/artists/{id}/albums``.

An album is found by its names (both locales) and by the names of the artists on its tracks;
``year:`` filters on its release year; results are ranked by ``album_rank``. A search's every
page comes wrapped by its type (``{"albums": {...}}``), the next pages as the first. An artist's album list holds every album one of whose
tracks credits the artist, newest first; ``limit`` is at most 10, as development-mode apps are
held to since 2026 (spotipy's default of 20 is refused with ``400 Invalid limit``).
"""

from __future__ import annotations

from typing import Any

from .catalogue import SearchTerm, _Searchable, parse_query, term_matches
from .wire import (
    ARTIST_ALBUMS_MAX_LIMIT,
    _Album,
    _ApiError,
    _Grant,
    _Request,
    _Response,
    _window,
    fold,
)

ALBUM_GROUPS = ("album", "single", "compilation", "appears_on")


class AlbumsMixin:
    """Album search results and artists' album lists (the catalogue's albums, read only)."""

    def _album_searchable(self, album: _Album) -> _Searchable:
        tracks = self._album_tracks_of(album.id)  # type: ignore[attr-defined]
        names = (fold(album.name), fold(album.name_en))
        artists = tuple(fold(n) for t in tracks for a in t.artists for n in (a.name, a.name_en))
        return _Searchable(names, artists, names, int(album.release_date[:4]), None)

    def _matching_albums(self, q: str) -> list[_Album]:
        """Albums the query finds, best first (see ``album_rank``)."""
        terms = parse_query(q)
        with self._lock:  # type: ignore[attr-defined]
            albums = list(self._albums.values())  # type: ignore[attr-defined]
            found = [
                album
                for album in albums
                if terms
                and self._album_tracks_of(album.id)  # type: ignore[attr-defined]
                and all(term_matches(t, self._album_searchable(album)) for t in terms)
            ]
        return sorted(found, key=lambda album: album_rank(terms, album))

    def _artist_albums(self, request: _Request, grant: _Grant, artist_id: str) -> _Response:
        limit, offset = _window(
            request.query, default=5, maximum=ARTIST_ALBUMS_MAX_LIMIT, max_offset=10**6
        )
        groups = request.query.get("include_groups")
        if groups and not set(groups.split(",")) <= set(ALBUM_GROUPS):
            raise _ApiError(400, "Invalid include_groups")
        with self._lock:  # type: ignore[attr-defined]
            albums = [
                album
                for album in self._albums.values()  # type: ignore[attr-defined]
                if any(
                    a.id == artist_id
                    for t in self._album_tracks_of(album.id)  # type: ignore[attr-defined]
                    for a in t.artists
                )
            ]
        if not albums and not self._known_artist(artist_id):
            raise _ApiError(404, "Resource not found")
        albums.sort(key=lambda a: (a.release_date, a.id), reverse=True)
        language = request.language
        params = {"include_groups": groups} if groups else {}
        page: dict[str, Any] = self._paging(  # type: ignore[attr-defined]
            f"/v1/artists/{artist_id}/albums",
            albums,
            lambda a: self._album_object(a, language == "ko"),  # type: ignore[attr-defined]
            limit=limit,
            offset=offset,
            params=params,
        )
        return _Response.of_json(200, page)

    def _known_artist(self, artist_id: str) -> bool:
        tracks = self._tracks.values()  # type: ignore[attr-defined]
        return any(a.id == artist_id for t in tracks for a in t.artists)


def album_rank(terms: list[SearchTerm], album: _Album) -> tuple[int, int, int, str]:
    """A crude, deterministic stand-in for Spotify's album ranking: more of the query's words in
    the album's name first, then the name where they start earliest, then the shorter name (the
    query covers more of it), then the id. So a crowd of other productions' soundtracks
    ("Soundtrack #10") can outrank the show's own releases and push them onto page two."""
    names = (fold(album.name), fold(album.name_en))
    words = [t.value for t in terms if t.field in (None, "album")]
    hits = [w for w in words if any(w in n for n in names)]
    starts = [n.find(hits[0]) for n in names if hits and hits[0] in n]
    lengths = [len(n) for n in names if not hits or hits[0] in n]
    return (-len(hits), min(starts, default=0), min(lengths), album.id)
