"""The fake Spotify Web API behaves as /work/shared/spotify-api.md describes, seen through the
real spotipy client (and plain ``requests`` where spotipy hides the wire)."""

from __future__ import annotations

import math
import os
import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import spotipy
from fakespotify import (
    PLAYLIST_SCOPES,
    REDIRECT_URI,
    S1_SONGS,
    FakeSpotify,
    SearchTerm,
    fold,
    parse_query,
    pkce_challenge,
    seed_soundtrack,
)
from fakespotify.clients import app_client, pkce_manager, user_client
from hypothesis import given, settings
from hypothesis import strategies as st
from spotipy.cache_handler import MemoryCacheHandler
from spotipy.oauth2 import SpotifyClientCredentials, SpotifyOAuth, SpotifyOauthError

KYUHYUN = "s1kyuhyun0000000000001"
KYUHYUN_INST = "s1kyuhyun0000000000002"
KJK_OST = "s1kimjongkook000000001"
KJK_OST_INST = "s1kimjongkook000000002"
KJK_COMPILATION = "s1ostkimjongkook000001"
KJK_COMPILATION_INST = "s1ostkimjongkook000002"
KJK_2012 = "decoykimjongkook000001"
STANDING_EGG = "s1standingegg000000001"
KARAOKE = "decoykaraoke0000000001"
DOYOUNG = "s1doyoung0000000000001"


def uri(track_id: str) -> str:
    return f"spotify:track:{track_id}"


def all_search_ids(client: spotipy.Spotify, q: str) -> list[str]:
    page = client.search(q, limit=10)["tracks"]
    ids = []
    while page:
        ids += [item["id"] for item in page["items"]]
        page = client.next(page)["tracks"] if page["next"] else None
    return ids


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# -- search and tracks ------------------------------------------------------------------------


def test_names_are_localised_by_accept_language(fake: FakeSpotify) -> None:
    q = 'track:"Love Beyond Words" artist:KYUHYUN'
    korean = app_client(fake, language="ko").search(q, limit=1)["tracks"]["items"][0]
    english = app_client(fake, language="en").search(q, limit=1)["tracks"]["items"][0]
    assert korean["id"] == english["id"] == KYUHYUN
    assert (korean["name"], korean["artists"][0]["name"], korean["album"]["name"]) == (
        "사랑은 말로 표현하는게 아니래요",
        "규현",
        "사운드트랙 #1 Part 1",
    )
    assert (english["name"], english["artists"][0]["name"], english["album"]["name"]) == (
        "Love Beyond Words",
        "KYUHYUN",
        "Soundtrack #1 Part 1",
    )
    assert [e.language for e in fake.log if e.path == "/v1/search"] == ["ko", "en"]


@pytest.mark.parametrize(
    ("language", "q"),
    [
        ("ko", 'track:"Your Tender Heart Hurts Me" artist:DAVICHI'),
        ("en", 'track:"소녀 같은 맘을 가진 그댈 생각하면 아파요" artist:"다비치"'),
        ("en", 'track:"your tender HEART hurts me" artist:"davichi"'),
        ("en", "ｙｏｕｒ ｔｅｎｄｅｒ ｈｅａｒｔ 다비치"),  # full-width letters fold under NFKC
    ],
)
def test_either_locales_name_finds_the_track(fake: FakeSpotify, language: str, q: str) -> None:
    found = app_client(fake, language=language).search(q, limit=10)["tracks"]["items"]
    assert "s1davichi0000000000001" in [item["id"] for item in found]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        (
            'track:"My Love" artist:김종국',
            [KJK_2012, KJK_OST, KJK_OST_INST, KJK_COMPILATION, KJK_COMPILATION_INST],
        ),
        (
            'track:"My Love" artist:"Kim Jong Kook" year:2021-2022',
            [KJK_OST, KJK_OST_INST, KJK_COMPILATION, KJK_COMPILATION_INST],
        ),
        ("isrc:KRZZZ2200005", [KJK_OST, KJK_COMPILATION]),
        ('album:"Soundtrack #1 Part 6"', [STANDING_EGG, "s1standingegg000000002"]),
        ("year:2021", [KYUHYUN, KYUHYUN_INST]),
        ('"Sped Up" 다비치', ["decoyspedup00000000001"]),
        ('track:"Da Capo"', ["decoydacapo00000000001"]),
        ("artist:nobody-at-all", []),
    ],
)
def test_field_filters_and_phrases(fake: FakeSpotify, q: str, expected: list[str]) -> None:
    assert all_search_ids(app_client(fake), q) == expected


