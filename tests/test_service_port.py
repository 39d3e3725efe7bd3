"""The service port (``ost.service``) fits a second service without touching the core.

- The match run (``ost.matching``: query plan, cached ``Searcher``, ``match_one``) is driven by
  the YouTube Music adapter (``ost.ytmusic.service``) against its stand-in (tests/fakeytmusic/)
  exactly as it is by Spotify's: the right audio track for every song the service has, nothing
  for the one it lacks, and a second run answered from the cache with no call at all.
- Sync (``ost.sync``) keeps a playlist exact on a service that has no snapshot ids, no
  replace-all and removes and moves items by their own handle (as YouTube Music does): a small
  in-memory service here, since the YouTube Music writer is still to come.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fakeytmusic import OLDER_MY_LOVE, OST_COMPILATION, FakeYTMusicService, SeededSong
from hypothesis import given, settings
from hypothesis import strategies as st

from ost import catalogue, decisions, matching, playlists
from ost import sync as core
from ost.decisions import Status
from ost.discover import store
from ost.discover.evidence import SeasonAlbums
from ost.errors import ConnectionLost
from ost.matching import run
from ost.service import ServiceName
from ost.service.albums import Album, AlbumTrack, ArtistRef
from ost.service.playlists import Account, Edits, Playlist, PlaylistItem
from ost.service.protocols import RecordingSearch
from ost.service.recordings import Recording, Rendering
from ost.spotify import recordings as spotify_recordings
from ost.spotify.service import SpotifyService
from ost.ytmusic.service import YouTubeMusicService

SONGS = ("s1-01", "s1-02", "s1-03", "s1-04", "s1-05", "s1-06", "s1-07")


def song(fake: FakeYTMusicService, track_id: str) -> SeededSong:
    return next(s for s in fake.songs if s.track_id == track_id)


def match(service: RecordingSearch, track_ids: tuple[str, ...]) -> list[matching.Outcome]:
    db = catalogue.open_catalogue()
    searcher = matching.Searcher(db, service, None, refresh=False)
    return [matching.match_one(t, searcher) for t in matching.targets(db, list(track_ids))]


def test_the_match_run_finds_each_songs_audio_track_through_the_youtube_music_adapter(
    fake_ytmusic: FakeYTMusicService,
) -> None:
    outcomes = match(YouTubeMusicService(sleep=lambda s: None), SONGS)
    for o in outcomes:
        assert o.uri in song(fake_ytmusic, o.track_id).right, o.reason
        assert o.status == Status.AUTO, o.reason
        assert o.details["kind"] == "audio" and o.details["isrc"] is None
        assert o.details["url"] == f"https://music.youtube.com/watch?v={o.uri}"
        assert o.details["name_ko"] and o.details["name_en"]  # both languages, as on Spotify
    (lacking,) = match(YouTubeMusicService(sleep=lambda s: None), ("s2-01",))
    assert lacking.status == Status.NONE and lacking.uri is None
    assert lacking.reason.startswith("Nothing acceptable on YouTube Music. Closest:")


def test_a_second_run_is_answered_from_the_cache_with_no_call(
    fake_ytmusic: FakeYTMusicService,
) -> None:
    first = match(YouTubeMusicService(sleep=lambda s: None), SONGS)
    calls = len(fake_ytmusic.calls())
    assert 0 < len(fake_ytmusic.calls("search")) <= 2 * len(SONGS)
    assert len(fake_ytmusic.calls("get_song")) <= len(SONGS)  # the other language's names
    albums = [c["args"]["browseId"] for c in fake_ytmusic.calls("get_album")]
    assert len(albums) == len(set(albums)) <= 2 * len(SONGS)  # each album read once
    assert albums.count(OST_COMPILATION) == 1  # on every track's list: read for the first
    service = YouTubeMusicService(sleep=lambda s: None)
    second = match(service, SONGS)
    assert [o.uri for o in second] == [o.uri for o in first]
    assert len(fake_ytmusic.calls()) == calls and service.requests == 0


def test_the_artists_older_song_of_the_title_is_refused_by_its_albums_year(
    fake_ytmusic: FakeYTMusicService,
) -> None:
    """Without its OST recordings, s1-04's closest is Kim Jong Kook's own 2012 "My Love": its
    search row names no year, so only its album's year tells it from the song of the show. A
    length the catalogue knows and the older song shares would otherwise make it `auto`."""
    expected = song(fake_ytmusic, "s1-04")
    for vid in expected.right:
        fake_ytmusic.withdraw(vid)
    db = catalogue.open_catalogue()
    (target,) = matching.targets(db, ["s1-04"])
    timed = replace(target, wanted=replace(target.wanted, duration_ms=251_000))
    searcher = matching.Searcher(db, YouTubeMusicService(sleep=lambda s: None), None, False)
    # Then the music video is proposed (the song is gone); with the length, its longer intro
    # leaves nothing acceptable.
    for case, proposed in ((target, expected.music_video), (timed, None)):
        outcome = matching.match_one(case, searcher)
        assert outcome.uri != OLDER_MY_LOVE, outcome.reason
        older = next(c for c in outcome.candidates if c["uri"] == OLDER_MY_LOVE)
        assert older["status"] == Status.NONE and older["release_date"] == "2012"
        assert "but released 2012, outside the show's time" in older["reason"]
        (date,) = [p for p in older["evidence"] if p["name"] == "date"]
        assert date["value"] == 0.0 and date["refusal"]
        assert outcome.uri == proposed, outcome.reason


class AlbumYears:
    """A service that dates only albums, some not at all, counting what it is asked."""

    name = ServiceName.YTMUSIC

    def __init__(self, years: dict[str, str | None]) -> None:
        self.years, self.asked = years, []

    @property
    def requests(self) -> int:
        return len(self.asked)

    def album_date(self, album_id: str) -> str | None:
        self.asked.append(album_id)
        return self.years[album_id]


def undated(video_id: str, album_id: str) -> Recording:
    found = Recording(video_id)
    found.add("ko", Rendering(video_id, "My Love", ("김종국",), album_id=album_id))
    return found


def test_recordings_are_dated_by_their_album_read_once_and_cached_dateless_too() -> None:
    db = catalogue.open_catalogue()
    service = AlbumYears({"MPREb_dated": "2012", "MPREb_dateless": None})
    searcher = matching.Searcher(db, service, None, refresh=False)  # type: ignore[arg-type]
    first, second = undated("fakeVideo01", "MPREb_dated"), undated("fakeVideo02", "MPREb_dated")
    bare = undated("fakeVideo03", "MPREb_dateless")
    for recording in (first, second, bare, bare):
        searcher.date(recording)
    assert first.candidate().release_date == second.candidate().release_date == "2012"
    assert bare.candidate().release_date is None and not searcher.datable(bare)
    assert service.asked == ["MPREb_dated", "MPREb_dateless"]  # one read an album
    warm = matching.Searcher(db, service, None, refresh=False)  # type: ignore[arg-type]
    again, bare = undated("fakeVideo04", "MPREb_dated"), undated("fakeVideo03", "MPREb_dateless")
    for recording in (again, bare):
        warm.date(recording)
    assert again.candidate().release_date == "2012" and not warm.datable(bare)
    assert len(service.asked) == 2 and warm.stats.cached == 2  # both answers from the cache
    spotify = matching.Searcher(db, SpotifyService(), None, refresh=False)
    assert not spotify.datable(undated("fakeVideo05", "MPREb_dated"))  # Spotify dates its own


def test_dating_by_album_is_bounded_when_many_older_songs_share_the_title() -> None:
    db = catalogue.open_catalogue()
    (target,) = matching.targets(db, ["s1-04"])
    years = {f"MPREb_old{n:02d}": str(1990 + n) for n in range(30)}  # all long before the show
    service = AlbumYears(years)
    searcher = matching.Searcher(db, service, None, refresh=False)  # type: ignore[arg-type]
    seen = {f"fakeOld{n:04d}": undated(f"fakeOld{n:04d}", a) for n, a in enumerate(years)}
    best, ranked = run.judge(target, searcher, seen, set())
    assert len(service.asked) == run.DATING_ROUNDS * run.KEEP_CANDIDATES < len(years)
    dated = [v for v in ranked if v.candidate.release_date]
    assert len(dated) == len(service.asked) and all(v.status == Status.NONE for v in dated)
    # Past the bound the rest stay as the search left them: undated, never more than a doubt.
    assert best is not None and best.candidate.release_date is None
    assert best.status == Status.REVIEW


def test_a_youtube_music_run_never_takes_a_track_of_the_albums_discovery_accepted_on_spotify(
    fake_ytmusic: FakeYTMusicService,
) -> None:
    db = catalogue.open_catalogue()
    (target,) = matching.targets(db, ["s1-01"])
    credit = tuple(
        ArtistRef(f"artist{n}", a["name"], a["name_en"] or a["name"])
        for n, a in enumerate(target.artists)
    )
    day = target.wanted.release_date.isoformat() if target.wanted.release_date else "2022-01-01"
    album = Album(
        "spotifyalbum0000000001",
        target.title,
        target.title,
        "single",
        day,
        "https://open.spotify.com/album/x",
        credit,
        1,
    )
    track = AlbumTrack(
        "spotifytrack0000000001",
        album.id,
        1,
        1,
        target.title,
        target.title_en or target.title,
        credit,
    )
    with db.atomic():
        store.save_albums(db, [album], "ko")
        store.save_tracks(db, album.id, [track])
        db.table("album_verdicts").insert(
            {"season": 1, "album_id": album.id, "accepted": 1, "reason": "", "evidence": "[]"}
        )
    on_spotify = matching.match_one(
        target, matching.Searcher(db, SpotifyService(), None, False), None, SeasonAlbums(db, 1)
    )
    assert on_spotify.uri == track.uri and on_spotify.status == Status.AUTO  # taken from the album
    outcomes, _, _ = matching.run_match(
        db, YouTubeMusicService(sleep=lambda s: None), matching.Scope(seasons=(1,)), dry_run=True
    )
    assert outcomes[0].track_id == "s1-01" and outcomes[0].uri in song(fake_ytmusic, "s1-01").right


def test_each_service_keeps_its_own_cache_entries(fake_ytmusic: FakeYTMusicService) -> None:
    match(YouTubeMusicService(sleep=lambda s: None), ("s1-01",))
    db = catalogue.open_catalogue()
    keys = [r[0] for r in db.execute("select key from search_cache")]
    assert keys and all(key.endswith(', "ytmusic"]') for key in keys)


@pytest.mark.parametrize(
    "odd",
    [
        {},
        {"external_ids": {"isrc": 5}, "external_urls": "x"},
        {"duration_ms": True, "album": {"name": None, "release_date": 2021}},
        {"artists": [], "album": {}, "external_ids": {}},
    ],
    ids=["plain", "odd-ids", "odd-album", "bare"],
)
def test_what_the_spotify_adapter_reads_is_read_back_from_the_cache(odd: dict) -> None:
    item = {
        "uri": "spotify:track:" + "a" * 22,
        "name": "사랑은 말로 표현하는게 아니래요",
        "artists": [{"name": "규현"}],
        "album": {"name": "사운드트랙 #1", "album_type": "single", "release_date": "2022-03-23"},
        "duration_ms": 236_000,
        "external_ids": {"isrc": "KRA382200001"},
        **odd,
    }
    read = spotify_recordings.rendering(item)
    assert Rendering.from_json(json.loads(json.dumps(read.as_json()))) == read
    assert read.url == "https://open.spotify.com/track/" + "a" * 22  # made when not given


# --- sync on a service without snapshots, replace-all or removal by id ----------------------------


class HandleService:
    """A playlist service as YouTube Music is one: items have handles of their own (the same
    video may be there twice), removals and moves go by handle, additions append, there is no
    snapshot id and no replace-all. ``lose_after_add`` drops the answer of an applied add."""

    name = ServiceName.YTMUSIC
    edits = Edits(replace=False, by_handle=True, chunk=3, description_max=5000)

    def __init__(self) -> None:
        self.lists: dict[str, dict] = {}
        self.writes: list[str] = []
        self.requests = 0
        self.lose_after_add = 0
        self.stand_ins: dict[str, str] = {}
        self._handles = itertools.count(1)

    def whoami(self) -> Account:
        self.requests += 1
        return Account("me", "Me")

    def my_playlists(self) -> Iterator[Playlist]:
        self.requests += 1
        return iter([self.playlist(pid) for pid in reversed(self.lists)])

    def playlist(self, playlist_id: str) -> Playlist:
        p = self.lists[playlist_id]
        return Playlist(playlist_id, p["name"], p["description"], owned=True, public=False)

    def playlist_items(self, playlist_id: str) -> list[PlaylistItem]:
        self.requests += 1
        return list(self.lists[playlist_id]["items"])

    def ids(self, playlist_id: str) -> list[str]:
        return [i.id for i in self.lists[playlist_id]["items"]]

    def _write(self, what: str) -> None:
        self.requests += 1
        self.writes.append(what)

    def create_playlist(self, name: str, *, public: bool, description: str) -> Playlist:
        self._write("create")
        pid = f"PL{len(self.lists) + 1}"
        self.lists[pid] = {"name": name, "description": description, "items": []}
        return self.playlist(pid)

    def change_details(self, playlist_id: str, *, name=None, public=None) -> None:
        self._write("details")

    def add(self, playlist_id: str, ids: list[str]) -> str | None:
        self._write("add")
        items = self.lists[playlist_id]["items"]
        items += [PlaylistItem(i, handle=f"h{next(self._handles)}") for i in ids]
        if self.lose_after_add:
            self.lose_after_add -= 1
            raise ConnectionLost("the connection dropped after the add")
        return None

    def replace(self, playlist_id: str, ids: list[str]) -> str | None:
        raise AssertionError("this service has no replace-all")

    def remove(self, playlist_id: str, items: list[PlaylistItem]) -> str | None:
        self._write("remove")
        assert all(i.handle for i in items), "removals go by handle here"
        handles = {i.handle for i in items}
        self.lists[playlist_id]["items"] = [
            i for i in self.lists[playlist_id]["items"] if i.handle not in handles
        ]
        return None

    def move(self, playlist_id: str, item: PlaylistItem, before: PlaylistItem | None) -> None:
        self._write("move")
        items = self.lists[playlist_id]["items"]
        items.remove(item)
        items.insert(items.index(before) if before else len(items), item)

    def delete_playlist(self, playlist_id: str) -> None:
        self._write("delete")
        del self.lists[playlist_id]


@pytest.fixture
def season_one(ost_home: Path) -> list[str]:
    """Season 1 pinned to seven ids, as accepted matches; the ids the playlist must hold."""
    db = catalogue.open_catalogue()
    ids = [f"vid{n:08d}" for n in range(1, 8)]
    with db.atomic():
        for track_id, vid in zip(SONGS, ids, strict=True):
            decisions.pin(
                db,
                decisions.pinned_row(track_id, vid, "pinned by you", service=ServiceName.YTMUSIC),
            )
    return ids


def sync(service: HandleService) -> core.SyncResult:
    db = catalogue.open_catalogue()
    definition = playlists.find_definition("soundtrack-1")
    (result,) = core.sync_all(db, service, [definition])
    return result


def test_sync_keeps_a_playlist_exact_on_a_service_that_moves_and_removes_by_handle(
    season_one: list[str],
) -> None:
    service = HandleService()
    made = sync(service)
    pid = str(made.playlist_id)
    assert made.created and service.ids(pid) == season_one
    assert made.url == f"https://music.youtube.com/playlist?list={pid}"
    service.writes.clear()
    assert sync(service).unchanged and service.writes == []  # read back, nothing to write

    held = service.lists[pid]["items"]
    held.reverse()  # someone reorders it in the app, adds a copy and removes one
    held.append(PlaylistItem(season_one[0], handle="elsewhere"))
    del held[2]
    service.writes.clear()
    again = sync(service)
    assert service.ids(pid) == season_one
    assert service.writes.count("add") == 1 and service.writes.count("remove") == 1
    assert service.writes.count("move") == len(season_one) - 2  # all but the longest run in order
    assert not again.created and len(service.lists) == 1


def test_a_lost_add_is_read_back_and_nothing_is_added_twice(season_one: list[str]) -> None:
    service = HandleService()
    service.lose_after_add = 1
    made = sync(service)
    assert service.ids(str(made.playlist_id)) == season_one
    assert service.writes.count("add") == 3  # 7 ids, 3 a request: the lost one not sent again


ITEMS = st.lists(st.sampled_from("ABCDE"), max_size=9)


@settings(max_examples=300, deadline=None)
@given(current=ITEMS, desired=ITEMS)
def test_handle_plans_reach_the_desired_contents(current: list[str], desired: list[str]) -> None:
    service, handles = HandleService(), itertools.count(1)
    service.lists["PL1"] = {
        "name": "x",
        "description": "",
        "items": [PlaylistItem(i, handle=f"old{next(handles)}") for i in current],
    }
    for _ in range(2):  # remove and add, then move: moves need the added items' handles
        for step in core.steps(service.playlist_items("PL1"), desired, service.edits):
            assert 0 < len(step.uris) <= service.edits.chunk and step.kind != "replace"
            if step.kind == "move":
                service.move("PL1", step.items[0], step.before)
            elif step.kind == "remove":
                service.remove("PL1", list(step.items))
            else:
                service.add("PL1", step.uris)
    assert service.ids("PL1") == desired
    assert core.steps(service.playlist_items("PL1"), desired, service.edits) == []
