"""The YouTube Music stand-in (tests/fakeytmusic/) itself: its answers have the keys ytmusicapi's
own parsers produce, it refuses what the real client refuses with the same exceptions and words,
it ranks the traps above the songs, its faults are ytmusicapi's, and its state is one service for
every process of a test.

The key sets are checked against ytmusicapi's parsers run on minimal rows written here from the
paths in ``ytmusicapi/navigation.py`` (YouTube Music's own answers cannot be recorded here).
"""

from __future__ import annotations

import json
import locale
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import ytmusicapi
from fakeytmusic import (
    ACCOUNT,
    ATV,
    OMV,
    UGC,
    FakeYTMusic,
    FakeYTMusicService,
    raw_headers,
)
from ytmusicapi.exceptions import YTMusicGatedError, YTMusicServerError, YTMusicUserError
from ytmusicapi.parsers.browsing import parse_album, parse_playlist, parse_single
from ytmusicapi.parsers.playlists import parse_playlist_items
from ytmusicapi.parsers.search import parse_search_results, parse_top_result


@pytest.fixture(autouse=True)
def keep_the_locale() -> Iterator[None]:
    """The real ``YTMusic()`` sets the process locale; the tests that make one put it back."""
    before = locale.setlocale(locale.LC_ALL)
    yield
    locale.setlocale(locale.LC_ALL, before)


# --- minimal rows for ytmusicapi's parsers ----------------------------------------------------------
DOT = {"text": " • "}
MRLIR = "musicResponsiveListItemRenderer"
THUMB = {"musicThumbnailRenderer": {"thumbnail": {"thumbnails": [{"url": "u", "width": 1, "height": 1}]}}}  # fmt: skip


def _browse(text: str, browse_id: str, page: str) -> dict[str, Any]:
    config = {"browseEndpointContextMusicConfig": {"pageType": page}}
    endpoint = {"browseId": browse_id, "browseEndpointContextSupportedConfigs": config}
    return {"text": text, "navigationEndpoint": {"browseEndpoint": endpoint}}


def _watch(vid: str, video_type: str) -> dict[str, Any]:
    config = {"watchEndpointMusicConfig": {"musicVideoType": video_type}}
    return {"watchEndpoint": {"videoId": vid, "watchEndpointMusicSupportedConfigs": config}}


def _column(runs: list[dict[str, Any]] | None) -> dict[str, Any]:
    text = {"runs": runs} if runs is not None else {}
    return {"musicResponsiveListItemFlexColumnRenderer": {"text": text}}


def _play(vid: str, video_type: str) -> dict[str, Any]:
    button = {"musicPlayButtonRenderer": {"playNavigationEndpoint": _watch(vid, video_type)}}
    return {"musicItemThumbnailOverlayRenderer": {"content": button}}


LIBRARY_TOGGLE = {
    "toggleMenuServiceItemRenderer": {
        "defaultIcon": {"iconType": "BOOKMARK_BORDER"},
        "defaultServiceEndpoint": {"feedbackEndpoint": {"feedbackToken": "a"}},
        "toggledServiceEndpoint": {"feedbackEndpoint": {"feedbackToken": "b"}},
    }
}


def _song_row(type_word: str | None = None) -> dict[str, Any]:
    lead = [{"text": type_word}, DOT] if type_word else []
    second = [
        *lead,
        _browse("KYUHYUN", "UCx", "MUSIC_PAGE_TYPE_ARTIST"),
        DOT,
        _browse("Album", "MPREb_x", "MUSIC_PAGE_TYPE_ALBUM"),
        DOT,
        {"text": "3:56"},
    ]
    return {
        "flexColumns": [
            _column([{"text": "Title", "navigationEndpoint": _watch("v", ATV)}]),
            _column(second),
            _column([{"text": "1.2M plays"}]),
        ],
        "overlay": _play("v", ATV),
        "menu": {"menuRenderer": {"items": [LIBRARY_TOGGLE]}},
        "thumbnail": THUMB,
    }


def _video_row(type_word: str | None = None) -> dict[str, Any]:
    lead = [{"text": type_word}, DOT] if type_word else []
    second = [*lead, _browse("KYUHYUN", "UCx", "MUSIC_PAGE_TYPE_ARTIST"), DOT, {"text": "3.1M views"}, DOT, {"text": "4:20"}]  # fmt: skip
    return {
        "flexColumns": [
            _column([{"text": "Title", "navigationEndpoint": _watch("v", OMV)}]),
            _column(second),
        ],  # fmt: skip
        "overlay": _play("v", OMV),
        "thumbnail": THUMB,
    }


