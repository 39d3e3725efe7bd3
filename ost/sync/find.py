"""Which playlist on a service is a definition's: the marker ost leaves in its description, and
finding it among the user's playlists (remembered, adopted by its marker, or none).

The one remembered in ``remote_playlists`` is used if it is still among the user's own
playlists; else one whose description carries this definition's marker (``[ost:soundtrack-1]``),
which is how a playlist whose create response was lost is adopted rather than made twice. A
playlist without the marker that ost did not remember is never touched, whatever its name. A
deleted (unfollowed) playlist stays readable by id but leaves the user's list: it is left alone.
"""

from __future__ import annotations

from ost.playlists import Definition
from ost.service.playlists import Playlist
from ost.service.protocols import PlaylistWriter

DESCRIPTION_MAX = 300  # Spotify's limit on a playlist description
IN_SYNC = "Kept in sync with its catalogue by ost."


def marker(key: str) -> str:
    return f"[ost:{key}]"


def description(definition: Definition, limit: int = DESCRIPTION_MAX) -> str:
    """The show, that ost keeps it in sync, and the marker; within the service's limit."""
    about = definition.description.strip() or f"{definition.name}: the Disney+ series Soundtrack."
    tail = f" {IN_SYNC} {marker(definition.key)}"
    room = limit - len(tail)
    if len(about) > room:
        about = about[: room - 1].rstrip() + "…"
    return " ".join(about.split()) + tail


def has_marker(playlist: Playlist, key: str) -> bool:
    return marker(key) in playlist.description


def fetch(
    service: PlaylistWriter, key: str, remembered_id: str | None
) -> tuple[Playlist | None, str]:
    """(playlist, how): the remembered one if still among the user's own playlists
    ("remembered"), else the newest carrying the marker ("adopted"), else (None, "")."""
    if not service.edits.listed_descriptions:
        return _fetch_reading(service, key, remembered_id)
    adoptable = None
    for p in service.my_playlists():
        if not p.owned:
            continue
        if remembered_id and p.id == remembered_id:
            return p, "remembered"
        if adoptable is None and has_marker(p, key):
            adoptable = p  # the user's playlists come newest first
            if not remembered_id:
                break
    return (adoptable, "adopted") if adoptable else (None, "")


def _fetch_reading(
    service: PlaylistWriter, key: str, remembered_id: str | None
) -> tuple[Playlist | None, str]:
    """``fetch`` where the list of playlists lacks their descriptions (YouTube Music lists a
    subtitle): the remembered one is found by id in the list; only when it is not there is
    each other playlist of the user's read, newest first, until one carries the marker."""
    owned = [p for p in service.my_playlists() if p.owned]
    if remembered_id and any(p.id == remembered_id for p in owned):
        return service.playlist(remembered_id), "remembered"
    for p in owned:
        read = service.playlist(p.id)
        if has_marker(read, key):
            return read, "adopted"
    return None, ""


def _described(service: PlaylistWriter, playlist: Playlist) -> Playlist:
    """The playlist with its own description (read, where the list lacks it)."""
    return playlist if service.edits.listed_descriptions else service.playlist(playlist.id)


def duplicates(service: PlaylistWriter, key: str, keep_id: str) -> list[Playlist]:
    """The user's other playlists carrying this definition's marker (left by two runs at once
    in an older ost, or by a create whose answer was lost). Reads the whole list."""
    owned = [p for p in service.my_playlists() if p.owned and p.id != keep_id]
    return [p for p in owned if has_marker(_described(service, p), key)]
