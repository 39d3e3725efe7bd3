"""A streaming service as ost sees it: the port (ports and adapters; docs/design.md).

The core (matching, discovery, sync) speaks to a service only through the protocols below, in
ost's own words, and gets back the plain objects defined here. Each adapter is the only code
that knows its service's answers, ids and errors: ``ost.spotify.service.SpotifyService`` (every
protocol) and ``ost.ytmusic.service.YouTubeMusicService`` (searching recordings and albums). A
second service is a second adapter, never a second copy of the core.

What a service can and cannot do is said here too, as data the core plans with: ids are the
service's own strings (a Spotify track URI, a YouTube video id), a playlist may have no snapshot
id, a service may lack an ISRC, a replace-all, or removal by id (``Edits``).

An adapter is cheap to make: it connects (and asks for credentials) on its first request, so a
run answered from the cache makes no connection at all. ``requests`` counts what it sent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:  # made only by ``Recording.candidate``: a listing never loads the scorer's types
    from ost.match.types import Candidate

LANGUAGES = ("ko", "en")
"""The languages ost asks a service to name things in: names are localised per request."""


class ServiceName(StrEnum):
    """The services ost speaks to, by the name options, tables and cache keys carry."""

    SPOTIFY = "spotify"
    YTMUSIC = "ytmusic"

    @property
    def option(self) -> str:
        """`` --service NAME`` for a command a message suggests; nothing for Spotify, the
        default (so that Spotify's messages read as they always have)."""
        return "" if self is ServiceName.SPOTIFY else f" --service {self.value}"


@dataclass(frozen=True)
class Links:
    """How a service names and links its things, from the bare ids its answers carry."""

    label: str
    """The service's name in a sentence ("Spotify")."""
    track_uri: str
    """A recording's id as a match stores it, from a track id: ``spotify:track:{id}``."""
    track_url: str
    playlist_url: str
    typed: str = ""
    """What a user may type for a recording (a regular expression over the whole text, its
    groups the track id): links, and a bare id where the service's ids are recognisable."""
    shape: str = ""
    """The form ``typed`` takes, as an error message shows it."""

    def parse(self, text: str) -> str | None:
        """A recording's id as a match stores it, from what a user typed; None when it names
        no recording of this service."""
        m = re.fullmatch(self.typed, text.strip()) if self.typed else None
        track_id = next((g for g in m.groups() if g), None) if m else None
        return self.uri(track_id) if track_id else None

    def uri(self, track_id: str) -> str:
        return self.track_uri.format(id=track_id)

    def track_id(self, uri: str) -> str | None:
        """The track id in a recording's id (``uri``'s inverse); None when it is no such id."""
        head, _, tail = self.track_uri.partition("{id}")
        inner = uri[len(head) : len(uri) - len(tail)]
        return inner if uri.startswith(head) and uri.endswith(tail) and inner else None

    def url(self, track_id: str) -> str:
        return self.track_url.format(id=track_id)

    def playlist(self, playlist_id: str) -> str:
        return self.playlist_url.format(id=playlist_id)


LINKS = {
    ServiceName.SPOTIFY: Links(
        "Spotify",
        "spotify:track:{id}",
        "https://open.spotify.com/track/{id}",
        "https://open.spotify.com/playlist/{id}",
        r"(?:spotify:track:|https://open\.spotify\.com/(?:intl-[a-z]+/)?track/)"
        r"([0-9A-Za-z]{22})(?:\?.*)?",
        "a Spotify track URI (spotify:track:<22 characters>) or link",
    ),
    ServiceName.YTMUSIC: Links(
        "YouTube Music",
        "{id}",
        "https://music.youtube.com/watch?v={id}",
        "https://music.youtube.com/playlist?list={id}",
        r"(?:https?://)?(?:music\.|www\.|m\.)?youtube\.com/watch\?(?:[^#\s]*&)?v="
        r"([0-9A-Za-z_-]{11})(?:[&#]\S*)?"
        r"|(?:https?://)?youtu\.be/([0-9A-Za-z_-]{11})(?:[?#]\S*)?"
        r"|([0-9A-Za-z_-]{11})",
        "a YouTube Music link (https://music.youtube.com/watch?v=<11 characters>) or video id",
    ),
}
"""Known without connecting: a link is made for a playlist no service was asked about."""


# --- recordings ----------------------------------------------------------------------------------

SPECIFIC = frozenset({"audio", "video", "upload"})
"""Kinds that say what a recording is (``other``: a kind the service names but ost does not)."""


@dataclass(frozen=True)
class Rendering:
    """One answer's view of a recording, named in the language the answer was asked in.

    ``id`` is the service's id of the recording as a match stores it (a Spotify track URI, a
    YouTube video id); ``url`` its page. The rest is what the scorer's ``Candidate`` holds, in
    the same words: the album type and the date as precise as the service gives them, no ISRC
    where it has none, and a ``kind`` only where the service mixes videos with songs.
    ``album_id`` is the album's id where the answer gives no date but the album has one
    (``AlbumDates``: YouTube Music's search rows name no year).
    """

    id: str
    title: str
    artists: tuple[str, ...] = ()
    kind: str = ""
    album: str = ""
    album_type: str = ""
    release_date: str | None = None
    duration_ms: int | None = None
    isrc: str | None = None
    url: str = ""
    album_id: str = ""

    def filled_from(self, other: Rendering) -> Rendering:
        """This view with what it lacks taken from another view in the same language (an
        album's track list gives the year a search row lacks)."""
        return replace(
            self,
            album=self.album or other.album,
            album_type=self.album_type or other.album_type,
            release_date=self.release_date or other.release_date,
            duration_ms=self.duration_ms if self.duration_ms is not None else other.duration_ms,
            isrc=self.isrc or other.isrc,
            kind=self.kind if self.kind in SPECIFIC else other.kind or self.kind,
            url=self.url or other.url,
            album_id=self.album_id or other.album_id,
        )

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "artists": list(self.artists)}

    @classmethod
    def from_json(cls, obj: Any) -> Rendering | None:
        """A rendering from ``as_json``'s object; None for anything else (an older cache's,
        except one that only lacks ``album_id``: Spotify's answers, dated, are kept)."""
        if not isinstance(obj, dict):
            return None
        obj = {"album_id": "", **obj}
        if set(obj) != {f.name for f in fields(cls)}:
            return None
        text = ("id", "title", "album", "album_type", "kind", "url", "album_id")
        artists = obj["artists"]
        if not all(isinstance(obj[k], str) for k in text) or not isinstance(artists, list):
            return None
        if not all(isinstance(a, str) for a in artists):
            return None
        if not all(obj[k] is None or isinstance(obj[k], str) for k in ("release_date", "isrc")):
            return None
        duration = obj["duration_ms"]
        if duration is not None and (not isinstance(duration, int) or isinstance(duration, bool)):
            return None
        return cls(**{**obj, "artists": tuple(artists)})