def test_ranking_is_deterministic_and_counts_title_hits(fake: FakeSpotify) -> None:
    client = app_client(fake)
    first = [item["id"] for item in client.search("Love Beyond Words KYUHYUN")["tracks"]["items"]]
    again = [item["id"] for item in client.search("Love Beyond Words KYUHYUN")["tracks"]["items"]]
    # The karaoke title carries all four words: a first-hit matcher picks it. That is the trap.
    assert first == again == [KARAOKE, KYUHYUN, KYUHYUN_INST, "s1ostkyuhyun0000000001", "s1ostkyuhyun0000000002"]  # fmt: skip


@pytest.mark.parametrize("limit", [0, 11, 50])
def test_search_limit_outside_1_to_10_is_refused(fake: FakeSpotify, limit: int) -> None:
    with pytest.raises(spotipy.SpotifyException) as caught:
        app_client(fake).search("My Love", limit=limit)
    assert caught.value.http_status == 400
    assert "Invalid limit" in caught.value.msg


def test_search_default_limit_is_5_and_offset_stops_at_1000(fake: FakeSpotify) -> None:
    token = fake.issue_token(user=False)
    url = fake.api_url + "search"
    plain = requests.get(url, params={"q": "My Love", "type": "track"}, headers=bearer(token))
    too_far = requests.get(
        url, params={"q": "My Love", "type": "track", "offset": "1001"}, headers=bearer(token)
    )
    assert plain.json()["tracks"]["limit"] == 5 and len(plain.json()["tracks"]["items"]) == 5
    assert too_far.status_code == 400
    assert too_far.json() == {"error": {"status": 400, "message": "Invalid offset"}}


def test_search_pages_through_absolute_next_links(fake: FakeSpotify) -> None:
    client = app_client(fake)
    page = client.search("My Love", limit=2)["tracks"]
    total = page["total"]
    assert page["next"].startswith(fake.api_url + "search?")
    assert page["previous"] is None
    seen = []
    while page:
        seen += [item["id"] for item in page["items"]]
        page = client.next(page)["tracks"] if page["next"] else None
    assert seen == fake.search_ids("My Love")
    assert len(seen) == len(set(seen)) == total == 10
    assert fake.count("GET", "/v1/search") == math.ceil(len(seen) / 2)


def test_track_object_has_the_2026_shape(fake: FakeSpotify) -> None:
    client = app_client(fake)
    track = client.track(KYUHYUN)
    assert not {"popularity", "available_markets", "linked_from", "preview_url"} & set(track)
    assert track["uri"] == uri(KYUHYUN) and track["type"] == "track"
    assert track["external_urls"] == {"spotify": f"https://open.spotify.com/track/{KYUHYUN}"}
    assert track["external_ids"] == {"isrc": "KRZZZ2100001"}
    assert (track["is_local"], track["explicit"], track["disc_number"]) == (False, False, 1)
    album = track["album"]
    assert (album["album_type"], album["release_date"], album["release_date_precision"]) == (
        "single",
        "2021-12-30",
        "day",
    )
    assert album["total_tracks"] == 2 and album["artists"][0]["name"] == "규현"
    assert "external_ids" not in client.track(STANDING_EGG)  # no ISRC given: none sent
    compilation = client.track(KJK_COMPILATION)["album"]
    assert compilation["name"] == "사운드트랙 #1 OST" and compilation["total_tracks"] == 14
    assert compilation["artists"][0]["name"] == "Various Artists"


def test_unknown_track_is_404_and_malformed_id_400(fake: FakeSpotify) -> None:
    client = app_client(fake)
    with pytest.raises(spotipy.SpotifyException) as unknown:
        client.track("s1nosuchtrack000000001")
    with pytest.raises(spotipy.SpotifyException) as malformed:
        client.track("short")
    assert (unknown.value.http_status, malformed.value.http_status) == (404, 400)


def test_several_tracks_endpoint_is_forbidden(fake: FakeSpotify) -> None:
    with pytest.raises(spotipy.SpotifyException) as caught:
        app_client(fake).tracks([KYUHYUN, DOYOUNG])
    assert caught.value.http_status == 403


