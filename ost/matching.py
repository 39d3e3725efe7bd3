"""`ost match` and the user's decisions: catalogue tracks to Spotify recordings.

Fetching (Spotify searches, cached in SQLite) is apart from judging (the pure scorer in
``ost.match.score``) and from saving (one upsert per track, as soon as it is judged, so that a run
stopped by a rate limit keeps everything it already did).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import sqlite_utils

from ost import catalogue
from ost.errors import InputError, NotFound
from ost.match.score import choose
from ost.match.types import Candidate, Verdict, Wanted
from ost.text import fold

if TYPE_CHECKING:
    from ost.spotify.api import Api

LANGUAGES = ("ko", "en")
CACHE_TTL_S = 30 * 86400
MAX_QUERIES_PER_TRACK = 8
KEEP_CANDIDATES = 5  # ranked candidates kept for `ost review`
USER_DECISIONS = ("accepted", "pinned")  # `ost match` never changes these
ACCEPTED = ("auto", "accepted", "pinned")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def track_uri(text: str) -> str:
    """A track URI from a URI or an open.spotify.com link; anything else is refused."""
    uri = catalogue.parse_track_uri(text)
    if uri is None:
        raise InputError(
            f"'{text}' is not a Spotify track URI (spotify:track:<22 characters>) or link"
        )
    return uri


# --- what we look for ----------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A catalogue track to match: the scorer's view plus what the queries need."""

    wanted: Wanted
    title: str
    title_en: str | None
    artists: list[dict[str, Any]]  # {name, name_en, aliases}
    artist_uncertain: bool


def targets(db: sqlite_utils.Database, track_ids: list[str]) -> list[Target]:
    rows = {r["id"]: r for r in db.query("select * from tracks")}
    by_track = catalogue.artists_by_track(db)
    windows = {s: catalogue.season_window(db, s) for s in {rows[t]["season"] for t in track_ids}}
    seasons = {r["number"]: r for r in db.table("seasons").rows}
    return [
        _target(
            rows[t], by_track.get(t, []), windows[rows[t]["season"]], seasons.get(rows[t]["season"])
        )
        for t in track_ids
    ]


def _target(
    row: dict[str, Any],
    artists: list[dict[str, Any]],
    window: tuple[date, date] | None,
    season: dict[str, Any] | None,
) -> Target:
    titles = [row["title"], row["title_en"], *json.loads(row["aliases"] or "[]")]
    names = [tuple(dict.fromkeys(catalogue.artist_names(a))) for a in artists]
    season = season or {}
    hints = tuple(h for h in (season.get("title"), season.get("title_en")) if h)
    wanted = Wanted(
        track_id=row["id"],
        titles=tuple(dict.fromkeys(t for t in titles if t)),
        artists=tuple(names),
        release_date=date.fromisoformat(row["release_date"]) if row["release_date"] else None,
        window=window,
        album_hints=hints,
    )
    return Target(
        wanted,
        row["title"],
        row["title_en"],
        [
            {
                "name": a["name"],
                "name_en": a["name_en"],
                "aliases": json.loads(a["aliases"] or "[]"),
            }
            for a in artists
        ],
        "artists" in json.loads(row["uncertain"] or "{}"),
    )


def _quote(text: str) -> str:
    return '"' + text.replace('"', " ").strip() + '"'


def query_plan(target: Target) -> Iterator[list[tuple[str, str]]]:
    """Rounds of (language, query). A round is only searched when the earlier found nothing right.

    1. the title and first artist, field-filtered, in Korean and in English;
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
    yield [("ko", ko), ("en", en)]
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
    """Search results by (query, language, market), from the cache or from Spotify."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        api_factory: Callable[[], Api],
        market: str | None,
        refresh: bool,
    ):
        self.db, self.api_factory, self.market, self.refresh = db, api_factory, market, refresh
        self._api: Api | None = None
        self.stats = Stats()

    @property
    def api(self) -> Api:
        if (
            self._api is None
        ):  # no credentials are needed, and no token asked for, when all is cached
            self._api = self.api_factory()
        return self._api

    def search(self, query: str, language: str) -> list[dict[str, Any]]:
        key = json.dumps([query, "track", language, self.market], ensure_ascii=False)
        row = self.db.execute(
            "select response, fetched_at from search_cache where key = ?", [key]
        ).fetchone()
        if row and not self.refresh and time.time() - row[1] < CACHE_TTL_S:
            cached = _cached_items(row[0])
            if cached is not None:
                self.stats.cached += 1
                return cached
            # an entry ost cannot read (damaged, or from an older ost): dropped, fetched again
        before = self.api.requests
        items = (
            self.api.search_tracks(query, language=language, market=self.market).get("items") or []
        )
        self.stats.requests += self.api.requests - before
        self.db.table("search_cache").upsert(
            {
                "key": key,
                "response": json.dumps(items, ensure_ascii=False),
                "fetched_at": time.time(),
            },
            pk="key",
        )
        self.db.conn.commit()
        return items


