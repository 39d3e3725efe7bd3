"""The timeline: each release as a mark against the show's air dates, laid out for an SVG.

Pure functions over plain data. Air dates are only what the season's facts state (premiere,
finale) or what follows from a schedule they state (so many episodes every so many days, checked
against the finale); a date that follows from a schedule is marked ``derived``. No date is guessed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ost.dates import parse_day, shift

WIDTH = 720
MARGIN = 24
RADIUS = 5
STEP = 13  # vertical distance between stacked marks
LABEL_ROWS = 3  # at most this many rows of air-date labels at the top
LABEL_ROW_HEIGHT = 15
MAX_LEVELS = 24  # past this many marks on one day, marks overlap rather than grow the picture
CHAR_WIDTH = 7.6  # generous width of a bold label character, to keep air-date labels apart
TICK_MONTHS = (1, 2, 3, 6, 12, 24, 60, 120)
MAX_TICKS = 8
MAX_RELEASES = 200  # a schedule making more releases than this is drawn by premiere and finale


@dataclass
class AirMark:
    day: date
    episodes: list[int]
    kind: str  # "premiere", "finale", "premiere and finale" or "" (a derived date between)
    derived: bool

    @property
    def label(self) -> str:
        eps = self.episodes
        text = "" if not eps else f"Ep {eps[0]}" if len(eps) == 1 else f"Ep {eps[0]}–{eps[-1]}"
        return (text + ("*" if self.derived else "")) or self.kind

    @property
    def tooltip(self) -> str:
        """The label and the kind of date, once: "Ep 16 (finale)", or "finale" alone."""
        return (
            f"{self.label} ({self.kind})" if self.kind and self.kind != self.label else self.label
        )

    @property
    def text(self) -> str:
        """The label drawn: the episodes, and premiere or finale where it is one."""
        return f"{self.label} · {self.kind}" if self.kind and self.episodes else self.label


@dataclass
class AirDates:
    premiere: date | None = None
    finale: date | None = None
    episodes: int | None = None
    marks: list[AirMark] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Release:
    anchor: str
    title: str
    title_en: str | None
    day: str | None
    uncertain: bool = False
    status: str = "confirmed"


@dataclass
class Mark:
    release: Release
    x: float
    y: float
    label_x: float
    label_anchor: str  # "start" or "end": labels open towards the middle


@dataclass
class AirLine:
    mark: AirMark
    x: float
    label_y: float
    text: str  # the label drawn: shortened to the episodes where the full one has no room


@dataclass
class Timeline:
    width: int = WIDTH
    height: int = 0
    axis_y: float = 0
    readout_y: float = 0
    top: float = 0
    ticks: list[tuple[float, str]] = field(default_factory=list)
    band: tuple[float, float] | None = None
    air: list[AirLine] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    undated: list[Release] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    start: date | None = None
    end: date | None = None

    @property
    def drawn(self) -> bool:
        return bool(self.marks or self.air)


# --- air dates ---------------------------------------------------------------------------------


def _day(facts: dict[str, Any], key: str) -> date | None:
    try:
        return parse_day(facts[key]["value"])
    except (KeyError, TypeError):
        return None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def air_dates(facts: dict[str, Any]) -> AirDates:
    """The air dates the season's facts give, and those that follow from a stated schedule."""
    episodes = _int((facts.get("episodes") or {}).get("value"))
    air = AirDates(_day(facts, "premiere"), _day(facts, "finale"), episodes)
    if air.premiere is None:
        return air
    schedule = facts.get("schedule") or {}
    per = _int(schedule.get("episodes_per_release"))
    every = _int(schedule.get("days_between_releases"))
    if episodes and per and every and _schedule_fits(air, per, every):
        air.marks = _scheduled(air, per, every, schedule.get("value"))
    else:
        air.marks = _stated(air)
    return air


def _schedule_fits(air: AirDates, per: int, every: int) -> bool:
    assert air.premiere and air.episodes
    releases = math.ceil(air.episodes / per)
    if releases > MAX_RELEASES:
        air.notes.append(
            f"The stated schedule makes {releases} releases: only the premiere and the finale "
            "are drawn."
        )
        return False
    last = shift(air.premiere, every * (releases - 1))
    if air.finale is None or last == air.finale:
        return True
    air.notes.append(
        f"The stated schedule would end on {last.isoformat()}, not on the finale "
        f"({air.finale.isoformat()}): only the premiere and the finale are drawn."
    )
    return False


def _scheduled(air: AirDates, per: int, every: int, text: Any) -> list[AirMark]:
    assert air.premiere and air.episodes
    releases = math.ceil(air.episodes / per)
    marks = []
    for k in range(releases):
        eps = list(range(k * per + 1, min((k + 1) * per, air.episodes) + 1))
        day = shift(air.premiere, every * k)
        kind = "premiere" if k == 0 else "finale" if k == releases - 1 else ""
        marks.append(
            AirMark(day, eps, kind, derived=not kind or (kind == "finale" and not air.finale))
        )
    derived = [m for m in marks if m.derived]
    if derived:
        listed = "; ".join(f"{m.label.rstrip('*')} on {m.day.isoformat()}" for m in derived)
        air.notes.append(
            f"* Derived from the stated schedule ({text}): {listed}. No source names these dates."
        )
    return marks


