"""The rules of discovery, as pure functions over plain data (no network, no database).

An album is accepted for a season only on stated evidence, and each piece of it is kept as data
(``Evidence``): its title names the show and that season (with an OST mark, for a show whose
titles must carry one: ``ost.discover.naming``); its release date lies in the show's time
(``Show.window``); it links to the show: it shares an artist or a recording with the season's
catalogue or with an accepted part, or it is a numbered part or an extra of a series whose other
parts were accepted (or, where titles carry an OST mark, of which two parts or more name the
season in its time); and nothing refuses it (a collection of versions only, by artists no
accepted part and no catalogue song shares). The tracks of accepted albums are then sorted
(``ost.discover.listing``) into songs the catalogue knows, new songs, variants, repeats and score.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from ost.discover.listing import (
    KnownSong,
    Listing,
    artist_keys,
    classify,
    credited_keys,
    order_key,
    variant_flags,
)
from ost.discover.naming import PART, Reading
from ost.discover.show import Show
from ost.match.release import parse_release_date
from ost.service import LINKS
from ost.service.albums import Album, AlbumTrack
from ost.text import fold

__all__ = [
    "AlbumVerdict",
    "Evidence",
    "KnownSong",
    "Links",
    "Listing",
    "SeasonEvidence",
    "Show",
    "artist_keys",
    "classify",
    "credited_keys",
    "judge",
    "judge_all",
    "order_key",
    "series_of",
    "worth_fetching",
]

# Release labels dropped from a title to find its series: "OST", "(Original Soundtrack)".
OST_LABEL = re.compile(
    r"\bo\.?s\.?t\b\.?|\boriginal\s+(?:television\s+|tv\s+|drama\s+|series\s+)?soundtrack\b",
    re.IGNORECASE,
)

EVIDENCE_KINDS = ("title", "date", "artist", "recording", "series", "variants")
"""``variants`` is there only when it refuses: it outweighs a link."""
LINK_KINDS = ("artist", "recording", "series")
"""At least one of these must hold besides the title and the date."""


@dataclass(frozen=True)
class SeasonEvidence:
    """What the catalogue knows of one season, for judging albums against it."""

    number: int
    title: str
    window: tuple[date, date] | None
    artist_keys: frozenset[str]
    """Folded names and aliases of every artist credited on the season's tracks."""
    recordings: frozenset[str]
    """Spotify track ids and ISRCs of the season's accepted matches."""


# --- what accepted albums share -------------------------------------------------------------------


@dataclass
class Links:
    """What the parts and extras accepted so far offer the other albums: their part numbers,
    the artists of their songs and their recordings, each by the albums it comes from. It only
    grows."""

    parts: dict[str, set[int]] = field(default_factory=dict)
    """Series key -> part numbers accepted."""
    vouched: dict[str, set[int]] = field(default_factory=dict)
    """Series key -> part numbers of two or more parts that name the season with an OST mark in
    its time (a show whose titles must carry the mark: its parts vouch for each other)."""
    artists: dict[str, set[str]] = field(default_factory=dict)
    """Folded artist key -> ids of accepted parts that credit it on a song (not a version)."""
    recordings: dict[str, set[str]] = field(default_factory=dict)
    """Spotify track id or ISRC -> ids of accepted parts that hold it."""
    albums: dict[str, str] = field(default_factory=dict)
    """Accepted album id -> its name."""

    def take(self, verdict: AlbumVerdict, tracks: Sequence[AlbumTrack] | None) -> None:
        """What an accepted part or extra offers; a full album or a collection offers nothing
        (it may gather more than the show's)."""
        album = verdict.album
        self.albums[album.id] = album.name
        if verdict.series:
            self.parts.setdefault(verdict.series[0], set()).add(verdict.series[1])
        if not (verdict.series or verdict.extra):
            return
        for t in tracks or ():
            for key in [t.id, t.isrc] if t.isrc else [t.id]:
                self.recordings.setdefault(key, set()).add(album.id)
            if not variant_flags(t):
                for key in credited_keys(t.artists):
                    self.artists.setdefault(key, set()).add(album.id)

    def other(self, found: dict[str, set[str]], key: str, album: Album) -> str | None:
        """The name of an accepted album, not this one, that ``found`` lists under ``key``."""
        ids = sorted(found.get(key, set()) - {album.id})
        return self.albums[ids[0]] if ids else None


