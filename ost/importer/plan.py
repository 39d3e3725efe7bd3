"""Planning an import against the catalogue, and writing it: all or nothing.

Each batch of records is placed (an existing track by id or by title within its season, else a
new one), compared with the catalogue and described; a clean file's writes go through the
catalogue's one writer (``ost.catalogue.store``) in one transaction (``db.atomic()``), so that a
kill or Ctrl-C at any instant leaves the catalogue exactly as before or exactly as after.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import sqlite_utils

from ost import dates, decisions
from ost.catalogue.queries import artist_names
from ost.catalogue.store import BUNDLED_SHOW, Origin, Writer
from ost.errors import InputError
from ost.importer.fields import REQUIRED, Record
from ost.importer.read import Problems, read_records
from ost.resolve import id_key
from ost.text import fold

BATCH = 1000  # records looked up and written per round trip


@dataclass
class Plan:
    """What an import does (or would do): counts, the first rows described, new artists."""

    path: Path
    name: str = ""  # how messages name the file ("<stdin>" for standard input)
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    lines: list[str] = field(default_factory=list)  # rows described, up to the limit asked for
    more: int = 0  # rows not described
    new_artists: list[tuple[str, int]] = field(default_factory=list)  # (name, line)

    def summary(self) -> str:
        return f"{self.added} added, {self.changed} changed, {self.unchanged} unchanged"

    def describe(self) -> list[str]:
        # rows not shown are spoken of only after some were: a plain import lists none
        more = [f"… and {self.more} more rows (-v shows all)"] if self.more and self.lines else []
        return self.lines + more


def _show(value: Any) -> str:
    """A value in a change line: lists joined by "; ", nothing as "(none)", long text cut."""
    if value is None or value == []:
        return "(none)"
    text = "; ".join(map(str, value)) if isinstance(value, list) else str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def plan_import(db: sqlite_utils.Database, path: Path, *, describe: int | None = 20) -> Plan:
    """Check the whole file against the catalogue and say what an import would do; write nothing."""
    return run_import(db, path, dry_run=True, describe=describe)


def apply(db: sqlite_utils.Database, plan: Plan) -> Plan:
    """Import the file a plan was made from (checked again: the catalogue may have moved on)."""
    return run_import(db, plan.path, describe=0, name=plan.name or None)


def run_import(
    db: sqlite_utils.Database,
    path: Path,
    *,
    dry_run: bool = False,
    describe: int | None = 0,
    name: str | None = None,
) -> Plan:
    """Import ``path``, all or nothing, in one transaction; ``describe`` rows (None: all) are
    described in the returned plan. A dry run checks everything the same way and writes nothing.
    Messages name the file ``name`` (default: its path)."""
    plan = Plan(path=path, name=name or str(path))
    problems = Problems(plan.name)
    with db.atomic():
        run = _Run(db, plan, problems, describe, write=not dry_run)
        try:
            for batch in _batches(read_records(path, problems, plan.name), BATCH):
                run.take(batch)
        except InputError as e:
            raise problems.error(e) if problems.count else e from None
        if problems.count:
            raise problems.error()
    return plan


def _batches(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    it = iter(records)
    while batch := list(islice(it, size)):
        yield batch


class _Run:
    """One import: the catalogue's keys in memory (ids, folded titles, artist names), each
    batch's current rows read by id, and its writes made with ``executemany``."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        plan: Plan,
        problems: Problems,
        describe: int | None,
        *,
        write: bool,
    ):
        self.db, self.plan, self.problems = db, plan, problems
        self.describe_limit, self.write = describe, write
        self.seasons = {
            (r[0], r[1]): json.loads(r[2])
            for r in db.execute("select show, number, data from seasons")
        }
        self.ids: dict[str, str] = {}  # id key (case and zero padding aside) -> the id as stored
        # "show:season:folded title" -> track id (a str is smaller)
        self.by_title: dict[str, str] = {}
        for track_id, show, season, title, title_en in db.execute(
            "select id, show, season, title, title_en from tracks"
        ):
            self.ids.setdefault(id_key(track_id), track_id)
            self._remember_titles(track_id, (show, season), title, title_en)
        self.seen: dict[str, int] = {}  # track id -> the line that named it
        self.next_user: dict[tuple[str, int], int] = {}
        self.artists = _ArtistResolver(db)
        self.artists_written = 0
        self.now = dates.now()

    def _remember_titles(self, track_id: str, place: tuple[str, int], *titles: str | None) -> None:
        for title in titles:
            if title:
                self.by_title.setdefault(f"{place[0]}:{place[1]}:{fold(title)}", track_id)

    # planning

    def take(self, batch: list[Record]) -> None:
        placed: list[tuple[Record, str, bool]] = []  # (record, track id, is new)
        for rec in batch:
            try:
                placed.append(self._place(rec))
            except InputError as e:
                self.problems.add(e)
        existing = [tid for _, tid, new in placed if not new]
        current = _current_rows(self.db, existing) if existing else {}
        writes = _Writes(self.now)
        for rec, track_id, new in list(placed):
            if not new and current[track_id]["_show"] != show_of(rec):
                self.problems.add(self._elsewhere(rec, track_id, current[track_id]["_show"]))
                placed.remove((rec, track_id, new))
        for rec, track_id, new in placed:
            artist_ids = self._artist_ids(rec)
            if new:
                self._added(rec, track_id)
                writes.add(rec, track_id, artist_ids)
                continue
            diff = _diff(current[track_id], rec, self.artists.by_name, by_id="id" in rec.values)
            if not diff:
                self.plan.unchanged += 1
                continue
            self.plan.changed += 1
            if self._noting():
                self._note(f"change {track_id}  " + _changes(diff, current[track_id]))
            writes.update(rec, track_id, set(diff), current[track_id], artist_ids)
        if self.write and not self.problems.count:
            with Writer(self.db) as writer:  # the batch's lookups follow on leaving
                writer.add_artists(self.artists.new[self.artists_written :])  # before the links
                self.artists_written = len(self.artists.new)
                writes.flush(writer)

    def _elsewhere(self, rec: Record, track_id: str, show: str) -> InputError:
        return InputError(
            f"{self.plan.name}:{rec.line}: {track_id} is a track of show {show}, not of "
            f"{show_of(rec)} (a track stays in its show)"
        )

    def _place(self, rec: Record) -> tuple[Record, str, bool]:
        self._check_season(rec)
        track_id = self._target(rec)
        new = track_id is None
        if track_id is None:
            track_id = rec.values.get("id") or self._new_id(show_of(rec), rec.season)
            self._check_new_id(rec, track_id)
            self.ids[id_key(track_id)] = track_id
        first = self.seen.get(track_id)
        self.seen.setdefault(track_id, rec.line)
        if first is not None:  # (two records may share a line in JSON)
            given = rec.values.get("id")
            named = f"id {given} is {track_id}" if given and given != track_id else track_id
            raise InputError(
                f"{self.plan.name}:{rec.line}: the same track as line {first} ({named}); "
                "list each song once"
            )
        place = (show_of(rec), rec.season)
        self._remember_titles(track_id, place, rec.title, rec.values.get("title_en"))
        return rec, track_id, new

    def _check_new_id(self, rec: Record, track_id: str) -> None:
        """A new track of a show a user added has an id after the show's key ("KEY:..."); the
        bundled show's have no colon: so ids stay unique across shows."""
        show = show_of(rec)
        prefix = track_id.split(":", 1)[0] if ":" in track_id else BUNDLED_SHOW
        if prefix != show:
            needs = f"start with '{show}:'" if show != BUNDLED_SHOW else "hold no ':'"
            raise InputError(
                f"{self.plan.name}:{rec.line}: the id {track_id} of a new track of show {show} "
                f"must {needs}"
            )

    def _check_season(self, rec: Record) -> None:
        where = f"{self.plan.name}:{rec.line}"
        show = show_of(rec)
        if (show, rec.season) not in self.seasons:
            shows = {s for s, _ in self.seasons}
            if show not in shows:
                known = ", ".join(sorted(shows))
                raise InputError(f"{where}: show {show} is not in the catalogue (shows: {known})")
            known = ", ".join(str(n) for s, n in sorted(self.seasons) if s == show)
            of = "" if show == BUNDLED_SHOW else f" of show {show}"
            raise InputError(
                f"{where}: season {rec.season}{of} is not in the catalogue (seasons: {known})"
            )
        facts = self.seasons[show, rec.season].get("facts", {})
        episodes = facts.get("episodes", {}).get("value")
        bad = [e for e in rec.values.get("episode", []) if episodes and e > episodes]
        if bad:
            raise InputError(
                f"{where}: episode {bad[0]}, but season {rec.season} has {episodes} episodes"
            )

    def _target(self, rec: Record) -> str | None:
        if "id" in rec.values:
            # ids are told apart as the resolver tells them (S2-USER9 is s2-user9): the stored one
            return self.ids.get(id_key(rec.values["id"]))
        for title in (rec.title, rec.values.get("title_en")):
            hit = title and self.by_title.get(f"{show_of(rec)}:{rec.season}:{fold(title)}")
            if hit:
                return hit
        return None

    def _new_id(self, show: str, season: int) -> str:
        prefix = "" if show == BUNDLED_SHOW else f"{show}:"
        n = self.next_user.get((show, season), 1)
        while id_key(f"{prefix}s{season}-user{n}") in self.ids:
            n += 1
        self.next_user[show, season] = n + 1
        return f"{prefix}s{season}-user{n}"

    def _artist_ids(self, rec: Record) -> list[str]:
        ids = []
        for name in rec.artists:
            artist_id, new = self.artists.resolve(name)
            if new:
                self.plan.new_artists.append((name, rec.line))
            ids.append(artist_id)
        return list(dict.fromkeys(ids))

    def _added(self, rec: Record, track_id: str) -> None:
        self.plan.added += 1
        if self._noting():
            self._note(f"add    {track_id}  {rec.title} — {'; '.join(rec.artists)}")

    def _noting(self) -> bool:
        """Whether the next row is described (if not, it is only counted)."""
        if self.describe_limit is None or len(self.plan.lines) < self.describe_limit:
            return True
        self.plan.more += 1
        return False

    def _note(self, line: str) -> None:
        self.plan.lines.append(line)


