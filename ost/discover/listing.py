"""What each track of an accepted album is to the show, as a pure function over plain data.

A track is a song the catalogue knows, a new song, a variant of a song (Inst., MR, karaoke,
piano, lofi, sped up ...: never a song of its own), a repeat (the same song again, as a full
album repeats the parts' recordings: same ISRC or track id, or the same title and artist), or a
score piece: the music director's piece on a full album (no numbered part, no extra) that is no
song's variant. Score pieces are listed after the songs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ost.discover.naming import EXTRA, PART
from ost.match.normalize import BRACKET, DASH, alias_keys, artist_parts, clean, strip_version
from ost.service.albums import Album, AlbumTrack, ArtistRef
from ost.text import fold

LOFI = re.compile(r"\blo-?\s?fi\b|로파이", re.IGNORECASE)
"""A lofi rendering is a version too, though the matcher's markers do not name it."""
SCORE_MIN_PIECES = 3
"""An artist credited on this many pieces of full albums (and on no part) is taken for the music
director when the show names none."""


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


def _keys(artists: Iterable[ArtistRef]) -> frozenset[str]:
    return frozenset(credited_keys(artists))


def _without_lofi(title: str) -> str | None:
    """The title without a lofi label in brackets or after a dash, else None."""
    for m in BRACKET.finditer(title):
        if LOFI.search(m.group(1)):
            return clean(title[: m.start()] + " " + title[m.end() :])
    dashes = list(DASH.finditer(title))
    if dashes and LOFI.search(title[dashes[-1].end() :]):
        return clean(title[: dashes[-1].start()])
    return None


def _version(name: str) -> tuple[str, frozenset[str]]:
    """The title without version markers, and the flags found ("lofi" among them)."""
    title, flags = strip_version(name)
    bare = _without_lofi(title)
    if bare and fold(bare):
        return bare, flags | {"lofi"}
    return title, flags


def variant_flags(track: AlbumTrack) -> tuple[str, ...]:
    """The version flags of a track's names ("instrumental", "piano", "lofi" ...); none for a song."""
    found: set[str] = set()
    for name in (track.name, track.name_en):
        found |= _version(name)[1]
    return tuple(sorted(found))


def _title_keys(names: Iterable[str]) -> set[str]:
    return {fold(_version(n)[0]) for n in names if fold(_version(n)[0])}


