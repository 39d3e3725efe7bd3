"""Match decisions: the only module that reads and writes the ``matches`` and ``rejections`` tables.

A row of ``matches`` says which recording on a service stands for a catalogue track and why:
found by ``ost match`` (``auto``, ``review``, ``none``) or decided by the user (``accepted``,
``rejected``, ``pinned``). A track has one row per service (``ServiceName``: the key is
``(track_id, service)``, migration m013) and its rejections are per service too: a decision on
one service never touches another's. Every function takes the service, Spotify by default (so
the callers that only ever spoke of Spotify read as before); a row carries its ``service``. The words are ``Status``, whose first three are the scorer's levels
(``ost.match.types.Level``); the sets other modules ask about (what counts as accepted,
what ``ost match`` must leave alone, what a catalogue reload must keep) are defined here once.
A new status is one member of ``Status`` plus its membership in those sets; a new kind of row is
one builder below.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import sqlite_utils

from ost.match.levels import Level
from ost.service import LINKS, ServiceName

SPOTIFY = ServiceName.SPOTIFY


class Status(StrEnum):
    AUTO = Level.AUTO.value  # the scorer is sure
    REVIEW = Level.REVIEW.value  # the scorer has a guess for the user to confirm
    NONE = Level.NONE.value  # nothing acceptable found
    ACCEPTED = "accepted"  # the user confirmed a recording
    REJECTED = "rejected"  # the user refused the proposal; `ost match` looks further
    PINNED = "pinned"  # the user (or an import) named the recording


COUNTS_AS_ACCEPTED = frozenset({Status.AUTO, Status.ACCEPTED, Status.PINNED})
USER_DECISIONS = frozenset({Status.ACCEPTED, Status.PINNED})  # `ost match` never changes these
USER_TOUCHED = USER_DECISIONS | {Status.REJECTED}  # a catalogue reload keeps these tracks
FOUND_BY_MATCH = tuple(Status(level) for level in sorted(Level, reverse=True))  # best first
UNMATCHED = "unmatched"  # no row at all: not a status, the word counts and listings use for it

# Columns a match row carries about its recording (the Spotify names in both languages, etc.).
RECORDING_FIELDS = (
    "name_ko",
    "name_en",
    "artists_ko",
    "artists_en",
    "album",
    "album_en",  # the release's album as Spotify names it in English (exports with --names en)
    "album_type",
    "release_date",
    "duration_ms",
    "isrc",
)
_JSON_FIELDS = ("artists_ko", "artists_en")


# A listing that wants each track's match in its own statement (one query, however many rows)
# joins through these, so the table's name and columns stay this module's to change.


def match_join(service: ServiceName = SPOTIFY, alias: str = "m") -> str:
    """A left join of each track (``t``) to its match on ``service`` (service names are fixed
    words, not input)."""
    name = ServiceName(service).value
    return f"left join matches {alias} on {alias}.track_id = t.id and {alias}.service = '{name}'"


MATCH_JOIN = match_join()  # Spotify's: `match_status` and `spotify_uri` are Spotify's
MATCH_COLUMNS = "m.status as match_status, m.uri as match_uri"
SERVICES_JOIN = " ".join(match_join(s, f"m_{s.value}") for s in ServiceName)
SERVICES_COLUMNS = ", ".join(
    f"m_{s.value}.status as {s.value}_status, m_{s.value}.uri as {s.value}_uri" for s in ServiceName
)
"""Each service's status and recording (``spotify_status``, ``spotify_uri``, ...) beside
``MATCH_COLUMNS``; read them with ``services_of``."""


def services_of(row: Mapping[str, Any]) -> dict[str, dict[str, str | None]]:
    """``{service: {status, id, url}}`` from a row selected with ``SERVICES_COLUMNS``: the id
    and link only where the match counts as accepted (as ``spotify_uri``), nulls where the
    service has no match."""
    out: dict[str, dict[str, str | None]] = {}
    for s in ServiceName:
        status, uri = row[f"{s.value}_status"], row[f"{s.value}_uri"]
        chosen = uri if uri and status in COUNTS_AS_ACCEPTED else None
        track_id = LINKS[s].track_id(chosen) if chosen else None
        out[s.value] = {
            "status": status,
            "id": chosen,
            "url": LINKS[s].url(track_id) if track_id else None,
        }
    return out


def sql_set(statuses: Iterable[Status]) -> str:
    """``('auto', 'accepted', 'pinned')`` for a SQL ``in``: statuses are fixed words, not input."""
    return "(" + ", ".join(f"'{s.value}'" for s in sorted(statuses)) + ")"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# --- row builders --------------------------------------------------------------------------------


def recording_columns(
    uri: str | None, details: Mapping[str, Any], score: float | None
) -> dict[str, Any]:
    """The recording part of a match row, from a recording's details (``Recording.details()``
    or a stored candidate); lists are stored as JSON."""
    row: dict[str, Any] = {"uri": uri, "score": score}
    for key in RECORDING_FIELDS:
        value = details.get(key)
        if key in _JSON_FIELDS:
            value = json.dumps(value, ensure_ascii=False) if value else None
        row[key] = value
    return row


def found_row(
    track_id: str,
    status: Status,
    uri: str | None,
    score: float | None,
    reason: str,
    details: Mapping[str, Any],
    candidates: list[dict[str, Any]],
    evidence: list[dict[str, Any]] | None = None,
    service: ServiceName = SPOTIFY,
) -> dict[str, Any]:
    """What `ost match` concluded about a track; ``evidence``: the scorer's parts for ``uri``."""
    row = recording_columns(uri, details if uri else {}, score if uri else None)
    row.update(
        track_id=track_id,
        service=ServiceName(service).value,
        status=status.value,
        reason=reason,
        candidates=json.dumps(candidates, ensure_ascii=False),
        evidence=json.dumps(evidence, ensure_ascii=False) if uri and evidence else None,
    )
    return row


