"""What the companion page shows, gathered from the catalogue, the matches and the library.

This is the one module of the page that reads the database: it calls a few core functions
(``catalogue.season_rows``, ``catalogue.iter_tracks``, ``catalogue.artists_by_track``,
``files.files_for_tracks``) and one query for the fields listings leave out (credits, notes,
sources). Everything it returns is plain data; the templates only lay it out.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, urlsplit

import sqlite_utils

from ost import catalogue, dates
from ost.catalogue.store import Kind
from ost.page import timeline
from ost.page.links import Listen, PlaylistLink, kept_playlists, linked_services, listen_links
from ost.service import LINKS, ServiceName
from ost.text import fold, plural

# What each status means, for the reader. Any other status is shown as it is, without a note.
STATUS_NOTES = {
    "confirmed": "Written sources confirm this release.",
    "discovered": "Found among the OST releases on Spotify; the written sources do not list it.",
    "unverified": "Attributed to the show by a single low-reliability source only.",
}
# Season facts in the order the page lists them; the rest follow in the data's order.
FACT_ORDER = ("platform", "premiere", "finale", "episodes", "schedule", "directors", "writers")
FACT_LABELS = {"ost_production": "OST production"}
FIELD_LABELS = {
    "title": "Title",
    "title_en": "English title",
    "artists": "Artists",
    "release_date": "Release date",
    "order": "Release order",
    "credits": "Credits",
    "episodes": "Episodes",
}
AUDIO_TYPES = {
    ".mp3": "audio/mpeg",
    ".flac": "audio/flac",
    ".m4a": "audio/mp4",
    ".mp4": "audio/mp4",
    ".ogg": "audio/ogg",
    ".opus": "audio/ogg",
    ".wav": "audio/wav",
}
_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclass
class Name:
    """A name in Korean (or as written) and its English rendering when one differs."""

    ko: str
    en: str | None = None


@dataclass
class Source:
    url: str
    label: str  # the host, e.g. xportsnews.com
    linkable: bool  # only http(s) addresses become links


@dataclass
class Fact:
    key: str
    label: str
    value: str
    note: str | None
    uncertain: bool
    sources: list[Source]


@dataclass
class CastMember:
    actor: Name
    character: Name
    role: str | None
    note: str | None
    uncertain: bool
    sources: list[Source]
    sings: list[Song] = field(default_factory=list)


@dataclass
class Song:
    id: str
    anchor: str  # the element id in the page
    show: str
    season: int
    order: int | None
    title: Name
    aliases: list[str]
    artists: list[Name]
    credits: list[dict[str, str]]
    release_date: str | None
    episodes: list[int]
    status: str
    status_note: str
    uncertain: list[tuple[str, str, str]]  # (field, label, why)
    note: str | None
    listen: list[Listen]
    local_href: str | None
    local_type: str | None
    local_name: str | None
    sources: list[Source]
    search: str  # folded names and titles, for the filter box
    air_relation: str | None = None  # "12 days before the premiere" ...
    kind: str = "song"  # or "score": a piece of the score, counted apart from the songs

    @property
    def spotify_url(self) -> str | None:
        return next((on.url for on in self.listen if on.service == ServiceName.SPOTIFY), None)

    def is_uncertain(self, name: str) -> bool:
        return any(f == name for f, _, _ in self.uncertain)


@dataclass
class SeasonPage:
    number: int
    anchor: str  # "1" for the bundled show's season 1 ("#season-1"), "KEY-1" for another's
    title: Name
    facts: list[Fact]
    cast: list[CastMember]
    sources: list[Source]
    songs: list[Song]
    status_counts: list[tuple[str, int]]
    timeline: timeline.Timeline
    playlists: list[PlaylistLink] = field(default_factory=list)

    @property
    def counted(self) -> str:
        """ "12 songs + 4 score": the score's pieces are no songs."""
        return counted(self.songs)


@dataclass
class PageData:
    shows: list[Name]  # the shows the page covers, in listing order
    bundled_only: bool  # the bundled show's page, as it always was
    seasons: list[SeasonPage]
    statuses: list[tuple[str, str]]  # (status, what it means) for the statuses shown
    song_count: int
    generated: str
    version: str
    score_count: int = 0
    outside: str = "links to sources"  # what the links lead to ("… and to Spotify")

    @property
    def counted(self) -> str:
        return _counted(self.song_count, self.score_count)


# --- small pure helpers ---------------------------------------------------------------------


def counted(songs: list[Song]) -> str:
    """How many songs and, apart, how many pieces of score: "12 songs + 4 score"."""
    score = sum(s.kind == Kind.SCORE for s in songs)
    return _counted(len(songs) - score, score)


def _counted(songs: int, score: int) -> str:
    return plural(songs, "song") + (f" + {score} score" if score else "")


