"""The scorer: how well one recording fits one catalogue track, and which of several fits best.

A pure function over plain data (`ost.match.types`): no network, no database. Each kind of evidence
(title, artist, release date, version flags, album, length) gives a value in 0..1 with a weight, and
may add a note (why it fits), a doubt (why it is not `auto`) or a refusal (why it is `none`).
The score is the weighted mean minus the penalties of unwanted version flags; the status (a
``Level``) follows from the refusals and doubts first and the thresholds second, so that

    none  <  REVIEW_THRESHOLD  <=  review,        auto  >=  AUTO_THRESHOLD.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import replace

from rapidfuzz import fuzz

from ost.match import release
from ost.match.levels import Level
from ost.match.normalize import (
    FLAGS,
    alias_keys,
    artist_parts,
    classify,
    clean,
    has_hangul,
    renderings,
    strip_version,
)
from ost.match.release import DateFit, parse_release_date
from ost.match.types import Candidate, Evidence, Verdict, Wanted
from ost.text import fold

# --- decisions -------------------------------------------------------------------------------
AUTO_THRESHOLD = 0.85
"""Accept without asking: title exact, every artist, a supporting date/album/length, no doubt."""
REVIEW_THRESHOLD = 0.6
"""Below this nothing is proposed, even when no single piece of evidence refuses."""
REFUSAL_FACTOR = 0.5
"""A refused candidate keeps this share of its score: below REVIEW_THRESHOLD, rank kept."""

# --- weights (relative; a weight of 0 means "the catalogue cannot tell") ---------------------
TITLE_WEIGHT = 3.0
ARTIST_WEIGHT = 3.0
DATE_WEIGHT = 2.0
ALBUM_WEIGHT = 1.0
DURATION_WEIGHT = 2.0

# --- titles ------------------------------------------------------------------------------------
TITLE_FUZZY_MIN = 0.8
"""Lowest rapidfuzz ratio still called "close" (never `auto`); compared letter by letter, Hangul
decomposed into jamo so that "내게 말해요" / "나에게 말해요" (0.83) is close while
"보고 싶어" / "보고 싶다" (0.78) is not."""
FUZZY_MIN_WEIGHT = 8
"""Shorter keys must match exactly; a Hangul syllable weighs 2, any other character 1.

One syllable changed in "사랑해요" or one letter in "my love" is another song, not a typo.
"""

# --- release dates (how each fit is told: ost.match.release) -----------------------------------
DATE_SCORES: dict[DateFit, float] = {
    DateFit.CLOSE: 1.0,
    DateFit.IN_WINDOW: 0.7,
    DateFit.CONSISTENT: 0.7,
    DateFit.UNKNOWN: 0.5,
    DateFit.AFTER_WINDOW: 0.3,
    DateFit.LATE: 0.3,
    DateFit.EARLY: 0.2,
    DateFit.BEFORE_WINDOW: 0.0,
    DateFit.LONG_BEFORE: 0.0,
}
DATE_SUPPORT = frozenset({DateFit.CLOSE, DateFit.IN_WINDOW, DateFit.CONSISTENT})

# --- albums ----------------------------------------------------------------------------------------
ALBUM_HINT_SCORE = 1.0
"""The album title names the show (`Wanted.album_hints`): supports `auto`."""
ALBUM_OST_SCORE = 0.8
"""Some OST album: helps the rank, does not by itself support `auto`."""
ALBUM_NEUTRAL_SCORE = 0.5
OST_ALBUM = re.compile(r"\bost\b|o\.s\.t|soundtrack|사운드트랙")

# --- lengths ---------------------------------------------------------------------------------------
DURATION_TOLERANCE_MS = 3_000
DURATION_MISMATCH_MS = 10_000
"""Beyond this the length contradicts (another edit or recording): never `auto`."""

# --- version flags ----------------------------------------------------------------------------------
FLAG_PENALTIES: dict[str, float] = {
    "instrumental": 0.4,
    "karaoke": 0.5,
    "cover": 0.4,
    "live": 0.3,
    "remix": 0.3,
    "acoustic": 0.3,
    "piano": 0.3,
    "sped_up": 0.35,
    "slowed": 0.35,
    "version": 0.15,
}
REFUSING_FLAGS = frozenset(FLAGS) - {"version"}
"""A flag on one side only refuses; a bare "Ver." only doubts ("Korean Ver." may be the original)."""
FLAG_WORDS: dict[str, str] = {"sped_up": "sped-up"}

# --- what the recording is (a service that mixes videos with songs says so: YouTube Music) --------
KIND_AUDIO = "audio"
KIND_DOUBTS: dict[str, str] = {
    "video": "it is a music video, not the artist's audio track",
    "upload": "it is an upload by anyone, not the artist's own release",
    "other": "it is not an audio track",
}
KIND_PENALTIES: dict[str, float] = {"video": 0.1, "upload": 0.2, "other": 0.2}
"""Never `auto`, and below the audio track of the same song whatever else agrees: a video has no
album, so on every other part the song's audio track is at least as good."""

