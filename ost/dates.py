"""Calendar days: the range a catalogue date may take, and arithmetic that cannot overflow.

A release date stored in the catalogue lies between ``EARLIEST`` and ``LATEST``: the import, the
bundled data files and discovery all check it. Days reach ost from elsewhere too (a file's date
tag, a Spotify answer, a database an older ost filled), so every shift of a day goes through
``shift``, which stays inside Python's calendar (years 1 to 9999) instead of raising.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

EARLIEST = date(1900, 1, 1)
"""Before recorded music was sold: no OST was released earlier."""
LATEST = date(2100, 12, 31)
"""Far enough ahead for an announced release; every window ost draws around it still fits."""
_FIRST, _LAST = date.min.toordinal(), date.max.toordinal()


def now() -> str:
    """The time a row is stamped with: UTC, ISO 8601, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def in_range(day: date) -> bool:
    return EARLIEST <= day <= LATEST


def outside(day: date) -> str:
    """Why a day is refused, for a message: "9999-12-31 is outside the dates ost accepts
    (1900-01-01 to 2100-12-31)" (ranges read "A to B" in every message)."""
    return f"{day.isoformat()} is outside the dates ost accepts ({EARLIEST} to {LATEST})"


def shift(day: date, days: float) -> date:
    """``day`` moved by ``days`` (whole days; a fraction is dropped), held at the calendar's ends."""
    ordinal = day.toordinal() + int(days)
    return date.fromordinal(min(max(ordinal, _FIRST), _LAST))


def parse_day(value: Any) -> date | None:
    """An ISO day ("2022-01-27") or a date object, else None: a stored value is never trusted."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
