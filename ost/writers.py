"""Playlist files: m3u (extended, UTF-8), XSPF and JSON, and writing them atomically.

Pure functions from a list of :class:`Entry` to text; no database. An entry is *resolved* when it
has a location a playlist line can hold (a location with a line break cannot be one line, so it is
treated as unresolved everywhere, with a note saying why). Unresolved entries are never dropped
silently: m3u lists them as ``# unresolved:`` comment lines, XSPF in the playlist annotation.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from urllib.parse import quote

from ost.text import has_line_break, single_line

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
    return single_line(entry.note) or NOTE_DEFAULT


def display_name(entry: Entry) -> str:
    """``Artist1, Artist2 - Title`` on one line (either half left out when empty)."""
    artists = ", ".join(a for a in (single_line(x) for x in entry.artists) if a)
    title = single_line(entry.title)
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
    if _is_url(location):
        return location
    if location[-1:].isspace() and Path(location).is_absolute():
        return Path(location).as_uri()  # readers strip a line's trailing space; a URI keeps it
    text = _relative(location, relative_to) or location
    # A line starting with '#' is a comment, and readers strip leading space: "./" keeps such a
    # relative path a path.
    if text[:1] == "#" or text[:1].isspace():
        text = "./" + text
    return text


def _extinf(entry: Entry) -> str:
    seconds = -1 if entry.duration_s is None else int(entry.duration_s)
    return f"#EXTINF:{seconds},{display_name(entry)}"


def render_m3u(
    entries: Sequence[Entry], *, relative_to: Path | None = None, title: str | None = None
) -> str:
    """Extended m3u: ``#EXTM3U``, ``#PLAYLIST:<title>`` when there is one, then ``#EXTINF`` +
    location per resolved entry, a comment per unresolved one."""
    lines = ["#EXTM3U"]
    if title and single_line(title):
        lines.append(f"#PLAYLIST:{single_line(title)}")
    for entry in entries:
        if is_resolved(entry):
            assert entry.location is not None
            lines += [_extinf(entry), _m3u_location(entry.location, relative_to)]
        else:
            lines.append(f"# unresolved: {display_name(entry)} ({unresolved_note(entry)})")
    return "\n".join(lines) + "\n"


# --- XSPF --------------------------------------------------------------------------------------


def _xml_text(text: str) -> str:
    return _XML_ILLEGAL.sub("", single_line(text))


def file_uri(location: str, relative_to: Path | None = None) -> str:
    """A URI for the location: URLs as they are, local paths as percent-encoded file URIs
    (relative references when ``relative_to`` allows)."""
    if _is_url(location):
        return location
    rel = _relative(location, relative_to)
    if rel is not None:
        return quote(PurePath(rel).as_posix())
    path = Path(location)
    return path.as_uri() if path.is_absolute() else quote(path.as_posix())


def _sub(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, f"{{{XSPF_NS}}}{tag}").text = text


def _xspf_track(parent: ET.Element, entry: Entry, relative_to: Path | None) -> None:
    assert entry.location is not None
    track = ET.SubElement(parent, f"{{{XSPF_NS}}}track")
    _sub(track, "location", _xml_text(file_uri(entry.location, relative_to)))
    _sub(track, "title", _xml_text(entry.title))
    creator = ", ".join(a for a in (_xml_text(x) for x in entry.artists) if a)
    if creator:
        _sub(track, "creator", creator)
    if entry.album:
        _sub(track, "album", _xml_text(entry.album))
    if entry.duration_s is not None and entry.duration_s >= 0:
        _sub(track, "duration", str(int(entry.duration_s) * 1000))


def render_xspf(
    entries: Sequence[Entry], *, relative_to: Path | None = None, title: str | None = None
) -> str:
    """XSPF version 1, with the playlist's ``<title>`` when there is one. Unresolved entries are
    left out of the trackList and listed, one per line, in the playlist's ``<annotation>``."""
    ET.register_namespace("", XSPF_NS)
    root = ET.Element(f"{{{XSPF_NS}}}playlist", version="1")
    if title and _xml_text(title):
        _sub(root, "title", _xml_text(title))
    unresolved = [e for e in entries if not is_resolved(e)]
    if unresolved:
        lines = [f"unresolved: {display_name(e)} ({unresolved_note(e)})" for e in unresolved]
        _sub(root, "annotation", _XML_ILLEGAL.sub("", "\n".join(lines)))
    track_list = ET.SubElement(root, f"{{{XSPF_NS}}}trackList")
    for entry in entries:
        if is_resolved(entry):
            _xspf_track(track_list, entry, relative_to)
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


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


def render_json(entries: Sequence[Entry]) -> str:
    """The entries as data, values exactly as given (JSON holds any text)."""
    doc = {"entries": [_json_entry(e) for e in entries]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# --- writing -----------------------------------------------------------------------------------


def write_atomic(path: Path, text: str) -> None:
    """Write UTF-8 text so that readers see the old file or the new one, never half of either.

    The text goes to a temporary file in the same folder, is fsynced, then renamed over ``path``
    (over a symlink's target, when ``path`` is a symlink: the link stays a link).
    On any error the old file is untouched and the temporary file is removed.
    """
    path = Path(os.path.realpath(path))  # a symlink is written through, to its target
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)  # mkstemp makes 0600; a playlist is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
