"""User-facing paths of the shows and YouTube Music work that no other test walks: the network
lost during `ost discover --show KEY` (YouTube Music's search, album and artist reads; Spotify's
search and album reads), a 429 on YouTube Music's album reads, a headers file that is not headers
(invalid UTF-8, binary, huge), and a show added but not yet discovered (a season with no tracks)
exported, synced, paged and matched. Each runs ost as a user does and checks what they see: the
exit code, one error line, no traceback, and nothing half-written."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from fakespotify import FakeSpotify
from fakespotify.shows import LAUNDRY_KEY
from fakeytmusic import FakeYTMusicService, raw_headers
from helpers.results import as_json, ok, tracks
from helpers.shows import add_laundry

from ost.ytmusic import client as ytmusic_client
from ost.ytmusic.auth import HeadersFile

KEY = LAUNDRY_KEY
YT = ("--service", "ytmusic")


def counts(ost_home: Path) -> tuple[int, int]:
    """The catalogue's tracks and the albums judged so far: what a discovery would write."""
    db = sqlite3.connect(ost_home / "ost.db")
    try:
        return (
            db.execute("select count(*) from tracks").fetchone()[0],
            db.execute("select count(*) from album_verdicts").fetchone()[0],
        )
    finally:
        db.close()


def failed_with(result, words: str) -> str:
    """A run that stopped with exit 1 and no traceback, its last line the error naming ``words``."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    last: str = result.output.strip().splitlines()[-1]
    assert last.startswith("Error: ") and words in last, result.output
    return last


@pytest.fixture
def quick_ytmusic(monkeypatch: pytest.MonkeyPatch) -> None:
    """YouTube Music's retries wait hundredths of a second instead of 0.5 s, 1 s, 2 s."""
    monkeypatch.setattr(ytmusic_client, "BACKOFF_S", (0.01, 0.02, 0.04))


# --- no network during `ost discover --show KEY --service ytmusic` -------------------------------
@pytest.mark.parametrize(
    ("method", "during"),
    [
        ("search", "during an album search (en)"),
        ("get_album", "during reading an album"),
        ("get_artist", "during reading an artist"),
    ],
)
def test_youtube_music_unreachable_during_discovery_is_one_line_and_adds_nothing(
    run, fake_ytmusic: FakeYTMusicService, quick_ytmusic, ost_home: Path, method: str, during: str
) -> None:
    fake_ytmusic.stock_laundry_ost()
    add_laundry(run)
    before = counts(ost_home)
    fake_ytmusic.lose(method, times=None)
    result = run("discover", "--show", KEY, "--add", *YT)
    last = failed_with(result, "could not reach YouTube Music")
    assert during in last and last.endswith("ConnectionError after 4 attempts")
    assert [c["outcome"] for c in fake_ytmusic.calls(method)] == ["lost"] * 4  # tried, then stopped
    assert counts(ost_home) == before
    assert tracks(run, "--show", KEY) == []


def test_a_429_on_youtube_musics_album_reads_stops_discovery_within_max_wait(
    run, fake_ytmusic: FakeYTMusicService, ost_home: Path
) -> None:
    fake_ytmusic.stock_laundry_ost()
    add_laundry(run)
    before = counts(ost_home)
    fake_ytmusic.fail("get_album", status=429, times=None)
    result = run("discover", "--show", KEY, "--add", *YT, "--max-wait", "0.2")
    failed_with(result, "more than --max-wait 0.2 s allows")
    assert len(fake_ytmusic.calls("get_album")) == 1  # no second try past the bound
    assert counts(ost_home) == before


def test_discovery_on_youtube_music_runs_again_after_the_network_returns(
    run, fake_ytmusic: FakeYTMusicService, quick_ytmusic, ost_home: Path
) -> None:
    """The failed run left nothing that stops the next one: it adds the show's songs."""
    stocked = fake_ytmusic.stock_laundry_ost()
    add_laundry(run)
    fake_ytmusic.lose("get_album", times=None)
    assert run("discover", "--show", KEY, "--add", *YT).exit_code == 1
    with fake_ytmusic.store.transaction() as state:
        state["faults"] = []
    out = as_json(run("discover", "--show", KEY, "--add", *YT, "--json"))
    [season] = out["seasons"]
    assert {a["id"] for a in season["accepted"]} == set(stocked.releases)
    assert len(tracks(run, "--show", KEY)) == len(season["added"]) > 0