def _changes(diff: dict[str, tuple[Any, Any]], current: dict[str, Any]) -> str:
    parts = []
    for key, (old, new) in diff.items():
        if key == "source":
            parts.append(f"source: + {_show(new)}")
        elif key == "spotify_uri" and old is None and current.get("_match_uri"):
            # matched but not accepted (review, none): the old value is that match, with its status
            was = f"{current['_match_uri']} ({current['_match_status']})"
            parts.append(f"{key}: {was} -> {_show(new)}")
        else:
            parts.append(f"{key}: {_show(old)} -> {_show(new)}")
    return ", ".join(parts)


def _current_rows(db: sqlite_utils.Database, ids: list[str]) -> dict[str, dict[str, Any]]:
    """The import's view (field -> value) of the named tracks, read in one query each."""
    marks = ",".join("?" * len(ids))
    artists: dict[str, list[str]] = {}
    for track_id, name in db.execute(
        f"select ta.track_id, a.name from track_artists ta join artists a on a.id = ta.artist_id "
        f"where ta.track_id in ({marks}) order by ta.track_id, ta.position",
        ids,
    ):
        artists.setdefault(track_id, []).append(name)
    out = {}
    for r in db.query(
        "select t.id, t.show, t.season, t.title, t.title_en, t.ord, t.release_date, t.episodes, "
        f"t.status, t.sources, t.user_fields, {decisions.MATCH_COLUMNS} "
        f"from tracks t {decisions.MATCH_JOIN} where t.id in ({marks})",
        ids,
    ):
        out[r["id"]] = _current(r, artists.get(r["id"], []))
    return out


