"""`ost timeline`: every release of a season in date order, against the air dates the sources
give (premiere, finale); none is invented: a season without them says so."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlite_utils

from ost import catalogue
from ost.match.release import parse_release_date

COLUMNS = ("date", "season", "when", "event", "id", "title", "artists", "status")
SHOW_ORDER = catalogue.SHOW_ORDER.replace("t.show", "show")
AIR_DATES = catalogue.AIR_DATES
# The catalogue's uncertain fields, by the timeline column that shows them.
UNCERTAIN_COLUMNS = {"release_date": "date", "title": "title", "artists": "artists"}


def _air_dates(facts: dict[str, Any]) -> dict[str, date]:
    out = {}
    for key in AIR_DATES:
        try:
            out[key] = date.fromisoformat(str(facts[key]["value"]))
        except (KeyError, TypeError, ValueError):
            continue
    return out


def when(release_date: str | None, air: dict[str, date]) -> str:
    """before the premiere / during / after the finale (or why it cannot be said)."""
    span = parse_release_date(release_date)
    if span is None:
        return "date unknown"
    premiere, finale = air.get("premiere"), air.get("finale") or air.get("premiere")
    if premiere is None or finale is None:
        return "no air dates"
    if span[1] < premiere:
        return "before"
    if span[0] > finale:
        return "after"
    if premiere <= span[0] and span[1] <= finale:
        return "during"
    return "around"  # a year- or month-precise date that straddles an air date


def timeline(
    db: sqlite_utils.Database,
    seasons: Sequence[int] = (),
    *,
    include_unverified: bool = False,
    show: str | None = None,
) -> list[dict[str, Any]]:
    """Each season's events (air dates, releases) in date order, show by show (of one show when
    ``show`` is given)."""
    rows: list[dict[str, Any]] = []
    only = " where show = ?" if show else ""
    for s in db.query(
        f"select show, number, data from seasons{only} order by {SHOW_ORDER}, number",
        [show] if show else [],
    ):
        if seasons and s["number"] not in seasons:
            continue
        facts = json.loads(s["data"] or "{}").get("facts", {})
        air = _air_dates(facts)
        events = [
            {
                "date": day.isoformat(),
                "show": s["show"],
                "season": s["number"],
                "when": "",
                "event": key,
                "id": None,
                "title": None,
                "artists": [],
                "status": None,
                "sources": facts[key].get("sources", []),
                "uncertain": [],
            }
            for key, day in air.items()
        ]
        for t in catalogue.iter_tracks(
            db, show=s["show"], seasons=(s["number"],), include_unverified=include_unverified
        ):
            events.append(
                {
                    "date": t["release_date"],
                    "show": s["show"],
                    "season": s["number"],
                    "when": when(t["release_date"], air),
                    "event": "release",
                    "id": t["id"],
                    "title": t["title"],
                    "artists": t["artists"],
                    "status": t["status"],
                    "sources": [],
                    "uncertain": [
                        column
                        for field, column in UNCERTAIN_COLUMNS.items()
                        if field in t["uncertain"]
                    ],
                }
            )
        # On an air date: the premiere opens the day, the finale closes it.
        place = {"premiere": 0, "release": 1, "finale": 2}
        events.sort(key=lambda e: (e["date"] is None, e["date"] or "", place[e["event"]]))
        rows += events
    return rows
