"""Playlist definitions (small TOML files) and the plan they make: which tracks, in what order,
resolved to what (a recording on the chosen streaming service, a local file, or nothing yet).

Bundled definitions ship in the package (``playlists/`` in the repository): one per season of
the bundled show. Each season of a show a user added has one too, made from the catalogue
(``KEY-N``, named after the show), never written by hand. A user's own definitions live in
``$OST_HOME/playlists/`` and win over a bundled or made one with the same name.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from ost import catalogue, decisions, paths, reading, resolve
from ost.errors import InputError, NotFound, UsageError
from ost.service import LINKS, ServiceName
from ost.text import fold, noun

SPOTIFY = ServiceName.SPOTIFY

ORDERS = ("catalogue", "release_date", "title", "listed")
MAX_SEASON = 999
MAX_DEFINITION_BYTES = 1 << 20
"""A definition past this (1 MiB; one naming 10,000 tracks is 150 KiB) is refused unread."""
STATUSES = catalogue.TRACK_STATUSES
TOP_KEYS = {"name", "description", "select", "public"}
CHUNK = 500  # plan entries resolved per query
SELECT_KEYS = {"show", "seasons", "statuses", "artists", "tracks", "order"}
MADE_STATUSES = ("confirmed", "discovered")  # what a made definition selects, as bundled ones do


@dataclass(frozen=True)
class Definition:
    key: str  # the file name without .toml: "soundtrack-1"
    name: str  # the playlist's title: "Soundtrack #1 OST"
    description: str
    path: Path
    seasons: tuple[int, ...] = ()
    statuses: tuple[str, ...] = ("confirmed",)
    artists: tuple[str, ...] = ()
    tracks: tuple[str, ...] = ()
    order: str = "catalogue"
    public: bool | None = None  # None: private unless --public
    show: str = catalogue.BUNDLED_SHOW
    """The show whose tracks ``seasons``, ``statuses`` and ``artists`` select."""


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 20 else text[:19] + "…"


def _fail(path: Path, key: str, message: str) -> InputError:
    return InputError(f"{path}: '{key}' {message}")


def _list_of(path: Path, key: str, value: Any, kind: type) -> tuple[Any, ...]:
    if not isinstance(value, list) or not all(
        isinstance(v, kind) and not isinstance(v, bool) for v in value
    ):
        raise _fail(path, key, f"must be a list of {'numbers' if kind is int else 'strings'}")
    return tuple(value)


def parse_definition(path: Path) -> Definition:
    """Read and check one definition; a mistake names the file and the key."""
    doc = reading.read_toml(path, MAX_DEFINITION_BYTES)
    for key in doc.keys() - TOP_KEYS:
        raise _fail(path, key, f"is not a definition key (known: {', '.join(sorted(TOP_KEYS))})")
    if not isinstance(doc.get("name"), str) or not doc["name"].strip():
        raise _fail(path, "name", "must be a non-empty string")
    if not isinstance(doc.get("description", ""), str):
        raise _fail(path, "description", "must be a string")
    if "public" in doc and not isinstance(doc["public"], bool):
        raise _fail(path, "public", "must be true or false")
    select = doc.get("select", {})
    if not isinstance(select, dict):
        raise _fail(path, "select", "must be a table ([select])")
    return Definition(
        key=path.stem,
        name=doc["name"].strip(),
        description=doc.get("description", ""),
        path=path,
        public=doc.get("public"),
        **_selection(path, select),
    )


def _selection(path: Path, select: dict[str, Any]) -> dict[str, Any]:
    for key in select.keys() - SELECT_KEYS:
        raise _fail(
            path,
            f"select.{key}",
            f"is not a selection key (known: {', '.join(sorted(SELECT_KEYS))})",
        )
    out: dict[str, Any] = {}
    if "show" in select:
        if not isinstance(select["show"], str) or not select["show"].strip():
            raise _fail(path, "select.show", "must be a show's key (`ost shows` lists them)")
        out["show"] = select["show"].strip()
    if "seasons" in select:
        out["seasons"] = _list_of(path, "select.seasons", select["seasons"], int)
        for n in out["seasons"]:
            if not 1 <= n <= MAX_SEASON:
                raise _fail(path, "select.seasons", f"has {_shown(n)}, not a season number")
    if "statuses" in select:
        out["statuses"] = _list_of(path, "select.statuses", select["statuses"], str)
        for s in out["statuses"]:
            if s not in STATUSES:
                raise _fail(path, "select.statuses", f"has '{s}' (known: {', '.join(STATUSES)})")
    if "artists" in select:
        out["artists"] = _list_of(path, "select.artists", select["artists"], str)
    if "tracks" in select:
        out["tracks"] = _list_of(path, "select.tracks", select["tracks"], str)
    order = select.get("order", "listed" if out.get("tracks") else "catalogue")
    if order not in ORDERS:
        raise _fail(path, "select.order", f"must be one of {', '.join(ORDERS)}")
    out["order"] = order
    return out


def season_key(show: str, season: int) -> str:
    """The made definition of a season of a show a user added: ``KEY-N``."""
    return f"{show}-{season}"


def made(db: sqlite_utils.Database) -> list[Definition]:
    """One definition per season of each show a user added: the season's songs (then its score)
    in release order, named after the show ("Moonlight Post Office OST", "... Season 2 OST")."""
    out = []
    for r in db.query(
        """select s.show, s.number, s.title, s.title_en, s.data, w.file
           from seasons s join shows w on w.key = s.show order by s.show, s.number"""
    ):
        name = r["title_en"] or r["title"]
        premiere = json.loads(r["data"] or "{}").get("facts", {}).get("premiere", {})
        year = str(premiere.get("value") or "")[:4]
        also = f" ({r['title']}{', ' + year if year else ''})" if r["title_en"] else ""
        out.append(
            Definition(
                key=season_key(r["show"], r["number"]),
                name=f"{name} OST",
                description=f"The OST of {name}{also}, in release order.",
                path=Path(r["file"]),
                seasons=(r["number"],),
                statuses=MADE_STATUSES,
                show=r["show"],
            )
        )
    return out


def load_all(
    db: sqlite_utils.Database | None = None,
) -> tuple[list[Definition], dict[str, InputError]]:
    """Bundled definitions, then those made for the shows a user added (when ``db`` is given),
    then the user's (a user file replaces one of the same name), and apart from them the files
    that are broken, by key: one broken file stops only the commands that ask for it."""
    found: dict[str, Definition] = {}
    broken: dict[str, InputError] = {}
    for folder in (paths.bundled_playlists_dir(), None, paths.user_playlists_dir()):
        if folder is None:
            found.update((d.key, d) for d in (made(db) if db is not None else []))
            continue
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                try:
                    found[path.stem] = parse_definition(path)
                    broken.pop(path.stem, None)
                except InputError as e:
                    broken[path.stem] = e
                    found.pop(path.stem, None)
    return list(found.values()), broken


def load_definitions(db: sqlite_utils.Database | None = None) -> list[Definition]:
    """The definitions that can be read (see ``load_all`` for the broken ones)."""
    return load_all(db)[0]


def broken_definitions() -> list[InputError]:
    return list(load_all()[1].values())


def find_definition(name: str, db: sqlite_utils.Database | None = None) -> Definition:
    """By file name ("soundtrack-1") or playlist title ("Soundtrack #1 OST"), case aside."""
    definitions, broken = load_all(db)
    key = fold(name)
    for d in definitions:
        if fold(d.key) == key or fold(d.name) == key:
            return d
    for stem, error in broken.items():
        if fold(stem) == key:
            raise error
    known = ", ".join(d.key for d in definitions)
    raise NotFound(f"no playlist definition '{name}' (known: {known}; see `ost playlist list`)")


def _of_season(d: Definition, season: int, show: str | None) -> bool:
    return d.seasons == (season,) and not d.tracks and not d.artists and show in (None, d.show)


def for_season(
    season: int, db: sqlite_utils.Database | None = None, show: str | None = None
) -> Definition:
    """`--season N`: the definition that selects exactly that season (of the show given, else
    the first show that has one: the bundled one)."""
    return _for_season(season, show, load_all(db))[0]


def _for_season(
    season: int, show: str | None, loaded: tuple[list[Definition], dict[str, InputError]]
) -> list[Definition]:
    definitions, broken = loaded
    found = [d for d in definitions if _of_season(d, season, show)]
    if found:
        return found
    if show in (None, catalogue.BUNDLED_SHOW) and f"soundtrack-{season}" in broken:
        raise broken[f"soundtrack-{season}"]  # the season's own file, replaced by a broken one
    of = f" of show {show}" if show else ""
    raise NotFound(f"no playlist definition for season {season}{of} (see `ost playlist list`)")


def chosen(
    name: str | None,
    seasons: tuple[int, ...],
    show: str | None = None,
    db: sqlite_utils.Database | None = None,
) -> list[Definition]:
    """What a command's NAME, --season and --show options ask for: without a NAME, each
    season's playlist (of the show given, else of every show)."""
    if name and seasons:
        raise UsageError("give a playlist NAME or --season, not both")
    if name:
        found = find_definition(name, db)
        if show and found.show != show:
            raise UsageError(f"the playlist {found.key} is of show {found.show}, not {show}")
        return [found]
    loaded = load_all(db)
    if seasons:
        return [d for s in dict.fromkeys(seasons) for d in _for_season(s, show, loaded)]
    return [
        d
        for d in loaded[0]
        if len(d.seasons) == 1 and not d.tracks and not d.artists and show in (None, d.show)
    ]


