"""`ost discover --service ytmusic`: a fan with no Spotify app completes a show they added from
YouTube Music alone (tests/fakeytmusic/discography.py stocks Starlight Laundry's twelve releases
there, the confusers and a crowd), then syncs its playlist; what YouTube Music cannot say (a day,
an ISRC) is said as such, and Spotify's albums, verdicts and decisions are never touched."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fakespotify import FakeSpotify
from fakespotify.shows import LAUNDRY, LAUNDRY_EN, LAUNDRY_KEY, PARTS, SCORE
from fakeytmusic import FakeYTMusicService
from fakeytmusic.discography import SONGS, TRACKS, Discography
from helpers.results import as_json, ok, tracks
from helpers.shows import add_laundry

from ost.discover.add import english
from ost.discover.rules import SeasonEvidence, Show, judge
from ost.discover.show import Season
from ost.errors import NotFound
from ost.match.normalize import has_hangul
from ost.service import ServiceName
from ost.service.albums import Album
from ost.ytmusic.auth import HeadersFile
from ost.ytmusic.service import YouTubeMusicService

KEY = LAUNDRY_KEY
YT = ("--service", "ytmusic")


# --- the rules: a year is all YouTube Music dates an album by ----------------------------------
POST = Show.of(
    ["달빛 우체국", "Moonlight Post Office"], [Season(1, (), date(2023, 3, 1), date(2023, 4, 20))]
)
S1 = SeasonEvidence(1, POST.title(1), POST.window(1), frozenset(), frozenset())


def dated(released: str, service: ServiceName, name: str = "달빛 우체국 OST Part.1") -> Album:
    return Album("a1", name, name, "single", released, "https://example.org/a1", service=service)


@pytest.mark.parametrize(
    ("released", "service", "ok", "words"),
    [
        ("2023", ServiceName.YTMUSIC, True, "released 2023 (year only), a year that overlaps"),
        ("2024", ServiceName.YTMUSIC, True, "released 2024 (year only), a year that overlaps"),
        ("2022", ServiceName.YTMUSIC, True, "released 2022 (year only), a year that overlaps"),
        ("2021", ServiceName.YTMUSIC, False, "released 2021 (year only), a year outside"),
        ("2009", ServiceName.YTMUSIC, False, "released 2009 (year only), a year outside"),
        ("2023-03-04", ServiceName.YTMUSIC, True, "released 2023-03-04, within"),
        ("2022", ServiceName.SPOTIFY, False, "released 2022, outside"),  # as it always was
    ],
)
def test_a_year_only_date_overlapping_the_shows_time_is_in_it_on_youtube_music(
    released: str, service: ServiceName, ok: bool, words: str
) -> None:
    """The show's time runs from 60 days before the premiere to a year after the
    finale (2022-12-31 .. 2024-04-19): 2022 overlaps it by a day."""
    [evidence] = [
        e for e in judge(dated(released, service), None, S1, POST).evidence if e.kind == "date"
    ]
    assert (evidence.ok, evidence.detail.startswith(words)) == (ok, True), evidence.detail


def test_a_same_named_album_of_other_years_is_still_refused() -> None:
    film = dated("2009", ServiceName.YTMUSIC, "달빛 우체국 OST")
    verdict = judge(film, None, S1, POST)
    assert not verdict.accepted and "a year outside the show's time" in verdict.reason


# --- the adapter ---------------------------------------------------------------------------------
def test_an_artists_releases_and_a_songs_album_on_youtube_music(
    fake_ytmusic: FakeYTMusicService, stocked: Discography
) -> None:
    service = YouTubeMusicService()
    part_one = service.album_of(stocked.recordings[SONGS[0]])
    assert (part_one.id, part_one.release_date, part_one.album_type) == (
        stocked.releases[0], "2024", "single"
    )  # fmt: skip
    singer = part_one.artists[0]
    listed = service.artist_albums(singer.id)
    assert {a.id for a in listed} >= {stocked.releases[0], stocked.confusers["own single"]}
    assert all(a.artists == (singer,) and a.service == ServiceName.YTMUSIC for a in listed)
    with pytest.raises(NotFound):
        service.album_of("fakeKyuMV01")  # a music video is on no album
    found = service.search_albums('album:"Starlight Laundry"', language="en")
    assert stocked.releases[2] in {a.id for a in found}
    assert [c["args"]["query"] for c in fake_ytmusic.calls("search")] == ["Starlight Laundry"]


def rows(ost_home: Path, sql: str) -> list[tuple[Any, ...]]:
    db = sqlite3.connect(ost_home / "ost.db")
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


@pytest.fixture
def stocked(fake_ytmusic: FakeYTMusicService) -> Discography:
    return fake_ytmusic.stock_laundry_ost()


@pytest.fixture
def on_yt(run, stocked: Discography, fake_ytmusic: FakeYTMusicService) -> dict[str, Any]:
    """Starlight Laundry added, then discovered and added from YouTube Music alone."""
    assert add_laundry(run) == KEY
    fake_ytmusic.forget_calls()
    out: dict[str, Any] = as_json(run("discover", "--show", KEY, "--add", *YT, "--json"))
    out["calls"] = fake_ytmusic.calls()
    return out


def test_a_show_added_is_completed_from_youtube_music_alone(
    run, on_yt, stocked: Discography, ost_home: Path
) -> None:
    [season] = on_yt["seasons"]
    assert {a["id"] for a in season["accepted"]} == set(stocked.releases)
    added = season["added"]
    assert [a["title"] for a in added] == TRACKS  # parts by number, extras, full album; score
    assert [a["id"] for a in added] == [f"{KEY}:s1-{n:02d}" for n in range(1, len(TRACKS) + 1)]
    assert [a["kind"] for a in added] == ["song"] * len(SONGS) + ["score"] * len(SCORE)
    assert [a["uri"] for a in added] == [stocked.recordings[t] for t in TRACKS]
    matches = rows(ost_home, "select track_id, service, status, uri from matches")
    assert sorted(matches) == sorted(
        (a["id"], "ytmusic", "auto", stocked.recordings[a["title"]]) for a in added
    )  # each its own release's recording, accepted; no row on Spotify
    listed = tracks(run, "--show", KEY)
    assert [(r["title"], r["status"]) for r in listed] == [(t, "discovered") for t in TRACKS]
    assert len({r["services"]["ytmusic"]["id"] for r in listed}) == len(TRACKS)  # no song twice
    sent = [c for c in on_yt["calls"] if c["method"] != "get_visitor_id"]  # a client's making
    assert on_yt["requests"] == len(sent) > 0
    assert {c["method"] for c in sent} <= {"search", "get_album", "get_artist"}


def test_none_of_the_confusers_is_taken(run, on_yt, stocked: Discography) -> None:
    [season] = on_yt["seasons"]
    accepted = {a["id"] for a in season["accepted"]}
    assert not accepted & set(stocked.confusers.values())
    refused = {a["id"]: a for a in season["refused"]}
    for what in ("film", "band", "lofi", "piano", "own single", "another show's OST"):
        assert stocked.confusers[what] in refused, what
    film = {e["kind"]: e for e in refused[stocked.confusers["film"]]["evidence"]}
    assert not film["date"]["ok"] and "2009 (year only), a year outside" in film["date"]["detail"]
    titles = {r["title"] for r in tracks(run)}
    assert not titles & {"Blue Hour", "따뜻한 빵", "세탁소의 밤", "Tumble Dry"}
    assert not any("Lofi" in t or "Piano" in t or "(Inst.)" in t for t in titles)


def test_a_year_is_all_youtube_music_gives_and_the_verdict_says_so(on_yt, run) -> None:
    [season] = on_yt["seasons"]
    for album in season["accepted"]:
        [date] = [e for e in album["evidence"] if e["kind"] == "date"]
        assert date["ok"] and date["detail"].startswith("released 2024 (year only), a year that")
    part = as_json(run("show", f"{KEY}:s1-01", "--json"))
    assert part["release_date"] is None  # a year is not a day: the catalogue is not told one
    assert "on YouTube Music, released 2024" in part["note"]


def test_a_second_discovery_asks_nothing_and_adds_nothing(
    run, on_yt, fake_ytmusic: FakeYTMusicService
) -> None:
    fake_ytmusic.forget_calls()
    again = as_json(run("discover", "--show", KEY, "--add", *YT, "--json"))
    assert (again["requests"], again["seasons"][0]["added"]) == (0, [])
    assert fake_ytmusic.calls() == []
    assert len(tracks(run, "--show", KEY)) == len(TRACKS)
    said = ok(run("discover", "--show", KEY, *YT)).stdout
    assert "YouTube Music requests: 0 (answered from the cache:" in said


def test_the_playlist_syncs_on_youtube_music(
    run, on_yt, stocked: Discography, fake_ytmusic: FakeYTMusicService
) -> None:
    HeadersFile().save(fake_ytmusic.auth())
    ok(run("playlist", "sync", "--show", KEY, *YT))
    [(pid, playlist)] = fake_ytmusic.playlists().items()  # one season, one playlist
    assert playlist["title"] == f"{LAUNDRY_EN} OST" and f"[ost:{KEY}-1]" in playlist["description"]
    assert fake_ytmusic.items(pid) == [stocked.recordings[t] for t in TRACKS]


def test_without_spotify_credentials_discover_points_to_youtube_music(run, stocked) -> None:
    add_laundry(run)
    failed = run("discover", "--show", KEY, "--add")
    assert failed.exit_code != 0 and "Traceback" not in failed.output
    assert "no Spotify credentials" in failed.output
    assert f"`ost discover --show {KEY} --add --service ytmusic`" in failed.output


def test_spotifys_albums_verdicts_and_decisions_are_left_alone(
    run, laundry, shows_fake: FakeSpotify, stocked: Discography, ost_home: Path
) -> None:
    """Discovered on Spotify first: YouTube Music's run finds the same releases, adds no song
    the catalogue has, and writes nothing of Spotify's; Spotify's next run still asks nothing."""
    spotify = "select * from matches where service = 'spotify' order by track_id"
    before = rows(ost_home, spotify)
    verdicts = "select show, season, album_id, accepted from album_verdicts where service = ?"
    accepted = "select count(*) from album_verdicts where service = 'spotify' and accepted = 1"
    spotify_verdicts = rows(ost_home, verdicts.replace("?", "'spotify'"))
    out = as_json(run("discover", "--show", KEY, "--add", *YT, "--json"))
    assert out["seasons"][0]["added"] == []  # every song is the catalogue's already
    assert {a["id"] for a in out["seasons"][0]["accepted"]} == set(stocked.releases)
    assert rows(ost_home, spotify) == before
    assert rows(ost_home, verdicts.replace("?", "'spotify'")) == spotify_verdicts
    assert rows(ost_home, "select count(*) from matches where service = 'ytmusic'") == [(0,)]
    shows_fake.reset_log()
    again = as_json(run("discover", "--show", KEY, "--json"))
    assert again["requests"] == 0
    assert [(len(again["seasons"][0]["accepted"]),)] == rows(ost_home, accepted)


def test_the_bundled_show_is_judged_on_youtube_music_too(
    run, fake_ytmusic: FakeYTMusicService, ost_home: Path
) -> None:
    """The stand-in's Soundtrack #1 singles and compilation are taken for season 1; their songs
    are the catalogue's, so nothing is added; the verdicts are YouTube Music's."""
    out = as_json(run("discover", "--show", "soundtrack", *YT, "--add", "--json"))
    one = next(s for s in out["seasons"] if s["season"] == 1)
    names = {a["name"] for a in one["accepted"]}
    assert "사운드트랙 #1 OST" in names
    assert {n for n in names if n.startswith("사운드트랙 #1 Part")} >= {
        f"사운드트랙 #1 Part {n} (Original Soundtrack)" for n in (1, 2, 3, 4, 5, 7)
    }
    assert "Da Capo: Baroque Encores" not in {
        a["name"] for s in out["seasons"] for a in s["accepted"]
    }
    assert all(s["added"] == [] for s in out["seasons"])
    services = rows(ost_home, "select distinct service from album_verdicts")
    assert services == [("ytmusic",)]


# --- what a real page can be: defects a review against ytmusicapi found -------------------------
LABEL = ("별빛 레이블", "UCfakeLabelStarlight0000")


def test_a_channel_with_no_artist_page_does_not_stop_the_discovery(
    run, stocked: Discography, fake_ytmusic: FakeYTMusicService
) -> None:
    """A label's channel credited on part 1's song has no artist page (ytmusicapi's get_artist
    raises KeyError for it): discovery says so in one line, reads the other artists, takes
    every release, and asks the page only once."""
    fake_ytmusic.credit_label_channel(stocked.recordings[SONGS[0]], *LABEL)
    add_laundry(run)
    done = run("discover", "--show", KEY, "--add", *YT, "--json")
    out = as_json(done)
    assert {a["id"] for a in out["seasons"][0]["accepted"]} == set(stocked.releases)
    said = [line for line in done.stderr.splitlines() if LABEL[1] in line]
    assert said == [f"note: the YouTube Music channel {LABEL[1]} has no artist page "
                    "('musicImmersiveHeaderRenderer'): its releases are not read"]  # fmt: skip
    fake_ytmusic.forget_calls()
    again = run("discover", "--show", KEY, *YT, "--json")
    assert as_json(again)["requests"] == 0 and LABEL[1] not in again.stderr


def test_a_gone_or_unreadable_artist_page_is_not_found(
    stocked: Discography, fake_ytmusic: FakeYTMusicService
) -> None:
    fake_ytmusic.credit_label_channel(stocked.recordings[SONGS[0]], *LABEL)
    notes: list[str] = []
    service = YouTubeMusicService(notify=notes.append)
    for channel in (LABEL[1], "UCfakeNobodyAtAll0000000"):
        with pytest.raises(NotFound, match=channel):
            service.artist_albums(channel)
    assert [n.split(" has no ")[1][:12] for n in notes] == ["artist page ", "page (HTTP 4"]


def test_a_video_with_no_queue_is_on_no_album_and_a_music_video_leads_to_its_song(
    stocked: Discography, fake_ytmusic: FakeYTMusicService
) -> None:
    """An empty watch queue (ytmusicapi: "No content returned by the server.", no status) is
    no album, said once; a music video whose queue starts with its song (the video as the
    song's counterpart) leads to the song's album."""
    silent = stocked.recordings[SONGS[1]]
    fake_ytmusic.unqueue(silent)
    fake_ytmusic.pair_versions("fakeWl1MV01", stocked.recordings[SONGS[0]])
    notes: list[str] = []
    service = YouTubeMusicService(notify=notes.append)
    with pytest.raises(NotFound, match=silent):
        service.album_of(silent)
    assert notes == [f"YouTube Music has no queue for the video {silent}: its album is not read"]
    assert service.album_of("fakeWl1MV01").id == stocked.releases[0]


def test_an_artists_older_releases_past_the_carousel_are_read(
    stocked: Discography, fake_ytmusic: FakeYTMusicService
) -> None:
    """Part 1's singer put out eleven singles since: the page's carousel shows the newest ten,
    and the rest (part 1 the oldest) come from get_artist_albums, each crediting the singer."""
    singer = "한여름"
    newer = fake_ytmusic.stock_singles(singer, 11, "2026")
    service = YouTubeMusicService()
    channel = service.album_of(stocked.recordings[SONGS[0]]).artists[0]
    listed = service.artist_albums(channel.id)
    ids = {a.id for a in listed}
    assert {*newer, stocked.releases[0], stocked.confusers["own single"]} <= ids
    assert all(a.artists == (channel,) and a.album_type == "single" for a in listed)
    [more] = fake_ytmusic.calls("get_artist_albums")
    assert (more["args"]["channelId"], more["args"]["limit"]) == (channel.id, None)


def test_a_hangul_album_search_finds_every_part(
    stocked: Discography, fake_ytmusic: FakeYTMusicService
) -> None:
    """The show's Korean name, searched as the Korean client does it (no filter: an albums
    shelf of three), lost most of the seven parts titled in Korean: the English client's album
    search finds them all."""
    korean = {r for r, part in zip(stocked.releases, PARTS, strict=False) if LAUNDRY in part[1]}
    found = YouTubeMusicService().search_albums(f'album:"{LAUNDRY}"', language="ko")
    assert len(korean) == 7 and korean <= {a.id for a in found}
    [search] = fake_ytmusic.calls("search")
    assert (search["language"], search["args"]["filter"]) == ("en", "albums")


def test_youtube_musics_songs_leave_spotifys_order_alone(
    run, laundry, stocked: Discography, fake_ytmusic: FakeYTMusicService
) -> None:
    """Discovered on Spotify (each part on its day), then on YouTube Music, which has one part
    more, dated 2024 only: a year does not say the new song comes before any of Spotify's, so it
    comes after them (before the score), and Spotify's songs keep their places."""
    before = [(r["id"], r["title"]) for r in tracks(run, "--show", KEY)]
    vid = fake_ytmusic.stock_single(
        "MPREb_fakeWlP1001", f"{LAUNDRY} OST Part.10", "새벽 빨래", "한여름", "2024",
        f"{LAUNDRY_EN} OST Part.10", "Dawn Laundry", "Han Yeoreum",
    )  # fmt: skip
    out = as_json(run("discover", "--show", KEY, "--add", *YT, "--json"))
    assert [a["uri"] for a in out["seasons"][0]["added"]] == [vid]
    after = [(r["id"], r["title"]) for r in tracks(run, "--show", KEY)]
    songs = [t for t in before if t[1] not in SCORE]
    assert after == [
        *songs,
        (out["seasons"][0]["added"][0]["id"], "새벽 빨래"),
        *before[len(songs) :],
    ]


