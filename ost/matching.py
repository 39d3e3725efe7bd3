"""`ost match` and the user's decisions: catalogue tracks to Spotify recordings.

Fetching (``Searcher``: Spotify searches, cached in SQLite) is apart from judging (the pure scorer
in ``ost.match.score``) and from saving (``save``: the run's rows in one transaction, only those
that changed, through ``ost.decisions``, which owns the ``matches`` table). A run stopped by a rate
limit still saves what it judged before the stop.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

import sqlite_utils

from ost import catalogue, decisions
from ost.catalogue import Target, targets
from ost.discover.evidence import AlbumRecording, SeasonAlbums, confirmation_part
from ost.errors import InputError, NotFound
from ost.match.score import choose
from ost.match.types import Candidate, Verdict
from ost.spotify import recordings
from ost.text import fold

if TYPE_CHECKING:
    from ost.spotify.api import Api

CACHE_TTL_S = 30 * 86400
MAX_QUERIES_PER_TRACK = 7  # distinct query strings
KEEP_CANDIDATES = 5  # ranked candidates kept for `ost review`


def track_uri(text: str) -> str:
    """A track URI from a URI or an open.spotify.com link; anything else is refused."""
    uri = catalogue.parse_track_uri(text)
    if uri is None:
        raise InputError(
            f"'{text}' is not a Spotify track URI (spotify:track:<22 characters>) or link"
        )
    return uri


# --- what we look for: ``Target`` and ``targets`` live in the catalogue ---------------------


def _quote(text: str) -> str:
    return '"' + text.replace('"', " ").strip() + '"'


def query_plan(target: Target) -> Iterator[list[tuple[str, str]]]:
    """Rounds of (language, query). A round is only searched when the earlier found nothing right,
    and a query string already sent for the track is not sent again (in any language: a search
    finds every localised name, the language only decides how answers are named).

    1. the title and first artist, field-filtered, in Korean; then in English;
    2. the title alone in both languages (the artist is judged through every alias, so a release
       credited under another name is still found when the title is rare);
    3. the title with each other name of the artists (데미안, DEMIAN, K ...), for common titles
       whose release a title-only search of 10 results may not reach;
    4. each other rendering of the title, in English.
    """
    main = target.artists[0] if target.artists else {"name": "", "name_en": None}
    ko = f"track:{_quote(target.title)}" + (
        f" artist:{_quote(main['name'])}" if main["name"] else ""
    )
    en_title = target.title_en or target.title
    en_artist = main.get("name_en") or main["name"]
    en = f"track:{_quote(en_title)}" + (f" artist:{_quote(en_artist)}" if en_artist else "")
    yield [("ko", ko)]
    yield [("en", en)]
    yield [("ko", f"track:{_quote(target.title)}"), ("en", f"track:{_quote(en_title)}")]
    used = {fold(str(main["name"] or "")), fold(str(main.get("name_en") or ""))}
    for artist in target.artists:
        for alias in [artist["name"], artist.get("name_en") or "", *artist["aliases"]]:
            if alias and fold(alias) not in used:
                used.add(fold(alias))
                hangul = any("\uac00" <= ch <= "\ud7a3" for ch in alias)
                title = target.title if hangul else en_title
                yield [("ko" if hangul else "en", f"track:{_quote(title)} artist:{_quote(alias)}")]
    done = {target.title.casefold(), en_title.casefold()}
    for title in target.wanted.titles:
        if title.casefold() not in done:
            done.add(title.casefold())
            yield [("en", f"track:{_quote(title)}")]


# --- fetching, with the cache ------------------------------------------------------------------


@dataclass
class Stats:
    requests: int = 0
    cached: int = 0


class Searcher:
    """Fetches: search answers and track lookups by (query, language, market), from the cache or
    from Spotify, as ``Recording`` objects. Within a run a query string is sent at most once."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        api_factory: Callable[[], Api],
        market: str | None,
        refresh: bool,
    ):
        self.db, self.api_factory, self.market, self.refresh = db, api_factory, market, refresh
        self._api: Api | None = None
        self._asked: dict[str, tuple[str, list[dict[str, Any]]]] = {}
        self.stats = Stats()

    @property
    def api(self) -> Api:
        # no credentials are needed, and no token asked for, when all is cached
        if self._api is None:
            self._api = self.api_factory()
        return self._api

    def search(self, query: str, language: str) -> tuple[str, list[dict[str, Any]]]:
        """(the language the answer is named in, its track objects)."""
        if query in self._asked:
            self.stats.cached += 1
            return self._asked[query]
        key = json.dumps([query, "track", language, self.market], ensure_ascii=False)
        items = self._cached(key)
        if items is None:
            answer = self._fetch(
                lambda: self.api.search_tracks(query, language=language, market=self.market)
            )
            items = self._store(key, recordings.items_of(answer))
        self._asked[query] = (language, items)
        return language, items

    def complete(self, recording: recordings.Recording) -> None:
        """Read the recording in the languages no search named it in (for its stored names)."""
        for language in recording.missing_languages():
            key = json.dumps(["lookup", recording.uri, language, self.market], ensure_ascii=False)
            items = self._cached(key)
            if items is None:
                item = self._fetch(partial(self.api.track, recording.spotify_id, language=language))
                items = self._store(key, [item])
            recording.add(language, items[0])

    def _cached(self, key: str) -> list[dict[str, Any]] | None:
        row = self.db.execute(
            "select response, fetched_at from search_cache where key = ?", [key]
        ).fetchone()
        if row and not self.refresh and time.time() - row[1] < CACHE_TTL_S:
            cached = _cached_items(row[0])
            if cached is not None:
                self.stats.cached += 1
                return cached
            # an entry ost cannot read (damaged, or from an older ost): dropped, fetched again
        return None

    def _fetch(self, call: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        before = self.api.requests
        answer = call()
        self.stats.requests += self.api.requests - before
        return answer

    def _store(self, key: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        with self.db.atomic():
            self.db.table("search_cache").upsert(
                {
                    "key": key,
                    "response": json.dumps(items, ensure_ascii=False),
                    "fetched_at": time.time(),
                },
                pk="key",
            )
        return items


def _cached_items(text: str) -> list[dict[str, Any]] | None:
    from ost.spotify.items import readable_track_items

    try:
        items = json.loads(text)
    except ValueError:
        return None
    return list(items) if readable_track_items(items) else None


# --- judging one track ---------------------------------------------------------------------------


@dataclass
class Outcome:
    track_id: str
    title: str
    status: str
    uri: str | None
    score: float | None
    reason: str
    previous: str | None = None
    queries: int = 0
    candidates: list[dict[str, Any]] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    evidence: list[dict[str, Any]] = field(default_factory=list)  # the scorer's parts for `uri`

    @property
    def changed(self) -> bool:
        return self.previous != self.status or bool(self.details.get("uri_changed"))

    def row(self) -> dict[str, Any]:
        """The match row this outcome saves."""
        return decisions.found_row(
            self.track_id,
            decisions.Status(self.status),
            self.uri,
            self.score,
            self.reason,
            self.details,
            self.candidates,
            self.evidence,
        )


def covering(rejected: decisions.Rejected, seen: dict[str, recordings.Recording]) -> set[str]:
    """The URIs refused for a track: rejected ones, and any other release of a rejected ISRC."""
    same_recording = {uri for uri, r in seen.items() if r.isrc in rejected.isrcs}
    return rejected.uris | same_recording


def match_one(
    target: Target,
    searcher: Searcher,
    rejected: decisions.Rejected | None = None,
    albums: SeasonAlbums | None = None,
) -> Outcome:
    """The track's recording: first among the tracks of the OST albums discovery accepted for its
    season (no search), else through the query plan."""
    rejected = rejected or decisions.Rejected()
    if albums is not None and albums.recordings:
        found = _from_albums(target, albums, rejected)
        if found is not None:
            return found
    seen: dict[str, recordings.Recording] = {}
    best: Verdict | None = None
    ranked: list[Verdict] = []
    asked: set[str] = set()
    for round_ in query_plan(target):
        round_ = [(lang, q) for lang, q in round_ if q not in asked]
        if not round_:
            continue
        if len(asked) + len(round_) > MAX_QUERIES_PER_TRACK:
            break
        for lang, q in round_:
            asked.add(q)
            answered_in, items = searcher.search(q, lang)
            recordings.merge(seen, answered_in, items)
        candidates = [r.candidate() for r in seen.values()]
        best, ranked = choose(target.wanted, candidates, covering(rejected, seen))
        if best is not None and best.status == decisions.Status.AUTO:
            break
    refused = covering(rejected, seen)
    top = best or next((v for v in ranked if v.candidate.uri not in refused), None)
    if top is not None and seen[top.candidate.uri].missing_languages():
        # Name the chosen (or closest) recording in both languages, and judge it so named.
        searcher.complete(seen[top.candidate.uri])
        best, ranked = choose(target.wanted, [r.candidate() for r in seen.values()], refused)
    return _outcome(target, best, ranked, seen, len(asked), refused, albums)


def _from_albums(
    target: Target, albums: SeasonAlbums, rejected: decisions.Rejected
) -> Outcome | None:
    """An ``auto`` outcome from the accepted albums' tracks, or None (then ost searches)."""
    seen = {r.uri: r for r in albums.recordings}
    refused = rejected.uris | {u for u, r in seen.items() if r.isrc and r.isrc in rejected.isrcs}
    best, ranked = choose(target.wanted, [r.candidate() for r in seen.values()], refused)
    outcome = _outcome(target, best, ranked, seen, 0, refused, albums)
    return outcome if outcome.status == decisions.Status.AUTO else None


def _outcome(
    target: Target,
    best: Verdict | None,
    ranked: list[Verdict],
    seen: Mapping[str, recordings.Recording | AlbumRecording],
    queries: int,
    rejected: set[str],
    albums: SeasonAlbums | None = None,
) -> Outcome:
    kept = [_candidate_record(v, seen[v.candidate.uri]) for v in ranked[:KEEP_CANDIDATES]]
    if best is None:
        fresh = [v for v in ranked if v.candidate.uri not in rejected]
        if ranked and not fresh:
            why = "every candidate found was rejected before"
        else:
            why = fresh[0].reason if fresh else "no search found a recording with this title"
        return Outcome(
            target.wanted.track_id,
            target.title,
            decisions.Status.NONE,
            None,
            None,
            f"Nothing acceptable on Spotify. Closest: {why}" if fresh else why,
            queries=queries,
            candidates=kept,
        )
    status, reason = decisions.Status(best.status), best.reason
    evidence = [p.as_dict() for p in best.parts]
    if status == decisions.Status.AUTO and target.artist_uncertain:
        # The service's evidence settles it: the recording sits on an accepted OST album.
        confirmed = (
            albums.confirming(best.candidate.uri, best.candidate.isrc, target.uncertain)
            if albums
            else None
        )
        if confirmed:
            reason += f" The catalogue's {confirmed}."
            evidence.append(confirmation_part(confirmed))
        else:
            status = decisions.Status.REVIEW
            reason += " The catalogue's artist credit is uncertain: confirm with `ost accept`."
    return Outcome(
        target.wanted.track_id,
        target.title,
        status,
        best.candidate.uri,
        round(best.score, 3),
        reason,
        queries=queries,
        candidates=kept,
        details=seen[best.candidate.uri].details(),
        evidence=evidence,
    )


def _candidate_record(
    v: Verdict, recording: recordings.Recording | AlbumRecording
) -> dict[str, Any]:
    return {
        "uri": v.candidate.uri,
        "score": round(v.score, 3),
        "status": v.status,
        "reason": v.reason,
        "flags": list(v.flags),
        **recording.details(),
        "evidence": [p.as_dict() for p in v.parts],
    }


# --- the whole run -----------------------------------------------------------------------------


@dataclass
class Scope:
    seasons: tuple[int, ...] = ()
    include_unverified: bool = False


def tracks_to_match(
    db: sqlite_utils.Database, scope: Scope, refresh: bool
) -> tuple[list[str], int]:
    """Track ids needing a search, and how many in scope were left alone (decided or matched)."""
    rows = catalogue.list_tracks(
        db, seasons=scope.seasons, include_unverified=scope.include_unverified
    )
    skip = set(decisions.USER_DECISIONS) | (set() if refresh else {decisions.Status.AUTO})
    todo = [r["id"] for r in rows if r["match_status"] not in skip]
    return todo, len(rows) - len(todo)


def run_match(
    db: sqlite_utils.Database,
    api_factory: Callable[[], Api],
    scope: Scope,
    *,
    refresh: bool = False,
    dry_run: bool = False,
    market: str | None = None,
    progress: Callable[[Outcome], None] | None = None,
) -> tuple[list[Outcome], Stats, int]:
    """Match every track in scope that has no accepted match. Each track's outcome is saved as it
    is judged, in a transaction of its own (unless dry_run): the tracks are independent, so an
    error, a crash or a kill in the middle keeps every track finished before it, whole, and leaves
    the track in progress and those after it as they were; `ost match` again goes on from there
    without asking Spotify again for what was done."""
    todo, left_alone = tracks_to_match(db, scope, refresh)
    searcher = Searcher(db, api_factory, market, refresh)
    previous = decisions.stored(db)
    outcomes: list[Outcome] = []
    albums: dict[int, SeasonAlbums] = {}
    for target in targets(db, todo):
        track_id = target.wanted.track_id
        season = target.season
        if season not in albums:
            albums[season] = SeasonAlbums(db, season)
        rejected = decisions.rejected(db, track_id)
        outcome = match_one(target, searcher, rejected, albums[season])
        before = previous.get(track_id) or {}
        outcome.previous = before.get("status")
        outcome.details["uri_changed"] = before.get("uri") != outcome.uri
        if not dry_run:
            save(db, [outcome], previous)
        outcomes.append(outcome)
        if progress:
            progress(outcome)
    return outcomes, searcher.stats, left_alone


def save(
    db: sqlite_utils.Database,
    outcomes: list[Outcome],
    stored: dict[str, dict[str, Any]] | None = None,
) -> int:
    """Save outcomes in one transaction, writing only rows that changed."""
    with db.atomic():
        return decisions.save_found(db, (o.row() for o in outcomes), stored)


def outcome_json(o: Outcome) -> dict[str, Any]:
    out = asdict(o)
    out["changed"] = o.changed
    out.pop("details")
    out.pop("candidates")
    out.pop("evidence")
    out["id"] = out.pop("track_id")
    return out


# --- user decisions --------------------------------------------------------------------------


def match_row(db: sqlite_utils.Database, track_id: str) -> dict[str, Any] | None:
    return decisions.get(db, track_id)


def review_rows(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    out = []
    for m in decisions.waiting_for_review(db):
        track = db.table("tracks").get(m["track_id"])
        out.append(
            {
                "id": m["track_id"],
                "title": track["title"],
                "uri": m["uri"],
                "score": m["score"],
                "reason": m["reason"],
                "evidence": json.loads(m["evidence"] or "[]"),
                "candidates": json.loads(m["candidates"] or "[]"),
            }
        )
    return out


def accept(
    db: sqlite_utils.Database, track_id: str, uri: str | None, api_factory: Callable[[], Api]
) -> dict[str, Any]:
    """Accept the proposed recording, or a given one (looked up if it was no candidate)."""
    current = decisions.get(db, track_id)
    if uri is None:
        if not current or not current["uri"]:
            raise NotFound(
                f"{track_id} has no proposed recording to accept: give a URI "
                f"(`ost accept {track_id} spotify:track:…`)"
            )
        recording = {**current}
    else:
        uri = track_uri(uri)
        recording = decisions.known_candidate(current, uri) or _looked_up(api_factory(), uri)
    row = decisions.accepted_row(track_id, recording, current)
    decisions.accept(db, row)
    return row


def _looked_up(api: Api, uri: str) -> dict[str, Any]:
    """GET /tracks/{id} in both languages (batch lookup is gone for development-mode apps)."""
    recording = recordings.Recording(uri)
    for lang in recordings.LANGUAGES:
        recording.add(lang, api.track(recording.spotify_id, language=lang))
    return decisions.recording_columns(uri, recording.details(), None)


def reject(db: sqlite_utils.Database, track_id: str) -> str:
    current = decisions.get(db, track_id)
    if not current or not current["uri"]:
        raise NotFound(f"{track_id} has no proposed recording to reject")
    decisions.reject(db, current)
    return str(current["uri"])


def pin(db: sqlite_utils.Database, track_id: str, uri: str) -> str:
    uri = track_uri(uri)
    decisions.pin(
        db, decisions.pinned_row(track_id, uri, "pinned by you", decisions.get(db, track_id))
    )
    return uri


def unpin(db: sqlite_utils.Database, track_id: str) -> tuple[str | None, list[str]]:
    """Undo the track's pins, to a Spotify recording and to files of yours, in one transaction:
    (the recording's URI or None, the files' paths). NotFound when nothing was pinned."""
    from ost import library

    current = decisions.get(db, track_id)
    pinned = current is not None and current["status"] == decisions.Status.PINNED
    with db.atomic():
        if pinned:
            decisions.unpin(db, track_id)
        files = library.unpin_files(db, track_id)
    if not pinned and not files:
        raise NotFound(f"{track_id} is not pinned (to a recording or to a file)")
    return (current["uri"] if pinned and current else None), files


def rescore(db: sqlite_utils.Database, track_id: str, row: dict[str, Any]) -> Verdict | None:
    """The scorer's own verdict on a stored match row (None when the row names no recording's
    details, e.g. pinned offline: nothing known to judge)."""
    from ost.match.score import score

    names = tuple(n for n in (row.get("name_ko"), row.get("name_en")) if n)
    if not names:
        return None
    artists = [a for k in ("artists_ko", "artists_en") for a in json.loads(row.get(k) or "[]")]
    candidate = Candidate(
        uri=row["uri"],
        names=names,
        artists=tuple(dict.fromkeys(artists)),
        album=row.get("album") or "",
        album_type=row.get("album_type") or "",
        release_date=row.get("release_date"),
        duration_ms=row.get("duration_ms"),
        isrc=row.get("isrc"),
    )
    (target,) = targets(db, [track_id])
    return score(target.wanted, candidate)


def second_opinion(db: sqlite_utils.Database, track_id: str, row: dict[str, Any]) -> str | None:
    """The scorer's objection to a recording the user chose, if it has one (None otherwise)."""
    verdict = rescore(db, track_id, row)
    if verdict is None:
        return None
    return verdict.reason if verdict.status == decisions.Status.NONE else None