def _album_row() -> dict[str, Any]:
    second = [{"text": "Single"}, DOT, _browse("KYUHYUN", "UCx", "MUSIC_PAGE_TYPE_ARTIST"), DOT, {"text": "2021"}]  # fmt: skip
    play = {"musicPlayButtonRenderer": {"playNavigationEndpoint": {"watchPlaylistEndpoint": {"playlistId": "OLAK5uy_x"}}}}  # fmt: skip
    return {
        "flexColumns": [_column([{"text": "Album"}]), _column(second)],
        "overlay": {"musicItemThumbnailOverlayRenderer": {"content": play}},
        "navigationEndpoint": {"browseEndpoint": {"browseId": "MPREb_x"}},
        "thumbnail": THUMB,
    }


def _top_card(type_word: str, video_type: str) -> dict[str, Any]:
    runs = [{"text": type_word}, DOT, _browse("KYUHYUN", "UCx", "MUSIC_PAGE_TYPE_ARTIST"), DOT]
    runs += [_browse("Album", "MPREb_x", "MUSIC_PAGE_TYPE_ALBUM")] if video_type == ATV else [{"text": "3.1M views"}]  # fmt: skip
    runs += [DOT, {"text": "3:56"}]
    return {
        "title": {"runs": [{"text": "Title"}]},
        "subtitle": {"runs": runs},
        "onTap": _watch("v", video_type),
        "thumbnail": THUMB,
    }


def _playlist_row(album_track: bool) -> dict[str, Any]:
    menu: list[dict[str, Any]] = [
        {"menuNavigationItemRenderer": {"navigationEndpoint": _watch("v", ATV)}}
    ]
    if album_track:
        menu.append(LIBRARY_TOGGLE)
        columns = [_column([{"text": "Title", "navigationEndpoint": _watch("v", ATV)}]), _column(None), _column([{"text": "1.2M plays"}])]  # fmt: skip
    else:
        edit = {"playlistEditEndpoint": {"actions": [{"setVideoId": "S", "removedVideoId": "v"}]}}
        menu.append({"menuServiceItemRenderer": {"serviceEndpoint": edit}})
        columns = [
            _column([{"text": "Title", "navigationEndpoint": _watch("v", ATV)}]),
            _column([_browse("KYUHYUN", "UCx", "MUSIC_PAGE_TYPE_ARTIST")]),
            _column([_browse("Album", "MPREb_x", "MUSIC_PAGE_TYPE_ALBUM")]),
        ]
    row: dict[str, Any] = {
        "flexColumns": columns,
        "fixedColumns": [
            {"musicResponsiveListItemFixedColumnRenderer": {"text": {"runs": [{"text": "3:56"}]}}}
        ],  # fmt: skip
        "overlay": _play("v", ATV),
        "menu": {
            "menuRenderer": {
                "items": menu,
                "topLevelButtons": [{"likeButtonRenderer": {"likeStatus": "INDIFFERENT"}}],
            }
        },  # fmt: skip
        "thumbnail": THUMB,
    }
    if album_track:
        row["index"] = {"runs": [{"text": "1"}]}
    return row


def _library_tile() -> dict[str, Any]:
    editor = {"playlistEditorEndpoint": {"playlistId": "PLx"}}
    return {
        "title": {
            "runs": [{"text": "T", "navigationEndpoint": {"browseEndpoint": {"browseId": "VLPLx"}}}]
        },  # fmt: skip
        "subtitle": {"runs": [{"text": "Fan"}, DOT, {"text": "12 songs"}]},
        "thumbnailRenderer": THUMB,
        "menu": {
            "menuRenderer": {
                "items": [{"menuNavigationItemRenderer": {"navigationEndpoint": editor}}]
            }
        },  # fmt: skip
    }


def parsed(kind: str) -> dict[str, Any]:
    """What ytmusicapi's parser makes of a minimal row of this kind."""
    korean = [
        "앨범",
        "아티스트",
        "재생목록",
        "노래",
        "동영상",
        "스테이션",
        "프로필",
        "팟캐스트",
        "에피소드",
    ]
    rows = {
        "song": lambda: parse_search_results([{MRLIR: _song_row()}], "song", "Songs")[0],
        "video": lambda: parse_search_results([{MRLIR: _video_row()}], "video", "Videos")[0],
        "shelf song": lambda: parse_search_results([{MRLIR: _song_row("노래")}], None, "노래")[0],
        "shelf video": lambda: parse_search_results(
            [{MRLIR: _video_row("동영상")}], None, "동영상"
        )[0],  # fmt: skip
        "album": lambda: parse_search_results([{MRLIR: _album_row()}], "album", "Albums")[0],
        "top song": lambda: parse_top_result(_top_card("노래", ATV), korean),
        "top video": lambda: parse_top_result(_top_card("동영상", OMV), korean),
        "album track": lambda: parse_playlist_items([{MRLIR: _playlist_row(True)}], is_album=True)[
            0
        ],  # fmt: skip
        "playlist item": lambda: parse_playlist_items([{MRLIR: _playlist_row(False)}])[0],
        "library playlist": lambda: parse_playlist(_library_tile()),
    }
    found: dict[str, Any] = rows[kind]()
    return found