# --- the plan ----------------------------------------------------------------------------------


@dataclass
class PlanEntry:
    track_id: str
    season: int
    title: str
    title_en: str | None
    artists: list[str]
    artists_en: list[str] | None
    match_status: str | None
    """The match's status on ``service``."""
    uri: str | None
    """The accepted recording's id on ``service`` (a Spotify URI, a YouTube video id)."""
    duration_ms: int | None = None
    """The recording's length as the service gives it (a local file's is ``local_duration_ms``)."""
    album: str | None = None
    album_en: str | None = None  # the matched release's album in English, when the service gave one
    local_path: str | None = None
    local_why: str = ""
    local_duration_ms: int | None = None
    local_album: str | None = None  # the file's album tag
    extra: dict[str, Any] = field(default_factory=dict)
    service: ServiceName = SPOTIFY

    @property
    def spotify_uri(self) -> str | None:
        """The Spotify recording, in a plan made for Spotify (None in another service's)."""
        return self.uri if self.service == SPOTIFY else None

    @property
    def link(self) -> str | None:
        """The recording's page on its service."""
        return LINKS[self.service].recording_url(self.uri)

    def length_ms(self, local: bool) -> int | None:
        """The length of what an entry points at: the user's file (the recording's length when
        the file's is unknown), or the service's recording (never the file's)."""
        return (self.local_duration_ms or self.duration_ms) if local else self.duration_ms

    def album_of(self, local: bool) -> str | None:
        """The album of what an entry points at, as ``length_ms`` chooses."""
        return (self.local_album or self.album) if local else self.album

    @property
    def resolved_to(self) -> str:
        if self.local_path:
            return "local file"
        return self.service.value if self.uri else "unresolved"


