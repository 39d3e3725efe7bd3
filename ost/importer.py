"""`ost import`: tracks from a user's CSV or JSON file, all or nothing.

The file is read as a stream (CSV line by line; JSON object by object) and checked record by
record. Every bad record is collected (the first ``MAX_PROBLEMS`` shown as ``FILE:LINE: reason``,
then a count); any problem refuses the whole file. The writes of a clean file happen in one
transaction (``db.atomic()``), in batches with ``executemany``: a kill or Ctrl-C at any instant
leaves the catalogue exactly as before or exactly as after, and a reader never sees part of it.
"""

from __future__ import annotations

import csv
import functools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import islice
from pathlib import Path
from typing import IO, Any

import sqlite_utils

from ost import catalogue, dates, decisions, reading
from ost.catalogue import artist_names, parse_track_uri, reindex
from ost.errors import InputError
from ost.resolve import id_key
from ost.text import fold, has_line_break

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_FIELD_CHARS = 2000
MAX_NUMBER = 999_999  # season, order, episode: anything larger is a mistake
MAX_PROBLEMS = 20  # bad records shown before "and N more"
BATCH = 1000  # records looked up and written per round trip
REQUIRED = ("season", "title", "artist")
STDIN_NAME = "<stdin>"  # how messages name standard input (``ost import -``: cli/inputs.py)
OPTIONAL = ("id", "title_en", "order", "release_date", "episode", "status", "source", "spotify_uri")
# Columns that `ost tracks --csv` writes and an import reads back without complaint.
SYNONYMS = {"artists": "artist", "episodes": "episode", "sources": "source"}
IGNORED = ("artists_en", "match_status", "aliases", "uncertain")
STATUSES = catalogue.TRACK_STATUSES
_TRACK_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(slots=True)
class Record:
    """One checked input record, with the line it starts on."""

    line: int
    season: int
    title: str
    artists: list[str]
    values: dict[str, Any]  # the optional fields present in the record


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


# --- reading the file ---------------------------------------------------------------------------


class _Problems:
    """Bad records found so far; raised together as one InputError."""

    def __init__(self, path: str):
        self.path = path
        self.messages: list[str] = []
        self.count = 0

    def add(self, error: InputError) -> None:
        self.count += 1
        if len(self.messages) < MAX_PROBLEMS:
            self.messages.append(str(error))

    def error(self, last: InputError | None = None) -> InputError:
        if last is not None:
            self.add(last)
        lines = list(self.messages)
        if self.count > len(lines):
            lines.append(f"… and {self.count - len(lines)} more bad rows")
        if self.count > 1:
            lines.append(f"{self.path}: {self.count} bad rows; nothing was imported")
        return InputError("\n".join(lines))


def read_records(
    path: Path, problems: _Problems | None = None, name: str | None = None
) -> Iterator[Record]:
    """Parse and check each record in turn. A record that fails a check is added to
    ``problems`` (or raised, without it); a broken file structure raises at once.
    Messages name the file as ``name`` (default: its path)."""
    empty = True
    is_json = [False]
    shown = name or str(path)
    for line, raw in _raw_records(path, is_json, shown):
        empty = False
        try:
            yield _check(shown, line, raw)
        except InputError as e:
            if problems is None:
                raise
            problems.add(e)
    if empty:
        raise InputError(f"{shown}: no records" + ("" if is_json[0] else " (only a header?)"))


def _is_json(path: Path, head: bytes) -> bool:
    return path.suffix.lower() == ".json" or head.lstrip().startswith((b"[", b"{"))