def test_every_ost_title_artist_search_fits_one_page(fake: FakeSpotify) -> None:
    client = app_client(fake, language="en")
    for song in S1_SONGS:
        for title, artist in ((song.title, song.artist[1]), (song.title_en, song.artist[2])):
            page = client.search(f'track:"{title}" artist:"{artist}"', limit=10)["tracks"]
            assert page["total"] <= 10, title
            assert f"s1{song.key}".ljust(21, "0") + "1" in [i["id"] for i in page["items"]]


def test_seed_holds_the_decoys_but_no_soundtrack_2_da_capo(fake: FakeSpotify) -> None:
    assert fake.search_ids('artist:"Karaoke Hits Band"') == [KARAOKE]
    assert fake.search_ids('"Piano Ver." artist:DOYOUNG') == ["decoypiano000000000001"]
    assert fake.search_ids('track:"Talk To Me (Live)"') == ["decoylive0000000000001"]
    assert fake.search_ids('track:"My Love" artist:"Cover Lane"') == ["decoycover000000000001"]
    assert len(fake.search_ids('track:"My Love" year:2022')) == 6  # OST x4, Echo Heart, cover
    assert fake.search_ids("Da Capo") == ["decoydacapo00000000001"]
    assert fake.search_ids("손정혁") == fake.search_ids("Son Jung-hyuk") == []


# -- authorisation ----------------------------------------------------------------------------


def test_wrong_client_secret_is_invalid_client(fake: FakeSpotify) -> None:
    auth = SpotifyClientCredentials(
        client_id=fake.client_id, client_secret="wrong", cache_handler=MemoryCacheHandler()
    )
    auth.OAUTH_TOKEN_URL = fake.accounts_url + "/api/token"
    with pytest.raises(SpotifyOauthError) as caught:
        auth.get_access_token(as_dict=False)
    assert caught.value.error == "invalid_client"


def test_api_calls_need_a_valid_bearer_token(fake: FakeSpotify) -> None:
    url = fake.api_url + f"tracks/{KYUHYUN}"
    missing = requests.get(url)
    bogus = requests.get(url, headers=bearer("nonsense"))
    good = requests.get(url, headers=bearer(fake.issue_token(user=False)))
    assert missing.json() == {"error": {"status": 401, "message": "No token provided"}}
    assert bogus.json() == {"error": {"status": 401, "message": "Invalid access token"}}
    assert good.status_code == 200


def test_app_token_cannot_reach_user_endpoints(fake: FakeSpotify) -> None:
    client = app_client(fake)
    for call in (client.me, client.current_user_playlists, lambda: client.playlist("x")):
        with pytest.raises(spotipy.SpotifyException) as caught:
            call()
        assert caught.value.http_status == 401
    assert client.track(KYUHYUN)["id"] == KYUHYUN


def test_pkce_code_exchange_gives_a_user_token(fake: FakeSpotify) -> None:
    auth = pkce_manager(fake)
    redirect = fake.user_authorize(auth.get_authorize_url())
    assert redirect.startswith(REDIRECT_URI + "?")
    assert parse_qs(urlsplit(redirect).query)["state"] == ["st4te"]
    auth.get_access_token(auth.parse_response_code(redirect))
    token_info = auth.cache_handler.get_cached_token()
    assert token_info["scope"] == PLAYLIST_SCOPES and token_info["refresh_token"]
    exchange = fake.log[-1].form
    assert exchange is not None and exchange["grant_type"] == "authorization_code"
    assert pkce_challenge(exchange["code_verifier"]) == auth.code_challenge
    assert "client_secret" not in exchange
    client = spotipy.Spotify(auth_manager=auth)
    client.prefix = fake.api_url
    assert client.me()["id"] == "testuser"


def test_wrong_verifier_and_reused_codes_are_refused(fake: FakeSpotify) -> None:
    auth = pkce_manager(fake)
    code = auth.parse_response_code(fake.user_authorize(auth.get_authorize_url()))
    form = {
        "grant_type": "authorization_code",
        "client_id": fake.client_id,
        "code": code,
        "redirect_uri": REDIRECT_URI,
        "code_verifier": "not-the-verifier",
    }
    wrong = requests.post(fake.accounts_url + "/api/token", data=form)
    reused = requests.post(
        fake.accounts_url + "/api/token", data={**form, "code_verifier": auth.code_verifier}
    )
    assert (wrong.status_code, wrong.json()["error"]) == (400, "invalid_grant")
    assert (reused.status_code, reused.json()["error"]) == (400, "invalid_grant")


