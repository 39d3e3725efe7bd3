"""`ost import`: tracks from a user's CSV or JSON file, all or nothing.

Parsing and checking happen first and write nothing; any bad record refuses the whole file with
``FILE:LINE: reason`` (LINE is the physical line where the record starts). Only a clean file is
applied, in one transaction.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from ost import decisions
from ost.catalogue import artist_names, artists_by_track, parse_track_uri
from ost.errors import InputError
from ost.text import fold, has_line_break

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_FIELD_CHARS = 2000
REQUIRED = ("season", "title", "artist")
OPTIONAL = ("id", "title_en", "order", "release_date", "episode", "status", "source", "spotify_uri")
# Columns that `ost tracks --csv` writes and an import reads back without complaint.
SYNONYMS = {"artists": "artist", "episodes": "episode", "sources": "source"}
IGNORED = ("artists_en", "match_status", "aliases", "uncertain")
STATUSES = ("confirmed", "unverified")
_TRACK_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


@dataclass
class Record:
    """One checked input record, with the line it starts on."""

    line: int
    season: int
    title: str
    artists: list[str]
    values: dict[str, Any]  # the optional fields present in the record


@dataclass
class Plan:
    """What an import will do: new tracks and changes to existing ones."""

    path: Path
    adds: list[tuple[Record, str]] = field(default_factory=list)  # (record, new id)
    updates: list[tuple[Record, str, dict[str, tuple[Any, Any]]]] = field(default_factory=list)
    unchanged: int = 0

    def summary(self) -> str:
        return f"{len(self.adds)} added, {len(self.updates)} changed, {self.unchanged} unchanged"

    def describe(self) -> list[str]:
        lines = [f"add    {tid}  {r.title} — {'; '.join(r.artists)}" for r, tid in self.adds]
        for _, tid, diff in self.updates:
            changes = ", ".join(f"{k}: {_short(a)} -> {_short(b)}" for k, (a, b) in diff.items())
            lines.append(f"change {tid}  {changes}")
        return lines


def _short(value: Any) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 40 else text[:39] + "…"


# --- reading the file ---------------------------------------------------------------------------


def read_records(path: Path) -> list[Record]:
    """Parse and check every record; the first problem raises ``InputError`` as FILE:LINE."""
    text = _read_text(path)
    raw = _json_records(path, text) if raw_is_json(path, text) else _csv_records(path, text)
    if not raw:
        raise InputError(
            f"{path}: no records" + ("" if raw_is_json(path, text) else " (only a header?)")
        )
    return [_check(path, line, rec) for line, rec in raw]


def raw_is_json(path: Path, text: str) -> bool:
    return path.suffix.lower() == ".json" or text.lstrip().startswith(("[", "{"))


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"{path}: {size} bytes is over the {MAX_FILE_BYTES} byte limit")
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    if not data.strip():
        raise InputError(f"{path}:1: the file is empty")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError(f"{path}:{line}: binary data (a NUL byte); expected CSV or JSON text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}: not valid UTF-8 (byte {data[e.start]:#04x})") from None


def _csv_records(path: Path, text: str) -> list[tuple[int, dict[str, Any]]]:
    csv.field_size_limit(MAX_FIELD_CHARS + 1)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except csv.Error as e:
        raise InputError(f"{path}:1: {e}") from None
    columns = _check_header(path, header)
    out: list[tuple[int, dict[str, Any]]] = []
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return out
        except csv.Error as e:
            raise InputError(f"{path}:{start}: {_csv_reason(e)}") from None
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise InputError(f"{path}:{start}: {len(row)} fields, the header has {len(header)}")
        out.append((start, {c: v for c, v in zip(columns, row, strict=True) if c}))


def _csv_reason(e: csv.Error) -> str:
    if "field larger than field limit" in str(e):
        return f"a field is longer than {MAX_FIELD_CHARS} characters"
    return str(e)


def _check_header(path: Path, header: list[str]) -> list[str]:
    known = set(REQUIRED) | set(OPTIONAL)
    columns = []
    for name in header:
        name = SYNONYMS.get(name, name)
        if name in IGNORED:
            columns.append("")
        elif name in known:
            columns.append(name)
        else:
            raise InputError(
                f"{path}:1: unknown column '{name}' (known: {', '.join(sorted(known))})"
            )
    named = [c for c in columns if c]
    twice = sorted({c for c in named if named.count(c) > 1})
    if twice:
        raise InputError(f"{path}:1: column '{twice[0]}' appears twice")
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise InputError(f"{path}:1: missing column(s): {', '.join(missing)}")
    return columns


def _json_records(path: Path, text: str) -> list[tuple[int, dict[str, Any]]]:
    """Decode a JSON array element by element so each object's start line is known."""
    decoder = json.JSONDecoder()
    pos = _skip_ws(text, 0)
    if not text.startswith("[", pos):
        raise InputError(f"{path}:{_line(text, pos)}: expected a JSON array of objects")
    pos = _skip_ws(text, pos + 1)
    out: list[tuple[int, dict[str, Any]]] = []
    while not text.startswith("]", pos):
        try:
            obj, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as e:
            raise InputError(f"{path}:{e.lineno}: broken JSON ({e.msg})") from None
        if not isinstance(obj, dict):
            raise InputError(f"{path}:{_line(text, pos)}: each record must be a JSON object")
        out.append((_line(text, pos), obj))
        pos = _skip_ws(text, end)
        if text.startswith(",", pos):
            pos = _skip_ws(text, pos + 1)
        elif not text.startswith("]", pos):
            raise InputError(f"{path}:{_line(text, pos)}: broken JSON (expected ',' or ']')")
    if text[_skip_ws(text, pos + 1) :]:
        raise InputError(f"{path}:{_line(text, pos + 1)}: broken JSON (text after the array)")
    return out


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