# --- no network during `ost discover --show KEY` on Spotify --------------------------------------
@pytest.mark.parametrize(
    ("path", "during"),
    [
        (r"/v1/search", "during an album search"),
        (r"/v1/albums", "during reading an album's tracks"),
    ],
)
def test_spotify_unreachable_during_show_discovery_is_one_line_and_adds_nothing(
    run, shows_fake: FakeSpotify, ost_home: Path, path: str, during: str
) -> None:
    add_laundry(run)
    before = counts(ost_home)
    shows_fake.inject("GET", path, drop="before", times=None)
    result = run("discover", "--show", KEY, "--add")
    last = failed_with(result, "could not reach Spotify")
    assert during in last and last.endswith("ConnectionError after 4 attempts")
    assert counts(ost_home) == before
    assert shows_fake.writes() == []


# --- a headers file that is not headers ----------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"cookie: \xff\xfe bad\n", ":1: not valid UTF-8 (byte 0xff)"),
        (b"\x00" * 512, "the headers lack cookie, x-goog-authuser, authorization;"),
        (b"cookie: a\n" * 30_000, "300000 bytes is over the 65536 byte limit"),
    ],
    ids=["invalid-utf8", "binary", "huge"],
)
def test_a_bad_headers_file_is_one_line_naming_it_and_keeps_the_login_there_was(
    run, fake_ytmusic: FakeYTMusicService, tmp_path: Path, data: bytes, words: str
) -> None:
    good = tmp_path / "good.txt"
    good.write_text(raw_headers(), encoding="utf-8")
    ok(run("login", "--service", "ytmusic", "--headers", str(good)))
    kept = HeadersFile().load()
    bad = tmp_path / "bad.txt"
    bad.write_bytes(data)
    result = run("login", "--service", "ytmusic", "--headers", str(bad))
    last = failed_with(result, words)
    assert last.startswith(f"Error: {bad}")
    assert len(result.output.strip().splitlines()) == 1
    assert HeadersFile().load() == kept  # the login already kept is neither lost nor changed


def test_a_bad_headers_file_with_no_login_before_keeps_none(run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\xff\x00")
    failed_with(run("login", "--service", "ytmusic", "--headers", str(bad)), str(bad))
    assert not HeadersFile().present()


# --- a show added, its season not yet discovered (no tracks) -------------------------------------
@pytest.mark.parametrize("service", [(), YT], ids=["spotify", "ytmusic"])
def test_an_empty_season_exports_an_empty_playlist_and_says_so(
    run, shows_fake: FakeSpotify, tmp_path: Path, service: tuple[str, ...]
) -> None:
    add_laundry(run)
    m3u = ok(run("export", "m3u", "--show", KEY, *service))
    assert m3u.stdout.splitlines() == ["#EXTM3U", "#PLAYLIST:Starlight Laundry OST"]
    assert m3u.stderr.startswith("Wrote 0 of 0 tracks")
    out = tmp_path / "laundry.json"
    ok(run("export", "json", "--show", KEY, *service, "-o", str(out)))
    assert json.loads(out.read_text(encoding="utf-8"))["entries"] == []


@pytest.mark.parametrize("service", [(), YT], ids=["spotify", "ytmusic"])
def test_an_empty_season_syncs_no_playlist_and_says_why(
    run, shows_fake: FakeSpotify, fake_ytmusic: FakeYTMusicService, service: tuple[str, ...]
) -> None:
    add_laundry(run)
    shows_fake.reset_log()
    fake_ytmusic.forget_calls()
    synced = ok(run("playlist", "sync", "--show", KEY, *service))
    assert synced.stdout.strip() == (
        "Starlight Laundry OST: no track has an accepted match; nothing created or changed"
    )
    assert shows_fake.writes() == [] and fake_ytmusic.playlists() == {}


def test_an_empty_season_pages_as_no_songs(run, shows_fake: FakeSpotify, tmp_path: Path) -> None:
    add_laundry(run)
    folder = tmp_path / "page"
    paged = ok(run("page", "--show", KEY, "-o", str(folder)))
    assert paged.stdout.startswith(f"Wrote {folder / 'index.html'} (0 songs, 1 season,")
    assert (folder / "index.html").is_file()


@pytest.mark.parametrize(
    ("service", "name"), [((), "Spotify"), (YT, "YouTube Music")], ids=["spotify", "ytmusic"]
)
def test_an_empty_season_matches_nothing_and_asks_nothing(
    run,
    shows_fake: FakeSpotify,
    fake_ytmusic: FakeYTMusicService,
    ost_home: Path,
    service: tuple[str, ...],
    name: str,
) -> None:
    add_laundry(run)
    before = counts(ost_home)
    shows_fake.reset_log()
    fake_ytmusic.forget_calls()
    matched = ok(run("match", "--show", KEY, *service))
    assert matched.stderr.strip().startswith("Looked for 0 tracks: 0 auto, 0 review, 0 none;")
    assert f"{name} requests: 0," in matched.stderr
    assert shows_fake.log == [] and fake_ytmusic.calls() == []
    assert counts(ost_home) == before
