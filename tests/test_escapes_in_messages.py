"""A title holding terminal escapes: found by the words a terminal shows, and shown harmlessly
in every message that names it (as tables show it)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

EVIL = "\x1b[2J\x1b[31mEvil Title"


def _import(run, tmp_path: Path) -> None:
    path = tmp_path / "evil.csv"
    path.write_text(f"season,title,artist\n2,{EVIL},K\n2,Evil Twin,K\n", encoding="utf-8")
    assert run("import", str(path)).exit_code == 0


def test_messages_naming_a_title_with_escapes_show_them_harmlessly(tmp_path: Path, run) -> None:
    _import(run, tmp_path)
    several = run("show", "evil")
    assert several.exit_code != 0 and "names several tracks" in several.output, several.output
    missed = run("show", "evill titel")
    assert "Did you mean" in missed.output, missed.output
    for result in (several, missed):
        assert "\x1b" not in result.output
        assert "\\x1b[2J\\x1b[31mEvil Title" in result.output


def test_a_reference_with_escapes_is_echoed_harmlessly(run) -> None:
    result = run("show", "\x1b]0;pwned\x07nothing-like-this")
    assert result.exit_code != 0 and "\x1b" not in result.output and "\x07" not in result.output
    assert "\\x1b]0;pwned\\x07" in result.output


def test_a_title_with_escapes_is_found_by_its_visible_words(tmp_path: Path, run) -> None:
    _import(run, tmp_path)
    for reference in ("evil title", "Evil Title", "title evil"):
        result = run("show", reference)
        assert result.exit_code == 0, result.output
        assert result.output.startswith("s2-user1 "), result.output


def test_a_catalogue_folded_before_keeps_finding_such_titles(
    tmp_path: Path, run, ost_home: Path
) -> None:
    _import(run, tmp_path)
    conn = sqlite3.connect(ost_home / "ost.db")
    with conn:  # the lookups as the earlier fold made them, and the migration not yet run
        conn.execute("delete from title_keys where track_id = 's2-user1'")
        conn.execute("delete from title_words where track_id = 's2-user1'")
        conn.execute("insert into title_keys values ('2j31meviltitle', 's2-user1')")
        conn.execute("insert into title_words values ('31mevil', '2j31meviltitle', 's2-user1')")
        conn.execute("delete from _sqlite_migrations where name = 'm011_visible_title_keys'")
    conn.close()
    result = run("show", "evil title")
    assert result.exit_code == 0 and result.output.startswith("s2-user1 "), result.output


# Unicode's Bidi_Control property, every character of it (PropList.txt).
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_every_bidi_control_is_shown_not_obeyed_in_a_table(run, tmp_path: Path) -> None:
    from ost.text import harmless

    for ch in BIDI_CONTROLS:
        assert harmless(f"a{ch}b") == f"a\\u{ord(ch):04x}b"
    path = tmp_path / "bidi.csv"
    path.write_text("season,title,artist\n2,Arabic\u061cmark,K\n", encoding="utf-8")
    assert run("import", str(path)).exit_code == 0
    shown = run("tracks", "--season", "2").stdout
    assert "\u061c" not in shown and "Arabic\\u061cmark" in shown


# --- an over-long argument is not repeated whole -----------------------------------------------

HUGE = "start" + "b" * 5000 + "end"
HUGE_ARGS = {
    "show": ("show", HUGE),
    "pin": ("pin", "s1-01", HUGE),
    "import": ("import", HUGE),
    "playlist-show": ("playlist", "show", HUGE),
    "library-scan": ("library", "scan", HUGE),
    "export-o": ("export", "m3u", "--season", "1", "-o", f"/nonexistent/{HUGE}"),
    "page-o": ("page", "-o", f"/nonexistent/{HUGE}"),
    "bad-int": ("tracks", "--season", HUGE),
    "extra-arg": ("review", HUGE),
    "no-command": (HUGE,),
    "no-option": (f"--{HUGE}",),
}


@pytest.mark.parametrize("args", HUGE_ARGS.values(), ids=list(HUGE_ARGS))
def test_an_over_long_argument_is_shortened_in_the_error(run, args) -> None:
    result = run(*args)
    assert result.exit_code in (1, 2) and "Traceback" not in result.output
    assert len(result.output) < 800, len(result.output)
    assert "start" in result.output and "…" in result.output and "b" * 200 not in result.output


def test_a_usage_error_on_a_terminal_shows_an_escape_sequence_harmlessly(ost_home) -> None:
    """click strips escapes only when the stream is no terminal: so, on a pseudo-terminal."""
    from helpers.terminal import run_on_terminal

    proc, seen = run_on_terminal(
        ["review", "\x1b[2J\x1b]0;pwned\x07"],
        {"OST_HOME": str(ost_home)},
        streams=("stdout", "stderr"),
    )
    assert proc.returncode == 2, seen
    assert "\x1b" not in seen and "\x07" not in seen and "(\\x1b[2J\\x1b]0;pwned\\x07)" in seen
