"""The user's music folders as a source of local files for the catalogue's tracks.

``scan`` walks folders, reads tags with mutagen (mp3, flac, m4a, ogg vorbis, opus, wav), matches
each file to a catalogue track (``ost.library.matcher``, the project's scorer) and records the
result in ``library_files`` (through ``ost.library.files``). Only new or changed files (by mtime
and size) are read and matched; an unchanged file keeps its stored match (``force=True`` reads
and matches everything again, e.g. after the catalogue changed). All writes happen in one
transaction at the end.

A file's match is stored as ``track_id`` + ``state`` (a ``FileState``) + ``score`` + ``reason``.
Only ``auto`` matches, and the user's decisions (``accepted``, ``pinned``), count as matched; a
``review`` match waits for ``accept_file``. A scan never changes a user's decision on an
unchanged file, nor the track of a pinned one. The folders scanned are remembered
(``library_roots``), so a scan without folders rescans them.

A file that is gone loses its row, except where that would lose what cannot be read again from
the disk: a decision (its row is kept, marked ``gone_since``, and comes back with the file, at the
same path or, moved, as the one file of the same name, size and time), and a whole folder that is
missing or suddenly holds no audio file (an unmounted drive, a folder being moved: every row is
kept as gone and the folder reported). A gone file is not used meanwhile.
"""

from __future__ import annotations

import os
import stat as stat_module
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from ost.errors import InputError
from ost.library import files
from ost.library.files import DECIDED, USED, Changes, FileMatch, FileState, Rows
from ost.library.matcher import FileMatcher, catalogue_matcher
from ost.library.tags import FileTags, probe
from ost.match.types import Wanted

