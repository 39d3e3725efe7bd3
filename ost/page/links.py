"""Where the page leads outside itself: each song's recording and each season's playlists on
the streaming services (the sources' links are the page data's own)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlite_utils

from ost.service import LINKS, ServiceName


@dataclass(frozen=True)
class Listen:
    """A song's accepted recording on one streaming service."""

    service: str  # its name: the link's class
    label: str  # "Spotify", "YouTube Music"
    url: str


def listen_links(services: dict[str, dict[str, Any]]) -> list[Listen]:
    """A link on every service that has the song (an accepted match), Spotify's first."""
    return [
        Listen(name, LINKS[ServiceName(name)].label, str(match["url"]))
        for name, match in services.items()
        if match["url"]
    ]


@dataclass(frozen=True)
class PlaylistLink:
    """A season's playlist that `ost playlist sync` keeps on a service."""

    service: str  # its name: the link's class
    label: str  # "Spotify", "YouTube Music"
    url: str
    title: str
    private: bool  # its link opens for its owner only


def linked_services(labels: list[str]) -> str:
    """What the page's links lead to, for its footer: the sources, and each service linked."""
    places = [f"to {p}" for p in ("sources", *labels)]
    if len(places) == 1:
        return "links to sources"
    return f"links {', '.join(places[:-1])} and {places[-1]}"


def kept_playlists(db: sqlite_utils.Database) -> dict[tuple[str, int], list[PlaylistLink]]:
    """The playlists ost keeps on each service, under each season of a show they take songs
    from (a season's own playlist, or one of the user's that names the season)."""
    from ost import playlists
    from ost.sync import memory

    kept = memory.kept(db)
    out: dict[tuple[str, int], list[PlaylistLink]] = {}
    for d in playlists.load_definitions(db):
        for service in ServiceName:
            found = kept.get((service.value, d.key))
            if found is None:
                continue
            playlist_id, title, public = found
            link = PlaylistLink(
                service.value,
                LINKS[service].label,
                LINKS[service].playlist(playlist_id),
                title or d.name,
                not public,
            )
            for n in d.seasons:
                out.setdefault((d.show, n), []).append(link)
    return out
