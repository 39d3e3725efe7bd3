"""What ost remembers of the playlist it keeps for each definition on each service: this module
alone reads and writes ``remote_playlists``.

A playlist's id, the snapshot id ost left it at with the ids it held then (so an unchanged
playlist is not read back), its title, and the recordings the service put in place of those
asked for. The snapshot is remembered only after a sync completed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from ost import dates
from ost.service import ServiceName
from ost.service.playlists import Playlist


@dataclass(frozen=True)
class Remembered:
    """What ost remembers of the playlist it keeps for a definition."""

    id: str
    snapshot: str | None
    ids: list[str] | None
    """Its contents at ``snapshot`` (both known, or both unknown)."""
    title: str | None
    created_at: str | None
    stand_ins: dict[str, str] = field(default_factory=dict)
    """Recordings the service put in place of those asked for (asked -> put)."""


def remembered(
    db: sqlite_utils.Database, key: str, service: ServiceName = ServiceName.SPOTIFY
) -> dict[str, Any] | None:
    """The ``remote_playlists`` row, as stored."""
    rows = list(
        db.query("select * from remote_playlists where service = ? and name = ?", [service, key])
    )
    return rows[0] if rows else None


def forget(db: sqlite_utils.Database, keys: list[str]) -> list[ServiceName]:
    """Forget the playlists ost kept for these definitions on every service (their show was
    removed; the playlists stay on the services as they are): the service of each record
    forgotten. Inside the caller's transaction."""
    marks = ", ".join("?" * len(keys))
    if not keys:
        return []
    found = db.execute(
        f"select service from remote_playlists where name in ({marks}) order by service", keys
    )
    services = [ServiceName(r[0]) for r in found]
    db.execute(f"delete from remote_playlists where name in ({marks})", keys)
    return services


def kept(db: sqlite_utils.Database) -> dict[tuple[str, str], tuple[str, str | None, bool]]:
    """Every playlist ost keeps, by (service, definition key): its id, title and whether it is
    public (unknown counts as private, the default ost creates with)."""
    rows = db.execute("select service, name, playlist_id, title, public from remote_playlists")
    return {(r[0], r[1]): (r[2], r[3], bool(r[4])) for r in rows if r[2]}


def load(db: sqlite_utils.Database, service: ServiceName, key: str) -> Remembered | None:
    """What is remembered of the definition's playlist on a service; None when nothing is."""
    row = db.execute(
        "select playlist_id, snapshot_id, uris, title, created_at, stand_ins "
        "from remote_playlists where service = ? and name = ?",
        [service, key],
    ).fetchone()
    if row is None:
        return None
    ids = json.loads(row[2]) if row[2] else None
    stand_ins = json.loads(row[5]) if row[5] else {}
    return Remembered(row[0], row[1], ids, row[3], row[4], stand_ins)


def remember(
    db: sqlite_utils.Database,
    service: ServiceName,
    key: str,
    playlist: Playlist,
    snapshot: str | None,
    ids: list[str] | None = None,
    stand_ins: dict[str, str] | None = None,
) -> None:
    """Remember the playlist; ``ids`` are its contents at ``snapshot`` (both known or unknown);
    ``stand_ins`` what the service put in place of recordings asked for (kept when None)."""
    old = load(db, service, key)
    same = old is not None and old.id == playlist.id
    kept = old.stand_ins if same and old else {}
    row = {
        "service": str(service),
        "name": key,
        "playlist_id": playlist.id,
        "snapshot_id": snapshot,
        "uris": json.dumps(ids) if snapshot and ids is not None else None,
        "title": playlist.name or None,
        "public": None if playlist.public is None else int(playlist.public),
        "created_at": old.created_at if same and old else dates.now(),
        "synced_at": dates.now(),
        "stand_ins": json.dumps(stand_ins if stand_ins is not None else kept) or None,
    }
    with db.atomic():
        db.table("remote_playlists").upsert(row, pk=("service", "name"))