def pinned_row(
    track_id: str,
    uri: str,
    reason: str,
    current: Mapping[str, Any] | None = None,
    service: ServiceName = SPOTIFY,
) -> dict[str, Any]:
    """A recording named by the user or an import; what a search knew of it is kept
    (``current``: the track's row on the same service)."""
    row = known_candidate(current, uri) or recording_columns(uri, {}, None)
    row.update(
        track_id=track_id,
        service=ServiceName(service).value,
        status=Status.PINNED.value,
        reason=reason,
        updated_at=now(),
    )
    return row


def accepted_row(
    track_id: str,
    recording: Mapping[str, Any],
    current: Mapping[str, Any] | None,
    service: ServiceName = SPOTIFY,
) -> dict[str, Any]:
    row = {**recording}
    row.update(
        track_id=track_id,
        service=ServiceName(service).value,
        status=Status.ACCEPTED.value,
        uri=recording["uri"],
        reason="accepted by you",
        updated_at=now(),
    )
    if current and current.get("candidates"):
        row["candidates"] = current["candidates"]
    return row


def known_candidate(current: Mapping[str, Any] | None, uri: str) -> dict[str, Any] | None:
    """The recording columns for ``uri`` if the last search ranked it (so no lookup is needed)."""
    for c in json.loads((current or {}).get("candidates") or "[]"):
        if c["uri"] == uri:
            return recording_columns(uri, c, c.get("score"))
    return None


# --- reading ---------------------------------------------------------------------------------


def _name(service: ServiceName) -> str:
    return ServiceName(service).value  # a bad name fails here, before any SQL


def get(
    db: sqlite_utils.Database, track_id: str, service: ServiceName = SPOTIFY
) -> dict[str, Any] | None:
    """The stored row of a track on a service, as stored (JSON columns as text)."""
    rows = list(
        db.table("matches").rows_where("track_id = ? and service = ?", [track_id, _name(service)])
    )
    return rows[0] if rows else None


