"""`ost discover` end to end against the fake Spotify Web API (tests/fakespotify), seeded with the
Soundtrack #1 singles and compilation plus what discovery must find and refuse
(tests/fakespotify/discovery.py): a later Part.8, songs only the full OST album has, a 55-track
score collection, the Soundtrack #2 OST album, K's songs (only in the artist's album list), and a
same-named album from 2015."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from fakespotify import FakeSpotify, seed_soundtrack
from fakespotify.discovery import NEW_SONGS, S1_SCORE, S2_ALBUM, S2_K_SONGS, seed_discovery
from helpers.results import ok


@pytest.fixture
def fake(fake: FakeSpotify) -> FakeSpotify:
    """conftest's seeded service, with the discovery seed on top."""
    seed_discovery(fake)
    return fake


def discover(run, *args: str) -> dict[str, Any]:
    return json.loads(ok(run("discover", "--json", *args)).stdout)


def season(out: dict[str, Any], number: int) -> dict[str, Any]:
    return next(s for s in out["seasons"] if s["season"] == number)


def tracks(run) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in json.loads(ok(run("tracks", "--all", "--json")).stdout)}


def api_requests(fake: FakeSpotify) -> list[Any]:
    return [e for e in fake.log if e.path.startswith("/v1/")]


@pytest.fixture
def matched(run, fake: FakeSpotify) -> FakeSpotify:
    """The state a user is in after `ost match`: Soundtrack #1 auto, Da Capo waiting (review)."""
    ok(run("match"))
    assert tracks(run)["s2-01"]["match_status"] == "review"
    fake.log.clear()
    return fake


def test_albums_are_accepted_and_refused_on_stated_evidence(run, matched) -> None:
    out = discover(run)
    s1, s2 = season(out, 1), season(out, 2)
    assert [a["name"] for a in s1["accepted"]][-3:] == [
        "사운드트랙 #1 OST Part.8",
        "사운드트랙 #1 OST",
        S1_SCORE,
    ]
    part8 = next(a for a in s1["accepted"] if a["name"].endswith("Part.8"))
    assert {e["kind"]: e["ok"] for e in part8["evidence"]} == {
        "title": True,
        "date": True,
        "artist": False,
        "recording": False,
        "series": True,
    }
    assert [a["name"] for a in s2["accepted"]] == [S2_ALBUM, S2_K_SONGS]
    refused = {a["name"]: a for a in s2["refused"]}
    same_name = refused["Soundtrack #2"]  # another artist, 2015
    assert same_name["release_date"] == "2015-05-01"
    failing = {e["kind"] for e in same_name["evidence"] if not e["ok"]}
    assert {"date", "artist"} <= failing and same_name["accepted"] is False
    assert "outside the show's time" in same_name["reason"]


def test_an_album_of_the_other_season_is_refused_on_its_title(run, matched) -> None:
    s2 = season(discover(run, "--season", "2"), 2)
    refused = {a["name"]: a for a in s2["refused"]}
    wrong = refused["사운드트랙 #1 OST Part.8"]  # found by the show's name + "OST"
    title = next(e for e in wrong["evidence"] if e["kind"] == "title")
    assert title == {
        "kind": "title",
        "ok": False,
        "detail": "its title names 사운드트랙 #1, not 사운드트랙 #2",
    }
    assert S2_ALBUM in [a["name"] for a in s2["accepted"]]


def test_new_songs_variants_and_repeats(run, matched) -> None:
    out = discover(run)
    new = [
        (s["title"], n["season"]) for n in out["seasons"] for s in n["songs"] if s["kind"] == "new"
    ]
    assert new == NEW_SONGS
    songs = {(s["album"], s["track_number"]): s for n in out["seasons"] for s in n["songs"]}
    # the instrumentals are variants of the song they are the instrumental of
    inst = songs[("사운드트랙 #1 OST Part.8", 2)]
    assert (inst["kind"], inst["of"], inst["flags"]) == (
        "variant",
        "별이 지는 밤",
        ["instrumental"],
    )
    assert songs[("사운드트랙 #1 OST", 16)]["kind"] == "variant"  # "첫 만남 (MR)"
    assert songs[(S2_ALBUM, 3)]["of"] == "s2-01"  # "Da Capo (Inst.)"
    # the compilation repeats the singles' recordings: repeats, never new songs
    repeat = songs[("사운드트랙 #1 OST", 4)]
    assert (repeat["title"], repeat["kind"], repeat["of"]) == ("My Love", "repeat", "s1-04")
    # past the first page of 50 album tracks
    assert songs[(S1_SCORE, 53)]["kind"] == "new"
    assert songs[(S1_SCORE, 54)]["kind"] == "repeat"
    assert songs[(S1_SCORE, 55)]["flags"] == ["sped_up"]
    pages = [e for e in matched.log if e.path.endswith("/tracks") and e.query.get("offset") == "50"]
    assert {e.language for e in pages} == {"ko", "en"}