def renderings_json(renderings: Iterable[Rendering]) -> list[dict[str, Any]]:
    return [r.as_json() for r in renderings]


def renderings_of(value: Any) -> list[Rendering] | None:
    """Renderings from ``renderings_json``'s list; None when any of it is not one."""
    if not isinstance(value, list):
        return None
    found = [Rendering.from_json(obj) for obj in value]
    return None if any(r is None for r in found) else [r for r in found if r is not None]


@dataclass
class Recording:
    """One recording as every language's answer named it: the same id seen in Korean and in
    English is one recording with both names. It becomes the scorer's ``Candidate`` and the
    details a match row stores."""

    id: str
    by_lang: dict[str, Rendering] = field(default_factory=dict)

    def add(self, language: str, rendering: Rendering) -> None:
        seen = self.by_lang.get(language)
        self.by_lang[language] = seen.filled_from(rendering) if seen else rendering

    def missing_languages(self) -> list[str]:
        return [lang for lang in LANGUAGES if lang not in self.by_lang]

    def _views(self) -> list[Rendering]:
        known = [lang for lang in LANGUAGES if lang in self.by_lang]
        return [self.by_lang[lang] for lang in [*known, *sorted(set(self.by_lang) - set(known))]]

    def _first(self, name: str) -> Any:
        return next((getattr(r, name) for r in self._views() if getattr(r, name)), None)

    @property
    def url(self) -> str:
        return str(self._first("url") or "")

    @property
    def isrc(self) -> str | None:
        return self._first("isrc")  # type: ignore[no-any-return]

    @property
    def album_id(self) -> str:
        return str(self._first("album_id") or "")

    @property
    def undated(self) -> bool:
        """No answer dated it, but its album may (``AlbumDates``)."""
        return bool(self.album_id) and not self._first("release_date")

    def date(self, release_date: str) -> None:
        """Give every view that lacks a date its album's."""
        for lang, r in list(self.by_lang.items()):
            if not r.release_date:
                self.by_lang[lang] = replace(r, release_date=release_date)

    @property
    def kind(self) -> str:
        kinds = [r.kind for r in self._views() if r.kind]
        return next((k for k in kinds if k in SPECIFIC), kinds[0] if kinds else "")

    def candidate(self) -> Candidate:
        from ost.match.types import Candidate

        views = self._views()
        return Candidate(
            uri=self.id,
            names=tuple(dict.fromkeys(r.title for r in views if r.title)),
            artists=tuple(dict.fromkeys(a for r in views for a in r.artists)),
            album=self._first("album") or "",
            album_type=self._first("album_type") or "",
            release_date=self._first("release_date"),
            duration_ms=self._first("duration_ms"),
            isrc=self.isrc,
            kind=self.kind,
        )

    def details(self) -> dict[str, Any]:
        """The recording as the service names it, in each language it was read in (a match
        row's recording columns); with what it is and its link where the service mixes videos
        with songs."""
        ko, en = self.by_lang.get("ko"), self.by_lang.get("en")
        out = {
            "name_ko": ko.title if ko else None,
            "name_en": en.title if en else None,
            "artists_ko": list(ko.artists) if ko else None,
            "artists_en": list(en.artists) if en else None,
            "album": self._first("album"),
            "album_en": (en.album or None) if en else None,
            "album_type": self._first("album_type"),
            "release_date": self._first("release_date"),
            "duration_ms": self._first("duration_ms"),
            "isrc": self.isrc,
        }
        if self.kind:
            out.update(kind=self.kind, url=self.url)
        return out


