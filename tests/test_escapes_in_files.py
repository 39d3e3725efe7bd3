"""Titles and names holding control characters never reach a file raw: m3u, XSPF, JSON and the
page are as safe to `cat` as a table is to show, whatever the catalogue holds (an import, an older
ost that imported a NUL, a file's tags). JSON keeps the values exactly, as escapes."""

from __future__ import annotations

import json
import sqlite3
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ost.writers import Entry, render_json, render_m3u, render_xspf

TITLE = "Red\u001b[31m Alert\u0007 \u009b2J\u202eend\u007f"
ARTIST = "가수\u001b]0;pwned\u0007"
PLAIN = "Plain Song"
URI = "spotify:track:4uLU6hMCjMI75M1A2tKUQC"
# What a terminal obeys rather than shows: every control character (a file's own line breaks
# aside) and the bidi controls.
BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def obeyed(text: str) -> list[str]:
    """The characters of a file a terminal would act on rather than show."""
    return [ch for ch in text if ch in BIDI or (unicodedata.category(ch) == "Cc" and ch != "\n")]


def _import(run, tmp_path: Path) -> None:
    records = [
        {"season": 2, "title": TITLE, "artist": [ARTIST]},  # a list: ";" is no separator
        {"season": 2, "title": f"{TITLE} two", "artist": [ARTIST]},
    ]
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 0, result.output
    assert run("pin", "s2-user1", URI).exit_code == 0  # one resolved (#EXTINF), one not


def _write_all(run, tmp_path: Path) -> dict[str, str]:
    """Every file ost writes from the catalogue's names, as text."""
    out = {}
    for fmt in ("m3u8", "xspf", "json"):
        path = tmp_path / f"s2.{fmt}"
        result = run("export", "--season", "2", "-o", str(path))
        assert result.exit_code == 0, result.output
        out[fmt] = path.read_text(encoding="utf-8")
    result = run("page", "-o", str(tmp_path / "page"))
    assert result.exit_code == 0, result.output
    out["page"] = (tmp_path / "page" / "index.html").read_text(encoding="utf-8")
    return out


def test_imported_escapes_reach_no_file_raw(run, tmp_path: Path) -> None:
    _import(run, tmp_path)
    files = _write_all(run, tmp_path)
    for name, text in files.items():
        assert obeyed(text) == [], name
    m3u = files["m3u8"].splitlines()
    extinf = next(line for line in m3u if line.startswith("#EXTINF"))
    assert "\\x1b[31m Alert\\x07 \\x9b2J\\u202eend\\x7f" in extinf and "\\x1b]0;pwned" in extinf
    unresolved = [line for line in m3u if line.startswith("# unresolved")]
    assert any("\\x1b[31m Alert" in line and " two " in line for line in unresolved)
    titles = [t.text for t in ET.fromstring(files["xspf"]).iter("{http://xspf.org/ns/0/}title")]
    assert "Red\\x1b[31m Alert\\x07 \\x9b2J\\u202eend\\x7f" in titles
    exported = json.loads(files["json"])["entries"]
    assert {TITLE, f"{TITLE} two"} <= {e["title"] for e in exported}  # exactly, as escapes
    assert all(e["artists"] == [ARTIST] for e in exported if e["track_id"].startswith("s2-user"))
    assert "Red\\x1b[31m Alert" in files["page"]


def test_what_an_older_ost_stored_is_written_safely_too(run, tmp_path: Path, ost_home) -> None:
    _import(run, tmp_path)
    conn = sqlite3.connect(ost_home / "ost.db")
    with conn:  # a NUL and a bell, as an import before this check let through
        conn.execute("update tracks set title = ? where id = 's2-user1'", ["N\x00L\x1b[2J"])
        conn.execute("update tracks set title = ? where id = 's2-user2'", ["B\x07ell\x1bc"])
        changed = conn.execute(
            "update artists set name = ? where name = ?", ["A\x00\x9b1m", ARTIST]
        )
        assert changed.rowcount == 1
    conn.close()
    files = _write_all(run, tmp_path)
    for name, text in files.items():
        assert obeyed(text) == [], name
    assert "#EXTINF:-1,A\\x00\\x9b1m - N\\x00L\\x1b[2J" in files["m3u8"]
    assert "# unresolved: A\\x00\\x9b1m - B\\x07ell\\x1bc" in files["m3u8"]
    entries = {e["track_id"]: e for e in json.loads(files["json"])["entries"]}
    assert entries["s2-user1"]["title"] == "N\x00L\x1b[2J"  # exactly, as JSON escapes