def check_seasons(db: sqlite_utils.Database, definition: Definition) -> None:
    """A definition naming a show or a season the catalogue does not have is refused, naming
    its file."""
    known = catalogue.season_numbers(db, definition.show)
    if not known and definition.show != catalogue.BUNDLED_SHOW:
        raise _fail(
            definition.path,
            "select.show",
            f"is '{definition.show}', a show the catalogue does not have (see `ost shows`)",
        )
    of = "" if definition.show == catalogue.BUNDLED_SHOW else f"show {definition.show} "
    for n in definition.seasons:
        if n not in known:
            raise _fail(
                definition.path,
                "select.seasons",
                f"has season {n}, which {of or 'the catalogue '}does not have "
                f"(seasons: {', '.join(map(str, known))})",
            )


def plan(
    db: sqlite_utils.Database, definition: Definition, service: ServiceName = SPOTIFY
) -> list[PlanEntry]:
    """The definition's tracks in its order, each resolved as far as ost can on the service."""
    return list(iter_plan(db, definition, service))


def iter_plan(
    db: sqlite_utils.Database, definition: Definition, service: ServiceName = SPOTIFY
) -> Iterator[PlanEntry]:
    """``plan`` one entry at a time (in catalogue order nothing is held; other orders sort). A
    mistake in the definition is raised here, before any entry is made."""
    check_seasons(db, definition)
    rows: Iterable[dict[str, Any]] = catalogue.iter_tracks(
        db,
        show=definition.show,
        seasons=definition.seasons,
        include_unverified="unverified" in definition.statuses,
    )
    rows = (r for r in rows if r["status"] in definition.statuses)
    if definition.artists:
        ids = {
            r["id"]
            for a in definition.artists
            for r in catalogue.iter_tracks(db, artist=a, include_unverified=True)
        }
        rows = (r for r in rows if r["id"] in ids)
    if definition.tracks:
        rows = _listed(db, definition, rows)
    return _resolved(db, _ordered(rows, definition.order), ServiceName(service))


