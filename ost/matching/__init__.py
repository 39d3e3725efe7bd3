"""Matching catalogue tracks to a service's recordings (the scorer itself is ``ost.match``).

- ``search``: the query plan and the cached ``Searcher`` (the service port's recording search);
- ``run``: `ost match`, judging each track and saving what changed;
- ``decide``: the user's decisions (accept, reject, pin, unpin) and the scorer's second opinion.

The names below are the package's public face for code that says ``from ost import matching``.
"""

from __future__ import annotations

from ost.matching.decide import (
    accept,
    pin,
    reject,
    rescore,
    second_opinion,
    unpin,
)
from ost.matching.run import (
    Outcome,
    Scope,
    match_one,
    outcome_json,
    run_match,
    targets,
    tracks_to_match,
)
from ost.matching.search import Searcher

__all__ = [
    "Outcome",
    "Scope",
    "Searcher",
    "accept",
    "match_one",
    "outcome_json",
    "pin",
    "reject",
    "rescore",
    "run_match",
    "second_opinion",
    "targets",
    "tracks_to_match",
    "unpin",
]
