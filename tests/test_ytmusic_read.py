"""YouTube Music's read half (``ost.ytmusic``) against the stand-in (tests/fakeytmusic/): the client
seam, search rows and album tracks as the scorer's candidates, albums as discovery's objects,
and the scorer's choice for every catalogue song.

The catalogue is the real one (data/*.toml); the stand-in holds the seven Soundtrack #1 songs with
their music videos and lyric uploads ranked above them, instrumentals, karaoke versions, covers
and same-titled songs by others, and no Soundtrack #2 "Da Capo" (only an orchestra's).
"""

from __future__ import annotations

import json
import locale
import subprocess
import sys

import pytest
from fakeytmusic import OLDER_MY_LOVE, ORCHESTRA_DA_CAPO, FakeYTMusicService, SeededSong

from ost import catalogue
from ost.catalogue import Target
from ost.errors import AuthError, ConnectionLost, InputError, ServiceError, UsageError
from ost.match.score import choose
from ost.match.types import Verdict
from ost.service.protocols import AlbumDates
from ost.spotify.service import SpotifyService
from ost.ytmusic import albums, recordings
from ost.ytmusic.client import FACTORY_ENV, YouTubeMusic, connect
from ost.ytmusic.recordings import Recording
from ost.ytmusic.service import YouTubeMusicService

TRACK_IDS = ("s1-01", "s1-02", "s1-03", "s1-04", "s1-05", "s1-06", "s1-07", "s2-01")


@pytest.fixture
def targets() -> dict[str, Target]:
    db = catalogue.open_catalogue()
    return {t.wanted.track_id: t for t in catalogue.targets(db, list(TRACK_IDS))}


@pytest.fixture
def music(fake_ytmusic: FakeYTMusicService) -> YouTubeMusic:
    return YouTubeMusic(sleep=lambda seconds: None)


def plan(target: Target) -> list[tuple[str, str]]:
    main = target.artists[0]
    return recordings.queries(target.title, main["name"], target.title_en, main["name_en"])


def seen_by(music: YouTubeMusic, searches: list[tuple[str, str]]) -> dict[str, Recording]:
    seen: dict[str, Recording] = {}
    for language, query in searches:
        recordings.merge(seen, language, recordings.search_songs(music, language, query))
    return seen


def judged(target: Target, seen: dict[str, Recording]) -> tuple[Verdict | None, dict[str, Verdict]]:
    best, ranked = choose(target.wanted, [r.candidate() for r in seen.values()])
    return best, {v.candidate.uri: v for v in ranked}


def song(fake: FakeYTMusicService, track_id: str) -> SeededSong:
    return next(s for s in fake.songs if s.track_id == track_id)


def explain(verdicts: dict[str, Verdict]) -> str:
    return "\n".join(f"{u} {v.status} {v.score} {v.reason}" for u, v in verdicts.items())


# --- the scorer's choice for every catalogue song ------------------------------------------------
@pytest.mark.parametrize("track_id", TRACK_IDS[:7])
def test_two_searches_find_the_audio_track_above_its_video_and_lyric_upload(
    fake_ytmusic: FakeYTMusicService, music: YouTubeMusic, targets: dict[str, Target], track_id: str
) -> None:
    expected, target = song(fake_ytmusic, track_id), targets[track_id]
    seen = seen_by(music, plan(target))
    best, verdicts = judged(target, seen)
    assert best is not None and best.candidate.uri in expected.right, explain(verdicts)
    assert best.status == "auto", explain(verdicts)
    assert best.candidate.kind == "audio" and best.candidate.isrc is None
    assert expected.music_video in seen, "the music video must be there to be passed over"
    assert verdicts[expected.music_video].status != "auto"
    assert len(fake_ytmusic.calls("search")) == len(plan(target)) <= 2


