"""The user's music folders as a source of local files for the catalogue's tracks.

``scan`` walks folders, reads tags with mutagen (mp3, flac, m4a, ogg vorbis, opus, wav), matches
each file to a catalogue track with the project's scorer and records the result in
``library_files``. Only new or changed files (by mtime and size) are read and matched; an
unchanged file keeps its stored match (``force=True`` reads and matches everything again, e.g.
after the catalogue changed). All writes happen in one transaction at the end.

A file's match is stored as ``track_id`` + ``score`` + ``reason``; the reason starts with the
scorer's status (``auto:`` or ``review:``; ``none:`` for an unmatched file's nearest track).
"""

from __future__ import annotations

import json
import os
import stat as stat_module
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import mutagen
import sqlite_utils
from mutagen.flac import FLAC
from mutagen.id3 import ID3
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4, MP4Tags
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE

from ost.errors import InputError
from ost.match import score as scorer
from ost.match.normalize import renderings
from ost.match.score import TITLE_FUZZY_MIN, title_similarity
from ost.match.types import Candidate, Verdict, Wanted
from ost.text import single_line

AUDIO_SUFFIXES = frozenset({".mp3", ".flac", ".m4a", ".mp4", ".ogg", ".oga", ".opus", ".wav"})
"""Files with other suffixes (covers, cue sheets, notes) are not looked at."""

KINDS: dict[type, tuple[str, bool]] = {
    MP3: ("mp3", False),
    FLAC: ("flac", True),
    MP4: ("m4a", False),  # lossless when the codec is ALAC, see _format
    OggVorbis: ("ogg", False),
    OggOpus: ("opus", False),
    WAVE: ("wav", True),
}
LOSSLESS_MP4_CODECS = frozenset({"alac"})

TAG_POINTS = {"title": 2, "artist": 2, "album": 1, "date": 1, "tracknumber": 1}
"""What ``tag_score`` adds up: a file with title and artist tags beats one without."""

ID3_FRAMES = {
    "title": "TIT2",
    "artist": "TPE1",
    "album": "TALB",
    "date": "TDRC",
    "tracknumber": "TRCK",
}
MP4_ATOMS = {
    "title": "©nam",
    "artist": "©ART",
    "album": "©alb",
    "date": "©day",
    "tracknumber": "trkn",
}

