"""Any K-drama's OST (issue 19), end to end against the test service: a show added by its names
and air dates (or from a hand-written show file) is discovered from an empty catalogue, listed,
synced and exported per show, and removed with everything that was its; the bundled show stays
as it was. The shows and their confusers are made up (tests/fakespotify/shows.py)."""

from __future__ import annotations

import json
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fakespotify.shows import (
    CONFUSERS,
    FULL,
    HARBOR_FILE,
    HARBOR_KEY,
    HARBOR_SONGS,
    LAUNDRY,
    LAUNDRY_ALIAS,
    LAUNDRY_EN,
    LAUNDRY_KEY,
    LAUNDRY_TRACKS,
    PARTS,
    RELEASES,
    SCORE,
    SONGS,
    seed_shows,
)
from helpers.catalogue import edit_text
from helpers.results import as_json, ok, tracks
from helpers.shows import add_laundry

from ost.spotify.auth import TokenFile

KEY = LAUNDRY_KEY


def test_a_show_added_by_its_names_and_air_dates_gets_its_whole_ost(run, laundry) -> None:
    [season] = laundry["seasons"]
    assert season["show"] == KEY and season["season"] == 1
    assert len(season["accepted"]) == RELEASES
    added = season["added"]
    assert [a["title"] for a in added] == LAUNDRY_TRACKS  # release order, the score after
    assert [a["id"] for a in added] == [f"{KEY}:s1-{n:02d}" for n in range(1, 17)]
    assert [a["kind"] for a in added] == ["song"] * len(SONGS) + ["score"] * len(SCORE)
    listed = tracks(run, "--show", KEY)
    assert [(r["title"], r["show"], r["status"], r["match_status"]) for r in listed] == [
        (t, KEY, "discovered", "auto") for t in LAUNDRY_TRACKS
    ]
    assert len({r["spotify_uri"] for r in listed}) == len(listed)  # no song twice


def test_each_song_carries_the_recording_of_its_own_release(run, laundry) -> None:
    """A part's song is its part's recording, not the full album's repeat of it (same ISRC)."""
    for part, ko, _, date, song, _, _ in PARTS:
        shown = as_json(run("show", f"{KEY}:s1-{part:02d}", "--json"))
        assert shown["title"] == song
        assert (shown["match"]["album"], shown["match"]["release_date"]) == (ko, date)
        assert shown["match"]["uri"] == f"spotify:track:wlpart{part * 2 - 1:016d}"
    ending = as_json(run("show", f"{KEY}:s1-11", "--json"))  # only on the full album
    assert (ending["title"], ending["match"]["album"]) == ("세탁소 엔딩", FULL[0])


def test_none_of_the_confusers_is_taken(run, laundry) -> None:
    [season] = laundry["seasons"]
    accepted = {(a["name"], a["release_date"]) for a in season["accepted"]}
    refused = {(a["name"], a["release_date"]): a for a in season["refused"]}
    assert not accepted & set(CONFUSERS.values())
    assert set(CONFUSERS.values()) <= set(refused)
    failing = {
        what: {e["kind"] for e in refused[album]["evidence"] if not e["ok"]}
        for what, album in CONFUSERS.items()
    }
    assert "date" in failing["film"]  # fifteen years earlier
    assert "title" in failing["band"] and "title" in failing["own single"]
    assert "variants" in failing["lofi"] and "variants" in failing["piano"]
    titles = {r["title"] for r in tracks(run)}
    assert not any("Lofi" in t or "Piano" in t or t == "Blue Hour" for t in titles)


def test_a_second_discovery_asks_nothing_and_adds_nothing(run, laundry, shows_fake) -> None:
    assert laundry["requests"] == len(laundry["log"]) > 0
    shows_fake.reset_log()
    again = as_json(run("discover", "--show", KEY, "--add", "--json"))
    assert (again["requests"], again["seasons"][0]["added"]) == (0, [])
    assert [e.path for e in shows_fake.log] == []
    assert len(tracks(run, "--show", KEY)) == len(LAUNDRY_TRACKS)


