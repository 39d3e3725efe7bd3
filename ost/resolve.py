"""Tracks by any name: the one resolver every command that takes TRACK uses.

A reference is tried, in order, as
1. an id, case and zero padding aside (``S1-03``, ``s1-3``);
2. a title rendering (Korean, English, alias), case, spacing and punctuation aside;
3. a unique prefix of a rendering (``love beyond``, ``사랑은 말로``), or words: every word given
   starts a word of one rendering (``beyond love``);
4. the start of ids, cut where a part of them ends (``s1``: ``s1-01`` … but not ``s10-01``;
   ``s1-user``; a show's key, ``moonlight``).
A reference that names several tracks lists them (each with its show's key when they are of
several shows); one that names none suggests the closest. Another show's ids hold its key
(``moonlight-post-office:s1-01``) and are named as any id is.

Each step is one indexed query on the lookup tables ``catalogue.reindex`` keeps (``id_keys``,
``title_keys``, ``title_words``): naming a track costs the same in a catalogue of ten tracks or of
a hundred thousand. Only a reference that names nothing reads every folded title, to suggest the
closest few.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from ost.db import BY_ID
from ost.db.schema import BUNDLED_SHOW as BUNDLED
from ost.errors import NotFound
from ost.text import fold, harmless, single_line, visible

SUGGEST_AT_MOST = 3
SUGGEST_CUTOFF = 60  # rapidfuzz WRatio (0-100) below which a title is not "close"
LIST_AT_MOST = 10  # tracks an ambiguous reference lists
WORDS_AT_MOST = 12  # more words than this are no longer a reference by words
_CHUNK = 2000  # folded titles scored at a time when suggesting
SCORE_ALL_AT_MOST = 50_000  # title keys: a catalogue this small has every title scored on a miss
CANDIDATES_AT_MOST = 2000  # rows each index range gives a larger catalogue's miss to score
_AFTER = "\U0010ffff"  # sorts after every character: "key < prefix + _AFTER" bounds a prefix
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"\w+")
SHOW_ORDER = f"(show != '{BUNDLED}'), show"  # the bundled show first, as listings order them


@dataclass(frozen=True)
class Named:
    """A track as the resolver sees it: its id and every rendering of its title."""

    id: str
    titles: tuple[str, ...]
    shown: str = ""  # the title and the English title, as a list shows them
    show: str = ""  # the key of its show

    @property
    def label(self) -> str:
        """The track in a message, its title shown as tables show it (escapes made visible)."""
        return f"{self.id} {_shown(self.shown or self.titles[0])}"


class Unresolved(NotFound):
    """The reference names no track, or several: ``tracks`` are the ones the message lists."""

    def __init__(self, message: str, tracks: list[Named]):
        super().__init__(message)
        self.tracks = tracks


class Ambiguous(Unresolved):
    """The reference names several tracks."""


def id_key(text: str) -> str:
    """An id's comparison key: lower case, numbers without leading zeros ("S1-03" -> "s1-3")."""
    return _DIGITS.sub(lambda m: str(int(m.group())), text.strip().casefold())


def words(text: str) -> list[str]:
    """The folded words of a title, as ``title_words`` keeps them."""
    if not text.isprintable():
        text = visible(text)  # the words a terminal shows, not an escape sequence's parameters
    return [w for w in (fold(w) for w in _WORD.findall(text)) if w]


def _shown(text: str) -> str:
    """A title or reference in a message: as a table cell shows it (``output.cell``), one line
    with control characters as visible escapes, so that a title cannot drive the terminal."""
    return harmless(single_line(text))


def _stages(text: str) -> Iterator[tuple[str, list[str]]]:
    """(subquery of track ids, its parameters), in the order a reference is tried."""
    key, given = fold(text), words(text)[:WORDS_AT_MOST]
    yield "select track_id from id_keys where key = ?", [id_key(text)]
    if not key:
        return
    yield "select track_id from title_keys where key = ?", [key]
    prefix = "select track_id from title_keys where key >= ? and key < ?"
    if not given:
        yield prefix, [key, key + _AFTER]
    else:
        # Every word given starts a word of one rendering: the renderings each word starts,
        # intersected.
        each = "select key, track_id from title_words where word >= ? and word < ?"
        yield (
            f"{prefix} union select track_id from ({' intersect '.join([each] * len(given))})",
            [key, key + _AFTER, *(p for w in given for p in (w, w + _AFTER))],
        )
    yield _id_start(id_key(text))


