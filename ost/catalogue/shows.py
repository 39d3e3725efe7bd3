"""The shows the catalogue holds: the bundled *Soundtrack* (the data files) and each show a user
added, whose show file (``$OST_HOME/shows/KEY.toml``, ``ost.showfile``) is the show.

This module alone writes the ``shows`` table (a user's show: its file's text as last read without
a mistake, where it was read from, and what is wrong with the file now, if anything); a show's
seasons go through the catalogue's one writer (``store.Writer``). Opening the catalogue reads a
show file again when its size or time changed, so an edit takes effect at the next command; a
file with a mistake leaves the show as it was (the mistake is kept, and named where the show is
asked for); a file that is gone leaves the show until `ost shows remove`.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import sqlite_utils

from ost import dates, decisions, meta, paths
from ost.catalogue.store import BUNDLED_SHOW, Kind, Origin, TrackStatus, Writer
from ost.errors import InputError, UsageError

if TYPE_CHECKING:
    from ost.showfile import ShowFile

# ost.showfile is imported where a file is read: opening the catalogue only lists the folder.

BUNDLED = BUNDLED_SHOW
BUNDLED_TITLE, BUNDLED_TITLE_EN = "사운드트랙", "Soundtrack"
BUNDLED_DAYS_BEFORE = 183  # as ost.discover.show.SOUNDTRACK_DAYS_BEFORE says why


class Problem(NamedTuple):
    """A show file that cannot be read as it is now (the show stays as it was read before)."""

    key: str
    file: str
    message: str


# --- the folder's state ----------------------------------------------------------------------


def _files(folder: Path) -> dict[str, Path]:
    """KEY -> path of each show file in the folder (hidden and temporary files aside)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return {}
    return {
        e.name[: -len(".toml")]: Path(e.path)
        for e in entries
        if e.name.endswith(".toml") and not e.name.startswith(".")
    }


def file_signature(path: Path) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return ""
    return f"{st.st_size}:{st.st_mtime_ns}"


def signature() -> str:
    """The show files as they are now (names, sizes, times), in a few bytes; "" for none."""
    files = _files(paths.shows_dir())
    if not files:
        return ""
    listed = "\n".join(f"{key}:{file_signature(path)}" for key, path in files.items())
    return hashlib.sha256(listed.encode()).hexdigest()[:32]


def behind(state: dict[str, str]) -> bool:
    """Whether the show files changed since the catalogue last read them (``state``: meta)."""
    return state.get(meta.SHOWS, "") != signature()


# --- reading the files into the catalogue --------------------------------------------------------


def read_file(path: Path, key: str) -> tuple[ShowFile, str]:
    """A show file in the shows folder, checked, and its text: its key is its name."""
    from ost.showfile import parse_show, read_text

    text = read_text(path)
    spec = parse_show(text, path, key)
    if spec.key != key:
        raise InputError(
            f"{path}: [show]: 'key' is '{spec.key}', but the file is named {key}.toml "
            "(a show's file is named after its key)"
        )
    if spec.key == BUNDLED:
        raise InputError(f"{path}: '{BUNDLED}' is the bundled show's key; give the show another")
    return spec, text


def sync(db: sqlite_utils.Database) -> None:
    """Bring the user's shows in step with their files, in one transaction."""
    folder_now = signature()
    files = _files(paths.shows_dir())
    known = {r[0]: r[1] for r in db.execute("select key, signature from shows")}
    with db.atomic(), Writer(db) as writer:
        for key, path in files.items():
            sig = file_signature(path)
            if known.get(key) == sig:
                continue
            try:
                spec, text = read_file(path, key)
            except InputError as e:
                db.execute(
                    "update shows set problem = ?, signature = ? where key = ?", [str(e), sig, key]
                )
                continue
            put(db, writer, spec, text, path, sig)
        for key in known.keys() - files.keys():
            gone = f"its file {paths.shows_dir() / (key + '.toml')} is gone"
            db.execute("update shows set problem = ? where key = ?", [gone, key])
        meta.put(db, meta.SHOWS, folder_now)


