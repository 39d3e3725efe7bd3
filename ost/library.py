"""The user's music folders as a source of local files for the catalogue's tracks.

``scan`` walks folders, reads tags with mutagen (mp3, flac, m4a, ogg vorbis, opus, wav), matches
each file to a catalogue track with the project's scorer and records the result in
``library_files``. Only new or changed files (by mtime and size) are read and matched; an
unchanged file keeps its stored match (``force=True`` reads and matches everything again, e.g.
after the catalogue changed). All writes happen in one transaction at the end.

A file's match is stored as ``track_id`` + ``state`` (an ``ost.files.FileState``) + ``score`` +
``reason``. Only ``auto`` matches, and the user's decisions (``accepted``, ``pinned``), count as
matched; a ``review`` match waits for ``accept_file``. A scan never changes a user's decision on an
unchanged file, nor the track of a pinned one. The folders scanned are remembered
(``library_roots``), so a scan without folders rescans them.

A file that is gone loses its row, except where that would lose what cannot be read again from
the disk: a decision (its row is kept, marked ``gone_since``, and comes back with the file, at the
same path or, moved, as the one file of the same name, size and time), and a whole folder that is
missing or suddenly holds no audio file (an unmounted drive, a folder being moved: every row is
kept as gone and the folder reported). A gone file is not used meanwhile.
"""

from __future__ import annotations

import json
import os
import re
import stat as stat_module
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils
from rapidfuzz import fuzz, process

from ost import reading
from ost.errors import InputError, NotFound
from ost.files import (
    DECIDED,
    USED,
    FileState,
    best_file_for_track,
    files_for_tracks,
    preferred_files,
)
from ost.match import score as scorer
from ost.match.normalize import BARE_MARKER_SUFFIX, FEAT_SUFFIX, renderings
from ost.match.score import TITLE_FUZZY_MIN, title_similarity
from ost.match.types import Candidate, Level, Verdict, Wanted
from ost.tags import MAX_TAG_CHARS, TAG_POINTS, FileTags, probe, read_tags, tag_fields
from ost.text import fold

AUDIO_SUFFIXES = frozenset({".mp3", ".flac", ".m4a", ".mp4", ".ogg", ".oga", ".opus", ".wav"})
"""Files with other suffixes (covers, cue sheets, notes) are not looked at."""

FUZZY_CUTOFF = TITLE_FUZZY_MIN * 100 - 0.01
"""rapidfuzz's ratio at which ``title_similarity`` (which rounds) may reach ``TITLE_FUZZY_MIN``."""
__all__ = [
    "MAX_TAG_CHARS",
    "TAG_POINTS",
    "FileState",
    "FileTags",
    "best_file_for_track",
    "files_for_tracks",
    "preferred_files",
    "read_tags",
    "tag_fields",
]

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


# --- matching ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileMatch:
    track_id: str | None
    score: float | None
    reason: str
    state: FileState = FileState.NONE


_TRACK_NUMBER = re.compile(r"^\s*\d{1,3}(?:\s*[-.)_]\s*|\s+)(?=\S)")
_NAME_SEPARATOR = re.compile(r"\s+[-–—]\s+")


def name_parts(stem: str) -> tuple[str, tuple[str, ...]]:
    """(title, artists) read from a file name: "Artist - Title", "01 Artist - Title", "01. Title".

    A leading track number is dropped; without " - " the whole name is the title."""
    name = _TRACK_NUMBER.sub("", stem, count=1) or stem
    parts = _NAME_SEPARATOR.split(name, maxsplit=1)
    if len(parts) == 2 and parts[0].strip() and parts[1].strip():
        return parts[1].strip(), (parts[0].strip(),)
    return name.strip(), ()


def candidate(tags: FileTags) -> Candidate:
    """The file as the scorer sees it; the file name ("Artist - Title") stands in for missing
    title and artist tags."""
    title, artists = tags.title, tags.artists
    if title is None:
        title, from_name = name_parts(Path(tags.path).stem)
        artists = artists or from_name
    return Candidate(
        uri=tags.path,
        names=(title,),
        artists=artists,
        album=tags.album or "",
        release_date=tags.date,
        duration_ms=tags.duration_ms,
    )


_PLAIN_TITLE = re.compile(r"[^\W_]+(?: [^\W_]+)*")


def title_keys(title: str) -> set[str]:
    """The folded keys of a title's renderings (``ost.match.normalize.renderings``), worked out
    cheaply for the common title of words and single spaces, whose only rendering is itself."""
    text = unicodedata.normalize("NFKC", title)
    if (
        _PLAIN_TITLE.fullmatch(text)
        and not BARE_MARKER_SUFFIX.search(text)
        and not FEAT_SUFFIX.search(text)
    ):
        return {key} if (key := fold(text)) else set()
    return {key for r in renderings(title) if (key := fold(r))}


