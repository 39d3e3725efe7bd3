"""The database's schema, as its history: numbered migrations, applied when the database opens.

A shipped migration is never edited (m001 to m015 have shipped): a change of schema is a new
function at the end. They are applied in the order written here, by name: a database made before
shows, with m013 and m015 applied, gets m014 after them (they touch different tables). A
migration knows nothing of the catalogue: where the rows already there need their lookups
rebuilt, it marks them (``meta.mark_reindex``) and opening the catalogue rebuilds them.
"""

from __future__ import annotations

import sqlite_utils

from ost import meta

migrations = sqlite_utils.Migrations("ost")


@migrations()
def m001_catalogue(db: sqlite_utils.Database) -> None:
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("seasons").create(
        {
            "number": int,
            "title": str,
            "title_en": str,
            "data": str,  # JSON: every other season fact, each with its status and sources
        },
        pk="number",
    )
    db.table("artists").create(
        {
            "id": str,
            "name": str,
            "name_en": str,
            "aliases": str,  # JSON list
            "note": str,
            "origin": str,  # an Origin (ost/catalogue/store.py)
        },
        pk="id",
    )
    db.table("tracks").create(
        {
            "id": str,
            "season": int,
            "ord": int,
            "title": str,
            "title_en": str,
            "aliases": str,  # JSON list of other renderings seen
            "release_date": str,
            "episodes": str,  # JSON list of ints
            "credits": str,  # JSON list of {role, name, note}
            "uncertain": str,  # JSON object: field -> what is uncertain about it
            "status": str,  # a TrackStatus (ost/catalogue/store.py)
            "note": str,
            "sources": str,  # JSON list of URLs
            "origin": str,  # an Origin (ost/catalogue/store.py)
            "user_fields": str,  # JSON list: fields a user import set; a refresh keeps them
        },
        pk="id",
        not_null={"season", "title", "status", "origin"},
    )
    db.table("track_artists").create(
        {"track_id": str, "artist_id": str, "position": int},
        pk=("track_id", "artist_id"),
        foreign_keys=[("track_id", "tracks", "id"), ("artist_id", "artists", "id")],
    )
    db.table("tracks").create_index(["season", "ord"])


@migrations()
def m002_matching(db: sqlite_utils.Database) -> None:
    db.table("matches").create(
        {
            "track_id": str,
            "status": str,  # auto | review | none | accepted | rejected | pinned
            "uri": str,
            "score": float,
            "reason": str,
            "name_ko": str,
            "name_en": str,
            "artists_ko": str,  # JSON list
            "artists_en": str,  # JSON list
            "album": str,
            "album_type": str,
            "release_date": str,
            "duration_ms": int,
            "isrc": str,
            "candidates": str,  # JSON list of the ranked candidates (for `ost review`)
            "updated_at": str,
        },
        pk="track_id",
        foreign_keys=[("track_id", "tracks", "id")],
    )
    db.table("rejections").create(
        {"track_id": str, "uri": str, "rejected_at": str}, pk=("track_id", "uri")
    )
    db.table("search_cache").create({"key": str, "response": str, "fetched_at": float}, pk="key")


@migrations()
def m003_playlists_library(db: sqlite_utils.Database) -> None:
    db.table("remote_playlists").create(
        {
            "name": str,  # the definition's name
            "spotify_id": str,
            "snapshot_id": str,
            "title": str,  # the name it was created under
            "public": int,
            "created_at": str,
            "synced_at": str,
        },
        pk="name",
    )
    db.table("library_files").create(
        {
            "path": str,
            "mtime": float,
            "size": int,
            "root": str,  # the scanned folder it was found under
            "title": str,
            "artists": str,  # JSON list
            "album": str,
            "duration_ms": int,
            "format": str,
            "lossless": int,
            "bitrate": int,
            "tag_score": int,
            "track_id": str,
            "score": float,
            "reason": str,
        },
        pk="path",
    )
    db.table("library_files").create_index(["track_id"])


@migrations()
def m004_rejected_isrc(db: sqlite_utils.Database) -> None:
    """A rejection covers the recording, not one release of it: remember its ISRC."""
    db.table("rejections").add_column("isrc", str)


@migrations()
def m005_playlist_contents(db: sqlite_utils.Database) -> None:
    """What a synced playlist held at its remembered snapshot (JSON list of URIs), so that an
    unchanged snapshot needs no read of the items."""
    db.table("remote_playlists").add_column("uris", str)


