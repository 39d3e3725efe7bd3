"""Spotify track objects as the port's renderings: the only place that reads their JSON keys.

A search answers with track objects named in the language it was asked in; each becomes a
``Rendering`` (``ost.service``), and the same recording found in Korean and in English is one
``Recording`` holding both. Spotify's search words use its field filters (``track:"…"``).
"""

from __future__ import annotations

from typing import Any

from ost.errors import ServiceError
from ost.service import LINKS, ServiceName
from ost.service.recordings import Rendering
from ost.spotify.items import readable_track_items

LINK = LINKS[ServiceName.SPOTIFY]


def _quote(text: str) -> str:
    return '"' + text.replace('"', " ").strip() + '"'


def query(title: str, artist: str | None = None) -> str:
    """``track:"TITLE" artist:"ARTIST"``: Spotify's field filters."""
    return f"track:{_quote(title)}" + (f" artist:{_quote(artist)}" if artist else "")


def track_id(uri: str) -> str:
    """The id in a track URI (``spotify:track:<id>``)."""
    return LINK.track_id(uri) or uri


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _length(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def rendering(item: dict[str, Any]) -> Rendering:
    """A track object (checked by ``items.readable_track_items``) as the port's rendering; a
    field of an unexpected type is left out rather than kept (so the cache can read it back)."""
    album = item.get("album") or {}
    urls = item.get("external_urls")
    uri = str(item["uri"])
    return Rendering(
        id=uri,
        title=item["name"],
        artists=tuple(a["name"] for a in item.get("artists", [])),
        album=_text(album.get("name")) or "",
        album_type=_text(album.get("album_type")) or "",
        release_date=_text(album.get("release_date")),
        duration_ms=_length(item.get("duration_ms")),
        isrc=_text((item.get("external_ids") or {}).get("isrc")),
        url=_text(urls.get("spotify") if isinstance(urls, dict) else None)
        or LINK.url(track_id(uri)),
    )


def renderings(answer: dict[str, Any]) -> list[Rendering]:
    """The track objects of a search answer's ``tracks`` paging object (a null row skipped)."""
    return [rendering(i) for i in (answer.get("items") or []) if i and i.get("uri")]


def looked_up(item: dict[str, Any]) -> Rendering:
    """A track lookup's answer, refused whole when matching could not read it."""
    if not item or not readable_track_items([item]):
        raise ServiceError("Spotify sent a track answer ost cannot read")
    return rendering(item)
