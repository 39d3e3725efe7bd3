"""The shape of Spotify's track objects, checked before anything is cached or matched.

Kept apart from ``api`` (which imports spotipy) so that ``recordings`` can check a looked-up
track without it.
"""

from __future__ import annotations

from typing import Any


def readable_track_items(items: Any) -> bool:
    """Whether search items have what matching reads: a track URI, a name, named artists, an
    album object. Spotify may send null for an item it cannot show; that is allowed."""
    if not isinstance(items, list):
        return False
    return all(item is None or _readable_track(item) for item in items)


def _readable_track(item: Any) -> bool:
    if not isinstance(item, dict):
        return False
    uri, name, artists = item.get("uri"), item.get("name"), item.get("artists", [])
    album, ids = item.get("album") or {}, item.get("external_ids") or {}
    return (
        isinstance(uri, str)
        and uri.startswith("spotify:track:")
        and isinstance(name, str)
        and isinstance(artists, list)
        and all(isinstance(a, dict) and isinstance(a.get("name"), str) for a in artists)
        and isinstance(album, dict)
        and isinstance(ids, dict)
        and isinstance(item.get("duration_ms", 0), int | None)
    )