def test_authorize_endpoint_redirects_with_code_and_state(fake: FakeSpotify) -> None:
    auth = pkce_manager(fake)
    answer = requests.get(auth.get_authorize_url(), allow_redirects=False)
    assert answer.status_code == 302
    location = answer.headers["Location"]
    query = parse_qs(urlsplit(location).query)
    assert location.startswith(REDIRECT_URI) and query["state"] == ["st4te"]
    auth.get_access_token(query["code"][0])
    assert auth.cache_handler.get_cached_token()["access_token"].startswith("fakeat")


@pytest.mark.parametrize(
    "redirect_uri", ["http://localhost:8888/callback", "http://example.com/callback"]
)
def test_insecure_redirect_uris_are_refused(fake: FakeSpotify, redirect_uri: str) -> None:
    auth = pkce_manager(fake)
    auth.redirect_uri = redirect_uri
    with pytest.raises(ValueError, match="INVALID_CLIENT: Insecure redirect URI"):
        fake.user_authorize(auth.get_authorize_url())
    answer = requests.get(auth.get_authorize_url(), allow_redirects=False)
    assert answer.status_code == 400
    assert answer.json()["error"]["message"] == "INVALID_CLIENT: Insecure redirect URI"


def test_user_who_cancels_gets_access_denied(fake: FakeSpotify) -> None:
    auth = pkce_manager(fake)
    redirect = fake.user_authorize(auth.get_authorize_url(), agree=False)
    with pytest.raises(SpotifyOauthError) as caught:
        auth.parse_response_code(redirect)
    assert caught.value.error == "access_denied"


def test_authorization_code_without_pkce_needs_the_secret(fake: FakeSpotify) -> None:
    oauth = SpotifyOAuth(
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        redirect_uri=REDIRECT_URI,
        scope=PLAYLIST_SCOPES,
        cache_handler=MemoryCacheHandler(),
        open_browser=False,
    )
    oauth.OAUTH_AUTHORIZE_URL = fake.accounts_url + "/authorize"
    oauth.OAUTH_TOKEN_URL = fake.accounts_url + "/api/token"
    code = oauth.parse_response_code(fake.user_authorize(oauth.get_authorize_url()))
    secretless = requests.post(
        fake.accounts_url + "/api/token",
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI,
              "client_id": fake.client_id},
    )  # fmt: skip
    assert secretless.json()["error"] == "invalid_client"
    code = oauth.parse_response_code(fake.user_authorize(oauth.get_authorize_url()))
    assert oauth.get_access_token(code, as_dict=False, check_cache=False).startswith("fakeat")


def test_expired_token_is_401_until_refreshed(fake: FakeSpotify) -> None:
    client = user_client(fake)
    auth = client.auth_manager
    assert client.me()["id"] == "testuser"
    fake.expire_tokens()
    with pytest.raises(spotipy.SpotifyException) as caught:
        client.me()
    assert caught.value.http_status == 401 and "The access token expired" in caught.value.msg
    old_refresh = auth.cache_handler.get_cached_token()["refresh_token"]
    form = {
        "grant_type": "refresh_token",
        "refresh_token": old_refresh,
        "client_id": fake.client_id,
    }
    raw = requests.post(fake.accounts_url + "/api/token", data=form).json()
    assert "refresh_token" not in raw and raw["access_token"]  # Spotify may leave it out
    auth.refresh_access_token(old_refresh)  # so the old one must still work, and does
    assert client.me()["id"] == "testuser"


# -- playlists --------------------------------------------------------------------------------