def test_youtube_music_gives_no_english_name_for_a_korean_one(run, on_yt) -> None:
    """The English client answers the label's Korean names: a title and a singer there are no
    English names (null), so that the catalogue's English fields hold no Hangul."""
    listed = {r["title"]: r for r in tracks(run, "--show", KEY)}
    basket = listed["빨래 바구니"]
    assert (basket["title_en"], basket["artists"], basket["artists_en"]) == (None, ["한여름"], None)
    assert not any(has_hangul(r["title_en"] or "") for r in listed.values())
    assert not any(has_hangul(n) for r in listed.values() for n in r["artists_en"] or [])


@pytest.mark.parametrize(
    ("name", "name_en", "service", "stored"),
    [
        ("빨래 바구니", "빨래 바구니", ServiceName.YTMUSIC, None),  # one title for both
        ("한여름", "한여름", ServiceName.YTMUSIC, None),
        ("Spin Cycle", "Spin Cycle", ServiceName.YTMUSIC, None),  # the same: no second name
        ("행복해지고 싶어", "Want to Be Happy", ServiceName.YTMUSIC, "Want to Be Happy"),  # split
        ("빨래 바구니", "빨래 바구니 2", ServiceName.YTMUSIC, None),  # Hangul is not English
        ("빨래 바구니", "빨래 바구니", ServiceName.SPOTIFY, "빨래 바구니"),  # as Spotify says it
        ("빨래 바구니", "Laundry Basket", ServiceName.SPOTIFY, "Laundry Basket"),
    ],
)
def test_the_english_name_a_discovered_song_stores(
    name: str, name_en: str, service: ServiceName, stored: str | None
) -> None:
    assert english(name, name_en, service) == stored


