"""The plain data discovery works on. The Spotify adapter (``ost.spotify.albums``) builds these."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ArtistRef:
    """An artist as the service credits it: its id and its name in each language asked for."""

    id: str
    name: str
    """As the Korean answer gives it."""
    name_en: str
    """As the English answer gives it (the same when the service has one spelling)."""

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.name, self.name_en)))


@dataclass(frozen=True)
class Album:
    """A release (single, album or compilation) as a search or an artist's list gives it."""

    id: str
    name: str
    name_en: str
    album_type: str
    release_date: str | None
    """As the service gives it: ``2022``, ``2022-01`` or ``2022-01-27``."""
    url: str
    """Its open.spotify.com link."""
    artists: tuple[ArtistRef, ...] = ()
    total_tracks: int | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.name, self.name_en)))


@dataclass(frozen=True)
class AlbumTrack:
    """One track of an album, from the album tracks endpoint, with both languages' names."""

    id: str
    album_id: str
    disc: int
    number: int
    name: str
    name_en: str
    artists: tuple[ArtistRef, ...]
    duration_ms: int | None = None
    isrc: str | None = None

    @property
    def uri(self) -> str:
        return f"spotify:track:{self.id}"

    @property
    def url(self) -> str:
        return f"https://open.spotify.com/track/{self.id}"