@pytest.mark.parametrize("track_id", TRACK_IDS[:7])
def test_every_trap_the_service_holds_for_the_title_is_refused(
    fake_ytmusic: FakeYTMusicService, music: YouTubeMusic, targets: dict[str, Target], track_id: str
) -> None:
    expected, target = song(fake_ytmusic, track_id), targets[track_id]
    main = target.artists[0]
    words = [target.title, target.title_en or "", expected.title, main["name"], main["name_en"]]
    seen = seen_by(music, [*plan(target), *(("en", w) for w in dict.fromkeys(words) if w)])
    best, verdicts = judged(target, seen)
    assert best is not None and best.candidate.uri in expected.right, explain(verdicts)
    for kind, vid in expected.wrong.items():
        assert vid in verdicts, f"{kind} {vid} was never offered"
        assert verdicts[vid].status == "none", f"{kind}: {verdicts[vid].reason}"
    for vid in (expected.music_video, expected.lyrics):
        assert verdicts[vid].status in ("review", "none"), verdicts[vid].reason
    wrong = [v for u, v in verdicts.items() if u not in expected.right and v.status == "auto"]
    assert not wrong, explain(verdicts)


def test_the_same_artists_older_song_of_the_same_title_is_not_taken(
    fake_ytmusic: FakeYTMusicService, music: YouTubeMusic, targets: dict[str, Target]
) -> None:
    target = targets["s1-04"]
    seen = seen_by(music, [*plan(target), ("en", "My Love")])
    best, verdicts = judged(target, seen)
    assert OLDER_MY_LOVE in verdicts and verdicts[OLDER_MY_LOVE].status != "auto"
    assert best is not None and best.candidate.uri in song(fake_ytmusic, "s1-04").right


def test_a_song_the_service_lacks_gets_no_match(
    fake_ytmusic: FakeYTMusicService, music: YouTubeMusic, targets: dict[str, Target]
) -> None:
    target = targets["s2-01"]
    best, verdicts = judged(target, seen_by(music, plan(target)))
    assert ORCHESTRA_DA_CAPO in verdicts and verdicts[ORCHESTRA_DA_CAPO].status == "none"
    assert best is None, explain(verdicts)


def test_the_music_video_is_proposed_for_review_when_the_song_is_gone(
    fake_ytmusic: FakeYTMusicService, music: YouTubeMusic, targets: dict[str, Target]
) -> None:
    expected, target = song(fake_ytmusic, "s1-01"), targets["s1-01"]
    for vid in expected.right:
        fake_ytmusic.withdraw(vid)
    best, verdicts = judged(target, seen_by(music, plan(target)))
    assert best is not None and best.candidate.uri == expected.music_video, explain(verdicts)
    assert best.status == "review" and "music video" in best.reason


# --- searching -----------------------------------------------------------------------------------
def test_the_korean_client_searches_without_a_filter_because_its_filtered_answer_is_empty(
    fake_ytmusic: FakeYTMusicService, music: YouTubeMusic
) -> None:
    query = "사랑은 말로 표현하는게 아니래요 규현"
    assert fake_ytmusic.client("ko").search(query, filter="songs") == []  # ytmusicapi #1006
    rows = recordings.search_songs(music, "ko", query)
    assert "fakeKyu0001" in [r.video_id for r in rows]
    korean = [c for c in fake_ytmusic.calls("search") if c["language"] == "ko"]
    assert [c["args"]["filter"] for c in korean] == ["songs", None]


def test_the_korean_search_still_works_once_ytmusicapi_filters_in_korean(
    fake_ytmusic: FakeYTMusicService, music: YouTubeMusic
) -> None:
    fake_ytmusic.fix_localized_filters()
    rows = recordings.search_songs(music, "ko", "My Love 김종국")
    assert {"fakeKjk0001", "fakeKjkMV01"} <= {r.video_id for r in rows}


def test_a_search_row_becomes_a_candidate_with_the_video_id_link_and_kind(
    fake_ytmusic: FakeYTMusicService, music: YouTubeMusic
) -> None:
    seen = seen_by(music, [("ko", "My Love 김종국"), ("en", "My Love Kim Jong Kook")])
    audio, video = seen["fakeKjk0001"], seen["fakeKjkMV01"]
    assert audio.url == "https://music.youtube.com/watch?v=fakeKjk0001"
    assert audio.missing_languages() == []
    candidate = audio.candidate()
    assert candidate.uri == "fakeKjk0001" and candidate.names == ("My Love",)
    assert candidate.artists == ("김종국",) and candidate.kind == "audio"
    assert candidate.album == "사운드트랙 #1 Part 4 (Original Soundtrack)"
    assert candidate.duration_ms == 244_000 and candidate.isrc is None
    assert candidate.release_date is None  # search rows carry no year: their album has one
    assert audio.album_id == "MPREb_fakeKjkSP01" and audio.undated
    assert video.album_id == "" and not video.undated  # a music video has no album to date it
    assert video.candidate().kind == "video" and video.candidate().album == ""
    details = audio.details()
    assert details["url"] == audio.url and details["kind"] == "audio"
    assert details["name_ko"] == details["name_en"] == "My Love" and details["isrc"] is None


