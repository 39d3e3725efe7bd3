"""The catalogue: the bundled data files loaded into SQLite, and the queries the commands run.

The bundled files (``data/*.toml``) are loaded on first use and again whenever their content
changes (a newer ost). A refresh upserts: it never removes what a user imported or decided.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlite_utils

from ost import dates, decisions, paths, reading
from ost.db import open_db, setting_up
from ost.errors import InputError
from ost.text import fold

if TYPE_CHECKING:  # the scorer's types are imported by the functions that build them
    from ost.match.types import Wanted

STATUSES = ("confirmed", "unverified")  # what a bundled data file may say
TRACK_STATUSES = (*STATUSES, "discovered")  # and what discovery adds (`ost discover --add`)
ARTISTS_FILE = "artists.toml"
TRACK_FIELDS = (
    "season",
    "ord",
    "title",
    "title_en",
    "aliases",
    "release_date",
    "episodes",
    "credits",
    "uncertain",
    "status",
    "note",
    "sources",
)
# The show's time for matching: from this long before the premiere to this long after the finale.
WINDOW_BEFORE_DAYS = 183
WINDOW_AFTER_DAYS = 365
AIR_DATES = ("premiere", "finale")
MAX_DATA_FILE_BYTES = 8 << 20  # a bundled data file; they are read on every start


@dataclass
class Bundle:
    """The bundled catalogue as parsed from its files, ready to upsert."""

    seasons: list[dict[str, Any]] = field(default_factory=list)
    artists: list[dict[str, Any]] = field(default_factory=list)
    tracks: list[dict[str, Any]] = field(default_factory=list)
    track_artists: list[dict[str, Any]] = field(default_factory=list)
    digest: str = ""


# --- reading the bundled files -----------------------------------------------------------------


def _read_toml(path: Path) -> dict[str, Any]:
    return reading.read_toml(path, MAX_DATA_FILE_BYTES)


def _require(path: Path, where: str, obj: dict[str, Any], key: str, kind: type) -> Any:
    value = obj.get(key)
    if not isinstance(value, kind) or (isinstance(value, str) and not value.strip()):
        raise InputError(f"{path}: {where}: '{key}' must be a non-empty {kind.__name__}")
    return value


def _check_day(path: Path, where: str, key: str, value: Any) -> None:
    day = dates.parse_day(value)
    if day is None:
        raise InputError(f"{path}: {where}: '{key}' must be a date like 2022-01-27")
    if not dates.in_range(day):
        raise InputError(f"{path}: {where}: '{key}' {dates.outside(day)}")


def _iso(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(value)


def bundle_digest(data_dir: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(data_dir.glob("*.toml")):
        h.update(path.name.encode())
        h.update(reading.read_bytes(path, MAX_DATA_FILE_BYTES))
    return h.hexdigest()


def load_bundle(data_dir: Path | None = None) -> Bundle:
    """Parse and check the bundled data files. A mistake names the file and the key."""
    data_dir = data_dir or paths.bundled_data_dir()
    bundle = Bundle(digest=bundle_digest(data_dir))
    artists_path = data_dir / ARTISTS_FILE
    for artist_id, a in _read_toml(artists_path).items():
        _require(artists_path, f"[{artist_id}]", a, "name", str)
        bundle.artists.append(_artist_row(artist_id, a))
    known = {a["id"] for a in bundle.artists}
    for path in sorted(data_dir.glob("soundtrack-*.toml")):
        doc = _read_toml(path)
        try:
            _load_season_file(path, doc, known, bundle)
        except RecursionError:  # tables a dotted key nests deeper than JSON can store
            raise InputError(f"{path}: {reading.NESTED}") from None
    return bundle


def _artist_row(artist_id: str, a: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": artist_id,
        "name": a["name"],
        "name_en": a.get("name_en"),
        "aliases": json.dumps(a.get("aliases", []), ensure_ascii=False),
        "note": a.get("note"),
        "origin": "bundled",
    }


def _load_season_file(path: Path, doc: dict[str, Any], artists: set[str], bundle: Bundle) -> None:
    season = _require(path, "top level", doc, "season", dict)
    number = _require(path, "[season]", season, "number", int)
    _require(path, "[season]", season, "title", str)
    extra = {k: v for k, v in season.items() if k not in ("number", "title", "title_en")}
    facts = season.get("facts", {})
    for key in AIR_DATES:
        fact = facts.get(key) if isinstance(facts, dict) else None
        if isinstance(fact, dict) and "value" in fact:
            _check_day(path, f"[season.facts.{key}]", "value", fact["value"])
    bundle.seasons.append(
        {
            "number": number,
            "title": season["title"],
            "title_en": season.get("title_en"),
            "data": json.dumps(extra, ensure_ascii=False, default=_iso),
        }
    )
    for i, t in enumerate(doc.get("tracks", []), 1):
        where = f"[[tracks]] #{i}"
        track_id = _require(path, where, t, "id", str)
        _require(path, where, t, "title", str)
        names = _require(path, where, t, "artists", list)
        if "release_date" in t:
            _check_day(path, where, "release_date", t["release_date"])
        if t.get("status", "confirmed") not in STATUSES:
            raise InputError(f"{path}: {where}: 'status' must be one of {', '.join(STATUSES)}")
        for pos, artist_id in enumerate(names):
            if artist_id not in artists:
                raise InputError(
                    f"{path}: {where}: unknown artist '{artist_id}' (not in {ARTISTS_FILE})"
                )
            bundle.track_artists.append(
                {"track_id": track_id, "artist_id": artist_id, "position": pos}
            )
        bundle.tracks.append(_track_row(t, number))


def _track_row(t: dict[str, Any], season: int) -> dict[str, Any]:
    return {
        "id": t["id"],
        "season": season,
        "ord": t.get("order"),
        "title": t["title"],
        "title_en": t.get("title_en"),
        "aliases": json.dumps(t.get("aliases", []), ensure_ascii=False),
        "release_date": _iso(t.get("release_date")),
        "episodes": json.dumps(t.get("episodes", [])),
        "credits": json.dumps(t.get("credits", []), ensure_ascii=False),
        "uncertain": json.dumps(t.get("uncertain", {}), ensure_ascii=False),
        "status": t.get("status", "confirmed"),
        "note": t.get("note"),
        "sources": json.dumps(t.get("sources", []), ensure_ascii=False),
    }


# --- loading into the database ------------------------------------------------------------------


def open_catalogue(path: Path | None = None, data_dir: Path | None = None) -> sqlite_utils.Database:
    """The database, migrated, with the bundled catalogue loaded or refreshed if it changed."""
    db = open_db(path)
    data_dir = data_dir or paths.bundled_data_dir()
    digest = bundle_digest(data_dir)
    if _stored_digest(db) != digest:
        # Another ost starting now may be loading it too: one at a time, and the second
        # finds it loaded.
        with setting_up(path or paths.db_path()):
            if _stored_digest(db) != digest:
                refresh(db, load_bundle(data_dir))
    return db


def _stored_digest(db: sqlite_utils.Database) -> str | None:
    row = db.execute("select value from meta where key = 'bundle_digest'").fetchone()
    return row[0] if row else None


def refresh(db: sqlite_utils.Database, bundle: Bundle) -> None:
    """Upsert the bundle. Fields a user import set, user tracks and user decisions are kept.
    One transaction (``db.atomic()``: sqlite-utils commits inside ``with db.conn:``)."""
    with db.atomic():
        db.table("seasons").upsert_all(bundle.seasons, pk="number")
        user_artists = {r["id"] for r in db.table("artists").rows_where("origin = 'user'")}
        db.table("artists").upsert_all(
            [a for a in bundle.artists if a["id"] not in user_artists], pk="id"
        )
        existing = {r["id"]: r for r in db.table("tracks").rows_where("origin = 'bundled'")}
        for row in bundle.tracks:
            _upsert_bundled_track(db, row, existing.pop(row["id"], None))
        _replace_track_artists(db, bundle)
        for gone in existing.values():
            _drop_bundled_track(db, gone)
        reindex(db, None)
        db.table("meta").upsert({"key": "bundle_digest", "value": bundle.digest}, pk="key")


def _upsert_bundled_track(
    db: sqlite_utils.Database, row: dict[str, Any], old: dict[str, Any] | None
) -> None:
    kept = set(json.loads(old["user_fields"] or "[]")) if old else set()
    if old is None:
        row = {**row, "origin": "bundled", "user_fields": "[]"}
        db.table("tracks").insert(row, pk="id", replace=True)
        return
    db.table("tracks").update(
        row["id"], {k: v for k, v in row.items() if k not in kept and k != "id"}
    )


def _replace_track_artists(db: sqlite_utils.Database, bundle: Bundle) -> None:
    keep_user = {
        r["id"]
        for r in db.query(
            "select id from tracks where origin = 'bundled' and user_fields like '%\"artists\"%'"
        )
    }
    ids = {t["id"] for t in bundle.tracks} - keep_user
    for track_id in ids:
        db.execute("delete from track_artists where track_id = ?", [track_id])
    db.table("track_artists").insert_all(
        [ta for ta in bundle.track_artists if ta["track_id"] in ids], pk=("track_id", "artist_id")
    )


def _drop_bundled_track(db: sqlite_utils.Database, row: dict[str, Any]) -> None:
    """A track a newer catalogue no longer has goes, unless the user touched it."""
    if json.loads(row["user_fields"] or "[]") or decisions.user_touched(db, row["id"]):
        return
    decisions.forget_track(db, row["id"])
    db.execute("delete from track_artists where track_id = ?", [row["id"]])
    for table in TRACK_LOOKUPS:
        db.execute(f"delete from {table} where track_id = ?", [row["id"]])
    db.execute("delete from tracks where id = ?", [row["id"]])


# --- queries ----------------------------------------------------------------------------------

_TRACK_URI = re.compile(
    r"^(?:spotify:track:|https://open\.spotify\.com/(?:intl-[a-z]+/)?track/)([0-9A-Za-z]{22})(?:\?.*)?$"
)


def parse_track_uri(text: str) -> str | None:
    """``spotify:track:<id>`` from a track URI or an open.spotify.com link; None otherwise."""
    m = _TRACK_URI.match(text.strip())
    return f"spotify:track:{m.group(1)}" if m else None


_ARTISTS_JSON = """(
  select json_group_array(json_object('id', a.id, 'name', a.name, 'name_en', a.name_en,
                                      'aliases', a.aliases, 'note', a.note))
  from (select a.* from track_artists ta join artists a on a.id = ta.artist_id
        where ta.track_id = t.id order by ta.position) a
) as artists_json"""
_TRACKS_SQL = f"""
select t.*, {decisions.MATCH_COLUMNS}, {_ARTISTS_JSON}
from tracks t {decisions.MATCH_JOIN}
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
        "uncertain": json.loads(row["uncertain"] or "{}"),
        "match_status": row["match_status"],
        "spotify_uri": row["match_uri"]
        if row["match_status"] in decisions.COUNTS_AS_ACCEPTED
        else None,
    }