def test_artist_album_lists_ask_for_at_most_ten(run, matched) -> None:
    discover(run)
    lists = [e for e in matched.log if e.path.startswith("/v1/artists/")]
    assert lists and all(int(e.query["limit"]) <= 10 for e in lists)
    assert not [e for e in matched.log if e.status >= 400]


def test_add_twice_adds_once_in_order_with_sources(run, matched) -> None:
    before = tracks(run)
    first = discover(run, "--add")
    added = [a["id"] for s in first["seasons"] for a in s["added"]]
    assert added == ["s1-d1", "s1-d2", "s1-d3", "s2-d1", "s2-d2"]
    second = discover(run, "--add")
    assert [a for s in second["seasons"] for a in s["added"]] == []
    assert all(s["new"] == 0 for s in second["seasons"])
    after = tracks(run)
    assert set(after) - set(before) == set(added)
    for track_id, row in before.items():  # nothing the catalogue had was changed
        if track_id != "s2-01":
            assert after[track_id] == row
    d1 = after["s1-d1"]
    assert (d1["status"], d1["match_status"], d1["order"]) == ("discovered", "auto", 8)
    assert (d1["title"], d1["title_en"]) == ("별이 지는 밤", "Night the Stars Fall")
    assert d1["spotify_uri"] == "spotify:track:d1star0000000000000001"
    assert [after[f"s1-d{n}"]["order"] for n in (1, 2, 3)] == [8, 9, 10]
    shown = json.loads(ok(run("show", "s1-d3", "--json")).stdout)
    assert shown["sources"][0].startswith("https://open.spotify.com/album/")
    (part,) = shown["match"]["evidence"]
    assert (part["name"], part["note"]) == (
        "discovery",
        'on the OST album "사운드트랙 #1 Score Collection", accepted for season 1 by ost discover',
    )
    assert shown["release_date"] == "2022-06-01"
    (artist,) = shown["artist_details"]
    assert (artist["name"], artist["name_en"]) == ("새벽별", "Dawn Star")
    # the catalogue's lookups know the added songs and artists
    by_artist = json.loads(ok(run("tracks", "--artist", "Dawn Star", "--json")).stdout)
    assert [r["id"] for r in by_artist] == ["s1-d1", "s1-d3"]
    assert json.loads(ok(run("show", "Night the Stars Fall", "--json")).stdout)["id"] == "s1-d1"
    # the default listing shows discovered songs; --csv carries the status
    assert "s1-d1" in ok(run("tracks")).stdout
    assert (
        "s2-d2,2," in ok(run("tracks", "--csv")).stdout
        and ",discovered," in run("tracks", "--csv").stdout
    )
    seasons = {s["season"]: s for s in json.loads(ok(run("seasons", "--json")).stdout)}
    assert (seasons[2]["confirmed"], seasons[2]["discovered"], seasons[2]["with_recording"]) == (
        1,
        2,
        3,
    )


def test_the_uncertain_credit_becomes_auto_with_its_reason(run, matched) -> None:
    s2 = season(discover(run), 2)
    assert [c["id"] for c in s2["confirmed"]] == ["s2-01"]
    shown = json.loads(ok(run("show", "s2-01", "--json")).stdout)
    assert shown["match_status"] == "auto"
    assert (
        'credit confirmed by the OST album "사운드트랙 #2 OST" on Spotify'
        in shown["match"]["reason"]
    )
    assert "credit confirmed by the OST album" in ok(run("show", "s2-01")).stdout
    assert "(the title as well)" in shown["match"]["reason"]  # both were uncertain
    parts = {p["name"]: p for p in shown["match"]["evidence"]}
    assert parts["confirmation"]["note"].startswith("credit confirmed by the OST album")
    assert parts["confirmation"]["weight"] == 0  # evidence beside the score, not in it


