"""YouTube Music's songs and videos as the domain sees them: the only place that reads the keys of
a search row or an album track (``albums`` reads the album around the tracks).

A row becomes a ``Row``, one client's view of one video; the same video seen by the Korean and
the English client is one ``Recording``, which becomes the scorer's ``Candidate``:

- the video id is its id (``Candidate.uri``), ``https://music.youtube.com/watch?v=ID`` its link;
- its names are the title as each client gave it (usually one and the same: titles are what the
  label uploaded), the channel names, the album's name, the year (albums give no day, search rows
  no year at all) and the length; never an ISRC (the service has none);
- ``videoType`` becomes ``Candidate.kind``: ``audio`` for an artist's audio track (ATV), ``video``
  for an official music video (OMV), ``upload`` for anyone's upload (UGC), ``other`` for the rest.
  The scorer never takes a video or an upload (``ost.match.score.KIND_DOUBTS``) and ranks each
  below the audio track of the same song.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ost.match.types import Candidate
from ost.ytmusic.client import LANGUAGES, YouTubeMusic

WATCH_URL = "https://music.youtube.com/watch?v="
VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{11}")
YEAR = re.compile(r"\d{4}")
KINDS = {
    "MUSIC_VIDEO_TYPE_ATV": "audio",
    "MUSIC_VIDEO_TYPE_OMV": "video",
    "MUSIC_VIDEO_TYPE_UGC": "upload",
}
SONG_ROWS = frozenset({"song", "video"})
SEARCH_LIMIT = 20  # one page of a filtered search
SEARCH_WORDS = {"songs": "a song search", "albums": "an album search"}
FILTERED_LANGUAGES = frozenset({"en"})
"""Languages whose client searches with ``filter="songs"``. ytmusicapi 1.12.2 and 1.12.3 answer a
filtered search in any other language with nothing (issue #1006: the shelf's localised title,
"노래", lacks the English word "song"), so the Korean client searches without a filter: a top
result and a few songs and videos, which a title with its artist reaches."""
WATCH_HOSTS = frozenset({"music.youtube.com", "www.youtube.com", "youtube.com", "m.youtube.com"})


def kind_of(video_type: str | None) -> str:
    return KINDS.get(video_type or "", "other")


def watch_url(video_id: str) -> str:
    return WATCH_URL + video_id


def video_id(text: str) -> str | None:
    """The video id in a bare id or a YouTube (Music) link; None for anything else."""
    text = text.strip()
    if VIDEO_ID.fullmatch(text):
        return text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https"):
        return None
    if parts.hostname == "youtu.be":
        found = parts.path.strip("/")
    elif parts.hostname in WATCH_HOSTS and parts.path == "/watch":
        found = (parse_qs(parts.query).get("v") or [""])[0]
    else:
        return None
    return found if VIDEO_ID.fullmatch(found) else None


@dataclass(frozen=True)
class Row:
    """One client's view of one video."""

    video_id: str
    title: str
    artists: tuple[str, ...]
    album: str = ""
    album_id: str | None = None
    year: str | None = None
    seconds: int | None = None
    video_type: str | None = None

    def filled_from(self, other: Row) -> Row:
        """This row with what it lacks taken from another view of the same video (an album's
        track list gives the year a search row lacks)."""
        return replace(
            self,
            album=self.album or other.album,
            album_id=self.album_id or other.album_id,
            year=self.year or other.year,
            seconds=self.seconds if self.seconds is not None else other.seconds,
            video_type=self.video_type or other.video_type,
        )


def row_from_search(item: Any) -> Row | None:
    """A row of a search answer (with or without a filter); None for albums, artists, playlists."""
    if not isinstance(item, dict) or item.get("resultType") not in SONG_ROWS:
        return None
    vid = item.get("videoId")
    if not isinstance(vid, str) or not VIDEO_ID.fullmatch(vid):
        return None
    given = item.get("album")
    album: dict[str, Any] = given if isinstance(given, dict) else {}
    return Row(
        video_id=vid,
        title=str(item.get("title") or ""),
        artists=names(item.get("artists")),
        album=str(album.get("name") or ""),
        album_id=album.get("id") or None,
        year=_year(item.get("year")),
        seconds=_seconds(item.get("duration_seconds")),
        video_type=item.get("videoType") or None,
    )


