"""`ost playlist sync --service ytmusic` against the YouTube Music stand-in (tests/fakeytmusic):
one private playlist kept exact through re-runs in separate `ost` processes, edits made in the
app, lost answers, a 400, an ended session and a service that puts a music video in place of a
song. What was written is read from the stand-in's call log: a run with nothing to change
sends no write at all."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from fakeytmusic import FakeYTMusicService

from ost import catalogue, decisions
from ost import sync as core
from ost.service import ServiceName
from ost.ytmusic import service as yt_service
from ost.ytmusic.auth import HeadersFile

YT = ServiceName.YTMUSIC
SONGS = ("s1-01", "s1-02", "s1-03", "s1-04", "s1-05", "s1-06", "s1-07")
MARKER = "[ost:soundtrack-1]"
WRITES = frozenset(
    {
        "create_playlist",
        "add_playlist_items",
        "remove_playlist_items",
        "edit_playlist",
        "delete_playlist",
    }
)


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yt_service, "CONFLICT_WAITS_S", (0.0, 0.0))


@pytest.fixture
def fake(fake_ytmusic: FakeYTMusicService, ost_home: Path) -> FakeYTMusicService:
    """Logged in (the stored headers the stand-in knows), season 1 accepted on YouTube Music."""
    HeadersFile().save(fake_ytmusic.auth())
    pin_season_one(fake_ytmusic)
    fake_ytmusic.forget_calls()
    return fake_ytmusic


def wanted(fake: FakeYTMusicService) -> list[str]:
    """Season 1's audio tracks in catalogue order: what the playlist must hold."""
    by_id = {s.track_id: s for s in fake.songs}
    return [min(by_id[t].right) for t in SONGS]


def pin_season_one(fake: FakeYTMusicService) -> None:
    db = catalogue.open_catalogue()
    with db.atomic():
        for track_id, vid in zip(SONGS, wanted(fake), strict=True):
            decisions.pin(db, decisions.pinned_row(track_id, vid, "pinned by you", service=YT))


