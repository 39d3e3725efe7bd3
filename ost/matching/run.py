"""`ost match`: catalogue tracks to a service's recordings, with reasons.

Fetching (``search.Searcher``: the service's searches through the port, cached in SQLite) is
apart from judging (the pure scorer in ``ost.match.score``) and from saving (``save``: the run's
rows in one transaction, only those that changed, through ``ost.decisions``, which owns the
``matches`` table). A run stopped by a rate limit still saves what it judged before the stop.
The user's decisions on what a run found are in ``ost.matching.decide``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import sqlite_utils

from ost import catalogue, decisions
from ost.catalogue import Target, targets
from ost.discover.evidence import AlbumRecording, SeasonAlbums, confirmation_part
from ost.fetch import Stats
from ost.match.score import DATE_PART, choose
from ost.match.types import Verdict
from ost.matching.search import MAX_QUERIES_PER_TRACK, Searcher, query_plan
from ost.service import LINKS, ServiceName
from ost.service.protocols import RecordingSearch
from ost.service.recordings import Recording, merge

KEEP_CANDIDATES = 5  # ranked candidates kept for `ost review`
DATING_ROUNDS = 3
"""At most this many rounds of dating by album a judging (each dates at most KEEP_CANDIDATES;
one refused by its year lets the next in): a title many of an artist's older songs share
costs a bounded number of reads."""


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
    show: str = catalogue.BUNDLED_SHOW  # the key of the track's show
    service: ServiceName = ServiceName.SPOTIFY  # whose recording `uri` is

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
            self.service,
        )


def covering(rejected: decisions.Rejected, seen: dict[str, Recording]) -> set[str]:
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
    seen: dict[str, Recording] = {}
    best: Verdict | None = None
    ranked: list[Verdict] = []
    asked: set[str] = set()
    for round_ in query_plan(target, searcher.service):
        round_ = [(lang, q) for lang, q in round_ if q not in asked]
        if not round_:
            continue
        if len(asked) + len(round_) > MAX_QUERIES_PER_TRACK:
            break
        for lang, q in round_:
            asked.add(q)
            answered_in, renderings = searcher.search(q, lang)
            merge(seen, answered_in, renderings)
        best, ranked = judge(target, searcher, seen, covering(rejected, seen))
        if best is not None and best.status == decisions.Status.AUTO:
            break
    refused = covering(rejected, seen)
    top = best or next((v for v in ranked if v.candidate.uri not in refused), None)
    if top is not None and seen[top.candidate.uri].missing_languages():
        # Name the chosen (or closest) recording in both languages, and judge it so named.
        searcher.complete(seen[top.candidate.uri])
        best, ranked = judge(target, searcher, seen, refused)
    service = searcher.service.name
    return _outcome(target, best, ranked, seen, len(asked), refused, albums, service)


def judge(
    target: Target, searcher: Searcher, seen: dict[str, Recording], refused: set[str]
) -> tuple[Verdict | None, list[Verdict]]:
    """Rank what the searches found. Where the service dates only albums (YouTube Music), the
    recordings the ranking keeps that a date could still change (none refused on other grounds)
    are dated first by their album, and all ranked again until those kept are dated: a
    same-titled older song is refused by its year, and the right one's year supports it."""
    for _ in range(DATING_ROUNDS):
        best, ranked = choose(target.wanted, [r.candidate() for r in seen.values()], refused)
        undated = [
            seen[v.candidate.uri]
            for v in ranked[:KEEP_CANDIDATES]
            if v.candidate.uri not in refused
            and not _refused_but_for_date(v)
            and searcher.datable(seen[v.candidate.uri])
        ]
        if not undated:
            return best, ranked
        for recording in undated:
            searcher.date(recording)
    return choose(target.wanted, [r.candidate() for r in seen.values()], refused)


def _refused_but_for_date(verdict: Verdict) -> bool:
    return any(p.refusal for p in verdict.parts if p.name != DATE_PART)


def _from_albums(
    target: Target, albums: SeasonAlbums, rejected: decisions.Rejected
) -> Outcome | None:
    """An ``auto`` outcome from the accepted albums' tracks, or None (then ost searches)."""
    seen = {r.uri: r for r in albums.recordings}
    refused = rejected.uris | {u for u, r in seen.items() if r.isrc and r.isrc in rejected.isrcs}
    best, ranked = choose(target.wanted, [r.candidate() for r in seen.values()], refused)
    # the albums' service is the recording's
    outcome = _outcome(target, best, ranked, seen, 0, refused, albums, albums.service)
    return outcome if outcome.status == decisions.Status.AUTO else None


def _outcome(
    target: Target,
    best: Verdict | None,
    ranked: list[Verdict],
    seen: Mapping[str, Recording | AlbumRecording],
    queries: int,
    rejected: set[str],
    albums: SeasonAlbums | None = None,
    service: ServiceName = ServiceName.SPOTIFY,
) -> Outcome:
    where = LINKS[service].label
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
            f"Nothing acceptable on {where}. Closest: {why}" if fresh else why,
            queries=queries,
            candidates=kept,
            show=target.show,
            service=service,
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
            reason += (
                " The catalogue's artist credit is uncertain: confirm with "
                f"`ost accept{service.option}`."
            )
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
        show=target.show,
        service=service,
    )


def _candidate_record(v: Verdict, recording: Recording | AlbumRecording) -> dict[str, Any]:
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
    show: str | None = None  # None: every show


def tracks_to_match(
    db: sqlite_utils.Database,
    scope: Scope,
    refresh: bool,
    service: ServiceName = ServiceName.SPOTIFY,
) -> tuple[list[str], int]:
    """Track ids needing a search on a service, and how many in scope were left alone (decided
    or matched there)."""
    rows = list(
        catalogue.iter_tracks(
            db, show=scope.show, seasons=scope.seasons, include_unverified=scope.include_unverified
        )
    )
    status = decisions.statuses(db, service)
    skip = set(decisions.USER_DECISIONS) | (set() if refresh else {decisions.Status.AUTO})
    todo = [r["id"] for r in rows if status.get(r["id"]) not in skip]
    return todo, len(rows) - len(todo)


def run_match(
    db: sqlite_utils.Database,
    service: RecordingSearch,
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
    without asking the service again for what was done."""
    todo, left_alone = tracks_to_match(db, scope, refresh, service.name)
    searcher = Searcher(db, service, market, refresh)
    previous = decisions.stored(db, service.name)
    outcomes: list[Outcome] = []
    albums: dict[tuple[str, int], SeasonAlbums | None] = {}
    for target in targets(db, todo):
        track_id = target.wanted.track_id
        season = (target.show, target.season)
        if season not in albums:  # the albums discovery accepted on this run's service
            albums[season] = SeasonAlbums(db, target.season, target.show, service.name)
        rejected = decisions.rejected(db, track_id, service.name)
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
    """Save outcomes (of one service) in one transaction, writing only rows that changed."""
    service = outcomes[0].service if outcomes else ServiceName.SPOTIFY
    with db.atomic():
        return decisions.save_found(db, (o.row() for o in outcomes), stored, service)


def outcome_json(o: Outcome) -> dict[str, Any]:
    out = asdict(o)
    out["changed"] = o.changed
    out.pop("details")
    out.pop("candidates")
    out.pop("evidence")
    out.pop("service")  # the command's --service: its JSON is the same on every service
    out["id"] = out.pop("track_id")
    return out