# --- shapes -----------------------------------------------------------------------------------------
def _first(rows: list[dict[str, Any]], **where: Any) -> dict[str, Any]:
    return next(r for r in rows if all(r.get(k) == v for k, v in where.items()))


def test_search_rows_have_the_keys_ytmusicapi_parses(fake_ytmusic: FakeYTMusicService) -> None:
    en, ko = fake_ytmusic.client("en"), fake_ytmusic.client("ko")
    songs = en.search("사랑은 말로 표현하는게 아니래요", filter="songs")
    videos = en.search("사랑은 말로 표현하는게 아니래요", filter="videos")
    mixed = ko.search("사랑은 말로 표현하는게 아니래요 규현")
    albums = en.search("사운드트랙", filter="albums")
    assert set(_first(songs, videoType=ATV)) == set(parsed("song"))
    assert set(_first(songs, videoType=OMV)) == set(parsed("song"))  # a video in the songs shelf
    assert set(videos[0]) == set(parsed("video"))
    assert set(albums[0]) == set(parsed("album"))
    assert set(_first(mixed, category="노래")) == set(parsed("shelf song"))
    assert set(_first(mixed, category="동영상")) == set(parsed("shelf video"))
    top = mixed[0]
    assert top["category"] == "상위 검색결과"
    assert set(top) == set(parsed("top video" if top["resultType"] == "video" else "top song"))


def test_album_playlist_and_library_rows_have_the_keys_ytmusicapi_parses(
    fake_ytmusic: FakeYTMusicService,
) -> None:
    client = fake_ytmusic.client("en", auth=fake_ytmusic.auth())
    album = client.get_album("MPREb_fakeKyuSP01")
    assert set(album["tracks"][0]) == set(parsed("album track"))
    pid = client.create_playlist("Soundtrack #1", "ost", video_ids=["fakeKyu0001"])
    assert isinstance(pid, str)
    assert set(client.get_playlist(pid)["tracks"][0]) == set(parsed("playlist item"))
    rows = client.get_library_playlists()
    assert set(_first(rows, playlistId=pid)) == set(parsed("library playlist"))


def test_albums_have_a_year_and_no_day_and_tracks_name_the_album_by_title(
    fake_ytmusic: FakeYTMusicService,
) -> None:
    album = fake_ytmusic.client("ko").get_album("MPREb_fakeKyuSP01")
    assert album["year"] == "2021" and re.fullmatch(r"\d{4}", album["year"])
    assert album["type"] == "싱글" and album["trackCount"] == len(album["tracks"]) == 2
    assert album["audioPlaylistId"].startswith("OLAK5uy_")
    assert {t["album"] for t in album["tracks"]} == {album["title"]}
    assert [t["trackNumber"] for t in album["tracks"]] == [1, 2]
    assert album["duration_seconds"] == sum(t["duration_seconds"] for t in album["tracks"])
    assert album["other_versions"][0]["browseId"] == "MPREb_fakeS1OST01"
    assert fake_ytmusic.client("en").get_album("MPREb_fakeKyuSP01")["type"] == "Single"


def _carousel_item(subtitle: list[dict[str, Any]]) -> dict[str, Any]:
    """A ``musicTwoRowItemRenderer`` of an artist page's carousel, as ``parse_album`` reads it."""
    play = {"musicPlayButtonRenderer": {"playNavigationEndpoint": {"watchPlaylistEndpoint": {"playlistId": "OLAK5uy_x"}}}}  # fmt: skip
    return {
        "title": {
            "runs": [
                {"text": "Album", "navigationEndpoint": {"browseEndpoint": {"browseId": "MPREb_x"}}}
            ]
        },  # fmt: skip
        "subtitle": {"runs": subtitle},
        "thumbnailRenderer": THUMB,
        "thumbnailOverlay": {"musicItemThumbnailOverlayRenderer": {"content": play}},
    }


