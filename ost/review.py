"""What waits for the user's decision, doubtful first: `review` matches, and `none` tracks with
near misses (a candidate the scorer refused but rated close enough to be worth a look).

Candidates are numbered as `ost review` shows them (1 = best, rejected recordings left out), and
`ost accept TRACK N` takes the same number.
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from ost import decisions, matching
from ost.decisions import Status
from ost.errors import InputError, NotFound

NEAR_MISS_SCORE = 0.3
"""A `none` track is shown in review when its best candidate scores at least this much: the same
title and artist refused for another reason (an older release, say) scores about 0.35, another
artist's song of the same title about 0.2."""
SPOTIFY_TRACK_URL = "https://open.spotify.com/track/"


def link(uri: str) -> str:
    """``https://open.spotify.com/track/<id>`` for a track URI."""
    return SPOTIFY_TRACK_URL + uri.rsplit(":", 1)[-1]


def _near_misses(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return [
        {
            "id": r["track_id"],
            "title": None,  # filled in with the others' English titles
            "uri": None,
            "score": None,
            "reason": r["reason"],
            "evidence": [],  # nothing is proposed, so no evidence for a proposal
            "candidates": json.loads(r["candidates"] or "[]"),
        }
        for r in decisions.near_misses(db)
    ]


def waiting(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """The matches to decide, doubtful first: each ``{id, title, title_en, status, near_miss, uri,
    score, confidence, reason, candidates}``; candidates without the recordings rejected before."""
    rows = [{**r, "status": Status.REVIEW} for r in matching.review_rows(db)]
    rows += [{**r, "status": Status.NONE} for r in _near_misses(db)]
    if not rows:
        return []
    rejected = decisions.rejected_uris(db, [r["id"] for r in rows])
    titles = _titles(db, [r["id"] for r in rows])
    out = []
    for r in rows:
        gone = rejected.get(r["id"], set())
        candidates = [c for c in r["candidates"] if c["uri"] not in gone]
        best = max((c["score"] or 0 for c in candidates), default=0.0)
        near_miss = r["status"] == Status.NONE
        if near_miss and best < NEAR_MISS_SCORE:
            continue
        confidence = best if near_miss or r["score"] is None else r["score"]
        title, title_en = titles.get(r["id"], (r["title"], None))
        out.append(
            {
                **r,
                "title": title,
                "title_en": title_en,
                "near_miss": near_miss,
                "confidence": confidence,
                "candidates": candidates,
            }
        )
    return sorted(out, key=lambda r: (r["confidence"], r["id"]))


def _titles(db: sqlite_utils.Database, track_ids: list[str]) -> dict[str, tuple[str, str | None]]:
    """Track id -> (title, English title), for these tracks only."""
    out: dict[str, tuple[str, str | None]] = {}
    for i in range(0, len(track_ids), 500):
        chunk = track_ids[i : i + 500]
        marks = ", ".join("?" * len(chunk))
        for track_id, title, title_en in db.execute(
            f"select id, title, title_en from tracks where id in ({marks})", chunk
        ):
            out[track_id] = (title, title_en)
    return out


def candidate_uri(db: sqlite_utils.Database, track_id: str, number: int) -> str:
    """The URI of candidate ``number`` (as `ost review` numbers them) for the track."""
    row = next((r for r in waiting(db) if r["id"] == track_id), None)
    if row is None:
        raise NotFound(f"{track_id} has nothing waiting for review, so no numbered candidates")
    candidates = row["candidates"]
    if not 1 <= number <= len(candidates):
        raise InputError(
            f"{track_id} has {len(candidates)} candidate{'s' if len(candidates) != 1 else ''}: "
            f"give a number from 1 to {len(candidates)} (see `ost review --list`)"
        )
    return str(candidates[number - 1]["uri"])