def test_json_output_on_a_terminal_keeps_values_as_escapes(run, tmp_path: Path) -> None:
    _import(run, tmp_path)
    for args in (("tracks", "--season", "2", "--json"), ("tracks", "--season", "2", "--nl")):
        out = run(*args).stdout
        assert obeyed(out) == [], args
        assert TITLE in out.replace("\\u001b", "\x1b").replace("\\u0007", "\x07").replace(
            "\\u009b", "\x9b"
        ).replace("\\u202e", "\u202e").replace("\\u007f", "\x7f")
    rows = json.loads(run("tracks", "--season", "2", "--json").stdout)
    assert TITLE in {r["title"] for r in rows}


def test_a_nul_in_imported_text_is_one_line_naming_file_and_line(run, tmp_path: Path) -> None:
    path = tmp_path / "nul.json"
    path.write_text(
        '[\n{"season": 2, "title": "ok", "artist": "K"},\n'
        '{"season": 2, "title": "a\\u0000b", "artist": "K"}\n]\n',
        encoding="utf-8",
    )
    result = run("import", str(path))
    assert result.exit_code != 0
    assert "nul.json:3: 'title' contains a NUL character" in result.output
    assert "Traceback" not in result.output and "\x00" not in result.output
    assert "ok" not in run("tracks", "--season", "2").stdout.split()  # nothing half-written


@pytest.mark.parametrize(
    "location",
    [
        "/music/\x1b[31mred.mp3",
        "/music/a\x00b.mp3",
        "/music/\u202ereversed.mp3",
        "/music/\u061cmarked.mp3",
    ],
    ids=["esc", "nul", "bidi", "arabic-letter-mark"],
)
def test_a_location_with_control_characters_is_written_as_a_file_uri(location: str) -> None:
    from urllib.parse import unquote, urlparse

    entry = Entry("t", "T", ("A",), 10, location)
    m3u = render_m3u([entry], relative_to=Path("/music"))
    [uri] = [line for line in m3u.splitlines() if not line.startswith("#")]
    assert uri.startswith("file://") and unquote(urlparse(uri).path) == location
    for text in (m3u, render_xspf([entry]), render_json([entry])):
        assert obeyed(text) == []
    assert json.loads(render_json([entry]))["entries"][0]["location"] == location


def test_a_link_with_control_characters_is_percent_encoded() -> None:
    entry = Entry("t", "T", (), 10, "https://open.spotify.com/track/x\x1b[31m")
    for text in (render_m3u([entry]), render_xspf([entry])):
        assert obeyed(text) == [] and "x%1B[31m" in text


# --- the same class on the terminal: lines that printed a name without the table's care -----------


def test_a_playlist_name_with_escapes_is_shown_not_obeyed(run, tmp_path: Path, ost_home) -> None:
    (ost_home / "playlists").mkdir(parents=True)
    (ost_home / "playlists" / "mine.toml").write_text(
        'name = "Mine\\u001b[2J\\u202e"\n[select]\nseasons = [1]\n', encoding="utf-8"
    )
    shown = run("playlist", "show", "mine").output
    assert obeyed(shown) == [] and "Mine\\x1b[2J\\u202e" in shown
    m3u = run("export", "m3u", "mine", "-o", "-").output
    assert obeyed(m3u) == [] and "#PLAYLIST:Mine\\x1b[2J\\u202e" in m3u


def test_the_spotify_display_name_is_shown_not_obeyed(run, fake_spotify, monkeypatch) -> None:
    from ost.spotify import login as flow

    fake_spotify.display_name = "Evil\x1b]0;pwned\x07"
    attempt = flow.Attempt(flow.client_id(), flow.redirect_uri(), "v" * 64, "known-state")
    monkeypatch.setattr(flow.Attempt, "new", classmethod(lambda cls, *a: attempt))
    pasted = fake_spotify.user_authorize(attempt.authorize_url()) + "\n"
    result = run("login", "--no-browser", input=pasted)
    assert result.exit_code == 0, result.output
    assert obeyed(result.output) == [] and "as Evil\\x1b]0;pwned\\x07" in result.output
    status = run("status").output
    assert obeyed(status) == [] and "stored for Evil\\x1b]0;pwned\\x07" in status
