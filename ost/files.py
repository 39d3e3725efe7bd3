"""The library's files as playlists and exports see them: the words for a file's state, and which
file a track uses. No tag reading and no scoring here (``ost.library`` scans), so an export
imports neither mutagen nor rapidfuzz.

``library_files`` is written by ``ost.library`` alone: the scan, and the user's decisions on files
(accepting a `review` match, pinning a file to a track by hand).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import sqlite_utils

from ost.decisions import Status
from ost.match.types import Level


class FileState(StrEnum):
    """What the library knows of one file: the scorer's level, or your decision (in the words of
    a match's decisions)."""

    AUTO = Level.AUTO.value
    """The scorer is confident: the file is the track's."""
    REVIEW = Level.REVIEW.value
    """Plausible: used only once you accept it (`ost library accept FILE`)."""
    NONE = Level.NONE.value
    """Fits no track."""
    ACCEPTED = Status.ACCEPTED.value
    """A `review` match you accepted."""
    PINNED = Status.PINNED.value
    """A file you assigned to a track by hand (`ost pin TRACK FILE`)."""


USED = frozenset({FileState.AUTO, FileState.ACCEPTED, FileState.PINNED})
"""States that count as matched: the file is played and exported for its track."""
DECIDED = frozenset({FileState.ACCEPTED, FileState.PINNED})
"""The user's decisions: a scan never changes them."""
_USED_SQL = ", ".join(f"'{s}'" for s in sorted(USED))
PRESENT_SQL = "gone_since is null"
"""A file the last scan found. A gone one keeps its row (and your decision) for when it returns,
but nothing plays or exports it meanwhile."""
_IN_USE_SQL = f"track_id is not null and state in ({_USED_SQL}) and {PRESENT_SQL}"


def count_used(db: sqlite_utils.Database) -> int:
    """How many files count as matched (``USED``): a ``review`` guess is not one yet."""
    row = db.execute(f"select count(*) from library_files where {_IN_USE_SQL}").fetchone()
    return int(row[0])


def _rank_key(row: dict[str, Any]) -> tuple[Any, ...]:
    return (
        row["state"] != FileState.PINNED,
        row["state"] not in USED,
        not row["lossless"],
        -(row["tag_score"] or 0),
        -(row["bitrate"] or 0),
        row["path"],
    )


def _why(best: dict[str, Any], runner_up: dict[str, Any], count: int) -> str:
    others = f"{count - 1} other file" + ("s" if count > 2 else "")
    if best["state"] == FileState.PINNED != runner_up["state"]:
        return f"pinned by you, preferred over {others}"
    if bool(best["lossless"]) != bool(runner_up["lossless"]):
        return f"lossless ({best['format']}), preferred over {others}"
    if best["tag_score"] != runner_up["tag_score"]:
        return (
            f"most complete tags ({best['tag_score']} vs {runner_up['tag_score']}) of {count} files"
        )
    if best["bitrate"] != runner_up["bitrate"]:
        kbps = [round((r["bitrate"] or 0) / 1000) for r in (best, runner_up)]
        return f"highest bitrate ({kbps[0]} vs {kbps[1]} kbps) of {count} files"
    return f"first by path of {count} equally good files"


def _choose(rows: list[dict[str, Any]]) -> tuple[str, str]:
    ranked = sorted(rows, key=_rank_key)
    if len(ranked) == 1:
        return ranked[0]["path"], "the only file matched to this track"
    return ranked[0]["path"], _why(ranked[0], ranked[1], len(ranked))


def best_file_for_track(db: sqlite_utils.Database, track_id: str) -> tuple[str, str] | None:
    """(path, why) of the file to use for a track: a pinned file first, then lossless, then
    better tags, then higher bitrate, then path. None when no file is matched to the track."""
    rows = list(db.table("library_files").rows_where(f"track_id = ? and {_IN_USE_SQL}", [track_id]))
    return _choose(rows) if rows else None


def for_show(db: sqlite_utils.Database, track_id: str) -> dict[str, Any] | None:
    """The track's local file as `ost show` tells it: ``{path, state, why}`` of the file it uses,
    else of a ``review`` guess (not used until accepted); None when no file is matched to it."""
    chosen = best_file_for_track(db, track_id)
    if chosen is not None:
        path, why = chosen
        row = db.execute("select state from library_files where path = ?", [path]).fetchone()
        return {"path": path, "state": row[0], "why": why}
    guess = db.execute(
        f"select path from library_files where track_id = ? and state = ? and {PRESENT_SQL} "
        "order by path limit 1",
        [track_id, FileState.REVIEW.value],
    ).fetchone()
    if guess is not None:
        return {
            "path": guess[0],
            "state": FileState.REVIEW.value,
            "why": "a guess, used once you accept it (`ost library accept FILE`)",
        }
    return _gone_decision(db, track_id)


def _gone_decision(db: sqlite_utils.Database, track_id: str) -> dict[str, Any] | None:
    decided = ", ".join(f"'{s}'" for s in sorted(DECIDED))
    row = db.execute(
        f"select path, state, gone_since from library_files where track_id = ? and state in "
        f"({decided}) and not {PRESENT_SQL} order by path limit 1",
        [track_id],
    ).fetchone()
    if row is None:
        return None
    why = f"the file is gone since the scan of {row[2]}; your decision returns with it"
    return {"path": row[0], "state": row[1], "why": why}


def preferred_files(db: sqlite_utils.Database) -> dict[str, tuple[str, str]]:
    """track_id -> (path, why) for every track with at least one matched file."""
    by_track: dict[str, list[dict[str, Any]]] = {}
    for row in db.table("library_files").rows_where(_IN_USE_SQL):
        by_track.setdefault(row["track_id"], []).append(row)
    return {track_id: _choose(rows) for track_id, rows in sorted(by_track.items())}


def files_for_tracks(db: sqlite_utils.Database) -> dict[str, str]:
    """track_id -> the chosen file's path, for the exporters."""
    return {track_id: path for track_id, (path, _) in preferred_files(db).items()}
