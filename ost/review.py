"""What waits for the user's decision, doubtful first: `review` matches, and `none` tracks with
near misses (a candidate the scorer refused but rated close enough to be worth a look).

Candidates are numbered as `ost review` shows them (1 = best, rejected recordings left out), and
`ost accept TRACK N` takes the same number.
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from ost import decisions
from ost.decisions import Status
from ost.errors import InputError, NotFound
from ost.service import LINKS, ServiceName
from ost.text import natural_key, plural

SPOTIFY = ServiceName.SPOTIFY


def link(uri: str, service: ServiceName = SPOTIFY) -> str:
    """The recording's page on its service (``https://open.spotify.com/track/<id>`` for a track
    URI, ``https://music.youtube.com/watch?v=<id>`` for a video id)."""
    links = LINKS[service]
    return links.url(links.track_id(uri) or uri)


def waiting(
    db: sqlite_utils.Database, service: ServiceName = SPOTIFY, *, show: str | None = None
) -> list[dict[str, Any]]:
    """The matches to decide on a service (of one show's tracks when ``show`` is given),
    doubtful first: each ``{id, show, title, title_en, status, near_miss, uri, score,
    confidence, reason, evidence, candidates}``; what waits, and which candidates are numbered
    (rejected recordings left out), is ``decisions.waiting``."""
    rows = list(decisions.waiting(db, service, show=show))
    titles = _titles(db, [r["track_id"] for r in rows])
    out = []
    for r in rows:
        near_miss = r["status"] == Status.NONE
        best = max((c.get("score") or 0 for c in r["candidates"]), default=0.0)
        title, title_en, show = titles.get(r["track_id"], (r["track_id"], None, None))
        out.append(
            {
                "id": r["track_id"],
                "show": show,
                "title": title,
                "title_en": title_en,
                "status": Status(r["status"]),
                "near_miss": near_miss,
                "uri": None if near_miss else r["uri"],
                "score": None if near_miss else r["score"],
                "confidence": best if near_miss or r["score"] is None else r["score"],
                "reason": r["reason"],
                # a near miss proposes nothing, so it has no evidence for a proposal
                "evidence": [] if near_miss else json.loads(r["evidence"] or "[]"),
                "candidates": r["candidates"],
            }
        )
    return sorted(out, key=lambda r: (r["confidence"], natural_key(r["id"]), r["id"]))


def _titles(
    db: sqlite_utils.Database, track_ids: list[str]
) -> dict[str, tuple[str, str | None, str | None]]:
    """Track id -> (title, English title, show), for these tracks only."""
    out: dict[str, tuple[str, str | None, str | None]] = {}
    for i in range(0, len(track_ids), 500):
        chunk = track_ids[i : i + 500]
        marks = ", ".join("?" * len(chunk))
        for track_id, title, title_en, show in db.execute(
            f"select id, title, title_en, show from tracks where id in ({marks})", chunk
        ):
            out[track_id] = (title, title_en, show)
    return out


def candidate_uri(
    db: sqlite_utils.Database, track_id: str, number: int, service: ServiceName = SPOTIFY
) -> str:
    """The id of candidate ``number`` (as `ost review` numbers them) for the track."""
    row = next((r for r in waiting(db, service) if r["id"] == track_id), None)
    if row is None:
        on = "" if service == SPOTIFY else f" on {LINKS[service].label}"
        raise NotFound(f"{track_id} has nothing waiting for review{on}, so no numbered candidates")
    candidates = row["candidates"]
    if not 1 <= number <= len(candidates):
        raise InputError(
            f"{track_id} has {plural(len(candidates), 'candidate')}: give a number from 1 to "
            f"{len(candidates)} (see `ost review --list{ServiceName(service).option}`)"
        )
    return str(candidates[number - 1]["uri"])