def for_show(
    db: sqlite_utils.Database, track_id: str, service: ServiceName = SPOTIFY
) -> dict[str, Any] | None:
    """The row as `ost show --json` prints it: lists decoded, without the candidates (nor the
    key's columns)."""
    row = get(db, track_id, service)
    return None if row is None else _shown(row)


def for_show_all(db: sqlite_utils.Database, track_id: str) -> dict[str, dict[str, Any] | None]:
    """``for_show`` on every service, by name (None where it has no row), in one statement."""
    rows = {
        r["service"]: r for r in db.query("select * from matches where track_id = ?", [track_id])
    }
    return {s.value: _shown(rows[s.value]) if s.value in rows else None for s in ServiceName}


def _shown(row: dict[str, Any]) -> dict[str, Any]:
    for key in (*_JSON_FIELDS, "evidence"):
        row[key] = json.loads(row[key]) if row.get(key) else None
    return {k: v for k, v in row.items() if k not in ("track_id", "service", "candidates")}


def stored(db: sqlite_utils.Database, service: ServiceName = SPOTIFY) -> dict[str, dict[str, Any]]:
    """Every row of a service by track (what a match run compares its results with)."""
    return {
        r["track_id"]: r for r in db.table("matches").rows_where("service = ?", [_name(service)])
    }


def statuses(db: sqlite_utils.Database, service: ServiceName = SPOTIFY) -> dict[str, str]:
    """Track id -> its match status on a service (tracks with no row left out)."""
    return dict(
        db.execute(
            "select track_id, status from matches where service = ?", [_name(service)]
        ).fetchall()
    )


def user_touched(db: sqlite_utils.Database, track_id: str) -> bool:
    """Whether the user decided anything for the track, on any service (a catalogue reload
    keeps such a track)."""
    return (
        db.execute(
            f"select 1 from matches where track_id = ? and status in {sql_set(USER_TOUCHED)}",
            [track_id],
        ).fetchone()
        is not None
    )


def waiting_for_review(
    db: sqlite_utils.Database, service: ServiceName = SPOTIFY
) -> Iterator[dict[str, Any]]:
    yield from db.table("matches").rows_where(
        "service = ? and status = ?", [_name(service), Status.REVIEW.value], order_by="track_id"
    )


def recordings(
    db: sqlite_utils.Database,
    track_ids: Iterable[str] | None = None,
    service: ServiceName = SPOTIFY,
) -> dict[str, tuple[int | None, str | None, str | None]]:
    """(length, album, English album) of each track's recording on a service, whatever its
    status (playlist entries); of these tracks only when ``track_ids`` is given."""
    sql = "select track_id, duration_ms, album, album_en from matches where service = ?"
    params: list[Any] = [_name(service)]
    if track_ids is not None:
        sql += " and track_id in (select value from json_each(?))"
        params.append(json.dumps(list(track_ids)))
    return {t: (d, a, e) for t, d, a, e in db.execute(sql, params)}


def accepted_lengths(db: sqlite_utils.Database, service: ServiceName = SPOTIFY) -> dict[str, int]:
    """The length of each track's accepted recording on a service, where known."""
    return dict(
        db.execute(
            "select track_id, duration_ms from matches where service = ? and status in "
            f"{sql_set(COUNTS_AS_ACCEPTED)} and duration_ms is not null",
            [_name(service)],
        ).fetchall()
    )


def near_misses(
    db: sqlite_utils.Database, service: ServiceName = SPOTIFY
) -> Iterator[dict[str, Any]]:
    """The ``none`` rows whose last search kept candidates (`ost review` shows the close ones)."""
    yield from db.table("matches").rows_where(
        "service = ? and status = ? and candidates like ?",
        [_name(service), Status.NONE.value, '%"uri"%'],
        order_by="track_id",
    )