def ost(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """`ost ARGS` in its own process, as a user would run it."""
    return subprocess.run(
        [sys.executable, "-m", "ost", *args],
        capture_output=True,
        text=True,
        timeout=120,
        input=stdin,
        env={**os.environ, "COLUMNS": "200"},
    )


def sync(*args: str) -> subprocess.CompletedProcess[str]:
    return ost("playlist", "sync", "--season", "1", "--service", "ytmusic", *args)


def synced(*args: str) -> subprocess.CompletedProcess[str]:
    result = sync(*args)
    assert result.returncode == 0, result.stderr
    return result


def ours(fake: FakeYTMusicService) -> dict[str, dict[str, Any]]:
    return {pid: p for pid, p in fake.playlists().items() if MARKER in p["description"]}


def the_playlist(fake: FakeYTMusicService) -> tuple[str, dict[str, Any]]:
    [(pid, playlist)] = ours(fake).items()
    return pid, playlist


def writes(fake: FakeYTMusicService) -> Counter[str]:
    return Counter(c["method"] for c in fake.calls() if c["method"] in WRITES)


def remembered() -> dict[str, Any] | None:
    return core.remembered(catalogue.open_catalogue(), "soundtrack-1", ServiceName.YTMUSIC)


# --- one private playlist, exact, re-run after re-run ----------------------------------------------


def test_the_first_run_creates_one_private_playlist_and_the_next_writes_nothing(
    fake: FakeYTMusicService,
) -> None:
    first = synced()
    pid, playlist = the_playlist(fake)
    assert fake.items(pid) == wanted(fake)
    assert playlist["title"] == "Soundtrack #1 OST" and playlist["privacy"] == "PRIVATE"
    assert "Disney+ series Soundtrack #1" in playlist["description"]
    assert writes(fake) == Counter({"create_playlist": 1, "add_playlist_items": 1})
    url = f"https://music.youtube.com/playlist?list={pid}"
    assert f"Soundtrack #1 OST: created, 7 tracks added — {url}" in first.stdout
    assert "YouTube Music requests:" in first.stderr and "(2 writes)" in first.stderr
    row = remembered()
    assert row is not None and row["playlist_id"] == pid and row["service"] == "ytmusic"

    fake.forget_calls()
    again = synced()
    assert "unchanged (7 tracks)" in again.stdout
    assert writes(fake) == Counter() and len(ours(fake)) == 1
    assert "(0 writes)" in again.stderr


def test_a_spotify_playlist_and_a_youtube_music_one_are_remembered_apart(
    fake: FakeYTMusicService,
) -> None:
    synced()
    db = catalogue.open_catalogue()
    assert core.remembered(db, "soundtrack-1", ServiceName.SPOTIFY) is None
    assert "last sync" in ost("status").stdout
    assert ost("status", "--json").returncode == 0


def test_edits_made_in_the_app_are_put_right_with_the_fewest_writes(
    fake: FakeYTMusicService,
) -> None:
    synced()
    pid, _ = the_playlist(fake)
    songs = wanted(fake)
    fake.remove_elsewhere(pid, songs[2])  # removed in the app
    fake.add_elsewhere(pid, songs[0])  # a second copy of the first song, at the end
    stray = next(iter(fake.songs[0].wrong.values()))
    fake.add_elsewhere(pid, stray)  # a song of someone else's
    fake.forget_calls()
    result = synced()
    assert fake.items(pid) == songs
    # one removal (the copy and the stray), one addition at the end, one move into place
    assert writes(fake) == Counter(
        {"remove_playlist_items": 1, "add_playlist_items": 1, "edit_playlist": 1}
    )
    assert "1 track added, 2 removed" in result.stdout

    # reordered in the app: the fewest moves put it back (all but the longest run in order)
    with fake.store.transaction() as state:
        state["playlists"][pid]["items"].reverse()
    fake.forget_calls()
    synced()
    assert fake.items(pid) == songs
    assert writes(fake) == Counter({"edit_playlist": len(songs) - 1})
    assert all(c["args"]["moveItem"] for c in fake.calls("edit_playlist"))
    fake.forget_calls()
    synced()
    assert writes(fake) == Counter()


def test_a_playlist_deleted_in_the_app_is_made_again_once(fake: FakeYTMusicService) -> None:
    synced()
    old, _ = the_playlist(fake)
    with fake.store.transaction() as state:
        del state["playlists"][old]
    result = synced()
    new, _ = the_playlist(fake)
    assert new != old and fake.items(new) == wanted(fake)
    assert "no longer among your playlists" in result.stderr


def test_a_playlist_carrying_the_marker_is_adopted_not_made_twice(
    fake: FakeYTMusicService,
) -> None:
    unrelated = fake.make_playlist("Soundtrack #1 OST", "my own list", (wanted(fake)[0],))
    made = fake.make_playlist("Old name", f"made by ost earlier {MARKER}", (wanted(fake)[3],))
    result = synced()
    assert "found the playlist ost made earlier" in result.stderr
    assert set(ours(fake)) == {made} and fake.items(made) == wanted(fake)
    assert fake.items(unrelated) == [wanted(fake)[0]]  # no marker: never touched
    assert writes(fake)["create_playlist"] == 0
    # the list of playlists shows a subtitle: each candidate was read for its description
    assert {c["args"]["playlistId"] for c in fake.calls("get_playlist")} >= {made}


# --- lost answers ------------------------------------------------------------------------------------


def test_a_lost_create_is_followed_by_finding_the_playlist_not_making_another(
    fake: FakeYTMusicService,
) -> None:
    fake.lose("create_playlist")
    result = synced()
    assert "looking for it among your playlists" in result.stderr
    pid, _ = the_playlist(fake)
    assert fake.items(pid) == wanted(fake)
    assert writes(fake)["create_playlist"] == 1


def test_a_lost_add_is_read_back_and_nothing_is_added_twice(fake: FakeYTMusicService) -> None:
    fake.lose("add_playlist_items")
    result = synced()
    pid, _ = the_playlist(fake)
    assert fake.items(pid) == wanted(fake)  # no song twice
    assert writes(fake)["add_playlist_items"] == 1
    assert "reading the playlist back" in result.stderr
    fake.forget_calls()
    synced()
    assert writes(fake) == Counter()


# --- refusals ------------------------------------------------------------------------------------------


def test_a_400_stops_the_sync_with_how_far_it_got_and_the_next_run_goes_on(
    fake: FakeYTMusicService,
) -> None:
    fake.fail("add_playlist_items", 400, "Maximum playlist size exceeded.")
    result = sync()
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()[-1:]
    assert "HTTP 400" in line and "Maximum playlist size exceeded" in line
    assert "0 of 7 songs added" in line and "Traceback" not in result.stderr
    assert "the next `ost playlist sync --service ytmusic` goes on" in line  # not Spotify's
    assert writes(fake)["add_playlist_items"] == 1  # a 400 is not sent again
    pid, _ = the_playlist(fake)
    assert fake.items(pid) == []
    synced()
    assert fake.items(pid) == wanted(fake) and len(ours(fake)) == 1


def test_an_ended_session_is_one_line_and_nothing_is_written(fake: FakeYTMusicService) -> None:
    synced()
    pid, _ = the_playlist(fake)
    fake.remove_elsewhere(pid, wanted(fake)[0])
    before = remembered()
    fake.end_session(401)
    fake.forget_calls()
    result = sync()
    assert result.returncode == 1 and result.stdout == ""
    [line] = result.stderr.strip().splitlines()
    assert "HTTP 401" in line and "Copy fresh request headers" in line
    assert "ost login --service ytmusic --headers FILE" in line
    assert writes(fake) == Counter() and len(fake.calls()) == 1  # asked who you are, refused
    assert remembered() == before


def test_a_409_just_after_the_create_is_waited_out(
    fake: FakeYTMusicService, run: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake.fail("add_playlist_items", 409)
    result = run("playlist", "sync", "--season", "1", "--service", "ytmusic")
    assert result.exit_code == 0, result.output
    pid, _ = the_playlist(fake)
    assert fake.items(pid) == wanted(fake)
    outcomes = [c["outcome"] for c in fake.calls("add_playlist_items")]
    assert outcomes == ["HTTP 409", "ok"]


def test_a_music_video_put_in_place_of_a_song_is_said_and_kept(
    fake: FakeYTMusicService,
) -> None:
    song = next(s for s in fake.songs if s.track_id == "s1-02")
    fake.swap_on_add(min(song.right), song.music_video)
    result = synced()
    assert f"put {song.music_video} in the playlist when asked for {min(song.right)}" in (
        result.stderr
    )
    pid, _ = the_playlist(fake)
    expected = [song.music_video if v == min(song.right) else v for v in wanted(fake)]
    assert fake.items(pid) == expected
    fake.forget_calls()
    synced()
    assert writes(fake) == Counter()  # not taken away and asked for again


def test_writes_keep_to_the_pace_the_setting_gives(
    fake: FakeYTMusicService, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ost.ytmusic.playlists import PACE_ENV, Pace

    clock = [0.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        clock[0] += seconds

    pace = Pace(10, 60.0, clock=lambda: clock[0], sleep=sleep)
    said: list[str] = []
    for cost in (4, 4, 1):
        pace.spend(cost, said.append)
    assert waits == []  # 9 of 10
    clock[0] = 30.0
    pace.spend(4, said.append)  # 13 > 10: the first 4 must leave the window (at 60 s)
    assert waits == [30.0] and "pausing 30 s" in said[0]
    monkeypatch.setenv(PACE_ENV, "5/2.5")
    assert (Pace.from_env().budget, Pace.from_env().window_s) == (5, 2.5)
    monkeypatch.setenv(PACE_ENV, "fast")
    result = sync()
    assert result.returncode == 2 and "OST_YTMUSIC_PACE='fast'" in result.stderr


def test_a_dry_run_reads_and_writes_nothing(fake: FakeYTMusicService) -> None:
    result = synced("--dry-run")
    assert "would be created" in result.stdout and "7 tracks would be added" in result.stdout
    assert writes(fake) == Counter() and ours(fake) == {}


def test_without_a_login_the_sync_says_how_to_log_in_and_asks_nothing(
    fake: FakeYTMusicService,
) -> None:
    HeadersFile().delete()
    result = sync()
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert "not logged in to YouTube Music" in line and "--headers FILE" in line
    assert fake.calls() == []