def test_an_artist_page_lists_albums_and_singles_as_ytmusicapi_parses_them(
    fake_ytmusic: FakeYTMusicService,
) -> None:
    fake_ytmusic.stock_laundry_ost()
    singer = fake_ytmusic.client().get_album("MPREb_fakeWl1SP001")["artists"][0]["id"]
    page = fake_ytmusic.client().get_artist(singer)
    dated = [{"text": "Single"}, DOT, {"text": "2024"}]
    assert set(page["singles"]["results"][0]) == set(parse_single(_carousel_item(dated)))
    assert set(page["singles"]) == {"browseId", "results"}  # no more than the carousel holds
    assert {r["title"] for r in page["singles"]["results"]} == {
        "별빛 세탁소 OST Part.1", "별빛 세탁소 OST Part.5", "별빛 세탁소 OST Special", "Blue Hour",
        "달빛 빵집 OST Part.2",
    }  # fmt: skip
    assert "albums" not in page  # she has no album of her own
    band = fake_ytmusic.client().get_album("MPREb_fakeWlBND01")["artists"][0]["id"]
    [album] = fake_ytmusic.client().get_artist(band)["albums"]["results"]
    assert set(album) == set(
        parse_album(_carousel_item([{"text": "Album"}, DOT, {"text": "2024"}]))
    )
    assert (album["artists"], album["type"], album["year"]) == ([], "Album", "2024")


def test_the_watch_queue_starts_with_the_video_and_names_its_album(
    fake_ytmusic: FakeYTMusicService,
) -> None:
    queue = fake_ytmusic.client().get_watch_playlist("fakeKyu0001", limit=1)
    first = queue["tracks"][0]
    assert (first["videoId"], first["album"]) == (
        "fakeKyu0001", {"name": "사운드트랙 #1 Part 1 (Original Soundtrack)", "id": "MPREb_fakeKyuSP01"}
    )  # fmt: skip
    music_video = fake_ytmusic.client().get_watch_playlist("fakeKyuMV01")["tracks"][0]
    assert "album" not in music_video


def test_get_song_names_the_video_type_and_an_unknown_video_is_unplayable(
    fake_ytmusic: FakeYTMusicService,
) -> None:
    client = fake_ytmusic.client()
    details = client.get_song("fakeKyuMV01")["videoDetails"]
    assert details["musicVideoType"] == OMV and details["lengthSeconds"] == "262"
    assert details["author"] == "KYUHYUN"
    assert client.get_song("fakeNone001") == {
        "playabilityStatus": {"status": "ERROR", "reason": "This video is unavailable"}
    }


def test_every_id_is_obviously_fake_and_shaped_like_the_real_ones(
    fake_ytmusic: FakeYTMusicService,
) -> None:
    state = fake_ytmusic.store.read()
    assert all(re.fullmatch(r"fake[A-Za-z0-9_-]{7}", v) for v in state["videos"])
    assert all(re.fullmatch(r"MPREb_fake[A-Za-z0-9]{7}", b) for b in state["albums"])
    channels = {a["id"] for v in state["videos"].values() for a in v["artists"]}
    assert all(re.fullmatch(r"UCfake\w{18}", c) for c in channels)


# --- search -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("code", ["Kyu", "Pbr", "Dvc", "Kjk", "Kjh", "Seg", "Doy"])
def test_the_music_video_and_the_lyric_upload_rank_above_the_song(
    fake_ytmusic: FakeYTMusicService, code: str
) -> None:
    song = next(s for s in fake_ytmusic.songs if s.music_video == f"fake{code}MV01")
    found = [r["videoId"] for r in fake_ytmusic.client().search(f"{song.title} {song.channel}", filter="songs")]  # fmt: skip
    assert found.index(song.music_video) < found.index(f"fake{code}0001")
    assert found.index(song.lyrics) < found.index(f"fake{code}0001")


def test_a_song_is_found_by_either_languages_words_but_shown_by_one_name(
    fake_ytmusic: FakeYTMusicService,
) -> None:
    client = fake_ytmusic.client()
    for words in ("Love Beyond Words KYUHYUN", "사랑은 말로 표현하는게 아니래요 규현"):
        row = _first(client.search(words, filter="songs"), videoId="fakeKyu0001")
        assert row["title"] == "사랑은 말로 표현하는게 아니래요"
        assert row["artists"] == [{"name": "KYUHYUN", "id": "UCfakeKYUHYUN00000000000"}]


def test_the_language_changes_youtube_musics_words_never_a_title(
    fake_ytmusic: FakeYTMusicService,
) -> None:
    fake_ytmusic.fix_localized_filters()
    en = fake_ytmusic.client("en").search("My Love 김종국", filter="songs")
    ko = fake_ytmusic.client("ko").search("My Love 김종국", filter="songs")
    assert [(r["videoId"], r["title"], r["artists"]) for r in en] == [
        (r["videoId"], r["title"], r["artists"]) for r in ko
    ]
    assert {r["category"] for r in en} == {"Songs"} and {r["category"] for r in ko} == {"노래"}