def test_an_album_track_gives_the_year_a_search_row_lacks(
    fake_ytmusic: FakeYTMusicService, music: YouTubeMusic
) -> None:
    seen = seen_by(music, [("en", "My Love Kim Jong Kook")])
    answer = albums.read_album(music, "MPREb_fakeKjkSP01")
    recordings.merge(seen, "en", albums.to_rows(answer, "MPREb_fakeKjkSP01"))
    assert seen["fakeKjk0001"].candidate().release_date == "2022"
    assert seen["fakeKjk0001"].candidate().album.startswith("사운드트랙 #1 Part 4")


def test_an_album_date_is_its_year_from_one_read(fake_ytmusic: FakeYTMusicService) -> None:
    service = YouTubeMusicService(sleep=lambda seconds: None)
    assert service.album_date("MPREb_fakeKjkOLD1") == "2012"
    assert [c["args"] for c in fake_ytmusic.calls("get_album")] == [
        {"browseId": "MPREb_fakeKjkOLD1"}
    ]
    assert isinstance(service, AlbumDates) and not isinstance(SpotifyService(), AlbumDates)


@pytest.mark.parametrize("given", ["UCfakeNotAnAlbum00000000", "", None, 7])
def test_a_search_rows_album_id_is_kept_only_when_it_is_an_albums(given: object) -> None:
    row = recordings.row_from_search(
        {"resultType": "song", "videoId": "fakeKyu0001", "album": {"name": "A", "id": given}}
    )
    assert row is not None and row.album == "A" and row.rendering().album_id == ""


@pytest.mark.parametrize(
    ("given", "year"), [("2012", "2012"), (2012, "2012"), ("", None), ("12", None), (None, None)]
)
def test_album_years_as_the_service_gives_them(given: object, year: str | None) -> None:
    assert recordings.year_of(given) == year


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fakeKyu0001", "fakeKyu0001"),
        ("https://music.youtube.com/watch?v=fakeKyu0001", "fakeKyu0001"),
        ("https://music.youtube.com/watch?v=fakeKyu0001&list=RDAMVMx", "fakeKyu0001"),
        ("https://www.youtube.com/watch?v=fakeKyu0001", "fakeKyu0001"),
        ("https://youtu.be/fakeKyu0001", "fakeKyu0001"),
        (" fakeKyu0001 ", "fakeKyu0001"),
        ("fakeKyu000", None),
        ("https://music.youtube.com/browse/MPREb_fakeKyuSP01", None),
        ("https://example.com/watch?v=fakeKyu0001", None),
        ("spotify:track:s1kyuhyun0000000000001", None),
    ],
)
def test_video_ids_from_links_and_bare_ids(text: str, expected: str | None) -> None:
    assert recordings.video_id(text) == expected


@pytest.mark.parametrize(
    ("video_type", "kind"),
    [
        ("MUSIC_VIDEO_TYPE_ATV", "audio"),
        ("MUSIC_VIDEO_TYPE_OMV", "video"),
        ("MUSIC_VIDEO_TYPE_UGC", "upload"),
        ("MUSIC_VIDEO_TYPE_OFFICIAL_SOURCE_MUSIC", "other"),
        (None, "other"),
    ],
)
def test_video_types_become_kinds(video_type: str | None, kind: str) -> None:
    assert recordings.kind_of(video_type) == kind


def test_rows_that_are_not_songs_or_lack_a_video_id_are_skipped() -> None:
    assert recordings.row_from_search({"resultType": "album", "browseId": "MPREb_x"}) is None
    assert recordings.row_from_search({"resultType": "song", "videoId": None}) is None
    row = recordings.row_from_search(
        {"resultType": "song", "videoId": "fakeKyu0001", "title": "T", "artists": None}
    )
    assert row is not None and row.artists == () and row.album == "" and row.seconds is None


