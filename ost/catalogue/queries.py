"""The catalogue's queries: the track listings (``ost tracks``, playlists, the page), each
season's facts and counts, and everything known about one track.

Every filter is answered by SQLite with an index (the lookups ``store.reindex`` keeps); a
track's artists come with its row.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import sqlite_utils

from ost import dates, decisions
from ost.catalogue.store import BUNDLED_SHOW, Origin, TrackStatus
from ost.db import BY_ID
from ost.service import LINKS, ServiceName
from ost.text import fold

# The show's time for matching: from this long before the premiere to this long after the finale.
WINDOW_BEFORE_DAYS = 183
WINDOW_AFTER_DAYS = 365


def parse_track_uri(text: str) -> str | None:
    """``spotify:track:<id>`` from a track URI or an open.spotify.com link; None otherwise."""
    return LINKS[ServiceName.SPOTIFY].parse(text)


_ARTISTS_JSON = """(
  select json_group_array(json_object('id', a.id, 'name', a.name, 'name_en', a.name_en,
                                      'aliases', a.aliases, 'note', a.note))
  from (select a.* from track_artists ta join artists a on a.id = ta.artist_id
        where ta.track_id = t.id order by ta.position) a
) as artists_json"""
_TRACKS_SQL = f"""
select t.*, {decisions.MATCH_COLUMNS}, {decisions.SERVICES_COLUMNS}, {_ARTISTS_JSON}
from tracks t {decisions.MATCH_JOIN} {decisions.SERVICES_JOIN}
"""


def artists_by_track(
    db: sqlite_utils.Database, track_ids: str | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Each track's artist rows, in credit order (of the tracks in ``track_ids``, a JSON list,
    when given)."""
    out: dict[str, list[dict[str, Any]]] = {}
    only = "where ta.track_id in (select value from json_each(?))" if track_ids else ""
    for r in db.query(
        f"""select ta.track_id, a.* from track_artists ta join artists a on a.id = ta.artist_id
            {only} order by ta.track_id, ta.position""",
        [track_ids] if track_ids else [],
    ):
        out.setdefault(r["track_id"], []).append(r)
    return out


def _artists_of(row: dict[str, Any]) -> list[dict[str, Any]]:
    """The artist rows a track query carries (``artists_json``), in credit order."""
    return list(json.loads(row["artists_json"] or "[]"))


def _shape(row: dict[str, Any], artists: list[dict[str, Any]]) -> dict[str, Any]:
    """A track as every listing shows it (the ``--json`` contract)."""
    names_en = [a["name_en"] for a in artists if a["name_en"]]
    return {
        "id": row["id"],
        "show": row["show"],
        "season": row["season"],
        "order": row["ord"],
        "title": row["title"],
        "title_en": row["title_en"],
        "aliases": json.loads(row["aliases"] or "[]"),
        "artists": [a["name"] for a in artists],
        "artists_en": [a["name_en"] or a["name"] for a in artists] if names_en else None,
        "release_date": row["release_date"],
        "episodes": json.loads(row["episodes"] or "[]"),
        "status": row["status"],
        "kind": row["kind"],
        "uncertain": json.loads(row["uncertain"] or "{}"),
        "match_status": row["match_status"],
        "spotify_uri": row["match_uri"]
        if row["match_status"] in decisions.COUNTS_AS_ACCEPTED
        else None,
        "services": decisions.services_of(row),
    }


SERVICE_KEYS = ("status", "id", "url")
SERVICE_COLUMNS = tuple(f"{s.value}_{k}" for s in ServiceName for k in SERVICE_KEYS)
"""``services`` as flat columns (``spotify_status``, ``spotify_id``, ..., ``ytmusic_url``), for
CSV, which has no nested values."""


def flat_services(row: dict[str, Any]) -> dict[str, Any]:
    """A listing's row with each service's match as flat columns beside its other keys."""
    flat = {f"{s}_{k}": v for s, match in row["services"].items() for k, v in match.items()}
    return {**row, **flat}


