"""Shows and services together (issues 19 and 18): a show a user added (Starlight Laundry, made
up: tests/fakespotify/shows.py; two of its songs on YouTube Music, tests/fakeytmusic/shows.py) is
matched, listed, decided, exported and synced on YouTube Music with `--show` and `--service`
given together; what is done for one show, or on one service, never touches another's."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from fakespotify import FakeSpotify
from fakespotify.shows import LAUNDRY_EN, LAUNDRY_KEY, LAUNDRY_TRACKS
from fakeytmusic import FakeYTMusicService, StockedSong
from helpers.catalogue import proposed_on_ytmusic
from helpers.results import as_json, ok, tracks

from ost.decisions import Status
from ost.ytmusic.auth import HeadersFile

KEY = LAUNDRY_KEY
YT = ("--service", "ytmusic")
WATCH = "https://music.youtube.com/watch?v="
WRITES = {"create_playlist", "add_playlist_items", "remove_playlist_items", "edit_playlist"}

Rows = dict[tuple[str, str], dict[str, Any]]


def matches(ost_home: Path) -> Rows:
    """Every match row, by (track, service), as stored."""
    db = sqlite3.connect(ost_home / "ost.db")
    db.row_factory = sqlite3.Row
    try:
        return {(r["track_id"], r["service"]): dict(r) for r in db.execute("select * from matches")}
    finally:
        db.close()


def changed(before: Rows, after: Rows) -> set[tuple[str, str]]:
    """The (track, service) rows added, removed or changed."""
    return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


@pytest.fixture
def on_yt(run, laundry, fake_ytmusic: FakeYTMusicService) -> tuple[StockedSong, ...]:
    """Starlight Laundry discovered on Spotify, then matched on YouTube Music (that show only)."""
    songs = fake_ytmusic.stock_laundry()
    ok(run("match", "--show", KEY, *YT))
    return songs


def test_another_show_is_matched_on_youtube_music_and_nothing_else(
    run, laundry, fake_ytmusic: FakeYTMusicService, ost_home: Path
) -> None:
    songs = fake_ytmusic.stock_laundry()
    before = matches(ost_home)
    looked = as_json(run("match", "--show", KEY, *YT, "--json"))
    assert [o["show"] for o in looked] == [KEY] * len(LAUNDRY_TRACKS)
    taken = {o["id"]: o["uri"] for o in looked if o["status"] == Status.AUTO}
    assert taken == {s.track_id: s.right for s in songs}  # not its music video nor a lyric upload
    assert {o["status"] for o in looked if o["id"] not in taken} == {Status.NONE}
    after = matches(ost_home)
    assert changed(before, after) == {(o["id"], "ytmusic") for o in looked}  # Spotify's kept
    assert {t for t, service in after if service == "ytmusic"} == {o["id"] for o in looked}
    again = ok(run("match", "--show", KEY, *YT))
    assert "YouTube Music requests: 0," in again.stderr
    assert not [c for c in fake_ytmusic.calls() if c["method"] in WRITES]


def test_tracks_of_another_show_carry_their_show_and_every_service(
    run, on_yt: tuple[StockedSong, ...]
) -> None:
    listed = {t["id"]: t for t in tracks(run, "--show", KEY)}
    assert {t["show"] for t in listed.values()} == {KEY}
    for song in on_yt:
        services = listed[song.track_id]["services"]
        assert services["ytmusic"] == {
            "status": "auto",
            "id": song.right,
            "url": WATCH + song.right,
        }
        spotify = listed[song.track_id]["spotify_uri"]
        assert services["spotify"] == {
            "status": "auto",
            "id": spotify,
            "url": "https://open.spotify.com/track/" + spotify.rsplit(":", 1)[-1],
        }
    stocked = {s.track_id for s in on_yt}
    others = [t["services"]["ytmusic"] for i, t in listed.items() if i not in stocked]
    assert others and all(m == {"status": "none", "id": None, "url": None} for m in others)
    bundled = tracks(run, "--show", "soundtrack")
    assert all(t["services"]["ytmusic"]["status"] is None for t in bundled)
    rows = list(csv.DictReader(io.StringIO(ok(run("tracks", "--show", KEY, "--csv")).stdout)))
    first = next(r for r in rows if r["id"] == on_yt[0].track_id)
    assert (first["show"], first["ytmusic_id"], first["spotify_status"]) == (
        KEY,
        on_yt[0].right,
        "auto",
    )
    auto = re.compile(r"\bauto\b")
    assert len(auto.findall(ok(run("tracks", "--show", KEY, *YT)).stdout)) == len(on_yt)
    assert len(auto.findall(ok(run("tracks", "--show", KEY)).stdout)) == len(LAUNDRY_TRACKS)


def test_an_export_and_a_plan_of_another_show_link_youtube_music(
    run, on_yt: tuple[StockedSong, ...], tmp_path: Path
) -> None:
    out = tmp_path / "laundry.m3u8"
    ok(run("export", "m3u", "--show", KEY, *YT, "-o", str(out), "--links-only"))
    links = [line for line in out.read_text(encoding="utf-8").splitlines() if "://" in line]
    assert links == [WATCH + s.right for s in on_yt]  # release order
    [plan] = as_json(run("playlist", "show", "--show", KEY, *YT, "--json"))
    assert plan["key"] == f"{KEY}-1"
    resolved = {e["id"]: (e["uri"], e["url"]) for e in plan["entries"] if e["uri"]}
    assert resolved == {s.track_id: (s.right, WATCH + s.right) for s in on_yt}
    spotify = as_json(run("playlist", "show", "--show", KEY, "--json"))[0]["entries"]
    assert all(e["resolves_to"] == "spotify" for e in spotify)  # the same plan on Spotify


def test_a_youtube_music_sync_keeps_the_shows_season_playlist(
    run,
    on_yt: tuple[StockedSong, ...],
    fake_ytmusic: FakeYTMusicService,
    shows_fake: FakeSpotify,
    ost_home: Path,
) -> None:
    HeadersFile().save(fake_ytmusic.auth())
    shows_fake.reset_log()
    ok(run("playlist", "sync", "--show", KEY, *YT))
    [(pid, playlist)] = fake_ytmusic.playlists().items()
    assert (playlist["title"], playlist["privacy"]) == (f"{LAUNDRY_EN} OST", "PRIVATE")
    assert f"[ost:{KEY}-1]" in playlist["description"]
    assert fake_ytmusic.items(pid) == [s.right for s in on_yt]
    assert shows_fake.log == [] and shows_fake.playlists == {}  # Spotify was not asked
    fake_ytmusic.forget_calls()
    ok(run("playlist", "sync", "--show", KEY, *YT))
    assert not [c for c in fake_ytmusic.calls() if c["method"] in WRITES]  # already right
    db = sqlite3.connect(ost_home / "ost.db")
    query = "select service, name, playlist_id from remote_playlists"
    assert db.execute(query).fetchall() == [("ytmusic", f"{KEY}-1", pid)]
    done = ok(run("shows", "remove", KEY, "--yes"))
    assert "1 playlist record" in done.stdout
    assert db.execute(query).fetchall() == []
    db.close()
    assert pid in fake_ytmusic.playlists()  # the playlist stays on the service, as it is


def test_status_of_a_show_gives_both_services_and_its_own_last_sync(
    run, on_yt: tuple[StockedSong, ...], fake_ytmusic: FakeYTMusicService, ost_home: Path
) -> None:
    HeadersFile().save(fake_ytmusic.auth())
    synced = ok(run("playlist", "sync", "--show", KEY, *YT)).stdout
    n = len(LAUNDRY_TRACKS) - len(on_yt)
    [line] = [x for x in synced.splitlines() if "no accepted match" in x]
    assert line.startswith(f"{n} tracks have no accepted match: {KEY}:s1-02 ")
    assert line.count(f"{KEY}:s1-") == 3  # the first few named, the rest counted
    assert f"; and {n - 3} more (`ost playlist show {KEY}-1 --service ytmusic` lists them)" in line
    assert line.endswith(  # rated none: searched already, so no `ost match` as if it was not
        " — not found on YouTube Music: `ost show ID` names the closest candidate (`ost accept "
        f"ID URI --service ytmusic` takes it), `ost match --refresh --service ytmusic --show {KEY}` "
        "searches again"
    )
    mine = as_json(run("status", "--show", KEY, "--json"))
    assert mine["services"]["ytmusic"]["last_sync"] and mine["ytmusic"]["last_sync"]
    bundled = as_json(run("status", "--show", "soundtrack", "--json"))
    assert bundled["services"]["ytmusic"]["last_sync"] is None  # no playlist of its synced
    assert bundled["services"]["ytmusic"]["last_match"] is None  # nor matched there
    [season] = mine["seasons"]
    n = len(LAUNDRY_TRACKS)
    assert season["services"]["spotify"] == {"auto": n}
    assert season["services"]["ytmusic"] == {"auto": len(on_yt), "none": n - len(on_yt)}
    text = ok(run("status", "--show", KEY)).stdout
    assert f"season 1     {n} tracks\n  spotify    {n} auto\n  ytmusic    {len(on_yt)} auto" in text
    db = sqlite3.connect(ost_home / "ost.db")
    with db:  # the sync was a while ago: a decision made now comes after it
        db.execute("update remote_playlists set synced_at = '2026-01-01T00:00:00+00:00'")
    db.close()
    ok(run("reject", on_yt[0].track_id, *YT))
    steps = as_json(run("status", "--show", KEY, "--json"))["next"]
    assert f"`ost match --service ytmusic --show {KEY}`: 1 track to look for" in steps
    assert (
        f"`ost playlist sync --service ytmusic --show {KEY}`: matches changed since the last sync"
        in steps
    )


def test_decisions_on_one_show_and_service_touch_no_other(
    run, on_yt: tuple[StockedSong, ...], ost_home: Path
) -> None:
    first, fourth = on_yt
    second = f"{KEY}:s1-02"

    def only(track_id: str, service: str, *command: str) -> None:
        before = matches(ost_home)
        ok(run(*command))
        assert changed(before, matches(ost_home)) == {(track_id, service)}, command

    only(first.track_id, "ytmusic", "reject", first.track_id, *YT)
    assert matches(ost_home)[first.track_id, "spotify"]["status"] == Status.AUTO
    only(second, "ytmusic", "pin", second, WATCH + "fakeWlPIN01", *YT)
    proposed_on_ytmusic(fourth.track_id, fourth.music_video, fourth.right, "the music video")
    waiting = as_json(run("review", "--show", KEY, *YT, "--json"))
    assert fourth.track_id in {r["id"] for r in waiting}
    assert {r["show"] for r in waiting} == {KEY}
    assert as_json(run("review", "--show", "soundtrack", *YT, "--json")) == []
    assert as_json(run("review", "--show", KEY, "--json")) == []  # nothing waits on Spotify
    only(fourth.track_id, "ytmusic", "accept", fourth.track_id, "2", *YT)
    accepted = matches(ost_home)[fourth.track_id, "ytmusic"]
    assert (accepted["status"], accepted["uri"]) == (Status.ACCEPTED, fourth.right)
    only(fourth.track_id, "spotify", "reject", fourth.track_id)  # Spotify's, on its own
    only(second, "ytmusic", "unpin", second, *YT)
    rows = matches(ost_home)
    assert (second, "ytmusic") not in rows and rows[second, "spotify"]["status"] == Status.AUTO


def test_the_page_of_another_show_links_its_songs_on_both_services(
    run, on_yt: tuple[StockedSong, ...], tmp_path: Path
) -> None:
    ok(run("page", "-o", str(tmp_path / "site"), "--show", KEY))
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    for song in on_yt:
        assert f'class="ytmusic" href="{WATCH}{song.right}"' in html
    assert html.count('class="ytmusic"') == len(on_yt)  # the songs found there, only
    assert html.count('class="spotify"') == len(LAUNDRY_TRACKS)  # every song is on Spotify
    assert "사랑은 말로" not in html  # the bundled show is not on this page


# --- decisions name the track and its show (fresh-user trial 2) --------------------------------


def test_pinning_another_shows_recording_on_a_bare_id_warns(
    run, on_yt: tuple[StockedSong, ...], ost_home: Path
) -> None:
    theirs = on_yt[0]
    wrong = ok(run("pin", "s1-01", WATCH + theirs.right, *YT))
    assert f"Pinned {theirs.right} for s1-01 (" in wrong.stdout and "show" not in wrong.stdout
    assert "note: ost's scorer would not have chosen it" in wrong.stderr
    assert matches(ost_home)[("s1-01", "ytmusic")]["name_ko"]  # what ost knew is kept with it
    # the same pin scoped to the show is its own track's, and the scorer has nothing against it
    right = ok(run("pin", "s1-01", theirs.right, "--show", LAUNDRY_EN, *YT))
    assert f"Pinned {theirs.right} for {theirs.track_id} (" in right.stdout
    assert f"show 별빛 세탁소 / {LAUNDRY_EN}) on YouTube Music." in right.stdout
    assert "would not have chosen" not in right.stderr


def test_an_unknown_recording_is_pinned_without_a_note(run, on_yt) -> None:
    pinned = ok(run("pin", "s1-01", "fakeUnknown", *YT))
    assert "Pinned fakeUnknown for s1-01 (" in pinned.stdout
    assert "would not have chosen" not in pinned.stderr


def test_every_decision_names_the_track_and_its_show(run, on_yt) -> None:
    song = on_yt[0]
    named = f"{song.track_id} ("
    show = f"; show 별빛 세탁소 / {LAUNDRY_EN})"
    for args in (("reject",), ("accept", song.right), ("pin", song.right), ("unpin",)):
        said = ok(run(args[0], "s1-01", *args[1:], "--show", KEY, *YT)).stdout
        assert named in said and show in said, (args, said)
    assert ok(run("show", "s1-01", "--show", KEY, "--json")).stdout.count(song.track_id) >= 1
