"""What `ost discover` writes, inside the run's one transaction: waiting matches an accepted
album confirms, and (with ``--add``) the new songs as `discovered` tracks with their match.
Match rows go through ``ost.decisions``; tracks and artists through the catalogue's one writer
(``ost.catalogue.store``), inserted, never updated (but for the order of discovered songs), so
no track a user imported or decided is touched.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from datetime import date
from typing import TYPE_CHECKING, Any

import sqlite_utils

from ost import dates, decisions, matching
from ost.catalogue.queries import artist_names
from ost.catalogue.store import BUNDLED_SHOW, Kind, Origin, TrackStatus, Writer
from ost.discover import store
from ost.discover.evidence import (
    AlbumRecording,
    SeasonAlbums,
    confirmation_part,
    discovery_part,
)
from ost.discover.listing import release_place
from ost.discover.rules import AlbumVerdict, Listing, artist_keys, credited_keys
from ost.match.normalize import has_hangul
from ost.match.release import parse_release_date
from ost.service import LINKS, ServiceName
from ost.service.albums import ArtistRef

if TYPE_CHECKING:
    from ost.discover.run import SeasonResult


# --- confirming waiting matches --------------------------------------------------------------


def confirm_waiting(
    db: sqlite_utils.Database,
    season: int,
    show: str = BUNDLED_SHOW,
    service: ServiceName = store.SERVICE,
) -> list[dict[str, Any]]:
    """Re-decide the season's waiting matches on the service that one of its accepted albums
    confirms: those the scorer would accept but for the catalogue's uncertain credit or title.
    Never a user's decision, nor another service's row."""
    done = []
    albums = SeasonAlbums(db, season, show, service)
    for row in list(decisions.waiting_for_review(db, service)):
        track = db.table("tracks").get(row["track_id"])
        if track["season"] != season or track["show"] != show:
            continue
        uncertain = json.loads(track["uncertain"] or "{}")
        why = albums.confirming(row["uri"], row.get("isrc"), uncertain)
        verdict = matching.rescore(db, row["track_id"], row) if why else None
        if why is None or verdict is None or verdict.status != decisions.Status.AUTO:
            continue
        reason = f"{verdict.reason} The catalogue's {why}."
        parts = [p.as_dict() for p in verdict.parts] + [confirmation_part(why)]
        decisions.save_found(db, [decisions.confirmed_row(row, reason, parts)], service=service)
        done.append({"id": row["track_id"], "uri": row["uri"], "reason": reason})
    return done


# --- adding new songs ------------------------------------------------------------------------


def add_new(
    db: sqlite_utils.Database, season: int, result: SeasonResult, show: str = BUNDLED_SHOW
) -> list[dict[str, Any]]:
    """Add each new song (then each score piece, kind `score`) as a `discovered` track with its
    recording as an `auto` match on the recording's service. Inside the caller's transaction; a
    recording added before is never added again."""
    service = next((x.track.service for x in result.to_add), store.SERVICE)
    seen = store.discovered_ids(db, service)
    verdicts = {v.album.id: v for v in result.accepted}
    added = []
    taken = {
        r[0]
        for r in db.execute("select id from tracks where show = ? and season = ?", [show, season])
    }
    with Writer(db) as writer:  # the catalogue's lookups (titles, artist names) follow its rows
        for listing in result.to_add:
            if listing.track.id in seen:
                continue
            track_id = _next_id(taken, season, show)
            taken.add(track_id)
            _insert_track(writer, track_id, (show, season), listing, verdicts[listing.album.id])
            added.append(
                {
                    "id": track_id,
                    "title": listing.track.name,
                    "uri": listing.track.uri,
                    "kind": _kind(listing),
                }
            )
        _renumber(writer, season, show, {a["id"] for a in added})
    return added


def _kind(listing: Listing) -> Kind:
    return Kind.SCORE if listing.kind == "score" else Kind.SONG


_SHOW_ID = re.compile(r"^[a-z0-9-]+:s\d+-(\d+)$")


def track_id_of(show: str, season: int, number: int) -> str:
    """A show's track id: the bundled show's discovered songs are ``s1-d1``; another show's
    tracks ``KEY:s1-01``, unique across shows (no bundled or imported id holds a colon)."""
    return f"{show}:s{season}-{number:02d}"


def _next_id(taken: Collection[str], season: int, show: str = BUNDLED_SHOW) -> str:
    """The next free id in the season, given the ids it holds (``taken``)."""
    if show != BUNDLED_SHOW:  # never a number used before, so an id names one song for ever
        used = [int(m.group(1)) for t in taken if (m := _SHOW_ID.match(t))]
        return track_id_of(show, season, max(used, default=0) + 1)
    n = 1
    while f"s{season}-d{n}" in taken:
        n += 1
    return f"s{season}-d{n}"


def _insert_track(
    writer: Writer,
    track_id: str,
    place: tuple[str, int],
    listing: Listing,
    verdict: AlbumVerdict,
) -> None:
    t, a = listing.track, listing.album
    show, season = place
    writer.add_tracks(
        [
            {
                "id": track_id,
                "show": show,
                "kind": _kind(listing),
                "season": season,
                "title": t.name,
                "title_en": english(t.name, t.name_en, t.service),
                "release_date": a.release_date if _is_day(a.release_date) else None,
                "status": TrackStatus.DISCOVERED,
                "note": added_note(listing, verdict.reason),
                "sources": [a.url],
                "origin": Origin.DISCOVERED,
            }
        ]
    )
    writer.credit({track_id: [_artist_id(writer, artist, t.service) for artist in t.artists]})
    reason = (
        f'The recording on the OST album "{a.name}", which discovery accepted for season {season}.'
    )
    details = AlbumRecording(a, t).details()
    parts = [discovery_part(a, season)]
    db = writer.db
    row = decisions.discovered_row(track_id, t.uri, reason, details, parts, t.service)
    decisions.save_found(db, [row], service=t.service)
    store.remember_discovered(db, track_id, season, t, show)


def english(name: str, name_en: str, service: ServiceName) -> str | None:
    """The English name to store. Spotify answers each language apart; YouTube Music has one
    title for both (its English client answers the label's Korean names, and a title's
    bracketed English was split off already): a name the same as the Korean one, or holding
    Hangul, is no English name there."""
    if service != ServiceName.YTMUSIC:
        return name_en
    return None if not name_en or name_en == name or has_hangul(name_en) else name_en


def added_note(listing: Listing, reason: str) -> str:
    """Where a discovered track came from; an album the service gives no date is not dated."""
    t, a = listing.track, listing.album
    released = f", released {a.release_date}" if a.release_date else ""
    return f'Track {t.number} of "{a.name}" on {LINKS[t.service].label}{released} ({reason}).'


def _is_day(text: str | None) -> bool:
    """Only a full date in the catalogue's range goes into it (a year- or month-only one, or a
    day the catalogue refuses, stays in the note)."""
    day = dates.parse_day(text) if text and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    return day is not None and dates.in_range(day)


def _artist_id(writer: Writer, artist: ArtistRef, service: ServiceName) -> str:
    """The catalogue artist known by one of the names, else a new entry with both spellings."""
    db = writer.db
    keys = set(credited_keys([artist]))
    for row in db.query("select * from artists"):
        if keys & artist_keys(artist_names(row)):
            return str(row["id"])
    base = re.sub(r"[^a-z0-9]+", "-", artist.name_en.lower()).strip("-") or f"artist-{artist.id}"
    artist_id, n = base, 1
    while db.execute("select 1 from artists where id = ?", [artist_id]).fetchone():
        n += 1
        artist_id = f"{base}-{n}"
    writer.add_artists(
        [
            {
                "id": artist_id,
                "name": artist.name,
                "name_en": english(artist.name, artist.name_en, service),
                "note": f"As {LINKS[service].label} credits it (artist {artist.id}); added by "
                "`ost discover`.",
                "origin": Origin.DISCOVERED,
            }
        ]
    )
    return artist_id


def _renumber(
    writer: Writer, season: int, show: str = BUNDLED_SHOW, fresh: Collection[str] = ()
) -> None:
    """Discovered songs come after the season's known releases; score pieces after the songs.
    The songs added before keep their order (another service's run never moves them): each
    song of this run (``fresh``), in release order (``_release_key``), goes before the first of
    them that its release date says is later, else after them. An order the user set is kept."""
    db = writer.db
    base = db.execute(
        "select coalesce(max(ord), sum(status != ?), 0) from tracks "
        "where show = ? and season = ? and origin != ?",
        [TrackStatus.UNVERIFIED, show, season, Origin.DISCOVERED],
    ).fetchone()[0]
    rows = list(
        db.query(
            """select d.track_id, t.user_fields, t.kind, t.ord, a.release_date,
                      a.id as album_id, a.name as album, a.name_en as album_en,
                      coalesce(x.disc, 1) as disc, coalesce(x.number, 0) as number
               from discovered_tracks d join tracks t on t.id = d.track_id
               left join spotify_albums a on a.id = d.album_id
               left join spotify_album_tracks x on x.album_id = d.album_id and x.id = d.spotify_id
               where d.show = ? and d.season = ?""",
            [show, season],
        )
    )
    placed = sorted(
        (r for r in rows if r["track_id"] not in fresh),
        key=lambda r: (r["ord"] is None, r["ord"] or 0, _release_key(r)),
    )
    at = 0
    for row in sorted((r for r in rows if r["track_id"] in fresh), key=_release_key):
        at = next((i for i in range(at, len(placed)) if _later(placed[i], row)), len(placed))
        placed.insert(at, row)
        at += 1
    writer.change_tracks(
        (r["track_id"], {"ord": base + n})
        for n, r in enumerate(placed, 1)
        if "ord" not in json.loads(r["user_fields"] or "[]")
    )


FAR = (date.max, date.max)
"""Where an undated release stands: after every dated one."""


def _span(row: dict[str, Any]) -> tuple[date, date]:
    """The first and last day a release date may mean ("2024" is the whole year)."""
    return parse_release_date(row["release_date"]) or FAR


def _release_key(row: dict[str, Any]) -> tuple[Any, ...]:
    """Songs before score; then by the first day the release date may mean, then by what the
    titles say (part numbers: the parts of one day by number), album, disc and track."""
    return (
        row["kind"] == Kind.SCORE,
        _span(row)[0],
        release_place(n for n in (row["album"], row["album_en"]) if n),
        row["album_id"] or "",
        row["disc"],
        row["number"],
    )


def _later(placed: dict[str, Any], row: dict[str, Any]) -> bool:
    """Whether a song added before belongs after ``row``: a score piece after a song, or a
    release that starts after the last day ``row``'s may mean."""
    if (placed["kind"] == Kind.SCORE) != (row["kind"] == Kind.SCORE):
        return placed["kind"] == Kind.SCORE
    return _span(placed)[0] > _span(row)[1]
