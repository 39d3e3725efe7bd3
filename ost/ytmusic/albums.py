"""YouTube Music albums as the service port's albums and tracks (``ost.service``), and their tracks
as recordings the scorer can judge.

``get_album(browseId)`` (ids start ``MPREb_``) answers a title, a ``type`` in the client's
language ("Single", "싱글", "EP", "Album", "앨범"), the artists, a ``year`` (never a day) and the
tracks, each with its video id, ``trackNumber``, length and ``videoType``; a track's ``album`` is
just the album's title. Album search rows carry ``browseId``, ``type``, ``year`` and
``artists``. ``get_artist(channelId)`` answers the artist's page: an ``albums`` and a
``singles`` carousel (``results``: the newest releases, each with ``title``, ``browseId``,
``year`` and, where the page says it, ``type``; an album row's ``artists`` is empty on the
artist's own page), and ``browseId``/``params`` for the rest, which
``get_artist_albums(browseId, params, limit=None)`` lists in rows of the same keys.
``get_watch_playlist(videoId)`` answers a queue whose first track is the video (or its other
version, the video as its ``counterpart``), with ``album: {name, id}`` when the video is on
one. Nothing outside ``ost/ytmusic/`` reads these keys.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from ost.errors import InputError, NotFound, ServiceError
from ost.match.normalize import classify
from ost.service import ServiceName
from ost.service.albums import Album, AlbumTrack, ArtistRef
from ost.ytmusic.client import YouTubeMusic, YTMusicClient, no_content
from ost.ytmusic.recordings import (
    ALBUM_ID_PREFIX,
    Row,
    album_browse_id,
    row_from_album_track,
    search_answer,
    year_of,
)

BROWSE_URL = "https://music.youtube.com/browse/"
ALBUM_TYPES = {
    "single": "single",
    "싱글": "single",
    "ep": "single",
    "album": "album",
    "앨범": "album",
}
"""The type words of the English and Korean clients, as Spotify's album types: an EP is what
Spotify calls a single."""


def album_type(word: Any) -> str:
    return ALBUM_TYPES.get(str(word or "").strip().casefold(), "")


def album_url(browse_id: str) -> str:
    return BROWSE_URL + browse_id


def _artists(rows: Any) -> tuple[ArtistRef, ...]:
    listed = rows if isinstance(rows, list) else []
    return tuple(
        ArtistRef(str(a.get("id") or ""), str(a["name"]), str(a["name"]))  # one channel name
        for a in listed
        if isinstance(a, dict) and a.get("name")
    )


def to_album(answer: dict[str, Any], browse_id: str) -> Album:
    """An album from ``get_album`` or a search row (which carries its own ``browseId``)."""
    title = str(answer.get("title") or "")
    year = answer.get("year")
    return Album(
        id=browse_id,
        name=title,
        name_en=title,
        album_type=album_type(answer.get("type")),
        release_date=str(year) if year else None,
        url=album_url(browse_id),
        artists=_artists(answer.get("artists")),
        total_tracks=answer.get("trackCount")
        if isinstance(answer.get("trackCount"), int)
        else None,
        service=ServiceName.YTMUSIC,
    )


def to_tracks(answer: dict[str, Any], browse_id: str) -> list[AlbumTrack]:
    """The album's playable tracks (their ``uri`` is the video id, their ``url`` its link)."""
    album_artists = _artists(answer.get("artists"))
    tracks = []
    for track in answer.get("tracks") or []:
        row = row_from_album_track(track, str(answer.get("title") or ""), browse_id, None)
        if row is None:
            continue
        number = track.get("trackNumber")
        name, name_en = both_names(row.title)
        tracks.append(
            AlbumTrack(
                id=row.video_id,
                album_id=browse_id,
                disc=1,
                number=number if isinstance(number, int) else 0,
                name=name,
                name_en=name_en,
                artists=_artists(track.get("artists")) or album_artists,
                duration_ms=row.seconds * 1000 if row.seconds else None,
                isrc=None,
                service=ServiceName.YTMUSIC,
            )
        )
    return tracks