def test_two_searches_when_the_words_differ_one_when_they_do_not() -> None:
    assert recordings.queries("My Love", "김종국", "My Love", "Kim Jong Kook") == [
        ("ko", "My Love 김종국"),
        ("en", "My Love Kim Jong Kook"),
    ]
    assert recordings.queries("Da Capo", "DEMIAN", "Da Capo", "DEMIAN") == [
        ("ko", "Da Capo DEMIAN")
    ]


# --- albums --------------------------------------------------------------------------------------
def test_get_album_becomes_discoverys_album_and_tracks(
    fake_ytmusic: FakeYTMusicService, music: YouTubeMusic
) -> None:
    answer = albums.read_album(music, "MPREb_fakeKyuSP01", language="ko")
    album = albums.to_album(answer, "MPREb_fakeKyuSP01")
    assert album.name == "사운드트랙 #1 Part 1 (Original Soundtrack)"
    assert album.album_type == "single"  # "싱글" from the Korean client
    assert album.release_date == "2021" and album.total_tracks == 2
    assert album.url == "https://music.youtube.com/browse/MPREb_fakeKyuSP01"
    assert [(a.name, a.id) for a in album.artists] == [("KYUHYUN", "UCfakeKYUHYUN00000000000")]
    tracks = albums.to_tracks(answer, "MPREb_fakeKyuSP01")
    assert [(t.id, t.number, t.duration_ms, t.isrc) for t in tracks] == [
        ("fakeKyu0001", 1, 236_000, None),
        ("fakeKyu0002", 2, 236_000, None),
    ]
    assert tracks[1].name == "사랑은 말로 표현하는게 아니래요 (Inst.)"


def test_the_compilation_is_an_album_by_various_artists_whose_tracks_name_theirs(
    fake_ytmusic: FakeYTMusicService, music: YouTubeMusic
) -> None:
    answer = albums.read_album(music, "MPREb_fakeS1OST01", language="en")
    album = albums.to_album(answer, "MPREb_fakeS1OST01")
    assert album.album_type == "album" and album.total_tracks == 14
    tracks = albums.to_tracks(answer, "MPREb_fakeS1OST01")
    assert tracks[0].artists[0].name == "KYUHYUN"
    assert [t.number for t in tracks] == list(range(1, 15))


@pytest.mark.parametrize("language", ["en", "ko"])
def test_album_search_in_both_languages(
    fake_ytmusic: FakeYTMusicService, music: YouTubeMusic, language: str
) -> None:
    found = albums.search_albums(music, "사운드트랙 #1", language=language)
    ids = [a.id for a in found]
    assert "MPREb_fakeS1OST01" in ids or "MPREb_fakeKyuSP01" in ids
    assert all(a.id.startswith("MPRE") and a.release_date for a in found)


def test_an_album_id_that_is_not_one_is_refused_before_any_call(
    fake_ytmusic: FakeYTMusicService, music: YouTubeMusic
) -> None:
    with pytest.raises(InputError, match="is not a YouTube Music album id"):
        albums.read_album(music, "fakeKyu0001")
    assert fake_ytmusic.calls("get_album") == []


# --- the client and its rules --------------------------------------------------------------------
def test_the_seam_puts_the_stand_in_where_ytmusicapi_would_be(
    fake_ytmusic: FakeYTMusicService,
) -> None:
    client = connect("ko")
    assert type(client).__name__ == "FakeYTMusic" and client.language == "ko"  # type: ignore[attr-defined]


def test_without_the_seam_the_real_client_is_made_and_the_locale_is_left_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(FACTORY_ENV, raising=False)
    before = locale.setlocale(locale.LC_ALL)
    client = connect("ko")  # no auth: ytmusicapi sends nothing until the first call
    assert type(client).__module__.startswith("ytmusicapi")
    assert locale.setlocale(locale.LC_ALL) == before


def test_a_factory_that_cannot_be_imported_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(FACTORY_ENV, "no_such_module:Thing")
    with pytest.raises(UsageError, match=FACTORY_ENV):
        connect("en")


