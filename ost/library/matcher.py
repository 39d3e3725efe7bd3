"""Which catalogue track an audio file is: the file's tags (or its name) as the scorer's
``Candidate``, judged against the few tracks whose title is alike.

The scorer refuses any title less alike than ``TITLE_FUZZY_MIN``, so only tracks with such a title
are scored: the same verdicts at a fraction of the cost. A file named "Artist - Title" stands in
for missing title and artist tags, and is never more than ``review``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

import sqlite_utils
from rapidfuzz import fuzz, process

from ost import catalogue, decisions
from ost.library.files import FileMatch, FileState
from ost.library.tags import FileTags
from ost.match import score as scorer
from ost.match.levels import Level
from ost.match.normalize import BARE_MARKER_SUFFIX, FEAT_SUFFIX, renderings
from ost.match.score import TITLE_FUZZY_MIN, title_similarity
from ost.match.types import Candidate, Verdict, Wanted
from ost.text import fold

FUZZY_CUTOFF = TITLE_FUZZY_MIN * 100 - 0.01
"""rapidfuzz's ratio at which ``title_similarity`` (which rounds) may reach ``TITLE_FUZZY_MIN``."""

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


def catalogue_matcher(db: sqlite_utils.Database, show: str | None = None) -> FileMatcher:
    """A matcher over the whole catalogue (or one show's tracks) that loads the scorer's view
    only of the tracks some file may be (the titles of every track are read in one query and
    folded)."""
    only = "where show = ? " if show else ""
    titles = [
        (track_id, [title, title_en, *json.loads(aliases or "[]")])
        for track_id, title, title_en, aliases in db.execute(
            f"select id, title, title_en, aliases from tracks {only}order by season, ord, id",
            [show] if show else [],
        )
    ]
    return FileMatcher(titles=titles, load=lambda ids: _wanted_for(db, ids))


def _wanted_for(db: sqlite_utils.Database, ids: list[str]) -> list[Wanted]:
    """The scorer's view of these tracks, with the length of an accepted recording where known
    (files are then judged on length too)."""
    lengths = decisions.accepted_lengths(db)
    return [
        replace(t.wanted, duration_ms=lengths.get(t.wanted.track_id))
        for t in catalogue.targets(db, ids)
    ]
