"""`ost discover`: find each season's OST releases on a streaming service (Spotify, YouTube
Music), judge them, list what the catalogue lacks, and (with ``add``) add it; for every show, or
one. A run reads and writes one service's albums, verdicts and matches only.

Fetching (album searches, the albums of matched recordings, artists' album lists, album tracks;
all cached by ``store.Fetcher``) is apart from judging (``rules``, pure) and from saving: a
show's verdicts, the waiting matches the accepted albums confirm, and the added tracks are
written in one transaction, so a kill leaves the show's catalogue as it was before or as it is
after.

The bundled show is found as it always was: by its seasons' titles (``Show.from_names``), the
albums of its matched recordings and the album lists of its sourced artists. A show a user
added (``Show.from_file``) is found by its names: an album search for each name, as it is and
with "OST"; its parts vouch for each other while its catalogue is empty, and the album lists of
the artists credited on its parts find what the searches missed (and the singers' own singles,
which the rules refuse).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import sqlite_utils

from ost import catalogue, decisions
from ost.catalogue import shows
from ost.catalogue.shows import BUNDLED
from ost.catalogue.store import TrackStatus
from ost.discover import store
from ost.discover.add import add_new, confirm_waiting
from ost.discover.listing import album_order
from ost.discover.rules import (
    AlbumVerdict,
    KnownSong,
    Listing,
    SeasonEvidence,
    Show,
    artist_keys,
    classify,
    credited_keys,
    judge_all,
    worth_fetching,
)
from ost.fetch import Stats
from ost.match.normalize import has_hangul
from ost.service import ServiceName
from ost.service.albums import Album, AlbumTrack
from ost.service.protocols import AlbumReader
from ost.text import fold

WAITING = decisions.Status.REVIEW


# --- what the catalogue knows ----------------------------------------------------------------


def show_of(db: sqlite_utils.Database, key: str = BUNDLED) -> Show:
    """The show as discovery judges albums against it: the bundled one by its seasons' titles,
    another by its show file."""
    if key != BUNDLED:
        return Show.from_file(shows.spec(db, key))
    names: dict[int, list[str]] = {}
    for s in db.query(
        "select number, title, title_en, data from seasons where show = ? order by number",
        [BUNDLED],
    ):
        aliases = json.loads(s["data"] or "{}").get("aliases", [])
        names[s["number"]] = [n for n in (s["title"], s["title_en"], *aliases) if n]
    return replace(Show.from_names(names), key=BUNDLED)


def _bundled(show: Show) -> bool:
    return show.key == BUNDLED


def _recordings(match: dict[str, Any] | None) -> set[str]:
    if not match or not match.get("uri"):
        return set()
    service = ServiceName(match.get("service") or store.SERVICE)
    recording = store.track_id(match["uri"], service)
    return {recording, *([match["isrc"]] if match.get("isrc") else [])}


def season_evidence(
    db: sqlite_utils.Database, show: Show, season: int, matches: dict[str, dict[str, Any]]
) -> tuple[SeasonEvidence, list[KnownSong]]:
    rows = list(
        catalogue.iter_tracks(
            db, show=show.key or BUNDLED, seasons=(season,), include_unverified=True
        )
    )
    by_track = catalogue.artists_by_track(db, json.dumps([r["id"] for r in rows]))
    keys: set[str] = set()
    recordings: set[str] = set()
    known = []
    accepted = {str(s) for s in decisions.COUNTS_AS_ACCEPTED}
    for r in rows:
        names = [n for a in by_track.get(r["id"], []) for n in catalogue.artist_names(a)]
        track_keys = artist_keys(names)
        match = matches.get(r["id"])
        # evidence comes from the sources: not from songs no source confirms, nor discovery's
        if r["status"] not in (TrackStatus.UNVERIFIED, TrackStatus.DISCOVERED):
            keys |= track_keys
            if match and match["status"] in accepted:
                recordings |= _recordings(match)
        titles = (r["title"], r["title_en"] or "", *r["aliases"])
        waiting = match if match and match["status"] in accepted | {WAITING} else None
        known.append(KnownSong(r["id"], titles, track_keys, frozenset(_recordings(waiting))))
    evidence = SeasonEvidence(
        season,
        show.title(season),
        catalogue.season_window(db, season) if _bundled(show) else show.window(season),
        frozenset(keys),
        frozenset(recordings),
    )
    return evidence, known


# --- fetching ----------------------------------------------------------------------------------


def _language(name: str) -> str:
    return "ko" if has_hangul(name) else "en"


def queries(show: Show, season: int) -> list[tuple[str, str]]:
    """(language, query) album searches for a season: each of its names as an album filter, in
    the language of its script; for a show a user added, each of the show's names as well, as
    an album filter and with "OST"."""
    out = [(_language(name), f'album:"{name}"') for name in show.seasons.get(season, ())]
    if not _bundled(show):
        for name in show.names:
            out += [(_language(name), f'album:"{name}"'), (_language(name), f"{name} OST")]
    return list(dict.fromkeys(out))


def broad_queries(show: Show) -> list[tuple[str, str]]:
    """The show's name without a season, with "OST": finds parts whose title the season
    filters miss (and albums of another season, which the rules then refuse). The bundled
    show's; another's names are searched season by season (``queries``)."""
    if not _bundled(show):
        return []
    bases = []
    for names in show.seasons.values():
        for name in names:
            base = re.sub(r"\s*(?:#|no\.?|시즌|season)?\s*\d+$", "", name, flags=re.I).strip()
            if base:
                bases.append((_language(base), f"{base} OST"))
    return list(dict.fromkeys(bases))


@dataclass
class Pool:
    """Albums found, by id, and the tracks fetched for them."""

    albums: dict[str, Album] = field(default_factory=dict)
    tracks: dict[str, list[AlbumTrack]] = field(default_factory=dict)

    def add(self, albums: Sequence[Album]) -> list[Album]:
        fresh = [a for a in albums if a.id not in self.albums]
        for a in fresh:
            self.albums[a.id] = a
        return fresh

    def holds(self, track_id: str) -> bool:
        return any(t.id == track_id for ts in self.tracks.values() for t in ts)


def _fetch_tracks(
    pool: Pool, fetcher: store.Fetcher, show: Show, seasons: Sequence[SeasonEvidence]
) -> None:
    for a in list(pool.albums.values()):
        if a.id not in pool.tracks and any(worth_fetching(a, s, show) for s in seasons):
            pool.tracks[a.id] = fetcher.tracks(a.id)


def gather(
    fetcher: store.Fetcher,
    show: Show,
    seasons: Sequence[SeasonEvidence],
    matches: dict[str, dict[str, Any]],
    season_tracks: dict[int, list[str]],
) -> Pool:
    """Every album worth judging: album searches, the albums of the seasons' matched (and
    waiting) recordings, and the album lists of the seasons' artists found on accepted albums."""
    pool = Pool()
    for s in seasons:
        for language, q in queries(show, s.number):
            pool.add(fetcher.search(q, language))
    for language, q in broad_queries(show):
        pool.add(fetcher.search(q, language))
    _fetch_tracks(pool, fetcher, show, seasons)
    for s in seasons:
        for track_id in season_tracks.get(s.number, []):
            match = matches.get(track_id) or {}
            uri = match.get("uri")
            if uri and match.get("status") in decisions.COUNTS_AS_ACCEPTED | {WAITING}:
                recording = store.track_id(uri, fetcher.service)
                if not pool.holds(recording):
                    held: list[Album | None] = list(fetcher.albums_holding(recording))
                    found = held or [fetcher.album_of_track(recording)]
                    pool.add([a for a in found if a])
    _fetch_tracks(pool, fetcher, show, seasons)
    artists = _season_artist_ids if _bundled(show) else _accepted_artist_ids
    for artist_id in artists(pool, show, seasons):
        pool.add(fetcher.artist_albums(artist_id))
    _fetch_tracks(pool, fetcher, show, seasons)
    return pool