def _in(column: str, values: tuple[Any, ...]) -> str:
    return f"{column} in ({', '.join('?' * len(values))})"


def _filters(
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
        where.append("t.status != 'unverified'")
    return where, params


# A track's place in its season: its order; a known (not unverified, not discovered) release
# whose order the sources leave unknown goes just after the season's known orders, so ahead of
# the songs `ost discover --add` numbered after the known releases; anything else goes last.
_PLACE = (
    "(case when t.ord is not null then t.ord "
    "when t.status != 'unverified' and t.origin != 'discovered' then "
    "(select coalesce(max(k.ord), 0) from tracks k "
    "where k.season = t.season and k.origin != 'discovered') + 0.5 end)"
)


def iter_tracks(
    db: sqlite_utils.Database,
    *,
    seasons: tuple[int, ...] = (),
    episode: int | None = None,
    artist: str | None = None,
    ids: tuple[str, ...] | None = None,
    title: str | None = None,
    include_unverified: bool = False,
) -> Iterator[dict[str, Any]]:
    """Tracks in catalogue order (season, then release order; unknown order last), one at a time.

    Every filter is answered by SQLite with an index; each row's artists come with it.
    """
    where, params = _filters(seasons, episode, artist, ids, title, include_unverified)
    sql = _TRACKS_SQL + (" where " + " and ".join(where) if where else "")
    sql += f" order by t.season, {_PLACE} is null, {_PLACE}, t.id"
    for r in db.query(sql, params):
        yield _shape(r, _artists_of(r))


def list_tracks(
    db: sqlite_utils.Database,
    *,
    seasons: tuple[int, ...] = (),
    episode: int | None = None,
    artist: str | None = None,
    include_unverified: bool = False,
) -> list[dict[str, Any]]:
    """``iter_tracks`` as a list."""
    return list(
        iter_tracks(
            db,
            seasons=seasons,
            episode=episode,
            artist=artist,
            include_unverified=include_unverified,
        )
    )


def artist_exactly_named(db: sqlite_utils.Database, text: str) -> bool:
    """Whether some artist's name or alias is ``text`` (case and spacing aside). When one is,
    `--artist` means that artist alone, not every name containing the text (K, not KYUHYUN)."""
    key = fold(text)
    rows = db.query("select name, name_en, aliases from artists")
    return bool(key) and any(fold(n) == key for a in rows for n in artist_names(a))


def artist_names(a: dict[str, Any]) -> list[str]:
    """Every name an artist row is known by: name, romanised name, aliases."""
    names = [a["name"]] + ([a["name_en"]] if a.get("name_en") else [])
    return names + json.loads(a.get("aliases") or "[]")


def season_numbers(db: sqlite_utils.Database) -> list[int]:
    return [r[0] for r in db.execute("select number from seasons order by number")]


# --- lookups kept in step with the rows ------------------------------------------------------


TRACK_LOOKUPS = ("title_keys", "track_episodes", "id_keys", "title_words")
"""The lookup tables with a row per track (or per title rendering, word, episode)."""


def _ids_param(track_ids: Iterable[str]) -> str:
    return json.dumps(list(dict.fromkeys(track_ids)))


def reindex(db: sqlite_utils.Database, track_ids: Iterable[str] | None) -> None:
    """Bring the lookup tables (folded titles, episodes, folded artist names, id keys, title
    words) in step with the rows of these tracks and their artists; ``None`` rebuilds them all.
    Every writer of ``tracks``, ``track_artists`` or ``artists`` calls it inside its own
    transaction."""
    if track_ids is None:
        present = set(db.table_names())  # an early migration rebuilds before later tables exist
        lookups = tuple(t for t in TRACK_LOOKUPS if t in present)
        for table in (*lookups, "artist_keys"):
            db.execute(f"delete from {table}")
        tracks = db.execute("select id, title, title_en, aliases, episodes from tracks")
        artists = db.execute("select id, name, name_en, aliases from artists")
    else:
        lookups = TRACK_LOOKUPS
        ids = _ids_param(track_ids)
        chosen = "(select value from json_each(?))"
        for table in TRACK_LOOKUPS:
            db.execute(f"delete from {table} where track_id in {chosen}", [ids])
        credited = f"(select artist_id from track_artists where track_id in {chosen})"
        db.execute(f"delete from artist_keys where artist_id in {credited}", [ids])
        tracks = db.execute(
            f"select id, title, title_en, aliases, episodes from tracks where id in {chosen}", [ids]
        )
        artists = db.execute(
            f"select id, name, name_en, aliases from artists where id in {credited}", [ids]
        )
    _insert_track_keys(db, tracks, lookups)
    db.conn.executemany(
        "insert or ignore into artist_keys (key, artist_id) values (?, ?)",
        (
            (key, artist_id)
            for artist_id, name, name_en, aliases in list(artists)
            for key in _keys([name, name_en, *json.loads(aliases or "[]")])
        ),
    )


def _insert_track_keys(
    db: sqlite_utils.Database, rows: Iterable[Any], lookups: tuple[str, ...] = TRACK_LOOKUPS
) -> None:
    from ost.resolve import id_key, words

    titles, episodes, ids, title_words = [], [], [], []
    for track_id, title, title_en, aliases, eps in rows:
        names = [n for n in (title, title_en, *json.loads(aliases or "[]")) if n]
        titles += [(k, track_id) for k in _keys(names)]
        episodes += [(e, track_id) for e in set(json.loads(eps or "[]")) if isinstance(e, int)]
        ids.append((id_key(track_id), track_id))
        title_words += [(w, fold(n), track_id) for n in names for w in set(words(n))]
    db.conn.executemany("insert or ignore into title_keys (key, track_id) values (?, ?)", titles)
    db.conn.executemany(
        "insert or ignore into track_episodes (episode, track_id) values (?, ?)", episodes
    )
    if "id_keys" in lookups:  # not yet there when migration m008 rebuilds the others
        db.conn.executemany("insert or ignore into id_keys (key, track_id) values (?, ?)", ids)
        db.conn.executemany(
            "insert or ignore into title_words (word, key, track_id) values (?, ?, ?)",
            title_words,
        )


def _keys(names: Iterable[str | None]) -> set[str]:
    return {key for name in names if name for key in [fold(name)] if key}


_SEASON_COUNTS = f"""
select t.season, count(*) as tracks,
       sum(t.status = 'confirmed') as confirmed,
       sum(t.status = 'discovered') as discovered,
       sum(t.status = 'unverified') as unverified,
       sum(m.status in {decisions.sql_set(decisions.COUNTS_AS_ACCEPTED)}) as with_recording
from tracks t {decisions.MATCH_JOIN}
group by t.season
"""


def season_rows(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    counts = {r["season"]: r for r in db.query(_SEASON_COUNTS)}
    out = []
    for s in db.query("select * from seasons order by number"):
        data = json.loads(s["data"])
        c = counts.get(s["number"], {})
        out.append(
            {
                "season": s["number"],
                "title": s["title"],
                "title_en": s["title_en"],
                **{k: f.get("value") for k, f in data.get("facts", {}).items()},
                "cast": data.get("cast", []),
                "tracks": c.get("confirmed") or 0,
                "unverified_tracks": c.get("unverified") or 0,
                "confirmed": c.get("confirmed") or 0,
                "discovered": c.get("discovered") or 0,
                "unverified": c.get("unverified") or 0,
                "with_recording": c.get("with_recording") or 0,
                "facts": data.get("facts", {}),
                "sources": data.get("sources", []),
            }
        )
    return out


def season_window(db: sqlite_utils.Database, season: int) -> tuple[date, date] | None:
    """The show's time: six months before the premiere to a year after the finale."""
    row = db.execute("select data from seasons where number = ?", [season]).fetchone()
    if not row:
        return None
    facts = json.loads(row[0]).get("facts", {})
    try:
        premiere = dates.parse_day(facts["premiere"]["value"])
        finale = dates.parse_day(facts.get("finale", facts["premiere"])["value"])
    except (KeyError, TypeError):
        return None
    if premiere is None or finale is None:
        return None
    return dates.shift(premiere, -WINDOW_BEFORE_DAYS), dates.shift(finale, WINDOW_AFTER_DAYS)


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
    match = decisions.for_show(db, track_id)
    if match:
        out["match"] = match
    return out


# --- tracks as the scorer sees them (Wanted), for every source of recordings ------------------


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
    windows = {s: season_window(db, s) for s in {rows[t]["season"] for t in track_ids}}
    seasons = {r["number"]: r for r in db.table("seasons").rows}
    return [
        _target(
            rows[t], by_track.get(t, []), windows[rows[t]["season"]], seasons.get(rows[t]["season"])
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
    from ost.match.types import Wanted

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
    )


def wanted_with_durations(db: sqlite_utils.Database) -> list[Wanted]:
    """Every catalogue track as the scorer sees it, with the length of its accepted recording
    where one is known (local files are then judged on length too)."""
    ids = [r["id"] for r in db.query("select id from tracks order by season, ord, id")]
    lengths = decisions.accepted_lengths(db)
    return [replace(t.wanted, duration_ms=lengths.get(t.wanted.track_id)) for t in targets(db, ids)]
