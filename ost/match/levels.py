"""The scorer's verdicts as words that rank: ``Level`` (none < review < auto), on which the
statuses of matches (``ost.decisions.Status``) and the states of files
(``ost.library.files.FileState``) build. Apart from ``ost.match.types`` so that a listing, which
reads statuses but never scores, does not pay for the scorer's dataclasses."""

from __future__ import annotations

import operator
from collections.abc import Callable
from enum import StrEnum


def _by_rank(compare: Callable[[int, int], bool]) -> Callable[[OrderedStrEnum, object], bool]:
    def method(self: OrderedStrEnum, other: object) -> bool:
        if isinstance(other, str) and not isinstance(other, type(self)):
            try:
                other = type(self)(other)
            except ValueError:
                raise TypeError(f"{other!r} is not a {type(self).__name__}") from None
        if not isinstance(other, type(self)):
            return NotImplemented
        return compare(self.rank, other.rank)

    return method


class OrderedStrEnum(StrEnum):
    """Words that rank by their place in the class, the first defined lowest (beets'
    ``OrderedEnum``, with words for values): a member is stored, printed, hashed and compared
    for equality as its word, and ordered by its rank, never alphabetically. A plain string
    orders as the member it names; another string cannot be ordered against a member."""

    @property
    def rank(self) -> int:
        return type(self)._member_names_.index(self.name)

    __lt__ = _by_rank(operator.lt)
    __le__ = _by_rank(operator.le)
    __gt__ = _by_rank(operator.gt)
    __ge__ = _by_rank(operator.ge)


class Level(OrderedStrEnum):
    """The scorer's verdict on a candidate, lowest first: ``Verdict.status >= Level.REVIEW`` is
    a candidate worth proposing. The words are stored as they are (``matches.status``,
    ``library_files.state``); the statuses of decisions and the states of files build on them."""

    NONE = "none"
    """Refused: nothing acceptable."""
    REVIEW = "review"
    """Plausible: the user confirms it."""
    AUTO = "auto"
    """Sure: accepted without asking."""