@functools.lru_cache(maxsize=65536)
def artist_key(name: str) -> str:
    """How artist names compare: folded, or as written when folding leaves nothing ("?")."""
    return fold(name) or name.strip()


def _artist_aliases(db: sqlite_utils.Database) -> dict[str, str]:
    """Folded name or alias -> artist id, for every artist in the catalogue."""
    out: dict[str, str] = {}
    for a in db.query("select id, name, name_en, aliases from artists"):
        for name in artist_names(a):
            out.setdefault(artist_key(name), a["id"])
    return out


def _current(r: dict[str, Any], artists: list[str]) -> dict[str, Any]:
    return {
        "season": r["season"],
        "title": r["title"],
        "title_en": r["title_en"],
        "artist": artists,
        "order": r["ord"],
        "release_date": r["release_date"],
        "episode": json.loads(r["episodes"] or "[]"),
        "status": r["status"],
        "source": json.loads(r["sources"] or "[]"),
        # the recording the track counts as matched to: the same URI imported changes nothing
        "spotify_uri": r["match_uri"]
        if r["match_status"] in decisions.COUNTS_AS_ACCEPTED
        else None,
        "_match_uri": r["match_uri"],
        "_match_status": r["match_status"],
        "_user_fields": r["user_fields"],
        "_show": r["show"],
    }


def show_of(rec: Record) -> str:
    """The show a record is of: the bundled one unless it names another."""
    return str(rec.values.get("show", BUNDLED_SHOW))