def _resolved(
    db: sqlite_utils.Database, rows: Iterable[dict[str, Any]], service: ServiceName
) -> Iterator[PlanEntry]:
    """Entries with the length and album of their recording, a query per chunk of rows."""
    for chunk in _chunks(rows, CHUNK):
        known = decisions.recordings(db, [r["id"] for r in chunk], service)
        for r in chunk:
            yield _entry(r, service, *known.get(r["id"], (None, None, None)))


def _chunks(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for r in rows:
        chunk.append(r)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _listed(
    db: sqlite_utils.Database, definition: Definition, rows: Iterable[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The listed tracks, in the listed order, that the rest of the selection allows. A bare id
    is the definition's show's (as `--show KEY` makes it elsewhere)."""
    ids = {t: resolve.own_id(t, definition.show) for t in definition.tracks}
    by_id = {
        r["id"]: r
        for r in catalogue.iter_tracks(db, ids=tuple(ids.values()), include_unverified=True)
    }
    missing = [t for t, own in ids.items() if own not in by_id]
    if missing:
        raise InputError(
            f"{definition.path}: 'select.tracks' names unknown {noun(len(missing), 'track')}: "
            + ", ".join(missing)
        )
    allowed = {r["id"] for r in rows} if (definition.seasons or definition.artists) else set(by_id)
    return [by_id[own] for own in dict.fromkeys(ids.values()) if own in allowed]


def _ordered(rows: Iterable[dict[str, Any]], order: str) -> Iterable[dict[str, Any]]:
    if order == "release_date":
        return sorted(
            rows, key=lambda r: (r["release_date"] is None, r["release_date"] or "", r["season"])
        )
    if order == "title":
        return sorted(rows, key=lambda r: fold(r["title_en"] or r["title"]))
    return rows  # catalogue order (iter_tracks), or the listed order


def _entry(
    r: dict[str, Any],
    service: ServiceName,
    duration_ms: int | None,
    album: str | None,
    album_en: str | None = None,
) -> PlanEntry:
    match = r["services"][service.value]
    uri = match["id"]
    return PlanEntry(
        track_id=r["id"],
        season=r["season"],
        title=r["title"],
        title_en=r["title_en"],
        artists=r["artists"],
        artists_en=r["artists_en"],
        match_status=match["status"],
        uri=uri,
        duration_ms=duration_ms if uri else None,
        album=album if uri else None,
        album_en=album_en if uri else None,
        service=service,
    )


def with_local_files(
    db: sqlite_utils.Database, entries: Iterable[PlanEntry]
) -> Iterator[PlanEntry]:
    """The entries, each pointed at the user's own file where the library has one for it."""
    from ost.library import files as library_files

    files = library_files.files_for_tracks(db)
    for e in entries:
        if e.track_id in files:
            e.local_path = files[e.track_id]
            row = db.table("library_files").get(e.local_path)
            e.local_duration_ms, e.local_album = row["duration_ms"], row["album"]
        yield e
