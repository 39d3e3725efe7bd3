"""Match decisions: the ``matches`` and ``rejections`` tables, one owner for both.

A row of ``matches`` says which recording on a service stands for a catalogue track and why:
found by ``ost match`` (``auto``, ``review``, ``none``) or decided by the user (``accepted``,
``rejected``, ``pinned``). A track has one row per service (``ServiceName``: the key is
``(track_id, service)``, migration m013) and its rejections are per service too: a decision on
one service never touches another's. Every function takes the service, Spotify by default (so
the callers that only ever spoke of Spotify read as before); a row carries its ``service``.

The package by job: ``status`` (the words, ``Status``, and the sets other modules ask about),
``rows`` (one builder per kind of row, pure), ``queries`` (reading, and the join fragments a
listing reads through) and ``store`` (the only code that writes either table). This module is
the import point: ``from ost import decisions`` gives the whole public API.
"""

from __future__ import annotations

from ost.decisions.queries import (
    MATCH_COLUMNS,
    MATCH_JOIN,
    SERVICES_COLUMNS,
    SERVICES_JOIN,
    Rejected,
    accepted_lengths,
    count_near_misses,
    counts_by_season,
    for_show_all,
    get,
    known_recording,
    last_change,
    match_join,
    recordings,
    rejected,
    rejections,
    services_of,
    statuses,
    stored,
    track_ids_for_uris,
    user_touched,
    waiting,
    waiting_for_review,
)
from ost.decisions.rows import (
    accepted_row,
    confirmed_row,
    discovered_row,
    found_row,
    imported_uri,
    known_candidate,
    pinned_row,
    recording_columns,
)
from ost.decisions.status import (
    COUNTS_AS_ACCEPTED,
    FOUND_BY_MATCH,
    UNMATCHED,
    USER_DECISIONS,
    USER_TOUCHED,
    Status,
    sql_set,
)
from ost.decisions.store import (
    accept,
    differs,
    forget_track,
    pin,
    pin_all,
    reject,
    save_found,
    unpin,
)

__all__ = [
    "COUNTS_AS_ACCEPTED",
    "FOUND_BY_MATCH",
    "MATCH_COLUMNS",
    "MATCH_JOIN",
    "Rejected",
    "SERVICES_COLUMNS",
    "SERVICES_JOIN",
    "Status",
    "UNMATCHED",
    "USER_DECISIONS",
    "USER_TOUCHED",
    "accept",
    "accepted_lengths",
    "accepted_row",
    "confirmed_row",
    "count_near_misses",
    "counts_by_season",
    "differs",
    "discovered_row",
    "for_show_all",
    "forget_track",
    "found_row",
    "get",
    "known_recording",
    "imported_uri",
    "known_candidate",
    "last_change",
    "match_join",
    "pin",
    "pin_all",
    "pinned_row",
    "recording_columns",
    "recordings",
    "reject",
    "rejected",
    "rejections",
    "save_found",
    "services_of",
    "sql_set",
    "statuses",
    "stored",
    "track_ids_for_uris",
    "unpin",
    "user_touched",
    "waiting",
    "waiting_for_review",
]