def _season_artist_ids(pool: Pool, show: Show, seasons: Sequence[SeasonEvidence]) -> list[str]:
    """The service's ids of the seasons' catalogue artists as credited on albums that pass the title
    and date tests (so an artist's list is read only where it may hold a missed part)."""
    ids: dict[str, None] = {}
    for s in seasons:
        for a in pool.albums.values():
            if not worth_fetching(a, s, show):
                continue
            for artist in [*a.artists, *(x for t in pool.tracks.get(a.id, []) for x in t.artists)]:
                if artist.id and set(credited_keys([artist])) & s.artist_keys:
                    ids[artist.id] = None
    return list(ids)


def _accepted_artist_ids(pool: Pool, show: Show, seasons: Sequence[SeasonEvidence]) -> list[str]:
    """For a show a user added, whose catalogue names no artist at first: the service's ids of the
    artists credited on the tracks of the albums the rules accept from what the searches found
    (a singer's list holds the parts a crowded search pushed past its pages; the singers' own
    singles there are refused). An album's own credit may be "Various Artists", whose list is
    every compilation there is: only the tracks' credits are followed."""
    ids: dict[str, None] = {}
    for verdicts in judge_pool(pool, show, seasons).values():
        for a in (v.album for v in verdicts if v.accepted):
            for artist in (x for t in pool.tracks.get(a.id, []) for x in t.artists):
                if artist.id and fold(artist.name) != VARIOUS:
                    ids[artist.id] = None
    return list(ids)


VARIOUS = fold("Various Artists")


# --- judging -------------------------------------------------------------------------------------


