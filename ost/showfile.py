"""Show files: one show's names, seasons and air dates, in TOML like ``data/*.toml``.

`ost shows add` writes one to ``$OST_HOME/shows/KEY.toml`` and a user may write or edit one by
hand (docs/shows-format.md). This module only reads, checks and renders them: pure functions,
every mistake one ``InputError`` naming the file and the line ("shows/goblin.toml:7: ...").
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ost import dates, reading
from ost.errors import InputError

MAX_SHOW_FILE_BYTES = 1 << 20
"""A show file past this (1 MiB; a show with 50 seasons and 100 aliases is 10 KiB) is refused."""
MAX_NAME_CHARS = 200
MAX_NAMES = 100
"""Aliases, music directors or sources in one list."""
MAX_SEASON = 999
MAX_DAYS = 3650
KEY = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?")
"""A show's key: what `--show` takes and the file's name; lower-case letters, digits, hyphens."""
DEFAULT_DAYS_BEFORE = 60
DEFAULT_DAYS_AFTER = 365

TOP_KEYS = ("show", "seasons", "discovery")
SHOW_KEYS = ("key", "title", "title_en", "aliases", "music", "note", "sources")
SEASON_KEYS = ("number", "title", "title_en", "aliases", "premiere", "finale", "note", "sources")
DISCOVERY_KEYS = ("ost_mark", "days_before", "days_after")


@dataclass(frozen=True)
class ShowSeason:
    number: int
    title: str | None = None
    title_en: str | None = None
    aliases: tuple[str, ...] = ()
    premiere: date | None = None
    finale: date | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The season's own names ("Hospital Playlist 2"), when it has any."""
        return tuple(n for n in (self.title, self.title_en, *self.aliases) if n)


@dataclass(frozen=True)
class ShowFile:
    key: str
    title: str
    """The show's original (Korean) name."""
    title_en: str | None = None
    aliases: tuple[str, ...] = ()
    seasons: tuple[ShowSeason, ...] = (ShowSeason(1),)
    music: tuple[str, ...] | None = None
    """Music directors; None when the file does not say (discovery then infers them)."""
    needs_ost_mark: bool = True
    days_before: int = DEFAULT_DAYS_BEFORE
    days_after: int = DEFAULT_DAYS_AFTER
    note: str | None = None
    sources: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.title, self.title_en, *self.aliases) if n)