def _open(path: Path, name: str) -> tuple[IO[bytes], bytes]:
    """The open file and its first bytes, after the checks that need no parsing (a regular file
    only: a FIFO would hang the import and a device never end; `… | ost import -` reads a pipe)."""
    f, size = reading.open_regular(path, MAX_FILE_BYTES, name)
    try:
        head = f.read(65536)
        f.seek(0)
    except OSError as e:
        f.close()
        raise InputError(f"{name}: cannot read ({e.strerror})") from None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(head):
        f.close()
        raise InputError(f"{name}:1: the file is UTF-16 text; save it as UTF-8 and import again")
    if not head.strip() and size <= len(head):
        f.close()
        if name == STDIN_NAME:  # `a | ost import -`: most likely `a` failed (and said why)
            raise InputError(
                f"{name}: nothing came in on standard input (did the command before | fail?)"
            )
        raise InputError(f"{name}:1: the file is empty")
    if b"\x00" in head:
        f.close()
        line = head[: head.index(b"\x00")].count(b"\n") + 1
        raise InputError(f"{name}:{line}: binary data (a NUL byte); expected CSV or JSON text")
    return f, head


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without a byte-order mark: every other byte of ASCII text is NUL, and the bytes
    between are not (NULs throughout, as /dev/zero gives, are binary data, not UTF-16)."""
    sample = head[:200]
    if len(sample) < 4:
        return False
    even, odd, quarter = sample[0::2].count(0), sample[1::2].count(0), len(sample) // 4
    return (odd > quarter) != (even > quarter)


def _raw_records(
    path: Path, is_json: list[bool], name: str
) -> Iterator[tuple[int, dict[str, Any]]]:
    f, head = _open(path, name)
    with f:
        is_json[0] = _is_json(path, head)
        if is_json[0]:
            yield from _json_records(name, _decode(name, _whole(name, f)))
        else:
            yield from _csv_records(name, _lines(name, f), _delimiter(head))


def _whole(name: str, f: IO[bytes]) -> bytes:
    data = f.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:  # it grew since it was opened
        raise InputError(f"{name}: over the {MAX_FILE_BYTES} byte limit")
    return data


def _decode(path: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}: not valid UTF-8 (byte {data[e.start]:#04x})") from None


def _lines(path: str, f: IO[bytes]) -> Iterator[str]:
    """The file's lines as text, one at a time, each checked for NUL bytes and UTF-8, never
    past the size limit (a file may grow while it is read)."""
    read = 0
    for n, raw in enumerate(f, 1):
        read += len(raw)
        if read > MAX_FILE_BYTES:
            raise InputError(f"{path}: over the {MAX_FILE_BYTES} byte limit")
        if b"\x00" in raw:
            raise InputError(f"{path}:{n}: binary data (a NUL byte); expected CSV or JSON text")
        try:
            yield raw.decode("utf-8-sig" if n == 1 else "utf-8")
        except UnicodeDecodeError as e:
            raise InputError(f"{path}:{n}: not valid UTF-8 (byte {raw[e.start]:#04x})") from None


def _delimiter(head: bytes) -> str:
    """Tab-separated when the header has tabs and no commas; else comma-separated."""
    header = head.split(b"\n", 1)[0]
    return "\t" if b"\t" in header and b"," not in header else ","


def _csv_records(
    path: str, lines: Iterator[str], delimiter: str
) -> Iterator[tuple[int, dict[str, Any]]]:
    csv.field_size_limit(MAX_FIELD_CHARS + 1)
    reader = csv.reader(lines, strict=True, delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise InputError(f"{path}:1: the file is empty") from None
    except csv.Error as e:
        raise InputError(f"{path}:1: {e}") from None
    columns = _check_header(path, header, delimiter)
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            raise InputError(f"{path}:{start}: {_csv_reason(e)}") from None
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise InputError(f"{path}:{start}: {len(row)} fields, the header has {len(header)}")
        yield start, {c: v for c, v in zip(columns, row, strict=True) if c}


def _csv_reason(e: csv.Error) -> str:
    if "field larger than field limit" in str(e):
        return f"a field is longer than {MAX_FIELD_CHARS} characters"
    return str(e)


def _check_header(path: str, header: list[str], delimiter: str = ",") -> list[str]:
    known = set(REQUIRED) | set(OPTIONAL)
    columns = []
    for name in header:
        name = SYNONYMS.get(name, name)
        if name in IGNORED:
            columns.append("")
        elif name in known:
            columns.append(name)
        else:
            hint = " (a semicolon-separated file? ost reads commas or tabs)" if ";" in name else ""
            raise InputError(
                f"{path}:1: unknown column '{_printable(name)}'{hint} "
                f"(known: {', '.join(sorted(known))})"
            )
    named = [c for c in columns if c]
    twice = sorted({c for c in named if named.count(c) > 1})
    if twice:
        raise InputError(f"{path}:1: column '{twice[0]}' appears twice")
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise InputError(f"{path}:1: missing column(s): {', '.join(missing)}")
    return columns


def _printable(text: str) -> str:
    text = text if len(text) <= 60 else text[:59] + "…"
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


class _TooBig(ValueError):
    pass


def _json_int(text: str) -> int:
    if len(text.lstrip("-")) > 19 or not -(2**63) <= int(text) < 2**63:
        raise _TooBig(text)
    return int(text)


def _json_records(path: str, text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Decode a JSON array element by element so each object's start line is known.

    Line numbers are counted forward from the previous record, never from the file's start,
    so reading is linear in the file's length."""
    decoder = json.JSONDecoder(parse_int=_json_int)
    lines = _LineCounter(text)
    pos = _skip_ws(text, 0)
    if not text.startswith("[", pos):
        raise InputError(f"{path}:{lines.at(pos)}: expected a JSON array of objects")
    pos = _skip_ws(text, pos + 1)
    while not text.startswith("]", pos):
        if pos >= len(text):
            raise InputError(f"{path}:{lines.at(pos)}: broken JSON (the array is not closed)")
        line = lines.at(pos)
        obj, end = _decode_one(path, decoder, text, pos, line)
        if not isinstance(obj, dict):
            raise InputError(f"{path}:{line}: each record must be a JSON object")
        yield line, obj
        pos = _skip_ws(text, end)
        if text.startswith(",", pos):
            pos = _skip_ws(text, pos + 1)
        elif not text.startswith("]", pos):
            raise InputError(f"{path}:{lines.at(pos)}: broken JSON (expected ',' or ']')")
    if text[_skip_ws(text, pos + 1) :]:
        raise InputError(f"{path}:{lines.at(pos + 1)}: broken JSON (text after the array)")


