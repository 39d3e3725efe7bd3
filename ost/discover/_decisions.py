"""Stand-in for ost.decisions until the issue-7 branch lands (then these move there)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

COUNTS_AS_ACCEPTED = frozenset({"auto", "accepted", "pinned"})


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def stored(db: sqlite_utils.Database) -> dict[str, dict[str, Any]]:
    return {r["track_id"]: r for r in db.table("matches").rows}


def waiting_for_review(db: sqlite_utils.Database) -> Iterator[dict[str, Any]]:
    yield from db.table("matches").rows_where("status = ?", ["review"], order_by="track_id")


def confirm(db: sqlite_utils.Database, track_id: str, reason: str) -> None:
    db.table("matches").update(track_id, {"status": "auto", "reason": reason, "updated_at": now()})


def discovered(
    db: sqlite_utils.Database, track_id: str, uri: str, reason: str, details: Mapping[str, Any]
) -> None:
    row: dict[str, Any] = {"track_id": track_id, "status": "auto", "uri": uri, "score": None}
    for key, value in details.items():
        row[key] = json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value
    row.update(reason=reason, candidates="[]", updated_at=now())
    db.table("matches").upsert(row, pk="track_id", alter=False)