# --- ranking ---------------------------------------------------------------------------------------
ALBUM_TYPE_RANK: dict[str, int] = {"single": 0, "album": 1, "compilation": 2}
"""Between equal scores: the release nearest the catalogue date, then the single, then the uri."""


_Part = Evidence  # the scorer builds its parts positionally: value, weight, note ...
PART_NAMES = ("title", "artist", "date", "version", "album", "duration")
DATE_PART = PART_NAMES[2]
KIND_PART = "kind"
"""Added after PART_NAMES only for a candidate whose ``kind`` is known."""


# --- the interface -----------------------------------------------------------------------------------
def score(wanted: Wanted, candidate: Candidate) -> Verdict:
    """Judge one candidate for one catalogue track."""
    flags = candidate_flags(candidate)
    found = (
        _title_part(wanted, candidate),
        _artist_part(wanted, candidate),
        _date_part(wanted, candidate),
        _flag_part(wanted, flags),
        _album_part(wanted, candidate),
        _duration_part(wanted, candidate),
    )
    parts = tuple(replace(p, name=n) for n, p in zip(PART_NAMES, found, strict=True))
    if candidate.kind:
        parts += (replace(_kind_part(candidate.kind), name=KIND_PART),)
    verdict = _decide(candidate, _weighted(parts), parts, _ordered(flags))
    return replace(verdict, parts=parts)


def choose(
    wanted: Wanted, candidates: Iterable[Candidate], rejected: Collection[str] = ()
) -> tuple[Verdict | None, list[Verdict]]:
    """Rank every candidate, best first; the best one that is `auto` or `review`, or None.

    Candidates whose uri is in `rejected` are ranked as refused. The order of `candidates` does
    not matter.
    """
    refused = frozenset(rejected)
    verdicts = [score(wanted, c) for c in candidates]
    verdicts = [_as_rejected(v) if v.candidate.uri in refused else v for v in verdicts]
    ranked = sorted(verdicts, key=lambda v: _rank_key(wanted, v))
    best = ranked[0] if ranked and ranked[0].status >= Level.REVIEW else None
    return best, ranked


def candidate_flags(candidate: Candidate) -> frozenset[str]:
    """Version flags found in any of the candidate's names."""
    return frozenset(f for name in candidate.names for f in strip_version(name)[1])


def wanted_flags(wanted: Wanted) -> frozenset[str]:
    """Version flags the catalogue track itself carries: in its titles, or as `variant`."""
    found = {f for title in wanted.titles for f in strip_version(title)[1]}
    return frozenset(found | _variant_flags(wanted.variant))


# --- deciding ------------------------------------------------------------------------------------------
def _weighted(parts: Iterable[_Part]) -> float:
    parts = tuple(parts)
    total = sum(p.weight for p in parts)
    mean = sum(p.value * p.weight for p in parts) / total if total else 0.0
    return round(min(1.0, max(0.0, mean - sum(p.penalty for p in parts))), 4)


def _decide(
    candidate: Candidate, raw: float, parts: tuple[_Part, ...], flags: tuple[str, ...]
) -> Verdict:
    notes = "; ".join(p.note for p in parts if p.note)
    refusals = [p.refusal for p in parts if p.refusal]
    if refusals:
        refused = round(raw * REFUSAL_FACTOR, 4)
        return Verdict(candidate, refused, Level.NONE, _sentence(refusals[0]), flags)
    if raw < REVIEW_THRESHOLD:
        reason = f"too little agrees (score {raw:.2f}): {notes}"
        return Verdict(candidate, raw, Level.NONE, _sentence(reason), flags)
    doubts = [p.doubt for p in parts if p.doubt]
    lacks = [p.lack for p in parts if p.lack]
    if lacks and not any(p.support for p in parts):
        doubts += lacks
    elif not doubts and not any(p.support for p in parts):
        doubts.append("nothing in its date, album or length confirms it")
    if not doubts and raw < AUTO_THRESHOLD:
        doubts.append(f"the score {raw:.2f} is below {AUTO_THRESHOLD}")
    if doubts:
        reason = f"plausible but {' and '.join(doubts)}: {notes}"
        return Verdict(candidate, raw, Level.REVIEW, _sentence(reason), flags)
    return Verdict(candidate, raw, Level.AUTO, _sentence(notes), flags)


def _sentence(text: str) -> str:
    text = clean(text).rstrip(":,; ")
    text = text[:1].upper() + text[1:]
    return text if text.endswith(".") else text + "."


