"""Text helpers shared by the catalogue, the matcher and the writers. Hangul is kept intact."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache


def lazy_pattern(pattern: str) -> Callable[[], re.Pattern[str]]:
    """A regular expression compiled when first asked for, not on import: compiling the few
    this module holds took a millisecond of every command's start, most of which use none."""
    return cache(lambda: re.compile(pattern))


_LINE_BREAKS = lazy_pattern(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")
_SPACES = lazy_pattern(r"\s+")
_NOT_ALNUM = lazy_pattern(r"[\W_]+")  # \w is str.isalnum() plus "_"


def fold(text: str) -> str:
    """A comparison key: NFKC, case-folded, with spacing and punctuation removed.

    "사랑은 말로 표현하는게 아니래요" and "사랑은 말로 표현하는 게 아니래요!" fold alike; Hangul,
    Latin letters and digits are kept.
    """
    if not text.isprintable():
        text = visible(text)  # "\x1b[31mEvil" folds as "evil", not "31mevil"
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return _NOT_ALNUM().sub("", text.casefold())


# A terminal escape sequence: CSI (ESC [ or 0x9b ... final byte), OSC (ESC ] ... BEL or ESC \\),
# or ESC and one character.
_ESCAPES = lazy_pattern(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[\x20-\x7e]?"
)
_CONTROLS = lazy_pattern(r"[\x00-\x1f\x7f-\x9f]+")


def visible(text: str) -> str:
    """The text as a terminal would show it, for searching: escape sequences (colour, clear
    screen, window title) dropped whole, any other control character a space."""
    return _CONTROLS().sub(" ", _ESCAPES().sub("", text))


def single_line(text: str) -> str:
    """The text on one line: any line break or run of white space becomes one space."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # the common case, in C: no white space but single ASCII spaces inside
    return _SPACES().sub(" ", _LINE_BREAKS().sub(" ", text)).strip()


def has_line_break(text: str) -> bool:
    return bool(_LINE_BREAKS().search(text))


def char_width(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Terminal columns the text takes: wide (Korean, CJK) characters count two."""
    return sum(char_width(ch) for ch in text)


# What a terminal would obey rather than show: C0 and C1 controls, DEL, bidi controls.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # Unicode's Bidi_Control, all of it
_UNSAFE = lazy_pattern(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
# The same, less C0: JSON escapes C0 in strings itself, and its layout is made of "\n" and " ".
_UNSAFE_IN_JSON = lazy_pattern(f"[\x7f-\x9f{_BIDI}]")


def harmless(text: str) -> str:
    """The text safe to print on a terminal or to write in a file a terminal may show (a table,
    an m3u, the page): control characters (escape sequences, bidi overrides) shown as visible
    escapes like ``\\x1b``; everything else, spaces included, kept."""
    return _UNSAFE().sub(lambda m: repr(m.group())[1:-1] if m.group() != "\t" else " ", text)


def is_harmless(text: str) -> bool:
    return not _UNSAFE().search(text)


def escape_unsafe(text: str, escape: Callable[[str], str]) -> str:
    """The text with each character :func:`harmless` would show escaped by ``escape`` instead
    (say, percent-encoding for a URL)."""
    return _UNSAFE().sub(lambda m: escape(m.group()), text)


def json_harmless(json_text: str) -> str:
    """JSON text with every character a terminal would obey written as a ``\\u`` escape: the
    values read back exactly the same, and the text is safe to show."""
    return _UNSAFE_IN_JSON().sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)


LONGEST_WORD = 160  # characters without a space an error message quotes whole
_LONG_WORD = lazy_pattern(rf"\S{{{LONGEST_WORD + 1},}}")


def short_words(text: str) -> str:
    """The text with each run of more than LONGEST_WORD characters without a space (an argument
    pasted by mistake, a path of a thousand characters) cut in the middle: its start and its end
    are kept, joined by "…"."""
    head, tail = LONGEST_WORD * 2 // 3, LONGEST_WORD // 3
    return _LONG_WORD().sub(lambda m: m.group()[:head] + ELLIPSIS + m.group()[-tail:], text)


def plural(n: int, word: str, many: str | None = None) -> str:
    """ "1 track", "2 tracks" (``many`` for an irregular plural)."""
    return f"{n} {noun(n, word, many)}"


def noun(n: int, word: str, many: str | None = None) -> str:
    """The word for ``n`` of it, without the number: "column", "columns"."""
    return word if n == 1 else many or word + "s"


_DIGIT_RUN = lazy_pattern(r"\d+")
NATURAL_DIGITS = 20  # a run of digits is padded to this width, so 2 sorts before 10


def natural_key(text: str) -> str:
    """A key that sorts text as a person would: each run of digits by its number ("s1-user2"
    before "s1-user10"). Zero-padded runs keep their order ("s1-01" before "s1-07"), and so
    does everything else, digits before letters as in plain text."""
    return _DIGIT_RUN().sub(lambda m: m.group().zfill(NATURAL_DIGITS), text)


CLEAR_LEAD = 0.15
"""How far ahead of the others a choice must be to be suggested alone."""


def close_to(word: str, choices: Iterable[str], cutoff: float = 0.6) -> list[str]:
    """The choices that look like ``word`` (a misspelling of one), best first, at most three:
    difflib's ratio, as click's suggestions of options use it; one well ahead of the rest is
    named alone ("staus": status, not tracks)."""
    from difflib import SequenceMatcher  # only a mistake pays for the import

    matcher = SequenceMatcher(b=word)
    scored = []
    for choice in dict.fromkeys(choices):
        matcher.set_seq1(choice)
        if (ratio := matcher.ratio()) >= cutoff:
            scored.append((-ratio, choice))
    scored.sort()
    best = -scored[0][0] if scored else 0.0
    return [c for r, c in scored[:3] if -r >= best - CLEAR_LEAD]


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """The sentence that follows an error about a misspelt ``word``: " Did you mean 'x'?" (or
    'x', 'y' or 'z'), with its leading space; "" when nothing is close."""
    close = [f"'{c}'" for c in close_to(word, choices, cutoff)]
    if not close:
        return ""
    listed = close[0] if len(close) == 1 else f"{', '.join(close[:-1])} or {close[-1]}"
    return f" Did you mean {listed}?"


ELLIPSIS = "…"


def shorten(text: str, width: int, keep: str = "") -> str:
    """The text cut to at most ``width`` terminal columns, ending in "…" when cut; a wide
    character is never split. ``keep`` is a suffix kept whole when the text ends with it."""
    if display_width(text) <= width:
        return text
    if keep and text.endswith(keep) and display_width(keep) < width:
        return shorten(text[: -len(keep)], width - display_width(keep)) + keep
    room, out = width - display_width(ELLIPSIS), []
    for ch in text:
        room -= char_width(ch)
        if room < 0:
            break
        out.append(ch)
    return ("".join(out).rstrip() + ELLIPSIS) if width > 0 else ""
