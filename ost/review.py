"""What waits for the user's decision, doubtful first: `review` matches, and `none` tracks with
near misses (a candidate the scorer refused but rated close enough to be worth a look).

Candidates are numbered as `ost review` shows them (1 = best, rejected recordings left out), and
`ost accept TRACK N` takes the same number.
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from ost import matching
from ost.errors import InputError, NotFound

NEAR_MISS_SCORE = 0.3
"""A `none` track is shown in review when its best candidate scores at least this much: the same
title and artist refused for another reason (an older release, say) scores about 0.35, another
artist's song of the same title about 0.2."""
SPOTIFY_TRACK_URL = "https://open.spotify.com/track/"


def link(uri: str) -> str:
    """``https://open.spotify.com/track/<id>`` for a track URI."""
    return SPOTIFY_TRACK_URL + uri.rsplit(":", 1)[-1]


def _rejected(db: sqlite_utils.Database, track_ids: list[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    marks = ", ".join("?" * len(track_ids))
    for track_id, uri in db.execute(
        f"select track_id, uri from rejections where track_id in ({marks})", track_ids
    ):
        out.setdefault(track_id, set()).add(uri)
    return out


def _near_misses(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    rows = db.query(
        """select m.track_id, m.reason, m.candidates, t.title from matches m
           join tracks t on t.id = m.track_id
           where m.status = 'none' and m.candidates like '%"uri"%'"""
    )
    return [
        {
            "id": r["track_id"],
            "title": r["title"],
            "uri": None,
            "score": None,
            "reason": r["reason"],
            "candidates": json.loads(r["candidates"] or "[]"),
        }
        for r in rows
    ]


def waiting(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """The matches to decide, doubtful first: each ``{id, title, title_en, status, near_miss, uri,
    score, confidence, reason, candidates}``; candidates without the recordings rejected before."""
    rows = [{**r, "status": "review"} for r in matching.review_rows(db)]
    rows += [{**r, "status": "none"} for r in _near_misses(db)]
    if not rows:
        return []
    rejected = _rejected(db, [r["id"] for r in rows])
    titles = _english_titles(db, [r["id"] for r in rows])
    out = []
    for r in rows:
        gone = rejected.get(r["id"], set())
        candidates = [c for c in r["candidates"] if c["uri"] not in gone]
        best = max((c["score"] or 0 for c in candidates), default=0.0)
        near_miss = r["status"] == "none"
        if near_miss and best < NEAR_MISS_SCORE:
            continue
        confidence = best if near_miss or r["score"] is None else r["score"]
        out.append(
            {
                **r,
                "title_en": titles.get(r["id"]),
                "near_miss": near_miss,
                "confidence": confidence,
                "candidates": candidates,
            }
        )
    return sorted(out, key=lambda r: (r["confidence"], r["id"]))


def _english_titles(db: sqlite_utils.Database, track_ids: list[str]) -> dict[str, str | None]:
    marks = ", ".join("?" * len(track_ids))
    return dict(db.execute(f"select id, title_en from tracks where id in ({marks})", track_ids))


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