def _fields(rec: Record) -> dict[str, Any]:
    return {
        "season": rec.season,
        "title": rec.title,
        "artist": rec.artists,
        **{k: v for k, v in rec.values.items() if k not in ("id", "show")},
    }


def _diff(
    current: dict[str, Any], rec: Record, aliases: dict[str, str], *, by_id: bool = False
) -> dict[str, tuple[Any, Any]]:
    def same_artists(old: list[str], new: list[str]) -> bool:
        # two names of one artist ("K; 손정혁") are that artist once, as the import links it
        def ids(names: list[str]) -> list[str]:
            return list(dict.fromkeys(aliases.get(artist_key(a), artist_key(a)) for a in names))

        return ids(old) == ids(new)

    diff: dict[str, tuple[Any, Any]] = {}
    for key, new in _fields(rec).items():
        old = current.get(key)
        if key == "artist" and same_artists(old or [], new):
            continue
        if key == "title" and not by_id:
            continue  # the row found this track by its title (or English title): a key, not a change
        if key == "source":
            added = [s for s in new if s not in (old or [])]
            if added:
                diff[key] = ("+", added)
            continue
        if old != new:
            diff[key] = (old, new)
    return diff


_COLUMN = {
    "title": "title",
    "season": "season",
    "title_en": "title_en",
    "order": "ord",
    "release_date": "release_date",
    "episode": "episodes",
    "status": "status",
}
_USER_FIELD = {**_COLUMN, "artist": "artists", "source": "sources"}


@dataclass
class _Writes:
    """One batch's writes, gathered so that the store writes each kind with one ``executemany``."""

    now: str
    new_tracks: list[dict[str, Any]] = field(default_factory=list)
    changes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    artists: dict[str, list[str]] = field(default_factory=dict)
    pins: list[dict[str, Any]] = field(default_factory=list)

    def add(self, rec: Record, track_id: str, artist_ids: list[str]) -> None:
        keys = set(rec.values) | set(REQUIRED)
        row = _columns(rec, keys)
        row.update(
            {
                "id": track_id,
                "show": show_of(rec),
                "origin": Origin.USER,
                "sources": rec.values.get("source", []),
                "user_fields": sorted(_USER_FIELD[k] for k in keys if k in _USER_FIELD),
            }
        )
        self.new_tracks.append(row)
        self._side_effects(rec, track_id, keys, artist_ids)

    def update(
        self,
        rec: Record,
        track_id: str,
        keys: set[str],
        old: dict[str, Any],
        artist_ids: list[str],
    ) -> None:
        row = _columns(rec, keys)
        fields = set(json.loads(old["_user_fields"] or "[]"))
        row["user_fields"] = sorted(fields | {_USER_FIELD[k] for k in keys if k in _USER_FIELD})
        if "source" in keys:
            have = old["source"]
            row["sources"] = have + [x for x in rec.values["source"] if x not in have]
        self.changes.append((track_id, row))
        self._side_effects(rec, track_id, keys, artist_ids, old.get("spotify_uri"))

    def _side_effects(
        self,
        rec: Record,
        track_id: str,
        keys: set[str],
        artist_ids: list[str],
        matched: str | None = None,
    ) -> None:
        if "artist" in keys:
            self.artists[track_id] = artist_ids
        if "spotify_uri" in keys:
            pin = decisions.imported_uri(track_id, rec.values["spotify_uri"], matched, self.now)
            if pin:
                self.pins.append(pin)

    def flush(self, writer: Writer) -> None:
        writer.add_tracks(self.new_tracks)
        writer.change_tracks(self.changes)
        writer.credit(self.artists)
        decisions.pin_all(writer.db, self.pins)  # the rule for imported URIs is decisions'


def _columns(rec: Record, keys: set[str]) -> dict[str, Any]:
    values = _fields(rec)
    return {_COLUMN[k]: values[k] for k in keys if k in _COLUMN}


class _ArtistResolver:
    """Names to artist ids through every known name and alias; unknown names become user artists."""

    def __init__(self, db: sqlite_utils.Database):
        self.by_name = _artist_aliases(db)
        self.new: list[dict[str, Any]] = []

    def resolve(self, name: str) -> tuple[str, bool]:
        """(artist id, whether this import adds the artist)."""
        key = artist_key(name)
        if key in self.by_name:
            return self.by_name[key], False
        artist_id = f"user-{key}"
        self.new.append({"id": artist_id, "name": name, "origin": Origin.USER})
        self.by_name[key] = artist_id
        return artist_id, True
