"""Pure: what differs between a playlist's items and what it should hold, and the fewest
requests that fix it with what the service can do (``ost.service.playlists.Edits``).

- A service that can replace the whole contents (Spotify): nothing; remove strays and/or
  append (when the rest is already in order); or replace the first ``chunk`` and append the
  rest. Strays a removal by id cannot reach (a local file, an episode) leave only the replace.
- A service that removes and moves items by their handle and only appends (YouTube Music):
  remove the items not wanted (surplus copies too) and append what is missing; once the
  playlist holds exactly the wanted items, move the fewest into place (all but the longest run
  already in order). Moves need the handles of added items, so sync reads the playlist back
  after removing and adding, and plans again.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from typing import TypeVar

from ost.service.playlists import Edits, PlaylistItem

T = TypeVar("T")


@dataclass(frozen=True)
class Diff:
    added: list[str]  # ids (with multiplicity) the playlist lacks
    removed: list[str]  # ids it holds beyond the selection
    reordered: bool  # the items both have are in another order

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.reordered)


def _common(ids: list[str], budget: Counter[str]) -> list[str]:
    left = Counter(budget)
    out = []
    for u in ids:
        if left[u] > 0:
            left[u] -= 1
            out.append(u)
    return out


def diff(current: list[str], desired: list[str]) -> Diff:
    have, want = Counter(current), Counter(desired)
    both = have & want
    return Diff(
        added=list((want - have).elements()),
        removed=list((have - want).elements()),
        reordered=_common(current, both) != _common(desired, both),
    )


@dataclass(frozen=True)
class Step:
    kind: str
    """``add`` (append), ``replace``, ``remove`` (the items: every occurrence of each id where
    the service removes by id, else each item by its handle) or ``move``."""
    uris: list[str]
    """The ids the step sends (``add``, ``replace``) or acts on."""
    items: tuple[PlaylistItem, ...] = ()
    """The items removed, or the one moved."""
    before: PlaylistItem | None = None
    """A move's destination: just before this item (None: the end)."""


def _chunks(values: list[T], size: int) -> list[list[T]]:
    return [values[i : i + size] for i in range(0, len(values), size)]


def steps(current: list[PlaylistItem], desired: list[str], edits: Edits) -> list[Step]:
    """The fewest requests that turn ``current`` into ``desired`` (never an add of nothing)."""
    if [i.id for i in current] == desired:
        return []
    if edits.replace:
        return _replacing(current, desired, edits.chunk)
    return _by_handle(current, desired, edits.chunk)


def _replacing(current: list[PlaylistItem], desired: list[str], size: int) -> list[Step]:
    replace = [Step("replace", desired[:size])] + [
        Step("add", c) for c in _chunks(desired[size:], size)
    ]
    wanted = set(desired)
    kept = [i.id for i in current if i.id in wanted]
    if desired[: len(kept)] != kept:
        return replace
    strays = list(dict.fromkeys(i.id for i in current if i.id not in wanted))
    if any(not i.removable for i in current if i.id not in wanted):
        return replace  # a local file or an episode someone added: only a replace drops it
    incremental = [
        Step("remove", c, tuple(PlaylistItem(u) for u in c)) for c in _chunks(strays, size)
    ]
    incremental += [Step("add", c) for c in _chunks(desired[len(kept) :], size)]
    return incremental if len(incremental) <= len(replace) else replace


def _by_handle(current: list[PlaylistItem], desired: list[str], size: int) -> list[Step]:
    left = Counter(desired)
    kept, gone = [], []
    for item in current:
        if left[item.id] > 0:
            left[item.id] -= 1
            kept.append(item)
        else:
            gone.append(item)
    missing = []
    for u in desired:
        if left[u] > 0:  # what the kept items lack, in the order wanted
            left[u] -= 1
            missing.append(u)
    if gone or missing:
        out = [Step("remove", [i.id for i in c], tuple(c)) for c in _chunks(gone, size)]
        return out + [Step("add", c) for c in _chunks(missing, size)]
    return moves(current, desired)


def moves(current: list[PlaylistItem], desired: list[str]) -> list[Step]:
    """The fewest moves that put ``current`` (the same items as ``desired``) in its order: the
    longest run already in order stays; each other item, from the last wanted place to the
    first, goes just before the item that follows it in ``desired`` (by then in place)."""
    places: dict[str, list[int]] = {}
    for n, u in enumerate(desired):
        places.setdefault(u, []).append(n)
    taken: Counter[str] = Counter()
    target = []
    for item in current:
        target.append(places[item.id][taken[item.id]])
        taken[item.id] += 1
    at = {t: item for t, item in zip(target, current, strict=True)}
    stays = _rising(target)
    out = []
    for t in range(len(desired) - 1, -1, -1):
        if t not in stays:
            item = at[t]
            out.append(Step("move", [item.id], (item,), at.get(t + 1)))
    return out


def _rising(values: list[int]) -> set[int]:
    """The values of a longest strictly rising subsequence."""
    tails: list[int] = []  # tails[k]: where the smallest end of a run of k + 1 values is
    ends: list[int] = []  # the values there, rising (for the binary search)
    back: list[int | None] = []
    for n, v in enumerate(values):
        k = bisect_left(ends, v)
        back.append(tails[k - 1] if k else None)
        if k == len(tails):
            tails.append(n)
            ends.append(v)
        else:
            tails[k], ends[k] = n, v
    out: set[int] = set()
    at = tails[-1] if tails else None
    while at is not None:
        out.add(values[at])
        at = back[at]
    return out
