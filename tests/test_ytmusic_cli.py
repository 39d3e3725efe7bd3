"""YouTube Music as a second service, end to end through the command line and the stand-in
(tests/fakeytmusic/): `ost match --service ytmusic` with no Spotify app at all, decisions per
service, `ost tracks`, `ost review`, `ost export` and the page on the chosen service, and one
`--service` option whose default `OST_SERVICE` sets.

The suite's conftest clears every SPOTIPY_* variable, so each test here runs as a user with no
Spotify app: a command that reached Spotify would fail for want of credentials.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import m3u8
import pytest
from fakeytmusic import OLDER_MY_LOVE, ORCHESTRA_DA_CAPO, FakeYTMusicService, SeededSong
from helpers.audio import make_audio
from helpers.catalogue import proposed_on_ytmusic
from helpers.terminal import typed_session

from ost import catalogue, decisions
from ost.decisions import Status
from ost.service import ServiceName

YT = ("--service", "ytmusic")
SPOTIFY_PIN = "spotify:track:s1parkboram00000000001"


def tracks(run) -> dict[str, dict[str, Any]]:
    return {t["id"]: t for t in json.loads(run("tracks", "--json").stdout)}


def on(run, service: str) -> dict[str, dict[str, Any]]:
    """Each track's match on one service, as `ost tracks --json` gives it."""
    return {track_id: t["services"][service] for track_id, t in tracks(run).items()}


def song(fake: FakeYTMusicService, track_id: str) -> SeededSong:
    return next(s for s in fake.songs if s.track_id == track_id)


@pytest.fixture
def matched(run, fake_ytmusic: FakeYTMusicService) -> FakeYTMusicService:
    result = run("match", *YT)
    assert result.exit_code == 0, result.output
    return fake_ytmusic


# --- ost match --service ytmusic ----------------------------------------------------------------


def test_match_with_no_spotify_app_takes_each_songs_audio_track(
    run, fake_ytmusic: FakeYTMusicService
) -> None:
    result = run("match", *YT)
    assert result.exit_code == 0, result.output
    found = on(run, "ytmusic")
    for expected in fake_ytmusic.songs:
        match = found[expected.track_id]
        assert match["status"] == Status.AUTO and match["id"] in expected.right, match
        assert match["url"] == f"https://music.youtube.com/watch?v={match['id']}"
    taken = {m["id"] for m in found.values()}
    refused = {OLDER_MY_LOVE}
    for expected in fake_ytmusic.songs:
        refused |= {expected.music_video, expected.lyrics, *expected.wrong.values()}
    assert not taken & refused  # no video, upload, instrumental, karaoke, cover or namesake
    assert found["s2-01"] == {"status": "none", "id": None, "url": None}  # not on the service
    assert "Nothing acceptable on YouTube Music" in result.stdout
    assert "YouTube Music requests:" in result.stderr
    assert all(t["match_status"] is None for t in tracks(run).values())  # Spotify's untouched


def test_a_second_match_run_makes_no_call(run, matched: FakeYTMusicService) -> None:
    cold = len(matched.calls())
    searches = len(matched.calls("search"))
    assert searches <= 2 * len(matched.songs) + 7  # s2-01, not there, tries its whole plan
    assert matched.calls("get_album")  # the matches' years: read cold, from the cache since
    again = run("match", *YT)
    assert again.exit_code == 0, again.output
    assert "Looked for 1 track:" in again.stderr  # s2-01; the others are matched
    db = catalogue.open_catalogue()
    for track_id in on(run, "ytmusic"):
        decisions.unpin(db, track_id, ServiceName.YTMUSIC)  # forget every match there
    anew = run("match", *YT)  # every track judged again, from the cache
    assert "Looked for 8 tracks: 7 auto" in anew.stderr
    assert all("YouTube Music requests: 0," in r.stderr for r in (again, anew))
    assert len(matched.calls()) == cold


