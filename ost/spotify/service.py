"""Spotify behind the service port (``ost.service``): every protocol, in ost's words.

``SpotifyService`` is what the core is given. It makes its ``Api`` (the session, the token and
ost's retry rules: ``ost.spotify.api``) on its first request, so a run answered from the cache
asks for no credentials at all; the modules beside it turn Spotify's JSON into the port's
objects (``recordings``, ``albums``, ``playlists``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from ost.service import ServiceName
from ost.service.albums import Album, AlbumTrack
from ost.service.playlists import Account, Edits, Playlist, PlaylistItem
from ost.service.protocols import AlbumReader, PlaylistWriter, RecordingSearch
from ost.service.recordings import Rendering
from ost.spotify import albums, api, playlists, recordings

EDITS = Edits(replace=True, by_handle=False, chunk=api.ADD_CHUNK, description_max=300)
"""Replace-all, add and remove by URI, 100 a request; descriptions up to 300 characters."""


class SpotifyService:
    """One Spotify session, made when first needed. ``user``: playlists need the stored login
    (searches use the app's credentials when set)."""

    name = ServiceName.SPOTIFY
    edits = EDITS

    def __init__(
        self,
        *,
        user: bool = False,
        max_wait: float | None = None,
        notify: Callable[[str], None] | None = None,
        sleep: Callable[[float], None] | None = None,
    ):
        self.user, self.max_wait, self.notify, self.sleep = user, max_wait, notify, sleep
        self._api: api.Api | None = None
        self._me: Account | None = None

    @property
    def api(self) -> api.Api:
        if self._api is None:
            # through the module, so that a test's stand-in for ``Api`` is the one made
            made = api.Api(user=self.user, max_wait=self.max_wait, notify=self.notify)
            if self.sleep is not None:
                made.sleep = self.sleep
            self._api = made
        return self._api

    @property
    def requests(self) -> int:
        return self._api.requests if self._api is not None else 0

    @property
    def stand_ins(self) -> dict[str, str]:
        return {}  # Spotify adds what it is asked for

    # --- recordings ----------------------------------------------------------------------------

    def query(self, title: str, artist: str | None = None) -> str:
        return recordings.query(title, artist)

    def search_recordings(
        self, query: str, *, language: str, market: str | None = None
    ) -> list[Rendering]:
        answer = self.api.search_tracks(query, language=language, market=market)
        return recordings.renderings(answer)

    def recording(self, recording_id: str, *, language: str) -> Rendering:
        """``GET /tracks/{id}`` (the batch lookup is gone for development-mode apps)."""
        item = self.api.track(recordings.track_id(recording_id), language=language)
        return recordings.looked_up(item)

    # --- albums --------------------------------------------------------------------------------

    def search_albums(self, query: str, *, language: str) -> list[Album]:
        return albums.search_albums(self.api, query, language=language)

    def album_tracks(self, album_id: str) -> list[AlbumTrack]:
        return albums.album_tracks(self.api, album_id)

    def artist_albums(self, artist_id: str) -> list[Album]:
        return albums.artist_albums(self.api, artist_id)

    def album_of(self, track_id: str) -> Album:
        return albums.album_of_track(self.api, track_id)

    # --- playlists -----------------------------------------------------------------------------

    def whoami(self) -> Account:
        if self._me is None:
            self._me = playlists.account(self.api.me())
        return self._me

    def my_playlists(self) -> Iterator[Playlist]:
        return playlists.playlists(self.api.my_playlists(), self.whoami().id)

    def playlist(self, playlist_id: str) -> Playlist:
        found = playlists.playlist(self.api.playlist(playlist_id), self.whoami().id)
        return found or Playlist(playlist_id, "")

    def playlist_items(self, playlist_id: str) -> list[PlaylistItem]:
        return playlists.items(self.api.playlist_rows(playlist_id))

    def create_playlist(self, name: str, *, public: bool, description: str) -> Playlist:
        made = self.api.create_playlist(name, public=public, description=description)
        return playlists.playlist(made, self.whoami().id) or Playlist("", name)

    def change_details(
        self, playlist_id: str, *, name: str | None = None, public: bool | None = None
    ) -> None:
        details = {k: v for k, v in (("name", name), ("public", public)) if v is not None}
        self.api.change_details(playlist_id, **details)

    def add(self, playlist_id: str, ids: list[str]) -> str | None:
        return self.api.add_items(playlist_id, ids)

    def replace(self, playlist_id: str, ids: list[str]) -> str | None:
        return self.api.replace_items(playlist_id, ids)

    def remove(self, playlist_id: str, items: list[PlaylistItem]) -> str | None:
        return self.api.remove_items(playlist_id, list(dict.fromkeys(i.id for i in items)))

    def move(self, playlist_id: str, item: PlaylistItem, before: PlaylistItem | None) -> None:
        raise NotImplementedError("Spotify moves by replacing the contents (EDITS.replace)")

    def delete_playlist(self, playlist_id: str) -> None:
        self.api.unfollow_playlist(playlist_id)


if TYPE_CHECKING:  # mypy checks here that the adapter makes every call of the port's protocols

    def _fits(service: SpotifyService) -> tuple[RecordingSearch, AlbumReader, PlaylistWriter]:
        return service, service, service