def put(
    db: sqlite_utils.Database, writer: Writer, spec: ShowFile, text: str, path: Path, sig: str
) -> None:
    """A user's show and its seasons, as its file says (inside the caller's transaction)."""
    db.execute(
        """insert into shows (key, title, title_en, text, file, signature, problem, added_at)
           values (?, ?, ?, ?, ?, ?, null, ?)
           on conflict (key) do update set title = excluded.title,
             title_en = excluded.title_en, text = excluded.text, file = excluded.file,
             signature = excluded.signature, problem = null""",
        [spec.key, spec.title, spec.title_en, text, str(path), sig, dates.now()],
    )
    writer.put_seasons(season_rows(spec))
    writer.drop_seasons(spec.key, [s.number for s in spec.seasons])


def season_rows(spec: ShowFile) -> list[dict[str, Any]]:
    """The ``seasons`` rows of a show file: the season's own names, else the show's (with the
    season's number where it has several); its air dates as facts, as the data files give them;
    the show's time around them for the matcher (``window_days``)."""
    several = len(spec.seasons) > 1
    rows = []
    for s in spec.seasons:
        facts = {
            k: {"value": d.isoformat()}
            for k, d in (("premiere", s.premiere), ("finale", s.finale))
            if d
        }
        data = {
            "aliases": list(s.aliases),
            "facts": facts,
            "window_days": [spec.days_before, spec.days_after],
            **({"note": s.note} if s.note else {}),
            "sources": list(s.sources),
        }
        en = spec.title_en
        rows.append(
            {
                "show": spec.key,
                "number": s.number,
                "title": s.title or (_numbered(spec.title, s.number) if several else spec.title),
                "title_en": s.title_en
                or ((_numbered(en, s.number) if several else en) if en else None),
                "data": json.dumps(data, ensure_ascii=False),
            }
        )
    return rows


def _numbered(name: str, number: int) -> str:
    korean = any("\uac00" <= ch <= "\ud7a3" for ch in name)
    return f"{name} 시즌{number}" if korean else f"{name} Season {number}"


def forget(db: sqlite_utils.Database, key: str) -> None:
    """The show's row (its tracks and seasons are the caller's: ``ost.shows.remove``)."""
    db.execute("delete from shows where key = ?", [key])


# --- asking ----------------------------------------------------------------------------------


def keys(db: sqlite_utils.Database) -> list[str]:
    """Every show's key, the bundled one first."""
    return [BUNDLED, *(r[0] for r in db.execute("select key from shows order by key"))]


def problem(db: sqlite_utils.Database, key: str) -> Problem | None:
    row = db.execute("select file, problem from shows where key = ?", [key]).fetchone()
    return Problem(key, row[0], row[1]) if row and row[1] else None


def problems(db: sqlite_utils.Database) -> list[Problem]:
    return [
        Problem(k, f, p)
        for k, f, p in db.execute(
            "select key, file, problem from shows where problem is not null order by key"
        )
    ]


def unread(db: sqlite_utils.Database) -> list[Problem]:
    """The files in the shows folder that are no show yet because of a mistake."""
    known = set(keys(db))
    out = []
    for key, path in _files(paths.shows_dir()).items():
        if key in known:
            continue
        try:
            read_file(path, key)
        except InputError as e:
            out.append(Problem(key, str(path), str(e)))
    return out


def spec(db: sqlite_utils.Database, key: str) -> ShowFile:
    """The show as its file last read without a mistake says (the bundled one as its data files
    say); NotFound-like UsageError for a key the catalogue does not have."""
    from ost.showfile import parse_show

    if key == BUNDLED:
        return bundled(db)
    row = db.execute("select text, file from shows where key = ?", [key]).fetchone()
    if row is None:
        raise UsageError(unknown(db, key))
    return parse_show(row[0], row[1], key)


def bundled(db: sqlite_utils.Database) -> ShowFile:
    """The bundled show as a show file would say it (docs/shows-format.md): its seasons and air
    dates from the data files; no OST mark needed, a longer lead, no score told apart."""
    from ost.showfile import ShowFile, ShowSeason

    seasons = []
    for number, title, title_en, data in db.execute(
        "select number, title, title_en, data from seasons where show = ? order by number",
        [BUNDLED],
    ):
        extra = json.loads(data or "{}")
        facts = extra.get("facts", {})
        day = {k: dates.parse_day(str((facts.get(k) or {}).get("value"))) for k in AIR_FACTS}
        seasons.append(
            ShowSeason(
                number,
                title,
                title_en,
                tuple(extra.get("aliases", [])),
                day["premiere"],
                day["finale"],
            )
        )
    return ShowFile(
        key=BUNDLED,
        title=BUNDLED_TITLE,
        title_en=BUNDLED_TITLE_EN,
        seasons=tuple(seasons) or (ShowSeason(1),),
        music=(),
        needs_ost_mark=False,
        days_before=BUNDLED_DAYS_BEFORE,
    )