def test_a_match_is_dated_by_its_albums_year_and_shows_it_as_evidence(
    run, matched: FakeYTMusicService
) -> None:
    detail = json.loads(run("show", "s1-04", "--json").stdout)["matches"]["ytmusic"]
    assert detail["release_date"] == "2022"  # the single's year: its search row names none
    (date,) = [p for p in detail["evidence"] if p["name"] == "date"]
    assert date["value"] > 0.5 and date["weight"] > 0 and not date["doubt"]  # more than unknown
    assert date["note"] == "released 2022 within the show's time (2021-09-21 to 2023-04-13)"
    assert date["note"] in detail["reason"]
    text = run("show", "s1-04").stdout
    assert "— 사운드트랙 #1 Part 4 (Original Soundtrack) (2022)" in text
    read = [c["args"]["browseId"] for c in matched.calls("get_album")]
    assert len(read) == len(set(read)) and "MPREb_fakeKjkSP01" in read  # each album once


def test_the_artists_older_song_is_not_proposed_when_the_shows_recording_is_gone(
    run, fake_ytmusic: FakeYTMusicService
) -> None:
    expected = song(fake_ytmusic, "s1-04")
    for vid in expected.right:
        fake_ytmusic.withdraw(vid)
    assert run("match", *YT, "--season", "1").exit_code == 0
    found = decisions.get(catalogue.open_catalogue(), "s1-04", ServiceName.YTMUSIC)
    assert found is not None and found["uri"] != OLDER_MY_LOVE  # its album says 2012: refused
    assert (found["status"], found["uri"]) == ("review", expected.music_video)


