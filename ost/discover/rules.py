"""The rules of discovery, as pure functions over plain data (no network, no database).

An album is accepted for a season only on stated evidence, and each piece of it is kept as data
(``Evidence``): its title names the show and that season; its release date lies in the show's
time (six months before the premiere to a year after the finale); and it shares an artist or a
recording with the season's catalogue, or is another numbered part of a series whose other parts
were accepted. The tracks of accepted albums are then sorted into songs the catalogue knows, new
songs, variants (Inst., MR, karaoke, piano, sped up ...) and repeats of a recording already listed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from ost.match.normalize import alias_keys, artist_parts, strip_version
from ost.match.release import parse_release_date
from ost.service import Album, AlbumTrack, ArtistRef
from ost.text import fold

# "사운드트랙 #1", "Soundtrack No. 2", "사운드트랙 시즌 2": the mark between the show's name and the
# season's number. A bare number is not enough ("Soundtrack 2" is any soundtrack's second).
SEASON_MARK = r"\s*(?:#|no\.|no|시즌|season)\s*(\d+)(?!\d)"
# "Part.2", "Pt. 2", "파트 2": a numbered part of an OST series (never a season).
PART = re.compile(r"(?:\bpart|\bpt|파트)\s*\.?\s*(\d+)(?!\d)", re.IGNORECASE)
# Release labels dropped from a title to find its series: "OST", "(Original Soundtrack)".
OST_LABEL = re.compile(
    r"\bo\.?s\.?t\b\.?|\boriginal\s+(?:television\s+|tv\s+|drama\s+|series\s+)?soundtrack\b",
    re.IGNORECASE,
)
NAME_NUMBER = re.compile(r"^(.*?)\s*(?:#|no\.?|시즌|season)?\s*(\d+)$", re.IGNORECASE)

EVIDENCE_KINDS = ("title", "date", "artist", "recording", "series")
LINK_KINDS = ("artist", "recording", "series")
"""At least one of these must hold besides the title and the date."""


# --- the show and its seasons -----------------------------------------------------------------


@dataclass(frozen=True)
class Show:
    """The show's names per season, as `data/` gives them ("사운드트랙 #1", "Soundtrack #1")."""

    seasons: dict[int, tuple[str, ...]]
    patterns: tuple[re.Pattern[str], ...] = ()

    @classmethod
    def from_names(cls, seasons: Mapping[int, Sequence[str]]) -> Show:
        bases = {}
        for names in seasons.values():
            for name in names:
                m = NAME_NUMBER.match(name.strip())
                base = m.group(1).strip() if m else ""
                if base:
                    bases[fold(base)] = base
        patterns = tuple(
            re.compile(_loose(base) + SEASON_MARK, re.IGNORECASE) for base in bases.values()
        )
        return cls({n: tuple(names) for n, names in seasons.items()}, patterns)

    def named(self, titles: Iterable[str]) -> set[int]:
        """The season numbers the titles name (any of the show's names with a season mark)."""
        found = set()
        for title in titles:
            for pattern in self.patterns:
                found |= {int(n) for n in pattern.findall(title)}
        return found

    def title(self, season: int) -> str:
        names = self.seasons.get(season, ())
        return names[0] if names else f"season {season}"


def _loose(base: str) -> str:
    """A name as a pattern in which spacing may differ ("사운드트랙" matches "사운드 트랙")."""
    letters = [re.escape(ch) for ch in base if not ch.isspace()]
    return r"\s*".join(letters)


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


def artist_keys(names: Iterable[str]) -> frozenset[str]:
    return frozenset(k for name in names for part in artist_parts(name) for k in alias_keys(part))


def credited_keys(artists: Iterable[ArtistRef]) -> dict[str, str]:
    """Folded key -> name as credited, for every name (and part of a name) of the artists."""
    out: dict[str, str] = {}
    for artist in artists:
        for name in artist.names:
            for key in artist_keys([name]):
                out.setdefault(key, name)
    return out


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

    @property
    def reason(self) -> str:
        """The sentence a person reads, rendered from the evidence."""
        if self.accepted:
            return "accepted: " + "; ".join(e.detail for e in self.evidence if e.ok)
        shown = [e for e in self.evidence if not e.ok and e.kind not in LINK_KINDS]
        if not any(e.ok for e in self.evidence if e.kind in LINK_KINDS):
            shown += [
                e
                for e in self.evidence
                if e.kind in LINK_KINDS and (e.kind != "series" or self.series)
            ]
        return "refused: " + "; ".join(e.detail for e in shown)


