"""Recordings as the port gives them: one answer's view (``Rendering``) and a recording as every
language's answer named it (``Recording``), which becomes the scorer's ``Candidate``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any

from ost.service import LANGUAGES

if TYPE_CHECKING:  # made only by ``Recording.candidate``: a listing never loads the scorer's types
    from ost.match.types import Candidate

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