@migrations()
def m006_match_evidence(db: sqlite_utils.Database) -> None:
    """The scorer's parts behind a match (JSON list of {name, value, weight, ...})."""
    db.table("matches").add_column("evidence", str)


@migrations()
def m007_match_album_en(db: sqlite_utils.Database) -> None:
    """The matched release's album as Spotify names it in English (exports with --names en)."""
    db.table("matches").add_column("album_en", str)


@migrations()
def m008_lookups_and_file_states(db: sqlite_utils.Database) -> None:
    """Lookup tables the catalogue's queries search by index (folded title renderings, folded
    artist names and aliases, episodes), kept in step by the catalogue's one writer; and the
    library's file states as a column of their own, no longer the prefix of the reason."""
    db.table("title_keys").create({"key": str, "track_id": str}, pk=("key", "track_id"))
    db.table("title_keys").create_index(["track_id"])
    db.table("artist_keys").create({"key": str, "artist_id": str}, pk=("key", "artist_id"))
    db.table("artist_keys").create_index(["artist_id"])
    db.table("track_episodes").create({"episode": int, "track_id": str}, pk=("episode", "track_id"))
    db.table("track_episodes").create_index(["track_id"])
    db.table("track_artists").create_index(["artist_id"])
    db.table("library_files").add_column("state", str)
    db.execute(
        """update library_files set
             state = substr(reason, 1, instr(reason, ':') - 1),
             reason = ltrim(substr(reason, instr(reason, ':') + 1))
           where substr(reason, 1, instr(reason, ':') - 1) in ('auto', 'review', 'none')"""
    )
    db.execute("update library_files set state = 'none' where state is null")
    db.table("library_roots").create({"path": str, "scanned_at": str}, pk="path")
    meta.mark_reindex(db, None)  # the rows already there: indexed when the catalogue opens


@migrations()
def m009_id_keys_and_title_words(db: sqlite_utils.Database) -> None:
    """Two more lookups for the track resolver (``ost.resolve``), kept in step by the
    catalogue's one writer: each track's id key (case and zero padding aside) and each word of
    each title rendering (with the rendering's folded key, so that words are matched within one
    rendering), so that naming a track reads by index, never every title."""
    db.table("id_keys").create({"key": str, "track_id": str}, pk=("key", "track_id"))
    db.table("id_keys").create_index(["track_id"])
    db.table("title_words").create(
        {"word": str, "key": str, "track_id": str}, pk=("word", "key", "track_id")
    )
    db.table("title_words").create_index(["track_id"])
    meta.mark_reindex(db, None)


@migrations()
def m010_discovery(db: sqlite_utils.Database) -> None:
    """Discovery: albums seen on Spotify, their tracks, cached look-ups, and the verdicts."""
    db.table("spotify_albums").create(
        {
            "id": str,
            "name": str,  # as the Korean answer gives it
            "name_en": str,
            "album_type": str,
            "release_date": str,
            "url": str,
            "artists": str,  # JSON list of {id, name, name_en}
            "total_tracks": int,
            "tracks_fetched_at": float,  # null until its tracks were read
        },
        pk="id",
    )
    db.table("spotify_album_tracks").create(
        {
            "album_id": str,
            "id": str,
            "disc": int,
            "number": int,
            "name": str,
            "name_en": str,
            "artists": str,  # JSON list of {id, name, name_en}
            "duration_ms": int,
            "isrc": str,
        },
        pk=("album_id", "id"),
    )
    db.table("spotify_album_tracks").create_index(["id"])
    db.table("discovery_lookups").create({"key": str, "value": str, "fetched_at": float}, pk="key")
    db.table("album_verdicts").create(
        {
            "season": int,
            "album_id": str,
            "accepted": int,
            "reason": str,
            "evidence": str,  # JSON list of {kind, ok, detail}
            "decided_at": str,
        },
        pk=("season", "album_id"),
    )
    db.table("discovered_tracks").create(
        {
            "track_id": str,
            "season": int,
            "spotify_id": str,
            "isrc": str,
            "album_id": str,
            "added_at": str,
        },
        pk="track_id",
    )
    db.table("discovered_tracks").create_index(["spotify_id"], unique=True)