def test_a_search_hit_alone_confirms_nothing_and_decisions_stay(run, fake) -> None:
    ok(run("match"))
    ok(run("reject", "s2-01"))
    s2 = season(discover(run), 2)
    assert s2["confirmed"] == []
    assert tracks(run)["s2-01"]["match_status"] == "rejected"


def test_every_paged_read_spans_pages_and_stops_where_it_should(run, matched) -> None:
    """On a service stocked like the real one (album searches answer three pages, DEMIAN's
    album list four, the score collection 62 tracks), discovery follows each listing's ``next``
    as the service sends it, and reads at most two pages a search and three of an artist's list."""
    discover(run, "--add")
    log = [e for e in matched.log if e.status == 200]
    album_searches = [e for e in log if e.path == "/v1/search" and e.query["type"] == "album"]
    offsets = {e.query["q"]: set() for e in album_searches}
    for e in album_searches:
        offsets[e.query["q"]].add(int(e.query.get("offset", 0)))
    assert offsets['album:"사운드트랙 #1"'] == offsets["Soundtrack OST"] == {0, 10}
    assert max(max(o) for o in offsets.values()) == 10  # page three is never read
    lists = [e for e in log if e.path.startswith("/v1/artists/")]
    assert {int(e.query.get("offset", 0)) for e in lists} == {0, 10, 20}
    score = [e for e in log if e.path.endswith("/tracks") and e.query.get("offset") == "50"]
    assert {e.language for e in score} == {"ko", "en"}


def test_a_crowded_service_finds_exactly_what_a_quiet_one_finds(
    run, matched, ost_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sixty irrelevant albums and DEMIAN's other releases change nothing discovery finds,
    accepts or adds; the crowd is refused or never fetched."""
    crowded = discover(run, "--add")
    with FakeSpotify() as quiet:
        seed_soundtrack(quiet)
        seed_discovery(quiet, crowd=False)
        for name, value in quiet.environment().items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("OST_HOME", str(ost_home.with_name("quiet-home")))
        ok(run("match"))
        alone = discover(run, "--add")

    def found(out: dict[str, Any]) -> list[Any]:
        return [
            (s["season"], [a["name"] for a in s["accepted"]], [a["title"] for a in s["added"]])
            for s in out["seasons"]
        ]

    assert found(crowded) == found(alone)
    refused = {a["name"] for s in crowded["seasons"] for a in s["refused"]}
    assert {"사운드트랙 #1 (Piano Covers)", "사운드트랙 #2 (Karaoke)"} <= refused


def test_a_warm_discovery_sends_no_request(run, matched) -> None:
    cold = discover(run, "--add")
    assert cold["requests"] == len(matched.log) and api_requests(matched)
    matched.log.clear()
    warm = discover(run, "--add")
    assert (warm["requests"], len(matched.log)) == (0, 0)


def test_a_kill_inside_the_add_leaves_before_or_after(matched, ost_home: Path) -> None:
    """`ost discover --add` killed (SIGKILL) after writing its second track: nothing of the unit
    is kept (verdicts, confirmation, tracks); the next run writes it whole."""
    script = textwrap.dedent(
        """
        import os, signal, sys
        from ost.discover import add
        original, calls = add._insert_track, []
        def insert(*args, **kwargs):
            original(*args, **kwargs)
            calls.append(1)
            if len(calls) == 2:
                os.kill(os.getpid(), signal.SIGKILL)
        add._insert_track = insert
        from ost.cli import main
        sys.argv = ["ost", "discover", "--add"]
        main()
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=os.environ.copy(), capture_output=True
    )
    assert done.returncode == -signal.SIGKILL
    db = sqlite3.connect(ost_home / "ost.db")
    assert db.execute("select count(*) from tracks where status = 'discovered'").fetchone() == (0,)
    assert db.execute("select count(*) from album_verdicts").fetchone() == (0,)
    assert db.execute("select status from matches where track_id = 's2-01'").fetchone() == (
        "review",
    )
    assert (
        db.execute("select count(*) from spotify_album_tracks").fetchone()[0] > 0
    )  # fetched: kept
    db.close()
    again = subprocess.run(
        [sys.executable, "-m", "ost", "discover", "--add"],
        env=os.environ.copy(),
        capture_output=True,
    )
    assert again.returncode == 0, again.stderr
    db = sqlite3.connect(ost_home / "ost.db")
    assert db.execute("select count(*) from tracks where status = 'discovered'").fetchone() == (5,)
    db.close()


