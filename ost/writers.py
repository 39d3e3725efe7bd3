"""Playlist files: m3u (extended, UTF-8), XSPF and JSON, and writing them atomically.

Pure functions from a list of :class:`Entry` to text; no database. An entry is *resolved* when it
has a location a playlist line can hold (a location with a line break cannot be one line, so it is
treated as unresolved everywhere, with a note saying why). Unresolved entries are never dropped
silently: m3u lists them as ``# unresolved:`` comment lines, XSPF in the playlist annotation.

Whatever the catalogue holds (an older ost imported control characters; tags and Spotify names
can carry them), no file gets a character a terminal would obey: names are written as a table
shows them (``\\x1b[31m``), locations percent-encoded, JSON with ``\\u`` escapes.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from urllib.parse import quote
from xml.sax.saxutils import escape

from ost import outfile
from ost.text import (
    escape_unsafe,
    harmless,
    has_line_break,
    is_harmless,
    json_harmless,
    single_line,
)

XSPF_NS = "http://xspf.org/ns/0/"
URL_PREFIXES = ("https://", "http://", "file://")
NOTE_LINE_BREAK = "its location has a line break, which a playlist line cannot hold"
NOTE_DEFAULT = "no file or link"
# Characters XML 1.0 cannot hold at all, even escaped.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Entry:
    track_id: str
    title: str
    artists: tuple[str, ...]
    duration_s: int | None
    """Whole seconds; None is written as -1 in ``#EXTINF``."""
    location: str | None
    """An absolute local path, ``https://open.spotify.com/track/<id>``, or None (unresolved)."""
    album: str | None = None
    note: str = ""
    """Why the entry is unresolved (shown in the comment line)."""


def is_resolved(entry: Entry) -> bool:
    return bool(entry.location) and not has_line_break(entry.location or "")


def unresolved_count(entries: Iterable[Entry]) -> int:
    return sum(1 for e in entries if not is_resolved(e))


def unresolved_note(entry: Entry) -> str:
    if entry.location and has_line_break(entry.location):
        return NOTE_LINE_BREAK
    return shown(entry.note) or NOTE_DEFAULT


def shown(text: str) -> str:
    """A name as a file holds it: on one line, control characters as visible escapes."""
    return harmless(single_line(text))


def display_name(entry: Entry) -> str:
    """``Artist1, Artist2 - Title`` on one line (either half left out when empty)."""
    artists = ", ".join(a for a in (shown(x) for x in entry.artists) if a)
    title = shown(entry.title)
    return " - ".join(part for part in (artists, title) if part)


def _is_url(location: str) -> bool:
    return location.lower().startswith(URL_PREFIXES)


def _relative(location: str, relative_to: Path | None) -> str | None:
    """The local path relative to ``relative_to``, or None when there is no such path."""
    if relative_to is None or _is_url(location):
        return None
    try:
        return os.path.relpath(location, relative_to)
    except ValueError:  # another drive on Windows
        return None


# --- m3u ---------------------------------------------------------------------------------------


def _m3u_location(location: str, relative_to: Path | None) -> str:
    if not is_harmless(location):  # a URI holds a control character percent-encoded
        return file_uri(location)
    if _is_url(location):
        return location
    if location[-1:].isspace() and Path(location).is_absolute():
        return _absolute_uri(location)  # readers strip a line's trailing space; a URI keeps it
    text = _relative(location, relative_to) or location
    # A line starting with '#' is a comment, and readers strip leading space: "./" keeps such a
    # relative path a path.
    if text[:1] == "#" or text[:1].isspace():
        text = "./" + text
    return text


def _extinf(entry: Entry) -> str:
    seconds = -1 if entry.duration_s is None else int(entry.duration_s)
    return f"#EXTINF:{seconds},{display_name(entry)}"


def m3u_lines(
    entries: Iterable[Entry], *, relative_to: Path | None = None, title: str | None = None
) -> Iterator[str]:
    """Extended m3u, line by line: ``#EXTM3U``, ``#PLAYLIST:<title>`` when there is one, then
    ``#EXTINF`` + location per resolved entry, a comment per unresolved one."""
    yield "#EXTM3U\n"
    if title and shown(title):
        yield f"#PLAYLIST:{shown(title)}\n"
    for entry in entries:
        if is_resolved(entry):
            assert entry.location is not None
            yield f"{_extinf(entry)}\n{_m3u_location(entry.location, relative_to)}\n"
        else:
            yield f"# unresolved: {display_name(entry)} ({unresolved_note(entry)})\n"


def render_m3u(
    entries: Sequence[Entry], *, relative_to: Path | None = None, title: str | None = None
) -> str:
    return "".join(m3u_lines(entries, relative_to=relative_to, title=title))


# --- XSPF --------------------------------------------------------------------------------------