Loader = Callable[[list[str]], Sequence[Wanted]]
"""Gives the scorer's view of the tracks with these ids."""


class FileMatcher:
    """Matches files to catalogue tracks with the project's scorer.

    The scorer refuses any title less alike than ``TITLE_FUZZY_MIN``, so only tracks with such a
    title are scored: the same verdicts at a fraction of the cost. The catalogue's titles are
    folded once, into an index: a file's title finds the tracks with the same folded title by a
    dictionary lookup, and the fuzzily alike ones in one pass of rapidfuzz (C code, with a cut-off
    that skips keys of too different a length) over the folded keys. Only those few tracks are
    loaded (``load``), compared by ``title_similarity`` and scored.
    """

    def __init__(
        self,
        wanted: Sequence[Wanted] = (),
        *,
        titles: Sequence[tuple[str, Sequence[str]]] | None = None,
        load: Loader | None = None,
    ):
        """From every track's Wanted, or from every track's (id, titles) in catalogue order and a
        ``load`` for the few a file may be."""
        self._wanted: dict[str, Wanted] = {w.track_id: w for w in wanted}
        if titles is None:
            titles = [(w.track_id, w.titles) for w in wanted]
        self._load = load
        self._ids = [track_id for track_id, _ in titles]
        keys: dict[str, set[int]] = {}
        for i, (_, names) in enumerate(titles):
            for key in {k for name in names if name for k in title_keys(name)}:
                keys.setdefault(key, set()).add(i)
        self._by_key = keys
        self._keys = list(keys)
        self._jamo = [unicodedata.normalize("NFD", k) for k in self._keys]
        self._near: dict[tuple[str, ...], set[int]] = {}

    def near(self, cand: Candidate) -> set[int]:
        """Tracks (by catalogue position) with a title key equal or fuzzily alike to the file's."""
        if cand.names not in self._near:
            found: set[int] = set()
            for key in {k for name in cand.names for k in title_keys(name)}:
                found |= self._by_key.get(key, set())
                jamo = unicodedata.normalize("NFD", key)
                for _, _, j in process.extract_iter(
                    jamo, self._jamo, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF
                ):
                    found |= self._by_key[self._keys[j]]
            self._near[cand.names] = found
        return self._near[cand.names]

    def _fetch(self, positions: Iterable[int]) -> None:
        """Load, in one go, the tracks at these positions not loaded yet."""
        missing = {self._ids[i] for i in positions} - set(self._wanted)
        if missing and self._load is not None:
            self._wanted.update((w.track_id, w) for w in self._load(sorted(missing)))

    def _same_title(self, cand: Candidate) -> list[int]:
        """Positions of the tracks with a title that folds like the file's: a dictionary lookup."""
        keys = {k for name in cand.names for k in title_keys(name)}
        return sorted({i for k in keys for i in self._by_key.get(k, ())})

    def plausible(self, cand: Candidate) -> list[Wanted]:
        """The tracks whose title the scorer could accept for this candidate, catalogue order."""
        self._fetch(self.near(cand))
        got = [r for name in cand.names for r in renderings(name)]
        tracks = [self._wanted[self._ids[i]] for i in sorted(self.near(cand))]
        return [
            w
            for w in tracks
            if any(
                title_similarity(a, b) >= TITLE_FUZZY_MIN
                for a in (r for t in w.titles for r in renderings(t))
                for b in got
            )
        ]

    def match_all(self, many: Sequence[FileTags]) -> list[FileMatch]:
        """Each file's best track (see ``__call__``). A file whose title is a catalogue title and
        whose verdict is ``auto`` needs no fuzzy search: a title only close is a doubt, and a doubt
        is never ``auto``. The rest are searched fuzzily, their tracks loaded in one go."""
        cands = [candidate(tags) for tags in many]
        same = [self._same_title(c) for c in cands]
        self._fetch(i for positions in same for i in positions)
        found = [
            self._decide(tags, c, [self._wanted[self._ids[i]] for i in positions])
            for tags, c, positions in zip(many, cands, same, strict=True)
        ]
        again = [n for n, m in enumerate(found) if m.state != FileState.AUTO]
        self._fetch(i for n in again for i in self.near(cands[n]))
        for n in again:
            found[n] = self._decide(many[n], cands[n], self.plausible(cands[n]))
        return found

    def __call__(self, tags: FileTags) -> FileMatch:
        """The best track: accepted (auto/review) verdicts only; auto before review, then score,
        then catalogue order. A title taken from the file name is never more than review."""
        return self.match_all([tags])[0]

    def _decide(self, tags: FileTags, cand: Candidate, tracks: Sequence[Wanted]) -> FileMatch:
        verdicts = [(w, v) for w in tracks if (v := _verdict_for(w, cand))]
        if not verdicts:
            return FileMatch(None, None, f"no catalogue title is like '{cand.names[0]}'.")
        best_w, best = max(verdicts, key=lambda wv: (wv[1].status, wv[1].score))
        status, reason = best.status, best.reason
        if tags.title is None and status is Level.AUTO:  # a file name is weaker than a tag
            status, reason = Level.REVIEW, f"The title is the file name's. {reason}"
        if status >= Level.REVIEW:
            return FileMatch(best_w.track_id, best.score, reason, FileState(status))
        return FileMatch(None, best.score, f"{reason} (nearest: {best_w.track_id})")


