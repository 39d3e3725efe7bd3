"""Writing the ``matches`` and ``rejections`` tables: this module alone does. The callers own the
transaction (``with db.atomic():``) except for the user's single decisions, which are one each.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import sqlite_utils

from ost.dates import now
from ost.decisions.queries import service_key, stored
from ost.decisions.status import Status
from ost.service import ServiceName

SPOTIFY = ServiceName.SPOTIFY


def differs(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> bool:
    """Whether writing ``new`` would change the stored row (its time stamp aside)."""
    if old is None:
        return True
    return any(old.get(k) != v for k, v in new.items() if k != "updated_at")


def save_found(
    db: sqlite_utils.Database,
    rows: Iterable[dict[str, Any]],
    old: Mapping[str, Mapping[str, Any]] | None = None,
    service: ServiceName = SPOTIFY,
) -> int:
    """Store `ost match` results on a service, writing only rows that changed (``old``: the
    service's stored rows, when the caller has them); returns how many were written. Each row
    is the service's (a row built for another is refused). The caller owns the transaction."""
    name = service_key(service)
    old = stored(db, service) if old is None else old
    written = 0
    for row in rows:
        if row.setdefault("service", name) != name:
            raise ValueError(f"a row of {row['service']} saved as one of {name}")
        if differs(old.get(row["track_id"]), row):
            _write(db, {**row, "updated_at": now()})
            written += 1
    return written


KEY = ("track_id", "service")
"""The key of ``matches``: one row per track and service."""


def _write(db: sqlite_utils.Database, row: dict[str, Any]) -> None:
    db.table("matches").upsert({"service": SPOTIFY.value, **row}, pk=KEY, alter=False)


def accept(db: sqlite_utils.Database, row: dict[str, Any]) -> None:
    """Store an accepted row (``accepted_row``); the recording is no longer rejected there."""
    with db.atomic():
        _write(db, row)
        db.execute(
            "delete from rejections where track_id = ? and service = ? and uri = ?",
            [row["track_id"], row.get("service", SPOTIFY.value), row["uri"]],
        )


def reject(db: sqlite_utils.Database, current: Mapping[str, Any]) -> None:
    """Refuse the proposed recording (by id and ISRC) on the row's service and clear the
    proposal."""
    service = current.get("service") or SPOTIFY.value
    with db.atomic():
        db.table("rejections").upsert(
            {
                "track_id": current["track_id"],
                "service": service,
                "uri": current["uri"],
                "isrc": current.get("isrc"),
                "rejected_at": now(),
            },
            pk=("track_id", "service", "uri"),
        )
        db.table("matches").update(
            (current["track_id"], service),
            {
                "status": Status.REJECTED.value,
                "uri": None,
                "score": None,
                "reason": f"you rejected {current['uri']}; "
                f"`ost match{ServiceName(service).option}` looks further",
                "updated_at": now(),
            },
        )


def pin(db: sqlite_utils.Database, row: dict[str, Any]) -> None:
    with db.atomic():
        _write(db, row)


def pin_all(db: sqlite_utils.Database, rows: list[dict[str, Any]]) -> None:
    """Pins from an import, inside the importer's transaction."""
    if rows:
        db.table("matches").upsert_all(
            [{"service": SPOTIFY.value, **r} for r in rows], pk=KEY, alter=False
        )


def unpin(db: sqlite_utils.Database, track_id: str, service: ServiceName = SPOTIFY) -> None:
    """Forget the track's row on a service (the next `ost match` searches again there)."""
    with db.atomic():
        db.execute(
            "delete from matches where track_id = ? and service = ?",
            [track_id, service_key(service)],
        )


def forget_track(db: sqlite_utils.Database, track_id: str) -> None:
    """A track leaves the catalogue: its matches and rejections on every service go with it."""
    for table in ("matches", "rejections"):
        db.execute(f"delete from {table} where track_id = ?", [track_id])
