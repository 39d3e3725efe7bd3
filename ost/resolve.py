"""Tracks by any name: the one resolver every command that takes TRACK uses.

A reference is tried, in order, as
1. an id, case and zero padding aside (``S1-03``, ``s1-3``);
2. a title rendering (Korean, English, alias), case, spacing and punctuation aside;
3. a unique prefix of a rendering (``love beyond``, ``사랑은 말로``), or words: every word given
   starts a word of one rendering (``beyond love``).
A reference that names several tracks lists them; one that names none suggests the closest.

Only ids and titles are read (one narrow query), never the whole catalogue.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

import sqlite_utils

from ost.errors import NotFound
from ost.text import fold

SUGGEST_AT_MOST = 3
SUGGEST_CUTOFF = 60  # rapidfuzz WRatio (0-100) below which a title is not "close"
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Named:
    """A track as the resolver sees it: its id and every rendering of its title."""

    id: str
    titles: tuple[str, ...]
    shown: str = ""  # the title and the English title, as a list shows them

    @property
    def label(self) -> str:
        return f"{self.id} {self.shown or self.titles[0]}"


class Unresolved(NotFound):
    """The reference names no track, or several: ``tracks`` are the ones the message lists."""

    def __init__(self, message: str, tracks: list[Named]):
        super().__init__(message)
        self.tracks = tracks


class Ambiguous(Unresolved):
    """The reference names several tracks."""


def named_tracks(db: sqlite_utils.Database) -> list[Named]:
    """Ids and title renderings only. (A folded-title lookup table can replace this query.)"""
    out = []
    for r in db.query("select id, title, title_en, aliases from tracks order by season, ord, id"):
        aliases = json.loads(r["aliases"] or "[]")
        titles = [t for t in (r["title"], r["title_en"], *aliases) if t]
        shown = " / ".join(dict.fromkeys(t for t in (r["title"], r["title_en"]) if t))
        out.append(Named(r["id"], tuple(dict.fromkeys(titles)), shown))
    return out


def id_key(text: str) -> str:
    """An id's comparison key: lower case, numbers without leading zeros ("S1-03" -> "s1-3")."""
    return _DIGITS.sub(lambda m: str(int(m.group())), text.strip().casefold())


def _words(text: str) -> list[str]:
    return [fold(w) for w in _WORD.findall(text) if fold(w)]


def _word_match(query: list[str], title: str) -> bool:
    words = _words(title)
    return bool(query) and all(any(w.startswith(q) for w in words) for q in query)


def _stages(text: str) -> list[tuple[str, object]]:
    key, words = fold(text), _words(text)
    return [
        ("id", lambda n: id_key(n.id) == id_key(text)),
        ("title", lambda n: bool(key) and any(fold(t) == key for t in n.titles)),
        (
            "prefix or words",
            lambda n: any(
                (key and fold(t).startswith(key)) or _word_match(words, t) for t in n.titles
            ),
        ),
    ]


def resolve_track_id(db: sqlite_utils.Database, text: str) -> str:
    """The id of the one track ``text`` names; NotFound (with suggestions) or Ambiguous."""
    exact = db.execute("select id from tracks where id = ?", [text.strip()]).fetchone()
    if exact:
        return str(exact[0])  # an id as stored: one indexed read, not every title
    try:
        return resolve_among(named_tracks(db), text)
    except Unresolved as e:
        raise type(e)(_with_artists(db, str(e), e.tracks), e.tracks) from None


def _with_artists(db: sqlite_utils.Database, message: str, shown: list[Named]) -> str:
    """The message with the artists of the tracks it lists (read for those rows only)."""
    if not shown:
        return message
    marks = ", ".join("?" * len(shown))
    by: dict[str, list[str]] = {}
    for track_id, name in db.execute(
        f"""select ta.track_id, a.name from track_artists ta join artists a on a.id = ta.artist_id
            where ta.track_id in ({marks}) order by ta.track_id, ta.position""",
        [n.id for n in shown],
    ):
        by.setdefault(track_id, []).append(name)
    for n in shown:
        if by.get(n.id):
            message = message.replace(n.label, f"{n.label} ({', '.join(by[n.id])})", 1)
    return message


def resolve_among(tracks: list[Named], text: str) -> str:
    for _stage, test in _stages(text):
        hits = [n for n in tracks if test(n)]  # type: ignore[operator]
        if len(hits) == 1:
            return hits[0].id
        if hits:
            raise Ambiguous(f"'{text}' names several tracks: {_listed(hits)}. Give the id.", hits)
    close = suggestions(tracks, text)
    if close:
        raise Unresolved(f"no track '{text}'. Did you mean: {_listed(close)}?", close)
    raise Unresolved(f"no track '{text}' (try `ost tracks --all` for ids)", [])


def _listed(tracks: list[Named]) -> str:
    return "; ".join(n.label for n in tracks)


def suggestions(tracks: Iterable[Named], text: str) -> list[Named]:
    """The tracks whose id or title is closest to ``text`` (at most three, best first)."""
    from rapidfuzz import fuzz  # only a miss pays for the import

    key = fold(text)
    if not key:
        return []
    scored = []
    for n in tracks:
        best = max(
            [fuzz.ratio(id_key(text), id_key(n.id))]
            + [fuzz.WRatio(key, fold(t)) for t in n.titles if fold(t)]
        )
        if best >= SUGGEST_CUTOFF:
            scored.append((best, n))
    scored.sort(key=lambda s: -s[0])
    return [n for _, n in scored[:SUGGEST_AT_MOST]]