def _xml_text(text: str) -> str:
    return _XML_ILLEGAL.sub("", shown(text))


def file_uri(location: str, relative_to: Path | None = None) -> str:
    """A URI for the location: URLs as they are, local paths as percent-encoded file URIs
    (relative references when ``relative_to`` allows)."""
    if _is_url(location):
        return escape_unsafe(location, quote)  # what a terminal would obey, percent-encoded
    rel = _relative(location, relative_to)
    if rel is not None:
        return quote(PurePath(rel).as_posix())
    path = Path(location)
    return _absolute_uri(location) if path.is_absolute() else quote(path.as_posix())


def _absolute_uri(location: str) -> str:
    """A file URI of the path exactly as written (``Path.as_uri`` would fold ``a//b`` into
    ``a/b``); the bytes the file system sees, percent-encoded."""
    return "file://" + quote(os.fsencode(location))


def _element(tag: str, text: str, depth: int) -> str:
    body = f"<{tag}>{escape(text)}</{tag}>" if text else f"<{tag} />"
    return f"{'  ' * depth}{body}\n"


def _xspf_track(entry: Entry, relative_to: Path | None) -> str:
    assert entry.location is not None
    parts = [
        _element("location", _xml_text(file_uri(entry.location, relative_to)), 3),
        _element("title", _xml_text(entry.title), 3),
    ]
    creator = ", ".join(a for a in (_xml_text(x) for x in entry.artists) if a)
    if creator:
        parts.append(_element("creator", creator, 3))
    if entry.album:
        parts.append(_element("album", _xml_text(entry.album), 3))
    if entry.duration_s is not None and entry.duration_s >= 0:
        parts.append(_element("duration", str(int(entry.duration_s) * 1000), 3))
    return "    <track>\n" + "".join(parts) + "    </track>\n"


def xspf_chunks(
    entries: Iterable[Entry], *, relative_to: Path | None = None, title: str | None = None
) -> Iterator[str]:
    """XSPF version 1, with the playlist's ``<title>`` when there is one, a track at a time.
    Unresolved entries are left out of the trackList and
    listed, one per line, in the playlist's ``<annotation>``, which comes first: the tracks wait
    in a temporary file (memory stays flat) until every entry has been seen."""
    unresolved: list[str] = []
    with tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+", encoding="utf-8") as tracks:
        for entry in entries:
            if is_resolved(entry):
                tracks.write(_xspf_track(entry, relative_to))
            else:
                unresolved.append(f"unresolved: {display_name(entry)} ({unresolved_note(entry)})")
        yield f'<?xml version="1.0" encoding="UTF-8"?>\n<playlist xmlns="{XSPF_NS}" version="1">\n'
        if title and _xml_text(title):
            yield _element("title", _xml_text(title), 1)
        if unresolved:
            yield _element("annotation", _XML_ILLEGAL.sub("", "\n".join(unresolved)), 1)
        if not tracks.tell():
            yield "  <trackList />\n</playlist>\n"
            return
        yield "  <trackList>\n"
        tracks.seek(0)
        while chunk := tracks.read(1 << 16):
            yield chunk
        yield "  </trackList>\n</playlist>\n"


def render_xspf(
    entries: Sequence[Entry], *, relative_to: Path | None = None, title: str | None = None
) -> str:
    return "".join(xspf_chunks(entries, relative_to=relative_to, title=title))


# --- JSON --------------------------------------------------------------------------------------


def _json_entry(entry: Entry) -> dict[str, object]:
    return {
        "track_id": entry.track_id,
        "title": entry.title,
        "artists": list(entry.artists),
        "album": entry.album,
        "duration_s": entry.duration_s,
        "location": entry.location,
        "resolved": is_resolved(entry),
        "note": "" if is_resolved(entry) else unresolved_note(entry),
    }


def json_chunks(entries: Iterable[Entry]) -> Iterator[str]:
    """``{"entries": [...]}`` indented as ``json.dumps(..., indent=2)``, an entry at a time; values
    exactly as given (JSON holds any text)."""
    first = True
    for entry in entries:
        yield ('{\n  "entries": [\n    ' if first else ",\n    ") + _indented(_json_entry(entry))
        first = False
    yield '{\n  "entries": []\n}\n' if first else "\n  ]\n}\n"


def _indented(obj: dict[str, object]) -> str:
    return json_harmless(json.dumps(obj, ensure_ascii=False, indent=2).replace("\n", "\n    "))


def render_json(entries: Sequence[Entry]) -> str:
    return "".join(json_chunks(entries))


# --- writing -----------------------------------------------------------------------------------


def write_atomic(path: Path, text: str | Iterable[str]) -> None:
    """Write UTF-8 text (one string, or chunks as they come) so that readers see the old file or
    the new one, never half of either; a named pipe or a device is written through, never
    replaced (``ost.outfile``)."""
    outfile.write_text(path, text)
