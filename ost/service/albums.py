"""Albums as the port gives them (what discovery reads): a release, its tracks, its artists."""

from __future__ import annotations

from dataclasses import dataclass

from ost.service import LINKS, ServiceName


class Named:
    """Something the service names in each language asked for: ``name`` as the Korean answer
    gives it, ``name_en`` as the English one does (the same when the service has one spelling)."""

    name: str
    name_en: str

    @property
    def names(self) -> tuple[str, ...]:
        """Its names, each once, the Korean first."""
        return tuple(dict.fromkeys((self.name, self.name_en)))


@dataclass(frozen=True)
class ArtistRef(Named):
    """An artist as the service credits it: its id and its names (``Named``)."""

    id: str
    name: str
    name_en: str


@dataclass(frozen=True)
class Album(Named):
    """A release (single, album or compilation) as a search or an artist's list gives it."""

    id: str
    name: str
    name_en: str
    album_type: str
    release_date: str | None
    """As the service gives it: ``2022``, ``2022-01`` or ``2022-01-27``."""
    url: str
    """Its page on the service."""
    artists: tuple[ArtistRef, ...] = ()
    total_tracks: int | None = None
    service: ServiceName = ServiceName.SPOTIFY


@dataclass(frozen=True)
class AlbumTrack(Named):
    """One track of an album, from the album's track list, with both languages' names."""

    id: str
    """The service's track id (``uri`` is the recording's id as a match stores it)."""
    album_id: str
    disc: int
    number: int
    name: str
    name_en: str
    artists: tuple[ArtistRef, ...]
    duration_ms: int | None = None
    isrc: str | None = None
    service: ServiceName = ServiceName.SPOTIFY

    @property
    def uri(self) -> str:
        return LINKS[self.service].uri(self.id)

    @property
    def url(self) -> str:
        return LINKS[self.service].url(self.id)