def test_a_separate_process_reaches_the_stand_in_through_the_environment(
    fake_ytmusic: FakeYTMusicService,
) -> None:
    code = (
        "from ost.ytmusic.client import YouTubeMusic;"
        "from ost.ytmusic.recordings import search_songs;"
        "print(search_songs(YouTubeMusic(), 'en', 'Prettiest One Standing Egg')[0].video_id)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() in {"fakeSegMV01", "fakeSeg0001"}
    assert [c["args"]["query"] for c in fake_ytmusic.calls("search")] == [
        "Prettiest One Standing Egg"
    ]


def test_no_client_and_no_call_until_one_is_needed(fake_ytmusic: FakeYTMusicService) -> None:
    music = YouTubeMusic()
    assert music.calls == 0 and fake_ytmusic.calls() == []


def test_a_read_is_retried_after_a_lost_answer_and_a_5xx(
    fake_ytmusic: FakeYTMusicService, music: YouTubeMusic
) -> None:
    fake_ytmusic.lose("search")
    fake_ytmusic.fail("search", 503)
    rows = recordings.search_songs(music, "en", "Prettiest One Standing Egg")
    assert rows and music.calls == 3
    assert [c["outcome"] for c in fake_ytmusic.calls("search")] == ["lost", "HTTP 503", "ok"]


def test_a_read_that_keeps_failing_is_one_line(
    fake_ytmusic: FakeYTMusicService, music: YouTubeMusic
) -> None:
    fake_ytmusic.lose("search", times=None)
    with pytest.raises(ServiceError, match="could not reach YouTube Music during a song search"):
        recordings.search_songs(music, "en", "Prettiest One")
    assert len(fake_ytmusic.calls("search")) == 4


def test_a_400_is_not_retried(fake_ytmusic: FakeYTMusicService, music: YouTubeMusic) -> None:
    fake_ytmusic.fail("get_album", 400)
    with pytest.raises(ServiceError, match=r"HTTP 400: Request contains an invalid argument"):
        albums.read_album(music, "MPREb_fakeKyuSP01")
    assert len(fake_ytmusic.calls("get_album")) == 1


@pytest.mark.parametrize("status", [401, 403])
def test_an_ended_session_is_an_auth_error_never_retried(
    fake_ytmusic: FakeYTMusicService, status: int
) -> None:
    music = YouTubeMusic(auth=fake_ytmusic.auth(), sleep=lambda s: None)
    fake_ytmusic.end_session(status)
    with pytest.raises(AuthError, match=rf"HTTP {status}.*log.?in --service ytmusic"):
        music.read("listing your playlists", "en", lambda c: c.get_library_playlists())
    assert len(fake_ytmusic.calls("get_library_playlists")) == 1


def test_a_write_whose_answer_is_lost_is_applied_and_reported_as_lost(
    fake_ytmusic: FakeYTMusicService,
) -> None:
    music = YouTubeMusic(auth=fake_ytmusic.auth())
    fake_ytmusic.lose("create_playlist")
    with pytest.raises(ConnectionLost, match="may or may not have been applied"):
        music.write("creating a playlist", lambda c: c.create_playlist("Soundtrack #1", "ost"))
    assert [p["title"] for p in fake_ytmusic.playlists().values()] == ["Soundtrack #1"]
    assert len(fake_ytmusic.calls("create_playlist")) == 1


def test_bad_login_headers_are_an_auth_error(fake_ytmusic: FakeYTMusicService) -> None:
    music = YouTubeMusic(auth='{"cookie": "SID=x", "authorization": "SAPISIDHASH 1_x"}')
    with pytest.raises(AuthError, match="__Secure-3PAPISID"):
        music.client("en")


def test_an_unreadable_answer_is_one_line(music: YouTubeMusic) -> None:
    def broken(client: object) -> None:
        raise KeyError("musicShelfRenderer")

    with pytest.raises(ServiceError, match="could not read"):
        music.read("a song search (en)", "en", broken)


def test_a_page_that_is_not_json_is_retried_like_a_5xx(music: YouTubeMusic) -> None:
    answers = iter([json.JSONDecodeError("Expecting value", "<html>502</html>", 0), ["ok"]])

    def flaky(client: object) -> list[str]:
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    assert music.read("a song search (en)", "en", flaky) == ["ok"] and music.calls == 2