# --- judging an album --------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence for or against an album: which kind, whether it holds, in words."""

    kind: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class AlbumVerdict:
    album: Album
    season: int | None
    """The season it was judged for (the one its title names when it names one)."""
    accepted: bool
    evidence: tuple[Evidence, ...]
    series: tuple[str, int] | None = None
    """(series key, part number) when its title numbers a part."""
    extra: tuple[str, str] | None = None
    """(series key, the extra's label: "Special Track") when its title names an extra."""

    @property
    def reason(self) -> str:
        """The sentence a person reads, rendered from the evidence."""
        if self.accepted:
            return "accepted: " + "; ".join(e.detail for e in self.evidence if e.ok)
        shown = [e for e in self.evidence if not e.ok and e.kind not in LINK_KINDS]
        if not any(e.ok for e in self.evidence if e.kind in LINK_KINDS):
            in_series = self.series or self.extra
            shown += [
                e
                for e in self.evidence
                if e.kind in LINK_KINDS and (e.kind != "series" or in_series)
            ]
        return "refused: " + "; ".join(e.detail for e in shown)


def series_of(album: Album) -> tuple[str, int] | None:
    """(series key, part number) from a title such as "사운드트랙 #1 OST Part.8"."""
    m = PART.search(album.name) or PART.search(album.name_en)
    if not m:
        return None
    title = album.name if PART.search(album.name) else album.name_en
    return _folded_rest(title), int(m.group(1))


def _folded_rest(title: str) -> str:
    return fold(OST_LABEL.sub(" ", PART.sub(" ", title)))


def _series(
    album: Album, reading: Reading
) -> tuple[tuple[str, int] | None, tuple[str, str] | None]:
    """The series a part or an extra belongs to: the season its title names (whatever language
    and form each part's title takes), else the words of its title without the labels."""
    if reading.part is None and reading.extra is None:
        return None, None
    if len(reading.seasons) == 1:
        key = f"season:{next(iter(reading.seasons))}"
    else:
        key = _folded_rest(next((n for n in album.names if PART.search(n)), album.name))
    part = (key, reading.part) if reading.part is not None else None
    extra = (key, reading.extra) if reading.extra is not None and part is None else None
    return part, extra


def _title_evidence(reading: Reading, season: SeasonEvidence, show: Show) -> Evidence:
    named = reading.marked_seasons if show.needs_ost_mark else reading.seasons
    if season.number in named:
        mark = " with an OST mark" if show.needs_ost_mark else ""
        return Evidence("title", True, f"its title names {season.title}{mark}")
    if named:
        others = ", ".join(show.title(n) for n in sorted(named))
        return Evidence("title", False, f"its title names {others}, not {season.title}")
    if show.needs_ost_mark and reading.mentions:
        said = reading.mentions[0].text
        if reading.marked:  # the show's name and a mark, but no season of several
            words = f"its title names {said} but none of its seasons"
        elif reading.ost_mark:
            words = f"its title names {said} but other words stand between it and its OST mark"
        else:
            words = f"its title names {said} but carries no OST mark"
        return Evidence("title", False, words)
    return Evidence("title", False, f"its title does not name {season.title}")


