"""Tables that fit: the terminal's width, titles shortened with "…" (wide characters counted as
two columns), `--wide` for everything; colour for statuses on a terminal; `--names en`.

The renderer is one function, :func:`render`, that the output path calls for every table.
"""

from __future__ import annotations

import functools
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from typing import Any

import click

from ost.cli.environment import env_option
from ost.decisions import Status
from ost.text import display_width, shorten

# Columns that may be shortened to fit, and the narrowest each may become.
SHRINKABLE = {
    "title": 10,
    "title_en": 10,
    "artists": 7,
    "artists_en": 8,
    "album": 8,
    "location": 16,
    "name": 10,
    "file": 16,
    "reason": 16,
    "platform": 10,
}
# Columns left out, in this order, when even the shortest titles would not fit: first those that
# repeat another (the id and the other title say the same), then the least telling of a table
# (the seasons' counts but confirmed, the timeline's status and placing). Each is dropped only
# when the column after it is shown. Past these, the rightmost columns go (see _dropped).
DROPPABLE = (
    ("title_en", "title"),
    ("artists_en", "artists"),
    ("season", "id"),
    ("order", "id"),
    ("with_recording", "season"),
    ("unverified", "season"),
    ("discovered", "season"),
    ("platform", "season"),
    ("finale", "premiere"),
    ("status", "date"),
    ("when", "date"),
)
GAP = "  "
UNCERTAIN = " (?)"
STATUS_COLOURS: dict[str, str] = {
    Status.AUTO: "green",
    Status.ACCEPTED: "green",
    Status.PINNED: "cyan",
    Status.REVIEW: "yellow",
    Status.NONE: "red",
    Status.REJECTED: "red",
    "unverified": "yellow",
    "local file": "green",
    "spotify": "cyan",
    "unresolved": "red",
}
COLOURED_COLUMNS = ("match_status", "status", "resolves_to")
NAMES = ("ko", "en")


names_option = env_option(
    "--names",
    type=click.Choice(NAMES),
    default="ko",
    envvar="OST_NAMES",
    show_default=True,
    help="Titles and artists as the catalogue writes them (ko: Korean where there is one) "
    "or in English/romanised (en). [env: OST_NAMES]",
)


def wide_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """`--wide`: tables never shortened (the renderer reads it from the context)."""

    @functools.wraps(func)
    def wrapper(*args: Any, wide: bool, **kwargs: Any) -> Any:
        click.get_current_context().meta["ost.wide"] = wide
        return func(*args, **kwargs)

    return click.option(
        "--wide", is_flag=True, help="Show every column in full, however wide the table gets."
    )(wrapper)


def view_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """`--wide` (never shorten) and `--names ko|en` (passed on as ``names``)."""
    return wide_option(names_option(func))


def table_width() -> int | None:
    """The width a table must fit, or None for no limit (`--wide`, or output to a file or pipe).
    An explicit COLUMNS is honoured even when piped."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None and ctx.meta.get("ost.wide"):  # meta is shared by nested contexts
        return None
    if os.environ.get("COLUMNS", "").isdigit():
        return int(os.environ["COLUMNS"])
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None


def colour_on() -> bool:
    """Colour on a terminal, never with NO_COLOR set (any value) or when piped."""
    return "NO_COLOR" not in os.environ and sys.stdout.isatty()


def paint(word: str, text: str | None = None) -> str:
    """``text`` (default: the word) in the status word's colour, when colour is on."""
    text = word if text is None else text
    colour = STATUS_COLOURS.get(word.strip())
    return click.style(text, fg=colour) if colour and colour_on() else text


def fitted_widths(natural: list[int], columns: Sequence[str], width: int | None) -> list[int]:
    """Each column's width: the natural one, less for shrinkable columns while the table is
    wider than ``width`` (the widest shrinkable column gives up a column first)."""
    widths = list(natural)
    if width is None:
        return widths
    floor = [min(natural[i], SHRINKABLE.get(c, natural[i])) for i, c in enumerate(columns)]
    excess = sum(widths) + len(GAP) * (len(widths) - 1) - width
    while excess > 0:
        room = [i for i in range(len(widths)) if widths[i] > floor[i]]
        if not room:
            break
        widest = max(room, key=lambda i: widths[i])
        widths[widest] -= 1
        excess -= 1
    return widths


def _narrowest(natural: list[int], columns: Sequence[str]) -> int:
    floors = [min(n, SHRINKABLE.get(c, n)) for n, c in zip(natural, columns, strict=True)]
    return sum(floors) + len(GAP) * (len(floors) - 1)


def _dropped(grid: list[list[str]], columns: Sequence[str], width: int | None) -> list[int]:
    """The columns kept: all of them unless the table cannot fit, then fewer: DROPPABLE first,
    then from the right, down to the first column (what names a row). `--wide` shows all."""
    keep = list(range(len(columns)))
    if width is None:
        return keep
    natural = {i: max(display_width(line[i]) for line in grid) for i in keep}

    def fits() -> bool:
        return _narrowest([natural[i] for i in keep], [columns[i] for i in keep]) <= width

    for name, needs in DROPPABLE:
        if fits():
            return keep
        if needs in [columns[i] for i in keep]:
            keep = [i for i in keep if columns[i] != name]
    while len(keep) > 1 and not fits():
        keep.pop()
    return keep


def as_the_stream_shows(grid: list[list[str]]) -> list[list[str]]:
    """The cells as standard output will write them: on a stream that is not UTF-8 (say
    PYTHONIOENCODING=latin-1) a character it cannot encode becomes `?` (see `ost.cli.main`), so
    a Hangul syllable takes one column, not two. Replaced here, before any width is measured."""
    import sys

    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    if encoding.lower().replace("-", "").replace("_", "") in ("utf8", "utf8sig"):
        return grid
    try:
        "".encode(encoding)
    except LookupError:
        return grid
    return [[text.encode(encoding, "replace").decode(encoding) for text in line] for line in grid]


def render(grid: list[list[str]], columns: Sequence[str], width: int | None) -> str:
    """A header, a rule and the rows, each cell padded (and shortened) to its column's width."""
    grid = as_the_stream_shows(grid)
    keep = _dropped(grid, columns, width)
    grid = [[line[i] for i in keep] for line in grid]
    columns = [columns[i] for i in keep]
    natural = [max(display_width(line[i]) for line in grid) for i in range(len(columns))]
    widths = fitted_widths(natural, columns, width)
    out = []
    for n, line in enumerate(grid):
        cells = []
        for i, value in enumerate(line):
            text = shorten(value, widths[i], keep=UNCERTAIN)
            padding = " " * (widths[i] - display_width(text))
            if n and columns[i] in COLOURED_COLUMNS:
                text = paint(value, text)
            cells.append(text + padding)
        out.append(GAP.join(cells).rstrip() + "\n")
        if n == 0:
            out.append(GAP.join("-" * w for w in widths) + "\n")
    return "".join(out)


def in_language(row: dict[str, Any], names: str) -> dict[str, Any]:
    """With ``names="en"``: the English title and romanised artists in the title and artists
    columns (each falling back to the catalogue's own where there is none)."""
    if names != "en":
        return row
    shown = dict(row)
    shown["title"] = row.get("title_en") or row.get("title")
    shown["artists"] = row.get("artists_en") or row.get("artists")
    return shown