def test_playlist_round_trip_through_spotipy(fake: FakeSpotify) -> None:
    client = user_client(fake)
    created = client.current_user_playlist_create("OST", public=False, description="d")
    pid = created["id"]
    assert fake.writes()[-1].json == {
        "name": "OST",
        "public": False,
        "collaborative": False,
        "description": "d",
    }
    assert (created["owner"]["id"], created["public"], created["items"]["total"]) == (
        "testuser",
        False,
        0,
    )
    snapshots = [created["snapshot_id"]]

    snapshots.append(client.playlist_add_items(pid, [KYUHYUN, DOYOUNG])["snapshot_id"])
    added = fake.writes()[-1]
    assert (added.path, added.json, added.query) == (
        f"/v1/playlists/{pid}/items",
        [uri(KYUHYUN), uri(DOYOUNG)],
        {},
    )
    snapshots.append(client.playlist_add_items(pid, [STANDING_EGG], position=0)["snapshot_id"])
    assert fake.writes()[-1].query == {"position": "0"}
    assert fake.playlist_uris(pid) == [uri(STANDING_EGG), uri(KYUHYUN), uri(DOYOUNG)]

    rows = client.playlist_items(pid)["items"]
    assert [row["item"]["name"] for row in rows] == [
        "Prettiest One",
        "사랑은 말로 표현하는게 아니래요",
        "아주 조금만 더",
    ]
    assert all("track" not in row and row["is_local"] is False and row["added_at"] for row in rows)

    snapshots.append(client.playlist_reorder_items(pid, range_start=0, insert_before=3)["snapshot_id"])  # fmt: skip
    assert fake.writes()[-1].json == {"range_start": 0, "range_length": 1, "insert_before": 3}
    assert fake.playlist_uris(pid) == [uri(KYUHYUN), uri(DOYOUNG), uri(STANDING_EGG)]

    snapshots.append(client.playlist_replace_items(pid, [DOYOUNG, KYUHYUN, DOYOUNG])["snapshot_id"])  # fmt: skip
    assert fake.writes()[-1].json == {"uris": [uri(DOYOUNG), uri(KYUHYUN), uri(DOYOUNG)]}

    removed = client.playlist_remove_all_occurrences_of_items(pid, [DOYOUNG])
    snapshots.append(removed["snapshot_id"])
    assert fake.writes()[-1].json == {"items": [{"uri": uri(DOYOUNG)}]}
    assert fake.playlist_uris(pid) == [uri(KYUHYUN)]

    snapshots.append(client.playlist_replace_items(pid, [])["snapshot_id"])
    assert fake.playlist_uris(pid) == []
    assert len(set(snapshots)) == len(snapshots) == 7
    assert client.playlist(pid)["snapshot_id"] == snapshots[-1]


def test_unchanged_contents_keep_the_snapshot(fake: FakeSpotify) -> None:
    client = user_client(fake)
    pid = client.current_user_playlist_create("OST", public=False)["id"]
    first = client.playlist_replace_items(pid, [KYUHYUN, DOYOUNG])["snapshot_id"]
    assert client.playlist_replace_items(pid, [KYUHYUN, DOYOUNG])["snapshot_id"] == first
    assert client.playlist_remove_all_occurrences_of_items(pid, [KARAOKE])["snapshot_id"] == first
    assert client.playlist_reorder_items(pid, 0, 1)["snapshot_id"] == first  # before itself
    swapped = client.playlist_reorder_items(pid, 0, 2, snapshot_id=first)["snapshot_id"]
    restored = client.playlist_reorder_items(pid, 0, 2)["snapshot_id"]
    assert fake.playlist_uris(pid) == [uri(KYUHYUN), uri(DOYOUNG)]
    assert len({first, swapped, restored}) == 3  # same contents again, still a new version


@pytest.mark.parametrize(
    ("items", "why"),
    [
        ([KYUHYUN] * 101, "maximum of 100"),
        (["s1nosuchtrack000000001"], "non-existing ID"),
        (["spotify:episode:s1nosuchtrack000000001"], "Invalid track uri"),
    ],
)
def test_adding_bad_or_too_many_uris_is_refused(fake: FakeSpotify, items: list, why: str) -> None:
    client = user_client(fake)
    pid = client.current_user_playlist_create("OST", public=False)["id"]
    before = fake.playlists[pid]["snapshot_id"]
    with pytest.raises(spotipy.SpotifyException) as caught:
        client.playlist_add_items(pid, items)
    assert caught.value.http_status == 400 and why in caught.value.msg
    assert fake.playlist_uris(pid) == [] and fake.playlists[pid]["snapshot_id"] == before


def test_adding_with_a_json_body_position_works_too(fake: FakeSpotify) -> None:
    pid = fake.create_playlist_state("OST", uris=[uri(KYUHYUN)])
    answer = requests.post(
        fake.api_url + f"playlists/{pid}/items",
        json={"uris": [uri(DOYOUNG)], "position": 0},
        headers=bearer(fake.issue_token()),
    )
    assert answer.status_code == 201 and set(answer.json()) == {"snapshot_id"}
    assert fake.playlist_uris(pid) == [uri(DOYOUNG), uri(KYUHYUN)]


