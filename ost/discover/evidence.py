"""What discovery accepted, as the matcher uses it: the recordings on a season's accepted albums
are its first candidates (no search needed), and a recording on one confirms an uncertain credit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from ost.catalogue.store import BUNDLED_SHOW
from ost.discover import store
from ost.match.types import Candidate, Evidence
from ost.service import LINKS, ServiceName
from ost.service.albums import Album, AlbumTrack


@dataclass(frozen=True)
class AlbumRecording:
    """A track of an accepted album, as the scorer and a match row see it."""

    album: Album
    track: AlbumTrack

    @property
    def uri(self) -> str:
        return self.track.uri

    @property
    def isrc(self) -> str | None:
        return self.track.isrc

    def missing_languages(self) -> list[str]:
        return []  # album tracks are read in both languages

    def candidate(self) -> Candidate:
        t, a = self.track, self.album
        return Candidate(
            uri=t.uri,
            names=tuple(dict.fromkeys((t.name, t.name_en))),
            artists=tuple(dict.fromkeys(n for x in t.artists for n in x.names)),
            album=a.name,
            album_type=a.album_type,
            release_date=a.release_date,
            duration_ms=t.duration_ms,
            isrc=t.isrc,
        )

    def details(self) -> dict[str, Any]:
        t, a = self.track, self.album
        return {
            "name_ko": t.name,
            "name_en": t.name_en,
            "artists_ko": [x.name for x in t.artists],
            "artists_en": [x.name_en for x in t.artists],
            "album": a.name,
            "album_type": a.album_type,
            "release_date": a.release_date,
            "duration_ms": t.duration_ms,
            "isrc": t.isrc,
        }


class SeasonAlbums:
    """The albums discovery accepted for one season (empty before the first discovery), on
    ``service`` (the recordings of another service's match are not on them)."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        season: int,
        show: str = BUNDLED_SHOW,
        service: ServiceName = store.SERVICE,
    ):
        self.db, self.season, self.show = db, season, show
        self.service = ServiceName(service)
        self._recordings: list[AlbumRecording] | None = None

    @property
    def recordings(self) -> list[AlbumRecording]:
        """Every track of the accepted albums (read once, when first asked for)."""
        if self._recordings is None:
            pairs = store.accepted_tracks(self.db, self.season, self.show, self.service)
            self._recordings = [AlbumRecording(a, t) for a, t in pairs]
        return self._recordings

    def confirming(
        self, uri: str | None, isrc: str | None, uncertain: Iterable[str] = ("artists",)
    ) -> str | None:
        """The words for the evidence when an accepted album holds the recording, else None.
        ``uncertain`` names the catalogue's uncertain fields it settles (credit, title)."""
        if not uri:
            return None
        found = store.accepted_album_of(
            self.db, self.season, store.track_id(uri, self.service), isrc, self.show, self.service
        )
        if found is None:
            return None
        fields = set(uncertain)
        what = "title" if "title" in fields and "artists" not in fields else "credit"
        also = " (the title as well)" if {"title", "artists"} <= fields else ""
        where = LINKS[self.service].label
        return f'{what} confirmed by the OST album "{found.name}" on {where}{also}'


def confirmation_part(words: str) -> dict[str, object]:
    """The service's evidence as a part of a match's evidence (``ost show --json``): it weighs
    nothing in the score; it is why an uncertain credit no longer waits."""
    return Evidence(1.0, 0.0, note=words, support=True, name="confirmation").as_dict()


def discovery_part(album: Album, season: int) -> dict[str, object]:
    """Why an added song's recording is its match: it is on an album accepted for the season."""
    words = f'on the OST album "{album.name}", accepted for season {season} by ost discover'
    return Evidence(1.0, 0.0, note=words, support=True, name="discovery").as_dict()
