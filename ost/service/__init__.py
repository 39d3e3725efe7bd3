"""A streaming service as ost sees it: the port (ports and adapters; docs/design.md).

The core (matching, discovery, sync) speaks to a service only through the protocols of
``protocols.py``, in ost's own words, and gets back the plain objects of ``recordings.py``
(a recording as each language's answer names it), ``albums.py`` (releases, their tracks and
artists) and ``playlists.py`` (an account, its playlists and their items, and ``Edits``: what a
service can do to them). Each adapter is the only code that knows its service's answers, ids and
errors: ``ost.spotify.service.SpotifyService`` (every protocol) and
``ost.ytmusic.service.YouTubeMusicService``. A second service is a second adapter, never a
second copy of the core.

This module names the services and how each links its things (``ServiceName``, ``LINKS``),
known without connecting: a listing that prints a link imports nothing more of the port.

What a service can and cannot do is said as data the core plans with: ids are the service's own
strings (a Spotify track URI, a YouTube video id), a playlist may have no snapshot id, a service
may lack an ISRC, a replace-all, or removal by id (``Edits``).
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import NamedTuple

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


class Links(NamedTuple):
    """How a service names and links its things, from the bare ids its answers carry (a named
    tuple: made on every start, it costs a third of a frozen dataclass)."""

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
    elsewhere: str = ""
    """The service's links to other things than a recording (a regular expression over the
    whole text, its one named group the kind: playlist, album, artist), for a message that says
    what such a link is."""
    dates_by_year: bool = False
    """Whether the service dates its albums by the year alone (YouTube Music): discovery then
    takes a year that overlaps a show's time as in it, and says so."""

    def parse(self, text: str) -> str | None:
        """A recording's id as a match stores it, from what a user typed; None when it names
        no recording of this service."""
        m = re.fullmatch(self.typed, text.strip()) if self.typed else None
        track_id = next((g for g in m.groups() if g), None) if m else None
        return self.uri(track_id) if track_id else None

    def other_kind(self, text: str) -> str | None:
        """What a link of the service names when it names no recording ("playlist"), else None."""
        m = re.fullmatch(self.elsewhere, text.strip()) if self.elsewhere else None
        return next((kind for kind, found in m.groupdict().items() if found), None) if m else None

    def uri(self, track_id: str) -> str:
        return self.track_uri.format(id=track_id)

    def track_id(self, uri: str) -> str | None:
        """The track id in a recording's id (``uri``'s inverse); None when it is no such id."""
        head, _, tail = self.track_uri.partition("{id}")
        inner = uri[len(head) : len(uri) - len(tail)]
        return inner if uri.startswith(head) and uri.endswith(tail) and inner else None

    def url(self, track_id: str) -> str:
        return self.track_url.format(id=track_id)

    def recording_url(self, uri: str | None) -> str | None:
        """The page of a recording by its id as a match stores it; None for no such id."""
        track_id = self.track_id(uri) if uri else None
        return self.url(track_id) if track_id else None

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
        r"(?:spotify:|https://open\.spotify\.com/(?:intl-[a-z]+/)?)"
        r"(?:(?P<playlist>playlist)|(?P<album>album)|(?P<artist>artist)|(?P<podcast>show|episode))"
        r"[:/]\S*",
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
        r"(?:https?://)?(?:music\.|www\.|m\.)?youtube\.com/(?:"
        r"(?P<playlist>playlist\?|watch\?(?!(?:[^#\s]*&)?v=))"  # a list with no video in it
        r"|(?P<album>browse/MPREb_)|(?P<artist>channel/|browse/UC|@))\S*",
        dates_by_year=True,
    ),
}
"""Known without connecting: a link is made for a playlist no service was asked about."""
