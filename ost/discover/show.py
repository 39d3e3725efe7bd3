"""A show as discovery knows it: its names and aliases, each season's own names and air dates,
and how strictly a release title must name it. Plain data; ``ost.discover.rules`` judges albums
against it.

Two kinds of show share it. The bundled *Soundtrack* (``Show.from_names``) is named by its
seasons' titles ("사운드트랙 #1"); a title naming a season needs no OST mark, and its time starts
six months before a premiere (its sourced singles came out up to 83 days before one). A show a
user adds (``Show.of``) is named by its names and aliases; a title must carry an OST mark after
the name, and its time starts 60 days before the premiere. Both end a year after the finale.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from ost import dates
from ost.discover.naming import Names, Reading
from ost.text import fold

if TYPE_CHECKING:
    from ost.service.albums import Album
    from ost.showfile import ShowFile

DAYS_BEFORE = 60
"""A show's time starts this many days before its premiere (the first OST part comes with it)."""
DAYS_AFTER = 365
"""... and ends this many days after its finale (the full album and the extras come later)."""
SOUNDTRACK_DAYS_BEFORE = 183
"""The bundled Soundtrack's lead: Part 1 of season 1 came out on 2021-12-30, 83 days before its
2022-03-23 premiere, so 60 days would miss what discovery finds today."""

# A season's title ends in its number: "사운드트랙 #1", "Soundtrack No. 2", "사운드트랙 시즌 2".
NAME_NUMBER = re.compile(r"^(.*?)\s*(?:#|no\.?|시즌|season)?\s*(\d+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Season:
    """One season of a show as a show file gives it."""

    number: int
    names: tuple[str, ...] = ()
    """The season's own names and aliases ("Hospital Playlist 2"), if it has any."""
    premiere: date | None = None
    finale: date | None = None


@dataclass(frozen=True)
class Show:
    """The show's names and seasons, and the rules its release titles follow."""

    seasons: dict[int, tuple[str, ...]]
    """Each season's own names ("사운드트랙 #1", "Soundtrack #1"); empty when it has none."""
    names: tuple[str, ...] = ()
    """The show's names and aliases: with a season mark they name a season ("Soundtrack #2");
    alone, the only season of a one-season show."""
    key: str = ""
    air: dict[int, tuple[date | None, date | None]] = field(default_factory=dict)
    """Premiere and finale of each season, where known."""
    needs_ost_mark: bool = False
    days_before: int = SOUNDTRACK_DAYS_BEFORE
    days_after: int = DAYS_AFTER
    music: tuple[str, ...] | None = ()
    """The music directors, whose pieces on a full album are score; None: inferred from the
    albums (see ``rules.classify``); empty: no score is told apart."""
    reader: Names = field(init=False, repr=False, compare=False)
    _readings: dict[tuple[str, ...], Reading] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )  # an album is read again for each season and each pass of judge_all

    def __post_init__(self) -> None:
        only = next(iter(self.seasons)) if len(self.seasons) == 1 else None
        object.__setattr__(self, "reader", Names.of(self.names, self.seasons, only))

    @classmethod
    def from_names(cls, seasons: Mapping[int, Sequence[str]]) -> Show:
        """The bundled show, from its seasons' titles: the show's names are what precedes the
        numbers ("사운드트랙" in "사운드트랙 #1")."""
        bases: dict[str, str] = {}
        for names in seasons.values():
            for name in names:
                m = NAME_NUMBER.match(name.strip())
                base = m.group(1).strip() if m else ""
                if base:
                    bases.setdefault(fold(base), base)
        return cls({n: tuple(names) for n, names in seasons.items()}, tuple(bases.values()))

    @classmethod
    def of(
        cls,
        names: Iterable[str],
        seasons: Sequence[Season] = (Season(1),),
        *,
        key: str = "",
        needs_ost_mark: bool = True,
        days_before: int = DAYS_BEFORE,
        days_after: int = DAYS_AFTER,
        music: Iterable[str] | None = None,
    ) -> Show:
        """A show named by its names and aliases, with its seasons' air dates."""
        return cls(
            {s.number: tuple(s.names) for s in seasons},
            tuple(dict.fromkeys(n for n in names if n.strip())),
            key,
            {s.number: (s.premiere, s.finale) for s in seasons},
            needs_ost_mark,
            days_before,
            days_after,
            None if music is None else tuple(music),
        )

    @classmethod
    def from_file(cls, spec: ShowFile) -> Show:
        """The show a show file (``ost.showfile``) describes."""
        return cls.of(
            spec.names,
            [Season(s.number, s.names, s.premiere, s.finale) for s in spec.seasons],
            key=spec.key,
            needs_ost_mark=spec.needs_ost_mark,
            days_before=spec.days_before,
            days_after=spec.days_after,
            music=spec.music,
        )

    @property
    def name(self) -> str:
        return self.names[0] if self.names else self.title(min(self.seasons, default=1))

    def read(self, album: Album) -> Reading:
        names = album.names
        if names not in self._readings:
            self._readings[names] = self.reader.read(names)
        return self._readings[names]

    def named(self, titles: Iterable[str]) -> set[int]:
        """The season numbers the titles name (any of the show's names with a season mark, a
        season's own name, or, for a one-season show, the show's name alone)."""
        return set(self.reader.read(titles).seasons)

    def title(self, season: int) -> str:
        names = self.seasons.get(season, ())
        if names:
            return names[0]
        if self.names and season in self.seasons:
            return self.names[0] + (f" season {season}" if len(self.seasons) > 1 else "")
        return f"season {season}"

    def window(self, season: int) -> tuple[date, date] | None:
        """The season's time, or None when no premiere is known."""
        premiere, finale = self.air.get(season, (None, None))
        if premiere is None:
            return None
        return window(premiere, finale, self.days_before, self.days_after)


def window(
    premiere: date,
    finale: date | None,
    days_before: int = DAYS_BEFORE,
    days_after: int = DAYS_AFTER,
) -> tuple[date, date]:
    """From ``days_before`` the premiere to ``days_after`` the finale (the premiere while the
    show is still on)."""
    return dates.shift(premiere, -days_before), dates.shift(finale or premiere, days_after)