def test_a_filtered_korean_search_answers_nothing_as_ytmusicapi_1_12_3_does(
    fake_ytmusic: FakeYTMusicService,
) -> None:
    assert fake_ytmusic.client("ko").search("My Love", filter="songs") == []
    assert fake_ytmusic.client("ko").search("My Love") != []
    assert fake_ytmusic.client("en").search("My Love", filter="songs") != []


def test_field_filters_are_just_words(fake_ytmusic: FakeYTMusicService) -> None:
    client = fake_ytmusic.client()
    plain = [r["videoId"] for r in client.search("My Love 김종국", filter="songs")]
    fielded = [r["videoId"] for r in client.search('track:"My Love" artist:김종국', filter="songs")]
    # "track:" and "artist:" are words like any other: the song and its video are still found.
    assert {"fakeKjk0001", "fakeKjkMV01"} <= set(fielded) & set(plain)


def test_a_filtered_search_answers_whole_pages_so_possibly_more_than_the_limit(
    fake_ytmusic: FakeYTMusicService,
) -> None:
    client = fake_ytmusic.client()
    assert len(client.search("1", filter="songs", limit=5)) == 20
    assert 20 < len(client.search("1", filter="songs", limit=25)) <= 40


def test_videos_have_no_album_and_the_videos_filter_holds_no_audio_track(
    fake_ytmusic: FakeYTMusicService,
) -> None:
    videos = fake_ytmusic.client().search("My Love", filter="videos")
    assert videos and {r["videoType"] for r in videos} <= {OMV, UGC}
    assert all("album" not in r for r in videos)


# --- what the real client refuses ---------------------------------------------------------------------
REFUSALS = [
    ("unsupported language", {"language": "xx"}, None),
    ("bad search filter", {}, lambda c: c.search("x", filter="song")),
    ("album id", {}, lambda c: c.get_album("fakeKyu0001")),
    ("write without auth", {}, lambda c: c.create_playlist("T", "d")),
    ("library without auth", {}, lambda c: c.get_library_playlists()),
    ("title with <", {"auth": True}, lambda c: c.create_playlist("a <b>", "d")),
    ("title with >", {"auth": True}, lambda c: c.create_playlist("a > b", "d")),
    ("nothing to add", {"auth": True}, lambda c: c.add_playlist_items("PLx", [])),
    (
        "no setVideoId",
        {"auth": True},
        lambda c: c.remove_playlist_items("PLx", [{"videoId": "v"}]),
    ),  # fmt: skip
    ("not JSON", {"auth": "not json"}, None),
    ("no SAPISIDHASH", {"auth": "no-authorization"}, None),
    ("no __Secure-3PAPISID", {"auth": "no-sapisid"}, None),
]


def _auth(kind: Any) -> str | None:
    if kind is None:
        return None
    if kind is True:
        return ytmusicapi.setup(headers_raw=raw_headers())
    if kind == "no-authorization":
        return ytmusicapi.setup(headers_raw=raw_headers(authorization=True))
    if kind == "no-sapisid":
        return ytmusicapi.setup(headers_raw=raw_headers().replace("__Secure-3PAPISID", "SAPISID"))
    return str(kind)


def _refusal(make: type, options: dict[str, Any], call: Any) -> tuple[str, str]:
    kwargs = {"language": options.get("language", "en"), "auth": _auth(options.get("auth"))}
    try:
        client = make(**kwargs)
        call(client)
    except Exception as error:
        return type(error).__name__, str(error)
    return "nothing", ""