def _date_evidence(album: Album, season: SeasonEvidence) -> Evidence:
    span = parse_release_date(album.release_date)
    if span is None:
        return Evidence("date", False, "its release date is not given")
    if season.window is None:
        return Evidence("date", False, f"the sources give no air dates for {season.title}")
    start, end = season.window
    if LINKS[album.service].dates_by_year and year_only(album.release_date):
        # the year overlapping the show's time is all such a service can say
        inside = span[0] <= end and start <= span[1]
        where = "a year that overlaps" if inside else "a year outside"
        return Evidence(
            "date",
            inside,
            f"released {album.release_date} (year only), {where} the show's time "
            f"({start} .. {end})",
        )
    inside = start <= span[0] and span[1] <= end
    where = "within" if inside else "outside"
    return Evidence(
        "date",
        inside,
        f"released {album.release_date}, {where} the show's time ({start} to {end})",
    )


def _parts(numbers: Sequence[int], one: str, several: str) -> str:
    """ "part 4 names", "parts 2, 3 name": the parts and a verb agreeing with them."""
    listed = ", ".join(map(str, numbers))
    return f"part {listed} {one}" if len(numbers) == 1 else f"parts {listed} {several}"


def year_only(release_date: str | None) -> bool:
    """A date that names its year alone (``2024``), as YouTube Music dates every album."""
    return bool(release_date) and re.fullmatch(r"\d{4}", str(release_date).strip()) is not None


def _credited(album: Album, tracks: Sequence[AlbumTrack] | None) -> dict[str, str]:
    return credited_keys([*album.artists, *(a for t in tracks or () for a in t.artists)])


def _artist_evidence(
    album: Album, tracks: Sequence[AlbumTrack] | None, season: SeasonEvidence, links: Links
) -> Evidence:
    credited = _credited(album, tracks)
    shared = [name for key, name in credited.items() if key in season.artist_keys]
    if shared:
        names = ", ".join(dict.fromkeys(shared))
        return Evidence("artist", True, f"it credits {names}, an artist of {season.title}")
    for key, name in credited.items():
        other = links.other(links.artists, key, album)
        if other:
            return Evidence("artist", True, f'it credits {name}, who sings on "{other}"')
    return Evidence("artist", False, f"it credits no artist of {season.title}")


def _recording_evidence(
    album: Album, tracks: Sequence[AlbumTrack] | None, season: SeasonEvidence, links: Links
) -> Evidence:
    if tracks is None:
        return Evidence("recording", False, "its tracks were not looked at")
    shared = [t for t in tracks if t.id in season.recordings or (t.isrc or "") in season.recordings]
    if shared:
        names = ", ".join(f'"{t.name}"' for t in shared)
        return Evidence("recording", True, f"it holds the matched recording of {names}")
    for t in tracks:
        other = links.other(links.recordings, t.isrc or "", album)
        other = other or links.other(links.recordings, t.id, album)
        if other:
            return Evidence("recording", True, f'it holds "{t.name}", the recording on "{other}"')
    return Evidence("recording", False, "it holds none of the season's matched recordings")


def _series_evidence(
    series: tuple[str, int] | None,
    extra: tuple[str, str] | None,
    links: Links,
    season: SeasonEvidence,
) -> Evidence:
    if series is None and extra is None:
        return Evidence("series", False, "it is no numbered part of an accepted series")
    key, own = (series[0], {series[1]}) if series else (extra[0] if extra else "", set())
    what = f"part {series[1]}" if series else f"an extra ({extra[1] if extra else ''})"
    vouched = sorted(links.vouched.get(key, set()) - own)
    accepted = sorted(links.parts.get(key, set()) - own)
    if accepted and not vouched:
        return Evidence(
            "series",
            True,
            f"it is {what} of a series whose {_parts(accepted, 'was', 'were')} accepted",
        )
    if vouched:  # said first: the parts' acceptance may rest on this very vouching
        return Evidence(
            "series",
            True,
            f"it is {what} of a series whose {_parts(vouched, 'names', 'name')} {season.title} "
            "with an OST mark in its time",
        )
    return Evidence("series", False, f"no other part of its series was accepted for {season.title}")