def test_ids_stay_when_a_later_release_comes(run, laundry, shows_fake) -> None:
    """A part found later takes the next free id; the songs before keep theirs, and the
    season's order stays the order of release."""
    before = {r["title"]: r["id"] for r in tracks(run, "--show", KEY)}
    shows_fake.add_track(
        "wllate0000000000000001", name="늦은 편지", name_en="Late Letter", artists=["은하수"],
        artists_en=["Eunhasu"], album=f"{LAUNDRY} OST Part.10",
        album_en=f"{LAUNDRY_EN} OST Part.10", release_date="2024-04-21", isrc="KRA402400999",
    )  # fmt: skip
    out = as_json(run("discover", "--show", KEY, "--add", "--refresh", "--json"))
    assert [a["id"] for a in out["seasons"][0]["added"]] == [f"{KEY}:s1-17"]
    after = tracks(run, "--show", KEY)
    assert {r["title"]: r["id"] for r in after if r["title"] in before} == before
    titles = [r["title"] for r in after]
    assert titles.index("세제 향기") < titles.index("늦은 편지") < titles.index("별빛 아래 빨래")


def test_one_playlist_per_season_named_after_the_show(run, laundry, shows_fake) -> None:
    TokenFile().save(shows_fake.stored_login())
    ok(run("playlist", "sync", "--show", KEY))
    [playlist] = [p for p in shows_fake.playlists.values() if f"[ost:{KEY}-1]" in p["description"]]
    assert playlist["name"] == f"{LAUNDRY_EN} OST"
    listed = tracks(run, "--show", KEY)
    assert playlist["uris"] == [r["spotify_uri"] for r in listed]
    assert not [p for p in shows_fake.playlists.values() if "[ost:soundtrack" in p["description"]]
    shows_fake.reset_log()
    ok(run("playlist", "sync", "--show", KEY))
    assert shows_fake.writes() == []  # nothing changed: nothing written
    defined = as_json(run("playlist", "list", "--show", KEY, "--json"))
    assert [(d["key"], d["name"], d["show"]) for d in defined] == [
        (f"{KEY}-1", f"{LAUNDRY_EN} OST", KEY)
    ]


def test_export_works_per_show(run, laundry, tmp_path: Path) -> None:
    out = tmp_path / "laundry.json"
    ok(run("export", "--show", KEY, "-o", str(out)))
    entries = json.loads(out.read_text(encoding="utf-8"))["entries"]
    assert [e["track_id"] for e in entries] == [r["id"] for r in tracks(run, "--show", KEY)]
    m3u = ok(run("export", "m3u", "--show", "soundtrack")).stdout
    assert m3u.splitlines()[1] == "#PLAYLIST:Soundtrack #1 OST + Soundtrack #2 OST"
    assert LAUNDRY not in m3u
    both = ok(run("export", "m3u")).stdout.splitlines()[1]
    assert both == f"#PLAYLIST:Soundtrack #1 OST + Soundtrack #2 OST + {LAUNDRY_EN} OST"


def test_the_bundled_show_lists_exactly_as_before(run, shows_fake) -> None:
    before = {
        args: ok(run(*args)).stdout
        for args in [("tracks", "--all", "--json"), ("playlist", "show", "--json"),
                     ("seasons", "--json"), ("tracks",)]
    }  # fmt: skip
    add_laundry(run)
    ok(run("discover", "--show", KEY, "--add"))
    for args, out in before.items():
        scoped = (*args[:1], "--show", "soundtrack", *args[1:])
        if args[0] == "playlist":
            scoped = ("playlist", "show", "--show", "soundtrack", "--json")
        assert ok(run(*scoped)).stdout == out, args
    assert "season 1     " in ok(run("status", "--show", "soundtrack")).stdout
    whole = ok(run("tracks")).stdout
    assert whole.startswith("사운드트랙 · Soundtrack  (show soundtrack)\n")
    assert f"\n\n{LAUNDRY} · {LAUNDRY_EN}  (show {KEY})\n" in whole