def source(url: str) -> Source:
    """A source address; only http(s) addresses are linked (never ``javascript:`` and the like)."""
    text = str(url).strip()
    parts = urlsplit(text)
    if parts.scheme in ("http", "https") and parts.netloc:
        host = parts.hostname or parts.netloc
        return Source(text, host.removeprefix("www.").removeprefix("m."), True)
    return Source(text, text, False)


def sources(urls: Any) -> list[Source]:
    """Sources in their order; a site named twice is numbered ("xportsnews.com (2)")."""
    out = [source(u) for u in (urls if isinstance(urls, list) else [])]
    seen: dict[str, int] = {}
    for src in out:
        if src.linkable:
            seen[src.label] = seen.get(src.label, 0) + 1
            if seen[src.label] > 1:
                src.label = f"{src.label} ({seen[src.label]})"
    return out


def relative_href(path: str, out_dir: Path) -> str:
    """A link from the page's folder to a local file: relative, so both can move together."""
    target = Path(os.path.abspath(path))
    try:  # both as written (not resolved): the browser walks the path it was given
        rel = os.path.relpath(target, os.path.abspath(out_dir))
    except ValueError:  # another drive (Windows): only an absolute link can reach it
        return target.as_uri()
    return quote(PurePosixPath(*Path(rel).parts).as_posix())


def anchor(track_id: str, used: set[str]) -> str:
    safe = track_id.replace(":", "--")  # another show's ids: "KEY:s1-01"
    base = f"song-{safe}" if _SAFE_ID.match(safe) else f"song-{len(used) + 1}"
    while base in used:
        base += "-x"
    used.add(base)
    return base


def fact_text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


# --- seasons -----------------------------------------------------------------------------------


def _facts(facts: dict[str, Any]) -> list[Fact]:
    keys = [k for k in FACT_ORDER if k in facts] + [k for k in facts if k not in FACT_ORDER]
    return [
        Fact(
            key=k,
            label=FACT_LABELS.get(k, k.replace("_", " ").capitalize()),
            value=fact_text(facts[k].get("value")),
            note=facts[k].get("note"),
            uncertain=facts[k].get("status") == "uncertain",
            sources=sources(facts[k].get("sources", [])),
        )
        for k in keys
    ]


def _cast(rows: list[dict[str, Any]], songs: list[Song]) -> list[CastMember]:
    """The cast; an actor whose name is a song's artist name sings that song (K's actor)."""
    singers = [{fold(n) for a in s.artists for n in (a.ko, a.en) if n} for s in songs]
    out = []
    for c in rows:
        actor = Name(c.get("actor") or c.get("actor_en") or "", _other(c, "actor"))
        member = CastMember(
            actor=actor,
            character=Name(
                c.get("character") or c.get("character_en") or "", _other(c, "character")
            ),
            role=c.get("role"),
            note=c.get("note"),
            uncertain=c.get("status") == "uncertain",
            sources=sources(c.get("sources", [])),
        )
        keys = {fold(n) for n in (actor.ko, actor.en) if n} - {""}
        member.sings = [s for s, names in zip(songs, singers, strict=True) if names & keys]
        out.append(member)
    return out


def _other(row: dict[str, Any], key: str) -> str | None:
    en = row.get(f"{key}_en")
    return en if en and en != row.get(key) else None


# --- songs -------------------------------------------------------------------------------------


def _extras(
    db: sqlite_utils.Database, seasons: tuple[int, ...], show: str | None = None
) -> dict[str, dict[str, Any]]:
    """Credits, notes and sources: what the listings leave out, in one query."""
    where, params = [], list[Any](seasons)
    if seasons:
        where.append(f"season in ({', '.join('?' * len(seasons))})")
    if show:
        where.append("show = ?")
        params.append(show)
    sql = "select id, credits, note, sources from tracks"
    sql += (" where " + " and ".join(where)) if where else ""
    return {r["id"]: r for r in db.query(sql, params)}


def _song(
    row: dict[str, Any],
    extra: dict[str, Any],
    artist_rows: list[dict[str, Any]],
    local: str | None,
    out_dir: Path,
    used: set[str],
) -> Song:
    artists = [
        Name(a["name"], a["name_en"] if a["name_en"] != a["name"] else None) for a in artist_rows
    ]
    title = Name(row["title"], row["title_en"] if row["title_en"] != row["title"] else None)
    names = [row["title"], row["title_en"] or "", *row["aliases"]]
    names += [n for a in artist_rows for n in catalogue.artist_names(a)]
    uncertain = [
        (str(k), FIELD_LABELS.get(str(k), str(k).replace("_", " ").capitalize()), str(why))
        for k, why in row["uncertain"].items()
    ]
    return Song(
        id=row["id"],
        anchor=anchor(row["id"], used),
        show=row["show"],
        season=row["season"],
        order=row["order"],
        title=title,
        aliases=[a for a in row["aliases"] if a not in (row["title"], row["title_en"])],
        artists=artists,
        credits=_credits(extra.get("credits")),
        release_date=row["release_date"],
        episodes=row["episodes"],
        status=row["status"],
        status_note=STATUS_NOTES.get(row["status"], ""),
        uncertain=uncertain,
        note=extra.get("note"),
        listen=listen_links(row["services"]),
        local_href=relative_href(local, out_dir) if local else None,
        local_type=AUDIO_TYPES.get(Path(local).suffix.lower()) if local else None,
        local_name=Path(local).name if local else None,
        sources=sources(json.loads(extra.get("sources") or "[]")),
        search="|".join(dict.fromkeys(f for f in map(fold, names) if f)),
        kind=row["kind"],
    )