@pytest.mark.parametrize(("case", "options", "call"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_it_refuses_what_the_real_client_refuses_in_the_same_words(
    fake_ytmusic: FakeYTMusicService,
    monkeypatch: pytest.MonkeyPatch,
    case: str,
    options: dict[str, Any],
    call: Any,
) -> None:
    def no_network(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the real client tried to reach YouTube Music")

    monkeypatch.setattr(ytmusicapi.YTMusic, "_send_request", no_network)
    monkeypatch.setattr(ytmusicapi.YTMusic, "_send_get_request", no_network)
    real = _refusal(ytmusicapi.YTMusic, options, call)
    fake = _refusal(FakeYTMusic, options, call)
    assert real[0] in ("YTMusicUserError", "YTMusicError"), real
    assert fake == real
    assert [c for c in fake_ytmusic.calls() if c["method"] != "get_visitor_id"] == []


def test_login_headers_made_by_ytmusicapi_setup_are_accepted(
    fake_ytmusic: FakeYTMusicService,
) -> None:
    auth = ytmusicapi.setup(headers_raw=raw_headers())
    client = FakeYTMusic(auth=auth, language="ko")
    assert client.account == ACCOUNT
    assert client.get_library_playlists()[0]["playlistId"] == "LM"
    with pytest.raises(YTMusicUserError, match="missing in your headers: x-goog-authuser"):
        ytmusicapi.setup(headers_raw=raw_headers(x_goog_authuser=True))


def test_a_client_asks_for_a_visitor_id_as_the_real_one_does(
    fake_ytmusic: FakeYTMusicService,
) -> None:
    FakeYTMusic(auth=ytmusicapi.setup(headers_raw=raw_headers(visitor=False)))
    assert [c["method"] for c in fake_ytmusic.calls()] == ["get_visitor_id"]
    fake_ytmusic.forget_calls()
    anonymous = FakeYTMusic()
    assert fake_ytmusic.calls() == []
    anonymous.search("My Love", filter="songs")
    anonymous.search("My Love", filter="songs")
    assert [c["method"] for c in fake_ytmusic.calls()] == ["get_visitor_id", "search", "search"]


# --- playlists ------------------------------------------------------------------------------------------
@pytest.fixture
def signed_in(fake_ytmusic: FakeYTMusicService) -> FakeYTMusic:
    return fake_ytmusic.client("en", auth=fake_ytmusic.auth())


def test_a_private_playlist_is_created_and_read_back_with_set_video_ids(
    fake_ytmusic: FakeYTMusicService, signed_in: FakeYTMusic
) -> None:
    pid = signed_in.create_playlist("사운드트랙 #1", "<b>ost</b> marker", video_ids=["fakeKyu0001"])
    assert isinstance(pid, str) and pid.startswith("PLfake") and len(pid) == 34
    playlist = signed_in.get_playlist("VL" + pid)
    assert (playlist["id"], playlist["privacy"], playlist["owned"]) == (pid, "PRIVATE", True)
    assert playlist["description"] == "ost marker"  # HTML is stripped, as ytmusicapi does
    assert playlist["trackCount"] == 1 and playlist["tracks"][0]["setVideoId"].startswith("FAKE")
    with pytest.raises(YTMusicServerError, match="HTTP 404"):
        fake_ytmusic.client().get_playlist(pid)  # private: not for anyone else


def test_additions_answer_set_video_ids_and_duplicates_are_refused_whole(
    fake_ytmusic: FakeYTMusicService, signed_in: FakeYTMusic
) -> None:
    pid = str(signed_in.create_playlist("T", "d"))
    added = signed_in.add_playlist_items(pid, ["fakeKyu0001", "fakePbr0001"])
    assert isinstance(added, dict) and added["status"] == "STATUS_SUCCEEDED"
    assert [r["videoId"] for r in added["playlistEditResults"]] == ["fakeKyu0001", "fakePbr0001"]
    again = signed_in.add_playlist_items(pid, ["fakeDvc0001", "fakeKyu0001"])
    assert isinstance(again, dict) and again["status"] == "STATUS_FAILED"
    assert fake_ytmusic.items(pid) == ["fakeKyu0001", "fakePbr0001"]
    twice = signed_in.add_playlist_items(pid, ["fakeKyu0001"], duplicates=True)
    assert isinstance(twice, dict) and twice["status"] == "STATUS_SUCCEEDED"
    assert fake_ytmusic.items(pid) == ["fakeKyu0001", "fakePbr0001", "fakeKyu0001"]


def test_removals_by_set_video_id_and_moves_before_another_item(
    fake_ytmusic: FakeYTMusicService, signed_in: FakeYTMusic
) -> None:
    pid = str(signed_in.create_playlist("T", "d", video_ids=["fakeKyu0001", "fakePbr0001", "fakeDvc0001", "fakeKyu0001"]))  # fmt: skip
    tracks = signed_in.get_playlist(pid)["tracks"]
    assert signed_in.remove_playlist_items(pid, [tracks[3]]) == "STATUS_SUCCEEDED"
    assert fake_ytmusic.items(pid) == ["fakeKyu0001", "fakePbr0001", "fakeDvc0001"]
    move = (tracks[2]["setVideoId"], tracks[0]["setVideoId"])
    assert signed_in.edit_playlist(pid, moveItem=move) == "STATUS_SUCCEEDED"
    assert fake_ytmusic.items(pid) == ["fakeDvc0001", "fakeKyu0001", "fakePbr0001"]
    signed_in.edit_playlist(pid, moveItem=tracks[2]["setVideoId"])
    assert fake_ytmusic.items(pid) == ["fakeKyu0001", "fakePbr0001", "fakeDvc0001"]
    with pytest.raises(YTMusicServerError, match="HTTP 400"):
        signed_in.edit_playlist(pid, moveItem=("FAKE000000000000", tracks[0]["setVideoId"]))


def test_a_playlist_is_read_a_page_of_100_at_a_time(
    fake_ytmusic: FakeYTMusicService, signed_in: FakeYTMusic
) -> None:
    videos = sorted(fake_ytmusic.store.read()["videos"])
    pid = str(signed_in.create_playlist("T", "d"))
    for vid in (videos * 4)[:150]:
        fake_ytmusic.add_elsewhere(pid, vid)
    assert len(signed_in.get_playlist(pid)["tracks"]) == 100
    assert len(signed_in.get_playlist(pid, limit=101)["tracks"]) == 150
    whole = signed_in.get_playlist(pid, limit=None)
    assert len(whole["tracks"]) == whole["trackCount"] == 150


def test_the_library_lists_liked_music_then_the_users_playlists_with_a_subtitle(
    fake_ytmusic: FakeYTMusicService, signed_in: FakeYTMusic
) -> None:
    first = str(signed_in.create_playlist("One", "marker one", video_ids=["fakeKyu0001"]))
    second = str(signed_in.create_playlist("Two", "marker two"))
    someone = fake_ytmusic.make_playlist("Theirs", account="fakeSAPISID0002/other")
    rows = signed_in.get_library_playlists()
    assert [r["playlistId"] for r in rows] == ["LM", second, first]
    assert rows[2]["description"] == "Fan 1 • 1 song" and rows[2]["count"] == "1"
    assert rows[0]["owned"] is False and rows[1]["owned"] is True
    assert someone not in [r["playlistId"] for r in rows]
    for pid in (first, second):
        fake_ytmusic.add_elsewhere(pid, "fakeDvc0001")
    many = [signed_in.create_playlist(f"P{n}", "") for n in range(30)]
    assert len(signed_in.get_library_playlists()) == 25
    assert len(signed_in.get_library_playlists(limit=None)) == len(many) + 3


def test_someone_elses_playlist_cannot_be_changed(
    fake_ytmusic: FakeYTMusicService, signed_in: FakeYTMusic
) -> None:
    theirs = fake_ytmusic.make_playlist("Theirs", account="fakeSAPISID0002/other", privacy="PUBLIC")  # fmt: skip
    assert signed_in.get_playlist(theirs)["owned"] is False
    with pytest.raises(YTMusicServerError, match="HTTP 403"):
        signed_in.add_playlist_items(theirs, ["fakeKyu0001"])
    with pytest.raises(YTMusicServerError, match="HTTP 404"):
        signed_in.add_playlist_items("PLfakeNoSuchPlaylist", ["fakeKyu0001"])
    with pytest.raises(YTMusicServerError, match="HTTP 400"):
        signed_in.create_playlist("T", "d", video_ids=["fakeNone001"])


def test_without_premium_a_song_can_become_its_music_video(
    fake_ytmusic: FakeYTMusicService, signed_in: FakeYTMusic
) -> None:
    fake_ytmusic.swap_on_add("fakeKyu0001", "fakeKyuMV01")
    pid = str(signed_in.create_playlist("T", "d"))
    added = signed_in.add_playlist_items(pid, ["fakeKyu0001"])
    assert isinstance(added, dict) and added["playlistEditResults"][0]["videoId"] == "fakeKyuMV01"
    assert signed_in.get_playlist(pid)["tracks"][0]["videoType"] == OMV


# --- faults ---------------------------------------------------------------------------------------------
def test_a_lost_answer_applies_the_change_then_drops_the_connection(
    fake_ytmusic: FakeYTMusicService, signed_in: FakeYTMusic
) -> None:
    pid = str(signed_in.create_playlist("T", "d"))
    fake_ytmusic.lose("add_playlist_items")
    with pytest.raises(requests.exceptions.ConnectionError):
        signed_in.add_playlist_items(pid, ["fakeKyu0001"])
    assert fake_ytmusic.items(pid) == ["fakeKyu0001"]
    assert fake_ytmusic.calls("add_playlist_items")[-1]["outcome"] == "lost"
    signed_in.add_playlist_items(pid, ["fakePbr0001"])  # the fault was spent
    fake_ytmusic.time_out("remove_playlist_items")
    with pytest.raises(requests.exceptions.ReadTimeout):
        signed_in.remove_playlist_items(pid, signed_in.get_playlist(pid)["tracks"][:1])
    assert fake_ytmusic.items(pid) == ["fakePbr0001"]


def test_a_400_says_so_as_ytmusicapi_does_and_changes_nothing(
    fake_ytmusic: FakeYTMusicService, signed_in: FakeYTMusic
) -> None:
    pid = str(signed_in.create_playlist("T", "d"))
    fake_ytmusic.fail("add_playlist_items", 400, after=1, match="fakePbr0001")
    signed_in.add_playlist_items(pid, ["fakePbr0001"])
    signed_in.remove_playlist_items(pid, signed_in.get_playlist(pid)["tracks"])
    with pytest.raises(YTMusicServerError) as raised:
        signed_in.add_playlist_items(pid, ["fakePbr0001"])
    assert str(raised.value) == "Server returned HTTP 400: Bad Request.\nRequest contains an invalid argument."  # fmt: skip
    assert fake_ytmusic.items(pid) == []
    assert [c["outcome"] for c in fake_ytmusic.calls("add_playlist_items")] == ["ok", "HTTP 400"]


@pytest.mark.parametrize("status", [401, 403])
def test_an_ended_session_refuses_every_playlist_call(
    fake_ytmusic: FakeYTMusicService, signed_in: FakeYTMusic, status: int
) -> None:
    pid = str(signed_in.create_playlist("T", "d"))
    fake_ytmusic.end_session(status)
    for call in (
        lambda: signed_in.get_library_playlists(),
        lambda: signed_in.get_playlist(pid),
        lambda: signed_in.add_playlist_items(pid, ["fakeKyu0001"]),
        lambda: signed_in.create_playlist("U", "d"),
    ):
        with pytest.raises(YTMusicServerError, match=rf"HTTP {status}: .*\nYou must be signed in"):
            call()
    assert fake_ytmusic.items(pid) == [] and len(fake_ytmusic.playlists()) == 1
    assert signed_in.search("My Love", filter="songs")  # searching needs no session


def test_quick_additions_past_the_limit_answer_400_until_the_window_passes(
    fake_ytmusic: FakeYTMusicService, signed_in: FakeYTMusic
) -> None:
    fake_ytmusic.limit_additions(270, window_s=0.5)
    videos = sorted(fake_ytmusic.store.read()["videos"])
    pid = str(signed_in.create_playlist("T", "d"))
    batch = (videos * 6)[:270]
    assert signed_in.add_playlist_items(pid, batch, duplicates=True)["status"] == "STATUS_SUCCEEDED"  # type: ignore[index]
    with pytest.raises(YTMusicServerError, match="HTTP 400"):
        signed_in.add_playlist_items(pid, ["fakeKyu0001"], duplicates=True)
    assert len(fake_ytmusic.items(pid)) == 270
    time.sleep(0.6)
    signed_in.add_playlist_items(pid, ["fakeKyu0001"], duplicates=True)
    assert len(fake_ytmusic.items(pid)) == 271


def test_a_refused_creation_is_ytmusicapis_gated_error(
    fake_ytmusic: FakeYTMusicService, signed_in: FakeYTMusic
) -> None:
    fake_ytmusic.gate("create_playlist")
    with pytest.raises(YTMusicGatedError, match="PAfeature_enablement"):
        signed_in.create_playlist("T", "d")
    assert fake_ytmusic.playlists() == {}


# --- one service for every process of a test ------------------------------------------------------------
CHILD = """
import sys
from fakeytmusic import FakeYTMusicService, FakeYTMusic
from pathlib import Path
import ytmusicapi, fakeytmusic
client = FakeYTMusic(auth=ytmusicapi.setup(headers_raw=fakeytmusic.raw_headers()))
pid = sys.argv[1]
for vid in sys.argv[2:]:
    client.add_playlist_items(pid, [vid])
"""


def test_separate_processes_share_the_playlists_and_the_call_log(
    fake_ytmusic: FakeYTMusicService, signed_in: FakeYTMusic
) -> None:
    pid = str(signed_in.create_playlist("T", "d"))
    videos = sorted(v for v in fake_ytmusic.store.read()["videos"] if v.endswith("0001"))
    halves = [videos[: len(videos) // 2], videos[len(videos) // 2 :]]
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, pid, *half], stderr=subprocess.PIPE, text=True
        )
        for half in halves
    ]
    for child in children:
        assert child.wait(timeout=60) == 0, child.stderr.read() if child.stderr else ""
    assert sorted(fake_ytmusic.items(pid)) == videos
    pids = {c["pid"] for c in fake_ytmusic.calls("add_playlist_items")}
    assert len(pids) == 2 and len(fake_ytmusic.calls("add_playlist_items")) == len(videos)


def test_the_state_file_is_plain_json_the_test_can_read(fake_ytmusic: FakeYTMusicService) -> None:
    state = json.loads(fake_ytmusic.path.read_text(encoding="utf-8"))
    assert "사랑은 말로 표현하는게 아니래요" in {v["title"] for v in state["videos"].values()}