def test_ost_service_sets_the_default_and_a_bad_one_is_named(
    run, fake_ytmusic: FakeYTMusicService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OST_SERVICE", "ytmusic")
    assert run("match", "--season", "1").exit_code == 0
    assert on(run, "ytmusic")["s1-01"]["status"] == Status.AUTO
    monkeypatch.setenv("OST_SERVICE", "deezer")
    bad = run("tracks")
    assert bad.exit_code == 2 and "OST_SERVICE (from the environment): 'deezer'" in bad.output
    assert "spotify, ytmusic" in bad.output and "Traceback" not in bad.output
    given = run("tracks", "--service", "deezer")
    assert given.exit_code == 2 and "'deezer' is not one of 'spotify', 'ytmusic'" in given.output
    assert run("tracks", *YT).exit_code == 0  # the option wins over the variable


def test_a_service_is_named_in_any_case(option_or_env, run, matched: FakeYTMusicService) -> None:
    """`YTMusic` as the service spells itself, or `Spotify`: a name, not a spelling."""
    text = option_or_env("--service", "OST_SERVICE", "YTMusic", "status").stdout
    assert "service      YouTube Music only" in text
    assert "season 1     7 tracks: 7 auto" in text


# --- ost status ---------------------------------------------------------------------------------


def test_status_after_matching_on_youtube_music_speaks_of_it(
    run, matched: FakeYTMusicService
) -> None:
    text = run("status").stdout
    assert "season 1     7 tracks\n  ytmusic    7 auto\n" in text
    assert "season 2     1 track\n  ytmusic    1 none\n" in text
    assert "last match   never (Spotify)" in text
    assert re.search(r"last match   \d{4}-\S+ \(YouTube Music\)", text)
    assert "spotify      no login (`ost login`)" in text and "ytmusic      no login" in text
    s = json.loads(run("status", "--json").stdout)
    first = s["seasons"][0]
    assert (first["unmatched"], first["tracks"]) == (7, 7)  # the keys from before: Spotify's
    assert first["services"] == {"spotify": {"unmatched": 7}, "ytmusic": {"auto": 7}}
    assert s["services"]["ytmusic"]["last_match"] and s["services"]["spotify"]["last_match"] is None
    assert s["last_match"] is None and s["services_shown"] == ["ytmusic"]
    assert s["next"] == [
        "`ost login --service ytmusic --headers FILE`, then `ost playlist sync --service ytmusic`"
        " to keep the playlists on YouTube Music",
        "`ost export m3u --season 1 --service ytmusic -o soundtrack-1.m3u8` for a music player",
    ]  # no Spotify app asked for first, no `ost match` as if nothing was matched


def test_status_on_one_service_by_option_or_env(
    option_or_env, run, matched: FakeYTMusicService
) -> None:
    text = option_or_env("--service", "OST_SERVICE", "ytmusic", "status").stdout
    assert "service      YouTube Music only" in text
    assert "season 1     7 tracks: 7 auto" in text and "season 2     1 track: 1 none" in text
    assert "spotify      " not in text and "spotify app" not in text
    assert "last match   never (Spotify)" not in text
    spotify = run("status", "--service", "spotify")
    assert "season 1     7 tracks: 7 unmatched" in spotify.stdout
    assert "YouTube Music)" not in spotify.stdout and "ytmusic " not in spotify.stdout
    assert "then `ost match` has 8 tracks to look for" in spotify.stdout  # once it can search


def test_status_asks_for_the_match_and_review_on_the_service_that_needs_them(
    run, fake_ytmusic: FakeYTMusicService
) -> None:
    assert run("pin", "s1-02", SPOTIFY_PIN).exit_code == 0
    proposed_on_ytmusic("s1-01", "fakeKyu0001", "fakeKyu0002", "the music video")
    s = json.loads(run("status", "--json").stdout)
    assert s["services_shown"] == ["spotify", "ytmusic"]
    assert "`ost match --service ytmusic`: 7 tracks to look for" in s["next"]
    assert any(step.endswith("then `ost match` has 7 tracks to look for") for step in s["next"])
    assert "`ost review --service ytmusic`: 1 waiting for your decision" in s["next"]
    assert not any(step.startswith("`ost review`") for step in s["next"])
    text = run("status").stdout
    assert (
        "season 1     7 tracks\n  spotify    1 pinned, 6 unmatched\n  ytmusic    1 review" in text
    )


# --- decisions per service ----------------------------------------------------------------------


def test_pin_takes_a_link_or_a_bare_video_id(run, fake_ytmusic: FakeYTMusicService) -> None:
    link = "https://music.youtube.com/watch?v=fakeKjk0001&list=RDAMVMfakeKjk0001"
    pinned = run("pin", "s1-04", link, *YT)
    assert pinned.exit_code == 0, pinned.output
    assert pinned.stdout == "Pinned fakeKjk0001 for s1-04 (My Love) on YouTube Music.\n"
    assert run("pin", "s1-02", "fakePbr0001", *YT).exit_code == 0
    found = on(run, "ytmusic")
    assert (found["s1-04"]["status"], found["s1-04"]["id"]) == ("pinned", "fakeKjk0001")
    assert found["s1-02"]["id"] == "fakePbr0001"
    assert tracks(run)["s1-04"]["match_status"] is None  # nothing pinned on Spotify


@pytest.mark.parametrize(
    ("args", "belongs_to"),
    [
        (("spotify:track:s1kimjongkook000000001", *YT), "is a Spotify link"),
        (("https://open.spotify.com/track/s1kimjongkook000000001",), None),
        (("https://music.youtube.com/watch?v=fakeKjk0001",), "is a YouTube Music link"),
        (("fakeKjk0001", "--service", "spotify"), "is a YouTube Music link"),
    ],
    ids=["spotify-uri-on-ytmusic", "spotify-link-on-spotify", "yt-link-on-spotify", "bare-id"],
)
def test_a_link_of_the_other_service_is_a_usage_mistake(
    run, args: tuple[str, ...], belongs_to: str | None
) -> None:
    result = run("pin", "s1-04", *args)
    if belongs_to is None:  # the right service: pinned
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 2 and belongs_to in result.output, result.output
    other = "spotify" if "Spotify" in belongs_to else "ytmusic"
    assert f"add --service {other}" in result.output
    assert all(m["status"] is None for m in on(run, "spotify").values())
    assert all(m["status"] is None for m in on(run, "ytmusic").values())


@pytest.mark.parametrize(
    ("link", "said"),
    [
        ("https://music.youtube.com/playlist?list=PLabc", "is a YouTube Music playlist link"),
        ("https://music.youtube.com/browse/MPREb_fakeDcpOT01", "is a YouTube Music album link"),
        ("https://open.spotify.com/playlist/37i9dQZF1DXcBWIGoYBM5M", "is a Spotify playlist link"),
    ],
    ids=["yt-playlist", "yt-album", "spotify-playlist"],
)
def test_a_link_to_no_song_says_what_it_links_to(run, link: str, said: str) -> None:
    result = run("pin", "s1-04", link, *YT)
    assert result.exit_code == 1
    assert f"{said}, not a song's: give a YouTube Music link" in result.output, result.output
    assert on(run, "ytmusic")["s1-04"]["status"] is None


def test_a_pin_of_a_recording_ost_never_met_says_it_was_not_checked(
    run, fake_ytmusic: FakeYTMusicService
) -> None:
    unseen = run("pin", "s1-04", "fakeNone001", *YT)
    assert unseen.exit_code == 0 and unseen.stdout.startswith("Pinned fakeNone001 for s1-04")
    assert "note: fakeNone001 was not checked on YouTube Music" in unseen.stderr
    assert "`ost accept s1-04 fakeNone001 --service ytmusic` looks it up" in unseen.stderr
    assert run("match", *YT).exit_code == 0  # meets s1-02's songs among its candidates
    met = on(run, "ytmusic")["s1-02"]["id"]
    known = run("pin", "s1-02", met, *YT)
    assert known.exit_code == 0 and "not checked" not in known.stderr


def test_decisions_on_one_service_never_touch_the_others(run, matched: FakeYTMusicService) -> None:
    assert run("pin", "s1-02", SPOTIFY_PIN).exit_code == 0
    assert run("pin", "s1-04", "spotify:track:s1kimjongkook000000001").exit_code == 0
    spotify_before, yt_before = on(run, "spotify"), on(run, "ytmusic")

    rejected = run("reject", "s1-02", *YT)
    assert rejected.exit_code == 0, rejected.output
    assert "`ost match --service ytmusic` to look further" in rejected.stdout
    assert run("unpin", "s1-04", *YT).exit_code == 1  # not pinned there: nothing undone
    assert on(run, "spotify") == spotify_before
    assert on(run, "ytmusic")["s1-02"]["status"] == "rejected"

    unpinned = run("unpin", "s1-04")  # Spotify's pin
    assert unpinned.exit_code == 0 and "`ost match` searches for it again" in unpinned.stdout
    assert on(run, "ytmusic")["s1-04"] == yt_before["s1-04"]
    assert on(run, "spotify")["s1-04"]["status"] is None

    again = run("match", *YT, "--season", "1")  # looks further on YouTube Music only
    assert again.exit_code == 0, again.output
    after = on(run, "ytmusic")["s1-02"]
    assert after["id"] != yt_before["s1-02"]["id"]  # the rejected video is never taken again
    assert on(run, "spotify")["s1-02"] == spotify_before["s1-02"]


def test_review_and_accept_on_youtube_music(run, fake_ytmusic: FakeYTMusicService) -> None:
    right = song(fake_ytmusic, "s1-01")
    proposed_on_ytmusic("s1-01", right.music_video, min(right.right), "not the song")
    assert run("review", "--list").stdout == "Nothing to review.\n"  # Spotify has nothing
    listed = run("review", "--list", *YT)
    assert f"https://music.youtube.com/watch?v={right.music_video}" in listed.stdout
    assert "ost accept s1-01 [N] --service ytmusic" in listed.stdout
    accepted = run("accept", "s1-01", "2", *YT)
    assert accepted.exit_code == 0, accepted.output
    assert accepted.stdout.startswith(f"Accepted {min(right.right)} for s1-01 (")
    assert accepted.stdout.rstrip().endswith("on YouTube Music.")
    assert on(run, "ytmusic")["s1-01"]["status"] == "accepted"
    assert on(run, "spotify")["s1-01"]["status"] is None


def test_accept_of_a_video_no_search_found_looks_it_up(
    run, fake_ytmusic: FakeYTMusicService
) -> None:
    right = min(song(fake_ytmusic, "s1-03").right)
    result = run("accept", "s1-03", f"https://music.youtube.com/watch?v={right}", *YT)
    assert result.exit_code == 0, result.output
    shown = catalogue.open_catalogue()
    row = decisions.get(shown, "s1-03", ServiceName.YTMUSIC)
    assert row and row["status"] == "accepted" and row["name_ko"] and row["duration_ms"]
    assert fake_ytmusic.calls("get_song")  # looked up through the adapter


# --- listings, exports and the page -------------------------------------------------------------


def test_tracks_table_shows_the_chosen_services_status_and_csv_both(
    run, matched: FakeYTMusicService
) -> None:
    assert run("pin", "s1-02", SPOTIFY_PIN).exit_code == 0
    spotify_table = run("tracks", "--season", "2").stdout
    assert "match_status" not in spotify_table  # nothing matched on Spotify in season 2
    yt_table = run("tracks", "--season", "2", *YT, "--wide").stdout
    assert "match_status" in yt_table and "none" in yt_table
    rows = run("tracks", "--csv").stdout.splitlines()
    header = rows[0].split(",")
    assert header[-6:] == [
        "spotify_status",
        "spotify_id",
        "spotify_url",
        "ytmusic_status",
        "ytmusic_id",
        "ytmusic_url",
    ]
    s1_02 = next(r for r in rows if r.startswith("s1-02,"))
    assert s1_02.endswith(
        f",pinned,{SPOTIFY_PIN},https://open.spotify.com/track/s1parkboram00000000001,"
        "auto,fakePbr0001,https://music.youtube.com/watch?v=fakePbr0001"
    )


def test_tracks_output_imports_back_unchanged(
    run, matched: FakeYTMusicService, tmp_path: Path
) -> None:
    for fmt in ("json", "csv"):
        path = tmp_path / f"back.{fmt}"
        path.write_text(run("tracks", f"--{fmt}").stdout, encoding="utf-8")
        result = run("import", str(path), "--dry-run")
        assert result.exit_code == 0, result.output
        assert "0 added, 0 changed" in result.output or "nothing" in result.output.lower()


def test_export_links_youtube_music_after_your_own_files(
    run, matched: FakeYTMusicService, tmp_path: Path
) -> None:
    music = tmp_path / "Music"
    make_audio(
        music / "01.flac",
        title="사랑은 말로 표현하는게 아니래요",
        artist="KYUHYUN",
        date="2021-12-30",
    )
    assert run("library", "scan", str(music)).exit_code == 0
    out = tmp_path / "s1.m3u8"
    result = run("export", "m3u", "--season", "1", *YT, "-o", str(out))
    assert result.exit_code == 0, result.output
    uris = [s.uri for s in m3u8.load(str(out)).segments]
    assert uris[0].endswith("01.flac")
    expected = [
        f"https://music.youtube.com/watch?v={on(run, 'ytmusic')[f's1-0{n}']['id']}"
        for n in range(2, 8)
    ]
    assert uris[1:] == expected
    assert "(1 local file, 6 YouTube Music links)" in result.stderr
    links = run("export", "m3u", "--season", "1", *YT, "--links-only").stdout
    assert [s.uri for s in m3u8.loads(links).segments][0].startswith("https://music.youtube.com/")
    local = run("export", "m3u", "--season", "1", *YT, "--local-only").stdout
    assert "https://" not in local


def test_unresolved_hints_name_the_service_a_user_without_spotify_credentials_can_use(
    run, matched: FakeYTMusicService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    music = tmp_path / "Music"
    make_audio(music / "01.flac", title="사랑은 말로 표현하는게 아니래요", artist="KYUHYUN",
               date="2021-12-30")  # fmt: skip
    assert run("library", "scan", str(music)).exit_code == 0
    local = run("export", "m3u", "--season", "1", "--local-only")  # Spotify, by default
    assert "# unresolved: 박보람 - 행복해지고 싶어 (--local-only: no file of yours)" in local.stdout
    assert "ost match" not in local.output
    assert "Wrote 1 of 7 tracks (1 local file)." in local.stderr
    instead = "not matched on Spotify, where `ost match` needs credentials: add `--service ytmusic`"
    on_spotify = run("export", "m3u", "--season", "1")  # nothing matched there
    assert "https://" not in on_spotify.stdout and instead in on_spotify.stdout
    assert "run `ost match`" not in on_spotify.output
    shown = json.loads(run("playlist", "show", "--season", "1", "--json").stdout)
    assert shown[0]["entries"][1]["location"].startswith(instead)
    asked = run("export", "m3u", "--season", "1", "--service", "spotify").stdout
    assert "not matched yet: run `ost match`" in asked  # Spotify asked for: its own advice
    monkeypatch.setenv("SPOTIPY_CLIENT_ID", "an-app")
    monkeypatch.setenv("SPOTIPY_CLIENT_SECRET", "its-secret")
    able = run("export", "m3u", "--season", "1").stdout
    assert "not matched yet: run `ost match`" in able and instead not in able
    xspf = run("export", "xspf", "--season", "1", *YT).stdout
    assert "https://music.youtube.com/watch?v=" in xspf
    entries = json.loads(run("export", "json", "--season", "1", *YT).stdout)["entries"]
    assert entries[1]["location"].startswith("https://music.youtube.com/watch?v=")


def test_an_exports_unresolved_tracks_are_counted_by_what_to_do(
    run, matched: FakeYTMusicService
) -> None:
    assert run("reject", "s1-01", *YT).exit_code == 0
    result = run("export", "m3u", "--season", "1", "--season", "2", *YT)
    assert result.exit_code == 0, result.output
    [line] = [x for x in result.stderr.splitlines() if "unresolved" in x]
    assert line.startswith("2 unresolved (written as comments): s1-01 ")
    assert "; s2-01 Da Capo — " in line and "more" not in line
    assert "1 match rejected: run `ost match --service ytmusic` to look further" in line
    assert (
        "1 not found on YouTube Music: `ost show ID` names the closest candidate (`ost accept ID "
        "URI --service ytmusic` takes it), `ost match --refresh --service ytmusic` searches again"
        in line
    )


def test_the_closest_shown_leave_out_a_recording_the_user_rejected(
    run, matched: FakeYTMusicService
) -> None:
    """`ost show` offers the closest candidates of a track rated none for `ost accept`: one the
    user rejected before is not offered again."""
    closest = json.loads(run("show", "s2-01", "--json").stdout)["matches"]["ytmusic"]["closest"]
    assert closest, "s2-01 has candidates on YouTube Music"
    first = closest[0]["uri"]
    db = catalogue.open_catalogue()
    with db.atomic():
        db["rejections"].insert(
            {"track_id": "s2-01", "service": "ytmusic", "uri": first, "rejected_at": "2026-12-05"}
        )
    after = json.loads(run("show", "s2-01", "--json").stdout)["matches"]["ytmusic"]["closest"]
    kept = [c["uri"] for c in after]
    assert first not in kept and kept[: len(closest) - 1] == [c["uri"] for c in closest[1:]]
    assert first not in run("show", "s2-01").stdout


def test_unresolved_entries_say_what_to_do_on_the_service(run, matched: FakeYTMusicService) -> None:
    shown = json.loads(run("playlist", "show", "--season", "2", *YT, "--json").stdout)
    (entry,) = shown[0]["entries"]
    assert entry["resolves_to"] == "unresolved" and entry["spotify_uri"] is None
    assert (
        entry["location"] == "not found on YouTube Music: `ost show ID` names the closest "
        "candidate (`ost accept ID URI --service ytmusic` takes it), `ost match --refresh "
        "--service ytmusic` searches again"
    )
    # the hint is true: `ost show` names the closest candidates, `ost accept` takes one
    closest = [x.split() for x in run("show", "s2-01").stdout.splitlines() if "closest" in x]
    assert closest and all(words[0] == "closest" for words in closest)
    uri = closest[0][1]
    assert (
        json.loads(run("show", "s2-01", "--json").stdout)["matches"]["ytmusic"]["closest"][0]["uri"]
        == uri
    )
    accepted = run("accept", "s2-01", uri, *YT)
    assert accepted.exit_code == 0 and f"Accepted {uri} for s2-01" in accepted.stdout
    season_1 = json.loads(run("playlist", "show", "--season", "1", *YT, "--json").stdout)
    first = season_1[0]["entries"][0]
    assert first["resolves_to"] == "ytmusic" and first["uri"] == on(run, "ytmusic")["s1-01"]["id"]
    assert first["location"] == first["url"] == f"https://music.youtube.com/watch?v={first['uri']}"


def test_what_ost_suggests_names_the_service_and_the_show(
    run, fake_ytmusic: FakeYTMusicService
) -> None:
    db = catalogue.open_catalogue()
    with db.atomic():  # the sources doubt s1-03's artist credit: its match waits for confirmation
        db.execute("update tracks set uncertain = ? where id = 's1-03'", ['{"artists": "?"}'])
    assert run("match", *YT).exit_code == 0
    reason = json.loads(run("show", "s1-03", "--json").stdout)["matches"]["ytmusic"]["reason"]
    assert reason.endswith("confirm with `ost accept --service ytmusic`.")
    assert run("reject", "s1-01", *YT).exit_code == 0
    rejected = json.loads(run("show", "s1-01", "--json").stdout)["matches"]["ytmusic"]
    assert rejected["reason"].endswith("; `ost match --service ytmusic` looks further")
    nothing = run("accept", "s1-01", *YT)
    assert "(`ost accept s1-01 https://music.youtube.com/watch?v=… --service ytmusic`)" in (
        nothing.stderr
    )
    too_far = run("accept", "s1-03", "9", *YT)
    assert (
        too_far.exit_code != 0 and "(see `ost review --list --service ytmusic`)" in too_far.stderr
    )


def test_the_page_links_each_song_on_every_service_that_has_it(
    run, matched: FakeYTMusicService, tmp_path: Path
) -> None:
    assert run("pin", "s1-02", SPOTIFY_PIN).exit_code == 0
    out = tmp_path / "site"
    assert run("page", "-o", str(out)).exit_code == 0
    html = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))
    yt = on(run, "ytmusic")["s1-02"]["url"]
    assert f'class="ytmusic" href="{yt}"' in html and "Listen on YouTube Music" in html
    assert 'class="spotify" href="https://open.spotify.com/track/s1parkboram00000000001"' in html
    assert html.count('class="spotify"') == 1  # only s1-02 is on Spotify
    assert "links to sources, to Spotify and to YouTube Music open the outside world" in html


