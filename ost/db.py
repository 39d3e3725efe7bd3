"""Opening the database: one file under ``$OST_HOME``, schema by numbered migrations.

Migrations are applied whenever the database opens. A shipped migration is never edited: a change
of schema is a new function at the end of the list.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from ost import diskfull, paths
from ost.errors import OstError

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
            "origin": str,  # bundled | user
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
            "status": str,  # confirmed | unverified
            "note": str,
            "sources": str,  # JSON list of URLs
            "origin": str,  # bundled | user
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
    artist names and aliases, episodes), kept in step by ``catalogue.reindex``; and the library's
    file states as a column of their own, no longer the prefix of the reason."""
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
    from ost.catalogue import reindex  # fills the lookups from the rows already there

    reindex(db, None)


@migrations()
def m009_id_keys_and_title_words(db: sqlite_utils.Database) -> None:
    """Two more lookups for the track resolver (``ost.resolve``), kept in step by
    ``catalogue.reindex``: each track's id key (case and zero padding aside) and each word of
    each title rendering (with the rendering's folded key, so that words are matched within one
    rendering), so that naming a track reads by index, never every title."""
    db.table("id_keys").create({"key": str, "track_id": str}, pk=("key", "track_id"))
    db.table("id_keys").create_index(["track_id"])
    db.table("title_words").create(
        {"word": str, "key": str, "track_id": str}, pk=("word", "key", "track_id")
    )
    db.table("title_words").create_index(["track_id"])
    from ost.catalogue import reindex

    reindex(db, None)


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
    if ids:
        from ost.catalogue import reindex

        reindex(db, ids)


@migrations()
def m012_library_files_gone(db: sqlite_utils.Database) -> None:
    """A file a scan no longer finds may be on a drive that is not mounted: the row of a file
    you decided on (and of every file of a folder that is missing or suddenly empty) is kept,
    marked gone since that scan, instead of being deleted with your decision."""
    db.table("library_files").add_column("gone_since", str)


SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_SECONDS = 10.0  # how long a statement waits for another process's write to finish


def open_db(path: Path | None = None) -> sqlite_utils.Database:
    """Open (creating if needed) the database and bring its schema up to date.

    The connection is made here and handed to sqlite-utils with its plugins off: plugin
    discovery reads every installed package's entry points, which costs more than the rest of
    start-up. A file that is not ost's, or was written by a newer ost, is refused before
    anything is written to it. The journal is a write-ahead log, so that a reader never waits
    for (or sees part of) a long write such as a large import.
    """
    path = path or paths.db_path()
    _check_header(path)
    try:
        db = sqlite_utils.Database(_connect(path), execute_plugins=False)
        if _up_to_date(db):
            _check_schema(db, path)  # a newer ost's migrations are refused all the same
        else:
            with setting_up(path):  # another ost starting now may be creating it: one at a time
                _check_schema(db, path)
                if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    db.execute("PRAGMA journal_mode = WAL")
                migrations.apply(db)
        db.execute("PRAGMA foreign_keys = ON")
    except sqlite3.DatabaseError as e:
        raise OstError(explain(e, path)) from None
    return db


def _up_to_date(db: sqlite_utils.Database) -> bool:
    """Whether the database needs nothing done: write-ahead log on, every migration applied.
    Read-only, so that the usual open takes no lock and works on a read-only file."""
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        return False
    if not db.execute(
        "select 1 from sqlite_master where type = 'table' and name = ?",
        [migrations.migrations_table],
    ).fetchone():
        return False
    applied = {
        r[0]
        for r in db.execute(
            f"select name from [{migrations.migrations_table}] where migration_set = ?",
            [migrations.name],
        )
    }
    return known_migrations() <= applied


SETUP_WAIT = 120.0  # how long an ost waits for another one that is creating or migrating the db