def test_match_after_discovery_takes_the_accepted_albums_first(run, fake) -> None:
    """Discovery before any match: the seasons' albums are accepted on their artists, and
    `ost match` then finds every recording on them without a search; the uncertain credit is
    confirmed by the OST album (the same rule as discovery's)."""
    discover(run)
    fake.log.clear()
    outcomes = {o["id"]: o for o in json.loads(ok(run("match", "--json")).stdout)}
    assert {o["status"] for o in outcomes.values()} == {"auto"}
    assert [o["queries"] for o in outcomes.values()] == [0] * len(outcomes)
    assert [e for e in fake.log if e.path == "/v1/search"] == []
    assert outcomes["s1-04"]["uri"] == "spotify:track:s1kimjongkook000000001"  # the single
    assert "credit confirmed by the OST album" in outcomes["s2-01"]["reason"]


def test_match_without_accepted_albums_keeps_the_credit_waiting(run, fake) -> None:
    outcomes = {o["id"]: o for o in json.loads(ok(run("match", "--json")).stdout)}
    assert outcomes["s2-01"]["status"] == "review"
    assert outcomes["s1-01"]["queries"] > 0


def test_discovered_songs_fill_the_season_playlist_and_round_trip_csv(
    run, matched, tmp_path: Path
) -> None:
    discover(run, "--add")
    shown = json.loads(ok(run("playlist", "show", "--season", "2", "--json")).stdout)
    entries = [(e["id"], e["resolves_to"]) for e in shown[0]["entries"]]
    # the known release first (its order is unknown, but discovered songs come after the
    # season's known releases, as README says), then the discovered ones
    assert entries == [("s2-01", "spotify"), ("s2-d1", "spotify"), ("s2-d2", "spotify")]
    exported = tmp_path / "tracks.csv"
    exported.write_text(ok(run("tracks", "--all", "--csv")).stdout, encoding="utf-8")
    before = tracks(run)
    ok(run("import", str(exported)))
    assert tracks(run) == before


def test_a_known_release_of_unknown_order_comes_before_the_discovered_songs(run, matched) -> None:
    """Da Capo (season 2, no order in the sources) stays ahead of the songs discovery added
    after it, in `ost tracks` and in an export; unverified songs stay last."""
    discover(run, "--add")
    listed = json.loads(ok(run("tracks", "--all", "--json")).stdout)
    assert [r["id"] for r in listed if r["season"] == 2] == ["s2-01", "s2-d1", "s2-d2"]
    season_1 = [r for r in listed if r["season"] == 1]
    assert [r["status"] for r in season_1][-2:] == ["unverified", "unverified"]
    assert [r["id"] for r in season_1 if r["status"] == "discovered"] == ["s1-d1", "s1-d2", "s1-d3"]
    m3u = ok(run("export", "m3u", "--season", "2")).stdout
    assert m3u.index("Da Capo") < m3u.index("되감기") < m3u.index("K의 노래")


def test_timeline_places_releases_against_the_air_dates(run, matched) -> None:
    discover(run, "--add")
    rows = json.loads(ok(run("timeline", "--season", "1", "--json")).stdout)
    events = [(r["event"], r["id"], r["when"]) for r in rows]
    premiere = events.index(("premiere", None, ""))
    finale = events.index(("finale", None, ""))
    assert events[0] == ("release", "s1-01", "before")
    assert ("release", "s1-d1", "before") in events[:premiere]  # Part.8, two weeks before
    assert ("release", "s1-d2", "during") in events[premiere:finale]  # the album, finale day
    assert events[finale + 1 :][:1] == [("release", "s1-d3", "after")]
    assert events[-1] == ("release", "s1-06", "date unknown")  # no source gives its date
    dates = [r["date"] for r in rows if r["date"]]
    assert dates == sorted(dates)
    assert "premiere" in ok(run("timeline")).stdout
    csv_lines = ok(run("timeline", "--season", "2", "--csv")).stdout.splitlines()
    assert csv_lines[0] == "date,season,when,event,id,title,artists,status"
    assert csv_lines[1] == "2023-12-06,2,,premiere,,,,"