def test_the_page_after_youtube_music_alone_names_it_and_links_its_playlist(
    run, matched: FakeYTMusicService, tmp_path: Path
) -> None:
    from ost.ytmusic.auth import HeadersFile

    HeadersFile().save(matched.auth())
    assert run("playlist", "sync", "--season", "1", *YT).exit_code == 0
    (kept,) = matched.playlists()
    out = tmp_path / "site"
    assert run("page", "-o", str(out)).exit_code == 0
    html = (out / "index.html").read_text(encoding="utf-8")
    link = f'class="ytmusic" href="https://music.youtube.com/playlist?list={kept}"'
    assert html.count(link) == 1 and "Soundtrack #1 OST on YouTube Music</a> (private" in html
    assert "links to sources and to YouTube Music open the outside world" in html
    assert "open.spotify.com" not in html and "to Spotify" not in html


def test_show_gives_each_services_match(run, matched: FakeYTMusicService) -> None:
    assert run("pin", "s1-02", SPOTIFY_PIN).exit_code == 0
    detail = json.loads(run("show", "s1-02", "--json").stdout)
    yt = on(run, "ytmusic")["s1-02"]["id"]
    assert detail["match"]["uri"] == SPOTIFY_PIN  # Spotify's, as before
    assert detail["matches"]["spotify"] == detail["match"]
    assert detail["matches"]["ytmusic"]["uri"] == yt and detail["matches"]["ytmusic"]["reason"]
    text = run("show", "s1-02").stdout
    assert f"ytmusic match auto  {yt}" in text and f"match         pinned  {SPOTIFY_PIN}" in text
    assert json.loads(run("show", "s2-01", "--json").stdout)["matches"]["spotify"] is None


