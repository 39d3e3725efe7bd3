"""Title and artist normalisation for matching.

Version markers ("(Inst.)", " - Sped Up", "[MR]", "(피아노 Ver.)") are cut off and reported as
canonical flags; OST labels ("(From 'Soundtrack #1')", "(사운드트랙 #1 OST)") and featuring credits
are cut off without a flag; anything else in brackets is part of the title and stays. Comparison
keys come from `ost.text.fold`, so Hangul stays Hangul: nothing is romanised.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ost.text import fold, single_line

# Canonical flags, in the order they are reported.
FLAGS: tuple[str, ...] = (
    "instrumental",
    "karaoke",
    "cover",
    "live",
    "remix",
    "acoustic",
    "piano",
    "sped_up",
    "slowed",
    "version",
)

# Searched in a case-folded bracket / suffix text. Word boundaries keep "(Alive)" or "(Mix Tape)"
# apart from "(Live)"; Hangul is a word character to `re`, so "\b" works for Korean too.
VERSION_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "instrumental",
        re.compile(
            r"\binst\b|\binstrumental\b|\bmr\b|반주|연주곡|경음악|인스트|off ?vocal|minus one"
        ),
    ),
    (
        "karaoke",
        re.compile(
            r"karaoke|노래방|originally performed|in the style of|made famous|as performed by"
            r"|\btribute\b"
        ),
    ),
    ("cover", re.compile(r"\bcover(ed)?\b|커버")),
    ("live", re.compile(r"\blive\b|라이브|\bin concert\b")),
    ("remix", re.compile(r"\bre-?mix(ed)?\b|\S\s+mix\b|\brmx\b|리믹스")),
    ("acoustic", re.compile(r"\bacoustic\b|\bunplugged\b|어쿠스틱")),
    ("piano", re.compile(r"\bpiano\b|피아노")),
    ("sped_up", re.compile(r"\bsped ?up\b|\bspeed ?up\b|\bnightcore\b")),
    ("slowed", re.compile(r"\bslowed\b|\breverb\b")),
    ("version", re.compile(r"\bver\b|\bversion\b|버전|버젼|\bradio edit\b")),
)

# Bracket or suffix texts that label the release, not the recording: stripped, no flag.
NEUTRAL_LABEL = re.compile(
    r"^(feat|ft|featuring|with|prod|produced)\b|^from\b|\bost\b|o\.s\.t|soundtrack|사운드트랙"
    r"|\bremaster(ed)?\b|리마스터"
)

# Unbracketed markers at the very end ("My Love Inst.", "My Love MR"); MR only in capitals.
BARE_MARKER_SUFFIX = re.compile(
    r"\s+(inst\.?|instrumental|karaoke|반주|노래방|(?-i:MR))$", re.IGNORECASE
)
FEAT_SUFFIX = re.compile(r"\s+(feat\.?|ft\.|featuring)\s+\S.*$", re.IGNORECASE)
DASH = re.compile(r"\s+[-–—]\s+")
BRACKET = re.compile(r"[(\[{【〔]([^()\[\]{}【】〔〕]*)[)\]}】〕]")
EDGE_SEPARATORS = re.compile(r"^[\s\-–—:~/|·,]+|[\s\-–—:~/|·,]+$")
ARTIST_SEPARATORS = re.compile(
    r"\s*(?:,|&|/|;|、|\+)\s*|\s+(?:x|feat\.?|ft\.|featuring|with|and)\s+", re.IGNORECASE
)

MAX_STRIP_STEPS = 32
"""A bound on peeling passes; real titles need two or three."""


def classify(segment: str) -> frozenset[str] | None:
    """Flags for a bracket / suffix text: a set (empty for OST labels), or None for title text."""
    key = segment.casefold()
    flags = {flag for flag, pattern in VERSION_MARKERS if pattern.search(key)}
    if len(flags) > 1:
        flags.discard("version")  # "(Piano Ver.)" is a piano version, nothing more
    if flags:
        return frozenset(flags)
    return frozenset() if NEUTRAL_LABEL.search(key) else None


def clean(text: str) -> str:
    """NFKC, one line, single spaces, no separators at either end (a fixed point)."""
    for _ in range(MAX_STRIP_STEPS):
        tidied = EDGE_SEPARATORS.sub("", single_line(unicodedata.normalize("NFKC", text)))
        if tidied == text:
            break
        text = tidied
    return text


def strip_version(title: str) -> tuple[str, frozenset[str]]:
    """The title without version markers and OST labels, and the canonical flags found.

    "My Love (Inst.)" -> ("My Love", {"instrumental"}); "Love Beyond Words (From 'Soundtrack #1')"
    -> ("Love Beyond Words", {}). A title that would be left empty is returned as it is.
    """
    text = clean(title)
    flags: set[str] = set()
    for _ in range(MAX_STRIP_STEPS):
        peeled = _strip_once(text)
        if peeled is None or not fold(clean(peeled[0])):
            break
        text = clean(peeled[0])
        flags |= peeled[1]
    return text, frozenset(flags)


def _strip_once(text: str) -> tuple[str, frozenset[str]] | None:
    for step in (_strip_bracket, _strip_bare_suffix, _strip_dash_suffix):
        peeled = step(text)
        if peeled is not None:
            return peeled
    return None


def _strip_bracket(text: str) -> tuple[str, frozenset[str]] | None:
    for match in BRACKET.finditer(text):
        flags = classify(match.group(1))
        if flags is not None:
            return text[: match.start()] + " " + text[match.end() :], flags
    return None


def _strip_bare_suffix(text: str) -> tuple[str, frozenset[str]] | None:
    if match := FEAT_SUFFIX.search(text):
        return text[: match.start()], frozenset()
    if match := BARE_MARKER_SUFFIX.search(text):
        return text[: match.start()], classify(match.group(1)) or frozenset({"instrumental"})
    return None


def _strip_dash_suffix(text: str) -> tuple[str, frozenset[str]] | None:
    matches = list(DASH.finditer(text))
    if not matches:
        return None
    last = matches[-1]
    flags = classify(text[last.end() :])
    return None if flags is None else (text[: last.start()], flags)


def has_hangul(text: str) -> bool:
    return any(
        "\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f"
        for ch in text
    )


def renderings(title: str) -> tuple[str, ...]:
    """The stripped title, plus its halves when it pairs two scripts.

    Korean releases often read "사랑은 말로 표현하는게 아니래요 (Love Beyond Words)" or
    "My Love (마이 러브)": each half is a rendering of its own. Same-script brackets ("Song (Part 2)")
    stay part of the title.
    """
    base = strip_version(title)[0]
    found = [base]
    insides = [m.group(1) for m in BRACKET.finditer(base)]
    outside = clean(BRACKET.sub(" ", base))
    found += [part for part in insides if _scripts_differ(outside, part)]
    if len(found) > 1:
        found.append(outside)
    halves = DASH.split(base) if DASH.search(base) else re.split(r"\s+/\s+", base)
    if len(halves) == 2 and _scripts_differ(*halves):
        found += halves
    return _unique(clean(part) for part in found)


def _scripts_differ(one: str, other: str) -> bool:
    return bool(fold(one)) and bool(fold(other)) and has_hangul(one) != has_hangul(other)


def artist_parts(name: str) -> tuple[str, ...]:
    """A credit as given, plus each name in it: "KYUHYUN (규현)", "A & B", "A feat. B"."""
    outside = clean(BRACKET.sub(" ", name))
    parts = [name, outside, *(m.group(1) for m in BRACKET.finditer(name))]
    parts += ARTIST_SEPARATORS.split(outside)
    return _unique(clean(part) for part in parts if fold(part))


def alias_keys(alias: str) -> tuple[str, ...]:
    """Keys a catalogue alias is known by: itself, and itself without a bracket ("도영 (NCT)")."""
    return _unique(fold(part) for part in (alias, BRACKET.sub(" ", alias)) if fold(part))


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    """Non-empty items, first occurrence kept, order kept."""
    return tuple(dict.fromkeys(item for item in items if item))