def test_items_page_through_absolute_next_links(fake: FakeSpotify) -> None:
    client = user_client(fake)
    pid = fake.create_playlist_state("Long", uris=[uri(KYUHYUN)] * 60)
    page = client.playlist_items(pid)  # spotipy asks for limit=50
    assert len(page["items"]) == 50 and page["next"].startswith(fake.api_url)
    rest = client.next(page)
    assert (len(rest["items"]), rest["offset"], rest["next"]) == (10, 50, None)
    with pytest.raises(spotipy.SpotifyException) as caught:
        client.playlist_items(pid, limit=51)
    assert caught.value.http_status == 400


def test_old_tracks_endpoint_and_user_create_are_forbidden(fake: FakeSpotify) -> None:
    client = user_client(fake)
    pid = fake.create_playlist_state("OST")
    headers = bearer(fake.issue_token())
    for method in ("GET", "POST", "PUT", "DELETE"):
        url = fake.api_url + f"playlists/{pid}/tracks"
        assert requests.request(method, url, headers=headers, json=[]).status_code == 403
    with pytest.raises(spotipy.SpotifyException) as caught, pytest.warns(DeprecationWarning):
        client.user_playlist_create("testuser", "old way")
    assert caught.value.http_status == 403


def test_unfollowed_playlists_leave_the_list_but_stay_readable(fake: FakeSpotify) -> None:
    client = user_client(fake)
    keep, gone_by_api, gone_in_app = (
        client.current_user_playlist_create(name, public=False)["id"] for name in "ABC"
    )
    client.current_user_unfollow_playlist(gone_by_api)
    fake.unfollow(gone_in_app)
    assert [p["id"] for p in client.current_user_playlists()["items"]] == [keep]
    assert fake.writes()[-1].method == "DELETE"
    assert fake.writes()[-1].path == f"/v1/playlists/{gone_by_api}/followers"
    assert client.playlist(gone_in_app)["name"] == "C"
    with pytest.raises(spotipy.SpotifyException) as caught:
        client.playlist("fakepl9999999999999999")
    assert caught.value.http_status == 404


def test_my_playlists_page_newest_first(fake: FakeSpotify) -> None:
    client = user_client(fake)
    ids = [fake.create_playlist_state(f"P{n}") for n in range(3)]
    page = client.current_user_playlists(limit=2)
    assert [p["id"] for p in page["items"]] == ids[:0:-1]
    assert page["next"].startswith(fake.api_url) and client.next(page)["items"][0]["id"] == ids[0]
    assert set(page["items"][0]) >= {"id", "name", "owner", "public", "snapshot_id", "items"}


def test_scopes_are_enforced(fake: FakeSpotify) -> None:
    client = user_client(fake, scope="playlist-modify-public")
    public = client.current_user_playlist_create("Public", public=True)["id"]
    private = fake.create_playlist_state("Private", public=False)
    assert [p["id"] for p in client.current_user_playlists()["items"]] == [public]
    for call in (
        lambda: client.current_user_playlist_create("Private 2", public=False),
        lambda: client.playlist_add_items(private, [KYUHYUN]),
        lambda: client.playlist_items(private),
    ):
        with pytest.raises(spotipy.SpotifyException) as caught:
            call()
        assert (caught.value.http_status, caught.value.msg.split("\n")[-1].strip()) == (
            403,
            "Insufficient client scope",
        )


def test_someone_elses_playlist_is_read_only(fake: FakeSpotify) -> None:
    client = user_client(fake)
    pid = fake.create_playlist_state("Theirs", owner="someoneelse", uris=[uri(KYUHYUN)])
    shown = client.playlist(pid)
    assert shown["owner"]["id"] == "someoneelse" and "items" not in shown["items"]
    for call in (
        lambda: client.playlist_items(pid),
        lambda: client.playlist_add_items(pid, [DOYOUNG]),
        lambda: client.playlist_change_details(pid, name="Mine now"),
    ):
        with pytest.raises(spotipy.SpotifyException) as caught:
            call()
        assert caught.value.http_status == 403
    fake.playlists[pid]["collaborators"].append("testuser")
    assert client.playlist_items(pid)["total"] == 1


