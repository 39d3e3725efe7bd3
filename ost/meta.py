"""The ``meta`` table: a few named values about the database itself. This module alone writes it.

Each value is text under one of the keys below; a caller holds the transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import sqlite_utils

BUNDLE_DIGEST = "bundle_digest"  # the bundled data files the catalogue was last loaded from
LOGIN_USER = "spotify_user"  # whose login is stored (a name, never a secret)
YTMUSIC_LOGIN_USER = "ytmusic_user"  # likewise for YouTube Music
REINDEX = "reindex"  # lookups a migration left to rebuild: EVERY_TRACK, or a JSON list of ids
EVERY_TRACK = "*"
SHOWS = "shows_signature"  # the show files (names, sizes, times) the catalogue last read


def get(db: sqlite_utils.Database, key: str) -> str | None:
    row = db.execute("select value from meta where key = ?", [key]).fetchone()
    return row[0] if row else None


def get_many(db: sqlite_utils.Database, *keys: str) -> dict[str, str]:
    """The values of these keys that are set, in one query (opening reads two on every command)."""
    marks = ", ".join("?" * len(keys))
    return dict(db.execute(f"select key, value from meta where key in ({marks})", keys).fetchall())


def put(db: sqlite_utils.Database, key: str, value: str) -> None:
    db.execute("insert or replace into meta (key, value) values (?, ?)", [key, value])


def delete(db: sqlite_utils.Database, key: str) -> None:
    db.execute("delete from meta where key = ?", [key])


def remember(db: sqlite_utils.Database, key: str, value: str | None) -> None:
    """Set a value (None: forget it) in a transaction of its own, for a command whose only write
    to the database it is (whose login is stored, after `ost login` or `ost logout`)."""
    with db.atomic():
        if value is None:
            delete(db, key)
        else:
            put(db, key, value)


def mark_reindex(db: sqlite_utils.Database, track_ids: Iterable[str] | None) -> None:
    """Leave the lookups of these tracks (None: of every track) to be rebuilt when the catalogue
    next opens. Migrations call it: they never import the catalogue that does the rebuild."""
    value = get(db, REINDEX)
    if track_ids is None or value == EVERY_TRACK:
        put(db, REINDEX, EVERY_TRACK)
        return
    earlier = json.loads(value) if value else []
    ids = list(dict.fromkeys([*earlier, *track_ids]))
    if ids:
        put(db, REINDEX, json.dumps(ids, ensure_ascii=False))


def reindex_ids(value: str) -> list[str] | None:
    """The track ids a ``REINDEX`` value names; None: every track."""
    return None if value == EVERY_TRACK else [str(i) for i in json.loads(value)]
