"""What an import reads: its columns, the limits, and each record checked into a ``Record``.

A check that fails raises an ``InputError`` naming ``FILE:LINE`` and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from ost import dates
from ost.catalogue.queries import SERVICE_COLUMNS, parse_track_uri
from ost.catalogue.store import TrackStatus
from ost.errors import InputError, InputErrors
from ost.text import did_you_mean, has_line_break

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_FIELD_CHARS = 2000
MAX_NUMBER = 999_999  # season, order, episode: anything larger is a mistake
REQUIRED = ("season", "title", "artist")
OPTIONAL = (
    "id",
    "title_en",
    "order",
    "release_date",
    "episode",
    "status",
    "source",
    "spotify_uri",
    "show",
)
# Columns that `ost tracks --csv` writes and an import reads back without complaint.
SYNONYMS = {"artists": "artist", "episodes": "episode", "sources": "source"}
IGNORED = (
    "artists_en",
    "match_status",
    "aliases",
    "uncertain",
    "kind",
    "services",
    *SERVICE_COLUMNS,
)
KNOWN = (*REQUIRED, *OPTIONAL)


def names_of(key: str) -> list[str]:
    """A field's name and the other names it is read by (``artist``, ``artists``)."""
    return [key, *(k for k, v in SYNONYMS.items() if v == key)]


def spelled(key: str) -> str:
    """A column as a message names it: "artist (or artists)", the name `ost tracks --csv`
    writes being read too."""
    first, *others = names_of(key)
    return f"{first} (or {', '.join(others)})" if others else first


STATUSES = tuple(TrackStatus)
# An id, after its show's key and a colon for a show a user added ("moonlight:s1-01").
_TRACK_ID = re.compile(
    r"^(?:[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?:)?[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
)
_SHOW_KEY = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?")


@dataclass(slots=True)
class Record:
    """One checked input record, with the line it starts on."""

    line: int
    season: int
    title: str
    artists: list[str]
    values: dict[str, Any]  # the optional fields present in the record


def check(path: str, line: int, rec: dict[str, Any]) -> Record:
    """The record checked: every problem it has is raised together, each on its own line."""
    where = f"{path}:{line}"
    rec = {SYNONYMS.get(k, k): v for k, v in rec.items() if k not in IGNORED}
    problems = [unknown(where, "key", k) for k in rec if k not in KNOWN]
    values: dict[str, Any] = {}
    for key in REQUIRED:
        if rec.get(key) in (None, "", []):
            named = " or ".join(f"'{k}'" for k in names_of(key))
            problems.append(f"{where}: {named} is missing or empty")
    for key, value in rec.items():
        if key not in KNOWN or value in (None, "", []):
            continue
        try:
            values[key] = _CHECKS[key](where, key, value)
        except InputError as e:
            problems.append(str(e))
    if problems:
        raise InputErrors(problems) if len(problems) > 1 else InputError(problems[0])
    season, title, artists = values.pop("season"), values.pop("title"), values.pop("artist")
    return Record(line=line, season=season, title=title, artists=artists, values=values)


def unknown(where: str, what: str, name: str, note: str = "") -> str:
    """An unknown key or column (with ``note`` after its name): the known one it looks like,
    else every known one."""
    said = f"{where}: unknown {what} '{printable(name)}'{note}"
    hint = did_you_mean(name.lower(), KNOWN)
    return f"{said}.{hint}" if hint else f"{said} (known: {', '.join(sorted(KNOWN))})"


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
        shown = printable(repr(value))
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
            f"{where}: '{key}' must be a date like 2022-01-27, not {printable(repr(text))}"
        ) from None
    if not dates.in_range(day):
        raise InputError(f"{where}: '{key}' {dates.outside(day)}")
    return day.isoformat()


def _status(where: str, key: str, value: Any) -> str:
    text = _text(where, key, value).lower()
    if text not in STATUSES:
        raise InputError(
            f"{where}: 'status' must be one of {', '.join(STATUSES)}, not {printable(repr(text))}"
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
        raise InputError(
            f"{where}: 'id' may hold letters, digits, '-', '_' and '.' only "
            "(after its show's key and ':' for a show you added)"
        )
    return text


def _show(where: str, key: str, value: Any) -> str:
    text = _text(where, key, value)
    if not _SHOW_KEY.fullmatch(text):
        raise InputError(f"{where}: 'show' must be a show's key, as `ost shows` lists them")
    return text


_CHECKS = {
    "season": _int,
    "title": _text,
    "artist": _names,
    "id": _track_id,
    "title_en": _text,
    "order": _int,
    "release_date": _date,
    "episode": _episodes,
    "status": _status,
    "source": lambda w, k, v: [_text(w, k, s) for s in _list(w, k, v)],
    "spotify_uri": _uri,
    "show": _show,
}


def printable(text: str) -> str:
    text = text if len(text) <= 60 else text[:59] + "…"
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)
