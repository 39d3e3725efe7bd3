"""The user's decisions on what `ost match` found: accept, reject, pin, unpin; and the scorer's
second opinion on a recording the user chose (``rescore``, ``second_opinion``).

Rows are written through ``ost.decisions``, which owns the ``matches`` and ``rejections``
tables; a recording that was no candidate is looked up through the service port.
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from ost import decisions
from ost.catalogue import targets
from ost.errors import InputError, NotFound, UsageError
from ost.match.types import Candidate, Verdict
from ost.service import LANGUAGES, LINKS, ServiceName
from ost.service.protocols import RecordingSearch
from ost.service.recordings import Recording

SPOTIFY = ServiceName.SPOTIFY
EXAMPLE = {SPOTIFY: "spotify:track:…", ServiceName.YTMUSIC: "https://music.youtube.com/watch?v=…"}


def track_uri(text: str, service: ServiceName = SPOTIFY) -> str:
    """A recording's id on the service from what the user typed (a URI, a link, a YouTube video
    id); another service's link is a usage mistake that names that service, anything else is
    refused."""
    uri = LINKS[service].parse(text)
    if uri is not None:
        return uri
    for other in ServiceName:
        if other != service and LINKS[other].parse(text):
            raise UsageError(
                f"'{text}' is a {LINKS[other].label} link, not a {LINKS[service].label} one: "
                f"add --service {other.value} (or give {LINKS[service].shape})"
            )
    for any_service in (service, *(x for x in ServiceName if x != service)):
        kind = LINKS[any_service].other_kind(text)
        if kind:  # a link of the right site, to the wrong thing: say which thing
            raise InputError(
                f"'{text}' is a {LINKS[any_service].label} {kind} link, not a song's: "
                f"give {LINKS[service].shape}"
            )
    raise InputError(f"'{text}' is not {LINKS[service].shape}")


def match_row(
    db: sqlite_utils.Database, track_id: str, service: ServiceName = SPOTIFY
) -> dict[str, Any] | None:
    return decisions.get(db, track_id, service)


def accept(
    db: sqlite_utils.Database, track_id: str, uri: str | None, service: RecordingSearch
) -> dict[str, Any]:
    """Accept the proposed recording on the service, or a given one (looked up through the
    service if it was no candidate)."""
    name = service.name
    current = decisions.get(db, track_id, name)
    if uri is None:
        if not current or not current["uri"]:
            raise NotFound(
                f"{track_id} has no proposed recording to accept: give a URI "
                f"(`ost accept {track_id} {EXAMPLE[name]}{ServiceName(name).option}`)"
            )
        recording = {**current}
    else:
        uri = track_uri(uri, name)
        recording = decisions.known_candidate(current, uri) or _looked_up(service, uri)
    row = decisions.accepted_row(track_id, recording, current, name)
    decisions.accept(db, row)
    return row


def _looked_up(service: RecordingSearch, uri: str) -> dict[str, Any]:
    """The recording read in both languages."""
    recording = Recording(uri)
    for lang in LANGUAGES:
        recording.add(lang, service.recording(uri, language=lang))
    return decisions.recording_columns(uri, recording.details(), None)


def reject(db: sqlite_utils.Database, track_id: str, service: ServiceName = SPOTIFY) -> str:
    current = decisions.get(db, track_id, service)
    if not current or not current["uri"]:
        raise NotFound(f"{track_id} has no proposed recording to reject")
    decisions.reject(db, current)
    return str(current["uri"])


def pin(
    db: sqlite_utils.Database, track_id: str, uri: str, service: ServiceName = SPOTIFY
) -> dict[str, Any]:
    """Pin the track to a recording on the service, offline: what ost already knows of the
    recording (the track's candidates, else any track's row) is kept with the pin, so that the
    scorer can give its second opinion; an unknown recording is pinned unchecked."""
    uri = track_uri(uri, service)
    current = decisions.get(db, track_id, service)
    row = decisions.pinned_row(track_id, uri, "pinned by you", current, service)
    if decisions.known_candidate(current, uri) is None:
        row.update(decisions.known_recording(db, uri, service) or {})
    decisions.pin(db, row)
    return row


def unpin(
    db: sqlite_utils.Database, track_id: str, service: ServiceName = SPOTIFY
) -> tuple[str | None, list[str]]:
    """Undo the track's pins, to a recording on the service and to files of yours (which are no
    service's), in one transaction: (the recording's id or None, the files' paths). NotFound
    when nothing was pinned."""
    from ost.library.files import unpin_files

    current = decisions.get(db, track_id, service)
    pinned = current is not None and current["status"] == decisions.Status.PINNED
    with db.atomic():
        if pinned:
            decisions.unpin(db, track_id, service)
        files = unpin_files(db, track_id)
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