def _in(column: str, values: tuple[Any, ...]) -> str:
    return f"{column} in ({', '.join('?' * len(values))})"


def _filters(
    show: str | None,
    seasons: tuple[int, ...],
    episode: int | None,
    artist: str | None,
    ids: tuple[str, ...] | None,
    title: str | None,
    include_unverified: bool,
) -> tuple[list[str], list[Any]]:
    """SQL conditions (each answered by an index) and their parameters."""
    where: list[str] = []
    params: list[Any] = []
    if show is not None:
        where.append("t.show = ?")
        params.append(show)
    if seasons:
        where.append(_in("t.season", seasons))
        params.extend(seasons)
    if ids is not None:
        where.append("t.id in (select value from json_each(?))")
        params.append(json.dumps(list(ids)))
    if episode is not None:
        where.append("t.id in (select track_id from track_episodes where episode = ?)")
        params.append(episode)
    if artist is not None:
        # An artist whose folded name or alias is the text wins; only when none is, names that
        # contain it (artists are few next to tracks). Then the credited tracks, by index.
        where.append(
            "t.id in (select ta.track_id from track_artists ta where ta.artist_id in "
            "(select artist_id from artist_keys where ? != '' and (key = ? or "
            "(instr(key, ?) > 0 and not exists (select 1 from artist_keys where key = ?)))))"
        )
        params.extend([fold(artist)] * 4)
    if title is not None:
        where.append("t.id in (select track_id from title_keys where key = ?)")
        params.append(fold(title))
    if not include_unverified:
        where.append(f"t.status != '{TrackStatus.UNVERIFIED}'")
    return where, params


# A track's place in its season: its order; a known (not unverified, not discovered) release
# whose order the sources leave unknown goes just after the season's known orders, so ahead of
# the songs `ost discover --add` numbered after the known releases; anything else goes last.
_PLACE = (
    "(case when t.ord is not null then t.ord "
    f"when t.status != '{TrackStatus.UNVERIFIED}' and t.origin != '{Origin.DISCOVERED}' then "
    "(select coalesce(max(k.ord), 0) from tracks k "
    f"where k.show = t.show and k.season = t.season and k.origin != '{Origin.DISCOVERED}') "
    "+ 0.5 end)"
)
# Shows in listings: the bundled one first, then the others by key.
SHOW_ORDER = f"(t.show != '{BUNDLED_SHOW}'), t.show"


def iter_tracks(
    db: sqlite_utils.Database,
    *,
    show: str | None = None,
    seasons: tuple[int, ...] = (),
    episode: int | None = None,
    artist: str | None = None,
    ids: tuple[str, ...] | None = None,
    title: str | None = None,
    include_unverified: bool = False,
) -> Iterator[dict[str, Any]]:
    """Tracks in catalogue order (show, season, then release order; unknown order last), one at
    a time; of one show when ``show`` is given.

    Every filter is answered by SQLite with an index; each row's artists come with it.
    """
    where, params = _filters(show, seasons, episode, artist, ids, title, include_unverified)
    sql = _TRACKS_SQL + (" where " + " and ".join(where) if where else "")
    sql += f" order by {SHOW_ORDER}, t.season, {_PLACE} is null, {_PLACE}, {BY_ID.format('t.id')}"
    for r in db.query(sql, params):
        yield _shape(r, _artists_of(r))


def artist_names(a: dict[str, Any]) -> list[str]:
    """Every name an artist row is known by: name, romanised name, aliases."""
    names = [a["name"]] + ([a["name_en"]] if a.get("name_en") else [])
    return names + json.loads(a.get("aliases") or "[]")