BOTH = re.compile(
    r"^(?P<ko>.*[\uac00-\ud7a3].*?)\s*\((?P<en>[^()\uac00-\ud7a3]*[A-Za-z][^()\uac00-\ud7a3]*)\)$"
)
"""A Korean title with its English one in brackets, as a label uploads one title for both:
"행복해지고 싶어 (Want to Be Happy)"."""


def both_names(title: str) -> tuple[str, str]:
    """(Korean, English) names of a track from its one title: the bracketed English of a Korean
    title is its English name, unless the bracket says a version or a label ("(Inst.)",
    "(feat. ...)"); else the title twice."""
    found = BOTH.match(title.strip())
    if found is None or classify(found["en"]) is not None:
        return title, title
    return found["ko"].strip(), found["en"].strip()


def to_rows(answer: dict[str, Any], browse_id: str) -> list[Row]:
    """The album's tracks as recordings, with the album's name and year: a year the scorer can
    check, which search rows lack."""
    title, year = str(answer.get("title") or ""), answer.get("year")
    rows = [
        row_from_album_track(t, title, browse_id, str(year) if year else None)
        for t in answer.get("tracks") or []
    ]
    return [row for row in rows if row is not None]


def read_album(music: YouTubeMusic, browse_id: str, language: str = "ko") -> dict[str, Any]:
    """``get_album``'s answer (one call). The language changes only the type word."""
    if not browse_id.startswith(ALBUM_ID_PREFIX):
        raise InputError(f"'{browse_id}' is not a YouTube Music album id (MPREb_...)")
    answer = music.read(
        f"reading an album ({language})", language, lambda client: client.get_album(browse_id)
    )
    if not isinstance(answer, dict) or not isinstance(answer.get("tracks"), list):
        raise ServiceError("YouTube Music sent an album ost cannot read")
    return answer


def year(music: YouTubeMusic, browse_id: str) -> str | None:
    """The album's year (``get_album``, one call): what dates its tracks, whose search rows
    name none."""
    return year_of(read_album(music, browse_id).get("year"))


SEARCH_LANGUAGE = "en"
"""The client album searches use: the language whose filtered search works."""
FIELD = re.compile(r'\balbum:"([^"]*)"')
"""A Spotify field filter in a query (discovery's ``album:"NAME"``): YouTube Music has none, so
the name is searched as words."""


def search_albums(music: YouTubeMusic, query: str, language: str = "en") -> list[Album]:
    """Albums a search finds, as the service ranks them: always the English client's search
    filtered to albums (one page: ``SEARCH_LIMIT`` rows), whatever the query's script or the
    ``language`` asked. ytmusicapi's filtered search fails with a Korean client (its issue
    #1006), whose unfiltered answer has an albums shelf of a few rows only: a show with many
    parts lost most of them there."""
    query = FIELD.sub(r"\1", query).strip()
    return [
        to_album(row, str(row["browseId"]))
        for row in search_answer(music, SEARCH_LANGUAGE, query, "albums")
        if isinstance(row, dict)
        and row.get("resultType") == "album"
        and str(row.get("browseId") or "").startswith(ALBUM_ID_PREFIX)
    ]


SECTIONS = {"albums": "album", "singles": "single"}
"""An artist page's carousels ost reads, and the type of a row that names none."""


def artist_albums(music: YouTubeMusic, channel_id: str) -> list[Album]:
    """The artist's releases (English words): its albums, then its singles and EPs, newest
    first as the page lists them. A carousel shows the newest ten or so; one that links further
    (``browseId`` and ``params``) is read whole with ``get_artist_albums`` (one more call). A
    row names no artist on the artist's own page: the artist is credited."""
    answer = _artist_page(music, channel_id)
    if not isinstance(answer, dict):
        raise ServiceError("YouTube Music sent an artist page ost cannot read")
    own = ArtistRef(channel_id, str(answer.get("name") or ""), str(answer.get("name") or ""))
    found = []
    for section, default_type in SECTIONS.items():
        for row in _section_rows(music, answer.get(section)):
            browse_id = str(row.get("browseId") or "") if isinstance(row, dict) else ""
            if browse_id.startswith(ALBUM_ID_PREFIX):
                album = to_album(row, browse_id)
                found.append(_on_artist_page(album, own, default_type))
    return found