ACCEPTED = ("auto", "review")
STATUS_RANK = {"auto": 2, "review": 1}

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` after each audio file."""


@dataclass(frozen=True)
class FileTags:
    path: str
    title: str | None
    artists: tuple[str, ...]
    album: str | None
    duration_ms: int | None
    format: str
    lossless: bool
    bitrate: int | None
    tag_score: int
    """How complete the tags are: the sum of ``TAG_POINTS`` for the fields present."""
    date: str | None = None
    """The date tag as written ("2022", "2022-03-25"); given to the scorer, not stored."""


@dataclass
class ScanReport:
    scanned: int = 0
    """Audio files found (by suffix) in the folders, readable or not."""
    reused: int = 0
    """Of those, unchanged since the last scan: tags not read again."""
    matched: list[tuple[str, str, str]] = field(default_factory=list)
    """(track_id, path, reason) for every file in the folders matched to a track."""
    unmatched: list[tuple[str, str]] = field(default_factory=list)
    """(path, reason) for every readable file that fits no track."""
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(path, why) for files or folders that could not be read."""
    removed: int = 0
    """Rows dropped because their file is gone (or no longer readable)."""
    preferred: dict[str, tuple[str, str]] = field(default_factory=dict)
    """track_id -> (path, why chosen), over the whole library."""


# --- reading tags ------------------------------------------------------------------------------


MAX_TAG_CHARS = 500  # longer tag values are cut: no title is that long, and scoring stays fast


def _clean(values: Iterable[Any]) -> list[str]:
    return [
        text for text in (_cut(single_line(str(v)[: MAX_TAG_CHARS + 1])) for v in values) if text
    ]


def _cut(text: str) -> str:
    return text if len(text) <= MAX_TAG_CHARS else text[: MAX_TAG_CHARS - 1] + "…"


def _id3_values(tags: ID3, key: str) -> list[str]:
    frame = tags.get(ID3_FRAMES[key])
    return _clean(frame.text) if frame is not None else []


def _mp4_values(tags: MP4Tags, key: str) -> list[str]:
    values = tags.get(MP4_ATOMS[key], [])
    if key == "tracknumber":  # (number, total) pairs
        return _clean(v[0] for v in values if isinstance(v, tuple) and v[0])
    return _clean(values)


def _vorbis_values(tags: Any, key: str) -> list[str]:
    return _clean(tags.get(key, []))


def tag_fields(tags: Any) -> dict[str, list[str]]:
    """The fields of ``TAG_POINTS`` from a mutagen tag object (ID3, MP4 atoms or Vorbis comments);
    values made single-line, empty ones dropped."""
    if tags is None:
        return {key: [] for key in TAG_POINTS}
    if isinstance(tags, ID3):
        reader: Callable[[Any, str], list[str]] = _id3_values
    elif isinstance(tags, MP4Tags):
        reader = _mp4_values
    else:
        reader = _vorbis_values
    return {key: reader(tags, key) for key in TAG_POINTS}


def _format(audio: Any) -> tuple[str, bool]:
    name, lossless = KINDS.get(type(audio), (type(audio).__name__.lower(), False))
    if isinstance(audio, MP4):
        lossless = str(getattr(audio.info, "codec", "")).startswith(tuple(LOSSLESS_MP4_CODECS))
    return name, lossless


def _file_tags(path: Path, audio: Any) -> FileTags:
    fields = tag_fields(audio.tags)
    length = float(getattr(audio.info, "length", 0) or 0)
    bitrate = int(getattr(audio.info, "bitrate", 0) or 0)
    name, lossless = _format(audio)
    return FileTags(
        path=str(path),
        title=fields["title"][0] if fields["title"] else None,
        artists=tuple(fields["artist"]),
        album=fields["album"][0] if fields["album"] else None,
        duration_ms=round(length * 1000) if length > 0 else None,
        format=name,
        lossless=lossless,
        bitrate=bitrate or None,
        tag_score=sum(points for key, points in TAG_POINTS.items() if fields[key]),
        date=fields["date"][0] if fields["date"] else None,
    )


def probe(path: Path) -> FileTags | str:
    """The file's tags, or why they cannot be read. Never raises for a broken file."""
    try:
        audio = mutagen.File(path, options=list(KINDS))
    except Exception as exc:  # mutagen raises many kinds on damaged files; none may stop a scan
        return f"unreadable: {type(exc).__name__}: {single_line(str(exc))}"
    if audio is None:
        return "not an audio file mutagen recognises"
    return _file_tags(path, audio)


def read_tags(path: Path) -> FileTags | None:
    """The file's tags, or None for a non-audio, unreadable or broken file."""
    result = probe(path)
    return result if isinstance(result, FileTags) else None


# --- matching ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileMatch:
    track_id: str | None
    score: float | None
    reason: str


def candidate(tags: FileTags) -> Candidate:
    """The file as the scorer sees it; the file name stands in for a missing title tag."""
    title = tags.title or Path(tags.path).stem
    return Candidate(
        uri=tags.path,
        names=(title,),
        artists=tags.artists,
        album=tags.album or "",
        release_date=tags.date,
        duration_ms=tags.duration_ms,
    )


class FileMatcher:
    """Matches files to catalogue tracks with the project's scorer.

    The scorer refuses any title less alike than ``TITLE_FUZZY_MIN``, so only tracks with such a
    title are scored: the same verdicts at a fraction of the cost (a library has thousands of
    files; each scored against every track took ~2 ms a file). The catalogue's title renderings
    are worked out once, not once per file.
    """

    def __init__(self, wanted: Sequence[Wanted]):
        self.wanted = tuple(wanted)
        self._titles = [tuple(r for t in w.titles for r in renderings(t)) for w in self.wanted]

    def plausible(self, cand: Candidate) -> list[Wanted]:
        """The tracks whose title the scorer could accept for this candidate, catalogue order."""
        got = [r for name in cand.names for r in renderings(name)]
        return [
            w
            for w, titles in zip(self.wanted, self._titles, strict=True)
            if any(title_similarity(a, b) >= TITLE_FUZZY_MIN for a in titles for b in got)
        ]

    def __call__(self, tags: FileTags) -> FileMatch:
        """The best track: accepted (auto/review) verdicts only; auto before review, then score,
        then catalogue order. A title taken from the file name is never more than review."""
        cand = candidate(tags)
        verdicts = [(w, v) for w in self.plausible(cand) if (v := _verdict_for(w, cand))]
        if not verdicts:
            return FileMatch(None, None, f"none: no catalogue title is like '{cand.names[0]}'.")
        best_w, best = min(
            verdicts, key=lambda wv: (-STATUS_RANK.get(wv[1].status, 0), -wv[1].score)
        )
        status, reason = best.status, best.reason
        if tags.title is None and status == "auto":  # a file name is weaker evidence than a tag
            status, reason = "review", f"The title is the file name's. {reason}"
        if status in ACCEPTED:
            return FileMatch(best_w.track_id, best.score, f"{status}: {reason}")
        return FileMatch(None, best.score, f"{status}: {reason} (nearest: {best_w.track_id})")


def _verdict_for(wanted: Wanted, cand: Candidate) -> Verdict | None:
    chosen, ranked = scorer.choose(wanted, [cand])
    return chosen or (ranked[0] if ranked else None)


def match_file(tags: FileTags, wanted: Sequence[Wanted]) -> FileMatch:
    """One file against the catalogue (``FileMatcher`` for many files)."""
    return FileMatcher(wanted)(tags)


# --- scanning ----------------------------------------------------------------------------------


def _roots(dirs: Sequence[Path]) -> list[Path]:
    """The folders, absolute. A missing folder is an error, not an empty one: an unmounted drive
    must not make the scan forget every file on it."""
    roots = []
    for d in dirs:
        root = Path(d).expanduser().resolve()
        if not root.is_dir():
            raise InputError(f"{d}: no such folder")
        roots.append(root)
    return list(dict.fromkeys(roots))


def _walk(roots: Sequence[Path], report: ScanReport) -> Iterator[tuple[Path, Path]]:
    """(root, file) for every audio file under the roots, each file once, in sorted order."""
    seen: set[Path] = set()
    for root in roots:
        for folder, subdirs, files in os.walk(root, onerror=lambda e: _walk_error(e, report)):
            subdirs.sort()
            for name in sorted(files):
                path = Path(folder) / name
                if path.suffix.lower() not in AUDIO_SUFFIXES or path in seen:
                    continue
                seen.add(path)
                if not _utf8(str(path)):
                    # A UTF-8 playlist (and the database) cannot hold this name.
                    shown = str(path).encode("utf-8", "backslashreplace").decode("utf-8")
                    report.skipped.append((shown, "the file name is not valid UTF-8: rename it"))
                    continue
                yield root, path


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _walk_error(error: OSError, report: ScanReport) -> None:
    report.skipped.append((str(error.filename), f"folder not readable: {error.strerror}"))


def _row(tags: FileTags, root: Path, stat: os.stat_result, match: FileMatch) -> dict[str, Any]:
    return {
        "path": tags.path,
        "mtime": stat.st_mtime,
        "size": stat.st_size,
        "root": str(root),
        "title": tags.title,
        "artists": json.dumps(list(tags.artists), ensure_ascii=False),
        "album": tags.album,
        "duration_ms": tags.duration_ms,
        "format": tags.format,
        "lossless": int(tags.lossless),
        "bitrate": tags.bitrate,
        "tag_score": tags.tag_score,
        "track_id": match.track_id,
        "score": match.score,
        "reason": match.reason,
    }


def _gone(
    known: dict[str, dict[str, Any]], found: dict[str, dict[str, Any]], roots: Sequence[Path]
) -> list[str]:
    """Stored files under the scanned folders that the walk no longer found (or could not read)."""
    names = {str(root) for root in roots}

    def under(path: str, row: dict[str, Any]) -> bool:
        return row["root"] in names or any(Path(path).is_relative_to(r) for r in roots)

    return [path for path, row in known.items() if path not in found and under(path, row)]


def _unchanged(row: dict[str, Any], stat: os.stat_result) -> bool:
    return (row["mtime"], row["size"]) == (stat.st_mtime, stat.st_size)


def _file_row(
    root: Path, path: Path, old: dict[str, Any] | None, scan: _Scan
) -> dict[str, Any] | None:
    """The row for one file: the stored one when unchanged, else read and matched afresh."""
    try:
        stat = path.stat()
    except OSError as exc:
        scan.report.skipped.append((str(path), f"unreadable: {exc.strerror}"))
        return None
    if not stat_module.S_ISREG(stat.st_mode):  # a named pipe would block the reader forever
        scan.report.skipped.append((str(path), "not a regular file"))
        return None
    if old is not None and not scan.force and _unchanged(old, stat):
        scan.report.reused += 1
        return {**old, "root": str(root)}
    result = probe(path)
    if isinstance(result, str):
        scan.report.skipped.append((str(path), result))
        return None
    return _row(result, root, stat, scan.match(result))


@dataclass
class _Scan:
    match: FileMatcher
    force: bool
    progress: Progress | None
    report: ScanReport = field(default_factory=ScanReport)


def _collect(
    roots: Sequence[Path], known: dict[str, dict[str, Any]], scan: _Scan
) -> dict[str, dict[str, Any]]:
    """Rows for every readable audio file under the roots (nothing written yet)."""
    found = list(_walk(roots, scan.report))
    rows: dict[str, dict[str, Any]] = {}
    for done, (root, path) in enumerate(found, 1):
        scan.report.scanned += 1
        row = _file_row(root, path, known.get(str(path)), scan)
        if row is not None:
            rows[str(path)] = row
            _note_match(row, scan.report)
        if scan.progress is not None:
            scan.progress(done, len(found))
    return rows


def _note_match(row: dict[str, Any], report: ScanReport) -> None:
    if row["track_id"] is not None:
        report.matched.append((row["track_id"], row["path"], row["reason"]))
    else:
        report.unmatched.append((row["path"], row["reason"]))


def _save(db: sqlite_utils.Database, rows: list[dict[str, Any]], gone: list[str]) -> None:
    """All changes in one transaction: an interrupted scan leaves the table as it was."""
    if not rows and not gone:
        return
    columns = list(db.table("library_files").columns_dict)
    insert = (
        f"INSERT OR REPLACE INTO library_files ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})"
    )
    with db.conn:
        db.conn.executemany("DELETE FROM library_files WHERE path = ?", [(p,) for p in gone])
        db.conn.executemany(insert, [[row.get(c) for c in columns] for row in rows])


def scan(
    db: sqlite_utils.Database,
    dirs: Sequence[Path],
    wanted: Sequence[Wanted],
    *,
    progress: Progress | None = None,
    force: bool = False,
) -> ScanReport:
    """Bring ``library_files`` up to date with the folders; see the module docstring.

    Raises InputError when a folder does not exist (nothing is written then).
    """
    roots = _roots(dirs)
    known = {row["path"]: row for row in db.table("library_files").rows}
    state = _Scan(FileMatcher(wanted), force, progress)
    rows = _collect(roots, known, state)
    gone = _gone(known, rows, roots)
    _save(db, [row for path, row in rows.items() if known.get(path) != row], gone)
    state.report.removed = len(gone)
    state.report.preferred = preferred_files(db)
    return state.report


# --- choosing among files ----------------------------------------------------------------------


def _confident(row: dict[str, Any]) -> bool:
    return str(row["reason"] or "").startswith("auto:")


def _rank_key(row: dict[str, Any]) -> tuple[Any, ...]:
    return (
        not _confident(row),
        not row["lossless"],
        -(row["tag_score"] or 0),
        -(row["bitrate"] or 0),
        row["path"],
    )


def _why(best: dict[str, Any], runner_up: dict[str, Any], count: int) -> str:
    others = f"{count - 1} other file" + ("s" if count > 2 else "")
    if _confident(best) != _confident(runner_up):
        return f"a confident (auto) match, preferred over {others}"
    if bool(best["lossless"]) != bool(runner_up["lossless"]):
        return f"lossless ({best['format']}), preferred over {others}"
    if best["tag_score"] != runner_up["tag_score"]:
        return (
            f"most complete tags ({best['tag_score']} vs {runner_up['tag_score']}) of {count} files"
        )
    if best["bitrate"] != runner_up["bitrate"]:
        kbps = [round((r["bitrate"] or 0) / 1000) for r in (best, runner_up)]
        return f"highest bitrate ({kbps[0]} vs {kbps[1]} kbps) of {count} files"
    return f"first by path of {count} equally good files"


def _choose(rows: list[dict[str, Any]]) -> tuple[str, str]:
    ranked = sorted(rows, key=_rank_key)
    if len(ranked) == 1:
        return ranked[0]["path"], "the only file matched to this track"
    return ranked[0]["path"], _why(ranked[0], ranked[1], len(ranked))


def best_file_for_track(db: sqlite_utils.Database, track_id: str) -> tuple[str, str] | None:
    """(path, why) of the file to use for a track: a confident match first, then lossless, then
    better tags, then higher bitrate, then path. None when no file matches the track."""
    rows = list(db.table("library_files").rows_where("track_id = ?", [track_id]))
    return _choose(rows) if rows else None


def preferred_files(db: sqlite_utils.Database) -> dict[str, tuple[str, str]]:
    """track_id -> (path, why) for every track with at least one file."""
    by_track: dict[str, list[dict[str, Any]]] = {}
    for row in db.table("library_files").rows_where("track_id IS NOT NULL"):
        by_track.setdefault(row["track_id"], []).append(row)
    return {track_id: _choose(rows) for track_id, rows in sorted(by_track.items())}


def files_for_tracks(db: sqlite_utils.Database) -> dict[str, str]:
    """track_id -> the chosen file's path, for the exporters."""
    return {track_id: path for track_id, (path, _) in preferred_files(db).items()}
