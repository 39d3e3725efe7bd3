"""The catalogue: the show's tracks, artists and seasons in SQLite.

Its rooms: ``bundle`` (the data files, and loading them), ``shows`` (the bundled show and
the shows a user added, from their show files), ``store`` (the one writer of the rows
and their lookups; ``TrackStatus`` and ``Origin``), ``queries`` (listings, seasons, one track's
detail) and ``wanted`` (``targets``: tracks as the scorer sees them). Opening the catalogue is
here: the database, migrated, with the bundle loaded and what a migration marked reindexed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlite_utils

from ost import meta, paths
from ost.catalogue import bundle, shows, store

# The names other rooms use as ``catalogue.<name>`` (the package is the catalogue's face).
from ost.catalogue.bundle import AIR_DATES
from ost.catalogue.queries import (
    SHOW_ORDER,
    artist_names,
    artists_by_track,
    iter_tracks,
    season_numbers,
    season_rows,
    season_window,
    track_detail,
)
from ost.catalogue.store import BUNDLED_SHOW, Origin, TrackStatus, reindex
from ost.db import open_db, setting_up

if TYPE_CHECKING:
    from ost.catalogue.wanted import Target, targets

TRACK_STATUSES = tuple(TrackStatus)  # what an import or a playlist definition may name

__all__ = [
    "AIR_DATES",
    "BUNDLED_SHOW",
    "SHOW_ORDER",
    "TRACK_STATUSES",
    "Origin",
    "Target",
    "TrackStatus",
    "artist_names",
    "artists_by_track",
    "iter_tracks",
    "open_catalogue",
    "reindex",
    "season_numbers",
    "season_rows",
    "season_window",
    "targets",
    "track_detail",
]


def open_catalogue(path: Path | None = None, data_dir: Path | None = None) -> sqlite_utils.Database:
    """The database, migrated, with the bundled catalogue loaded or refreshed if it changed, and
    the lookups a migration marked rebuilt. The usual open reads one row of ``meta`` and writes
    nothing."""
    db = open_db(path)
    digest = bundle.bundle_digest(data_dir or paths.bundled_data_dir())
    if _behind(db, digest):
        # Another ost starting now may be doing it too: one at a time, and the second finds
        # it done.
        with setting_up(path or paths.db_path()):
            if _behind(db, digest):
                _catch_up(db, digest, data_dir)
    return db


def _behind(db: sqlite_utils.Database, digest: str) -> bool:
    state = meta.get_many(db, meta.BUNDLE_DIGEST, meta.REINDEX, meta.SHOWS)
    return state.get(meta.BUNDLE_DIGEST) != digest or meta.REINDEX in state or shows.behind(state)


def _catch_up(db: sqlite_utils.Database, digest: str, data_dir: Path | None) -> None:
    if shows.behind(meta.get_many(db, meta.SHOWS)):
        shows.sync(db)  # a user's show file added, edited or gone
    if bundle.stored_digest(db) != digest:
        bundle.refresh(db, bundle.load_bundle(data_dir))  # rebuilds every lookup
        return
    pending = meta.get(db, meta.REINDEX)
    if pending is not None:
        with db.atomic():
            store.reindex(db, meta.reindex_ids(pending))
            meta.delete(db, meta.REINDEX)


def __getattr__(name: str) -> Any:
    """``Target`` and ``targets`` load with their first use: with them come the scorer's types,
    which a listing never needs (start-up is measured: bench/startup.py)."""
    if name in ("Target", "targets"):
        from ost.catalogue import wanted

        globals()[name] = value = getattr(wanted, name)
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
