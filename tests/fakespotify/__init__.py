"""tests/fakespotify: a fake Spotify Web API (as it stands in 2026) served over real HTTP on 127.0.0.1, for tests.

Tests drive the real spotipy client against it, so the retries, timeouts and 429 handling that
live in urllib3 underneath spotipy are exercised too; a mock at the ``requests`` layer would skip
them. What is modelled, and why, is in ``/work/shared/spotify-api.md``: development-mode limits
(search ``limit`` <= 10, no batch ``/tracks``, ``POST /me/playlists``, ``/playlists/{id}/items``
with rows under ``item``), localised names by ``Accept-Language``, Client Credentials and
Authorization Code (+PKCE) tokens, loopback-only redirect URIs.

Standard library only (plus pytest for the fixture): ``ThreadingHTTPServer`` speaking HTTP/1.1
with keep-alive, on a free port, in daemon threads that ``stop()`` tears down promptly.

Simplifications (deliberate): search matches substrings, not Spotify's fuzzy ranking, and knows
no ``NOT``/``OR``; only tracks and albums are searchable (other types come back empty); a ``snapshot_id``
sent with a change must be one the playlist has had, but the change applies to the current
contents; ``fields`` is ignored (whole objects are returned).

Parts: ``wire`` (constants, records, request/response), ``accounts`` (tokens, OAuth, /me),
``catalogue`` (tracks, albums, the search language), ``playlists`` (the playlist endpoints),
``faults`` (injected misbehaviour and the request log), ``server`` (routing and HTTP),
``seed`` (the Soundtrack #1 catalogue with its decoys). Import from the package.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .catalogue import SearchTerm, parse_query
from .faults import LoggedRequest
from .seed import (
    DEMIAN_DA_CAPO,
    DEMIAN_DA_CAPO_ID,
    S1_ALBUM,
    S1_ALBUM_EN,
    S1_SONGS,
    _fixture_id,
    add_demian_da_capo,
    seed_soundtrack,
)
from .server import FakeSpotify
from .wire import (
    ID_LENGTH,
    MAX_URIS_PER_REQUEST,
    PAGE_MAX_LIMIT,
    PLAYLIST_SCOPES,
    REDIRECT_URI,
    SEARCH_MAX_LIMIT,
    SEARCH_MAX_OFFSET,
    TOKEN_LIFETIME,
    derived_id,
    fold,
    pkce_challenge,
    primary_language,
)

__all__ = [
    "DEMIAN_DA_CAPO",
    "DEMIAN_DA_CAPO_ID",
    "ID_LENGTH",
    "MAX_URIS_PER_REQUEST",
    "PAGE_MAX_LIMIT",
    "PLAYLIST_SCOPES",
    "REDIRECT_URI",
    "S1_ALBUM",
    "S1_ALBUM_EN",
    "S1_SONGS",
    "SEARCH_MAX_LIMIT",
    "SEARCH_MAX_OFFSET",
    "TOKEN_LIFETIME",
    "FakeSpotify",
    "LoggedRequest",
    "SearchTerm",
    "_fixture_id",
    "add_demian_da_capo",
    "derived_id",
    "fake",
    "fake_spotify",
    "fold",
    "parse_query",
    "pkce_challenge",
    "primary_language",
    "seed_soundtrack",
]


@pytest.fixture
def fake_spotify(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSpotify]:
    """A started (not seeded) FakeSpotify; the environment points ost and spotipy at it."""
    with FakeSpotify() as fake:
        for name, value in fake.environment().items():
            monkeypatch.setenv(name, value)
        yield fake
    # A bug in the fake answers 500, which retries could hide: fail loudly instead.
    assert not fake.errors, "the fake Spotify crashed:\n" + "\n".join(fake.errors)


@pytest.fixture
def fake(fake_spotify: FakeSpotify) -> FakeSpotify:
    """``fake_spotify`` seeded with Soundtrack #1's releases and the decoys around them."""
    seed_soundtrack(fake_spotify)
    return fake_spotify