def _id_start(start: str) -> tuple[str, list[str]]:
    """The ids ``start`` begins, cut between two parts of them: at a separator, or where letters
    turn to digits or digits to letters ("s1" is the start of "s1-3" and "s1-user4", not of
    "s10-1"). Indexed: a range of ``id_keys``, each key's next character checked."""
    last = start[-1:]
    follows = "[^0-9]" if last.isdigit() else "[^a-z]" if last.isalpha() else "*"
    return (
        "select track_id from id_keys where key > ?1 and key < ?2 "
        "and substr(key, length(?1) + 1, 1) glob ?3",
        [start, start + _AFTER, follows],
    )


def _named(
    db: sqlite_utils.Database,
    chosen: str,
    params: list[str],
    limit: int,
    show: str | None = None,
) -> list[Named]:
    """The tracks among ``chosen`` (a subquery of ids), of ``show`` if given, in catalogue order
    (an unknown order last), at most ``limit``."""
    rows = db.execute(
        f"""select id, title, title_en, aliases, show from tracks where id in ({chosen})
            and (? is null or show = ?)
            order by {SHOW_ORDER}, season, ord is null, ord, {BY_ID.format("id")} limit ?""",
        [*params, show, show, limit],
    )
    out = []
    for track_id, title, title_en, aliases, show in rows:
        titles = [t for t in (title, title_en, *json.loads(aliases or "[]")) if t]
        shown = " / ".join(dict.fromkeys(t for t in (title, title_en) if t))
        out.append(Named(track_id, tuple(dict.fromkeys(titles)), shown, show))
    return out


def own_id(text: str, show: str | None) -> str:
    """An id as stored, given as ``show`` names it: another show's ids hold its key (``s1-01``
    of show ``moonlight`` is ``moonlight:s1-01``); an id that has a key names its own show (the
    bundled show's ids are stored without theirs: ``soundtrack:s1-01`` is ``s1-01``)."""
    key, colon, rest = text.partition(":")
    if colon:
        return rest if key.strip().casefold() == BUNDLED else text
    return text if show in (None, BUNDLED) else f"{show}:{text}"


def resolve_track_id(db: sqlite_utils.Database, text: str, show: str | None = None) -> str:
    """The id of the one track ``text`` names (of ``show`` if given: there a bare id such as
    ``s1-01`` is the show's own); NotFound (with suggestions) or Ambiguous."""
    exact = db.execute(
        "select id from tracks where id = ? and (? is null or show = ?)", [text.strip(), show, show]
    ).fetchone()
    if exact:
        return str(exact[0])  # an id as stored
    if own_id(text, show) != text:
        chosen = "select track_id from id_keys where key = ?"
        own = _named(db, chosen, [id_key(own_id(text, show))], 1, show)
        if own:
            return own[0].id
    try:
        return _resolve(db, text, show)
    except Unresolved as e:
        raise type(e)(_with_artists(db, str(e), e.tracks), e.tracks) from None


def described(db: sqlite_utils.Database, track_id: str) -> str:
    """A track as a confirmation names it: its id and title, and its show's name when it is not
    the bundled show's ("moonlight:s1-01 (달빛 / Moonlight; show Moonlight Post Office)")."""
    named = _named(db, "select ?", [track_id], 1)
    if not named:
        return track_id
    n = named[0]
    title = _shown(n.shown or n.titles[0])
    if n.show == BUNDLED:
        return f"{n.id} ({title})"
    row = db.execute("select title, title_en from shows where key = ?", [n.show]).fetchone()
    show = _shown(" / ".join(dict.fromkeys(t for t in row if t))) if row else n.show
    return f"{n.id} ({title}; show {show})"


