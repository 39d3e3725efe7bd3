"""The library's tables, ``library_files`` and ``library_roots``: the only module that writes them.

It holds the words for a file's state, which file a track uses (as playlists and exports see
it), what a scan found (saved at once) and the user's decisions on files (accepting a `review`
match, pinning a file to a track by hand, undoing a pin). No scoring here (``scan`` and
``matcher`` do it), and tags are read only to pin a file, so an export imports neither mutagen
nor rapidfuzz.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlite_utils

from ost import dates, reading
from ost.db import BY_ID
from ost.decisions import Status
from ost.errors import InputError, NotFound
from ost.match.levels import Level
from ost.text import plural

if TYPE_CHECKING:
    from ost.library.tags import FileTags


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

Rows = dict[str, dict[str, Any]]
"""Stored rows by path."""


@dataclass(frozen=True)
class FileMatch:
    """A file's match as stored: the track (if any), the scorer's score, why, and the state."""

    track_id: str | None
    score: float | None
    reason: str
    state: FileState = FileState.NONE


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
    others = plural(count - 1, "other file")
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


# --- what a scan found -------------------------------------------------------------------------


def row(tags: FileTags, root: Path, stat: os.stat_result, match: FileMatch) -> dict[str, Any]:
    """The ``library_files`` row of a file, its tags and its match."""
    return {
        "path": tags.path,
        "mtime": stat.st_mtime,
        "size": stat.st_size,
        "root": str(root),
        "title": tags.title,
        "artists": json.dumps(list(tags.artists), ensure_ascii=False),
        "album": tags.album,
        "duration_ms": tags.duration_ms,
        "format": tags.format,
        "lossless": int(tags.lossless),
        "bitrate": tags.bitrate,
        "tag_score": tags.tag_score,
        "track_id": match.track_id,
        "score": match.score,
        "reason": match.reason,
        "state": str(match.state),
    }


def known(db: sqlite_utils.Database) -> Rows:
    """Every stored file, gone or not, by path (what a scan compares the folders with)."""
    return {r["path"]: r for r in db.table("library_files").rows}


def stored(db: sqlite_utils.Database, path: Path) -> dict[str, Any] | None:
    rows = list(db.table("library_files").rows_where("path = ?", [str(path)]))
    return rows[0] if rows else None


def remembered_roots(db: sqlite_utils.Database) -> list[Path]:
    """The folders scanned before, in the order first scanned."""
    return [Path(r[0]) for r in db.execute("select path from library_roots order by rowid")]


def kept_decisions(db: sqlite_utils.Database) -> list[tuple[str, str, str]]:
    """(track_id, path, state) of the decisions kept on files that are gone."""
    decided = ", ".join("?" for _ in DECIDED)
    return [
        (r[0], r[1], r[2])
        for r in db.execute(
            f"select track_id, path, state from library_files where gone_since is not null "
            f"and state in ({decided}) order by {BY_ID.format('track_id')}, path",
            sorted(DECIDED),
        )
    ]


@dataclass
class Changes:
    """What a scan changes in ``library_files``."""

    rows: list[dict[str, Any]]
    """New and changed rows."""
    deleted: list[str]
    """Gone files to forget."""
    kept: list[str]
    """Gone files whose rows stay, marked gone (a decision, or a folder that is absent)."""


def save_scan(
    db: sqlite_utils.Database, changes: Changes, roots: Sequence[Path], forgotten: Sequence[Path]
) -> None:
    """All of a scan's changes in one transaction: an interrupted scan leaves the tables as they
    were. ``roots`` are remembered as scanned now, ``forgotten`` no longer."""
    now = dates.now()
    with db.atomic():
        db.conn.executemany(
            "DELETE FROM library_files WHERE path = ?", [(p,) for p in changes.deleted]
        )
        db.conn.executemany(
            "UPDATE library_files SET gone_since = ? WHERE path = ? AND gone_since IS NULL",
            [(now, p) for p in changes.kept],
        )
        _put(db, changes.rows)
        db.conn.executemany(
            "INSERT OR REPLACE INTO library_roots (path, scanned_at) VALUES (?, ?)",
            [(str(root), now) for root in roots],
        )
        db.conn.executemany(
            "DELETE FROM library_roots WHERE path = ?", [(str(root),) for root in forgotten]
        )


def _put(db: sqlite_utils.Database, rows: Sequence[dict[str, Any]]) -> None:
    """Insert or replace whole rows (every column: a missing one is written as null)."""
    columns = list(db.table("library_files").columns_dict)
    db.conn.executemany(
        f"INSERT OR REPLACE INTO library_files ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})",
        [[r.get(c) for c in columns] for r in rows],
    )


# --- your decisions on files -------------------------------------------------------------------


def accept_file(db: sqlite_utils.Database, path: Path) -> dict[str, Any]:
    """Accept the scan's `review` match of a file: from now on it is the track's."""
    resolved = Path(path).expanduser().resolve()
    found = stored(db, resolved)
    if found is None:
        raise NotFound(f"{path}: not in the library (run `ost library scan` on its folder)")
    if found["gone_since"] is not None:
        raise NotFound(
            f"{path}: the file is gone (since the scan of {found['gone_since']}); "
            "scan its folder again once it is back"
        )
    if found["state"] != FileState.REVIEW:
        raise NotFound(f"{path}: {_nothing_to_accept(found)}")
    with db.atomic():
        db.table("library_files").update(
            str(resolved), {"state": str(FileState.ACCEPTED), "reason": "accepted by you"}
        )
    return {**found, "state": str(FileState.ACCEPTED)}


def _nothing_to_accept(found: dict[str, Any]) -> str:
    """Why `library accept` has nothing to do for a file, and what would."""
    state, track = found["state"], found["track_id"]
    if state == FileState.NONE:
        return (
            "the scan matched it to no track, so there is nothing to accept; "
            "to say which track it is, `ost pin TRACK FILE`"
        )
    how = {
        FileState.AUTO: "the scan matched it",
        FileState.ACCEPTED: "you accepted it",
        FileState.PINNED: "you pinned it",
    }.get(state, f"it is {state}")
    return (
        f"nothing to accept: {how} to {track} already; "
        "if it is another track's, `ost pin TRACK FILE`"
    )


def pin_file(db: sqlite_utils.Database, track_id: str, path: Path) -> dict[str, Any]:
    """Assign an audio file to a track by hand; later scans keep it, whatever its tags say."""
    from ost.library.tags import probe  # mutagen only here: exports import this module

    resolved = Path(path).expanduser().resolve()
    try:
        stat = resolved.stat()
    except OSError as e:
        raise InputError(f"{path}: {e.strerror}") from None
    refused = reading.refusal(path, stat.st_mode)
    if refused:  # a FIFO would hang the tag reader, a device never end
        raise refused
    result = probe(resolved)
    if isinstance(result, str):
        raise InputError(f"{path}: {result}")
    old = stored(db, resolved)
    root = Path(old["root"]) if old else resolved.parent
    pinned = row(result, root, stat, FileMatch(track_id, None, "pinned by you", FileState.PINNED))
    with db.atomic():
        _put(db, [pinned])
    return pinned


def forget_tracks(db: sqlite_utils.Database, track_ids: list[str]) -> None:
    """Tracks leave the catalogue (their show was removed): their files are matched to nothing,
    and your decisions on them go with the tracks. Inside the caller's transaction."""
    db.execute(
        "update library_files set track_id = null, state = ?, score = null, "
        "reason = 'its track left the catalogue' "
        "where track_id in (select value from json_each(?))",
        [str(FileState.NONE), json.dumps(track_ids)],
    )


def unpin_files(db: sqlite_utils.Database, track_id: str) -> list[str]:
    """Undo ``pin_file`` for a track: its pinned files belong to no track again, and the next
    scan reads and matches them afresh (their stored mtime is cleared, so none looks unchanged);
    a pinned file that is gone is forgotten (the pin was all that was kept of it). The paths
    undone; the caller's transaction holds the write."""
    pinned = [
        (r[0], r[1] is not None)
        for r in db.execute(
            "select path, gone_since from library_files where track_id = ? and state = ? "
            "order by path",
            [track_id, str(FileState.PINNED)],
        )
    ]
    db.conn.executemany(
        "update library_files set track_id = null, state = ?, score = null, mtime = null, "
        "reason = 'unpinned by you; the next `ost library scan` matches it again' where path = ?",
        [(str(FileState.NONE), path) for path, gone in pinned if not gone],
    )
    db.conn.executemany(
        "delete from library_files where path = ?", [(path,) for path, gone in pinned if gone]
    )
    return [path for path, _ in pinned]
