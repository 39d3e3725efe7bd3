"""The words of a match row's state and the sets other modules ask about, defined once.

``Status``'s first three words are the scorer's levels (``ost.match.levels.Level``), in its
order; the user's decisions follow. What counts as accepted, what ``ost match`` must leave alone
and what a catalogue reload must keep are sets of them. A new status is one member of ``Status``
plus its membership in those sets.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from ost.match.levels import Level


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


def sql_set(statuses: Iterable[Status]) -> str:
    """``('auto', 'accepted', 'pinned')`` for a SQL ``in``: statuses are fixed words, not input."""
    return "(" + ", ".join(f"'{s.value}'" for s in sorted(statuses)) + ")"