def count_near_misses(
    db: sqlite_utils.Database, service: ServiceName = SPOTIFY, *, show: str | None = None
) -> int:
    """How many ``none`` tracks wait in `ost review` (the same rule as ``waiting``)."""
    return sum(r["status"] == Status.NONE for r in waiting(db, service, show=show))


NEAR_MISS_SCORE = 0.3
"""A `none` track waits for review when its best candidate not rejected before scores at least
this much: the same title and artist refused for another reason (an older release, say) scores
about 0.35, another artist's song of the same title about 0.2."""


def open_candidates(candidates: list[dict[str, Any]], refused: Rejected) -> list[dict[str, Any]]:
    """The candidates the user may still pick: the rejected recordings left out, by URI and by
    ISRC (the same recording on another release counts as rejected, as `ost match` counts it)."""
    return [
        c
        for c in candidates
        if c["uri"] not in refused.uris and not (c.get("isrc") and c["isrc"] in refused.isrcs)
    ]


def waiting(
    db: sqlite_utils.Database, service: ServiceName = SPOTIFY, *, show: str | None = None
) -> Iterator[dict[str, Any]]:
    """The one definition of what waits for the user's decision on a service (`ost review`,
    `ost status`, `ost accept TRACK N`): every ``review`` row, and each ``none`` row whose best
    open candidate scores at least ``NEAR_MISS_SCORE`` (of one show's tracks when ``show`` is
    given). Rows by track id, with ``candidates`` decoded and the rejected recordings left out
    (so they are never numbered)."""
    of_show = " and track_id in (select id from tracks where show = ?)" if show else ""
    rows = list(
        db.table("matches").rows_where(
            f"service = ? and (status = ? or (status = ? and candidates like ?)){of_show}",
            [
                _name(service),
                Status.REVIEW.value,
                Status.NONE.value,
                '%"uri"%',
                *([show] if show else []),
            ],
            order_by="track_id",
        )
    )
    refused = rejections(db, [r["track_id"] for r in rows], service)
    for row in rows:
        candidates = open_candidates(
            json.loads(row["candidates"] or "[]"), refused.get(row["track_id"], Rejected())
        )
        best = max((c.get("score") or 0 for c in candidates), default=0.0)
        if row["status"] == Status.NONE and best < NEAR_MISS_SCORE:
            continue
        yield {**row, "candidates": candidates}


def counts_by_season(
    db: sqlite_utils.Database, service: ServiceName = SPOTIFY, *, show: str | None = None
) -> dict[tuple[str, int], dict[str, int]]:
    """(show, season) -> status -> how many of its tracks on a service (``unverified`` tracks
    aside, as `ost match` leaves them), of one show when given; a track with no row counts
    under ``UNMATCHED``."""
    out: dict[tuple[str, int], dict[str, int]] = {}
    for key, season, state, n in db.execute(
        f"""select t.show, t.season, coalesce(m.status, ?), count(*) from tracks t
           {match_join(service)} where t.status != 'unverified'
           {"and t.show = ?" if show else ""}
           group by 1, 2, 3 order by 1, 2""",
        [UNMATCHED, *([show] if show else [])],
    ):
        out.setdefault((key, season), {})[state] = n
    return out


def last_change(
    db: sqlite_utils.Database, service: ServiceName = SPOTIFY, *, show: str | None = None
) -> str | None:
    """When a match row of a service last changed (ISO time), of one show's tracks when given;
    None when there is none."""
    of_show = " and track_id in (select id from tracks where show = ?)" if show else ""
    row = db.execute(
        f"select max(updated_at) from matches where service = ?{of_show}",
        [_name(service), *([show] if show else [])],
    ).fetchone()
    return row[0] if row else None