# --- checking one record ------------------------------------------------------------------------


def _check(path: Path, line: int, rec: dict[str, Any]) -> Record:
    where = f"{path}:{line}"
    rec = {SYNONYMS.get(k, k): v for k, v in rec.items() if k not in IGNORED}
    unknown = set(rec) - set(REQUIRED) - set(OPTIONAL)
    if unknown:
        raise InputError(f"{where}: unknown key(s): {', '.join(sorted(unknown))}")
    for key in REQUIRED:
        if rec.get(key) in (None, "", []):
            raise InputError(f"{where}: '{key}' is missing or empty")
    values: dict[str, Any] = {}
    for key, value in rec.items():
        if key in REQUIRED or value in (None, "", []):
            continue
        values[key] = _CHECKS[key](where, key, value)
    return Record(
        line=line,
        season=_int(where, "season", rec["season"]),
        title=_text(where, "title", rec["title"]),
        artists=_names(where, "artist", rec["artist"]),
        values=values,
    )


def _text(where: str, key: str, value: Any) -> str:
    if not isinstance(value, str):
        raise InputError(f"{where}: '{key}' must be text, not {type(value).__name__}")
    if len(value) > MAX_FIELD_CHARS:
        raise InputError(f"{where}: '{key}' is longer than {MAX_FIELD_CHARS} characters")
    if has_line_break(value):
        raise InputError(f"{where}: '{key}' contains a line break")
    value = value.strip()
    if not value:
        raise InputError(f"{where}: '{key}' is empty")
    return value


def _int(where: str, key: str, value: Any) -> int:
    if isinstance(value, str) and re.fullmatch(r"\s*\d{1,6}\s*", value):
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise InputError(f"{where}: '{key}' must be a positive whole number, not {value!r}")
    return value


def _list(where: str, key: str, value: Any) -> list[Any]:
    if isinstance(value, str):
        return [v for v in (p.strip() for p in value.split(";")) if v]
    if isinstance(value, list):
        return value
    return [value]


def _names(where: str, key: str, value: Any) -> list[str]:
    names = [_text(where, key, v) for v in _list(where, key, value)]
    if not names:
        raise InputError(f"{where}: '{key}' is empty")
    return names


def _episodes(where: str, key: str, value: Any) -> list[int]:
    return sorted({_int(where, key, v) for v in _list(where, key, value)})


def _date(where: str, key: str, value: Any) -> str:
    text = _text(where, key, value)
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise InputError(f"{where}: '{key}' must be a date like 2022-01-27, not {text!r}") from None


def _status(where: str, key: str, value: Any) -> str:
    text = _text(where, key, value).lower()
    if text not in STATUSES:
        raise InputError(f"{where}: 'status' must be one of {', '.join(STATUSES)}, not {text!r}")
    return text


def _uri(where: str, key: str, value: Any) -> str:
    uri = parse_track_uri(_text(where, key, value))
    if uri is None:
        raise InputError(
            f"{where}: 'spotify_uri' must be spotify:track:<22 characters> or a track link"
        )
    return uri


def _track_id(where: str, key: str, value: Any) -> str:
    text = _text(where, key, value)
    if not _TRACK_ID.match(text):
        raise InputError(f"{where}: 'id' may hold letters, digits, '-', '_' and '.' only")
    return text


_CHECKS = {
    "id": _track_id,
    "title_en": _text,
    "order": _int,
    "release_date": _date,
    "episode": _episodes,
    "status": _status,
    "source": lambda w, k, v: [_text(w, k, s) for s in _list(w, k, v)],
    "spotify_uri": _uri,
}


