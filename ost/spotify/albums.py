"""Albums on Spotify, as the service port's albums and tracks (``ost.service``).

Album search (``type=album``), an album's tracks (paged, in Korean and in English), an artist's
albums (at most 10 a request for development-mode apps) and the album a track sits on. Nothing
outside ``ost/spotify/`` reads these answers' JSON keys.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ost.errors import ServiceError
from ost.service.albums import Album, AlbumTrack, ArtistRef
from ost.spotify.api import ITEMS_LIMIT, SEARCH_LIMIT, Api

ARTIST_ALBUMS_LIMIT = 10  # the most a development-mode app may ask for (2026)
ARTIST_GROUPS = "album,single,compilation,appears_on"
LANGUAGES = ("ko", "en")


def _rows(api: Api, what: str, first: Callable[[Any], Any], **paging: Any) -> list[dict[str, Any]]:
    return [row for row in api.pages(what, first, **paging) if isinstance(row, dict)]


def _artists(by_lang: dict[str, list[dict[str, Any]]]) -> tuple[ArtistRef, ...]:
    ko = by_lang.get("ko") or by_lang.get("en") or []
    en = {a.get("id"): a.get("name") for a in by_lang.get("en") or []}
    return tuple(
        ArtistRef(
            str(a.get("id") or ""),
            str(a.get("name") or ""),
            str(en.get(a.get("id")) or a.get("name") or ""),
        )
        for a in ko
        if isinstance(a, dict)
    )


def to_album(obj: dict[str, Any], language: str) -> Album:
    """An album object (as search, an artist's list or a track gives it) in one language."""
    name = str(obj.get("name") or "")
    artists = _artists({language: [a for a in obj.get("artists") or [] if isinstance(a, dict)]})
    return Album(
        id=str(obj["id"]),
        name=name,
        name_en=name,
        album_type=str(obj.get("album_type") or "").lower(),
        release_date=obj.get("release_date") or None,
        url=str(
            (obj.get("external_urls") or {}).get("spotify")
            or f"https://open.spotify.com/album/{obj['id']}"
        ),
        artists=artists,
        total_tracks=obj.get("total_tracks"),
    )


def search_albums(api: Api, query: str, *, language: str, max_pages: int = 2) -> list[Album]:
    """Albums a search finds (10 a page, at most ``max_pages`` pages)."""
    rows = _rows(
        api,
        f"an album search ({language})",
        lambda sp: sp.search(query, limit=SEARCH_LIMIT, type="album"),
        language=language,
        wrapper="albums",
        max_pages=max_pages,
    )
    return [to_album(row, language) for row in rows if row.get("id")]


def artist_albums(api: Api, artist_id: str, *, max_pages: int = 3) -> list[Album]:
    """An artist's releases, newest first, 10 a request."""
    rows = _rows(
        api,
        "listing an artist's albums",
        lambda sp: sp.artist_albums(
            artist_id, include_groups=ARTIST_GROUPS, limit=ARTIST_ALBUMS_LIMIT
        ),
        language="ko",
        max_pages=max_pages,
    )
    return [to_album(row, "ko") for row in rows if row.get("id")]


def album_tracks(api: Api, album_id: str, *, max_pages: int = 40) -> list[AlbumTrack]:
    """An album's tracks with their Korean and English names (two paged listings, 50 a page)."""
    by_lang: dict[str, list[dict[str, Any]]] = {}
    for language in LANGUAGES:
        by_lang[language] = _rows(
            api,
            f"reading an album's tracks ({language})",
            lambda sp: sp.album_tracks(album_id, limit=ITEMS_LIMIT),
            language=language,
            max_pages=max_pages,
        )
    english = {row.get("id"): row for row in by_lang["en"]}
    return [
        _album_track(album_id, row, english.get(row.get("id")) or row)
        for row in by_lang["ko"]
        if row.get("id")
    ]


def _album_track(album_id: str, ko: dict[str, Any], en: dict[str, Any]) -> AlbumTrack:
    return AlbumTrack(
        id=str(ko["id"]),
        album_id=album_id,
        disc=int(ko.get("disc_number") or 1),
        number=int(ko.get("track_number") or 0),
        name=str(ko.get("name") or ""),
        name_en=str(en.get("name") or ko.get("name") or ""),
        artists=_artists({"ko": ko.get("artists") or [], "en": en.get("artists") or []}),
        duration_ms=ko.get("duration_ms"),
        isrc=(ko.get("external_ids") or {}).get("isrc"),
    )


def album_of_track(api: Api, track_id: str) -> Album:
    """The album a recording sits on (``GET /tracks/{id}``, one request)."""
    obj = api.track(track_id, language="ko")
    album = obj.get("album")
    if not isinstance(album, dict) or not album.get("id"):
        raise ServiceError("Spotify sent a track without its album")
    return to_album(album, "ko")
