"""How a release title names a show, read as plain data (../shared/k-ost-naming.md has the forms).

A title mentions the show by one of its names or aliases, spacing, case and punctuation aside
("Meow, the Secret Boy" in "Meow the secret boy 어서와 (...)"), or by one of a season's own names
("사운드트랙 #1"). A mention of the show followed by a season mark ("#2", "No. 2", "Season 2",
"시즌2") names that season; a bare number after the name does not ("Soundtrack 2" is any
soundtrack's second). An OST mark ("OST", "(Original Television Soundtrack)", "(Original
Soundtrack from the Netflix Series)", "오리지널 사운드트랙") counts only where it follows the
mention, with at most a part ("Pt. 6"), an extra ("Special Track") or punctuation between:
"Ghost Harbor OST" does not carry an OST mark for a show called "Ghost".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

OST_MARK = re.compile(
    r"(?<![a-z0-9])o\.?s\.?t(?![a-z0-9])\.?"
    r"|\boriginal\s+(?:television\s+|tv\s+|drama\s+|series\s+)?soundtrack\b"
    r"|오리지널\s*사운드\s*트랙",
    re.IGNORECASE,
)
# "Part.2", "Pt. 2", "파트 2": a numbered part of an OST series (never a season).
PART = re.compile(r"(?:\bpart|\bpt|파트)\s*\.?\s*(\d+)(?!\d)", re.IGNORECASE)
# Releases beside the numbered parts: "OST Special", "Special Track", "Bonus Track", "스페셜".
EXTRA = re.compile(r"\bspecial(?:\s+track)?\b|\bbonus\s+track\b|스페셜(?:\s*트랙)?", re.IGNORECASE)
# Between a name and its season's number: "#1", "No. 2", "Season 2", "시즌2".
SEASON_MARK = re.compile(r"[\s:\-–—(\[]*(?:#|no\.?|시즌|season)\s*(\d+)(?!\d)", re.IGNORECASE)
# What may stand between a mention and its OST mark: punctuation, and words that say no more.
FILLER = re.compile(r"(?:[\W_]|\b(?:drama|tv)\b|드라마)+", re.IGNORECASE)
MAX_GAP_STEPS = 8
"""Separators, a part, an extra: a real title has at most four pieces between name and mark."""

_HANGUL = "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f"


def normal(title: str) -> str:
    """NFKC (full-width letters and digits as ASCII), so that patterns see one spelling."""
    return (
        title if unicodedata.is_normalized("NFKC", title) else unicodedata.normalize("NFKC", title)
    )


def _script(ch: str) -> str:
    """The class of letters a name's edge must not run on into: "Ghost" is not in "Ghosts"."""
    if ch.isdigit():
        return r"\d"
    if re.match(f"[{_HANGUL}]", ch):
        return f"[{_HANGUL}]"
    if ch.isascii() or "\u00c0" <= ch <= "\u024f":
        return r"[A-Za-z\u00c0-\u024f]"
    return r"[^\W\d_]"


def name_pattern(name: str) -> re.Pattern[str] | None:
    """A name as a pattern in which spacing, case and punctuation may differ, bounded so that it
    does not match inside a longer word; None for a name with no letter or digit. "#" is kept:
    it is a season mark ("Soundtrack #2" is not in "Soundtrack 2")."""
    chars = [ch for ch in normal(name) if ch.isalnum() or ch == "#"]
    if not any(ch.isalnum() for ch in chars):
        return None
    body = r"[\W_]*".join(re.escape(ch) for ch in chars)
    edges = f"(?<!{_script(chars[0])})", f"(?!{_script(chars[-1])})"
    return re.compile(edges[0] + body + edges[1], re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    """One place a title names the show: which season it names (None: the show, no season), and
    whether an OST mark follows it."""

    text: str
    season: int | None
    marked: bool


@dataclass(frozen=True)
class Reading:
    """What a title says of the show."""

    mentions: tuple[Mention, ...]
    part: int | None
    extra: str | None
    ost_mark: bool = False
    """An OST mark anywhere in the title (after a mention or not)."""

    @property
    def seasons(self) -> frozenset[int]:
        return frozenset(m.season for m in self.mentions if m.season is not None)

    @property
    def marked_seasons(self) -> frozenset[int]:
        return frozenset(m.season for m in self.mentions if m.season is not None and m.marked)

    @property
    def marked(self) -> bool:
        return any(m.marked for m in self.mentions)


@dataclass(frozen=True)
class Names:
    """A show's names as patterns: the show's own (a season only with a season mark, or the only
    season of a one-season show) and each season's own ("사운드트랙 #1")."""

    show: tuple[re.Pattern[str], ...]
    seasons: tuple[tuple[int, re.Pattern[str]], ...]
    only_season: int | None
    """The season a bare mention names: the show's one season, else none."""

    @classmethod
    def of(
        cls, show: Iterable[str], seasons: Mapping[int, Sequence[str]], only_season: int | None
    ) -> Names:
        own = {p.pattern: p for p in map(name_pattern, show) if p}
        by_season = {
            (n, p.pattern): (n, p)
            for n, names in seasons.items()
            for p in map(name_pattern, names)
            if p
        }
        return cls(tuple(own.values()), tuple(by_season.values()), only_season)

    def read(self, titles: Iterable[str]) -> Reading:
        """The mentions in every title (a Korean and an English answer), the first part number
        and the first extra."""
        mentions: list[Mention] = []
        part = extra = None
        marked = False
        for title in map(normal, titles):
            mentions += self._mentions(title)
            marked = marked or OST_MARK.search(title) is not None
            found = PART.search(title)
            part = part if part is not None or not found else int(found.group(1))
            tag = EXTRA.search(title)
            extra = extra or (tag.group(0) if tag else None)
        return Reading(tuple(dict.fromkeys(mentions)), part, extra, marked)

    def _mentions(self, title: str) -> list[Mention]:
        spans: list[tuple[int, int, int | None]] = []
        for pattern in self.show:
            for m in pattern.finditer(title):
                mark = SEASON_MARK.match(title, m.end())
                if mark:
                    spans.append((m.start(), mark.end(), int(mark.group(1))))
                spans.append((m.start(), m.end(), self.only_season))
        for number, pattern in self.seasons:
            spans += [(m.start(), m.end(), number) for m in pattern.finditer(title)]
        kept = [s for s in spans if not any(_covers(o, s) for o in spans)]
        return [Mention(title[a:b], n, ost_mark_follows(title, b)) for a, b, n in sorted(kept)]


def _covers(one: tuple[int, int, int | None], other: tuple[int, int, int | None]) -> bool:
    """The longer mention wins ("Hospital Playlist Season 2" over "Hospital Playlist"); of two
    alike, the one that names a season."""
    if one == other or not (one[0] <= other[0] and other[1] <= one[1]):
        return False
    return (one[1] - one[0]) > (other[1] - other[0]) or (one[2] is not None and other[2] is None)


def ost_mark_follows(title: str, at: int) -> bool:
    """An OST mark follows position ``at``, with only punctuation, a part or an extra between."""
    for _ in range(MAX_GAP_STEPS):
        if OST_MARK.match(title, at):
            return True
        step = FILLER.match(title, at) or PART.match(title, at) or EXTRA.match(title, at)
        if step is None or step.end() == at:
            return False
        at = step.end()
    return False


def has_ost_mark(title: str) -> bool:
    return OST_MARK.search(normal(title)) is not None
