"""The one writer of the catalogue's rows: ``tracks``, ``artists`` and ``track_artists``, and the
lookup tables read by index (``title_keys``, ``artist_keys``, ``track_episodes``, ``id_keys``,
``title_words``), which follow the rows.

The bundled refresh, ``ost import`` and ``ost discover --add`` write through a ``Writer`` with
their rows; the defaults of a row, the encoding of its JSON columns and the words for a track's
status and a row's origin are defined here, once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from types import TracebackType
from typing import Any

import sqlite_utils

from ost.db.schema import BUNDLED_SHOW as BUNDLED_SHOW  # a row that names no show is its
from ost.text import fold


class TrackStatus(StrEnum):
    """How sure the catalogue is that a song belongs to the show (``tracks.status``)."""

    CONFIRMED = "confirmed"  # written sources confirm the release
    UNVERIFIED = "unverified"  # a single low-reliability source only
    DISCOVERED = "discovered"  # found among the season's OST albums (`ost discover --add`)


BUNDLE_STATUSES = (TrackStatus.CONFIRMED, TrackStatus.UNVERIFIED)  # what a data file may say


class Kind(StrEnum):
    """What a track is to its show (``tracks.kind``)."""

    SONG = "song"
    SCORE = "score"  # a piece of the music director's, on a full OST album (`ost discover`)


class Origin(StrEnum):
    """Who added a track or an artist (``tracks.origin``, ``artists.origin``)."""

    BUNDLED = "bundled"  # the data files shipped with ost
    USER = "user"  # a user's `ost import`
    DISCOVERED = "discovered"  # `ost discover --add`


TRACK_COLUMNS = (
    "id",
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
    "origin",
    "user_fields",
    "show",
    "kind",
)
TRACK_DEFAULTS: Mapping[str, Any] = {
    "ord": None,
    "title_en": None,
    "aliases": (),  # other renderings of the title
    "release_date": None,
    "episodes": (),
    "credits": (),  # {role, name, note}
    "uncertain": {},  # field -> what is uncertain about it
    "status": TrackStatus.CONFIRMED,
    "note": None,
    "sources": (),  # URLs
    "user_fields": (),  # the columns a user's import set: a refresh keeps them
    "show": BUNDLED_SHOW,
    "kind": Kind.SONG,
}
ARTIST_COLUMNS = ("id", "name", "name_en", "aliases", "note", "origin")
_KNOWN = {TRACK_COLUMNS: frozenset(TRACK_COLUMNS), ARTIST_COLUMNS: frozenset(ARTIST_COLUMNS)}
ARTIST_DEFAULTS: Mapping[str, Any] = {"name_en": None, "aliases": (), "note": None}
JSON_COLUMNS = frozenset({"aliases", "episodes", "credits", "uncertain", "sources", "user_fields"})
LOOKUP_COLUMNS = frozenset({"title", "title_en", "aliases", "episodes"})  # what the lookups read
TRACK_LOOKUPS = ("title_keys", "track_episodes", "id_keys", "title_words")
"""The lookup tables with a row per track (or per title rendering, word, episode)."""


class Writer:
    """Writes the catalogue's rows inside the caller's transaction (``db.atomic()``). Leaving the
    ``with`` block brings the lookups of every track it touched in step; after an exception it
    does nothing more (the caller's transaction rolls back)."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        self._touched: dict[str, None] = {}  # track ids, in order, once each
        self._everything = False

    def __enter__(self) -> Writer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if kind is None:
            self.reindex()

    def add_tracks(self, rows: Iterable[Mapping[str, Any]], *, replace: bool = False) -> None:
        """Insert tracks: id, season, title and origin given, any other column its default.
        ``replace``: a track of the same id is replaced."""
        values = [_values(TRACK_COLUMNS, TRACK_DEFAULTS, row) for row in rows]
        verb = "insert or replace" if replace else "insert"
        self.db.conn.executemany(f"{verb} into tracks {_places(TRACK_COLUMNS)}", values)
        self._touch(v[0] for v in values)

    def change_tracks(self, changes: Iterable[tuple[str, Mapping[str, Any]]]) -> None:
        """Set these columns of these tracks (track id, {column: value}); the changes that set
        the same columns are one ``executemany``."""
        groups: dict[tuple[str, ...], list[list[Any]]] = {}
        for track_id, values in changes:
            if not values:
                continue  # nothing to set, no statement
            columns = tuple(sorted(values))
            _check_columns(columns, TRACK_COLUMNS)
            groups.setdefault(columns, []).append(
                [_cell(c, values[c]) for c in columns] + [track_id]
            )
            if LOOKUP_COLUMNS.intersection(columns):
                self._touch([track_id])
        for columns, rows in groups.items():
            sets = ", ".join(f"[{c}] = ?" for c in columns)
            self.db.conn.executemany(f"update tracks set {sets} where id = ?", rows)

    def credit(self, artists: Mapping[str, Sequence[str]]) -> None:
        """Each track's artists (ids, in credit order) in place of those it had; an artist
        named twice is credited once, at the first place."""
        conn = self.db.conn
        conn.executemany("delete from track_artists where track_id = ?", [(t,) for t in artists])
        conn.executemany(
            "insert or ignore into track_artists (track_id, artist_id, position) values (?, ?, ?)",
            [(t, a, i) for t, ids in artists.items() for i, a in enumerate(ids)],
        )
        self._touch(artists)

    def add_artists(self, rows: Iterable[Mapping[str, Any]], *, update: bool = False) -> None:
        """Insert artists: id, name and origin given, any other column its default. ``update``:
        an artist of the same id takes these values (and the tracks credited to it, its names)."""
        values = [_values(ARTIST_COLUMNS, ARTIST_DEFAULTS, row) for row in rows]
        sets = ", ".join(f"[{c}] = excluded.[{c}]" for c in ARTIST_COLUMNS[1:])
        upsert = f" on conflict (id) do update set {sets}" if update else ""
        self.db.conn.executemany(f"insert into artists {_places(ARTIST_COLUMNS)}{upsert}", values)
        if update and values:
            credited = self.db.execute(
                "select track_id from track_artists where artist_id in "
                "(select value from json_each(?))",
                [_ids_param(v[0] for v in values)],
            )
            self._touch(r[0] for r in credited)

    def put_seasons(self, rows: Iterable[Mapping[str, Any]]) -> None:
        """Insert or update seasons: show, number, title, title_en and data (a JSON object of
        the season's other facts) given."""
        values = [
            [r.get("show", BUNDLED_SHOW), r["number"], r["title"], r.get("title_en"), r["data"]]
            for r in rows
        ]
        self.db.conn.executemany(
            "insert into seasons (show, number, title, title_en, data) values (?, ?, ?, ?, ?) "
            "on conflict (show, number) do update set title = excluded.title, "
            "title_en = excluded.title_en, data = excluded.data",
            values,
        )

    def drop_seasons(self, show: str, keep: Iterable[int] = ()) -> None:
        """The show's seasons but those in ``keep`` and those that still hold tracks."""
        self.db.execute(
            "delete from seasons where show = ? and number not in (select value from json_each(?)) "
            "and number not in (select season from tracks where show = ?)",
            [show, json.dumps(list(keep)), show],
        )

    def drop_track(self, track_id: str) -> None:
        """A track, its credits and its lookups (its matches are the caller's: ``decisions``)."""
        self.db.execute("delete from track_artists where track_id = ?", [track_id])
        for table in TRACK_LOOKUPS:
            self.db.execute(f"delete from {table} where track_id = ?", [track_id])
        self.db.execute("delete from tracks where id = ?", [track_id])
        self._touched.pop(track_id, None)

    def reindex_all(self) -> None:
        """Rebuild every lookup on leaving, not only the touched tracks'."""
        self._everything = True

    def reindex(self) -> None:
        if self._everything:
            reindex(self.db, None)
        elif self._touched:
            reindex(self.db, self._touched)
        self._touched.clear()

    def _touch(self, track_ids: Iterable[str]) -> None:
        self._touched.update(dict.fromkeys(track_ids))


def _values(
    columns: tuple[str, ...], defaults: Mapping[str, Any], row: Mapping[str, Any]
) -> list[Any]:
    _check_columns(row, columns)
    return [_cell(c, row[c] if c in row else defaults[c]) for c in columns]


def _check_columns(given: Iterable[str], table: tuple[str, ...]) -> None:
    unknown = set(given) - _KNOWN[table]
    if unknown:  # a mistake in ost's code, never in a user's input
        raise ValueError(f"no such column: {', '.join(sorted(unknown))}")


def _cell(column: str, value: Any) -> Any:
    """A value as its column stores it: the JSON columns as JSON text."""
    if column in JSON_COLUMNS:
        return json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False)
    return value