def _credits(text: str | None) -> list[dict[str, str]]:
    rows = [c for c in json.loads(text or "[]") if isinstance(c, dict)]
    return [{k: str(c[k]) if c.get(k) else "" for k in ("role", "name", "note")} for c in rows]


def _release_order(songs: list[Song]) -> list[Song]:
    """The catalogue's release order; songs with no known place follow by release date."""
    return sorted(
        songs,
        key=lambda s: (s.order is None, s.order or 0, s.release_date is None, s.release_date or ""),
    )


def _air_relation(day: str | None, air: timeline.AirDates) -> str | None:
    d = dates.parse_day(day)
    if d is None or air.premiere is None:
        return None
    if d < air.premiere:
        n = (air.premiere - d).days
        return f"{n} day{'s' * (n != 1)} before the premiere"
    if air.finale is None or d <= air.finale:
        return "while the show was airing" if air.finale else "on or after the premiere"
    n = (d - air.finale).days
    return f"{n} day{'s' * (n != 1)} after the finale"


# --- the page ----------------------------------------------------------------------------------


def gather(
    db: sqlite_utils.Database,
    out_dir: Path,
    seasons: tuple[int, ...] = (),
    show: str | None = None,
) -> PageData:
    """Everything the page shows, for the chosen seasons (default: all) of one show or all."""
    from ost import __version__
    from ost.catalogue import shows
    from ost.library import files

    rows = list(catalogue.iter_tracks(db, show=show, seasons=seasons, include_unverified=True))
    extras = _extras(db, seasons, show)
    artists = catalogue.artists_by_track(db)
    local = {t: p for t, p in files.files_for_tracks(db).items() if Path(p).is_file()}
    used: set[str] = set()
    songs = [
        _song(
            r, extras.get(r["id"], {}), artists.get(r["id"], []), local.get(r["id"]), out_dir, used
        )
        for r in rows
    ]
    pages = []
    kept = kept_playlists(db)
    season_rows = catalogue.season_rows(db, show)  # counts every track: asked once
    for s in season_rows:
        if seasons and s["season"] not in seasons:
            continue
        own = [x for x in songs if (x.show, x.season) == (s["show"], s["season"])]
        pages.append(_season(s, own))
        pages[-1].playlists = kept.get((s["show"], s["season"]), [])
    shown = [x for p in pages for x in p.songs]
    linked = {on.service for x in shown for on in x.listen}
    linked |= {p.service for page in pages for p in page.playlists}
    statuses = list(dict.fromkeys(x.status for x in shown))
    keys = list(dict.fromkeys(s["show"] for s in season_rows))
    names = [shows.spec(db, k) for k in keys]
    return PageData(
        shows=[Name(n.title, n.title_en if n.title_en != n.title else None) for n in names],
        bundled_only=keys == [catalogue.BUNDLED_SHOW],
        seasons=pages,
        statuses=[(st, STATUS_NOTES.get(st, "")) for st in statuses],
        song_count=sum(x.kind != Kind.SCORE for x in shown),
        score_count=sum(x.kind == Kind.SCORE for x in shown),
        generated=date.today().isoformat(),
        version=__version__,
        outside=linked_services([LINKS[n].label for n in ServiceName if n in linked]),
    )


def _season(s: dict[str, Any], songs: list[Song]) -> SeasonPage:
    air = timeline.air_dates(s["facts"])
    songs = _release_order(songs)
    for song in songs:
        song.air_relation = _air_relation(song.release_date, air)
    counts: dict[str, int] = {}
    for song in songs:
        counts[song.status] = counts.get(song.status, 0) + 1
    return SeasonPage(
        number=s["season"],
        anchor=str(s["season"])
        if s["show"] == catalogue.BUNDLED_SHOW
        else f"{s['show']}-{s['season']}",
        title=Name(s["title"], s["title_en"] if s["title_en"] != s["title"] else None),
        facts=_facts(s["facts"]),
        cast=_cast(s["cast"], songs),
        sources=sources(s["sources"]),
        songs=songs,
        status_counts=list(counts.items()),
        timeline=timeline.layout(
            [
                timeline.Release(
                    x.anchor,
                    x.title.ko,
                    x.title.en,
                    x.release_date,
                    x.is_uncertain("release_date"),
                    x.status,
                )
                for x in songs
            ],
            air,
        ),
    )