@dataclass
class SeasonResult:
    season: int
    show: str = BUNDLED
    accepted: list[AlbumVerdict] = field(default_factory=list)
    refused: list[AlbumVerdict] = field(default_factory=list)
    listings: list[Listing] = field(default_factory=list)
    confirmed: list[dict[str, Any]] = field(default_factory=list)
    added: list[dict[str, Any]] = field(default_factory=list)
    undated: bool = False
    """The season has no premiere: its time is unknown, so nothing was searched for it."""

    @property
    def new(self) -> list[Listing]:
        return [x for x in self.listings if x.kind == "new"]

    @property
    def score(self) -> list[Listing]:
        return [x for x in self.listings if x.kind == "score"]

    @property
    def to_add(self) -> list[Listing]:
        """What ``--add`` adds: the new songs, then the score pieces."""
        return self.new + self.score


def judge_pool(
    pool: Pool, show: Show, seasons: Sequence[SeasonEvidence]
) -> dict[int, list[AlbumVerdict]]:
    albums = sorted(pool.albums.values(), key=album_order)
    entries = [(a, pool.tracks.get(a.id)) for a in albums]
    return {s.number: judge_all(entries, s, show) for s in seasons}


def _sort_verdicts(verdicts: dict[int, list[AlbumVerdict]], show: Show) -> dict[int, SeasonResult]:
    """Each album accepted for a season goes there; an album accepted nowhere is refused once,
    with the verdict of the season its title names (else of the first season judged)."""
    results = {n: SeasonResult(n, show.key or BUNDLED) for n in verdicts}
    first = next(iter(verdicts))
    by_album: dict[str, list[AlbumVerdict]] = {}
    for vs in verdicts.values():
        for v in vs:
            by_album.setdefault(v.album.id, []).append(v)
    for vs in by_album.values():
        accepted = [v for v in vs if v.accepted]
        for v in accepted:
            results[v.season or first].accepted.append(v)
        if not accepted:
            named = show.named(vs[0].album.names)
            in_time = [v for v in vs if any(e.kind == "date" and e.ok for e in v.evidence)]
            chosen = next((v for v in vs if v.season in named), in_time[0] if in_time else vs[0])
            results[chosen.season or first].refused.append(chosen)
    return results


# --- the run ---------------------------------------------------------------------------------


def discover(
    db: sqlite_utils.Database,
    service: AlbumReader,
    seasons: Sequence[int],
    *,
    show: str | None = None,
    add: bool = False,
    refresh: bool = False,
    saved: Callable[[list[SeasonResult]], None] | None = None,
) -> tuple[list[SeasonResult], Stats]:
    """Discovery for one show, or every show (the seasons given that each has), with one
    cache; each show's results saved in a transaction of its own, then passed to ``saved``
    (so that an interrupted run can say what it kept)."""
    fetcher = store.Fetcher(db, service, refresh)
    results: list[SeasonResult] = []
    for key in [show] if show else shows.keys(db):
        done = discover_show(db, fetcher, show_of(db, key), seasons, add=add)
        results += done
        if saved:
            saved(done)
    return results, fetcher.stats


def discover_show(
    db: sqlite_utils.Database,
    fetcher: store.Fetcher,
    show: Show,
    seasons: Sequence[int],
    *,
    add: bool = False,
) -> list[SeasonResult]:
    key = show.key or BUNDLED
    asked = [n for n in seasons if n in show.seasons] if seasons else sorted(show.seasons)
    undated = {  # the bundled show's time comes from its sourced dates (`season_evidence`)
        n: SeasonResult(n, key, undated=True)
        for n in asked
        if not _bundled(show) and show.window(n) is None
    }
    scope = [n for n in asked if n not in undated]
    if not scope:  # no request: an album cannot be judged without the season's time
        return [undated[n] for n in asked]
    service = fetcher.service
    matches = decisions.stored(db, service)
    evidence, known = {}, {}
    for n in scope:
        evidence[n], known[n] = season_evidence(db, show, n, matches)
    season_tracks = {n: [k.track_id for k in known[n]] for n in scope}  # every track, in order
    pool = gather(fetcher, show, list(evidence.values()), matches, season_tracks)
    results = _sort_verdicts(judge_pool(pool, show, list(evidence.values())), show)
    for n, result in results.items():
        albums = [(v.album, pool.tracks.get(v.album.id) or []) for v in result.accepted]
        result.listings = classify(known[n], albums, music=show.music)
    with db.atomic():
        verdicts = [v for r in results.values() for v in r.accepted + r.refused]
        store.save_verdicts(db, verdicts, key, service)
        for n, result in results.items():
            result.confirmed = confirm_waiting(db, n, key, service)
            if add:
                result.added = add_new(db, n, result, key)
    return [results.get(n) or undated[n] for n in asked]
