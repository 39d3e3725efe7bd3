"""The test service must not drift from Spotify: every endpoint ost uses is asked of it, each
paged one is followed past its first page through spotipy's ``next()``, and page two must have the
shape of page one (the same wrapper for a search, the same paging keys, rows of the same kind).

How each list pages is in /work/shared/spotify-api.md: a search's every page comes wrapped by
its type (``{"albums": {...}}``), other lists as bare paging objects. A fake whose search
``next`` answered a bare paging object would hide the commonest failure of API clients, so the
check is also run against such a fake, and must catch it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import spotipy
from fakespotify import S1_SONGS, FakeSpotify, seed_soundtrack
from fakespotify.clients import app_client, user_client
from fakespotify.discovery import seed_discovery
from fakespotify.wire import _Request, _Response

PAGING_KEYS = {"href", "items", "limit", "next", "offset", "previous", "total"}
OPTIONAL_ROW_KEYS = {"external_ids"}  # only with an ISRC (removed, then restored in 2026)
DEMIAN = "데미안"


@dataclass(frozen=True)
class Paged:
    """One paged endpoint as ost reads it: how to ask for page one, and the search type key
    its pages are wrapped in (None for a bare paging object)."""

    name: str
    first: Callable[[spotipy.Spotify], Any]
    wrapper: str | None = None


def shape_problems(one: Any, two: Any, wrapper: str | None) -> list[str]:
    """What differs between page one and page two of a listing, in words (empty: same shape)."""
    problems = []
    for n, answer in (("one", one), ("two", two)):
        if wrapper is not None and (not isinstance(answer, dict) or set(answer) != {wrapper}):
            keys = sorted(answer) if isinstance(answer, dict) else type(answer).__name__
            problems.append(f"page {n} is not wrapped in {wrapper!r} alone: {keys}")
    if problems:
        return problems
    first, second = (one[wrapper], two[wrapper]) if wrapper else (one, two)
    for n, page in (("one", first), ("two", second)):
        if set(page) != PAGING_KEYS:
            problems.append(f"page {n} has keys {sorted(page)}, not a paging object's")
    if not problems and _row_keys(first) != _row_keys(second):
        problems.append(f"rows differ: {_row_keys(first)} then {_row_keys(second)}")
    return problems


def _row_keys(page: dict[str, Any]) -> set[str]:
    """The keys the rows carry, but for those Spotify sends only sometimes."""
    keys = {key for row in page["items"] if isinstance(row, dict) for key in row}
    return keys - OPTIONAL_ROW_KEYS


def page_two(client: spotipy.Spotify, endpoint: Paged) -> tuple[Any, Any]:
    one = endpoint.first(client)
    page = one[endpoint.wrapper] if endpoint.wrapper else one
    assert page["next"], f"{endpoint.name}: the test service holds one page only"
    return one, client.next(page)


def paged_endpoints(fake: FakeSpotify, playlist_id: str) -> Iterator[tuple[Paged, bool]]:
    """Every paged read ost makes, with the parameters it sends (and whether it needs a user)."""
    album = fake._matching_albums('album:"사운드트랙 #1 Score Collection"')[0].id
    demian = next(a.id for t in fake._tracks.values() for a in t.artists if a.name == DEMIAN)
    yield (
        Paged("track search", lambda c: c.search("사운드트랙", limit=10, type="track"), "tracks"),
        False,
    )
    yield (
        Paged(
            "album search", lambda c: c.search("Soundtrack OST", limit=10, type="album"), "albums"
        ),
        False,
    )
    yield Paged("album tracks", lambda c: c.album_tracks(album, limit=50)), False
    groups = "album,single,compilation,appears_on"
    yield (
        Paged("artist albums", lambda c: c.artist_albums(demian, include_groups=groups, limit=10)),
        False,
    )
    yield Paged("playlist items", lambda c: c.playlist_items(playlist_id, limit=50)), True
    yield Paged("my playlists", lambda c: c.current_user_playlists(limit=50)), True  # fmt: skip


@pytest.fixture
def stocked(fake: FakeSpotify) -> tuple[FakeSpotify, str]:
    """Every list ost pages has pages: album searches, an artist's list, a 62-track album, a
    playlist of 260 items, 55 of the user's playlists."""
    seed_discovery(fake)
    uris = [f"spotify:track:{t}" for t in list(fake._tracks)[:130]] * 2
    big = fake.create_playlist_state("Long", uris=uris)
    for n in range(54):
        fake.create_playlist_state(f"P{n}")
    return fake, big


def check_service(fake: FakeSpotify, playlist_id: str) -> dict[str, list[str]]:
    """Each paged endpoint's problems (empty lists where page two looks like page one)."""
    app, user = app_client(fake), user_client(fake)
    return {
        endpoint.name: shape_problems(*page_two(user if needs_user else app, endpoint), endpoint.wrapper)
        for endpoint, needs_user in paged_endpoints(fake, playlist_id)
    }  # fmt: skip


def test_page_two_of_every_paged_read_has_the_shape_of_page_one(stocked) -> None:
    problems = check_service(*stocked)
    assert set(problems) == {
        "track search",
        "album search",
        "album tracks",
        "artist albums",
        "playlist items",
        "my playlists",
    }
    assert problems == {name: [] for name in problems}


def test_the_single_answers_ost_reads_have_their_documented_shape(stocked) -> None:
    fake, playlist_id = stocked
    app, user = app_client(fake), user_client(fake)
    track = app.track(fake.search_ids(f'track:"{S1_SONGS[0].title}"')[0])
    assert {"id", "uri", "name", "artists", "album", "duration_ms", "track_number"} <= set(track)
    assert "popularity" not in track and "available_markets" not in track
    assert {"id", "display_name"} <= set(user.me())
    playlist = user.playlist(playlist_id)
    assert {"id", "name", "description", "public", "owner", "snapshot_id", "items"} <= set(playlist)


class BareSearchPages(FakeSpotify):
    """A drifted test service: a search's next pages come as bare paging objects."""

    def _search(self, request: _Request, grant: Any) -> _Response:
        answer = super()._search(request, grant)
        if int(request.query.get("offset", 0)) == 0:
            return answer
        (page,) = json.loads(answer.body).values()
        return _Response.of_json(200, page)


def test_the_shape_check_catches_a_search_that_pages_bare() -> None:
    with BareSearchPages() as drifted:
        seed_soundtrack(drifted)
        seed_discovery(drifted)
        big = drifted.create_playlist_state("Long", uris=["spotify:track:" + "x" * 22] * 60)
        for n in range(54):
            drifted.create_playlist_state(f"P{n}")
        problems = check_service(drifted, big)
    assert problems["album search"] and problems["track search"]
    assert "not wrapped in 'albums'" in problems["album search"][0]
    assert problems["album tracks"] == problems["playlist items"] == []
