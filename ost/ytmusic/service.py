"""YouTube Music behind the service port (``ost.service``), in ost's words.

``YouTubeMusicService`` searches recordings (the Korean client without a filter, the English
one with ``filter="songs"``: ``recordings.search_answer``), looks one up (``get_song``), dates
one by its album's year (``get_album``: search rows name no year), and searches albums and reads
their tracks; no account is needed for any of it. Words are free text: the service has no field
filters.

With ``user=True`` it keeps the user's playlists (``PlaylistWriter``), with the login that
``ost login --service ytmusic`` stored (``auth.HeadersFile``), read on the first request. The
service has no snapshot id and no replace-all: items are removed and moved by their
``setVideoId`` and added at the end, in batches, at ``playlists.Pace``'s pace. A write is sent
once (a lost answer is ``ConnectionLost``: sync reads the playlist back); only a 409, which
the service answers for a few seconds after a playlist is made and which applied nothing, is
sent again after a wait. An ended session (401/403) is an ``AuthError``, never retried.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TypeVar

from ost.errors import AuthError, ServiceError
from ost.service import ServiceName
from ost.service.albums import Album, AlbumTrack
from ost.service.playlists import Account, Edits, Playlist, PlaylistItem
from ost.service.protocols import AlbumDates, AlbumReader, PlaylistWriter, RecordingSearch
from ost.service.recordings import Rendering
from ost.text import plural
from ost.ytmusic import albums, auth, playlists, recordings
from ost.ytmusic.client import YouTubeMusic, YTMusicClient

EDITS = Edits(
    replace=False, by_handle=True, chunk=100, description_max=5000, listed_descriptions=False
)
"""Remove and move by ``setVideoId``, append 100 videos a request; the list of playlists shows
a subtitle, not the description."""
CONFLICT_WAITS_S = (2.0, 4.0, 8.0, 8.0)
"""A new playlist answers 409 to edits for up to ~20 s (ytmusicapi's own tests wait)."""
T = TypeVar("T")


class YouTubeMusicService:
    """Clients made when first needed (``YouTubeMusic``): a run answered from the cache makes
    none, and so no request at all."""

    name = ServiceName.YTMUSIC
    edits = EDITS

    def __init__(
        self,
        auth: str | None = None,
        notify: Callable[[str], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        *,
        user: bool = False,
        max_wait: float | None = None,
    ):
        self.music = YouTubeMusic(_stored_login if user else auth, notify, sleep, max_wait)
        self.pace = playlists.Pace.from_env(sleep) if user else None
        self.stand_ins: dict[str, str] = {}
        self._first_pages: dict[str, list[PlaylistItem]] = {}

    @property
    def requests(self) -> int:
        return self.music.calls

    def query(self, title: str, artist: str | None = None) -> str:
        return f"{title} {artist or ''}".strip()

    def search_recordings(
        self, query: str, *, language: str, market: str | None = None
    ) -> list[Rendering]:
        """Songs and videos, best first (``market`` is Spotify's: this service has none)."""
        return [row.rendering() for row in recordings.search_songs(self.music, language, query)]

    def recording(self, recording_id: str, *, language: str) -> Rendering:
        return recordings.look_up(self.music, language, recording_id).rendering()

    def album_date(self, album_id: str) -> str | None:
        """The album's year: search rows name none (``AlbumDates``)."""
        return albums.year(self.music, album_id)

    def search_albums(self, query: str, *, language: str) -> list[Album]:
        return albums.search_albums(self.music, query, language=language)

    def album_tracks(self, album_id: str) -> list[AlbumTrack]:
        return albums.to_tracks(albums.read_album(self.music, album_id), album_id)

    def artist_albums(self, artist_id: str) -> list[Album]:
        """The releases the artist's page shows (its newest albums, singles and EPs)."""
        return albums.artist_albums(self.music, artist_id)

    def album_of(self, track_id: str) -> Album:
        """The album a video sits on (``NotFound`` for a video on none)."""
        return albums.album_of(self.music, track_id)

    # --- playlists (a login) -------------------------------------------------------------------

    def whoami(self) -> Account:
        info = self.music.read("reading your account", "en", lambda c: c.get_account_info())
        name = info.get("accountName") if isinstance(info, dict) else None
        handle = info.get("channelHandle") if isinstance(info, dict) else None
        return Account(str(handle or name or ""), str(name) if name else None)

    def my_playlists(self) -> Iterator[Playlist]:
        rows = self.music.read(
            "listing your playlists", "en", lambda c: c.get_library_playlists(limit=None)
        )
        return playlists.owned_playlists(rows)

    def playlist(self, playlist_id: str) -> Playlist:
        """Its details, from one read of its first page (kept for ``playlist_items`` when that
        page holds every item)."""
        answer = self.music.read(
            "reading a playlist", "en", lambda c: c.get_playlist(playlist_id, limit=100)
        )
        if playlists.complete(answer):
            self._first_pages[playlist_id] = playlists.items(answer)
        return playlists.playlist(answer, playlist_id)

    def playlist_items(self, playlist_id: str) -> list[PlaylistItem]:
        read = self._first_pages.pop(playlist_id, None)
        if read is not None:
            return read
        answer = self.music.read(
            "reading a playlist", "en", lambda c: c.get_playlist(playlist_id, limit=None)
        )
        return playlists.items(answer)

    def create_playlist(self, name: str, *, public: bool, description: str) -> Playlist:
        privacy = "PUBLIC" if public else "PRIVATE"
        answer = self._write(
            "creating the playlist",
            None,
            lambda c: c.create_playlist(name, description, privacy_status=privacy),
        )
        return Playlist(playlists.created_id(answer), name, description, owned=True, public=public)

    def change_details(
        self, playlist_id: str, *, name: str | None = None, public: bool | None = None
    ) -> None:
        privacy = None if public is None else ("PUBLIC" if public else "PRIVATE")
        answer = self._write(
            "changing the playlist's details",
            playlist_id,
            lambda c: c.edit_playlist(playlist_id, title=name, privacyStatus=privacy),
        )
        playlists.succeeded(answer, "change the playlist's details")

    def add(self, playlist_id: str, ids: list[str]) -> str | None:
        answer = self._write(
            f"adding {plural(len(ids), 'song')}",
            playlist_id,
            lambda c: c.add_playlist_items(playlist_id, ids, duplicates=True),
            cost=len(ids),
        )
        self.stand_ins.update(playlists.added(answer, ids))
        return None

    def replace(self, playlist_id: str, ids: list[str]) -> str | None:
        raise ServiceError("YouTube Music has no replace-all: sync plans removals and moves")

    def remove(self, playlist_id: str, items: list[PlaylistItem]) -> str | None:
        videos = [{"videoId": i.id, "setVideoId": i.handle} for i in items if i.removable]
        if videos:
            answer = self._write(
                f"removing {plural(len(videos), 'song')}",
                playlist_id,
                lambda c: c.remove_playlist_items(playlist_id, videos),
            )
            playlists.succeeded(answer, "remove the songs")
        return None

    def move(self, playlist_id: str, item: PlaylistItem, before: PlaylistItem | None) -> None:
        where: str | tuple[str, str] = (
            str(item.handle) if before is None else (str(item.handle), str(before.handle))
        )
        answer = self._write(
            "moving a song", playlist_id, lambda c: c.edit_playlist(playlist_id, moveItem=where)
        )
        playlists.succeeded(answer, "move the song")

    def delete_playlist(self, playlist_id: str) -> None:
        answer = self._write(
            "removing a playlist", playlist_id, lambda c: c.delete_playlist(playlist_id)
        )
        playlists.succeeded(answer, "remove the playlist")

    def _write(
        self, what: str, playlist_id: str | None, call: Callable[[YTMusicClient], T], cost: int = 1
    ) -> T:
        """Paced, sent once; sent again only after a 409 (nothing applied, the playlist is new)."""
        if playlist_id is not None:
            self._first_pages.pop(playlist_id, None)
        if self.pace is not None:
            self.pace.spend(cost, self.music.notify)
        for wait in (*CONFLICT_WAITS_S, None):
            try:
                return self.music.write(what, call)
            except ServiceError as e:
                if e.status != 409 or wait is None:
                    raise
                self.music.notify(
                    f"YouTube Music is not ready for {what} yet (HTTP 409, as just after a "
                    f"playlist is made); trying again in {wait:g} s"
                )
                self.music.sleep(wait)
        raise AssertionError("unreachable")


def _stored_login() -> str:
    stored = auth.HeadersFile().load()
    if stored is None:
        raise AuthError(
            f"not logged in to YouTube Music: run `{auth.LOGIN}` (README: YouTube Music login)"
        )
    return stored


if TYPE_CHECKING:  # mypy checks here that the adapter makes every call of the port's protocols

    def _fits(
        service: YouTubeMusicService,
    ) -> tuple[RecordingSearch, AlbumDates, AlbumReader, PlaylistWriter]:
        return service, service, service, service