# --- planning against the catalogue ------------------------------------------------------------


def plan_import(db: sqlite_utils.Database, path: Path) -> Plan:
    """Check the whole file against the catalogue; write nothing."""
    records = read_records(path)
    index = _Index(db)
    plan = Plan(path=path)
    for rec in records:
        index.check_season(path, rec)
        track_id = index.target(rec)
        if track_id is None:
            new_id = rec.values.get("id") or index.new_id(rec.season)
            index.add(new_id, rec)
            plan.adds.append((rec, new_id))
            continue
        diff = _diff(index.tracks[track_id], rec, index.artist_ids, by_id="id" in rec.values)
        index.add(track_id, rec)
        if diff:
            plan.updates.append((rec, track_id, diff))
        else:
            plan.unchanged += 1
    return plan


class _Index:
    """The catalogue as a lookup by id and by folded title, updated as the plan grows."""

    def __init__(self, db: sqlite_utils.Database):
        self.seasons = {r["number"]: json.loads(r["data"]) for r in db.table("seasons").rows}
        self.tracks: dict[str, dict[str, Any]] = {}
        self.by_title: dict[tuple[int, str], str] = {}
        self.artist_ids = _artist_aliases(db)
        self.next_user: dict[int, int] = {}
        artists = {t: [a["name"] for a in rows] for t, rows in artists_by_track(db).items()}
        for r in db.query(
            "select t.*, m.uri as pin from tracks t left join matches m "
            f"on m.track_id = t.id and m.status in {decisions.sql_set(decisions.COUNTS_AS_ACCEPTED)}"
        ):
            current = _current(r, artists.get(r["id"], []))
            self._remember(r["id"], current)

    def _remember(self, track_id: str, current: dict[str, Any]) -> None:
        self.tracks[track_id] = current
        for title in (current["title"], current.get("title_en")):
            if title:
                self.by_title.setdefault((current["season"], fold(title)), track_id)

    def check_season(self, path: Path, rec: Record) -> None:
        if rec.season not in self.seasons:
            known = ", ".join(str(n) for n in sorted(self.seasons))
            raise InputError(
                f"{path}:{rec.line}: season {rec.season} is not in the catalogue (seasons: {known})"
            )
        episodes = self.seasons[rec.season].get("facts", {}).get("episodes", {}).get("value")
        bad = [e for e in rec.values.get("episode", []) if episodes and e > episodes]
        if bad:
            raise InputError(
                f"{path}:{rec.line}: episode {bad[0]}, but season {rec.season} has {episodes} episodes"
            )

    def target(self, rec: Record) -> str | None:
        if "id" in rec.values:
            return rec.values["id"] if rec.values["id"] in self.tracks else None
        for title in (rec.title, rec.values.get("title_en")):
            hit = title and self.by_title.get((rec.season, fold(title)))
            if hit:
                return hit
        return None

    def new_id(self, season: int) -> str:
        n = self.next_user.get(season, 1)
        while f"s{season}-user{n}" in self.tracks:
            n += 1
        self.next_user[season] = n + 1
        return f"s{season}-user{n}"

    def add(self, track_id: str, rec: Record) -> None:
        base = self.tracks.get(track_id, {"season": rec.season})
        self._remember(track_id, {**base, **_fields(rec)})


def artist_key(name: str) -> str:
    """How artist names compare: folded, or as written when folding leaves nothing ("?")."""
    return fold(name) or name.strip()


def _artist_aliases(db: sqlite_utils.Database) -> dict[str, str]:
    """Folded name or alias -> artist id, for every artist in the catalogue."""
    out: dict[str, str] = {}
    for a in db.table("artists").rows:
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
        "spotify_uri": r["pin"],
    }


def _fields(rec: Record) -> dict[str, Any]:
    return {
        "season": rec.season,
        "title": rec.title,
        "artist": rec.artists,
        **{k: v for k, v in rec.values.items() if k != "id"},
    }


def _diff(
    current: dict[str, Any], rec: Record, aliases: dict[str, str], *, by_id: bool = False
) -> dict[str, tuple[Any, Any]]:
    def same_artists(old: list[str], new: list[str]) -> bool:
        return [aliases.get(artist_key(a), artist_key(a)) for a in old] == [
            aliases.get(artist_key(a), artist_key(a)) for a in new
        ]

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


# --- applying -----------------------------------------------------------------------------------

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