def test_change_details_updates_the_playlist(fake: FakeSpotify) -> None:
    client = user_client(fake)
    created = client.current_user_playlist_create("Old", public=False)
    client.playlist_change_details(created["id"], name="New", description="Soundtrack #1")
    assert fake.writes()[-1].json == {"name": "New", "description": "Soundtrack #1"}
    shown = client.playlist(created["id"])
    assert (shown["name"], shown["description"]) == ("New", "Soundtrack #1")
    assert shown["snapshot_id"] != created["snapshot_id"]


# -- faults -----------------------------------------------------------------------------------


def test_429_reaches_spotipy_with_retry_after_when_urllib3_does_not_retry(
    fake: FakeSpotify,
) -> None:
    # urllib3 retries a 429 that has Retry-After while any retries are left, even when 429 is
    # not in status_forcelist, and with 429 in the list retries=0 ends in "Max Retries" with
    # the headers lost. Only both settings together hand spotipy's caller the Retry-After.
    fake.inject("GET", r"^/v1/search", status=429, headers={"Retry-After": "2"}, times=2)
    with pytest.raises(spotipy.SpotifyException) as surfaced:
        app_client(fake, retries=0, status_forcelist=(500,)).search("My Love")
    assert surfaced.value.http_status == 429
    assert surfaced.value.headers["Retry-After"] == "2"
    assert "API rate limit exceeded" in surfaced.value.msg
    with pytest.raises(spotipy.SpotifyException) as swallowed:
        app_client(fake, retries=0).search("My Love")
    assert swallowed.value.http_status == 429 and "Retry-After" not in swallowed.value.headers
    assert [e.status for e in fake.log if e.path == "/v1/search"] == [429, 429]


def test_injected_429_gets_a_retry_after_by_default(fake: FakeSpotify) -> None:
    fake.inject("GET", "/v1/tracks/", status=429)
    answer = requests.get(fake.api_url + f"tracks/{KYUHYUN}")
    assert answer.status_code == 429 and answer.headers["Retry-After"] == "1"


def test_transient_503_is_retried_by_urllib3(fake: FakeSpotify) -> None:
    fake.inject("GET", "/v1/tracks/", status=503)
    assert app_client(fake).track(KYUHYUN)["id"] == KYUHYUN
    assert [e.status for e in fake.log if e.path.startswith("/v1/tracks/")] == [503, 200]


def test_drop_after_applies_the_add_but_the_client_sees_a_broken_connection(
    fake: FakeSpotify,
) -> None:
    client = user_client(fake)
    pid = client.current_user_playlist_create("OST", public=False)["id"]
    fake.inject("POST", r"/items$", drop="after")
    with pytest.raises(requests.exceptions.ConnectionError):
        client.playlist_add_items(pid, [KYUHYUN])
    assert fake.playlist_uris(pid) == [uri(KYUHYUN)]  # applied, though nobody was told
    assert fake.writes()[-1].status is None
    assert client.playlist_add_items(pid, [DOYOUNG])["snapshot_id"]  # next call reconnects
    assert fake.count("POST", f"/v1/playlists/{pid}/items") == 2  # no silent retry


def test_drop_before_does_not_apply(fake: FakeSpotify) -> None:
    client = user_client(fake)
    pid = client.current_user_playlist_create("OST", public=False)["id"]
    fake.inject("POST", r"/items$", drop="before")
    with pytest.raises(requests.exceptions.ConnectionError):
        client.playlist_add_items(pid, [KYUHYUN])
    assert fake.playlist_uris(pid) == []


def test_delay_beyond_the_client_timeout_is_a_read_timeout(fake: FakeSpotify) -> None:
    client = app_client(fake, requests_timeout=0.1)
    client.track(KYUHYUN)  # token fetched outside the timed part
    fake.inject("GET", "/v1/tracks/", delay=0.4)
    started = time.monotonic()
    with pytest.raises(requests.exceptions.ReadTimeout):
        client.track(KYUHYUN)
    assert time.monotonic() - started < 0.35


def test_latency_delays_every_request(fake: FakeSpotify) -> None:
    token = fake.issue_token(user=False)
    fake.latency = 0.05
    started = time.monotonic()
    for _ in range(2):
        requests.get(fake.api_url + f"tracks/{KYUHYUN}", headers=bearer(token))
    assert time.monotonic() - started >= 0.1