@contextlib.contextmanager
def setting_up(path: Path, wait: float = SETUP_WAIT) -> Iterator[None]:
    """Hold the set-up lock (an ``flock`` on a file beside the database) while the block creates,
    migrates or refreshes the database, so that two ost processes starting together on a new
    ``OST_HOME`` do it one after the other: the second then finds it done. Not reentrant. A
    folder where the lock file cannot be made (read-only) goes on without it: nothing can be
    written there anyway, and the write says so."""
    lock_path = path.with_name(path.name + ".setup-lock")
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        yield
        return
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise OstError(
                        f"{path}: another ost has been setting up the database for {wait:g} s; "
                        "try again when it has ended"
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing releases the flock


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=BUSY_SECONDS)


def _check_header(path: Path) -> None:
    from ost.reading import not_regular

    try:
        kind = not_regular(path.stat().st_mode)
        if kind:  # opening a FIFO would wait for a writer for ever
            raise OstError(
                f"{path}: not a usable ost database ({kind}, not a file); ost leaves it "
                "untouched: move it away, or set OST_HOME to another folder"
            )
        with path.open("rb") as f:
            head = f.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return
    except OSError as e:
        raise OstError(f"{path}: cannot read the database ({e.strerror})") from None
    if head and head != SQLITE_HEADER[: len(head)]:
        raise OstError(
            f"{path}: not a usable ost database (not SQLite: another program's file?); ost "
            "leaves it untouched: move it away, or set OST_HOME to another folder"
        )


def _check_schema(db: sqlite_utils.Database, path: Path) -> None:
    """Refuse a foreign SQLite file and one a newer ost has migrated, before writing to either."""
    tables = [r[0] for r in db.execute("select name from sqlite_master where type = 'table'")]
    if not set(tables) - {migrations.migrations_table}:
        return  # a new, empty database (or one whose creation stopped before its first migration)
    applied: list[str] = []
    if migrations.migrations_table in tables:
        applied = [
            r[0]
            for r in db.execute(
                f"select name from [{migrations.migrations_table}] where migration_set = ?",
                [migrations.name],
            )
        ]
    if not applied:
        shown = ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")
        raise OstError(
            f"{path} is an SQLite database, but not ost's (its tables: {shown}); ost adds "
            "nothing to it: move it away, or set OST_HOME to another folder"
        )
    unknown = [name for name in applied if name not in known_migrations()]
    if unknown:
        raise OstError(
            f"{path} was written by a newer ost (it has migration {unknown[0]}, which this "
            f"version does not know); upgrade ost, or move the file away to start afresh"
        )


def known_migrations() -> set[str]:
    return {m.name for m in migrations._migrations}


def explain(error: sqlite3.Error, path: Path | None = None) -> str:
    """One line for a database failure a user can meet: full disk, damaged file, read-only,
    busy. Only a damaged file is one to move away: a full or failing disk leaves it as it was."""
    where = path or paths.db_path()
    text = str(error)
    full = _disk_full(error, where)
    if full:
        return diskfull.message(where, full)
    if "malformed" in text or "not a database" in text or "disk image" in text:
        return (
            f"{where}: the database file is damaged ({text}); nothing more was written. "
            "Restore it from a backup, or move it away to start afresh"
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return (
            f"{where}: the database (or its folder {where.parent}) is read-only; ost can "
            "only read it. Make both writable, or set OST_HOME to a writable folder"
        )
    if "locked" in text or "busy" in text:
        return f"{where}: the database is busy (is another ost running?)"
    if _primary_code(error) == sqlite3.SQLITE_IOERR or "I/O error" in text:
        return (
            f"{where}: the disk holding the database failed to read or write ({text}); the "
            "file itself may be intact. Check the disk, then run the command again"
        )
    return f"{where}: the database cannot be used ({text})"


def _primary_code(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)  # absent on errors made by hand
    return None if code is None else code & 0xFF


def _disk_full(error: sqlite3.Error, where: Path) -> str | None:
    """Why the disk counts as full, when it does and is the cause of ``error``."""
    text, code = str(error), _primary_code(error)
    if code == sqlite3.SQLITE_FULL or "disk is full" in text:
        return diskfull.shortage(where.parent) or text
    if code in (sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN) or "I/O error" in text:
        return diskfull.shortage(where.parent)
    return None
