"""YouTube Music's songs and videos as the domain sees them: the only place that reads the keys of
a search row or an album track (``albums`` reads the album around the tracks).

A row becomes a ``Row``, one client's view of one video, and then the service port's
``Rendering``; the same video seen by the Korean and the English client is one ``Recording``
(``ost.service``), which becomes the scorer's ``Candidate``:

- the video id is its id (``Candidate.uri``), ``https://music.youtube.com/watch?v=ID`` its link;
- its names are the title as each client gave it (usually one and the same: titles are what the
  label uploaded), the channel names, the album's name and id, the year (albums give no day,
  search rows no year at all: matching reads the album's, ``albums.year``) and the length; never
  an ISRC (the service has none);
- ``videoType`` becomes ``Candidate.kind``: ``audio`` for an artist's audio track (ATV), ``video``
  for an official music video (OMV), ``upload`` for anyone's upload (UGC), ``other`` for the rest.
  The scorer never takes a video or an upload (``ost.match.score.KIND_DOUBTS``) and ranks each
  below the audio track of the same song.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ost.errors import ServiceError
from ost.service.recordings import Recording, Rendering
from ost.service.recordings import merge as port_merge
from ost.ytmusic.client import YouTubeMusic

WATCH_URL = "https://music.youtube.com/watch?v="
ALBUM_ID_PREFIX = "MPRE"
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

    def rendering(self) -> Rendering:
        """The row as the port's rendering: the video id is the recording's id."""
        return Rendering(
            id=self.video_id,
            title=self.title,
            artists=self.artists,
            album=self.album,
            release_date=self.year,
            duration_ms=self.seconds * 1000 if self.seconds else None,
            kind=kind_of(self.video_type),
            url=watch_url(self.video_id),
            album_id=self.album_id or "",
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
        album_id=album_browse_id(album.get("id")),
        year=year_of(item.get("year")),
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
        year=year_of(year),
        seconds=_seconds(track.get("duration_seconds")),
        video_type=track.get("videoType") or None,
    )


def album_browse_id(value: Any) -> str | None:
    """An album's ``browseId`` (``MPREb_...``); None for anything else (nothing to read)."""
    return value if isinstance(value, str) and value.startswith(ALBUM_ID_PREFIX) else None


def names(artists: Any) -> tuple[str, ...]:
    rows = artists if isinstance(artists, list) else []
    return tuple(str(a["name"]) for a in rows if isinstance(a, dict) and a.get("name"))


def year_of(value: Any) -> str | None:
    """A four-digit year as the service gives it (a string or a number); None otherwise."""
    return str(value) if isinstance(value, str | int) and YEAR.fullmatch(str(value)) else None


def _seconds(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def merge(into: dict[str, Recording], language: str, rows: list[Row]) -> None:
    """Add rows to the recordings seen so far, by video id."""
    port_merge(into, language, [row.rendering() for row in rows])


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


def row_from_song(answer: Any, vid: str) -> Row | None:
    """``get_song``'s player answer: the title, the channel as the artist and the length (no
    album); None when the video cannot be played."""
    if (
        not isinstance(answer, dict)
        or (answer.get("playabilityStatus") or {}).get("status") != "OK"
    ):
        return None
    details = answer.get("videoDetails")
    if not isinstance(details, dict) or details.get("videoId") != vid:
        return None
    seconds = str(details.get("lengthSeconds") or "")
    return Row(
        video_id=vid,
        title=str(details.get("title") or ""),
        artists=(str(details["author"]),) if details.get("author") else (),
        seconds=_seconds(int(seconds)) if seconds.isdigit() else None,
        video_type=details.get("musicVideoType") or None,
    )


def look_up(music: YouTubeMusic, language: str, vid: str) -> Row:
    """One video by its id (``get_song``, one call)."""
    answer = music.read(
        f"a song lookup ({language})", language, lambda client: client.get_song(vid)
    )
    row = row_from_song(answer, vid)
    if row is None:
        raise ServiceError(f"YouTube Music cannot play the video {vid}, or sent it unreadable")
    return row