def track_ids_for_uris(
    db: sqlite_utils.Database, uris: list[str], service: ServiceName = SPOTIFY
) -> dict[str, str]:
    """Recording id -> track id, for the recordings of a service a track is matched or pinned
    to or had rejected (a sync names the track of a recording it removes). Asked in chunks of
    500 ids."""
    out: dict[str, str] = {}
    name = _name(service)
    for i in range(0, len(uris), 500):
        chunk = uris[i : i + 500]
        marks = ", ".join("?" * len(chunk))
        for uri, track_id in db.execute(
            f"""select uri, track_id from matches where service = ? and uri in ({marks})
                union all
                select uri, track_id from rejections where service = ? and uri in ({marks})""",
            [name, *chunk, name, *chunk],
        ):
            out.setdefault(uri, track_id)
    return out


@dataclass(frozen=True)
class Rejected:
    """What the user rejected for a track: recordings by URI, and by ISRC (the same recording
    on another release, such as the later full OST album, is rejected with it)."""

    uris: set[str] = field(default_factory=set)
    isrcs: set[str] = field(default_factory=set)


def rejected(db: sqlite_utils.Database, track_id: str, service: ServiceName = SPOTIFY) -> Rejected:
    rows = list(
        db.table("rejections").rows_where(
            "track_id = ? and service = ?", [track_id, _name(service)]
        )
    )
    return Rejected({r["uri"] for r in rows}, {r["isrc"] for r in rows if r["isrc"]})


def rejections(
    db: sqlite_utils.Database, track_ids: list[str], service: ServiceName = SPOTIFY
) -> dict[str, Rejected]:
    """Track id -> what was rejected for it on a service (ids and ISRCs), for these tracks."""
    out: dict[str, Rejected] = {}
    for i in range(0, len(track_ids), 500):
        chunk = track_ids[i : i + 500]
        marks = ", ".join("?" * len(chunk))
        for track_id, uri, isrc in db.execute(
            "select track_id, uri, isrc from rejections "
            f"where service = ? and track_id in ({marks})",
            [_name(service), *chunk],
        ):
            refused = out.setdefault(track_id, Rejected())
            refused.uris.add(uri)
            if isrc:
                refused.isrcs.add(isrc)
    return out


def rejected_uris(
    db: sqlite_utils.Database, track_ids: list[str], service: ServiceName = SPOTIFY
) -> dict[str, set[str]]:
    """Track id -> the recordings rejected for it on a service, for these tracks only."""
    out: dict[str, set[str]] = {}
    for i in range(0, len(track_ids), 500):
        chunk = track_ids[i : i + 500]
        marks = ", ".join("?" * len(chunk))
        for track_id, uri in db.execute(
            f"select track_id, uri from rejections where service = ? and track_id in ({marks})",
            [_name(service), *chunk],
        ):
            out.setdefault(track_id, set()).add(uri)
    return out


# --- writing (callers own the transaction: `with db.atomic():`) ------------------------------------