def series_of(album: Album) -> tuple[str, int] | None:
    """(series key, part number) from a title such as "사운드트랙 #1 OST Part.8"."""
    m = PART.search(album.name) or PART.search(album.name_en)
    if not m:
        return None
    title = album.name if PART.search(album.name) else album.name_en
    rest = OST_LABEL.sub(" ", PART.sub(" ", title))
    return fold(rest), int(m.group(1))


def _title_evidence(album: Album, season: SeasonEvidence, show: Show) -> Evidence:
    named = show.named(album.names)
    if season.number in named:
        return Evidence("title", True, f"its title names {season.title}")
    if named:
        others = ", ".join(show.title(n) for n in sorted(named))
        return Evidence("title", False, f"its title names {others}, not {season.title}")
    return Evidence("title", False, f"its title does not name {season.title}")


def _date_evidence(album: Album, season: SeasonEvidence) -> Evidence:
    span = parse_release_date(album.release_date)
    if span is None:
        return Evidence("date", False, "its release date is not given")
    if season.window is None:
        return Evidence("date", False, f"the sources give no air dates for {season.title}")
    start, end = season.window
    inside = start <= span[0] and span[1] <= end
    where = "within" if inside else "outside"
    return Evidence(
        "date",
        inside,
        f"released {album.release_date}, {where} the show's time ({start} .. {end})",
    )


def _artist_evidence(
    album: Album, tracks: Sequence[AlbumTrack] | None, season: SeasonEvidence
) -> Evidence:
    credited = credited_keys([*album.artists, *(a for t in tracks or () for a in t.artists)])
    shared = [name for key, name in credited.items() if key in season.artist_keys]
    if shared:
        names = ", ".join(dict.fromkeys(shared))
        return Evidence("artist", True, f"it credits {names}, an artist of {season.title}")
    return Evidence("artist", False, f"it credits no artist of {season.title}")


def _recording_evidence(tracks: Sequence[AlbumTrack] | None, season: SeasonEvidence) -> Evidence:
    if tracks is None:
        return Evidence("recording", False, "its tracks were not looked at")
    shared = [t for t in tracks if t.id in season.recordings or (t.isrc or "") in season.recordings]
    if shared:
        names = ", ".join(f'"{t.name}"' for t in shared)
        return Evidence("recording", True, f"it holds the matched recording of {names}")
    return Evidence("recording", False, "it holds none of the season's matched recordings")


def _series_evidence(
    series: tuple[str, int] | None, accepted_parts: dict[str, set[int]], season: SeasonEvidence
) -> Evidence:
    if series is None:
        return Evidence("series", False, "it is no numbered part of an accepted series")
    others = sorted(accepted_parts.get(series[0], set()) - {series[1]})
    if others:
        listed = ", ".join(map(str, others))
        return Evidence(
            "series", True, f"it is part {series[1]} of a series whose parts {listed} were accepted"
        )
    return Evidence("series", False, f"no other part of its series was accepted for {season.title}")


def judge(
    album: Album,
    tracks: Sequence[AlbumTrack] | None,
    season: SeasonEvidence,
    show: Show,
    accepted_parts: dict[str, set[int]] | None = None,
) -> AlbumVerdict:
    """Accept the album for the season only when title, date and one link (artist, recording
    or series) all hold. ``tracks`` is None when they were not fetched (the title or the date
    already refuse)."""
    series = series_of(album)
    evidence = [_title_evidence(album, season, show), _date_evidence(album, season)]
    evidence += [
        _artist_evidence(album, tracks, season),
        _recording_evidence(tracks, season),
        _series_evidence(series, accepted_parts or {}, season),
    ]
    accepted = evidence[0].ok and evidence[1].ok and any(e.ok for e in evidence[2:])
    return AlbumVerdict(album, season.number, accepted, tuple(evidence), series)


def worth_fetching(album: Album, season: SeasonEvidence, show: Show) -> bool:
    """The title and the date hold: only then are the album's tracks worth a request."""
    return _title_evidence(album, season, show).ok and _date_evidence(album, season).ok


def judge_all(
    albums: Sequence[tuple[Album, Sequence[AlbumTrack] | None]], season: SeasonEvidence, show: Show
) -> list[AlbumVerdict]:
    """Judge every album; a numbered part is accepted once another part of its series is, so
    judging repeats until nothing changes."""
    parts: dict[str, set[int]] = {}
    verdicts: dict[str, AlbumVerdict] = {}
    while True:
        changed = False
        for album, tracks in albums:
            verdict = judge(album, tracks, season, show, parts)
            before = verdicts.get(album.id)
            verdicts[album.id] = verdict
            if verdict.accepted and verdict.series:
                parts.setdefault(verdict.series[0], set()).add(verdict.series[1])
            changed |= before is None or before.accepted != verdict.accepted
        if not changed:
            break
    return [verdicts[album.id] for album, _ in albums]