def test_a_hand_written_show_file_of_two_seasons(run, shows_fake, tmp_path: Path, ost_home) -> None:
    written = tmp_path / "harbor.toml"
    written.write_text(HARBOR_FILE, encoding="utf-8")
    assert ok(run("shows", "add", str(written))).stdout.strip() == HARBOR_KEY
    kept = (ost_home / "shows" / f"{HARBOR_KEY}.toml").read_text(encoding="utf-8")
    assert kept == HARBOR_FILE  # copied as written, its comments kept
    out = as_json(run("discover", "--show", HARBOR_KEY, "--add", "--json"))
    by_season = {s["season"]: [a["title"] for a in s["added"]] for s in out["seasons"]}
    assert by_season == HARBOR_SONGS
    plans = as_json(run("playlist", "show", "--show", HARBOR_KEY, "--json"))
    assert [(p["key"], p["name"], [e["title"] for e in p["entries"]]) for p in plans] == [
        (f"{HARBOR_KEY}-1", "Silver Harbor Season 1 OST", HARBOR_SONGS[1]),
        (f"{HARBOR_KEY}-2", "Silver Harbor Season 2 OST", HARBOR_SONGS[2]),
    ]
    shows = {s["key"]: s for s in as_json(run("shows", "--json"))}
    assert shows[HARBOR_KEY]["seasons"] == [
        {"number": 1, "premiere": "2023-01-13", "finale": "2023-01-13"},
        {"number": 2, "premiere": "2024-06-07", "finale": "2024-06-07"},
    ]
    assert (shows[HARBOR_KEY]["tracks"], shows[HARBOR_KEY]["origin"]) == (4, "user")


def test_shows_lists_every_show(run, laundry) -> None:
    shows = as_json(run("shows", "--json"))
    assert [(s["key"], s["origin"]) for s in shows] == [("soundtrack", "bundled"), (KEY, "user")]
    bundled, laundry_show = shows
    assert bundled["names"] == {"ko": "사운드트랙", "en": "Soundtrack"}
    assert [s["number"] for s in bundled["seasons"]] == [1, 2]
    assert laundry_show["names"] == {"ko": LAUNDRY, "en": LAUNDRY_EN}
    assert laundry_show["aliases"] == [LAUNDRY_ALIAS]
    assert laundry_show["seasons"] == [
        {"number": 1, "premiere": "2024-03-02", "finale": "2024-04-21"}
    ]
    assert (laundry_show["tracks"], laundry_show["score"]) == (len(SONGS), len(SCORE))
    assert laundry_show["with_recording"] == len(LAUNDRY_TRACKS)


def test_removing_a_show_takes_what_was_its(run, laundry, shows_fake, ost_home) -> None:
    TokenFile().save(shows_fake.stored_login())
    ok(run("playlist", "sync", "--show", KEY))
    declined = run("shows", "remove", KEY, input="n\n")
    assert declined.exit_code == 1 and len(tracks(run, "--show", KEY)) == len(LAUNDRY_TRACKS)
    done = ok(run("shows", "remove", KEY, input="y\n"))
    assert f"Removed the show {KEY}: 16 tracks, 1 playlist record" in done.stdout
    assert not (ost_home / "shows" / f"{KEY}.toml").exists()
    db = sqlite3.connect(ost_home / "ost.db")
    for sql in (
        f"select count(*) from tracks where id like '{KEY}:%'",
        f"select count(*) from matches where track_id like '{KEY}:%'",
        f"select count(*) from album_verdicts where show = '{KEY}'",
        f"select count(*) from discovered_tracks where show = '{KEY}'",
        f"select count(*) from seasons where show = '{KEY}'",
        f"select count(*) from remote_playlists where name = '{KEY}-1'",
        f"select count(*) from title_keys where track_id like '{KEY}:%'",
    ):
        assert db.execute(sql).fetchone() == (0,), sql
    db.close()
    assert [s["key"] for s in as_json(run("shows", "--json"))] == ["soundtrack"]
    assert tracks(run, "--show", "soundtrack") == tracks(run)


def test_the_bundled_show_cannot_be_removed(run) -> None:
    refused = run("shows", "remove", "soundtrack", "--yes")
    assert refused.exit_code == 2 and "cannot be removed" in refused.output
    assert len(tracks(run)) == 10


COMMANDS = [
    ("tracks",), ("seasons",), ("timeline",), ("status",), ("match",), ("review",),
    ("discover",), ("playlist", "list"), ("playlist", "show"), ("playlist", "sync"),
    ("export", "m3u"), ("library", "scan"), ("page",),
]  # fmt: skip


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_an_unknown_show_is_a_usage_mistake_with_the_closest(run, command) -> None:
    add_laundry(run)
    result = run(*command, "--show", "starlight-laundy")
    assert result.exit_code == 2, result.output
    assert "no show 'starlight-laundy'; did you mean starlight-laundry?" in result.output
    assert "Traceback" not in result.output


