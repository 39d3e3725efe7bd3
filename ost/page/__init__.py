"""The companion page: one static, self-contained site (``index.html`` and its assets).

``data`` gathers what the page shows, ``timeline`` lays out the SVG, and the Jinja2 templates
(autoescaping on) write the HTML. The page loads nothing from the network and works from ``file://``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from ost import outfile
from ost.errors import OstError

HERE = Path(__file__).resolve().parent
ASSETS = ("ost-page.css", "ost-page.js")
GENERATOR = '<meta name="generator" content="ost '  # how a page ost wrote is recognised


@dataclass
class Built:
    index: Path
    seasons: int
    songs: int
    bytes: int  # index.html and its assets


def environment():  # type: ignore[no-untyped-def]
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every value is escaped unless a template says otherwise (none does)
        finalize=_harmless,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _harmless(value: object) -> object:
    """Every value the page shows, with control characters as visible text (``\\x1b[31m``), as
    tables show them: HTML escaping leaves them raw, and a terminal showing the file obeys them.
    Already-escaped markup (a macro's output) stays markup: the escapes add no HTML."""
    from markupsafe import Markup

    from ost.text import harmless, is_harmless

    if not isinstance(value, str) or is_harmless(value):
        return value
    return Markup(harmless(value)) if isinstance(value, Markup) else harmless(value)


def build(
    db: sqlite_utils.Database,
    out_dir: Path,
    seasons: tuple[int, ...] = (),
    show: str | None = None,
) -> Built:
    """Write the page into ``out_dir`` (created if needed). Files already there are replaced
    whole (each written to a temporary file first); nothing else in the folder is touched."""
    from ost.page import data

    if out_dir.exists() and not out_dir.is_dir():
        raise OstError(f"{out_dir}: exists and is not a folder")
    index = out_dir / "index.html"
    _refuse_special([index, *(out_dir / "assets" / name for name in ASSETS)])
    if index.exists() and not _ours(index):
        raise OstError(f"{index}: exists and was not written by ost page; choose another -o")
    out_dir.mkdir(parents=True, exist_ok=True)
    page = data.gather(db, out_dir, seasons, show)
    (out_dir / "assets").mkdir(exist_ok=True)
    for name in ASSETS:
        outfile.copy(HERE / "assets" / name, out_dir / "assets" / name)
    chunks = environment().get_template("index.html.j2").generate(page=page)
    outfile.write_text(index, chunks)
    size = index.stat().st_size + sum((out_dir / "assets" / n).stat().st_size for n in ASSETS)
    return Built(index, len(page.seasons), page.song_count, size)


def _ours(index: Path) -> bool:
    """Whether an existing index.html is a page ost wrote (it names ost as its generator)."""
    try:
        with index.open("rb") as f:
            return GENERATOR.encode() in f.read(4096)
    except OSError:
        return False


def _refuse_special(files: list[Path]) -> None:
    """A page is a site of regular files: a pipe or device where one of them goes is someone
    else's, and is neither read (to see whether the page is ost's) nor written."""
    for path in files:
        if outfile.is_special(path):
            raise OstError(f"{path}: exists and is not a regular file; choose another -o")
