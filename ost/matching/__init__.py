"""Matching catalogue tracks to a service's recordings (the scorer itself is ``ost.match``).

- ``search``: the query plan and the cached ``Searcher`` (the service port's recording search);
- ``run``: `ost match`, judging each track and saving what changed;
- ``decide``: the user's decisions (accept, reject, pin, unpin) and the scorer's second opinion.

The names below are the package's public face for code that says ``from ost import matching``.
"""

from __future__ import annotations

from ost.matching.decide import (
    accept,
    match_row,
    pin,
    reject,
    rescore,
    second_opinion,
    track_uri,
    unpin,
)
from ost.matching.run import (
    Outcome,
    Scope,
    match_one,
    outcome_json,
    run_match,
    save,
    targets,
    tracks_to_match,
)
from ost.matching.search import MAX_QUERIES_PER_TRACK, Searcher, query_plan

__all__ = [
    "MAX_QUERIES_PER_TRACK",
    "Outcome",
    "Scope",
    "Searcher",
    "accept",
    "match_one",
    "match_row",
    "outcome_json",
    "pin",
    "query_plan",
    "reject",
    "rescore",
    "run_match",
    "save",
    "second_opinion",
    "targets",
    "track_uri",
    "tracks_to_match",
    "unpin",
]