def test_a_season_is_checked_against_the_show_given(run) -> None:
    add_laundry(run)
    result = run("tracks", "--show", KEY, "--season", "2")
    assert result.exit_code == 2 and f"season 2 is not in show {KEY} (seasons: 1)" in result.output
    assert ok(run("tracks", "--season", "2")).stdout  # every show: the bundled one has it


def test_csv_round_trip_keeps_every_show(run, laundry, tmp_path: Path) -> None:
    exported = tmp_path / "tracks.csv"
    exported.write_text(ok(run("tracks", "--all", "--csv")).stdout, encoding="utf-8")
    header = exported.read_text(encoding="utf-8").splitlines()[0].split(",")
    flat = [f"{s}_{k}" for s in ("spotify", "ytmusic") for k in ("status", "id", "url")]
    assert header[-8:] == ["show", "kind", *flat]  # each service's match last, as flat columns
    before = tracks(run)
    assert "0 added, 0 changed" in ok(run("import", str(exported))).stdout
    assert tracks(run) == before


def test_a_title_of_two_shows_is_listed_with_each_show(run, laundry, tmp_path: Path) -> None:
    """An import adds to another show's season, under that show's ids; a reference that then
    names tracks of two shows lists each with its show."""
    rows = tmp_path / "more.csv"
    rows.write_text(f"show,season,title,artist\n{KEY},1,My Love,이든\n", encoding="utf-8")
    ok(run("import", str(rows)))
    mine = [r for r in tracks(run, "--show", KEY) if r["title"] == "My Love"]
    assert [r["id"] for r in mine] == [f"{KEY}:s1-user1"]
    named = run("show", "My Love")
    assert named.exit_code != 0
    assert "[show soundtrack]" in named.output and f"{KEY}:s1-user1" in named.output
    assert f"[show {KEY}]" in named.output


def test_an_import_keeps_each_track_in_its_show(run, laundry, tmp_path: Path) -> None:
    rows = tmp_path / "move.csv"
    rows.write_text(f"id,show,season,title,artist\ns1-03,{KEY},1,X,Y\n", encoding="utf-8")
    moved = run("import", str(rows))
    assert moved.exit_code != 0 and "s1-03 is a track of show soundtrack" in moved.output
    rows.write_text("id,season,title,artist\nnew:s1-01,1,X,Y\n", encoding="utf-8")
    named = run("import", str(rows))
    assert named.exit_code != 0 and "must hold no ':'" in named.output