@migrations()
def m011_visible_title_keys(db: sqlite_utils.Database) -> None:
    """Folding now drops a terminal escape sequence whole (``\\x1b[31mEvil`` folds as ``evil``),
    so the lookups of the tracks whose titles or artists hold one are made again. The check is
    one pass in SQL; a catalogue without such titles rebuilds nothing."""
    esc = "(instr({0}, char(27)) > 0 or instr({0}, char(155)) > 0 or instr({0}, '\\u001b') > 0)"
    where = " or ".join(esc.format(c) for c in ("title", "coalesce(title_en, '')", "aliases"))
    credited = " or ".join(esc.format(c) for c in ("name", "coalesce(name_en, '')", "aliases"))
    ids = [r[0] for r in db.execute(f"select id from tracks where {where}")]
    ids += [
        r[0]
        for r in db.execute(
            "select ta.track_id from track_artists ta join artists a on a.id = ta.artist_id "
            f"where {credited}"
        )
    ]
    meta.mark_reindex(db, ids)


@migrations()
def m012_library_files_gone(db: sqlite_utils.Database) -> None:
    """A file a scan no longer finds may be on a drive that is not mounted: the row of a file
    you decided on (and of every file of a folder that is missing or suddenly empty) is kept,
    marked gone since that scan, instead of being deleted with your decision."""
    db.table("library_files").add_column("gone_since", str)


@migrations()
def m013_decisions_per_service(db: sqlite_utils.Database) -> None:
    """A track has a match, and rejections, on each streaming service: ``matches`` is keyed by
    (track, service) and ``rejections`` by (track, service, recording). The rows already there
    are Spotify's. (``search_cache`` needs nothing: another service's keys carry its name.)"""
    for table in ("matches", "rejections"):
        db.table(table).add_column("service", str, not_null_default="spotify")
    db.table("matches").transform(pk=("track_id", "service"))
    db.table("rejections").transform(pk=("track_id", "service", "uri"))


BUNDLED_SHOW = "soundtrack"
"""The key of the show the bundled data files describe (``ost.catalogue.shows.BUNDLED``); the
rows already there belong to it."""


@migrations()
def m014_shows(db: sqlite_utils.Database) -> None:
    """Any show, not only the bundled one: a show file's text per user show (``shows``), the
    show of every track, season, verdict and discovered song, and a track's kind (a song, or a
    piece of the music director's score). The rows already there are the bundled show's songs."""
    db.table("shows").create(
        {
            "key": str,
            "title": str,
            "title_en": str,
            "text": str,  # the show file as last read without a mistake (ost.showfile)
            "file": str,  # where it was read from ($OST_HOME/shows/KEY.toml)
            "signature": str,  # the file's size and time when read: a change is read again
            "problem": str,  # why the file as it is now cannot be read (the text is kept)
            "added_at": str,
        },
        pk="key",
    )
    db.table("tracks").add_column("show", str, not_null_default=BUNDLED_SHOW)
    db.table("tracks").add_column("kind", str, not_null_default="song")
    db.table("tracks").create_index(["show", "season", "ord"])
    for table in ("seasons", "album_verdicts", "discovered_tracks"):
        db.table(table).add_column("show", str, not_null_default=BUNDLED_SHOW)
    db.table("seasons").transform(pk=("show", "number"))
    db.table("album_verdicts").transform(pk=("show", "season", "album_id"))


@migrations()
def m015_playlists_per_service(db: sqlite_utils.Database) -> None:
    """A playlist is remembered per service and definition (the rows there are Spotify's); its
    id's column names no service; ``stand_ins`` keeps what a service put in place of the
    recordings asked for (YouTube Music without Premium may add a song's music video), so
    that the next sync does not take the stand-in away and add the song again."""
    table = db.table("remote_playlists")
    table.add_column("service", str)
    table.add_column("stand_ins", str)
    db.execute("update remote_playlists set service = 'spotify'")
    table.transform(
        pk=("service", "name"),
        rename={"spotify_id": "playlist_id"},
        not_null={"service"},
    )


@migrations()
def m016_discovery_per_service(db: sqlite_utils.Database) -> None:
    """Discovery on each streaming service: the albums seen (``spotify_albums``, named for the
    first service; their tracks follow them by album id), the verdicts and the discovered songs
    carry the service they were found on (the rows already there are Spotify's). Ids stay the
    keys: each service's ids are its own strings and never take another's form (Spotify's 22
    base-62 characters; YouTube Music's ``MPREb_`` albums and 11-character videos)."""
    for table in ("spotify_albums", "album_verdicts", "discovered_tracks"):
        db.table(table).add_column("service", str, not_null_default="spotify")
    db.table("spotify_albums").create_index(["service"])


def known_migrations() -> set[str]:
    return {m.name for m in migrations._migrations}