def test_show_leaves_out_what_the_service_does_not_date(
    run, fake_ytmusic: FakeYTMusicService
) -> None:
    """YouTube Music dates albums by a year at most, and a pinned video may have none: the line
    names the album and says nothing of the date, never Python's None."""
    assert run("match", *YT).exit_code == 0  # meets the orchestra's Da Capo, rates it none
    assert run("pin", "s2-01", ORCHESTRA_DA_CAPO, *YT).exit_code == 0
    detail = json.loads(run("show", "s2-01", "--json").stdout)["matches"]["ytmusic"]
    assert (detail["album"], detail["release_date"]) == ("Da Capo: Baroque Encores", None)
    text = run("show", "s2-01").stdout
    assert "None" not in text
    assert re.search(r"— Da Capo: Baroque Encores$", text, re.MULTILINE), text


def test_a_review_session_opens_and_rejects_on_youtube_music(
    run, fake_ytmusic: FakeYTMusicService, ost_home: Path, tmp_path: Path
) -> None:
    right = song(fake_ytmusic, "s1-05")
    proposed_on_ytmusic("s1-05", right.lyrics, min(right.right), "not the song")
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.py"
    browser.write_text(
        f"import sys\nopen({str(opened)!r}, 'a').write(sys.argv[1] + '\\n')\n", encoding="utf-8"
    )
    env = {"OST_HOME": str(ost_home), "BROWSER": f"{sys.executable} {browser} %s"}
    shown = typed_session(["review", *YT], ["o2", "r"], env)
    assert "[1/1] s1-05" in shown
    assert f"rejected {right.lyrics}; `ost match --service ytmusic` looks further" in shown
    assert opened.read_text().split() == [f"https://music.youtube.com/watch?v={min(right.right)}"]
    assert on(run, "ytmusic")["s1-05"]["status"] == "rejected"
    assert on(run, "spotify")["s1-05"]["status"] is None


def test_status_puts_each_service_s_counts_in_the_column_of_values(
    run, matched: FakeYTMusicService
) -> None:
    added = run("shows", "add", "별빛 세탁소", "--name-en", "Starlight Laundry")
    assert added.exit_code == 0, added.output  # a long label: "starlight-laundry"
    lines = run("status").stdout.split("next:")[0].splitlines()
    [database] = [line for line in lines if line.startswith("database ")]
    column = len(database) - len(database.split()[-1])  # where the values start
    services = [line for line in lines if line.startswith("  ytmusic ")]
    assert services, lines
    for line in lines:
        assert line[column - 1] == " " and line[column] != " ", line