def _as_rejected(verdict: Verdict) -> Verdict:
    if verdict.status is Level.NONE:
        earlier = verdict.reason[:1].lower() + verdict.reason[1:]
        return replace(verdict, reason=_sentence(f"rejected before; {earlier}"))
    reason = f"rejected before (it would otherwise be {verdict.status})"
    return replace(
        verdict,
        score=round(verdict.score * REFUSAL_FACTOR, 4),
        status=Level.NONE,
        reason=_sentence(reason),
    )


def _rank_key(wanted: Wanted, verdict: Verdict) -> tuple[object, ...]:
    c = verdict.candidate
    return (
        -verdict.status.rank,  # the highest level first
        -verdict.score,
        release.distance(wanted, c),
        ALBUM_TYPE_RANK.get(c.album_type, len(ALBUM_TYPE_RANK)),
        c.uri,
        (c.names, c.artists, c.album, c.album_type, c.release_date or "", c.duration_ms or -1),
        (c.isrc or "", verdict.reason),
    )


# --- titles ----------------------------------------------------------------------------------------------
def _title_part(wanted: Wanted, candidate: Candidate) -> _Part:
    similarity, want, got = _best_title_pair(wanted, candidate)
    if not fold(want) or not fold(got):
        return _Part(0.0, TITLE_WEIGHT, refusal="no title to compare")
    if similarity >= 1.0:
        said = f"title matches '{want}'" if got == want else f"title '{got}' matches '{want}'"
        return _Part(1.0, TITLE_WEIGHT, note=said)
    if similarity >= TITLE_FUZZY_MIN:
        pct = int(similarity * 100)
        said = f"title '{got}' is close to '{want}' ({pct}%)"
        return _Part(similarity, TITLE_WEIGHT, note=said, doubt=f"the title is only close ({pct}%)")
    return _Part(similarity, TITLE_WEIGHT, refusal=f"different title: '{got}' is not '{want}'")


def _best_title_pair(wanted: Wanted, candidate: Candidate) -> tuple[float, str, str]:
    """The most alike (wanted rendering, candidate rendering); the first such pair on ties."""
    best = (
        -1.0,
        wanted.titles[0] if wanted.titles else "",
        candidate.names[0] if candidate.names else "",
    )
    for want in (r for title in wanted.titles for r in renderings(title)):
        for got in (r for name in candidate.names for r in renderings(name)):
            similarity = title_similarity(want, got)
            if similarity > best[0]:
                best = (similarity, want, got)
    return max(best[0], 0.0), best[1], best[2]


def title_similarity(one: str, other: str) -> float:
    """1.0 when equal after folding; a fuzzy ratio for long enough titles; else 0.0."""
    a, b = fold(one), fold(other)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if a in b or b in a:  # "My Love Song" is another song than "My Love"
        return 0.0
    if min(_key_weight(a), _key_weight(b)) < FUZZY_MIN_WEIGHT:
        return 0.0
    jamo_a, jamo_b = unicodedata.normalize("NFD", a), unicodedata.normalize("NFD", b)
    return round(fuzz.ratio(jamo_a, jamo_b) / 100, 4)


def _key_weight(key: str) -> int:
    return sum(2 if has_hangul(ch) else 1 for ch in key)


# --- artists -----------------------------------------------------------------------------------------------
def _artist_part(wanted: Wanted, candidate: Candidate) -> _Part:
    credited = [aliases for aliases in wanted.artists if any(fold(a) for a in aliases)]
    if not credited:
        return _Part(0.0, 0.0, doubt="the catalogue names no artist to check")
    if not candidate.artists:
        return _Part(0.0, ARTIST_WEIGHT, doubt="the recording names no artist")
    given = [part for name in candidate.artists for part in artist_parts(name)]
    found = [(aliases, _find_alias(aliases, given)) for aliases in credited]
    hits = [(aliases, name) for aliases, name in found if name]
    if not hits:
        names = ", ".join(f"'{a}'" for a in candidate.artists)
        return _Part(0.0, ARTIST_WEIGHT, refusal=f"other artist: {names} is not {_who(credited)}")
    note = "artist " + " and ".join(_artist_note(aliases, name) for aliases, name in hits)
    missing = [aliases for aliases, name in found if not name]
    doubt = f"{_who(missing)} is not credited" if missing else ""
    return _Part(len(hits) / len(found), ARTIST_WEIGHT, note=note, doubt=doubt)


def _find_alias(aliases: tuple[str, ...], given: list[str]) -> str:
    keys = {key for alias in aliases for key in alias_keys(alias)}
    return next((name for name in given if fold(name) in keys), "")


def _artist_note(aliases: tuple[str, ...], name: str) -> str:
    main = aliases[0] if aliases else name
    return f"'{name}'" if fold(name) == fold(main) else f"{main} as '{name}'"