def _section_rows(music: YouTubeMusic, shelf: Any) -> list[Any]:
    """A carousel's rows, or all its section's when it links further."""
    if not isinstance(shelf, dict):
        return []
    more, params = shelf.get("browseId"), shelf.get("params")
    rows: Any
    if isinstance(more, str) and more and isinstance(params, str) and params:
        rows = music.read(
            "reading an artist's releases",
            "en",
            lambda client: client.get_artist_albums(more, params, limit=None),
        )
    else:
        rows = shelf.get("results")
    return rows if isinstance(rows, list) else []


def _artist_page(music: YouTubeMusic, channel_id: str) -> Any:
    """``get_artist``'s answer, or ``NotFound`` (said in a note) for a channel that has no
    artist page: a user's or a label's channel credited on a track makes ytmusicapi raise
    ``KeyError('musicImmersiveHeaderRenderer')`` (its issues #859, #284), a gone one a 404."""

    def page(client: YTMusicClient) -> Any:
        try:
            return client.get_artist(channel_id)
        except KeyError as error:  # no artist header: a user's or a label's channel
            raise NotFound(
                f"the YouTube Music channel {channel_id} has no artist page ({error!s}): "
                "its releases are not read"
            ) from None

    try:
        return music.read("reading an artist", "en", page)
    except ServiceError as error:
        if error.status != 404:
            raise
        missing = NotFound(
            f"the YouTube Music channel {channel_id} has no page (HTTP 404): "
            "its releases are not read"
        )
    except NotFound as error:
        missing = error
    music.notify(str(missing))
    raise missing


def _on_artist_page(album: Album, own: ArtistRef, default_type: str) -> Album:
    return replace(
        album,
        album_type=album.album_type or default_type,
        artists=album.artists or ((own,) if own.name else ()),
    )


def album_of(music: YouTubeMusic, video_id: str) -> Album:
    """The album a video sits on: the first track of its watch queue names it
    (``get_watch_playlist``), then ``get_album`` reads it (two calls). A video on no album (a
    music video, an upload) or with no queue at all is ``NotFound``."""

    def queue(client: YTMusicClient) -> Any:
        try:
            return client.get_watch_playlist(video_id, limit=1)
        except Exception as error:
            if not no_content(error):
                raise
            # ytmusicapi says "No content returned by the server." when YouTube Music sends no
            # queue for the video (withdrawn or blocked there): no album can be read from it.
            raise NotFound(
                f"YouTube Music has no queue for the video {video_id}: its album is not read"
            ) from None

    try:
        answer = music.read("finding a song's album", "en", queue)
    except NotFound as missing:
        music.notify(str(missing))
        raise
    browse_id = _queued_album(answer, video_id)
    if browse_id is None:
        raise NotFound(f"the YouTube Music video {video_id} is on no album")
    return to_album(read_album(music, browse_id), browse_id)


def _queued_album(answer: Any, video_id: str) -> str | None:
    """The album id the queue's first track names when that track is the video asked for, or
    its other version: with a song's music video asked, the queue may start with the song and
    carry the video as its ``counterpart`` (``parsers/watch.parse_watch_playlist``)."""
    tracks = answer.get("tracks") if isinstance(answer, dict) else None
    first = tracks[0] if isinstance(tracks, list) and tracks else None
    if not isinstance(first, dict):
        return None
    other = first.get("counterpart")
    other = other if isinstance(other, dict) else {}
    if video_id not in (first.get("videoId"), other.get("videoId")):
        return None
    for ref in (first.get("album"), other.get("album")):
        browse_id = album_browse_id(ref.get("id")) if isinstance(ref, dict) else None
        if browse_id:
            return browse_id
    return None