AUDIO_SUFFIXES = frozenset({".mp3", ".flac", ".m4a", ".mp4", ".ogg", ".oga", ".opus", ".wav"})
"""Files with other suffixes (covers, cue sheets, notes) are not looked at."""

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` after each audio file."""


@dataclass
class ScanReport:
    scanned: int = 0
    """Audio files found (by suffix) in the folders, readable or not."""
    reused: int = 0
    """Of those, unchanged since the last scan: tags not read again."""
    matched: list[tuple[str, str, str]] = field(default_factory=list)
    """(track_id, path, reason) for every file in the folders matched to a track (auto, or your
    decision)."""
    review: list[tuple[str, str, str]] = field(default_factory=list)
    """(track_id, path, reason) for files that may be the track's: used once accepted."""
    roots: list[str] = field(default_factory=list)
    """The folders scanned."""
    unmatched: list[tuple[str, str]] = field(default_factory=list)
    """(path, reason) for every readable file that fits no track."""
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(path, why) for files or folders that could not be read."""
    unreadable_folders: int = 0
    """Of ``skipped``, the folders: every other entry is one of the ``scanned`` files."""
    removed: int = 0
    """Rows dropped because their file is gone (or no longer readable)."""
    absent: list[tuple[str, str, int]] = field(default_factory=list)
    """(folder, why, files kept) for each folder that is missing or holds no audio file now
    although files were found there before: its files are kept as gone, not forgotten."""
    kept: list[tuple[str, str, str]] = field(default_factory=list)
    """(track_id, path, state) of every decision kept on a file that is gone, over the whole
    library: it comes back with the file."""
    preferred: dict[str, tuple[str, str]] = field(default_factory=dict)
    """track_id -> (path, why chosen), over the whole library."""


def _roots(dirs: Sequence[Path], remembered: bool) -> tuple[list[Path], list[Path]]:
    """(folders to walk, folders missing), absolute. A folder you name that is missing is an
    error; a remembered one (no folder named) is reported, and the others scanned: an unmounted
    drive must neither stop the scan nor make it forget the files on it."""
    roots, missing = [], []
    for d in dirs:
        root = Path(d).expanduser().resolve()
        if root.is_dir():
            roots.append(root)
        elif remembered:
            missing.append(root)
        else:
            raise InputError(f"{d}: no such folder")
    return list(dict.fromkeys(roots)), missing


def _walk(roots: Sequence[Path], report: ScanReport) -> Iterator[tuple[Path, Path]]:
    """(root, file) for every audio file under the roots, each file once, in sorted order."""
    seen: set[Path] = set()
    for root in roots:
        for folder, subdirs, names in os.walk(root, onerror=lambda e: _walk_error(e, report)):
            subdirs.sort()
            for name in sorted(names):
                path = Path(folder) / name
                if path.suffix.lower() not in AUDIO_SUFFIXES or path in seen:
                    continue
                seen.add(path)
                if not _utf8(str(path)):
                    # A UTF-8 playlist (and the database) cannot hold this name.
                    shown = str(path).encode("utf-8", "backslashreplace").decode("utf-8")
                    report.skipped.append((shown, "the file name is not valid UTF-8: rename it"))
                    report.scanned += 1  # found, as every file the summary counts as skipped
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
    report.unreadable_folders += 1


def _within(roots: Sequence[Path]) -> Callable[[str, dict[str, Any]], bool]:
    """Whether a stored file (path, row) belongs to one of the folders."""
    names = {str(root) for root in roots}
    return lambda path, row: (
        row["root"] in names or any(Path(path).is_relative_to(r) for r in roots)
    )


def _gone(known: Rows, found: Rows, roots: Sequence[Path]) -> list[str]:
    """Stored files under the scanned folders that the walk no longer found (or could not read)."""
    under = _within(roots)
    return [path for path, row in known.items() if path not in found and under(path, row)]


def _absent(
    known: Rows, found: Rows, roots: Sequence[Path], missing: Sequence[Path]
) -> list[tuple[Path, str]]:
    """(folder, why) for the missing folders and those where no audio file is found now,
    although files were stored from them: what is known of their files is not taken as
    deleted."""
    absent = [(root, "missing") for root in missing]
    for root in roots:
        under = _within([root])
        if any(under(p, r) for p, r in known.items()) and not any(
            under(p, r) for p, r in found.items()
        ):
            absent.append((root, "no audio file found now"))
    return absent


def _unchanged(row: dict[str, Any], stat: os.stat_result) -> bool:
    return (row["mtime"], row["size"]) == (stat.st_mtime, stat.st_size)


def _file_row(
    root: Path, path: Path, old: dict[str, Any] | None, scan: _Scan
) -> dict[str, Any] | tuple[FileTags, os.stat_result] | None:
    """The row for one file when it needs no matching (unchanged, or your decision); the tags
    and stat of a file to match; None for a file that cannot be read."""
    try:
        stat = path.stat()
    except OSError as exc:
        scan.report.skipped.append((str(path), f"unreadable: {exc.strerror or exc}"))
        return None
    if not stat_module.S_ISREG(stat.st_mode):  # a named pipe would block the reader forever
        scan.report.skipped.append((str(path), "not a regular file"))
        return None
    if old is not None and not scan.force and _unchanged(old, stat):
        scan.report.reused += 1
        return {**old, "root": str(root), "gone_since": None}
    result = probe(path)
    if isinstance(result, str):
        scan.report.skipped.append((str(path), result))
        return None
    if old is None:
        old = scan.moved_here(path, stat)
    if old is not None and old["state"] in DECIDED:  # your decision outlives new tags
        decided = FileMatch(old["track_id"], old["score"], old["reason"], FileState(old["state"]))
        return files.row(result, root, stat, decided)
    return result, stat


@dataclass
class _Scan:
    match: FileMatcher
    force: bool
    progress: Progress | None
    report: ScanReport = field(default_factory=ScanReport)
    movable: dict[tuple[str, int, float], dict[str, Any]] = field(default_factory=dict)
    """Decisions on files that are not where they were, by the file's (name, size, mtime)."""
    moved: list[str] = field(default_factory=list)
    """Old paths of the decisions that found their file again at a new path."""

    def moved_here(self, path: Path, stat: os.stat_result) -> dict[str, Any] | None:
        """The decision on a file that was elsewhere, when this new file is that file."""
        row = self.movable.pop((path.name, stat.st_size, stat.st_mtime), None)
        if row is not None:
            self.moved.append(row["path"])
        return row


def _movable(known: dict[str, dict[str, Any]]) -> dict[tuple[str, int, float], dict[str, Any]]:
    """Decisions whose file is not at its path, by (name, size, mtime): a renamed or moved
    folder brings them back. A key two of them share names neither, and is left out."""
    by_key: dict[tuple[str, int, float], list[dict[str, Any]]] = {}
    for path, row in known.items():
        if row["state"] in DECIDED and row["mtime"] is not None and not os.path.exists(path):
            key = (Path(path).name, row["size"], row["mtime"])
            by_key.setdefault(key, []).append(row)
    return {key: rows[0] for key, rows in by_key.items() if len(rows) == 1}


def _collect(
    roots: Sequence[Path], known: dict[str, dict[str, Any]], scan: _Scan
) -> dict[str, dict[str, Any]]:
    """Rows for every readable audio file under the roots (nothing written yet). Tags are read
    first; the tracks the new files may be are then loaded at once, and the files matched."""
    found = list(_walk(roots, scan.report))
    rows: dict[str, dict[str, Any]] = {}
    pending: list[tuple[Path, FileTags, os.stat_result]] = []
    for done, (root, path) in enumerate(found, 1):
        scan.report.scanned += 1
        got = _file_row(root, path, known.get(str(path)), scan)
        if isinstance(got, dict):
            rows[str(path)] = got
        elif got is not None:
            pending.append((root, *got))
        if scan.progress is not None:
            scan.progress(done, len(found))
    matches = scan.match.match_all([tags for _, tags, _ in pending])
    for (root, tags, stat), match in zip(pending, matches, strict=True):
        rows[tags.path] = files.row(tags, root, stat, match)
    for _, path in found:  # the report in walk order
        if str(path) in rows:
            _note_match(rows[str(path)], scan.report)
    return rows


def _note_match(row: dict[str, Any], report: ScanReport) -> None:
    if row["state"] in USED:
        report.matched.append((row["track_id"], row["path"], row["reason"]))
    elif row["state"] == FileState.REVIEW:
        report.review.append((row["track_id"], row["path"], row["reason"]))
    else:
        report.unmatched.append((row["path"], row["reason"]))


def _changes(
    known: Rows,
    rows: Rows,
    gone: list[str],
    absent: Sequence[Path],
    moved: list[str],
) -> Changes:
    """What the scan changes: a decision, and every file of an absent folder, is kept when its
    file is gone; the rest of what is gone is forgotten (as is a decision that moved with its
    file)."""
    in_absent = _within(absent)
    kept = [
        p
        for p in gone
        if p not in moved and (known[p]["state"] in DECIDED or in_absent(p, known[p]))
    ]
    deleted = [p for p in gone if p not in kept]
    deleted += [p for p in moved if p not in deleted]
    changed = [row for path, row in rows.items() if known.get(path) != row]
    return Changes(changed, deleted, kept)


def scan(
    db: sqlite_utils.Database,
    dirs: Sequence[Path],
    wanted: Sequence[Wanted] | None = None,
    *,
    progress: Progress | None = None,
    force: bool = False,
    forget_absent: bool = False,
    show: str | None = None,
) -> ScanReport:
    """Bring ``library_files`` up to date with the folders (none given: the folders scanned
    before); see the module docstring. ``forget_absent``: a folder that is missing or holds no
    audio file was emptied on purpose; its files are forgotten as any gone file is (decisions
    kept), and a missing folder is no longer remembered. ``show``: files are matched to that
    show's tracks only.

    Raises InputError when a folder does not exist, or when none is given and none is
    remembered (nothing is written then).
    """
    remembered = not dirs
    if remembered:
        dirs = files.remembered_roots(db)
        if not dirs:
            raise InputError("no folder scanned yet: give one (`ost library scan ~/Music`)")
    roots, missing = _roots(dirs, remembered)
    known = files.known(db)
    matcher = catalogue_matcher(db, show) if wanted is None else FileMatcher(wanted)
    state = _Scan(matcher, force, progress, movable=_movable(known))
    rows = _collect(roots, known, state)
    absent = [] if forget_absent else _absent(known, rows, roots, missing)
    gone = _gone(known, rows, [*roots, *missing])
    changes = _changes(known, rows, gone, [folder for folder, _ in absent], state.moved)
    files.save_scan(db, changes, roots, forgotten=missing if forget_absent else [])
    report = state.report
    report.removed = len(changes.deleted) - len(state.moved)
    report.roots = [str(r) for r in roots]
    report.absent = [(str(f), why, _count_in(f, changes.kept, known)) for f, why in absent]
    report.kept = files.kept_decisions(db)
    report.preferred = files.preferred_files(db)
    return report


def _count_in(folder: Path, paths: list[str], known: Rows) -> int:
    under = _within([folder])
    return sum(under(p, known[p]) for p in paths)