def _verdict_for(wanted: Wanted, cand: Candidate) -> Verdict | None:
    chosen, ranked = scorer.choose(wanted, [cand])
    return chosen or (ranked[0] if ranked else None)


def match_file(tags: FileTags, wanted: Sequence[Wanted]) -> FileMatch:
    """One file against the catalogue (``FileMatcher`` for many files)."""
    return FileMatcher(wanted)(tags)


# --- scanning ----------------------------------------------------------------------------------


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
        "state": str(match.state),
    }


Rows = dict[str, dict[str, Any]]


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
        return _row(result, root, stat, decided)
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
        rows[tags.path] = _row(tags, root, stat, match)
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


@dataclass
class _Changes:
    rows: list[dict[str, Any]]
    """New and changed rows."""
    deleted: list[str]
    """Gone files to forget."""
    kept: list[str]
    """Gone files whose rows stay, marked gone (a decision, or a folder that is absent)."""


def _changes(
    known: Rows,
    rows: Rows,
    gone: list[str],
    absent: Sequence[Path],
    moved: list[str],
) -> _Changes:
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
    return _Changes(changed, deleted, kept)


def _save(
    db: sqlite_utils.Database, changes: _Changes, roots: Sequence[Path], forgotten: Sequence[Path]
) -> None:
    """All changes in one transaction: an interrupted scan leaves the table as it was."""
    columns = list(db.table("library_files").columns_dict)
    insert = (
        f"INSERT OR REPLACE INTO library_files ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})"
    )
    now = _now()
    with db.atomic():
        db.conn.executemany(
            "DELETE FROM library_files WHERE path = ?", [(p,) for p in changes.deleted]
        )
        db.conn.executemany(
            "UPDATE library_files SET gone_since = ? WHERE path = ? AND gone_since IS NULL",
            [(now, p) for p in changes.kept],
        )
        db.conn.executemany(insert, [[row.get(c) for c in columns] for row in changes.rows])
        db.conn.executemany(
            "INSERT OR REPLACE INTO library_roots (path, scanned_at) VALUES (?, ?)",
            [(str(root), _now()) for root in roots],
        )
        db.conn.executemany(
            "DELETE FROM library_roots WHERE path = ?", [(str(root),) for root in forgotten]
        )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def remembered_roots(db: sqlite_utils.Database) -> list[Path]:
    """The folders scanned before, in the order first scanned."""
    return [Path(r[0]) for r in db.execute("select path from library_roots order by rowid")]


def catalogue_matcher(db: sqlite_utils.Database) -> FileMatcher:
    """A matcher over the whole catalogue that loads the scorer's view only of the tracks some
    file may be (the titles of every track are read in one query and folded)."""
    titles = [
        (track_id, [title, title_en, *json.loads(aliases or "[]")])
        for track_id, title, title_en, aliases in db.execute(
            "select id, title, title_en, aliases from tracks order by season, ord, id"
        )
    ]
    return FileMatcher(titles=titles, load=lambda ids: _wanted_for(db, ids))


def _wanted_for(db: sqlite_utils.Database, ids: list[str]) -> list[Wanted]:
    """The scorer's view of these tracks, with the length of an accepted recording where known
    (files are then judged on length too)."""
    from dataclasses import replace

    from ost import catalogue, decisions

    lengths = decisions.accepted_lengths(db)
    return [
        replace(t.wanted, duration_ms=lengths.get(t.wanted.track_id))
        for t in catalogue.targets(db, ids)
    ]