def _who(artists: Iterable[tuple[str, ...]]) -> str:
    return " & ".join(" / ".join(aliases[:2]) for aliases in artists)


# --- release dates ------------------------------------------------------------------------------------------
def _date_part(wanted: Wanted, candidate: Candidate) -> _Part:
    if wanted.release_date is None and wanted.window is None:
        return _Part(0.0, 0.0, lack="the catalogue has no date or show window to check against")
    span = parse_release_date(candidate.release_date)
    if span is None:
        return _Part(DATE_SCORES[DateFit.UNKNOWN], DATE_WEIGHT, lack="no release date to check")
    kind = release.fit(wanted, span)
    said = release.words(wanted, kind, candidate.release_date or "", span)
    value = DATE_SCORES[kind]
    if kind in DATE_SUPPORT:
        return _Part(value, DATE_WEIGHT, note=said, support=True)
    if DATE_SCORES[kind] == 0.0:
        return _Part(value, DATE_WEIGHT, refusal=said)
    return _Part(value, DATE_WEIGHT, doubt=said)


# --- version flags ------------------------------------------------------------------------------------------
def _flag_part(wanted: Wanted, flags: frozenset[str]) -> _Part:
    want = wanted_flags(wanted)
    extra, missing = flags - want, want - flags
    penalty = sum(FLAG_PENALTIES.get(f, 0.0) for f in extra | missing)
    if extra & REFUSING_FLAGS:
        return _Part(
            0.0, 0.0, refusal=f"{_words(extra)} version of the right song", penalty=penalty
        )
    if missing & REFUSING_FLAGS:
        refusal = f"not the {_words(missing)} version the catalogue lists"
        return _Part(0.0, 0.0, refusal=refusal, penalty=penalty)
    if extra or missing:
        doubt = "marked as a special version" if extra else "not marked as the catalogued version"
        return _Part(0.0, 0.0, doubt=doubt, penalty=penalty)
    note = f"{_words(want)} version as catalogued" if want else ""
    return _Part(0.0, 0.0, note=note)


def _variant_flags(variant: str | None) -> frozenset[str]:
    if not variant:
        return frozenset()
    if variant in FLAGS:
        return frozenset({variant})
    return classify(variant.replace("_", " ")) or frozenset({"version"})


def _ordered(flags: Iterable[str]) -> tuple[str, ...]:
    present = set(flags)
    return tuple(f for f in FLAGS if f in present) + tuple(sorted(present - set(FLAGS)))


def _words(flags: Iterable[str]) -> str:
    return " ".join(FLAG_WORDS.get(f, f) for f in _ordered(flags))


# --- albums and lengths ---------------------------------------------------------------------------------------
def _album_part(wanted: Wanted, candidate: Candidate) -> _Part:
    key = fold(candidate.album)
    if key and any(fold(hint) and fold(hint) in key for hint in wanted.album_hints):
        said = f"on album '{candidate.album}'"
        return _Part(ALBUM_HINT_SCORE, ALBUM_WEIGHT, note=said, support=True)
    if key and OST_ALBUM.search(candidate.album.casefold()):
        return _Part(ALBUM_OST_SCORE, ALBUM_WEIGHT, note=f"on OST album '{candidate.album}'")
    return _Part(ALBUM_NEUTRAL_SCORE, ALBUM_WEIGHT)


def _duration_part(wanted: Wanted, candidate: Candidate) -> _Part:
    if wanted.duration_ms is None:
        return _Part(0.0, 0.0)
    if candidate.duration_ms is None:
        return _Part(0.5, DURATION_WEIGHT)
    gap = abs(wanted.duration_ms - candidate.duration_ms)
    lengths = f"{_clock(candidate.duration_ms)} against {_clock(wanted.duration_ms)}"
    if gap <= DURATION_TOLERANCE_MS:
        return _Part(1.0, DURATION_WEIGHT, note=f"length {lengths}", support=True)
    if gap >= DURATION_MISMATCH_MS:
        return _Part(0.0, DURATION_WEIGHT, doubt=f"the length is {lengths}")
    value = 1.0 - (gap - DURATION_TOLERANCE_MS) / (DURATION_MISMATCH_MS - DURATION_TOLERANCE_MS)
    return _Part(value, DURATION_WEIGHT, note=f"length {lengths}")


# --- what the recording is ----------------------------------------------------------------------------------
def _kind_part(kind: str) -> _Part:
    if kind == KIND_AUDIO:
        return _Part(0.0, 0.0)
    known = kind if kind in KIND_DOUBTS else "other"
    return _Part(0.0, 0.0, doubt=KIND_DOUBTS[known], penalty=KIND_PENALTIES[known])


def _clock(ms: int) -> str:
    seconds = round(ms / 1000)
    return f"{seconds // 60}:{seconds % 60:02d}"
