"""Catalogue tracks as the scorer sees them (``Wanted``), with what the queries of every source
of recordings need besides (``Target``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlite_utils

from ost import dates
from ost.catalogue.queries import artist_names, artists_by_track, season_window
from ost.catalogue.store import BUNDLED_SHOW
from ost.match.types import Wanted


@dataclass(frozen=True)
class Target:
    """A catalogue track to match: the scorer's view plus what the queries need."""

    wanted: Wanted
    title: str
    title_en: str | None
    artists: list[dict[str, Any]]  # {name, name_en, aliases}
    artist_uncertain: bool
    season: int = 0
    uncertain: tuple[str, ...] = ()
    """The fields the sources leave uncertain (``artists``, ``title`` ...)."""
    show: str = BUNDLED_SHOW


def targets(db: sqlite_utils.Database, track_ids: list[str]) -> list[Target]:
    """The scorer's view of these tracks (their rows and artists only are read)."""
    wanted = json.dumps(list(dict.fromkeys(track_ids)))
    rows = {
        r["id"]: r
        for r in db.query(
            "select * from tracks where id in (select value from json_each(?))", [wanted]
        )
    }
    by_track = artists_by_track(db, wanted)
    places = {(rows[t]["show"], rows[t]["season"]) for t in track_ids}
    windows = {(show, s): season_window(db, s, show) for show, s in places}
    seasons = {(r["show"], r["number"]): r for r in db.table("seasons").rows}
    return [
        _target(
            rows[t],
            by_track.get(t, []),
            windows[rows[t]["show"], rows[t]["season"]],
            seasons.get((rows[t]["show"], rows[t]["season"])),
        )
        for t in track_ids
    ]


def _target(
    row: dict[str, Any],
    artists: list[dict[str, Any]],
    window: tuple[date, date] | None,
    season: dict[str, Any] | None,
) -> Target:
    titles = [row["title"], row["title_en"], *json.loads(row["aliases"] or "[]")]
    names = [tuple(dict.fromkeys(artist_names(a))) for a in artists]
    season = season or {}
    hints = tuple(h for h in (season.get("title"), season.get("title_en")) if h)
    wanted = Wanted(
        track_id=row["id"],
        titles=tuple(dict.fromkeys(t for t in titles if t)),
        artists=tuple(names),
        release_date=dates.parse_day(row["release_date"]),
        window=window,
        album_hints=hints,
    )
    return Target(
        wanted,
        row["title"],
        row["title_en"],
        [
            {
                "name": a["name"],
                "name_en": a["name_en"],
                "aliases": json.loads(a["aliases"] or "[]"),
            }
            for a in artists
        ],
        "artists" in json.loads(row["uncertain"] or "{}"),
        row["season"],
        tuple(json.loads(row["uncertain"] or "{}")),
        row["show"],
    )
