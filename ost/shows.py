"""`ost shows add` and `ost shows remove`: a show a user adds is a show file in
``$OST_HOME/shows`` (``ost.showfile``) read into the catalogue; removing it takes with it
everything that was the show's.

Adding writes the file first (a new file, never over another) and reads it into the catalogue in
one transaction; if that fails the file goes again, so nothing is half-added. Removing moves the
file aside, removes the show's rows in one transaction (its tracks and their decisions, its
seasons, discovery's verdicts, the records of its synced playlists, the library's links to its
tracks), then deletes the file; if the transaction fails the file is put back.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import sqlite_utils

from ost import dates, decisions, meta, outfile, paths
from ost.catalogue import shows
from ost.catalogue.store import Writer
from ost.errors import InputError, UsageError
from ost.service import ServiceName
from ost.showfile import (
    KEY,
    MAX_SEASON,
    ShowFile,
    ShowSeason,
    derive_key,
    key_error,
    parse_show,
    read_text,
    render_show,
)

MAX_DERIVED = 99  # "-2" ... "-99": a key derived more often than this is asked for with --key


# --- building a show from the command line -----------------------------------------------------


def aired(text: str) -> tuple[date, date | None]:
    """``START..END`` (or ``START..`` while the show is on, or ``START``) as dates."""
    start, _, end = text.partition("..")
    first = _day(start, text)
    last = _day(end, text) if end.strip() else None
    if last and last < first:
        raise UsageError(f"--aired {text}: the finale {last} is before the premiere {first}")
    return first, last


def _day(part: str, text: str) -> date:
    day = (
        dates.parse_day(part.strip()) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", part.strip()) else None
    )
    if day is None:
        raise UsageError(
            f"--aired {text}: give the air dates as START..END, ISO dates (2023-03-01..2023-04-20)"
        )
    if not dates.in_range(day):
        raise UsageError(f"--aired {text}: {part.strip()} {dates.outside(day)}")
    return day


def build(
    name: str,
    *,
    name_en: str | None = None,
    aliases: tuple[str, ...] = (),
    air: tuple[date, date | None] | None = None,
    seasons: int = 1,
    key: str | None = None,
) -> ShowFile:
    """The show file `ost shows add NAME ...` writes: ``air`` dates season 1; seasons 2..N have
    their number alone, for the user to date. Of several seasons, the first is named by the
    show's names too (its releases carry no season mark: "X OST Part.1", then "X Season 2 OST").
    Checked as a file is (every name, the key)."""
    if not 1 <= seasons <= MAX_SEASON:
        raise UsageError(f"--seasons {seasons}: a show has 1 to {MAX_SEASON} seasons")
    premiere, finale = air or (None, None)
    first = tuple(n for n in (name, name_en) if n) if seasons > 1 else ()
    spec = ShowFile(
        key=key or derive_key(name, name_en),
        title=name,
        title_en=name_en,
        aliases=tuple(dict.fromkeys(aliases)),
        seasons=(
            ShowSeason(1, aliases=first, premiere=premiere, finale=finale),
            *(ShowSeason(n) for n in range(2, seasons + 1)),
        ),
    )
    text = render_show(spec)
    try:
        return parse_show(text, "the show given")  # a name a file would refuse is refused here
    except InputError as e:
        said = re.sub(r"^the show given:\d+: \[show\]: '(\w+)'", _option, str(e))
        raise UsageError(said) from None


def _option(m: re.Match[str]) -> str:
    """The option a show file's key came from, for a message about `ost shows add NAME`."""
    return {"title": "NAME", "title_en": "--name-en", "aliases": "--alias", "key": "--key"}.get(
        m.group(1), m.group(1)
    )


# --- adding ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Added:
    key: str
    file: Path
    undated: tuple[int, ...] = ()
    """Its seasons with no premiere yet: discovery accepts nothing for them until dated."""
    dated: tuple[int, ...] = ()
    """Its seasons with a premiere: the ones discovery can look for albums of."""


def add(db: sqlite_utils.Database, spec: ShowFile, *, key_given: bool) -> Added:
    """Write the show's file and read it into the catalogue. A key given (``--key``, or
    ``key =`` in a file) must be free; a derived one takes the next free ``-2``, ``-3``...,
    unless a show of the same name is there already (the same show, most likely)."""
    if not key_given:
        _check_new_name(db, spec, "give it a key of its own with --key")
    key = _free_key(db, spec.key) if not key_given else _check_free(db, spec.key)
    spec = replace(spec, key=key)
    return _write_and_read(db, key, render_show(spec))


def add_file(db: sqlite_utils.Database, path: Path) -> Added:
    """A show from a show file the user wrote: checked, then copied as it is (its comments
    kept) to the shows folder under its key."""
    if _in_shows_folder(path):  # written there by hand: it is the show already
        spec, _ = shows.read_file(path, path.stem)
        shows.sync(db)
        return Added(spec.key, path, tuple(s.number for s in spec.seasons if not s.premiere))
    text = read_text(path)
    spec = parse_show(text, path)
    given = isinstance(tomllib.loads(text).get("show", {}).get("key"), str)
    if given and (problem := _key_problem(db, spec.key)):
        # the file's mistake: said with its line, as its other mistakes are
        raise key_error(text, path, f"is '{spec.key}', {problem[0]}: {problem[1]}")
    if not given:
        _check_new_name(db, spec, "give it a key of its own (`key =` in its [show])", path)
    key = spec.key if given else _free_key(db, spec.key)
    return _write_and_read(db, key, text)