def _resolve(db: sqlite_utils.Database, text: str, show: str | None = None) -> str:
    for chosen, params in _stages(text):
        hits = _named(db, chosen, params, LIST_AT_MOST + 1, show)
        if len(hits) == 1:
            return hits[0].id
        if hits:
            more = (
                f"; and more (the first {LIST_AT_MOST} shown)" if len(hits) > LIST_AT_MOST else ""
            )
            hits = hits[:LIST_AT_MOST]
            raise Ambiguous(
                f"'{_shown(text)}' names several tracks: {_listed(hits)}{more}. Give the id.",
                hits,
            )
    close = suggestions(db, text)
    if close:
        raise Unresolved(f"no track '{_shown(text)}'. Did you mean: {_listed(close)}?", close)
    raise Unresolved(f"no track '{_shown(text)}' (try `ost tracks --all` for ids)", [])


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
            names = ", ".join(_shown(a) for a in by[n.id])
            message = message.replace(n.label, f"{n.label} ({names})", 1)
    return message


def _listed(tracks: list[Named]) -> str:
    """The tracks as a message lists them: with their show's key when of several shows."""
    several = len({n.show for n in tracks}) > 1
    return "; ".join(n.label + (f" [show {n.show}]" if several else "") for n in tracks)


def suggestions(db: sqlite_utils.Database, text: str) -> list[Named]:
    """The tracks whose id or title is closest to ``text`` (at most three, best first).

    The miss path. A catalogue of up to ``SCORE_ALL_AT_MOST`` keys has every id key and folded
    title scored (in C, a chunk at a time, so memory stays flat). A larger one has only the
    candidates its indexes give: the keys sharing the longest prefix with the reference (at
    least two characters) and the renderings holding a word that shares the longest prefix with
    one of its words, at most ``CANDIDATES_AT_MOST`` rows from each range read; so a miss costs
    the same at 200,000 tracks as at 20,000 (a typo in both the first two characters of every
    word and of the whole reference then finds nothing to suggest). Only the few best tracks are
    read."""
    from rapidfuzz import fuzz, process  # only a miss pays for the import

    key = fold(text)
    if not key:
        return []
    best: dict[str, float] = {}
    small = not db.execute(
        "select 1 from title_keys limit 1 offset ?", [SCORE_ALL_AT_MOST]
    ).fetchone()
    for table, query, scorer in (
        ("id_keys", id_key(text), fuzz.ratio),
        ("title_keys", key, fuzz.WRatio),
    ):
        chunks = _every_row(db, table) if small else iter([_candidates(db, table, query, text)])
        for chunk in chunks:
            found = process.extract(
                query, [k for k, _ in chunk], scorer=scorer, score_cutoff=SUGGEST_CUTOFF, limit=None
            )
            for _, score, i in found:
                track_id = chunk[i][1]
                best[track_id] = max(score, best.get(track_id, 0))
            best = dict(sorted(best.items(), key=lambda s: (-s[1], s[0]))[:SUGGEST_AT_MOST])
    if not best:
        return []
    chosen = "select value from json_each(?)"
    named = {n.id: n for n in _named(db, chosen, [json.dumps(list(best))], SUGGEST_AT_MOST)}
    return [named[i] for i in best if i in named]


def _every_row(db: sqlite_utils.Database, table: str) -> Iterator[list[Any]]:
    cursor = db.execute(f"select key, track_id from {table}")
    while chunk := cursor.fetchmany(_CHUNK):
        yield chunk


def _candidates(
    db: sqlite_utils.Database, table: str, query: str, text: str
) -> list[tuple[str, str]]:
    """(key, track id) rows of ``table`` worth scoring against ``query``, read by index only."""
    rows: dict[tuple[str, str], None] = {}
    rows.update(dict.fromkeys(_by_prefix(db, f"select key, track_id from {table}", "key", query)))
    if table == "title_keys":  # and the renderings holding a word like one of the reference's
        for word in words(text)[:WORDS_AT_MOST]:
            found = _by_prefix(db, "select key, track_id from title_words", "word", word)
            rows.update(dict.fromkeys(found))
    return list(rows)


def _by_prefix(db: sqlite_utils.Database, select: str, column: str, text: str) -> list[Any]:
    """The rows whose ``column`` shares the longest prefix with ``text`` that any row shares
    (two characters at least), at most ``CANDIDATES_AT_MOST``."""
    for end in range(min(len(text), 24), 1, -1):
        prefix = text[:end]
        found = db.execute(
            f"{select} where {column} >= ? and {column} < ? limit ?",
            [prefix, prefix + _AFTER, CANDIDATES_AT_MOST],
        ).fetchall()
        if found:
            return found
    return []