def merge(into: dict[str, Recording], language: str, renderings: Iterable[Rendering]) -> None:
    """Add one answer's renderings to the recordings seen so far, by id."""
    for r in renderings:
        into.setdefault(r.id, Recording(r.id)).add(language, r)


# --- albums --------------------------------------------------------------------------------------


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
    """Its page on the service."""
    artists: tuple[ArtistRef, ...] = ()
    total_tracks: int | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.name, self.name_en)))


@dataclass(frozen=True)
class AlbumTrack:
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


# --- playlists -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Account:
    """Whose login it is."""

    id: str
    """Empty when the service did not say."""
    name: str | None = None
    """The name the service shows (never a secret)."""


@dataclass(frozen=True)
class Playlist:
    id: str
    name: str
    description: str = ""
    """Plain text (a service that escapes HTML has it unescaped by its adapter)."""
    owned: bool = False
    """The logged-in user's own (only those are ever changed)."""
    public: bool | None = None
    snapshot: str | None = None
    """A version id that changes with every change, where the service has one; None otherwise
    (then ost reads the items back every time)."""


@dataclass(frozen=True)
class PlaylistItem:
    id: str
    """The recording's id; a stand-in (``unavailable:3``) for a row whose recording is gone."""
    handle: str | None = None
    """The item's own id where the service removes and moves items by it (YouTube Music's
    ``setVideoId``); None where items are removed by recording id."""
    removable: bool = True
    """Whether a removal by id reaches it (Spotify cannot remove a local file or an episode by
    id: only a replace of the whole contents drops it)."""


@dataclass(frozen=True)
class Edits:
    """What a service can do to a playlist's items, and its limits; sync plans with it."""

    replace: bool
    """Replace the whole contents in one request (Spotify), else only remove, move and add."""
    by_handle: bool = False
    """Remove and move items by their handle (``PlaylistItem.handle``), else remove by id
    (every occurrence at once)."""
    chunk: int = 100
    """Ids per add, replace or remove request."""
    description_max: int = 300
    listed_descriptions: bool = True
    """Whether ``my_playlists`` gives each playlist's own description, else only the
    playlist read by ``playlist`` has it (YouTube Music's list shows a subtitle), and sync
    reads a candidate before looking for its marker."""


# --- the protocols -------------------------------------------------------------------------------


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
    def artist_albums(self, artist_id: str) -> list[Album]: ...

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