# --- sorting an accepted album's tracks -------------------------------------------------------


@dataclass(frozen=True)
class KnownSong:
    """A catalogue track of the season, as discovery compares album tracks with it."""

    track_id: str
    titles: tuple[str, ...]
    artist_keys: frozenset[str]
    recordings: frozenset[str] = frozenset()
    """Spotify track id and ISRC of its match, when it has one."""


@dataclass(frozen=True)
class Listing:
    """One track of an accepted album and what it is to the catalogue."""

    track: AlbumTrack
    album: Album
    kind: str
    """``new``, ``known`` (a catalogue song), ``repeat`` (a recording listed before, e.g. on a
    compilation) or ``variant`` (Inst., MR, karaoke, piano, sped up ... of a song)."""
    of: str | None
    """The catalogue id, or the title of the new song, it repeats or varies."""
    why: str
    flags: tuple[str, ...] = ()


@dataclass
class _Song:
    label: str  # catalogue id, or the new song's title
    catalogue: bool
    titles: set[str]
    artists: frozenset[str]
    recordings: set[str] = field(default_factory=set)
    listed: bool = False  # seen on an album already


def _title_keys(names: Iterable[str]) -> set[str]:
    return {fold(strip_version(n)[0]) for n in names if fold(strip_version(n)[0])}


def _flags(track: AlbumTrack) -> tuple[str, ...]:
    found: set[str] = set()
    for name in (track.name, track.name_en):
        found |= strip_version(name)[1]
    return tuple(sorted(found))


def order_key(album: Album, track: AlbumTrack) -> tuple[str, str, int, int]:
    """Release date, then the album, then disc and track number."""
    return (album.release_date or "9999", album.id, track.disc, track.number)


def classify(
    known: Sequence[KnownSong], albums: Sequence[tuple[Album, Sequence[AlbumTrack]]]
) -> list[Listing]:
    """Every track of the accepted albums in release order, sorted into new / known / repeat /
    variant. A variant or a repeat is never a new song."""
    songs = [
        _Song(k.track_id, True, set(_title_keys(k.titles)), k.artist_keys, set(k.recordings))
        for k in known
    ]
    rows = sorted(((a, t) for a, ts in albums for t in ts), key=lambda at: order_key(*at))
    originals = [(a, t) for a, t in rows if not _flags(t)]
    listings: dict[tuple[str, str], Listing] = {}
    for album, track in originals:
        listings[(album.id, track.id)] = _place(track, album, songs)
    for album, track in rows:
        if (album.id, track.id) not in listings:
            listings[(album.id, track.id)] = _variant(track, album, songs)
    return [listings[(a.id, t.id)] for a, t in rows]


def _same_song(song: _Song, track: AlbumTrack, titles: set[str], artists: frozenset[str]) -> bool:
    if track.id in song.recordings or (track.isrc and track.isrc in song.recordings):
        return True
    return bool(song.titles & titles) and bool(song.artists & artists)


def _place(track: AlbumTrack, album: Album, songs: list[_Song]) -> Listing:
    titles = _title_keys((track.name, track.name_en))
    artists = frozenset(credited_keys(track.artists))
    for song in songs:
        if _same_song(song, track, titles, artists):
            first = not song.listed
            song.listed = True
            song.recordings |= {track.id, *([track.isrc] if track.isrc else [])}
            if first and song.catalogue:
                return Listing(track, album, "known", song.label, f"the catalogue's {song.label}")
            why = f'the same song as {_quoted(song)}, again on "{album.name}"'
            return Listing(track, album, "repeat", song.label, why)
    songs.append(
        _Song(track.name, False, titles, artists, {track.id, *filter(None, [track.isrc])}, True)
    )
    why = f'track {track.number} of "{album.name}" ({album.release_date}); not in the catalogue'
    return Listing(track, album, "new", None, why)


def _variant(track: AlbumTrack, album: Album, songs: list[_Song]) -> Listing:
    flags = _flags(track)
    titles = _title_keys((track.name, track.name_en))
    artists = frozenset(credited_keys(track.artists))
    song = next((s for s in songs if s.titles & titles and s.artists & artists), None)
    song = song or next((s for s in songs if s.titles & titles), None)
    what = ", ".join(f.replace("_", " ") for f in flags)
    article = "an" if what[:1] in "aeiou" else "a"
    why = (
        f"{article} {what} version" + (f" of {_quoted(song)}" if song else "") + ", not a new song"
    )
    return Listing(track, album, "variant", song.label if song else None, why, flags)


def _quoted(song: _Song) -> str:
    return song.label if song.catalogue else f'"{song.label}"'
