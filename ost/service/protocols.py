"""What ost asks of a streaming service: small protocols, one per job (search recordings, read
albums, read and write playlists). An adapter implements those it can.

An adapter is cheap to make: it connects (and asks for credentials) on its first request, so a
run answered from the cache makes no connection at all. ``requests`` counts what it sent.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, runtime_checkable

from ost.service import ServiceName
from ost.service.albums import Album, AlbumTrack
from ost.service.playlists import Account, Edits, Playlist, PlaylistItem
from ost.service.recordings import Rendering


class Service(Protocol):
    @property
    def name(self) -> ServiceName: ...

    @property
    def requests(self) -> int:
        """Requests sent so far (token requests included), for summaries and benchmarks."""
        ...


class RecordingSearch(Service, Protocol):
    def query(self, title: str, artist: str | None = None) -> str:
        """The service's search words for a title, by an artist when given (no request)."""
        ...

    def search_recordings(
        self, query: str, *, language: str, market: str | None = None
    ) -> list[Rendering]:
        """The recordings a search finds, best first, named in ``language``."""
        ...

    def recording(self, recording_id: str, *, language: str) -> Rendering:
        """One recording looked up by its id, named in ``language``."""
        ...


@runtime_checkable
class AlbumDates(Service, Protocol):
    """A service whose search answers leave recordings undated while their albums are dated
    (YouTube Music): matching reads the album of each recording it may choose."""

    def album_date(self, album_id: str) -> str | None:
        """The album's release date as precise as the service gives it (``2022``); None when
        it gives none."""
        ...


class AlbumSearch(Service, Protocol):
    def search_albums(self, query: str, *, language: str) -> list[Album]: ...

    def album_tracks(self, album_id: str) -> list[AlbumTrack]:
        """The album's tracks, each named in both languages where the service localises."""
        ...


class Discography(Service, Protocol):
    def artist_albums(self, artist_id: str) -> list[Album]:
        """The artist's releases; ``NotFound`` for an id that has no artist page."""
        ...

    def album_of(self, track_id: str) -> Album:
        """The album a track (by the service's track id) sits on."""
        ...


class AlbumReader(AlbumSearch, Discography, Protocol):
    """Everything discovery reads."""


class PlaylistReader(Service, Protocol):
    def whoami(self) -> Account: ...

    def my_playlists(self) -> Iterator[Playlist]:
        """The user's playlists, newest first (the ones they follow too: ``owned`` tells)."""
        ...

    def playlist(self, playlist_id: str) -> Playlist: ...

    def playlist_items(self, playlist_id: str) -> list[PlaylistItem]:
        """Its items in order (each row keeps its place, a gone recording's too)."""
        ...


class PlaylistWriter(PlaylistReader, Protocol):
    @property
    def edits(self) -> Edits: ...

    @property
    def stand_ins(self) -> dict[str, str]:
        """Recordings the service put in place of those asked for in this run (asked -> put):
        YouTube Music may add a song's music video for an account without Premium. Sync keeps
        them, so that it does not take the stand-in away and ask again."""
        ...

    def create_playlist(self, name: str, *, public: bool, description: str) -> Playlist:
        """Not safe to repeat: a lost answer is ``ConnectionLost``."""
        ...

    def change_details(
        self, playlist_id: str, *, name: str | None = None, public: bool | None = None
    ) -> None: ...

    def add(self, playlist_id: str, ids: list[str]) -> str | None:
        """Append (not safe to repeat); returns the new snapshot where the service has one."""
        ...

    def replace(self, playlist_id: str, ids: list[str]) -> str | None:
        """Only where ``edits.replace``."""
        ...

    def remove(self, playlist_id: str, items: list[PlaylistItem]) -> str | None:
        """By handle where ``edits.by_handle``, else every occurrence of each item's id."""
        ...

    def move(self, playlist_id: str, item: PlaylistItem, before: PlaylistItem | None) -> None:
        """Only where ``edits.by_handle``: the item to just before another (None: the end)."""
        ...

    def delete_playlist(self, playlist_id: str) -> None:
        """Remove it from the user's library."""
        ...
