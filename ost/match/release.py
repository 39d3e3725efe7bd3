"""Release dates as the scorer reads them: what a date given as "2022", "2022-01" or "2022-01-27"
may mean, how it fits the catalogue's date or the show's time (a ``DateFit``), and the words
that say so. Pure, as the scorer is: ``ost.match.score`` weighs each fit."""

from __future__ import annotations

import calendar
import re
from datetime import date
from enum import StrEnum

from ost.dates import shift
from ost.match.types import Candidate, Wanted
from ost.text import plural

DATE_CLOSE_DAYS = 14
"""A release this near the catalogue date is the OST release (time zones, a delayed single)."""
DATE_PRECISE_SPAN_DAYS = 31
"""Only day or month precision can be "close"; a bare year is merely consistent."""
EARLY_SLACK_DAYS = 30
"""Released this much before the catalogue date: suspicious (an earlier song of the same name)."""
LATE_DAYS = 400
"""Without a show window: released this much after the catalogue date is a doubt."""
DATE_PATTERN = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:$|[T ])")
UNKNOWN_DISTANCE_DAYS = 10**6
"""How far from the catalogue date a recording without a release date ranks."""


class DateFit(StrEnum):
    """How a recording's release date fits the catalogue's date or the show's time."""

    CLOSE = "close"
    IN_WINDOW = "in_window"
    CONSISTENT = "consistent"
    UNKNOWN = "unknown"
    AFTER_WINDOW = "after_window"
    LATE = "late"
    EARLY = "early"
    BEFORE_WINDOW = "before_window"
    LONG_BEFORE = "long_before"


def parse_release_date(text: str | None) -> tuple[date, date] | None:
    """The first and last day a release date may mean: "2022" spans the whole year."""
    match = DATE_PATTERN.match(text.strip()) if text else None
    if match is None:
        return None
    year, month, day = (int(g) if g else 0 for g in match.groups())
    try:
        if day:
            return date(year, month, day), date(year, month, day)
        if month:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:  # "0000", month 13 ...
        return None


def fit(wanted: Wanted, span: tuple[date, date]) -> DateFit:
    """How a release spanning ``span`` fits; the wanted track has a date or a window."""
    first, last = span
    window, day = wanted.window, wanted.release_date
    if window and last < window[0]:
        return DateFit.BEFORE_WINDOW
    if day and last < shift(day, -EARLY_SLACK_DAYS):
        return DateFit.EARLY if window else DateFit.LONG_BEFORE
    if (
        day
        and _distance(span, day) <= DATE_CLOSE_DAYS
        and _span_days(span) <= DATE_PRECISE_SPAN_DAYS
    ):
        return DateFit.CLOSE
    if window:
        return DateFit.AFTER_WINDOW if first > window[1] else DateFit.IN_WINDOW
    assert day is not None  # asked only when a date or a window is known
    return DateFit.LATE if first > shift(day, LATE_DAYS) else DateFit.CONSISTENT


def words(wanted: Wanted, kind: DateFit, given: str, span: tuple[date, date]) -> str:
    """The words for a fit: ``given`` is the date as the source wrote it."""
    day, window = wanted.release_date, wanted.window
    show = f"the show's time ({window[0]} to {window[1]})" if window else ""
    gap = _distance(span, day) if day else 0
    same = "same title and artist" if wanted.artists else "same title"
    close = f"({_days(gap)} from {day})" if gap else "as catalogued"
    said = {
        DateFit.CLOSE: f"released {given} {close}",
        DateFit.IN_WINDOW: f"released {given} within {show}",
        DateFit.CONSISTENT: f"released {given}, consistent with {day}",
        DateFit.AFTER_WINDOW: f"released {given}, after {show}",
        DateFit.LATE: f"released {given}, long after {day}",
        DateFit.EARLY: f"released {given}, {_days(gap)} before the catalogue date {day}",
        DateFit.BEFORE_WINDOW: f"{same} but released {given}, outside {show}",
        DateFit.LONG_BEFORE: f"{same} but released {given}, long before the catalogue date {day}",
    }
    return said[kind]


def _days(count: int) -> str:
    return plural(count, "day")


def _distance(span: tuple[date, date], day: date) -> int:
    first, last = span
    if first <= day <= last:
        return 0
    return min(abs((first - day).days), abs((last - day).days))


def _span_days(span: tuple[date, date]) -> int:
    return (span[1] - span[0]).days


def distance(wanted: Wanted, candidate: Candidate) -> int:
    """Days between the recording's release and the catalogue date (or the show's start)."""
    span = parse_release_date(candidate.release_date)
    anchor = wanted.release_date or (wanted.window[0] if wanted.window else None)
    if span is None:
        return UNKNOWN_DISTANCE_DAYS
    return _distance(span, anchor) if anchor else 0
