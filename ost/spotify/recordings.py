"""Spotify track objects as the domain sees them: the only place that reads their JSON keys.

A search answers with track objects named in the language it was asked in; the same recording
found in Korean and in English is one ``Recording`` holding both renderings. It becomes the
scorer's ``Candidate`` and the details a match row stores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ost.match.types import Candidate

LANGUAGES = ("ko", "en")


def items_of(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """The track objects of a search answer's ``tracks`` paging object."""
    return [i for i in (answer.get("items") or []) if i and i.get("uri")]


@dataclass
class Recording:
    uri: str
    by_lang: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, language: str, item: dict[str, Any]) -> None:
        self.by_lang.setdefault(language, item)

    def missing_languages(self) -> list[str]:
        return [lang for lang in LANGUAGES if lang not in self.by_lang]

    @property
    def spotify_id(self) -> str:
        return self.uri.rsplit(":", 1)[1]

    def _first(self) -> dict[str, Any]:
        return next(self.by_lang[lang] for lang in LANGUAGES if lang in self.by_lang)

    @property
    def isrc(self) -> str | None:
        return (self._first().get("external_ids") or {}).get("isrc")

    def candidate(self) -> Candidate:
        items = [self.by_lang[lang] for lang in LANGUAGES if lang in self.by_lang]
        first = items[0]
        album = first.get("album") or {}
        return Candidate(
            uri=self.uri,
            names=tuple(dict.fromkeys(i["name"] for i in items)),
            artists=tuple(dict.fromkeys(a["name"] for i in items for a in i.get("artists", []))),
            album=album.get("name", ""),
            album_type=album.get("album_type", ""),
            release_date=album.get("release_date"),
            duration_ms=first.get("duration_ms"),
            isrc=self.isrc,
        )

    def details(self) -> dict[str, Any]:
        """The recording as Spotify names it, in each language it was read in."""
        first = self._first()
        album = first.get("album") or {}
        ko, en = self.by_lang.get("ko"), self.by_lang.get("en")
        return {
            "name_ko": ko["name"] if ko else None,
            "name_en": en["name"] if en else None,
            "artists_ko": [a["name"] for a in ko["artists"]] if ko else None,
            "artists_en": [a["name"] for a in en["artists"]] if en else None,
            "album": album.get("name"),
            "album_en": (en.get("album") or {}).get("name") if en else None,
            "album_type": album.get("album_type"),
            "release_date": album.get("release_date"),
            "duration_ms": first.get("duration_ms"),
            "isrc": self.isrc,
        }


def merge(into: dict[str, Recording], language: str, items: list[dict[str, Any]]) -> None:
    """Add search hits to the recordings seen so far, by URI."""
    for item in items:
        if item and item.get("uri"):
            into.setdefault(item["uri"], Recording(item["uri"])).add(language, item)
