"""The bundled catalogue: the data files (``data/*.toml``) read and checked, and loaded into the
database whenever their content changes (a newer ost). A refresh upserts: it never removes what
a user imported or decided.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import sqlite_utils

from ost import dates, decisions, meta, paths, reading
from ost.catalogue.store import BUNDLE_STATUSES, Origin, TrackStatus, Writer
from ost.errors import InputError

ARTISTS_FILE = "artists.toml"
AIR_DATES = ("premiere", "finale")
MAX_DATA_FILE_BYTES = 8 << 20  # a bundled data file; they are read on every start


@dataclass
class Bundle:
    """The bundled catalogue as parsed from its files, ready to upsert."""

    seasons: list[dict[str, Any]] = field(default_factory=list)
    artists: list[dict[str, Any]] = field(default_factory=list)
    tracks: list[dict[str, Any]] = field(default_factory=list)
    artists_of: dict[str, list[str]] = field(default_factory=dict)  # track id -> artist ids
    digest: str = ""


# --- reading the files ---------------------------------------------------------------------------


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
        "aliases": a.get("aliases", []),
        "note": a.get("note"),
        "origin": Origin.BUNDLED,
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
        if t.get("status", TrackStatus.CONFIRMED) not in BUNDLE_STATUSES:
            raise InputError(
                f"{path}: {where}: 'status' must be one of {', '.join(BUNDLE_STATUSES)}"
            )
        for artist_id in names:
            if artist_id not in artists:
                raise InputError(
                    f"{path}: {where}: unknown artist '{artist_id}' (not in {ARTISTS_FILE})"
                )
        bundle.artists_of[track_id] = list(names)
        bundle.tracks.append(_track_row(t, number))


def _track_row(t: dict[str, Any], season: int) -> dict[str, Any]:
    """Every column a data file may set (one it leaves out is set back to nothing on refresh)."""
    return {
        "id": t["id"],
        "season": season,
        "ord": t.get("order"),
        "title": t["title"],
        "title_en": t.get("title_en"),
        "aliases": t.get("aliases", []),
        "release_date": _iso(t.get("release_date")),
        "episodes": t.get("episodes", []),
        "credits": t.get("credits", []),
        "uncertain": t.get("uncertain", {}),
        "status": t.get("status", TrackStatus.CONFIRMED),
        "note": t.get("note"),
        "sources": t.get("sources", []),
    }


# --- loading into the database -------------------------------------------------------------------


def stored_digest(db: sqlite_utils.Database) -> str | None:
    return meta.get(db, meta.BUNDLE_DIGEST)


def refresh(db: sqlite_utils.Database, bundle: Bundle) -> None:
    """Upsert the bundle. Fields a user import set, user tracks and user decisions are kept.
    One transaction (``db.atomic()``: sqlite-utils commits inside ``with db.conn:``). Every
    lookup is rebuilt, so nothing a migration left to rebuild is left."""
    with db.atomic(), Writer(db) as writer:
        writer.put_seasons(bundle.seasons)
        users = {r[0] for r in db.execute("select id from artists where origin = ?", [Origin.USER])}
        writer.add_artists([a for a in bundle.artists if a["id"] not in users], update=True)
        existing = {
            r[0]: r[1]
            for r in db.execute(
                "select id, user_fields from tracks where origin = ?", [Origin.BUNDLED]
            )
        }
        new, changes = [], []
        for row in bundle.tracks:
            if row["id"] not in existing:
                new.append({**row, "origin": Origin.BUNDLED})
                continue
            kept = set(json.loads(existing.pop(row["id"]) or "[]"))
            changes.append((row["id"], {k: v for k, v in row.items() if k not in kept | {"id"}}))
        writer.add_tracks(new, replace=True)
        writer.change_tracks(changes)
        own = _own_artists(db)
        writer.credit({t: a for t, a in bundle.artists_of.items() if t not in own})
        for track_id, user_fields in existing.items():
            _drop_bundled_track(db, writer, track_id, user_fields)
        writer.reindex_all()
        meta.put(db, meta.BUNDLE_DIGEST, bundle.digest)
        meta.delete(db, meta.REINDEX)


def _own_artists(db: sqlite_utils.Database) -> set[str]:
    """The bundled tracks whose artists a user's import set: their credits are kept."""
    return {
        r[0]
        for r in db.execute(
            "select id from tracks where origin = ? and user_fields like '%\"artists\"%'",
            [Origin.BUNDLED],
        )
    }


def _drop_bundled_track(
    db: sqlite_utils.Database, writer: Writer, track_id: str, user_fields: str | None
) -> None:
    """A track a newer catalogue no longer has goes, unless the user touched it."""
    if json.loads(user_fields or "[]") or decisions.user_touched(db, track_id):
        return
    decisions.forget_track(db, track_id)
    writer.drop_track(track_id)