def is_full_album(album: Album) -> bool:
    """Neither a numbered part nor an extra: where the score pieces are."""
    return not any(PART.search(n) or EXTRA.search(n) for n in album.names)


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
    compilation), ``variant`` (Inst., MR, karaoke, piano, sped up ... of a song) or ``score``
    (a piece by the music director)."""
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
    score: bool = False  # a piece of the music director's, not a song


def release_place(names: Iterable[str]) -> tuple[int, int]:
    """Where a release stands in its series when dates tie (YouTube Music dates by year only):
    the numbered parts by number, then the extras, then the full album."""
    titles = tuple(names)
    for name in titles:
        if found := PART.search(name):
            return (0, int(found.group(1)))
    return (1, 0) if any(EXTRA.search(n) for n in titles) else (2, 0)


def album_order(album: Album) -> tuple[str, tuple[int, int], str]:
    """Release date, then the place in the series the title says, then the album."""
    return (album.release_date or "9999", release_place(album.names), album.id)


def order_key(album: Album, track: AlbumTrack) -> tuple[str, tuple[int, int], str, int, int]:
    """Release order (``album_order``), then disc and track number."""
    return (*album_order(album), track.disc, track.number)


def classify(
    known: Sequence[KnownSong],
    albums: Sequence[tuple[Album, Sequence[AlbumTrack]]],
    *,
    music: Iterable[str] | None = (),
) -> list[Listing]:
    """Every track of the accepted albums in release order, sorted into new / known / repeat /
    variant / score, the score pieces (and their variants) after the songs. A variant or a
    repeat is never a new song. ``music`` names the music directors; None infers them (an
    artist of SCORE_MIN_PIECES pieces on full albums who sings no part and no catalogue song);
    empty tells no score apart."""
    directors = _inferred(known, albums) if music is None else artist_keys(music)
    listed = _sort(known, albums, directors)
    pieces = {x.track.name for x in listed if x.kind == "score"}
    after = [x for x in listed if x.kind == "score" or (x.kind == "variant" and x.of in pieces)]
    return [x for x in listed if x not in after] + after


def _inferred(
    known: Sequence[KnownSong], albums: Sequence[tuple[Album, Sequence[AlbumTrack]]]
) -> frozenset[str]:
    singers = {k for s in known for k in s.artist_keys}
    singers |= {k for a, ts in albums if not is_full_album(a) for t in ts for k in _keys(t.artists)}
    pieces: Counter[str] = Counter()
    for x in _sort(known, albums, frozenset()):
        if is_full_album(x.album) and x.of is None and x.kind in ("new", "variant"):
            pieces.update(_keys(x.track.artists) - singers)
    return frozenset(k for k, n in pieces.items() if n >= SCORE_MIN_PIECES)


def _sort(
    known: Sequence[KnownSong],
    albums: Sequence[tuple[Album, Sequence[AlbumTrack]]],
    directors: frozenset[str],
) -> list[Listing]:
    songs = [
        _Song(k.track_id, True, set(_title_keys(k.titles)), k.artist_keys, set(k.recordings))
        for k in known
    ]
    rows = sorted(((a, t) for a, ts in albums for t in ts), key=lambda at: order_key(*at))
    originals = [(a, t) for a, t in rows if not variant_flags(t)]
    listings: dict[tuple[str, str], Listing] = {}
    for album, track in originals:
        listings[(album.id, track.id)] = _place(track, album, songs, directors)
    for album, track in rows:
        if (album.id, track.id) not in listings:
            listings[(album.id, track.id)] = _variant(track, album, songs, directors)
    return [listings[(a.id, t.id)] for a, t in rows]


def _same_song(song: _Song, track: AlbumTrack, titles: set[str], artists: frozenset[str]) -> bool:
    if track.id in song.recordings or (track.isrc and track.isrc in song.recordings):
        return True
    return bool(song.titles & titles) and bool(song.artists & artists)


def _director(track: AlbumTrack, album: Album, directors: frozenset[str]) -> str | None:
    """The music director credited on a track of a full album, by name."""
    if not directors or not is_full_album(album):
        return None
    return next((a.name for a in track.artists if _keys([a]) & directors), None)


def _recordings(track: AlbumTrack) -> set[str]:
    return {track.id, *([track.isrc] if track.isrc else [])}


def _place(
    track: AlbumTrack, album: Album, songs: list[_Song], directors: frozenset[str]
) -> Listing:
    titles = _title_keys((track.name, track.name_en))
    artists = _keys(track.artists)
    for song in songs:
        if _same_song(song, track, titles, artists):
            first = not song.listed
            song.listed = True
            song.recordings |= _recordings(track)
            if first and song.catalogue:
                return Listing(track, album, "known", song.label, f"the catalogue's {song.label}")
            why = f'the same song as {_quoted(song)}, again on "{album.name}"'
            return Listing(track, album, "repeat", song.label, why)
    director = _director(track, album, directors)
    songs.append(
        _Song(track.name, False, titles, artists, _recordings(track), True, director is not None)
    )
    if director:
        return _score(track, album, director)
    dated = f" ({album.release_date})" if album.release_date else ""  # a service may give none
    why = f'track {track.number} of "{album.name}"{dated}; not in the catalogue'
    return Listing(track, album, "new", None, why)


def _score(track: AlbumTrack, album: Album, director: str, flags: tuple[str, ...] = ()) -> Listing:
    why = f'a piece by the music director {director} on "{album.name}", not a song'
    return Listing(track, album, "score", None, why, flags)


def _variant(
    track: AlbumTrack, album: Album, songs: list[_Song], directors: frozenset[str]
) -> Listing:
    flags = variant_flags(track)
    titles = _title_keys((track.name, track.name_en))
    artists = _keys(track.artists)
    song = next((s for s in songs if s.titles & titles and s.artists & artists), None)
    song = song or next((s for s in songs if s.titles & titles), None)
    director = None if song else _director(track, album, directors)
    if director:  # an instrumental piece that varies no song: the director's own
        songs.append(_Song(track.name, False, titles, artists, _recordings(track), True, True))
        return _score(track, album, director, flags)
    what = ", ".join(f.replace("_", " ") for f in flags)
    article = "an" if what[:1] in "aeiou" else "a"
    why = (
        f"{article} {what} version" + (f" of {_quoted(song)}" if song else "") + ", not a new song"
    )
    return Listing(track, album, "variant", song.label if song else None, why, flags)


def _quoted(song: _Song) -> str:
    return song.label if song.catalogue else f'"{song.label}"'