def _check_new_name(
    db: sqlite_utils.Database, spec: ShowFile, how: str, path: Path | None = None
) -> None:
    """Refuse a show whose name (original or English) a show in the catalogue has already: a
    second `ost shows add` of the same show would otherwise quietly make it twice."""
    for name in (n for n in (spec.title, spec.title_en) if n):
        wanted = shows.name_key(name)
        for key in shows.keys(db):
            try:
                there = shows.spec(db, key)
            except InputError:
                continue
            if any(shows.name_key(n) == wanted for n in (there.title, there.title_en) if n):
                where = f"{path}: " if path else ""
                raise UsageError(
                    f"{where}show already added as `{key}` (named '{name}'; `ost shows`); "
                    f"if this is another show of that name, {how}"
                )


def _in_shows_folder(path: Path) -> bool:
    try:
        return os.path.samefile(path.parent, paths.shows_dir())
    except OSError:
        return False


def _taken(db: sqlite_utils.Database, key: str) -> bool:
    return key in shows.keys(db) or (paths.shows_dir() / f"{key}.toml").exists()


def _key_problem(db: sqlite_utils.Database, key: str) -> tuple[str, str] | None:
    """Why a key given (by --key or in a file) cannot name a new show, if it cannot: what the
    key is, and what to do."""
    if key == shows.BUNDLED:
        return "the bundled show's key", "give the show another"
    if _taken(db, key):
        return (
            "the key of a show there is already (`ost shows`)",
            f"give another key, or `ost shows remove {key}` first",
        )
    return None


def _check_free(db: sqlite_utils.Database, key: str) -> str:
    if problem := _key_problem(db, key):
        raise UsageError(f"'{key}' is {problem[0]}: {problem[1]}")
    return key


def _free_key(db: sqlite_utils.Database, key: str) -> str:
    if key != shows.BUNDLED and not _taken(db, key):
        return key
    for n in range(2, MAX_DERIVED + 1):
        candidate = f"{key[: 40 - len(str(n)) - 1].rstrip('-')}-{n}"
        if KEY.fullmatch(candidate) and not _taken(db, candidate):
            return candidate
    raise UsageError(f"the key '{key}' and its numbered forms are taken: give one with --key")


def _write_and_read(db: sqlite_utils.Database, key: str, text: str) -> Added:
    folder = paths.shows_dir()
    folder.mkdir(mode=0o700, exist_ok=True)
    path = folder / f"{key}.toml"
    if path.exists():
        raise UsageError(f"{path} exists already: `ost shows` says whose it is")
    outfile.write_text(path, text)
    try:
        shows.sync(db)
        problem = shows.problem(db, key)
        if problem or key not in shows.keys(db):
            raise InputError(problem.message if problem else f"{path}: the show was not read")
    except BaseException:
        path.unlink(missing_ok=True)
        shows.sync(db)  # forget what was read of it, if anything
        raise
    seasons = shows.spec(db, key).seasons
    undated = tuple(s.number for s in seasons if s.premiere is None)
    return Added(key, path, undated, tuple(s.number for s in seasons if s.premiere is not None))


# --- removing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Removed:
    key: str
    tracks: int
    playlists: int
    file: Path | None
    services: tuple[ServiceName, ...] = ()
    """The services whose playlists ost forgot (the playlists themselves stay there)."""


def remove(db: sqlite_utils.Database, key: str) -> Removed:
    """The show and everything that was its (see the module's note). The bundled show stays."""
    if key == shows.BUNDLED:
        raise UsageError(
            "the bundled show (soundtrack) cannot be removed: it is ost's own catalogue"
        )
    if key not in shows.keys(db):
        raise UsageError(shows.unknown(db, key))
    path = paths.shows_dir() / f"{key}.toml"
    aside = path.with_name(f".{path.name}.removing")
    moved = path.exists()
    if moved:
        os.replace(path, aside)
    try:
        removed = _forget(db, key, path if moved else None)
    except BaseException:
        if moved:
            os.replace(aside, path)
        raise
    aside.unlink(missing_ok=True)
    return removed


def _forget(db: sqlite_utils.Database, key: str, path: Path | None) -> Removed:
    from ost.discover import store as discovery
    from ost.library import files
    from ost.playlists import season_key
    from ost.sync import memory as synced_playlists

    track_ids = [r[0] for r in db.execute("select id from tracks where show = ?", [key])]
    synced = [season_key(key, n) for n in _season_numbers(db, key)]
    with db.atomic(), Writer(db) as writer:
        for track_id in track_ids:
            decisions.forget_track(db, track_id)
            writer.drop_track(track_id)
        files.forget_tracks(db, track_ids)
        writer.drop_seasons(key)
        discovery.forget_show(db, key)
        services = synced_playlists.forget(db, synced)
        shows.forget(db, key)
        meta.put(db, meta.SHOWS, shows.signature())
    return Removed(key, len(track_ids), len(services), path, tuple(dict.fromkeys(services)))


def _season_numbers(db: sqlite_utils.Database, key: str) -> list[int]:
    return [r[0] for r in db.execute("select number from seasons where show = ?", [key])]
