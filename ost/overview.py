"""What the catalogue holds at a glance: counts for `ost status`, facts for usage checks.

Each answer is one small aggregate query; nothing here loads the catalogue's rows.
"""

from __future__ import annotations

import os
from typing import Any

import sqlite_utils

from ost import decisions, meta
from ost.catalogue.store import BUNDLED_SHOW, TrackStatus
from ost.decisions import COUNTS_AS_ACCEPTED, UNMATCHED, Status
from ost.library import files
from ost.service import ServiceName
from ost.text import plural


def tracks_placed_in_episodes(db: sqlite_utils.Database) -> int:
    """How many tracks some source places in an episode."""
    row = db.execute(
        "select count(*) from tracks where episodes is not null and episodes not in ('', '[]')"
    ).fetchone()
    return int(row[0])


def tracks_for_uris(
    db: sqlite_utils.Database, uris: list[str], service: ServiceName = ServiceName.SPOTIFY
) -> dict[str, tuple[str, str]]:
    """Recording id -> (track id, title) for the recordings of a service ost has matched,
    pinned or seen rejected (so that a sync can name a track it removes, not just its id)."""
    by_uri = decisions.track_ids_for_uris(db, uris, service)
    ids = sorted(set(by_uri.values()))
    titles: dict[str, str] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ", ".join("?" * len(chunk))
        titles.update(db.execute(f"select id, title from tracks where id in ({marks})", chunk))
    return {uri: (t, titles[t]) for uri, t in by_uri.items() if t in titles}


def status(db: sqlite_utils.Database, show: str | None = None) -> dict[str, Any]:
    """Where things stand: counts per season (of every show, or one) and match status, the last
    match and sync, the stored login (whose, never its secrets) and what to do next."""
    from ost import paths
    from ost.spotify.auth import TokenFile

    counts = decisions.counts_by_season(db, show=show)
    first = sorted(counts, key=lambda place: (place[0] != BUNDLED_SHOW, place))
    out = {
        "database": str(paths.db_path()),
        "seasons": [
            {"show": key, "season": s, "tracks": sum(counts[key, s].values()), **counts[key, s]}
            for key, s in first
        ],
        "unverified_tracks": _one(
            db,
            f"select count(*) from tracks where status = '{TrackStatus.UNVERIFIED}'"
            + (" and show = ?" if show else ""),
            [show] if show else [],
        ),
        "near_misses": decisions.count_near_misses(db, show=show),
        "library_files": files.count_used(db),
        "login": _login(db, TokenFile(), meta.LOGIN_USER),
        "client_id_set": bool(os.environ.get("SPOTIPY_CLIENT_ID", "").strip()),
        "client_secret_set": bool(os.environ.get("SPOTIPY_CLIENT_SECRET", "").strip()),
        "last_match": decisions.last_change(db),
        "last_sync": _last_sync(db, "spotify"),
        "ytmusic": _ytmusic(db),
    }
    out["next"] = next_steps(out)
    return out


def _login(db: sqlite_utils.Database, store: Any, user_key: str) -> dict[str, Any]:
    """Whether a usable login is stored, whose (a name), and why it cannot be used."""
    problem = store.problem() if store.present() else None  # a file there is read, not trusted
    stored = store.present() and problem is None
    user = meta.get(db, user_key)
    return {"stored": stored, "user": user if stored else None, "problem": problem}


def _ytmusic(db: sqlite_utils.Database) -> dict[str, Any]:
    """YouTube Music: matching needs no account; playlists need the stored headers."""
    from ost.ytmusic.auth import HeadersFile

    return {
        "login": _login(db, HeadersFile(), meta.YTMUSIC_LOGIN_USER),
        "matching_needs_login": False,
        "last_sync": _last_sync(db, "ytmusic"),
    }


def _last_sync(db: sqlite_utils.Database, service: str) -> Any:
    row = db.execute(
        "select max(synced_at) from remote_playlists where service = ?", [service]
    ).fetchone()
    return row[0] if row else None


def _one(db: sqlite_utils.Database, sql: str, params: list[Any] | None = None) -> Any:
    row = db.execute(sql, params or []).fetchone()
    return row[0] if row else None


def _count(status: dict[str, Any], state: str) -> int:
    return sum(s.get(state, 0) for s in status["seasons"])


def next_steps(s: dict[str, Any]) -> list[str]:
    """What a user would do next, most pressing first."""
    steps = []
    problem = s["login"].get("problem")
    if problem:
        steps.append("the stored Spotify login cannot be used (`login` says why and what to do)")
    if not s["client_id_set"]:
        steps.append("set SPOTIPY_CLIENT_ID (your Spotify app's client id) to match and sync")
        steps.append(
            "no Spotify app? `ost match --service ytmusic` matches on YouTube Music with no "
            "account at all"
        )
    if s["ytmusic"]["login"]["problem"]:
        steps.append(
            "the stored YouTube Music login cannot be used (`ytmusic` above says why and what "
            "to do)"
        )
    n = _count(s, UNMATCHED) + _count(s, Status.REJECTED)
    if n:
        steps.append(f"`ost match`: {plural(n, 'track')} to look for")
    waiting = _count(s, Status.REVIEW) + s["near_misses"]
    if waiting:
        steps.append(f"`ost review`: {waiting} waiting for your decision")
    accepted = sum(_count(s, k) for k in COUNTS_AS_ACCEPTED)
    if accepted and not s["login"]["stored"]:
        if not problem:
            steps.append("`ost login`, then `ost playlist sync` to make the Spotify playlists")
    elif accepted and (not s["last_sync"] or (s["last_match"] or "") > s["last_sync"]):
        steps.append("`ost playlist sync`: matches changed since the last sync")
    if accepted or s["library_files"]:
        steps.append("`ost export m3u --season 1 -o soundtrack-1.m3u8` for a music player")
    return steps