def _stated(air: AirDates) -> list[AirMark]:
    assert air.premiere
    n = air.episodes
    if air.finale == air.premiere:
        return [AirMark(air.premiere, list(range(1, (n or 1) + 1)), "premiere and finale", False)]
    marks = [AirMark(air.premiere, [1], "premiere", False)]
    if air.finale:
        marks.append(AirMark(air.finale, [n] if n else [], "finale", False))
    if n and n > 2 and air.finale:
        middle = "episode 2" if n == 3 else f"episodes 2–{n - 1}"
        air.notes.append(f"The sources give no air date for {middle}.")
    return marks


# --- layout ------------------------------------------------------------------------------------


def layout(releases: list[Release], air: AirDates) -> Timeline:
    """Coordinates for the SVG: marks stacked where releases fall close together."""
    dated = [(d, r) for r in releases if (d := parse_day(r.day))]
    tl = Timeline(undated=[r for r in releases if not parse_day(r.day)], notes=list(air.notes))
    days = [d for d, _ in dated] + [m.day for m in air.marks]
    if not days:
        return tl
    pad = max(4, (max(days) - min(days)).days * 0.04)
    tl.start, tl.end = shift(min(days), -pad), shift(max(days), pad)
    span = (tl.end - tl.start).days

    def x(d: date) -> float:
        return round(MARGIN + (d - tl.start).days / span * (WIDTH - 2 * MARGIN), 1)  # type: ignore[operator]

    levels = _stack([x(d) for d, _ in sorted(dated, key=lambda p: p[0])])
    used = max(levels, default=0) + 1
    tl.air, rows = _air_lines(air.marks, x)
    tl.top = max(rows, 1) * LABEL_ROW_HEIGHT + 6
    tl.axis_y = tl.top + 14 + used * STEP
    tl.readout_y = tl.axis_y + 42  # a pointed or focused mark names its song on this line
    tl.height = round(tl.readout_y + 8)
    for (d, r), level in zip(sorted(dated, key=lambda p: p[0]), levels, strict=True):
        mx = x(d)
        right = mx <= WIDTH / 2
        tl.marks.append(
            Mark(
                r,
                mx,
                tl.axis_y - 10 - level * STEP,
                mx + 9 if right else mx - 9,
                "start" if right else "end",
            )
        )
    if air.premiere and air.finale and air.finale > air.premiere:
        tl.band = (x(air.premiere), x(air.finale))
    tl.ticks = _ticks(tl.start, tl.end, x)
    return tl


def _stack(xs: list[float]) -> list[int]:
    """A level per mark (xs sorted): the lowest level where it does not touch the previous mark."""
    last: list[float] = []
    out = []
    for mx in xs:
        for i, prev in enumerate(last):
            if mx - prev >= 2 * RADIUS + 2:
                last[i] = mx
                out.append(i)
                break
        else:
            if len(last) < MAX_LEVELS:
                last.append(mx)
                out.append(len(last) - 1)
            else:
                i = min(range(len(last)), key=last.__getitem__)
                last[i] = mx
                out.append(i)
    return out


def _air_lines(marks: list[AirMark], x: Any) -> tuple[list[AirLine], int]:
    """Air-date labels in rows so that none overlaps: the full label where a row has room, else
    the episodes alone, else (crowded) the lowest row. Returns the lines and the rows used."""
    ends: list[float] = []
    out = []
    for m in sorted(marks, key=lambda m: m.day):
        mx = x(m.day)
        placed = _place(mx, m.text, ends) or _place(mx, m.label, ends)
        if placed is None:
            row = min(range(len(ends)), key=ends.__getitem__)
            placed = (row, m.label)
            ends[row] = mx + len(m.label) * CHAR_WIDTH / 2
        row, text = placed
        out.append(AirLine(m, mx, (row + 1) * LABEL_ROW_HEIGHT - 3, text))
    return out, len(ends)


def _place(mx: float, text: str, ends: list[float]) -> tuple[int, str] | None:
    half = len(text) * CHAR_WIDTH / 2
    for row in range(LABEL_ROWS):
        if row == len(ends):
            ends.append(-1e9)
        if mx - half > ends[row] + 6:
            ends[row] = mx + half
            return row, text
    return None


def _ticks(start: date, end: date, x: Any) -> list[tuple[float, str]]:
    """A tick on the first day of every ``step`` months (counted from year 0) in start..end."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    longest = TICK_MONTHS[-1]
    step = next(
        (s for s in TICK_MONTHS if months / s <= MAX_TICKS),
        longest * math.ceil(months / MAX_TICKS / longest),  # centuries apart: whole decades
    )
    first = start.year * 12 + start.month  # the first month boundary after start
    last = end.year * 12 + end.month - 1  # the first day of end's own month
    out: list[tuple[float, str]] = []
    for index in range(-(-first // step) * step, last + 1, step):
        year, month = divmod(index, 12)
        out.append(
            (x(date(year, month + 1, 1)), f"{year}-{month + 1:02d}" if step < 12 else str(year))
        )
    return out
