"""Reading the ``matches`` and ``rejections`` tables: a track's row, what waits for the user, the
counts, the rejected recordings, and the join fragments a listing reads each track's match
through (so the table's name and columns stay this package's to change).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from ost.decisions.rows import JSON_FIELDS
from ost.decisions.status import COUNTS_AS_ACCEPTED, UNMATCHED, USER_TOUCHED, Status, sql_set
from ost.service import LINKS, ServiceName

SPOTIFY = ServiceName.SPOTIFY

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
        out[s.value] = {"status": status, "id": chosen, "url": LINKS[s].recording_url(chosen)}
    return out


def service_key(service: ServiceName) -> str:
    return ServiceName(service).value  # a bad name fails here, before any SQL


def get(
    db: sqlite_utils.Database, track_id: str, service: ServiceName = SPOTIFY
) -> dict[str, Any] | None:
    """The stored row of a track on a service, as stored (JSON columns as text)."""
    rows = list(
        db.table("matches").rows_where(
            "track_id = ? and service = ?", [track_id, service_key(service)]
        )
    )
    return rows[0] if rows else None


def for_show_all(db: sqlite_utils.Database, track_id: str) -> dict[str, dict[str, Any] | None]:
    """Each service's row of a track as `ost show --json` prints it (lists decoded, without the
    candidates nor the key's columns), by service name (None where it has no row), in one
    statement."""
    rows = {
        r["service"]: r for r in db.query("select * from matches where track_id = ?", [track_id])
    }
    refused: dict[str, set[str]] = {}
    for r in db.query("select service, uri from rejections where track_id = ?", [track_id]):
        refused.setdefault(r["service"], set()).add(r["uri"])
    return {
        s.value: _shown(rows[s.value], refused.get(s.value, set())) if s.value in rows else None
        for s in ServiceName
    }


CLOSEST_SHOWN = 3
"""The candidates `ost show` lists for a track rated none (review lists only near misses)."""


def _shown(row: dict[str, Any], refused: set[str]) -> dict[str, Any]:
    for key in (*JSON_FIELDS, "evidence"):
        row[key] = json.loads(row[key]) if row.get(key) else None
    out = {k: v for k, v in row.items() if k not in ("track_id", "service", "candidates")}
    if row["status"] == Status.NONE:  # nothing proposed: the closest are what a user may take
        offered = json.loads(row.get("candidates") or "[]")  # less those the user rejected
        ranked = sorted(
            (c for c in offered if c.get("uri") not in refused),
            key=lambda c: -(c.get("score") or 0),
        )
        out["closest"] = [_brief(c) for c in ranked[:CLOSEST_SHOWN]]
    return out


def _brief(c: dict[str, Any]) -> dict[str, Any]:
    keys = ("uri", "name_ko", "name_en", "artists_ko", "artists_en", "score", "reason")
    return {k: c.get(k) for k in keys}


def stored(db: sqlite_utils.Database, service: ServiceName = SPOTIFY) -> dict[str, dict[str, Any]]:
    """Every row of a service by track (what a match run compares its results with)."""
    return {
        r["track_id"]: r
        for r in db.table("matches").rows_where("service = ?", [service_key(service)])
    }


def statuses(db: sqlite_utils.Database, service: ServiceName = SPOTIFY) -> dict[str, str]:
    """Track id -> its match status on a service (tracks with no row left out)."""
    return dict(
        db.execute(
            "select track_id, status from matches where service = ?", [service_key(service)]
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
        "service = ? and status = ?",
        [service_key(service), Status.REVIEW.value],
        order_by="track_id",
    )


def recordings(
    db: sqlite_utils.Database,
    track_ids: Iterable[str] | None = None,
    service: ServiceName = SPOTIFY,
) -> dict[str, tuple[int | None, str | None, str | None]]:
    """(length, album, English album) of each track's recording on a service, whatever its
    status (playlist entries); of these tracks only when ``track_ids`` is given."""
    sql = "select track_id, duration_ms, album, album_en from matches where service = ?"
    params: list[Any] = [service_key(service)]
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
            [service_key(service)],
        ).fetchall()
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
                service_key(service),
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
        [service_key(service), *([show] if show else [])],
    ).fetchone()
    return row[0] if row else None


def track_ids_for_uris(
    db: sqlite_utils.Database, uris: list[str], service: ServiceName = SPOTIFY
) -> dict[str, str]:
    """Recording id -> track id, for the recordings of a service a track is matched or pinned
    to or had rejected (a sync names the track of a recording it removes). Asked in chunks of
    500 ids."""
    out: dict[str, str] = {}
    name = service_key(service)
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


def known_recording(
    db: sqlite_utils.Database, uri: str, service: ServiceName = SPOTIFY
) -> dict[str, Any] | None:
    """The recording columns of ``uri`` as any track's row on the service knows them (matched
    to it, or ranked among its candidates), with no score; None when no row names its title."""
    from ost.decisions.rows import recording_columns

    name = service_key(service)
    row = db.execute(
        "select * from matches where service = ? and uri = ? "
        "and coalesce(name_ko, name_en) is not null limit 1",
        [name, uri],
    )
    columns = [d[0] for d in row.description]
    found = row.fetchone()
    if found:
        return recording_columns(uri, _details(dict(zip(columns, found, strict=True))), None)
    quoted = json.dumps(uri)
    for (candidates,) in db.execute(
        "select candidates from matches where service = ? and instr(candidates, ?) > 0",
        [name, quoted],
    ):
        for c in json.loads(candidates or "[]"):
            if c.get("uri") == uri:
                return recording_columns(uri, c, None)
    return None


def _details(row: dict[str, Any]) -> dict[str, Any]:
    """A stored row's recording columns as details (its JSON lists read)."""
    return {k: json.loads(v) if k in JSON_FIELDS and v else v for k, v in row.items()}


@dataclass(frozen=True)
class Rejected:
    """What the user rejected for a track: recordings by URI, and by ISRC (the same recording
    on another release, such as the later full OST album, is rejected with it)."""

    uris: set[str] = field(default_factory=set)
    isrcs: set[str] = field(default_factory=set)


def rejected(db: sqlite_utils.Database, track_id: str, service: ServiceName = SPOTIFY) -> Rejected:
    rows = list(
        db.table("rejections").rows_where(
            "track_id = ? and service = ?", [track_id, service_key(service)]
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
            [service_key(service), *chunk],
        ):
            refused = out.setdefault(track_id, Rejected())
            refused.uris.add(uri)
            if isrc:
                refused.isrcs.add(isrc)
    return out