def differs(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> bool:
    """Whether writing ``new`` would change the stored row (its time stamp aside)."""
    if old is None:
        return True
    return any(old.get(k) != v for k, v in new.items() if k != "updated_at")


def save_found(
    db: sqlite_utils.Database,
    rows: Iterable[dict[str, Any]],
    old: Mapping[str, Mapping[str, Any]] | None = None,
    service: ServiceName = SPOTIFY,
) -> int:
    """Store `ost match` results on a service, writing only rows that changed (``old``: the
    service's stored rows, when the caller has them); returns how many were written. Each row
    is the service's (a row built for another is refused). The caller owns the transaction."""
    name = _name(service)
    old = stored(db, service) if old is None else old
    written = 0
    for row in rows:
        if row.setdefault("service", name) != name:
            raise ValueError(f"a row of {row['service']} saved as one of {name}")
        if differs(old.get(row["track_id"]), row):
            _write(db, {**row, "updated_at": now()})
            written += 1
    return written


KEY = ("track_id", "service")
"""The key of ``matches``: one row per track and service."""


def _write(db: sqlite_utils.Database, row: dict[str, Any]) -> None:
    db.table("matches").upsert({"service": SPOTIFY.value, **row}, pk=KEY, alter=False)


def accept(db: sqlite_utils.Database, row: dict[str, Any]) -> None:
    """Store an accepted row (``accepted_row``); the recording is no longer rejected there."""
    with db.atomic():
        _write(db, row)
        db.execute(
            "delete from rejections where track_id = ? and service = ? and uri = ?",
            [row["track_id"], row.get("service", SPOTIFY.value), row["uri"]],
        )


def reject(db: sqlite_utils.Database, current: Mapping[str, Any]) -> None:
    """Refuse the proposed recording (by id and ISRC) on the row's service and clear the
    proposal."""
    service = current.get("service") or SPOTIFY.value
    with db.atomic():
        db.table("rejections").upsert(
            {
                "track_id": current["track_id"],
                "service": service,
                "uri": current["uri"],
                "isrc": current.get("isrc"),
                "rejected_at": now(),
            },
            pk=("track_id", "service", "uri"),
        )
        db.table("matches").update(
            (current["track_id"], service),
            {
                "status": Status.REJECTED.value,
                "uri": None,
                "score": None,
                "reason": f"you rejected {current['uri']}; "
                f"`ost match{ServiceName(service).option}` looks further",
                "updated_at": now(),
            },
        )


def pin(db: sqlite_utils.Database, row: dict[str, Any]) -> None:
    with db.atomic():
        _write(db, row)


def pin_all(db: sqlite_utils.Database, rows: list[dict[str, Any]]) -> None:
    """Pins from an import, inside the importer's transaction."""
    if rows:
        db.table("matches").upsert_all(
            [{"service": SPOTIFY.value, **r} for r in rows], pk=KEY, alter=False
        )


def unpin(db: sqlite_utils.Database, track_id: str, service: ServiceName = SPOTIFY) -> None:
    """Forget the track's row on a service (the next `ost match` searches again there)."""
    with db.atomic():
        db.execute(
            "delete from matches where track_id = ? and service = ?", [track_id, _name(service)]
        )


def forget_track(db: sqlite_utils.Database, track_id: str) -> None:
    """A track leaves the catalogue: its matches and rejections on every service go with it."""
    for table in ("matches", "rejections"):
        db.execute(f"delete from {table} where track_id = ?", [track_id])


def imported_uri(
    track_id: str, uri: str, matched_uri: str | None, when: str
) -> dict[str, Any] | None:
    """The rule for an imported ``spotify_uri``: the recording already matched (however it was
    matched) changes nothing, so a round trip through `ost tracks --csv` keeps an ``auto`` match
    ``auto``; a different one pins."""
    if uri == matched_uri:
        return None
    return {
        "track_id": track_id,
        "service": SPOTIFY.value,
        "status": Status.PINNED.value,
        "uri": uri,
        "reason": "pinned by import",
        "updated_at": when,
    }


# --- discovery (ost discover): the service's evidence ----------------------------------------------


def confirmed_row(
    current: Mapping[str, Any], reason: str, evidence: list[dict[str, Any]]
) -> dict[str, Any]:
    """A waiting match confirmed by the service's evidence (an OST album accepted for the
    track's season holds its recording): it becomes ``auto``; the reason says what confirmed it.
    Only a ``review`` row may be confirmed: a user's decision is never changed."""
    if current.get("status") != Status.REVIEW:
        raise ValueError(f"only a waiting match is confirmed, not {current.get('status')}")
    return {
        "track_id": current["track_id"],
        "service": current.get("service") or SPOTIFY.value,
        "status": Status.AUTO.value,
        "reason": reason,
        "evidence": json.dumps(evidence, ensure_ascii=False),
    }


def discovered_row(
    track_id: str,
    uri: str,
    reason: str,
    details: Mapping[str, Any],
    evidence: list[dict[str, Any]],
) -> dict[str, Any]:
    """The match of a song `ost discover --add` added: the recording on the accepted album."""
    return found_row(track_id, Status.AUTO, uri, None, reason, details, [], evidence)