def test_rules_run_out_and_the_first_match_wins(fake: FakeSpotify) -> None:
    fake.inject("GET", "/v1/tracks/", status=418, times=2)
    fake.inject("*", "tracks", status=500, body="plain text", times=None)
    fake.inject("GET", "/v1/tracks/", headers={"X-Never": "1"})  # shadowed by the rules above
    url = fake.api_url + f"tracks/{KYUHYUN}"
    statuses = [requests.get(url).status_code for _ in range(4)]
    assert statuses == [418, 418, 500, 500]
    assert requests.get(url).text == "plain text"


def test_injected_headers_join_the_real_answer(fake: FakeSpotify) -> None:
    fake.inject("GET", r"tracks/s1kyuhyun", headers={"X-Fake": "yes"})
    answer = requests.get(
        fake.api_url + f"tracks/{KYUHYUN}", headers=bearer(fake.issue_token(user=False))
    )
    assert (answer.status_code, answer.headers["X-Fake"], answer.json()["id"]) == (
        200,
        "yes",
        KYUHYUN,
    )


# -- plumbing and bookkeeping -----------------------------------------------------------------


def test_log_writes_count_and_reset(fake: FakeSpotify) -> None:
    client = user_client(fake)
    pid = client.current_user_playlist_create("OST", public=False)["id"]
    client.playlist_add_items(pid, [KYUHYUN])
    client.playlist_items(pid)
    assert [(w.method, w.path) for w in fake.writes()] == [
        ("POST", "/v1/me/playlists"),
        ("POST", f"/v1/playlists/{pid}/items"),
    ]
    assert fake.count("POST") == 3  # the token request too
    assert fake.count("GET", "/v1/playlists/") == 1
    assert {w.auth for w in fake.writes()} == {client.auth_manager.get_access_token()}
    fake.reset_log()
    assert fake.log == [] and fake.count() == 0


def test_keep_alive_connections_are_reused(fake: FakeSpotify) -> None:
    token = fake.issue_token(user=False)
    with requests.Session() as session:
        for _ in range(3):
            answer = session.get(fake.api_url + f"tracks/{KYUHYUN}", headers=bearer(token))
            assert answer.status_code == 200
        assert len(fake._connections) == 1


def test_stop_is_prompt_idempotent_and_frees_the_port() -> None:
    fake = FakeSpotify().start()
    url = fake.api_url + "me"
    session = requests.Session()
    assert session.get(url).status_code == 401  # leaves a keep-alive connection open
    started = time.monotonic()
    fake.stop()
    fake.stop()
    assert time.monotonic() - started < 1
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(url, timeout=1)
    session.close()


def test_fixture_points_the_environment_at_the_fake(fake_spotify: FakeSpotify) -> None:
    assert os.environ["OST_SPOTIFY_API_URL"] == fake_spotify.api_url
    assert os.environ["OST_SPOTIFY_ACCOUNTS_URL"] == fake_spotify.accounts_url
    assert os.environ["SPOTIPY_CLIENT_ID"] == fake_spotify.client_id
    assert os.environ["SPOTIPY_CLIENT_SECRET"] == fake_spotify.client_secret
    assert fake_spotify.api_url.endswith("/v1/") and fake_spotify.search_ids("My Love") == []


def test_add_track_rejects_ids_spotify_would_never_issue() -> None:
    with pytest.raises(ValueError, match="22 base62"):
        FakeSpotify().add_track("t1", name="x", artists=["y"], album="z")


# -- properties -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shared_fake() -> Iterator[FakeSpotify]:
    with FakeSpotify() as fake:
        seed_soundtrack(fake)
        yield fake


@settings(max_examples=60, deadline=None)
@given(q=st.text(max_size=30))
def test_any_query_is_answered_without_a_server_error(shared_fake: FakeSpotify, q: str) -> None:
    token = shared_fake.issue_token(user=False)
    answer = requests.get(
        shared_fake.api_url + "search",
        params={"q": q, "type": "track", "limit": "10"},
        headers=bearer(token),
    )
    assert answer.status_code == (200 if q.strip() else 400)
    assert shared_fake.errors == []


@given(
    field=st.sampled_from(["track", "artist", "album"]),
    value=st.text(st.characters(blacklist_characters='"'), min_size=1, max_size=20),
)
def test_a_quoted_field_filter_parses_to_one_term(field: str, value: str) -> None:
    expected = [SearchTerm(field, fold(value).strip())] if fold(value).strip() else []
    assert parse_query(f'{field}:"{value}"') == expected