def scan(
    db: sqlite_utils.Database,
    dirs: Sequence[Path],
    wanted: Sequence[Wanted] | None = None,
    *,
    progress: Progress | None = None,
    force: bool = False,
    forget_absent: bool = False,
) -> ScanReport:
    """Bring ``library_files`` up to date with the folders (none given: the folders scanned
    before); see the module docstring. ``forget_absent``: a folder that is missing or holds no
    audio file was emptied on purpose; its files are forgotten as any gone file is (decisions
    kept), and a missing folder is no longer remembered.

    Raises InputError when a folder does not exist, or when none is given and none is
    remembered (nothing is written then).
    """
    remembered = not dirs
    if remembered:
        dirs = remembered_roots(db)
        if not dirs:
            raise InputError("no folder scanned yet: give one (`ost library scan ~/Music`)")
    roots, missing = _roots(dirs, remembered)
    known = {row["path"]: row for row in db.table("library_files").rows}
    matcher = catalogue_matcher(db) if wanted is None else FileMatcher(wanted)
    state = _Scan(matcher, force, progress, movable=_movable(known))
    rows = _collect(roots, known, state)
    absent = [] if forget_absent else _absent(known, rows, roots, missing)
    gone = _gone(known, rows, [*roots, *missing])
    changes = _changes(known, rows, gone, [folder for folder, _ in absent], state.moved)
    _save(db, changes, roots, forgotten=missing if forget_absent else [])
    report = state.report
    report.removed = len(changes.deleted) - len(state.moved)
    report.roots = [str(r) for r in roots]
    report.absent = [(str(f), why, _count_in(f, changes.kept, known)) for f, why in absent]
    report.kept = kept_decisions(db)
    report.preferred = preferred_files(db)
    return report


def _count_in(folder: Path, paths: list[str], known: Rows) -> int:
    under = _within([folder])
    return sum(under(p, known[p]) for p in paths)


def kept_decisions(db: sqlite_utils.Database) -> list[tuple[str, str, str]]:
    """(track_id, path, state) of the decisions kept on files that are gone."""
    decided = ", ".join("?" for _ in DECIDED)
    return [
        (r[0], r[1], r[2])
        for r in db.execute(
            f"select track_id, path, state from library_files where gone_since is not null "
            f"and state in ({decided}) order by track_id, path",
            sorted(DECIDED),
        )
    ]


# --- your decisions on files -------------------------------------------------------------------


def _stored(db: sqlite_utils.Database, path: Path) -> dict[str, Any] | None:
    rows = list(db.table("library_files").rows_where("path = ?", [str(path)]))
    return rows[0] if rows else None


def accept_file(db: sqlite_utils.Database, path: Path) -> dict[str, Any]:
    """Accept the scan's `review` match of a file: from now on it is the track's."""
    resolved = Path(path).expanduser().resolve()
    row = _stored(db, resolved)
    if row is None:
        raise NotFound(f"{path}: not in the library (run `ost library scan` on its folder)")
    if row["gone_since"] is not None:
        raise NotFound(
            f"{path}: the file is gone (since the scan of {row['gone_since']}); "
            "scan its folder again once it is back"
        )
    if row["state"] != FileState.REVIEW:
        raise NotFound(
            f"{path}: no match waiting for review (it is {row['state']}); "
            "assign it with `ost pin TRACK FILE`"
        )
    with db.atomic():
        db.table("library_files").update(
            str(resolved), {"state": str(FileState.ACCEPTED), "reason": "accepted by you"}
        )
    return {**row, "state": str(FileState.ACCEPTED)}


def pin_file(db: sqlite_utils.Database, track_id: str, path: Path) -> dict[str, Any]:
    """Assign an audio file to a track by hand; later scans keep it, whatever its tags say."""
    resolved = Path(path).expanduser().resolve()
    try:
        stat = resolved.stat()
    except OSError as e:
        raise InputError(f"{path}: {e.strerror}") from None
    refused = reading.refusal(path, stat.st_mode)
    if refused:  # a FIFO would hang the tag reader, a device never end
        raise refused
    result = probe(resolved)
    if isinstance(result, str):
        raise InputError(f"{path}: {result}")
    old = _stored(db, resolved)
    root = Path(old["root"]) if old else resolved.parent
    match = FileMatch(track_id, None, "pinned by you", FileState.PINNED)
    row = _row(result, root, stat, match)
    columns = list(db.table("library_files").columns_dict)
    with db.atomic():
        db.conn.execute(
            f"INSERT OR REPLACE INTO library_files ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})",
            [row.get(c) for c in columns],
        )
    return row


def unpin_files(db: sqlite_utils.Database, track_id: str) -> list[str]:
    """Undo ``pin_file`` for a track: its pinned files belong to no track again, and the next
    scan reads and matches them afresh (their stored mtime is cleared, so none looks unchanged);
    a pinned file that is gone is forgotten (the pin was all that was kept of it). The paths
    undone; the caller's transaction holds the write."""
    pinned = [
        (r[0], r[1] is not None)
        for r in db.execute(
            "select path, gone_since from library_files where track_id = ? and state = ? "
            "order by path",
            [track_id, str(FileState.PINNED)],
        )
    ]
    db.conn.executemany(
        "update library_files set track_id = null, state = ?, score = null, mtime = null, "
        "reason = 'unpinned by you; the next `ost library scan` matches it again' where path = ?",
        [(str(FileState.NONE), path) for path, gone in pinned if not gone],
    )
    db.conn.executemany(
        "delete from library_files where path = ?", [(path,) for path, gone in pinned if gone]
    )
    return [path for path, _ in pinned]