def _cached_items(text: str) -> list[dict[str, Any]] | None:
    from ost.spotify.items import readable_track_items

    try:
        items = json.loads(text)
    except ValueError:
        return None
    return list(items) if readable_track_items(items) else None


def candidates_from(results: list[tuple[str, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """Merge search hits by URI, keeping each language's names."""
    merged: dict[str, dict[str, Any]] = {}
    for language, item in results:
        if item and item.get("uri"):
            merged.setdefault(item["uri"], {})[language] = item
    return merged


def to_candidate(uri: str, by_lang: dict[str, dict[str, Any]]) -> Candidate:
    items = [by_lang[lang] for lang in LANGUAGES if lang in by_lang]
    first = items[0]
    album = first.get("album") or {}
    return Candidate(
        uri=uri,
        names=tuple(dict.fromkeys(i["name"] for i in items)),
        artists=tuple(dict.fromkeys(a["name"] for i in items for a in i.get("artists", []))),
        album=album.get("name", ""),
        album_type=album.get("album_type", ""),
        release_date=album.get("release_date"),
        duration_ms=first.get("duration_ms"),
        isrc=(first.get("external_ids") or {}).get("isrc"),
    )


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

    @property
    def changed(self) -> bool:
        return self.previous != self.status or bool(self.details.get("uri_changed"))


@dataclass(frozen=True)
class Rejected:
    """What the user rejected for a track: recordings by URI, and by ISRC (the same recording
    on another release, such as the later full OST album, is rejected with it)."""

    uris: set[str] = field(default_factory=set)
    isrcs: set[str] = field(default_factory=set)

    def covering(self, seen: dict[str, dict[str, Any]]) -> set[str]:
        same_recording = {uri for uri, by_lang in seen.items() if _isrc(by_lang) in self.isrcs}
        return self.uris | same_recording


def _isrc(by_lang: dict[str, dict[str, Any]]) -> str | None:
    first = by_lang.get("ko") or by_lang.get("en") or {}
    return (first.get("external_ids") or {}).get("isrc")


def match_one(target: Target, searcher: Searcher, rejected: Rejected | None = None) -> Outcome:
    rejected = rejected or Rejected()
    seen: dict[str, dict[str, Any]] = {}
    best: Verdict | None = None
    ranked: list[Verdict] = []
    queries = 0
    for round_ in query_plan(target):
        if queries + len(round_) > MAX_QUERIES_PER_TRACK:
            break
        hits = [(lang, item) for lang, q in round_ for item in searcher.search(q, lang)]
        queries += len(round_)
        for uri, by_lang in candidates_from(hits).items():
            seen.setdefault(uri, {}).update(by_lang)
        refused = rejected.covering(seen)
        best, ranked = choose(target.wanted, [to_candidate(u, b) for u, b in seen.items()], refused)
        if best is not None and best.status == "auto":
            break
    return _outcome(target, best, ranked, seen, queries, rejected.covering(seen))


def _outcome(
    target: Target,
    best: Verdict | None,
    ranked: list[Verdict],
    seen: dict[str, dict[str, Any]],
    queries: int,
    rejected: set[str],
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
            "none",
            None,
            None,
            f"Nothing acceptable on Spotify. Closest: {why}" if fresh else why,
            queries=queries,
            candidates=kept,
        )
    status, reason = best.status, best.reason
    if status == "auto" and target.artist_uncertain:
        status = "review"
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
        details=_details(seen[best.candidate.uri]),
    )


def _details(by_lang: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The recording as Spotify names it, in each language its searches answered in."""
    first = by_lang.get("ko") or by_lang["en"]
    album = first.get("album") or {}
    return {
        "name_ko": by_lang["ko"]["name"] if "ko" in by_lang else None,
        "name_en": by_lang["en"]["name"] if "en" in by_lang else None,
        "artists_ko": [a["name"] for a in by_lang["ko"]["artists"]] if "ko" in by_lang else None,
        "artists_en": [a["name"] for a in by_lang["en"]["artists"]] if "en" in by_lang else None,
        "album": album.get("name"),
        "album_type": album.get("album_type"),
        "release_date": album.get("release_date"),
        "duration_ms": first.get("duration_ms"),
        "isrc": (first.get("external_ids") or {}).get("isrc"),
    }


def _candidate_record(v: Verdict, by_lang: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {
        "uri": v.candidate.uri,
        "score": round(v.score, 3),
        "status": v.status,
        "reason": v.reason,
        "flags": list(v.flags),
        **_details(by_lang),
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
    skip = set(USER_DECISIONS) | (set() if refresh else {"auto"})
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
    """Match every track in scope that has no accepted match. Saved one by one unless dry_run."""
    todo, left_alone = tracks_to_match(db, scope, refresh)
    searcher = Searcher(db, api_factory, market, refresh)
    previous = {
        t: (status, uri)
        for t, status, uri in db.execute("select track_id, status, uri from matches")
    }
    outcomes = []
    for target in targets(db, todo):
        track_id = target.wanted.track_id
        rows = list(db.table("rejections").rows_where("track_id = ?", [track_id]))
        rejected = Rejected({r["uri"] for r in rows}, {r["isrc"] for r in rows if r["isrc"]})
        outcome = match_one(target, searcher, rejected)
        outcome.previous, previous_uri = previous.get(track_id, (None, None))
        outcome.details["uri_changed"] = previous_uri != outcome.uri
        if not dry_run:
            save(db, outcome)
        outcomes.append(outcome)
        if progress:
            progress(outcome)
    return outcomes, searcher.stats, left_alone


def save(db: sqlite_utils.Database, o: Outcome) -> None:
    row = (
        _row_from_details(o.uri, o.details, o.score) if o.uri else _row_from_details(None, {}, None)
    )
    row.update(
        {
            "track_id": o.track_id,
            "status": o.status,
            "reason": o.reason,
            "candidates": json.dumps(o.candidates, ensure_ascii=False),
            "updated_at": now(),
        }
    )
    with db.conn:
        db.table("matches").upsert(row, pk="track_id")


def outcome_json(o: Outcome) -> dict[str, Any]:
    out = asdict(o)
    out["changed"] = o.changed
    out.pop("details")
    out.pop("candidates")
    out["id"] = out.pop("track_id")
    return out


# --- user decisions --------------------------------------------------------------------------


def match_row(db: sqlite_utils.Database, track_id: str) -> dict[str, Any] | None:
    rows = list(db.table("matches").rows_where("track_id = ?", [track_id]))
    return rows[0] if rows else None


def review_rows(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    out = []
    for m in db.table("matches").rows_where("status = 'review'", order_by="track_id"):
        track = db.table("tracks").get(m["track_id"])
        out.append(
            {
                "id": m["track_id"],
                "title": track["title"],
                "uri": m["uri"],
                "score": m["score"],
                "reason": m["reason"],
                "candidates": json.loads(m["candidates"] or "[]"),
            }
        )
    return out


def accept(
    db: sqlite_utils.Database, track_id: str, uri: str | None, api_factory: Callable[[], Api]
) -> dict[str, Any]:
    """Accept the proposed recording, or a given one (looked up if it was no candidate)."""
    current = match_row(db, track_id)
    if uri is None:
        if not current or not current["uri"]:
            raise NotFound(
                f"{track_id} has no proposed recording to accept: give a URI "
                f"(`ost accept {track_id} spotify:track:…`)"
            )
        row = {**current}
    else:
        uri = track_uri(uri)
        row = _known_candidate(current, uri) or _looked_up(api_factory(), uri)
    row.update(
        {
            "track_id": track_id,
            "status": "accepted",
            "uri": row["uri"],
            "reason": "accepted by you",
            "updated_at": now(),
        }
    )
    if current and current.get("candidates"):
        row["candidates"] = current["candidates"]
    with db.conn:
        db.table("matches").upsert(row, pk="track_id", alter=False)
        db.execute("delete from rejections where track_id = ? and uri = ?", [track_id, row["uri"]])
    return row


def _known_candidate(current: dict[str, Any] | None, uri: str) -> dict[str, Any] | None:
    for c in json.loads((current or {}).get("candidates") or "[]"):
        if c["uri"] == uri:
            return _row_from_details(uri, c, c.get("score"))
    return None


def _row_from_details(uri: str | None, d: dict[str, Any], score: float | None) -> dict[str, Any]:
    return {
        "uri": uri,
        "score": score,
        "name_ko": d.get("name_ko"),
        "name_en": d.get("name_en"),
        "artists_ko": json.dumps(d["artists_ko"], ensure_ascii=False)
        if d.get("artists_ko")
        else None,
        "artists_en": json.dumps(d["artists_en"], ensure_ascii=False)
        if d.get("artists_en")
        else None,
        "album": d.get("album"),
        "album_type": d.get("album_type"),
        "release_date": d.get("release_date"),
        "duration_ms": d.get("duration_ms"),
        "isrc": d.get("isrc"),
    }


def _looked_up(api: Api, uri: str) -> dict[str, Any]:
    """GET /tracks/{id} in both languages (batch lookup is gone for development-mode apps)."""
    track_id = uri.rsplit(":", 1)[1]
    by_lang = {lang: api.track(track_id, language=lang) for lang in LANGUAGES}
    return _row_from_details(uri, _details(by_lang), None)


def reject(db: sqlite_utils.Database, track_id: str) -> str:
    current = match_row(db, track_id)
    if not current or not current["uri"]:
        raise NotFound(f"{track_id} has no proposed recording to reject")
    with db.conn:
        db.table("rejections").upsert(
            {
                "track_id": track_id,
                "uri": current["uri"],
                "isrc": current.get("isrc"),
                "rejected_at": now(),
            },
            pk=("track_id", "uri"),
        )
        db.table("matches").update(
            track_id,
            {
                "status": "rejected",
                "uri": None,
                "score": None,
                "reason": f"you rejected {current['uri']}; `ost match` looks further",
                "updated_at": now(),
            },
        )
    return str(current["uri"])


def pin(db: sqlite_utils.Database, track_id: str, uri: str) -> str:
    uri = track_uri(uri)
    current = match_row(db, track_id)
    row = _known_candidate(current, uri) or _row_from_details(uri, {}, None)
    row.update(
        {"track_id": track_id, "status": "pinned", "reason": "pinned by you", "updated_at": now()}
    )
    with db.conn:
        db.table("matches").upsert(row, pk="track_id")
    return uri


def unpin(db: sqlite_utils.Database, track_id: str) -> None:
    current = match_row(db, track_id)
    if not current or current["status"] != "pinned":
        raise NotFound(f"{track_id} is not pinned")
    with db.conn:
        db.execute("delete from matches where track_id = ?", [track_id])


def wanted_with_durations(db: sqlite_utils.Database) -> list[Wanted]:
    """Every catalogue track as the scorer sees it, with the length of its accepted recording
    where one is known (local files are then judged on length too)."""
    from dataclasses import replace

    ids = [r["id"] for r in db.query("select id from tracks order by season, ord, id")]
    lengths = {
        r["track_id"]: r["duration_ms"]
        for r in db.query(
            "select track_id, duration_ms from matches where status in ('auto','accepted','pinned') "
            "and duration_ms is not null"
        )
    }
    return [replace(t.wanted, duration_ms=lengths.get(t.wanted.track_id)) for t in targets(db, ids)]


def second_opinion(db: sqlite_utils.Database, track_id: str, row: dict[str, Any]) -> str | None:
    """The scorer's objection to a recording the user chose, if it has one (None otherwise)."""
    from ost.match.score import score

    names = tuple(n for n in (row.get("name_ko"), row.get("name_en")) if n)
    if not names:
        return None  # pinned offline: nothing known to judge
    artists = [a for k in ("artists_ko", "artists_en") for a in json.loads(row.get(k) or "[]")]
    candidate = Candidate(
        uri=row["uri"],
        names=names,
        artists=tuple(dict.fromkeys(artists)),
        album=row.get("album") or "",
        album_type=row.get("album_type") or "",
        release_date=row.get("release_date"),
        duration_ms=row.get("duration_ms"),
    )
    (target,) = targets(db, [track_id])
    verdict = score(target.wanted, candidate)
    return verdict.reason if verdict.status == "none" else None
