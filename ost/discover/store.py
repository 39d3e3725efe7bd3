"""What discovery keeps: albums seen on each service and their tracks, cached look-ups (which
albums a search or an artist's list gave, which album a recording sits on), and the verdicts.

This module alone writes ``spotify_albums``, ``spotify_album_tracks``, ``discovery_lookups``,
``album_verdicts`` and ``discovered_tracks``. Fetching goes through ``Fetcher`` (on the shared
``ost.fetch``, asking the service port's ``AlbumReader``): an answer younger than
``fetch.CACHE_TTL_S`` is read from the database, so a second discovery sends no request.

Each row names its service (migration ``m016``; ``spotify_albums`` keeps its first name and holds
every service's albums): a run on one service reads and writes only that service's albums,
verdicts and discovered songs. Spotify's look-up keys are as they always were; another
service's start with its name.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import sqlite_utils

from ost import fetch
from ost.catalogue.store import BUNDLED_SHOW
from ost.dates import now
from ost.discover.rules import AlbumVerdict
from ost.errors import NotFound
from ost.service import LINKS, ServiceName
from ost.service.albums import Album, AlbumTrack, ArtistRef
from ost.service.protocols import AlbumReader

SERVICE = ServiceName.SPOTIFY
"""The service a caller that names none means (the discovery tables' first)."""


def track_id(uri: str, service: ServiceName = SERVICE) -> str:
    """The track id (as album track lists name it) in a match's recording id."""
    return LINKS[service].track_id(uri) or uri


# --- rows <-> domain objects -------------------------------------------------------------------


def _artists_json(artists: Iterable[ArtistRef]) -> str:
    return json.dumps(
        [{"id": a.id, "name": a.name, "name_en": a.name_en} for a in artists], ensure_ascii=False
    )


def _artists_of(text: str | None) -> tuple[ArtistRef, ...]:
    return tuple(ArtistRef(a["id"], a["name"], a["name_en"]) for a in json.loads(text or "[]"))


def album_from_row(r: dict[str, Any]) -> Album:
    return Album(
        r["id"],
        r["name"],
        r["name_en"],
        r["album_type"] or "",
        r["release_date"],
        r["url"],
        _artists_of(r["artists"]),
        r["total_tracks"],
        ServiceName(r["service"]),
    )


def track_from_row(r: dict[str, Any]) -> AlbumTrack:
    """A track row joined to its album's ``service``."""
    return AlbumTrack(
        r["id"],
        r["album_id"],
        r["disc"] or 1,
        r["number"] or 0,
        r["name"],
        r["name_en"],
        _artists_of(r["artists"]),
        r["duration_ms"],
        r["isrc"],
        ServiceName(r["service"]),
    )


def albums(db: sqlite_utils.Database, album_ids: Sequence[str]) -> list[Album]:
    """The albums kept under these ids, in their order (once each; an unknown id is left out),
    read in one query."""
    ids = list(dict.fromkeys(album_ids))
    rows = db.query(
        "select * from spotify_albums where id in (select value from json_each(?))",
        [json.dumps(ids)],
    )
    by_id = {r["id"]: album_from_row(r) for r in rows}
    return [by_id[i] for i in ids if i in by_id]


def album_tracks(db: sqlite_utils.Database, album_id: str) -> list[AlbumTrack]:
    return tracks_by_album(db, [album_id]).get(album_id, [])


def tracks_by_album(
    db: sqlite_utils.Database, album_ids: Sequence[str]
) -> dict[str, list[AlbumTrack]]:
    """The kept tracks of these albums, each album's in disc and track order (one query)."""
    found: dict[str, list[AlbumTrack]] = {}
    for r in db.query(
        """select t.*, a.service from spotify_album_tracks t
           join spotify_albums a on a.id = t.album_id
           where t.album_id in (select value from json_each(?))
           order by t.album_id, t.disc, t.number, t.id""",
        [json.dumps(list(album_ids))],
    ):
        found.setdefault(r["album_id"], []).append(track_from_row(r))
    return found


def save_albums(
    db: sqlite_utils.Database,
    albums: Sequence[Album],
    language: str,
    service: ServiceName = SERVICE,
) -> None:
    """Upsert albums as one language's answer names them, keeping the other language's name."""
    marks = ",".join("?" * len(albums))
    known = {
        r["id"]: r
        for r in db.query(
            f"select id, name, name_en from spotify_albums where id in ({marks})",
            [a.id for a in albums],
        )
    }
    rows = []
    for a in albums:
        old = known.get(a.id)
        name = a.name if language == "ko" or not old else old["name"]
        name_en = a.name if language == "en" or not old else old["name_en"]
        rows.append(
            {
                "id": a.id,
                "name": name,
                "name_en": name_en,
                "album_type": a.album_type,
                "release_date": a.release_date,
                "url": a.url,
                "artists": _artists_json(a.artists),
                "total_tracks": a.total_tracks,
                "service": ServiceName(service).value,
            }
        )
    if rows:
        db.table("spotify_albums").upsert_all(rows, pk="id", alter=False)


def save_tracks(db: sqlite_utils.Database, album_id: str, tracks: Sequence[AlbumTrack]) -> None:
    db.execute("delete from spotify_album_tracks where album_id = ?", [album_id])
    db.table("spotify_album_tracks").insert_all(
        [
            {
                "album_id": album_id,
                "id": t.id,
                "disc": t.disc,
                "number": t.number,
                "name": t.name,
                "name_en": t.name_en,
                "artists": _artists_json(t.artists),
                "duration_ms": t.duration_ms,
                "isrc": t.isrc,
            }
            for t in tracks
        ],
        pk=("album_id", "id"),
        replace=True,
    )
    db.table("spotify_albums").update(album_id, {"tracks_fetched_at": time.time()})


# --- fetching through the cache ----------------------------------------------------------------


class Fetcher:
    """Albums, album tracks and look-ups from the database when fresh, else from the service
    (the answer is saved at once, so a run stopped by a rate limit keeps what it fetched)."""

    def __init__(self, db: sqlite_utils.Database, service: AlbumReader, refresh: bool = False):
        self.db, self.service = db, ServiceName(service.name)
        self.cache = fetch.Fetcher(
            db, service, table="discovery_lookups", column="value", refresh=refresh
        )

    def key(self, *parts: str) -> str:
        """A look-up's key: Spotify's as before the second service, another's with its name."""
        named = parts if self.service == SERVICE else (self.service.value, *parts)
        return json.dumps(list(named), ensure_ascii=False)

    @property
    def stats(self) -> fetch.Stats:
        return self.cache.stats

    def _albums_by_key(
        self, key: str, language: str, ask: Callable[[AlbumReader], list[Album]]
    ) -> list[Album]:
        ids = self.cache.cached(key, _ids)
        if ids is None:
            found = self.cache.fetch(ask)
            with self.db.atomic():
                save_albums(self.db, found, language, self.service)
                self.cache.store(key, [a.id for a in found])
            ids = [a.id for a in found]
        return albums(self.db, ids)

    def search(self, query: str, language: str) -> list[Album]:
        # Spotify answers in the language asked; YouTube Music's adapter searches albums in one
        # language whatever is asked, so its answer is the query's alone.
        asked = (language,) if self.service == SERVICE else ()
        key = self.key("album-search", query, *asked)
        return self._albums_by_key(
            key, language, lambda service: service.search_albums(query, language=language)
        )

    def artist_albums(self, artist_id: str) -> list[Album]:
        key = self.key("artist-albums", artist_id)
        return self._albums_by_key(key, "ko", lambda service: _artist_albums(service, artist_id))

    def album_of_track(self, track_id: str) -> Album | None:
        key = self.key("track-album", track_id)
        found = self._albums_by_key(key, "ko", lambda service: _album_of(service, track_id))
        return found[0] if found else None

    def albums_holding(self, track_id: str) -> list[Album]:
        """Albums already read that hold the recording (no request)."""
        return [
            album_from_row(r)
            for r in self.db.query(
                """select a.* from spotify_album_tracks t
                   join spotify_albums a on a.id = t.album_id
                   where t.id = ? and a.service = ?""",
                [track_id, self.service.value],
            )
        ]

    def tracks(self, album_id: str) -> list[AlbumTrack]:
        row = self.db.execute(
            "select tracks_fetched_at from spotify_albums where id = ?", [album_id]
        ).fetchone()
        if row and self.cache.fresh(row[0]):
            return album_tracks(self.db, album_id)
        found = self.cache.fetch(lambda service: service.album_tracks(album_id))
        with self.db.atomic():
            save_tracks(self.db, album_id, found)
        return album_tracks(self.db, album_id)


def _album_of(service: AlbumReader, track_id: str) -> list[Album]:
    """The album a recording sits on; none for one on no album (a video), which a service
    says with ``NotFound``."""
    try:
        return [service.album_of(track_id)]
    except NotFound:
        return []


def _artist_albums(service: AlbumReader, artist_id: str) -> list[Album]:
    """An artist's releases; none for a channel with no artist page (a user's or a label's,
    credited on a track), which a service says with ``NotFound``: one such channel does not
    stop the discovery, and its empty list is kept like any answer."""
    try:
        return service.artist_albums(artist_id)
    except NotFound:
        return []


def _ids(value: Any) -> list[str] | None:
    return value if isinstance(value, list) and all(isinstance(i, str) for i in value) else None


# --- verdicts and discovered tracks --------------------------------------------------------------


def save_verdicts(
    db: sqlite_utils.Database,
    verdicts: Iterable[AlbumVerdict],
    show: str = BUNDLED_SHOW,
    service: ServiceName = SERVICE,
) -> None:
    """The show's verdicts on a service, inside the caller's transaction."""
    rows = [
        {
            "show": show,
            "service": ServiceName(service).value,
            "season": v.season,
            "album_id": v.album.id,
            "accepted": int(v.accepted),
            "reason": v.reason,
            "evidence": json.dumps(
                [{"kind": e.kind, "ok": e.ok, "detail": e.detail} for e in v.evidence],
                ensure_ascii=False,
            ),
            "decided_at": now(),
        }
        for v in verdicts
        if v.season is not None
    ]
    if rows:
        db.table("album_verdicts").upsert_all(rows, pk=("show", "season", "album_id"))


def accepted_albums(
    db: sqlite_utils.Database,
    season: int,
    show: str = BUNDLED_SHOW,
    service: ServiceName = SERVICE,
) -> list[Album]:
    return [
        album_from_row(r)
        for r in db.query(
            """select a.* from album_verdicts v join spotify_albums a on a.id = v.album_id
               where v.show = ? and v.season = ? and v.accepted = 1 and a.service = ?
               order by a.release_date, a.id""",
            [show, season, ServiceName(service).value],
        )
    ]


def accepted_album_of(
    db: sqlite_utils.Database,
    season: int,
    spotify_id: str | None,
    isrc: str | None,
    show: str = BUNDLED_SHOW,
    service: ServiceName = SERVICE,
) -> Album | None:
    """The earliest album accepted for the season that holds this recording (by id or ISRC)."""
    if not spotify_id and not isrc:
        return None
    rows = db.query(
        """select a.* from album_verdicts v
           join spotify_albums a on a.id = v.album_id
           join spotify_album_tracks t on t.album_id = a.id
           where v.show = ? and v.season = ? and v.accepted = 1 and a.service = ?
             and (t.id = ? or (t.isrc is not null and t.isrc = ?))
           order by a.release_date, a.id limit 1""",
        [show, season, ServiceName(service).value, spotify_id or "", isrc or ""],
    )
    return next((album_from_row(r) for r in rows), None)


def accepted_tracks(
    db: sqlite_utils.Database, season: int, show: str = BUNDLED_SHOW, service: ServiceName = SERVICE
) -> list[tuple[Album, AlbumTrack]]:
    """Every track of the albums accepted for the season (the matcher's first candidates)."""
    albums = accepted_albums(db, season, show, service)
    tracks = tracks_by_album(db, [a.id for a in albums])
    return [(a, t) for a in albums for t in tracks.get(a.id, [])]


def discovered_ids(db: sqlite_utils.Database, service: ServiceName = SERVICE) -> set[str]:
    """The recordings songs were added for on a service (the column keeps its first name)."""
    rows = db.execute(
        "select spotify_id from discovered_tracks where service = ?", [ServiceName(service).value]
    )
    return {r[0] for r in rows}


def remember_discovered(
    db: sqlite_utils.Database,
    track_id: str,
    season: int,
    track: AlbumTrack,
    show: str = BUNDLED_SHOW,
) -> None:
    """Which recording a `discovered` track was added for (so it is never added twice), on the
    track's service."""
    db.table("discovered_tracks").insert(
        {
            "show": show,
            "service": ServiceName(track.service).value,
            "track_id": track_id,
            "season": season,
            "spotify_id": track.id,
            "isrc": track.isrc,
            "album_id": track.album_id,
            "added_at": now(),
        },
        pk="track_id",
    )


def forget_show(db: sqlite_utils.Database, show: str) -> None:
    """A show leaves the catalogue: its verdicts and its record of discovered songs go (the
    albums and look-ups stay cached: they are the service's, not the show's). Inside the
    caller's transaction."""
    for table in ("album_verdicts", "discovered_tracks"):
        db.execute(f"delete from {table} where show = ?", [show])
