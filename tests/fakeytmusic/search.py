"""Free-text search as the stand-in does it: no field filters (YouTube Music has none), every word
looked for in a video's title, channel names, album title and hidden keywords (the other
language's names, which YouTube Music's search knows but its answers do not show).

A video matching at least half the words is found; the more words, the higher; among equals the
more popular first, which puts a song's music video and lyric upload above its audio track.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable

from . import shapes
from .store import State

PAGE = 20
"""A filtered search answers 20 rows a page and reads further pages until it has ``limit``."""
SHELF = 3
"""Rows per shelf in a search without a filter (no further pages)."""
NOT_WORD = re.compile(r"[^\w]+")


def fold(text: str) -> str:
    return NOT_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def _ranked(words: list[str], entries: Iterable[tuple[str, str, int]]) -> list[str]:
    found = []
    for index, (key, text, rank) in enumerate(entries):
        hits = sum(1 for word in words if word in text)
        if words and hits * 2 >= len(words):
            found.append((-hits, -rank, index, key))
    return [key for *_, key in sorted(found)]


def ranked_videos(state: State, query: str) -> list[str]:
    def text(video: dict) -> str:
        album = state["albums"][video["album"]]["title"] if video["album"] else ""
        names = [a["name"] for a in video["artists"]]
        return fold(" ".join([video["title"], album, *names, *video["keywords"]]))

    videos = state["videos"].items()
    return _ranked(fold(query).split(), ((v, text(s), s["rank"]) for v, s in videos))


def ranked_albums(state: State, query: str) -> list[str]:
    def text(album: dict) -> str:
        names = [a["name"] for a in album["artists"]]
        return fold(" ".join([album["title"], *names, *album["keywords"]]))

    albums = state["albums"].items()
    return _ranked(fold(query).split(), ((b, text(a), len(a["tracks"])) for b, a in albums))


def pages(found: list[str], limit: int) -> list[str]:
    """What a filtered search returns: whole pages, so possibly more than ``limit``."""
    return found[: PAGE * max(1, math.ceil(limit / PAGE))]


def filtered(state: State, query: str, kind: str, language: str, limit: int) -> list[dict]:
    category = shapes.label(language, kind)
    if kind == "albums":
        albums = pages(ranked_albums(state, query), limit)
        return [shapes.album_item(state, b, category, language) for b in albums]
    found = ranked_videos(state, query)
    if kind == "videos":
        found = [v for v in found if state["videos"][v]["videoType"] != shapes.ATV]
        return [shapes.video_item(state, v, category) for v in pages(found, limit)]
    # The songs shelf holds what YouTube Music links to a song, its music videos and uploads too.
    return [shapes.song_item(state, v, category) for v in pages(found, limit)]


def unfiltered(state: State, query: str, language: str) -> list[dict]:
    """A top result card, then a few songs, videos and albums, each shelf with its own title."""
    found = ranked_videos(state, query)
    if not found:
        return []
    top, rest = found[0], found[1:]
    songs = [v for v in rest if state["videos"][v]["videoType"] == shapes.ATV][:SHELF]
    videos = [v for v in rest if state["videos"][v]["videoType"] != shapes.ATV][:SHELF]
    albums = ranked_albums(state, query)[:SHELF]
    return [
        shapes.top_result(state, top, language),
        *(shapes.song_item(state, v, shapes.label(language, "songs")) for v in songs),
        *(shapes.video_item(state, v, shapes.label(language, "videos")) for v in videos),
        *(shapes.album_item(state, b, shapes.label(language, "albums"), language) for b in albums),
    ]