def apply(db: sqlite_utils.Database, plan: Plan) -> None:
    """Write the plan in one transaction: all of it or, on any error, none of it.

    Rows are gathered first and written in bulk: a 20,000-row file is one pass, not 20,000.
    """
    current = {r["id"]: r for r in db.query("select id, sources, user_fields from tracks")}
    resolver = _ArtistResolver(db)
    writes = _Writes(now=datetime.now(UTC).isoformat(timespec="seconds"))
    for rec, track_id in plan.adds:
        writes.add(rec, track_id, resolver)
    for rec, track_id, diff in plan.updates:
        writes.update(rec, track_id, set(diff), current[track_id], resolver)
    with db.conn:
        writes.flush(db, resolver)


@dataclass
class _Writes:
    now: str
    new_tracks: list[dict[str, Any]] = field(default_factory=list)
    updates: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    artists: dict[str, list[str]] = field(default_factory=dict)
    pins: list[dict[str, Any]] = field(default_factory=list)

    def add(self, rec: Record, track_id: str, resolver: _ArtistResolver) -> None:
        keys = set(rec.values) | set(REQUIRED)
        row = _columns(rec, keys)
        row.update(
            {
                "id": track_id,
                "origin": "user",
                "status": row.get("status", "confirmed"),
                "aliases": "[]",
                "credits": "[]",
                "uncertain": "{}",
                "episodes": row.get("episodes", "[]"),
                "sources": json.dumps(rec.values.get("source", []), ensure_ascii=False),
                "user_fields": json.dumps(sorted(_USER_FIELD[k] for k in keys if k in _USER_FIELD)),
            }
        )
        self.new_tracks.append(row)
        self._side_effects(rec, track_id, keys, resolver)

    def update(
        self,
        rec: Record,
        track_id: str,
        keys: set[str],
        old: dict[str, Any],
        resolver: _ArtistResolver,
    ) -> None:
        row = _columns(rec, keys)
        fields = set(json.loads(old["user_fields"] or "[]"))
        row["user_fields"] = json.dumps(
            sorted(fields | {_USER_FIELD[k] for k in keys if k in _USER_FIELD})
        )
        if "source" in keys:
            have = json.loads(old["sources"] or "[]")
            row["sources"] = json.dumps(
                have + [x for x in rec.values["source"] if x not in have], ensure_ascii=False
            )
        self.updates.append((track_id, row))
        self._side_effects(rec, track_id, keys, resolver, old.get("spotify_uri"))

    def _side_effects(
        self,
        rec: Record,
        track_id: str,
        keys: set[str],
        resolver: _ArtistResolver,
        matched: str | None = None,
    ) -> None:
        if "artist" in keys:
            self.artists[track_id] = list(dict.fromkeys(resolver.resolve(n) for n in rec.artists))
        if "spotify_uri" in keys:
            pin = decisions.imported_uri(track_id, rec.values["spotify_uri"], matched, self.now)
            if pin:
                self.pins.append(pin)

    def flush(self, db: sqlite_utils.Database, resolver: _ArtistResolver) -> None:
        if resolver.new:
            db.table("artists").insert_all(resolver.new, pk="id", batch_size=500)
        if self.new_tracks:
            db.table("tracks").insert_all(self.new_tracks, pk="id", batch_size=500)
        for track_id, row in self.updates:
            sets = ", ".join(f"[{k}] = ?" for k in row)
            db.execute(f"update tracks set {sets} where id = ?", [*row.values(), track_id])
        db.conn.executemany(
            "delete from track_artists where track_id = ?", [[t] for t in self.artists]
        )
        db.conn.executemany(
            "insert into track_artists (track_id, artist_id, position) values (?, ?, ?)",
            [(t, a, i) for t, ids in self.artists.items() for i, a in enumerate(ids)],
        )
        decisions.pin_all(db, self.pins)


def _columns(rec: Record, keys: set[str]) -> dict[str, Any]:
    values = _fields(rec)
    row = {_COLUMN[k]: values[k] for k in keys if k in _COLUMN}
    if "episodes" in row:
        row["episodes"] = json.dumps(row["episodes"])
    return row


class _ArtistResolver:
    """Names to artist ids through every known name and alias; unknown names become user artists."""

    def __init__(self, db: sqlite_utils.Database):
        self.by_name = _artist_aliases(db)
        self.new: list[dict[str, Any]] = []

    def resolve(self, name: str) -> str:
        key = artist_key(name)
        if key not in self.by_name:
            artist_id = f"user-{key}"
            self.new.append(
                {
                    "id": artist_id,
                    "name": name,
                    "name_en": None,
                    "aliases": "[]",
                    "note": None,
                    "origin": "user",
                }
            )
            self.by_name[key] = artist_id
        return self.by_name[key]
