"""Spotify's user and playlist objects as the port's ``Account``, ``Playlist`` and
``PlaylistItem``: the only place that reads their JSON keys (``owner``, ``snapshot_id``, ...)."""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator
from typing import Any

from ost.service import LINKS, ServiceName
from ost.service.playlists import Account, Playlist, PlaylistItem

LINK = LINKS[ServiceName.SPOTIFY]


def account(obj: Any) -> Account:
    """A user object (``GET /me``); an empty id when Spotify sent none."""
    if not isinstance(obj, dict):
        return Account("")
    return Account(str(obj.get("id") or ""), obj.get("display_name") or None)


def playlist(obj: Any, user_id: str) -> Playlist | None:
    """A playlist object; None for a row that is not one (no object, or no id)."""
    if not isinstance(obj, dict) or not obj.get("id"):
        return None
    public = obj.get("public")
    return Playlist(
        id=str(obj["id"]),
        name=str(obj.get("name") or ""),
        # Spotify returns descriptions HTML-escaped
        description=html.unescape(obj.get("description") or ""),
        owned=bool(user_id) and (obj.get("owner") or {}).get("id") == user_id,
        public=None if public is None else bool(public),
        snapshot=str(obj.get("snapshot_id") or "") or None,
    )


def playlists(rows: Iterable[Any], user_id: str) -> Iterator[Playlist]:
    for row in rows:
        found = playlist(row, user_id)
        if found is not None:
            yield found


def items(rows: Iterable[Any]) -> list[PlaylistItem]:
    """The rows' recordings in order (a row carries its track under ``item``, or ``track``). A
    row whose track is gone still takes a place, under a name no track has, so that a diff sees
    it; what is no ``spotify:track:`` (a local file, an episode) only a replace drops."""
    out = []
    for n, row in enumerate(rows):
        track = (row.get("item") or row.get("track") or {}) if isinstance(row, dict) else {}
        uri = str(track.get("uri") or f"unavailable:{n}")
        out.append(PlaylistItem(uri, removable=LINK.track_id(uri) is not None))
    return out