AIR_FACTS = ("premiere", "finale")


def name_key(text: str) -> str:
    """How a show's name is compared: NFC, case-folded, with no spacing at all (a Korean name is
    often written with its words run together: 별빛세탁소 for 별빛 세탁소)."""
    import unicodedata

    return "".join(unicodedata.normalize("NFC", text).casefold().split())


def _names(db: sqlite_utils.Database) -> dict[str, tuple[str, ...]]:
    """Each show's names (title, English title, aliases), compared as ``name_key`` says; none
    for a stored text that no longer parses."""
    out = {}
    for key in keys(db):
        try:
            out[key] = tuple(map(name_key, spec(db, key).names))
        except InputError:
            out[key] = ()
    return out


def named(db: sqlite_utils.Database, text: str) -> list[str]:
    """The keys of the shows one of whose names (title, English title, aliases) is ``text``."""
    wanted = name_key(text)
    return [key for key, names in _names(db).items() if wanted in names]


def find(db: sqlite_utils.Database, text: str) -> str:
    """The key of the show ``text`` names: its key, else one of its names (case and spacing
    aside). UsageError for none (with the closest keys) or for several (listing their keys)."""
    key = text.strip().lower()
    if key in keys(db):
        return key
    found = named(db, text)
    if len(found) == 1:
        return found[0]
    if found:
        raise UsageError(f"'{text}' names several shows ({', '.join(found)}): give the key instead")
    raise UsageError(unknown(db, text))


def unknown(db: sqlite_utils.Database, key: str) -> str:
    """The words for a key no show has, with the closest keys."""
    import difflib

    known = keys(db)
    close = difflib.get_close_matches(key.lower(), known, n=3, cutoff=0.5)
    close += [k for k in _started(db, key) if k not in close]
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    return f"no show '{key}'{hint} (shows: {', '.join(known)}; see `ost shows`)"


def _started(db: sqlite_utils.Database, text: str) -> list[str]:
    """The keys of the shows whose key or a name starts as ``text`` does (spacing aside)."""
    wanted = name_key(text)
    if not wanted:
        return []
    return [
        key
        for key, names in _names(db).items()
        if any(n.startswith(wanted) for n in (name_key(key), *names))
    ]


_COUNTS = f"""
select t.show,
       sum(t.kind = '{Kind.SONG}' and t.status != '{TrackStatus.UNVERIFIED}') as tracks,
       sum(t.kind = '{Kind.SCORE}') as score,
       sum(t.status = '{TrackStatus.UNVERIFIED}') as unverified,
       sum(m.status in {decisions.sql_set(decisions.COUNTS_AS_ACCEPTED)}) as with_recording
from tracks t {decisions.MATCH_JOIN}
group by t.show
"""


def listing(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Every show as `ost shows` lists it: its key, names, aliases, seasons, counts, origin."""
    counts = {r["show"]: r for r in db.query(_COUNTS)}
    files = {r["key"]: r for r in db.query("select key, file, problem from shows")}
    out = []
    for key in keys(db):
        show = spec(db, key)
        c = counts.get(key, {})
        out.append(
            {
                "key": key,
                "names": {"ko": show.title, "en": show.title_en},
                "aliases": list(show.aliases),
                "seasons": [
                    {
                        "number": s.number,
                        "premiere": s.premiere.isoformat() if s.premiere else None,
                        "finale": s.finale.isoformat() if s.finale else None,
                    }
                    for s in show.seasons
                ],
                **{k: c.get(k) or 0 for k in ("tracks", "score", "unverified", "with_recording")},
                "origin": Origin.BUNDLED if key == BUNDLED else Origin.USER,
                "file": files[key]["file"] if key in files else None,
                "problem": files[key]["problem"] if key in files else None,
            }
        )
    return out