def _decode_one(
    path: str, decoder: json.JSONDecoder, text: str, pos: int, line: int
) -> tuple[Any, int]:
    try:
        obj, end = decoder.raw_decode(text, pos)
    except json.JSONDecodeError as e:
        raise InputError(f"{path}:{e.lineno}: broken JSON ({e.msg})") from None
    except _TooBig:
        raise InputError(f"{path}:{line}: a number beyond 64 bits") from None
    except ValueError as e:  # e.g. Python's limit on the digits of an integer
        raise InputError(f"{path}:{line}: an unreadable number ({e})") from None
    except RecursionError:
        raise InputError(f"{path}:{line}: JSON nested too deep") from None
    if _has_surrogate(obj):
        raise InputError(f"{path}:{line}: text with a lone surrogate (like \\ud800) is not Unicode")
    return obj, end


def _has_surrogate(value: Any) -> bool:
    """Whether any text in the value holds a lone surrogate. A loop, not a recursion: the JSON
    decoder reads nesting deeper than Python's recursion limit leaves room for below it."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str) and _SURROGATE.search(item):
            return True
        if isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


class _LineCounter:
    """Line numbers of increasing positions in a text, counted incrementally."""

    def __init__(self, text: str):
        self.text = text
        self.pos = 0
        self.line = 1

    def at(self, pos: int) -> int:
        if pos < self.pos:
            return self.text.count("\n", 0, pos) + 1
        self.line += self.text.count("\n", self.pos, pos)
        self.pos = pos
        return self.line


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


# --- checking one record ------------------------------------------------------------------------


def _check(path: str, line: int, rec: dict[str, Any]) -> Record:
    where = f"{path}:{line}"
    rec = {SYNONYMS.get(k, k): v for k, v in rec.items() if k not in IGNORED}
    unknown = set(rec) - set(REQUIRED) - set(OPTIONAL)
    if unknown:
        names = ", ".join(_printable(k) for k in sorted(unknown))
        raise InputError(f"{where}: unknown key(s): {names}")
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
    if "\x00" in value:  # as a NUL byte in a CSV is refused: `tracks --csv` must read back
        raise InputError(f"{where}: '{key}' contains a NUL character (\\u0000)")
    value = value.strip()
    if not value:
        raise InputError(f"{where}: '{key}' is empty")
    return value


def _int(where: str, key: str, value: Any) -> int:
    if isinstance(value, str) and re.fullmatch(r"\s*\d{1,6}\s*", value):
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_NUMBER:
        shown = _printable(repr(value))
        raise InputError(
            f"{where}: '{key}' must be a positive whole number up to {MAX_NUMBER}, not {shown}"
        )
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
        day = date.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"{where}: '{key}' must be a date like 2022-01-27, not {_printable(repr(text))}"
        ) from None
    if not dates.in_range(day):
        raise InputError(f"{where}: '{key}' {dates.outside(day)}")
    return day.isoformat()


def _status(where: str, key: str, value: Any) -> str:
    text = _text(where, key, value).lower()
    if text not in STATUSES:
        raise InputError(
            f"{where}: 'status' must be one of {', '.join(STATUSES)}, not {_printable(repr(text))}"
        )
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


# --- planning against the catalogue and writing ---------------------------------------------------


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
    problems = _Problems(plan.name)
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
        problems: _Problems,
        describe: int | None,
        *,
        write: bool,
    ):
        self.db, self.plan, self.problems = db, plan, problems
        self.describe_limit, self.write = describe, write
        self.seasons = {
            r[0]: json.loads(r[1]) for r in db.execute("select number, data from seasons")
        }
        self.ids: dict[str, str] = {}  # id key (case and zero padding aside) -> the id as stored
        self.by_title: dict[str, str] = {}  # "season:folded title" -> track id (a str is smaller)
        for track_id, season, title, title_en in db.execute(
            "select id, season, title, title_en from tracks"
        ):
            self.ids.setdefault(id_key(track_id), track_id)
            self._remember_titles(track_id, season, title, title_en)
        self.seen: dict[str, int] = {}  # track id -> the line that named it
        self.next_user: dict[int, int] = {}
        self.artists = _ArtistResolver(db)
        self.artists_written = 0
        self.now = datetime.now(UTC).isoformat(timespec="seconds")

    def _remember_titles(self, track_id: str, season: int, *titles: str | None) -> None:
        for title in titles:
            if title:
                self.by_title.setdefault(f"{season}:{fold(title)}", track_id)

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
        touched: list[str] = []
        for rec, track_id, new in placed:
            artist_ids = self._artist_ids(rec)
            if new:
                self._added(rec, track_id)
                writes.add(rec, track_id, artist_ids)
                touched.append(track_id)
                continue
            diff = _diff(current[track_id], rec, self.artists.by_name, by_id="id" in rec.values)
            if not diff:
                self.plan.unchanged += 1
                continue
            self.plan.changed += 1
            if self._noting():
                self._note(f"change {track_id}  " + _changes(diff, current[track_id]))
            writes.update(rec, track_id, set(diff), current[track_id], artist_ids)
            touched.append(track_id)
        if self.write and not self.problems.count:
            self._flush_artists()
            writes.flush(self.db)
            reindex(self.db, touched)

    def _place(self, rec: Record) -> tuple[Record, str, bool]:
        self._check_season(rec)
        track_id = self._target(rec)
        new = track_id is None
        if track_id is None:
            track_id = rec.values.get("id") or self._new_id(rec.season)
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
        self._remember_titles(track_id, rec.season, rec.title, rec.values.get("title_en"))
        return rec, track_id, new

    def _check_season(self, rec: Record) -> None:
        where = f"{self.plan.name}:{rec.line}"
        if rec.season not in self.seasons:
            known = ", ".join(str(n) for n in sorted(self.seasons))
            raise InputError(
                f"{where}: season {rec.season} is not in the catalogue (seasons: {known})"
            )
        facts = self.seasons[rec.season].get("facts", {})
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
            hit = title and self.by_title.get(f"{rec.season}:{fold(title)}")
            if hit:
                return hit
        return None

    def _new_id(self, season: int) -> str:
        n = self.next_user.get(season, 1)
        while id_key(f"s{season}-user{n}") in self.ids:
            n += 1
        self.next_user[season] = n + 1
        return f"s{season}-user{n}"

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

    def _flush_artists(self) -> None:
        """The artists this batch added, before the links to them (foreign keys are on)."""
        self.db.conn.executemany(
            "insert into artists (id, name, name_en, aliases, note, origin) "
            "values (:id, :name, null, '[]', null, 'user')",
            self.artists.new[self.artists_written :],
        )
        self.artists_written = len(self.artists.new)


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
        "select t.id, t.season, t.title, t.title_en, t.ord, t.release_date, t.episodes, "
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
_TRACK_COLUMNS = ("id", *catalogue.TRACK_FIELDS, "origin", "user_fields")


@dataclass
class _Writes:
    """One batch's writes, gathered so that each kind is one ``executemany``."""

    now: str
    new_tracks: list[tuple[Any, ...]] = field(default_factory=list)
    updates: dict[tuple[str, ...], list[list[Any]]] = field(default_factory=dict)
    artists: dict[str, list[str]] = field(default_factory=dict)
    pins: list[dict[str, Any]] = field(default_factory=list)

    def add(self, rec: Record, track_id: str, artist_ids: list[str]) -> None:
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
        self.new_tracks.append(tuple(row.get(c) for c in _TRACK_COLUMNS))
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
        row["user_fields"] = json.dumps(
            sorted(fields | {_USER_FIELD[k] for k in keys if k in _USER_FIELD})
        )
        if "source" in keys:
            have = old["source"]
            row["sources"] = json.dumps(
                have + [x for x in rec.values["source"] if x not in have], ensure_ascii=False
            )
        columns = tuple(sorted(row))
        self.updates.setdefault(columns, []).append([row[c] for c in columns] + [track_id])
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

    def flush(self, db: sqlite_utils.Database) -> None:
        conn = db.conn
        if self.new_tracks:
            conn.executemany(
                f"insert into tracks ({', '.join(_TRACK_COLUMNS)}) "
                f"values ({', '.join('?' * len(_TRACK_COLUMNS))})",
                self.new_tracks,
            )
        for columns, rows in self.updates.items():
            sets = ", ".join(f"[{c}] = ?" for c in columns)
            conn.executemany(f"update tracks set {sets} where id = ?", rows)
        conn.executemany(
            "delete from track_artists where track_id = ?", [(t,) for t in self.artists]
        )
        conn.executemany(
            "insert into track_artists (track_id, artist_id, position) values (?, ?, ?)",
            [(t, a, i) for t, ids in self.artists.items() for i, a in enumerate(ids)],
        )
        decisions.pin_all(db, self.pins)  # the rule for imported URIs is decisions'


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

    def resolve(self, name: str) -> tuple[str, bool]:
        """(artist id, whether this import adds the artist)."""
        key = artist_key(name)
        if key in self.by_name:
            return self.by_name[key], False
        artist_id = f"user-{key}"
        self.new.append({"id": artist_id, "name": name})
        self.by_name[key] = artist_id
        return artist_id, True