def test_timeline_marks_what_the_sources_leave_uncertain(run, matched) -> None:
    """나에게 말해요's date (sources differ: 2022-02-04 or 2022-02-06) is not shown as a fact:
    the table marks it as `ost tracks` does, and --json says which fields are uncertain."""
    rows = {r["id"]: r for r in json.loads(ok(run("timeline", "--json")).stdout) if r["id"]}
    assert rows["s1-05"]["uncertain"] == ["date"]
    assert rows["s1-01"]["uncertain"] == []
    assert set(rows["s2-01"]["uncertain"]) >= {"title", "artists"}
    result = ok(run("timeline", "--season", "1"))
    line = next(x for x in result.stdout.splitlines() if "s1-05" in x)
    assert line.startswith("2022-02-06 (?)")
    assert "(?)" not in next(x for x in result.stdout.splitlines() if "s1-01" in x)
    assert "(?) uncertain: `ost show ID` says why." in result.stderr
    csv_lines = ok(run("timeline", "--season", "1", "--csv")).stdout.splitlines()
    assert next(x for x in csv_lines if ",s1-05," in x).startswith("2022-02-06,")


def test_without_credentials_or_network_one_line_and_nothing_written(
    run, fake, monkeypatch: pytest.MonkeyPatch, ost_home: Path
) -> None:
    monkeypatch.delenv("SPOTIPY_CLIENT_ID")
    monkeypatch.delenv("SPOTIPY_CLIENT_SECRET")
    result = run("discover")
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    db = sqlite3.connect(ost_home / "ost.db")
    assert db.execute("select count(*) from album_verdicts").fetchone() == (0,)
    db.close()


def test_a_long_rate_limit_stops_discovery_and_keeps_what_was_fetched(run, matched) -> None:
    matched.inject("GET", r"/v1/albums/", status=429, headers={"Retry-After": "3600"})
    result = run("discover")
    assert result.exit_code == 1 and "3600" in result.output
    matched.log.clear()
    out = discover(run)  # the searches answered before the stop are not asked again
    assert [e for e in matched.log if e.path == "/v1/search"] == []
    assert season(out, 2)["accepted"]


def test_an_unreadable_album_answer_is_an_error_not_an_empty_list(run, matched) -> None:
    matched.inject("GET", r"/v1/albums/.*/tracks", status=200, body={"items": "nope"})
    result = run("discover", "--add")
    assert result.exit_code == 1 and "cannot read" in result.output
    assert "Traceback" not in result.output
    assert "s1-d1" not in ok(run("tracks")).stdout


def test_the_album_of_a_decided_recording_is_looked_up_once_and_judged(run, fake) -> None:
    """A recording the user pinned, on an album no search finds: its album is read through the
    track (one request, cached), and judged like any other (a single titled "Da Capo" names no
    season: refused, and the pin stays)."""
    from fakespotify import DEMIAN_DA_CAPO_ID

    ok(run("pin", "s2-01", f"spotify:track:{DEMIAN_DA_CAPO_ID}"))
    fake.log.clear()
    s2 = season(discover(run, "--season", "2"), 2)
    lookups = [e for e in fake.log if e.path == f"/v1/tracks/{DEMIAN_DA_CAPO_ID}"]
    assert len(lookups) == 1
    refused = {a["name"]: a for a in s2["refused"]}
    assert refused["Da Capo"]["evidence"][0] == {
        "kind": "title",
        "ok": False,
        "detail": "its title does not name 사운드트랙 #2",
    }
    assert tracks(run)["s2-01"]["match_status"] == "pinned"
    fake.log.clear()
    discover(run, "--season", "2")
    assert fake.log == []


def test_the_report_counts_in_words_with_the_right_plurals(run, matched) -> None:
    """ "1 album accepted", "2 new songs": never "album(s)"."""
    out = season(discover(run, "--season", "2"), 2)
    text = ok(run("discover", "--season", "2")).stdout
    assert "(s)" not in text
    found = re.search(
        r"Season 2: (\d+) (albums?) accepted, (\d+) refused, (\d+) (new songs?)", text
    )
    assert found, text
    accepted, albums, _, new, songs = found.groups()
    assert int(accepted) == len(out["accepted"]) and int(new) == out["new"]
    assert (albums == "album") == (accepted == "1") and (songs == "new song") == (new == "1")