def test_discover_json_names_its_service(run, on_yt, shows_fake: FakeSpotify) -> None:
    spotify = as_json(run("discover", "--show", KEY, "--json"))
    assert (on_yt["service"], spotify["service"]) == ("ytmusic", "spotify")


def test_max_wait_bounds_youtube_musics_pauses_after_a_429(
    run, stocked: Discography, fake_ytmusic: FakeYTMusicService
) -> None:
    """YouTube Music names no Retry-After: ost's own pause before trying again (0.5 s first) is
    what --max-wait bounds, and with less allowed the run stops at the first 429."""
    add_laundry(run)
    fake_ytmusic.fail("search", status=429, times=None)
    failed = run("discover", "--show", KEY, *YT, "--max-wait", "0.2")
    assert failed.exit_code != 0 and "Traceback" not in failed.output
    assert "YouTube Music asked us to wait 0.5 s" in failed.output
    assert "more than --max-wait 0.2 s allows" in failed.output
    assert len(fake_ytmusic.calls("search")) == 1  # no second try


def test_match_on_youtube_music_takes_its_accepted_albums_first(
    run, laundry, stocked: Discography, fake_ytmusic: FakeYTMusicService, ost_home: Path
) -> None:
    """Discovered on Spotify, then judged on YouTube Music (nothing to add): `ost match
    --service ytmusic` finds each song on the albums YouTube Music's discovery accepted, with
    no search, and the matches are YouTube Music's."""
    as_json(run("discover", "--show", KEY, *YT, "--json"))
    fake_ytmusic.forget_calls()
    ok(run("match", "--show", KEY, *YT))
    assert fake_ytmusic.calls("search") == []
    found = dict(rows(ost_home, "select t.title, m.uri from matches m join tracks t "
                                "on t.id = m.track_id where m.service = 'ytmusic'"))  # fmt: skip
    assert found == {t: stocked.recordings[t] for t in TRACKS}
    assert rows(ost_home, "select count(*) from matches where service = 'spotify'") == [
        (len(TRACKS),)
    ]
