"""What `ost match` asks a service, and the answers it keeps: the query plan and the ``Searcher``.

The plan is the same for every service (its words come from the service's ``query``: Spotify's
field filters, YouTube Music's free text); the ``Searcher`` asks through the port
(``ost.service.protocols.RecordingSearch``) and keeps each answer in ``search_cache`` as the port's
renderings (``ost.fetch``), so a second run sends no request at all. An entry an older ost
wrote (Spotify's own track objects) is not read: it is fetched again and replaced.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import partial
from typing import Any

import sqlite_utils

from ost.catalogue import Target
from ost.fetch import Fetcher, Stats
from ost.service import ServiceName
from ost.service.protocols import AlbumDates, RecordingSearch
from ost.service.recordings import Recording, Rendering, renderings_json, renderings_of
from ost.text import fold

MAX_QUERIES_PER_TRACK = 7  # distinct query strings


def query_plan(target: Target, service: RecordingSearch) -> Iterator[list[tuple[str, str]]]:
    """Rounds of (language, query). A round is only searched when the earlier found nothing right,
    and a query string already sent for the track is not sent again (in any language: a search
    finds every localised name, the language only decides how answers are named).

    1. the title and first artist in Korean; then in English;
    2. the title alone in both languages (the artist is judged through every alias, so a release
       credited under another name is still found when the title is rare);
    3. the title with each other name of the artists (데미안, DEMIAN, K ...), for common titles
       whose release a title-only search of 10 results may not reach;
    4. each other rendering of the title, in English.
    """
    query = service.query
    main = target.artists[0] if target.artists else {"name": "", "name_en": None}
    en_title = target.title_en or target.title
    en_artist = main.get("name_en") or main["name"]
    yield [("ko", query(target.title, main["name"] or None))]
    yield [("en", query(en_title, en_artist or None))]
    yield [("ko", query(target.title)), ("en", query(en_title))]
    used = {fold(str(main["name"] or "")), fold(str(main.get("name_en") or ""))}
    for artist in target.artists:
        for alias in [artist["name"], artist.get("name_en") or "", *artist["aliases"]]:
            if alias and fold(alias) not in used:
                used.add(fold(alias))
                hangul = any("\uac00" <= ch <= "\ud7a3" for ch in alias)
                title = target.title if hangul else en_title
                yield [("ko" if hangul else "en", query(title, alias))]
    done = {target.title.casefold(), en_title.casefold()}
    for title in target.wanted.titles:
        if title.casefold() not in done:
            done.add(title.casefold())
            yield [("en", query(title))]


def _one(value: Any) -> list[Rendering] | None:
    found = renderings_of(value)
    return found if found is not None and len(found) == 1 else None


class Searcher:
    """Search answers and look-ups by (query, language, market), from the cache or from the
    service, as renderings. Within a run a query string is sent at most once."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        service: RecordingSearch,
        market: str | None,
        refresh: bool,
    ):
        self.service, self.market = service, market
        self.fetcher = Fetcher(
            db, service, table="search_cache", column="response", refresh=refresh
        )
        self._asked: dict[str, tuple[str, list[Rendering]]] = {}
        self._album_dates: dict[str, str | None] = {}

    @property
    def stats(self) -> Stats:
        return self.fetcher.stats

    def _key(self, *parts: str | None) -> str:
        # Spotify's keys are those ost always used; another service's carry its name.
        named = [] if self.service.name == ServiceName.SPOTIFY else [str(self.service.name)]
        return json.dumps([*parts, *named], ensure_ascii=False)

    def search(self, query: str, language: str) -> tuple[str, list[Rendering]]:
        """(the language the answer is named in, its renderings)."""
        if query in self._asked:
            self.stats.cached += 1
            return self._asked[query]
        key = self._key(query, "track", language, self.market)
        found = self.fetcher.cached(key, renderings_of)
        if found is None:
            ask = partial(_search, query=query, language=language, market=self.market)
            found = self.fetcher.fetch(ask)
            self.fetcher.store(key, renderings_json(found))
        self._asked[query] = (language, found)
        return language, found

    def complete(self, recording: Recording) -> None:
        """Read the recording in the languages no search named it in (for its stored names)."""
        for language in recording.missing_languages():
            key = self._key("lookup", recording.id, language, self.market)
            found = self.fetcher.cached(key, _one)
            if found is None:
                found = [self.fetcher.fetch(partial(_look_up, id=recording.id, language=language))]
                self.fetcher.store(key, renderings_json(found))
            recording.add(language, found[0])

    def datable(self, recording: Recording) -> bool:
        """Whether ``date`` would date it: no answer did, and its album is not known to be
        undated."""
        return (
            isinstance(self.service, AlbumDates)
            and recording.undated
            and self._album_dates.get(recording.album_id, "") is not None
        )

    def date(self, recording: Recording) -> None:
        """Date a recording its answers left undated by its album's release date (each album
        read once: tracks on the same album, a compilation's, share it)."""
        if not self.datable(recording):
            return
        album_id = recording.album_id
        if album_id not in self._album_dates:
            self._album_dates[album_id] = self._album_date(album_id)
        day = self._album_dates[album_id]
        if day:
            recording.date(day)

    def _album_date(self, album_id: str) -> str | None:
        key = self._key("album", album_id)
        found = self.fetcher.cached(key, _album_date)
        if found is None:
            found = {"release_date": self.fetcher.fetch(partial(_read_album_date, id=album_id))}
            self.fetcher.store(key, found)
        return found["release_date"]


def _album_date(value: Any) -> dict[str, str | None] | None:
    day = value.get("release_date", "") if isinstance(value, dict) else ""
    return {"release_date": day} if day is None or (isinstance(day, str) and day) else None


def _read_album_date(service: RecordingSearch, *, id: str) -> str | None:
    assert isinstance(service, AlbumDates)  # asked only then (``Searcher.datable``)
    return service.album_date(id)


def _search(
    service: RecordingSearch, *, query: str, language: str, market: str | None
) -> list[Rendering]:
    return service.search_recordings(query, language=language, market=market)


def _look_up(service: RecordingSearch, *, id: str, language: str) -> Rendering:
    return service.recording(id, language=language)