def row_from_album_track(track: Any, album: str, album_id: str, year: str | None) -> Row | None:
    """A track of ``get_album``: its ``album`` is only the album's title, its year the album's."""
    if not isinstance(track, dict) or not track.get("isAvailable", True):
        return None
    vid = track.get("videoId")
    if not isinstance(vid, str) or not VIDEO_ID.fullmatch(vid):
        return None
    return Row(
        video_id=vid,
        title=str(track.get("title") or ""),
        artists=names(track.get("artists")),
        album=album,
        album_id=album_id,
        year=_year(year),
        seconds=_seconds(track.get("duration_seconds")),
        video_type=track.get("videoType") or None,
    )


def names(artists: Any) -> tuple[str, ...]:
    rows = artists if isinstance(artists, list) else []
    return tuple(str(a["name"]) for a in rows if isinstance(a, dict) and a.get("name"))


def _year(value: Any) -> str | None:
    return str(value) if isinstance(value, str | int) and YEAR.fullmatch(str(value)) else None


def _seconds(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


@dataclass
class Recording:
    """One video, as every client that saw it named it."""

    video_id: str
    by_lang: dict[str, Row] = field(default_factory=dict)

    def add(self, language: str, row: Row) -> None:
        seen = self.by_lang.get(language)
        self.by_lang[language] = seen.filled_from(row) if seen else row

    @property
    def url(self) -> str:
        return watch_url(self.video_id)

    def missing_languages(self) -> list[str]:
        return [lang for lang in LANGUAGES if lang not in self.by_lang]

    def _rows(self) -> list[Row]:
        known = [lang for lang in LANGUAGES if lang in self.by_lang]
        return [self.by_lang[lang] for lang in [*known, *sorted(set(self.by_lang) - set(known))]]

    def _first(self, name: str) -> Any:
        return next((getattr(r, name) for r in self._rows() if getattr(r, name)), None)

    def candidate(self) -> Candidate:
        rows = self._rows()
        return Candidate(
            uri=self.video_id,
            names=tuple(dict.fromkeys(r.title for r in rows if r.title)),
            artists=tuple(dict.fromkeys(a for r in rows for a in r.artists)),
            album=self._first("album") or "",
            release_date=self._first("year"),
            duration_ms=self._first("seconds") * 1000 if self._first("seconds") else None,
            kind=kind_of(self._first("video_type")),
        )

    def details(self) -> dict[str, Any]:
        """The video as the service names it, in each language it was read in; the keys of
        Spotify's ``Recording.details`` plus the link and what the video is."""
        ko, en = self.by_lang.get("ko"), self.by_lang.get("en")
        seconds = self._first("seconds")
        return {
            "name_ko": ko.title if ko else None,
            "name_en": en.title if en else None,
            "artists_ko": list(ko.artists) if ko else None,
            "artists_en": list(en.artists) if en else None,
            "album": self._first("album"),
            "album_en": (en.album or None) if en else None,
            "album_type": None,
            "release_date": self._first("year"),
            "duration_ms": seconds * 1000 if seconds else None,
            "isrc": None,
            "kind": kind_of(self._first("video_type")),
            "url": self.url,
        }


def merge(into: dict[str, Recording], language: str, rows: list[Row]) -> None:
    """Add rows to the recordings seen so far, by video id."""
    for row in rows:
        into.setdefault(row.video_id, Recording(row.video_id)).add(language, row)


def queries(
    title: str, artist: str, title_en: str | None, artist_en: str | None
) -> list[tuple[str, str]]:
    """(language, query) for a song: its Korean words to the Korean client, its English words
    to the English one. A search finds a song by either language's words, so the two are
    needed only when the words differ."""
    ko = f"{title} {artist}".strip()
    en = f"{title_en or title} {artist_en or artist}".strip()
    return [("ko", ko)] + ([("en", en)] if en != ko else [])


def search_answer(music: YouTubeMusic, language: str, query: str, kind: str) -> list[Any]:
    """One search's rows: filtered by ``kind`` (``songs``, ``albums``) where ytmusicapi can, else
    without a filter (``FILTERED_LANGUAGES``); the caller keeps the rows of its kind."""
    if language in FILTERED_LANGUAGES:
        answer = music.read(
            f"{SEARCH_WORDS.get(kind, 'a search')} ({language})",
            language,
            lambda client: client.search(query, filter=kind, limit=SEARCH_LIMIT),
        )
    else:
        answer = music.read(f"a search ({language})", language, lambda client: client.search(query))
    return answer if isinstance(answer, list) else []


def search_songs(music: YouTubeMusic, language: str, query: str) -> list[Row]:
    """The songs and videos one search finds, best first, as the service ranks them."""
    rows = [row_from_search(item) for item in search_answer(music, language, query, "songs")]
    return [row for row in rows if row is not None]
