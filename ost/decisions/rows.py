"""One builder per kind of match row: found by ``ost match``, pinned, accepted, imported,
confirmed or added by discovery. Pure: a row is a dict the store writes as it is (lists as JSON).
A new kind of row is one builder here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ost.dates import now
from ost.decisions.status import Status
from ost.service import ServiceName

SPOTIFY = ServiceName.SPOTIFY

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
JSON_FIELDS = ("artists_ko", "artists_en")
"""The recording columns stored as JSON lists."""


def recording_columns(
    uri: str | None, details: Mapping[str, Any], score: float | None
) -> dict[str, Any]:
    """The recording part of a match row, from a recording's details (``Recording.details()``
    or a stored candidate); lists are stored as JSON."""
    row: dict[str, Any] = {"uri": uri, "score": score}
    for key in RECORDING_FIELDS:
        value = details.get(key)
        if key in JSON_FIELDS:
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
    service: ServiceName = SPOTIFY,
) -> dict[str, Any]:
    """The match of a song `ost discover --add` added: the recording on the accepted album."""
    return found_row(track_id, Status.AUTO, uri, None, reason, details, [], evidence, service)
