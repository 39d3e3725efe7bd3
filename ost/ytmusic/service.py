"""YouTube Music behind the service port (``ost.service``): its read half, in ost's words.

``YouTubeMusicService`` searches recordings (the Korean client without a filter, the English
one with ``filter="songs"``: ``recordings.search_answer``), looks one up (``get_song``), and
searches albums and reads their tracks; no account is needed for any of it. Words are free
text: the service has no field filters. Playlists (which need a login), an artist's albums and
the album of a recording come with the writer (issue 18).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from ost.service import Album, AlbumSearch, AlbumTrack, RecordingSearch, Rendering, ServiceName
from ost.ytmusic import albums, recordings
from ost.ytmusic.client import YouTubeMusic


class YouTubeMusicService:
    """Clients made when first needed (``YouTubeMusic``): a run answered from the cache makes
    none, and so no request at all."""

    name = ServiceName.YTMUSIC

    def __init__(
        self,
        auth: str | None = None,
        notify: Callable[[str], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.music = YouTubeMusic(auth, notify, sleep)

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

    def search_albums(self, query: str, *, language: str) -> list[Album]:
        return albums.search_albums(self.music, query, language=language)

    def album_tracks(self, album_id: str) -> list[AlbumTrack]:
        return albums.to_tracks(albums.read_album(self.music, album_id), album_id)


if TYPE_CHECKING:  # mypy checks here that the adapter makes every call of the port's protocols

    def _fits(service: YouTubeMusicService) -> tuple[RecordingSearch, AlbumSearch]:
        return service, service