def _places(columns: Sequence[str]) -> str:
    return f"({', '.join(columns)}) values ({', '.join('?' * len(columns))})"


def _ids_param(track_ids: Iterable[str]) -> str:
    return json.dumps(list(dict.fromkeys(track_ids)))


# --- the lookups ---------------------------------------------------------------------------------


def reindex(db: sqlite_utils.Database, track_ids: Iterable[str] | None) -> None:
    """Bring the lookup tables (folded titles, episodes, folded artist names, id keys, title
    words) in step with the rows of these tracks and their artists; ``None`` rebuilds them all.
    A ``Writer`` calls it on leaving; opening the catalogue, for what a migration marked."""
    if track_ids is None:
        for table in (*TRACK_LOOKUPS, "artist_keys"):
            db.execute(f"delete from {table}")
        tracks = db.execute("select id, title, title_en, aliases, episodes from tracks")
        artists = db.execute("select id, name, name_en, aliases from artists")
    else:
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
    _insert_track_keys(db, tracks)
    db.conn.executemany(
        "insert or ignore into artist_keys (key, artist_id) values (?, ?)",
        (
            (key, artist_id)
            for artist_id, name, name_en, aliases in list(artists)
            for key in _keys([name, name_en, *json.loads(aliases or "[]")])
        ),
    )


def _insert_track_keys(db: sqlite_utils.Database, rows: Iterable[Any]) -> None:
    from ost.resolve import id_key, words  # the resolver's keys; loaded only when writing

    titles, episodes, ids, title_words = [], [], [], []
    for track_id, title, title_en, aliases, eps in rows:
        names = [n for n in (title, title_en, *json.loads(aliases or "[]")) if n]
        titles += [(k, track_id) for k in _keys(names)]
        episodes += [(e, track_id) for e in set(json.loads(eps or "[]")) if isinstance(e, int)]
        ids.append((id_key(track_id), track_id))
        title_words += [(w, fold(n), track_id) for n in names for w in set(words(n))]
    conn = db.conn
    conn.executemany("insert or ignore into title_keys (key, track_id) values (?, ?)", titles)
    conn.executemany(
        "insert or ignore into track_episodes (episode, track_id) values (?, ?)", episodes
    )
    conn.executemany("insert or ignore into id_keys (key, track_id) values (?, ?)", ids)
    conn.executemany(
        "insert or ignore into title_words (word, key, track_id) values (?, ?, ?)", title_words
    )


def _keys(names: Iterable[str | None]) -> set[str]:
    return {key for name in names if name for key in [fold(name)] if key}