def season_numbers(db: sqlite_utils.Database, show: str | None = None) -> list[int]:
    """The seasons' numbers, of every show (each number once) or of one."""
    if show is None:
        return [r[0] for r in db.execute("select distinct number from seasons order by number")]
    return [
        r[0]
        for r in db.execute("select number from seasons where show = ? order by number", [show])
    ]


_SEASON_COUNTS = f"""
select t.show, t.season, count(*) as tracks,
       {", ".join(f"sum(t.status = '{s}') as {s}" for s in TrackStatus)},
       sum(m.status in {decisions.sql_set(decisions.COUNTS_AS_ACCEPTED)}) as with_recording
from tracks t {decisions.MATCH_JOIN}
group by t.show, t.season
"""


def season_rows(db: sqlite_utils.Database, show: str | None = None) -> list[dict[str, Any]]:
    """Each season's facts and counts, shows in listing order (of one show when given)."""
    counts = {(r["show"], r["season"]): r for r in db.query(_SEASON_COUNTS)}
    out = []
    only = "where show = ?" if show is not None else ""
    order = SHOW_ORDER.replace("t.show", "show")
    for s in db.query(
        f"select * from seasons {only} order by {order}, number", [show] * bool(only)
    ):
        data = json.loads(s["data"])
        c = counts.get((s["show"], s["number"]), {})
        out.append(
            {
                "show": s["show"],
                "season": s["number"],
                "title": s["title"],
                "title_en": s["title_en"],
                **{k: f.get("value") for k, f in data.get("facts", {}).items()},
                "cast": data.get("cast", []),
                "tracks": c.get(TrackStatus.CONFIRMED) or 0,
                "unverified_tracks": c.get(TrackStatus.UNVERIFIED) or 0,
                **{s.value: c.get(s) or 0 for s in sorted(TrackStatus)},
                "with_recording": c.get("with_recording") or 0,
                "facts": data.get("facts", {}),
                "sources": data.get("sources", []),
            }
        )
    return out


def season_window(
    db: sqlite_utils.Database, season: int, show: str = BUNDLED_SHOW
) -> tuple[date, date] | None:
    """The show's time: six months before the premiere to a year after the finale (for a show a
    user added, the days its file gives: ``window_days``)."""
    row = db.execute(
        "select data from seasons where show = ? and number = ?", [show, season]
    ).fetchone()
    if not row:
        return None
    data = json.loads(row[0])
    before, after = data.get("window_days", (WINDOW_BEFORE_DAYS, WINDOW_AFTER_DAYS))
    facts = data.get("facts", {})
    try:
        premiere = dates.parse_day(facts["premiere"]["value"])
        finale = dates.parse_day(facts.get("finale", facts["premiere"])["value"])
    except (KeyError, TypeError):
        return None
    if premiere is None or finale is None:
        return None
    return dates.shift(premiere, -before), dates.shift(finale, after)


def track_detail(db: sqlite_utils.Database, track_id: str) -> dict[str, Any]:
    """Everything known about one track, sources and match included."""
    row = next(db.query(_TRACKS_SQL + " where t.id = ?", [track_id]))
    artists = _artists_of(row)
    out = _shape(row, artists)
    out.update(
        {
            "credits": json.loads(row["credits"] or "[]"),
            "note": row["note"],
            "origin": row["origin"],
            "user_fields": [
                {"ord": "order"}.get(f, f) for f in json.loads(row["user_fields"] or "[]")
            ],
            "sources": json.loads(row["sources"] or "[]"),
            "artist_details": [
                {
                    "id": a["id"],
                    "name": a["name"],
                    "name_en": a["name_en"],
                    "aliases": json.loads(a["aliases"] or "[]"),
                    "note": a["note"],
                }
                for a in artists
            ],
        }
    )
    matches = decisions.for_show_all(db, track_id)
    if matches[ServiceName.SPOTIFY.value]:
        out["match"] = matches[ServiceName.SPOTIFY.value]  # Spotify's, as it always was
    out["matches"] = matches
    return out