# --- where a mistake is ------------------------------------------------------------------------

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]\s]+)\s*\]\]?\s*(?:#.*)?$")


class _Lines:
    """Finds the line of a table or a key in the text, for messages (tomllib gives none). A
    value written some other way (an inline table, a dotted key) is found at its table's line,
    or not at all; the message then names the table and key alone."""

    def __init__(self, text: str):
        self.lines = text.splitlines()

    def table(self, name: str, index: int = 0) -> int | None:
        seen = -1
        for n, line in enumerate(self.lines, 1):
            m = _HEADER.match(line)
            if m and m.group(2) == name:
                seen += 1
                if seen == index:
                    return n
        return None

    def key(self, table: str | None, key: str, index: int = 0) -> int | None:
        start = self.table(table, index) if table else 0
        if start is None:
            return self.key(None, table or key) if table else None
        pattern = re.compile(rf'^\s*(?:"{re.escape(key)}"|{re.escape(key)})\s*=')
        for n, line in enumerate(self.lines[start:], start + 1):
            if _HEADER.match(line):
                break
            if pattern.match(line):
                return n
        return start or None


@dataclass(frozen=True)
class _Where:
    path: Path | str
    lines: _Lines
    table: str | None  # "show", "seasons", "discovery"; None: the top level
    index: int = 0  # which [[seasons]]

    @property
    def label(self) -> str:
        if self.table == "seasons":
            return f"[[seasons]] #{self.index + 1}"
        return f"[{self.table}]" if self.table else "top level"

    def fail(self, key: str | None, problem: str) -> InputError:
        line = self.lines.key(self.table, key, self.index) if key else None
        if line is None and self.table:
            line = self.lines.table(self.table, self.index)
        at = f"{self.path}:{line}" if line else f"{self.path}"
        what = f" '{key}'" if key else ""
        return InputError(f"{at}: {self.label}:{what} {problem}")


def key_error(text: str, path: Path | str, problem: str) -> InputError:
    """A problem with the file's ``[show]`` key, said as its other mistakes are (FILE:LINE)."""
    return _Where(path, _Lines(text), "show").fail("key", problem)


# --- reading ---------------------------------------------------------------------------------


def read_show(path: Path, key: str | None = None) -> ShowFile:
    """A show file from disk (a regular file of at most MAX_SHOW_FILE_BYTES), checked."""
    return parse_show(read_text(path), path, key)


def read_text(path: Path) -> str:
    """A show file's text (a regular file of at most MAX_SHOW_FILE_BYTES, in UTF-8)."""
    return reading.decode(reading.read_bytes(path, MAX_SHOW_FILE_BYTES), path)


def parse_show(text: str, path: Path | str, key: str | None = None) -> ShowFile:
    """The show a show file's text describes; the first mistake is an InputError naming the
    file and the line. ``key``: the show's key when the file gives none (a file in the shows
    folder is known by its name), else it is derived from the names."""
    doc = _toml(text, path)
    lines = _Lines(text)
    top = _Where(path, lines, None)
    _only(top, doc, TOP_KEYS, "a show file key")
    show = doc.get("show")
    if not isinstance(show, dict):
        raise top.fail("show", "is missing: a show file starts with a [show] table")
    where = _Where(path, lines, "show")
    _only(where, show, SHOW_KEYS, "a [show] key")
    title = _name(where, show, "title", required=True)
    assert title is not None
    title_en = _name(where, show, "title_en")
    key = show.get("key", key or derive_key(title, title_en))
    if not isinstance(key, str) or not KEY.fullmatch(key):
        raise where.fail("key", "must be 1 to 40 lower-case letters, digits or hyphens")
    return ShowFile(
        key=key,
        title=title,
        title_en=title_en,
        aliases=_names(where, show, "aliases"),
        seasons=_seasons(path, lines, doc.get("seasons", [{"number": 1}])),
        music=_names(where, show, "music") if "music" in show else None,
        note=_text(where, show, "note"),
        sources=_names(where, show, "sources"),
        **_discovery(_Where(path, lines, "discovery"), doc.get("discovery", {})),
    )


def _toml(text: str, path: Path | str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        found = re.search(r"\s*\(at line (\d+), column \d+\)$", str(e))
        if found:
            raise InputError(f"{path}:{found.group(1)}: {str(e)[: found.start()]}") from None
        raise InputError(f"{path}: {e}") from None
    except RecursionError:
        raise InputError(f"{path}: {reading.NESTED}") from None


def _only(where: _Where, table: dict[str, Any], known: tuple[str, ...], what: str) -> None:
    for key in table:
        if key not in known:
            raise where.fail(key, f"is not {what} (known: {', '.join(known)})")


def _text(where: _Where, table: dict[str, Any], key: str) -> str | None:
    value = table.get(key)
    if value is not None and not isinstance(value, str):
        raise where.fail(key, "must be a string")
    return value


def _check_name(where: _Where, key: str, value: Any) -> str:
    if not isinstance(value, str) or not any(ch.isalnum() for ch in value):
        raise where.fail(key, "must be a name with a letter or a digit in it")
    if len(value) > MAX_NAME_CHARS:
        raise where.fail(key, f"is {len(value)} characters long (at most {MAX_NAME_CHARS})")
    if any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in value):
        raise where.fail(key, "must be one line without control characters")
    return value.strip()


def _name(where: _Where, table: dict[str, Any], key: str, required: bool = False) -> str | None:
    if key not in table:
        if required:
            raise where.fail(key, "is missing (the show's name as it first aired)")
        return None
    return _check_name(where, key, table[key])


def _names(where: _Where, table: dict[str, Any], key: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list):
        raise where.fail(key, "must be a list of strings")
    if len(value) > MAX_NAMES:
        raise where.fail(key, f"has {len(value)} entries (at most {MAX_NAMES})")
    return tuple(dict.fromkeys(_check_name(where, key, v) for v in value))


def _seasons(path: Path | str, lines: _Lines, value: Any) -> tuple[ShowSeason, ...]:
    if isinstance(value, dict):  # [seasons] for [[seasons]]
        line = lines.table("seasons")
        raise InputError(f"{path}:{line}: write [[seasons]] (one table per season), not [seasons]")
    if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
        raise _Where(path, lines, None).fail("seasons", "must be one [[seasons]] table or more")
    seen: set[int] = set()
    out = []
    for i, table in enumerate(value):
        season = _season(_Where(path, lines, "seasons", i), table)
        if season.number in seen:
            raise _Where(path, lines, "seasons", i).fail(
                "number", f"{season.number} is given twice"
            )
        seen.add(season.number)
        out.append(season)
    return tuple(sorted(out, key=lambda s: s.number))


def _season(where: _Where, table: dict[str, Any]) -> ShowSeason:
    _only(where, table, SEASON_KEYS, "a [[seasons]] key")
    number = table.get("number")
    if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= MAX_SEASON:
        raise where.fail("number", f"must be a season number from 1 to {MAX_SEASON}")
    premiere = _day(where, table, "premiere")
    finale = _day(where, table, "finale")
    if finale and not premiere:
        raise where.fail("finale", "is given without a premiere")
    if premiere and finale and finale < premiere:
        raise where.fail("finale", f"{finale} is before the premiere {premiere}")
    return ShowSeason(
        number,
        _name(where, table, "title"),
        _name(where, table, "title_en"),
        _names(where, table, "aliases"),
        premiere,
        finale,
        _text(where, table, "note"),
        _names(where, table, "sources"),
    )


def _day(where: _Where, table: dict[str, Any], key: str) -> date | None:
    if key not in table:
        return None
    value = table[key]
    day = dates.parse_day(value) if isinstance(value, str | date) else None
    if day is None:
        raise where.fail(key, "must be a date like 2016-12-02")
    if not dates.in_range(day):
        raise where.fail(key, dates.outside(day))
    return day


def _discovery(where: _Where, table: Any) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise _Where(where.path, where.lines, None).fail("discovery", "must be a table")
    _only(where, table, DISCOVERY_KEYS, "a [discovery] key")
    out: dict[str, Any] = {}
    if "ost_mark" in table:
        if not isinstance(table["ost_mark"], bool):
            raise where.fail("ost_mark", "must be true or false")
        out["needs_ost_mark"] = table["ost_mark"]
    for key in ("days_before", "days_after"):
        if key in table:
            value = table[key]
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_DAYS:
                raise where.fail(key, f"must be a number of days from 0 to {MAX_DAYS}")
            out[key] = value
    return out


# --- keys ----------------------------------------------------------------------------------------

_INITIALS = [
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p",
    "h",
]  # fmt: skip
_VOWELS = [
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
    "wi", "yu", "eu", "ui", "i",
]  # fmt: skip
_FINALS = [
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p",
    "t", "t", "ng", "t", "t", "k", "t", "p", "t",
]  # fmt: skip
"""Revised Romanisation of the initial, the vowel and the final of a Hangul syllable."""


def romanise(text: str) -> str:
    """Hangul in Revised Romanisation, syllable by syllable (without the sound changes between
    syllables: 눈물 is "nunmul"); other characters as they are."""
    out = []
    for ch in text:
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172:
            initial, vowel, final = code // 588, code % 588 // 28, code % 28
            out.append(_INITIALS[initial] + _VOWELS[vowel] + _FINALS[final])
        else:
            out.append(ch)
    return "".join(out)


_BRACKETED = re.compile(r"(?P<ko>.*\S)\s*[(\[（](?P<en>[^()\[\]（）]+)[)\]）]\s*")


def split_names(name: str) -> tuple[str, str] | None:
    """A Hangul name followed by a bracketed Latin one, as people write a K-drama's name
    ("별빛 세탁소 (Starlight Laundry)"), as its two names; None for any other name."""
    m = _BRACKETED.fullmatch(name.strip())
    if not m:
        return None
    ko, en = m.group("ko").strip(), m.group("en").strip()
    if not (_hangul(ko) and not _hangul(en) and re.search(r"[A-Za-z]", en)):
        return None
    return ko, en


def _hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


def derive_key(title: str, title_en: str | None = None) -> str:
    """A key from the English name, else the romanised one: "hospital-playlist", "dokkaebi"."""
    source = title_en if title_en and _slug(title_en) else romanise(title)
    return _slug(source) or "show"


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > 40:
        slug = slug[:40].rsplit("-", 1)[0] if "-" in slug[:40] else slug[:40]
    return slug.strip("-")


# --- writing -------------------------------------------------------------------------------------


def render_show(show: ShowFile) -> str:
    """The show file's text, as `ost shows add` writes it (parse_show reads it back the same)."""
    out = [f"# {show.title}" + (f" ({show.title_en})" if show.title_en else ""), "", "[show]"]
    out += [f"key = {_str(show.key)}", f"title = {_str(show.title)}"]
    out += [f"title_en = {_str(show.title_en)}"] if show.title_en else []
    out += _list_lines("aliases", show.aliases) + (
        _list_lines("music", show.music, always=True) if show.music is not None else []
    )
    out += [f"note = {_str(show.note)}"] if show.note else []
    out += _list_lines("sources", show.sources)
    for s in show.seasons:
        out += ["", "[[seasons]]", f"number = {s.number}"]
        out += [f"{k} = {_str(v)}" for k, v in (("title", s.title), ("title_en", s.title_en)) if v]
        out += _list_lines("aliases", s.aliases)
        out += [
            f"{k} = {v.isoformat()}"
            for k, v in (("premiere", s.premiere), ("finale", s.finale))
            if v
        ]
        out += [f"note = {_str(s.note)}"] if s.note else []
        out += _list_lines("sources", s.sources)
    changed = _discovery_lines(show)
    out += ["", "[discovery]", *changed] if changed else []
    return "\n".join(out) + "\n"


def _discovery_lines(show: ShowFile) -> list[str]:
    out = [] if show.needs_ost_mark else ["ost_mark = false"]
    out += [f"days_before = {show.days_before}"] if show.days_before != DEFAULT_DAYS_BEFORE else []
    out += [f"days_after = {show.days_after}"] if show.days_after != DEFAULT_DAYS_AFTER else []
    return out


def _list_lines(key: str, values: tuple[str, ...] | None, always: bool = False) -> list[str]:
    if not values and not always:
        return []
    return [f"{key} = [{', '.join(_str(v) for v in values or ())}]"]


def _str(value: str | None) -> str:
    """A TOML basic string (JSON's escapes are TOML's, but for DEL, which TOML wants escaped)."""
    return json.dumps(value or "", ensure_ascii=False).replace("\x7f", "\\u007f")