def _variants_evidence(
    album: Album, tracks: Sequence[AlbumTrack] | None, season: SeasonEvidence, links: Links
) -> Evidence | None:
    """A refusal, when every track is a version (piano, Inst., karaoke, sped up ...) and no
    credited artist sings a catalogue song or a song on another accepted album."""
    if not tracks or not all(variant_flags(t) for t in tracks):
        return None
    credited = _credited(album, tracks)
    if any(k in season.artist_keys or links.other(links.artists, k, album) for k in credited):
        return None
    flags = ", ".join(sorted({f.replace("_", " ") for t in tracks for f in variant_flags(t)}))
    what = (
        f"all {len(tracks)} of its tracks are versions"
        if len(tracks) > 1
        else "its one track is a version"
    )
    return Evidence("variants", False, f"{what} ({flags}) by artists no accepted part shares")


def judge(
    album: Album,
    tracks: Sequence[AlbumTrack] | None,
    season: SeasonEvidence,
    show: Show,
    accepted_parts: dict[str, set[int]] | None = None,
    *,
    links: Links | None = None,
) -> AlbumVerdict:
    """Accept the album for the season only when title, date and one link (artist, recording
    or series) all hold and nothing refuses it. ``tracks`` is None when they were not fetched
    (the title or the date already refuse). ``accepted_parts`` (series key -> numbers) is the
    older form of ``links.parts``."""
    links = links or Links(parts=dict(accepted_parts or {}))
    reading = show.read(album)
    series, extra = _series(album, reading)
    evidence = [_title_evidence(reading, season, show), _date_evidence(album, season)]
    evidence += [
        _artist_evidence(album, tracks, season, links),
        _recording_evidence(album, tracks, season, links),
        _series_evidence(series, extra, links, season),
    ]
    refusal = _variants_evidence(album, tracks, season, links)
    linked = any(e.ok for e in evidence[2:])
    accepted = evidence[0].ok and evidence[1].ok and linked and refusal is None
    evidence += [refusal] if refusal else []
    return AlbumVerdict(album, season.number, accepted, tuple(evidence), series, extra)


def worth_fetching(album: Album, season: SeasonEvidence, show: Show) -> bool:
    """The title and the date hold: only then are the album's tracks worth a request."""
    reading = show.read(album)
    return _title_evidence(reading, season, show).ok and _date_evidence(album, season).ok


def _vouched(
    albums: Sequence[tuple[Album, Sequence[AlbumTrack] | None]], season: SeasonEvidence, show: Show
) -> dict[str, set[int]]:
    """For a show whose titles carry an OST mark: the series of which two parts or more (by
    number) name the season in its time, versions-only collections aside. Such parts are the
    show's, with no catalogue to vouch for them yet; a lone "Part 1" is not enough."""
    if not show.needs_ost_mark:
        return {}
    found: dict[str, set[int]] = {}
    for album, tracks in albums:
        reading = show.read(album)
        series, _ = _series(album, reading)
        if series is None or not worth_fetching(album, season, show):
            continue
        if tracks and all(variant_flags(t) for t in tracks):
            continue
        found.setdefault(series[0], set()).add(series[1])
    return {key: parts for key, parts in found.items() if len(parts) >= 2}


def judge_all(
    albums: Sequence[tuple[Album, Sequence[AlbumTrack] | None]], season: SeasonEvidence, show: Show
) -> list[AlbumVerdict]:
    """Judge every album; what an accepted album shares (its part, its songs' artists, its
    recordings) may link another, so judging repeats until no verdict changes. What is shared
    only grows, so this ends."""
    links = Links(vouched=_vouched(albums, season, show))
    verdicts: dict[str, AlbumVerdict] = {}
    while True:
        changed = False
        for album, tracks in albums:
            verdict = judge(album, tracks, season, show, links=links)
            before = verdicts.get(album.id)
            verdicts[album.id] = verdict
            if verdict.accepted:
                links.take(verdict, tracks)
            changed |= before is None or before.accepted != verdict.accepted
        if not changed:
            break
    return [verdicts[album.id] for album, _ in albums]