def test_ctrl_c_in_a_discovery_of_every_show_lists_the_shows_it_saved(
    run, fake, ost_home: Path
) -> None:
    seed_shows(fake)
    assert add_laundry(run) == KEY
    fake.latency = 0.05  # Starlight Laundry's albums take a while: time to interrupt there
    proc = subprocess.Popen(
        [sys.executable, "-m", "ost", "discover", "--add"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    db = sqlite3.connect(ost_home / "ost.db", timeout=30)
    query = "select distinct show from album_verdicts"
    deadline = time.monotonic() + 60
    while not db.execute(query).fetchall() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert db.execute(query).fetchall() == [("soundtrack",)]  # the bundled show done, not hers
    db.close()
    assert out.startswith("soundtrack season 1: ") and KEY not in out  # as a whole run says it
    assert (
        f"Discovery of 1 show (soundtrack) saved before the interrupt, not of {KEY}; run "
        "`ost discover --add` again to go on" in err
    )
    assert "Traceback" not in err and "interrupted; the step in progress was not saved" in err


@pytest.mark.parametrize(
    ("show", "said"),
    [
        (KEY, f"Discovery of {KEY} interrupted before anything was saved; "
         f"run `ost discover --show {KEY} --add` again"),
        (None, f"Discovery of soundtrack, {KEY} interrupted before anything was saved; "
         "run `ost discover --add` again"),
    ],
    ids=["one-show", "every-show"],
)  # fmt: skip
def test_an_interrupt_before_any_show_was_saved_names_the_shows(
    capsys, show: str | None, said: str
) -> None:
    from ost.cli.discovery import _interrupted

    _interrupted([], False, False, True, (show, (), [show] if show else ["soundtrack", KEY]))
    err = capsys.readouterr().err
    assert said in err and "no show" not in err


# --- show files: added, edited, broken ------------------------------------------------------------


@pytest.mark.parametrize("key", ["soundtrack", "dokkaebi"], ids=["bundled", "taken"])
def test_a_files_key_that_is_taken_is_said_with_its_line(run, tmp_path: Path, key: str) -> None:
    assert ok(run("shows", "add", "도깨비")).stdout.strip() == "dokkaebi"
    path = tmp_path / "broken.toml"
    path.write_text(f'# mine\n[show]\ntitle = "도깨비"\nkey = "{key}"\n', encoding="utf-8")
    result = run("shows", "add", str(path))
    assert result.exit_code == 1, result.output
    assert result.output.startswith(f"Error: {path}:4: [show]: 'key' is '{key}', ")
    assert [s["key"] for s in as_json(run("shows", "--json"))].count(key) <= 1


def test_a_key_is_derived_and_never_taken_twice(run) -> None:
    assert ok(run("shows", "add", "도깨비")).stdout.strip() == "dokkaebi"
    assert ok(run("shows", "add", "Dokkaebi", "--seasons", "2")).stdout.strip() == "dokkaebi-2"
    taken = run("shows", "add", "Goblin", "--key", "dokkaebi")
    assert (
        taken.exit_code == 2 and "'dokkaebi' is the key of a show there is already" in taken.output
    )
    reserved = run("shows", "add", "Soundtrack", "--key", "soundtrack")
    assert reserved.exit_code == 2 and "the bundled show's key" in reserved.output
    shows = {s["key"]: s for s in as_json(run("shows", "--json"))}
    assert shows["dokkaebi-2"]["seasons"] == [
        {"number": 1, "premiere": None, "finale": None},
        {"number": 2, "premiere": None, "finale": None},
    ]


@pytest.mark.parametrize(
    "args, said",
    [
        (("--aired", "2023-03-01..2023-02-01"), "is before the premiere"),
        (("--aired", "March 2023"), "START..END, ISO dates"),
        (("--seasons", "0"), "a show has 1 to 999 seasons"),
        (("--key", "Bad Key!"), "--key must be 1 to 40 lower-case letters"),
        (("--alias", "!!!"), "--alias must be a name with a letter or a digit"),
    ],
)
def test_a_bad_option_adds_nothing(run, ost_home, args, said) -> None:
    result = run("shows", "add", "달빛 우체국", *args)
    assert result.exit_code == 2 and said in result.output, result.output
    assert not list((ost_home / "shows").glob("*.toml"))
    assert [s["key"] for s in as_json(run("shows", "--json"))] == ["soundtrack"]


def test_a_broken_file_is_refused_whole_naming_its_line(run, tmp_path, ost_home) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(HARBOR_FILE.replace("finale = 2024-06-07", "finale = 2024-06-01"), "utf-8")
    result = run("shows", "add", str(broken))
    assert result.exit_code == 1
    assert f"{broken}:18: [[seasons]] #2: 'finale' 2024-06-01 is before the premiere" in (
        result.output
    )
    assert not (ost_home / "shows").exists() or not list((ost_home / "shows").iterdir())
    assert [s["key"] for s in as_json(run("shows", "--json"))] == ["soundtrack"]


def test_an_edited_file_is_read_again_and_a_mistake_keeps_the_show(run, ost_home) -> None:
    add_laundry(run)
    path = ost_home / "shows" / f"{KEY}.toml"
    edit_text(path, ("finale = 2024-04-21", "finale = 2024-04-28"))
    [_, show] = as_json(run("shows", "--json"))
    assert show["seasons"][0]["finale"] == "2024-04-28"
    edit_text(path, ("finale = 2024-04-28", "finale = 2024-02-28"))
    listed = run("shows", "--json")
    assert json.loads(listed.stdout)[1]["seasons"][0]["finale"] == "2024-04-28"  # as it was
    assert f"{path}:12: [[seasons]] #1: 'finale' 2024-02-28 is before" in listed.stderr
    asked = run("tracks", "--show", KEY)
    assert asked.exit_code == 1 and f"{path}:12:" in asked.output
    assert ok(run("tracks", "--show", "soundtrack"))


def test_a_file_written_into_the_shows_folder_is_a_show(run, ost_home) -> None:
    folder = ost_home / "shows"
    folder.mkdir(parents=True)
    (folder / "moonlight.toml").write_text('[show]\ntitle = "달빛 우체국"\n', encoding="utf-8")
    (folder / "typo.toml").write_text('[show]\ntitel = "오타"\n', encoding="utf-8")
    listed = run("shows", "--json")
    assert [s["key"] for s in json.loads(listed.stdout)] == ["soundtrack", "moonlight"]
    assert "typo.toml:2: [show]: 'titel' is not a [show] key" in listed.stderr


def test_a_crowded_service_finds_exactly_what_a_quiet_one_finds(run, fake_spotify) -> None:
    """Sixty irrelevant albums answer the show's searches and push its parts past the pages
    read: the album lists of the accepted albums' singers find them."""
    seed_shows(fake_spotify, crowd=True)
    add_laundry(run)
    out = as_json(run("discover", "--show", KEY, "--add", "--json"))
    [season] = out["seasons"]
    assert [a["title"] for a in season["added"]] == LAUNDRY_TRACKS
    assert len(season["accepted"]) == RELEASES
    assert len(season["refused"]) > len(CONFUSERS)


# --- every command, show by show -----------------------------------------------------------------


def test_listings_of_several_shows_come_show_by_show(run, laundry) -> None:
    seasons = ok(run("seasons")).stdout
    assert seasons.index("(show soundtrack)") < seasons.index(f"(show {KEY})")
    timeline = as_json(run("timeline", "--show", KEY, "--json"))
    assert {r["show"] for r in timeline} == {KEY}
    assert [r["event"] for r in timeline][:2] == ["premiere", "release"]  # 2024-03-02, both
    status = as_json(run("status", "--json"))
    assert [(s["show"], s["season"]) for s in status["seasons"]] == [
        ("soundtrack", 1), ("soundtrack", 2), (KEY, 1)
    ]  # fmt: skip
    assert status["seasons"][2]["auto"] == len(LAUNDRY_TRACKS)
    assert f"{KEY} season 1 16 tracks: 16 auto" in ok(run("status")).stdout
    assert [s["show"] for s in as_json(run("status", "--show", KEY, "--json"))["seasons"]] == [KEY]


def test_match_and_review_keep_to_the_show_given(run, laundry) -> None:
    ok(run("reject", f"{KEY}:s1-01"))
    looked = as_json(run("match", "--show", KEY, "--json"))
    assert [o["id"] for o in looked] == [f"{KEY}:s1-01"]  # the bundled show's are not looked for
    waiting = {r["id"] for r in as_json(run("review", "--show", "soundtrack", "--json"))}
    assert not any(i.startswith(f"{KEY}:") for i in waiting)


def test_a_library_scan_matches_files_to_the_show_given(
    run, laundry, tmp_path: Path, ost_home: Path
) -> None:
    from helpers.audio import write_wav

    music = tmp_path / "music"
    write_wav(music / "한여름 - 빨래 바구니.wav", seconds=0.5)
    scanned = as_json(run("library", "scan", str(music), "--show", "soundtrack", "--json"))
    assert scanned["matched"] == [] and len(scanned["unmatched"]) == 1
    scanned = as_json(run("library", "scan", str(music), "--show", KEY, "--force", "--json"))
    assert [m["id"] for m in scanned["matched"] + scanned["review"]] == [f"{KEY}:s1-01"]
    ok(run("shows", "remove", KEY, "--yes"))  # the file is matched to nothing with it
    db = sqlite3.connect(ost_home / "ost.db")
    assert db.execute("select track_id, state from library_files").fetchall() == [(None, "none")]
    db.close()


def test_the_page_covers_every_show_or_the_one_given(run, laundry, tmp_path: Path) -> None:
    ok(run("page", "-o", str(tmp_path / "all")))
    both = (tmp_path / "all" / "index.html").read_text(encoding="utf-8")
    assert f"<title>Soundtrack · {LAUNDRY_EN} OST — the companion page</title>" in both
    assert 'id="season-1"' in both and f'id="season-{KEY}-1"' in both
    assert f'id="song-{KEY}--s1-01"' in both
    ok(run("page", "-o", str(tmp_path / "one"), "--show", KEY))
    one = (tmp_path / "one" / "index.html").read_text(encoding="utf-8")
    assert f'<h1>{LAUNDRY_EN} <span lang="ko">{LAUNDRY}</span> OST</h1>' in one
    assert 'id="season-1"' not in one and "사랑은 말로" not in one
    counted = f"{len(SONGS)} songs + {len(SCORE)} score"  # not 16 songs (fresh-user trial 2)
    assert f'aria-live="polite">{counted}</p>' in one and f'<p class="counts">{counted}:' in one


def test_a_show_of_several_seasons_names_its_first_by_the_show(run, ost_home) -> None:
    """The first season's releases carry no season mark ("X OST Part.1", then "X Season 2
    OST"): the file names season 1 by the show's names; the seasons to date are said."""
    added = run("shows", "add", "달빛 병원", "--name-en", "Moonlit Hospital", "--seasons", "2",
                "--aired", "2020-03-12..2020-05-28")  # fmt: skip
    assert added.stdout.strip() == "moonlit-hospital"
    assert "note: no air dates for season 2: discovery finds nothing there" in added.stderr
    assert "moonlit-hospital.toml (docs/shows-format.md)" in added.stderr  # where and how to date
    assert "[[seasons]]" in added.stderr
    text = (ost_home / "shows" / "moonlit-hospital.toml").read_text(encoding="utf-8")
    assert '[[seasons]]\nnumber = 1\naliases = ["달빛 병원", "Moonlit Hospital"]\n' in text
    assert text.endswith("[[seasons]]\nnumber = 2\n")


def test_a_show_added_without_air_dates_is_not_sent_to_discovery(run, ost_home) -> None:
    """Discovery would accept nothing for it: the next step is dating it, in its file or anew."""
    added = run("shows", "add", "눈물의 여왕")
    assert added.exit_code == 0 and added.stdout.strip() == "nunmului-yeowang"
    file = ost_home / "shows" / "nunmului-yeowang.toml"
    assert "ost discover" not in added.stderr
    assert "It has no air dates" in added.stderr and f"[[seasons]] table of {file}" in added.stderr
    assert "--aired START..END" in added.stderr and "`ost shows remove nunmului-yeowang`" in (
        added.stderr
    )
    dated = run("shows", "add", "달빛 병원", "--aired", "2020-03-12..2020-05-28")
    assert "Next: `ost discover --show" in dated.stderr and "no air dates" not in dated.stderr


def test_discovery_of_a_show_without_air_dates_asks_nothing_and_says_where_to_date_it(
    run, fake, shows_fake, ost_home
) -> None:
    """An album cannot be judged without the season's time: nothing is searched, and the
    report names the file to date it in, rather than "0 albums accepted, 0 refused"."""
    assert run("shows", "add", "눈물의 여왕").exit_code == 0
    shows_fake.reset_log()
    out = as_json(run("discover", "--show", "nunmului-yeowang", "--add", "--json"))
    [season] = out["seasons"]
    assert (season["undated"], season["accepted"], season["added"]) == (True, [], [])
    assert out["requests"] == 0 and shows_fake.log == []
    said = ok(run("discover", "--show", "nunmului-yeowang")).stdout
    file = ost_home / "shows" / "nunmului-yeowang.toml"
    assert "Season 1: no air dates, so nothing was searched" in said
    assert f"`premiere` and `finale` in {file}" in said and "0 albums accepted" not in said
    everything = as_json(run("discover", "--json"))  # the bundled show is still discovered
    dated = {(r["show"], r["undated"]) for r in everything["seasons"]}
    assert dated == {("soundtrack", False), ("nunmului-yeowang", True)}
    assert any(r["accepted"] for r in everything["seasons"] if r["show"] == "soundtrack")


def test_adding_a_file_already_in_the_shows_folder_adds_it_once(run, ost_home) -> None:
    folder = ost_home / "shows"
    folder.mkdir(parents=True)
    (folder / "moonlight.toml").write_text('[show]\ntitle = "달빛 우체국"\n', encoding="utf-8")
    assert ok(run("shows", "add", str(folder / "moonlight.toml"))).stdout.strip() == "moonlight"
    assert [s["key"] for s in as_json(run("shows", "--json"))] == ["soundtrack", "moonlight"]
    assert sorted(p.name for p in folder.iterdir()) == ["moonlight.toml"]


def test_the_tracks_table_marks_the_score(run, laundry) -> None:
    lines = ok(run("tracks", "--show", KEY, "--wide")).stdout.splitlines()
    header = lines[0].split()
    assert header.index("kind") == header.index("status") + 1
    marked = {SCORE.index(t) for t in SCORE for line in lines if t in line and " score" in line}
    assert marked == set(range(len(SCORE)))
    assert not [line for line in lines if SONGS[0] in line and " score" in line]
    assert "kind" not in ok(run("tracks", "--show", "soundtrack")).stdout  # no score: as before


def test_match_output_aligns_on_the_longest_id(run, laundry) -> None:
    ok(run("reject", f"{KEY}:s1-01"))
    lines = ok(run("match")).stdout.splitlines()
    firsts, reasons = lines[0::2], lines[1::2]
    assert any(line.startswith(f"{KEY}:s1-01 ") for line in firsts)
    assert len(firsts) > 1 and any(line.startswith("s1-") for line in firsts)
    columns = {re.search(r" (auto|review|none) ", line).start() for line in firsts}
    assert columns == {len(f"{KEY}:s1-01")}
    assert {len(r) - len(r.lstrip()) for r in reasons} == {len(f"{KEY}:s1-01") + 1}


def test_a_definitions_bare_ids_are_its_shows(run, laundry, ost_home) -> None:
    mine = ost_home / "playlists"
    mine.mkdir(parents=True, exist_ok=True)
    (mine / "fav.toml").write_text(
        f'name = "Fav"\n[select]\nshow = "{KEY}"\ntracks = ["s1-04", "s1-01", "soundtrack:s1-02"]\n',
        encoding="utf-8",
    )
    [fav] = as_json(run("playlist", "show", "fav", "--json"))
    assert [e["id"] for e in fav["entries"]] == [f"{KEY}:s1-04", f"{KEY}:s1-01", "s1-02"]
    last = f"s1-{len(tracks(run, '--show', KEY)):02d}"
    (mine / "fav.toml").write_text(
        f'name = "Fav"\n[select]\nshow = "{KEY}"\ntracks = ["{last}", "s1-99"]\n', encoding="utf-8"
    )
    result = run("playlist", "show", "fav")
    assert result.exit_code != 0
    assert "fav.toml: 'select.tracks' names unknown track: s1-99" in result.output
    assert (
        ok(run("show", "soundtrack:s1-02", "--json")).stdout
        == ok(run("show", "s1-02", "--json")).stdout
    )


def test_status_suggests_an_export_of_one_show_that_has_links(run, laundry, tmp_path) -> None:
    [step] = [s for s in as_json(run("status", "--json"))["next"] if "music player" in s]
    assert step == f"`ost export m3u --show {KEY} --season 1 -o {KEY}-1.m3u8` for a music player"
    out = tmp_path / f"{KEY}-1.m3u8"
    ok(run(*step.split("`")[1].split()[1:-1], str(out)))
    assert out.read_text(encoding="utf-8").splitlines()[1] == f"#PLAYLIST:{LAUNDRY_EN} OST"


def test_a_show_without_tracks_in_the_seasons_adds_nothing_to_the_title(run, shows_fake) -> None:
    add_laundry(run)  # its season 1 is known, none of its songs yet
    m3u = ok(run("export", "m3u", "--season", "1")).stdout
    assert m3u.splitlines()[1] == "#PLAYLIST:Soundtrack #1 OST"
    assert ok(run("export", "m3u", "--season", "1", "--show", KEY)).stdout.splitlines()[1] == (
        f"#PLAYLIST:{LAUNDRY_EN} OST"
    )  # the one show asked for keeps its title, empty as it is


def test_status_aligns_its_values_after_the_longest_label(run, laundry) -> None:
    lines = ok(run("status")).stdout.split("next:")[0].splitlines()
    label = f"{KEY} season 1"
    [season] = [line for line in lines if line.startswith(label)]
    column = len(label) + 1
    assert re.match(r"\d+ tracks: \d+ auto$", season[column:]), season
    for line in lines:
        assert line[column - 1] == " " and line[column] != " ", line  # one column of values


def test_status_labels_are_measured_as_they_show() -> None:
    from ost.cli.catalogue import _aligned

    rows = _aligned([("database", "a"), ("세탁소 시즌 1 (long label)", "b"), "next:"])
    assert rows == [f"database{' ' * 18} a", "세탁소 시즌 1 (long label) b", "next:"]
