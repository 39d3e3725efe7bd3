"""Playlist commands: `playlist list|show|sync`."""

from __future__ import annotations

from typing import Any

import click

from ost import catalogue
from ost.cli import SuggestingGroup
from ost.cli.locking import exclusive
from ost.cli.output import cell, emit, max_wait_option, note, output_options
from ost.cli.seasons import scope_options, season_option, show_option
from ost.cli.services import defaulted, flag, match_command, service_option
from ost.cli.tables import in_language, table_width, view_options, wide_option
from ost.decisions import Status
from ost.errors import InputError
from ost.service import LINKS, ServiceName
from ost.text import harmless, plural, shorten


def selection_options(func: Any) -> Any:
    """NAME (a definition) or --season N (repeatable), and --show KEY; neither NAME nor
    --season means every season's playlist (of the show given, else of every show)."""
    func = season_option("That season's playlist (repeatable).")(func)
    func = show_option("Only this show's playlists (its key, as `ost shows` lists it, or a name).")(
        func
    )
    return click.argument("name", required=False)(func)


@click.group(cls=SuggestingGroup)
def playlist() -> None:
    """Playlist definitions, what they resolve to, and their sync on Spotify or YouTube Music."""


@playlist.command("list")
@show_option("Only this show's playlists (its key, as `ost shows` lists it, or a name).")
@output_options
@wide_option
def list_(show: str | None, fmt: str) -> None:
    """The playlist definitions: one per season of each show, and yours in $OST_HOME/playlists.

    Example: ost playlist list
    """
    from ost import playlists

    db = catalogue.open_catalogue()
    valid, refused = [], list(playlists.broken_definitions())
    for d in playlists.load_definitions(db):
        if show is not None and d.show != show:
            continue
        try:
            playlists.check_seasons(db, d)  # a season the catalogue lacks: refused, as on use
        except InputError as e:
            refused.append(e)
        else:
            valid.append(d)
    rows = [
        {
            "key": d.key,
            "name": d.name,
            "show": d.show,
            "seasons": list(d.seasons),
            "statuses": list(d.statuses),
            "artists": list(d.artists),
            "tracks": list(d.tracks),
            "order": d.order,
            "description": d.description,
            "file": str(d.path),
        }
        for d in valid
    ]
    emit(rows, fmt, ("key", "name", "seasons", "order", "file"))
    for error in refused:
        click.echo(f"skipped (broken): {harmless(str(error))}", err=True)


@playlist.command("show")
@selection_options
@service_option("Resolve each entry to its recording on this service.")
@output_options
@view_options
def show(
    name: str | None,
    show: str | None,
    seasons: tuple[int, ...],
    service: ServiceName,
    fmt: str,
    names: str,
) -> None:
    """The generated playlist, offline: order, titles, artists, and what each entry resolves to.

    --json prints an array of {key, name, entries}; --nl one such object a line; --csv one line
    per entry, with the playlist's key first.

    Example: ost playlist show --season 1 --service ytmusic
    """
    from ost import playlists

    db = catalogue.open_catalogue()
    definitions = playlists.chosen(name, seasons, show, db)
    if fmt in ("json", "nl"):
        emit((_whole(_shown(db, d, service)) for d in definitions), fmt, ())
        return
    if fmt == "csv":
        rows = (
            {"playlist": d.key, **row}
            for d in definitions
            for row in _shown(db, d, service)["entries"]
        )
        emit(rows, fmt, ("playlist",) + PLAYLIST_ENTRY_COLUMNS)
        return
    for definition in definitions:
        shown = [in_language(r, names) for r in _shown(db, definition, service)["entries"]]
        which = f"  ({definition.key}, {plural(len(shown), 'track')})"
        heading = cell(definition.name) + which
        click.echo(shorten(heading, table_width() or len(heading) * 2, keep=which))  # it fits too
        emit(shown, "table", ("#", "id", "title", "artists", "resolves_to", "location"))
        click.echo("")


PLAYLIST_ENTRY_COLUMNS = (
    "#",
    "id",
    "title",
    "title_en",
    "artists",
    "artists_en",
    "match_status",
    "resolves_to",
    "location",
    "spotify_uri",
    "local_path",
    "duration_ms",
    "uri",
    "url",
)


def _whole(shown: dict[str, Any]) -> dict[str, Any]:
    return {**shown, "entries": list(shown["entries"])}


def _shown(db: Any, definition: Any, service: ServiceName) -> dict[str, Any]:
    """{key, name, entries}: the entries made as they are read."""
    from ost import overview, playlists

    entries = playlists.with_local_files(db, playlists.iter_plan(db, definition, service))
    instead = overview.advised_service(db, service, defaulted())
    rows = (_show_row(i, e, instead) for i, e in enumerate(entries, 1))
    return {"key": definition.key, "name": definition.name, "entries": rows}


def _show_row(position: int, e: Any, instead: ServiceName | None = None) -> dict[str, Any]:
    return {
        "#": position,
        "id": e.track_id,
        "title": e.title,
        "title_en": e.title_en,
        "artists": e.artists,
        "artists_en": e.artists_en,
        "match_status": e.match_status,
        "resolves_to": e.resolved_to,
        "location": e.local_path
        or _location(e)
        or why_unresolved(e.match_status, e.service, instead=instead),
        "spotify_uri": e.spotify_uri,
        "local_path": e.local_path,
        "duration_ms": e.length_ms(e.local_path is not None),
        "uri": e.uri,
        "url": e.link,
    }


def _location(e: Any) -> str | None:
    """Spotify's URI (as it always was), another service's link (its bare ids say little)."""
    return e.uri if e.service == ServiceName.SPOTIFY else e.link


def why_unresolved(
    match_status: str | None,
    service: ServiceName = ServiceName.SPOTIFY,
    scoped: str = "",
    instead: ServiceName | None = None,
) -> str:
    """Why an entry resolves to nothing on the service, and what to run (with ``scoped``, the
    ``--show`` the command was given). A track rated none was searched already: a search past
    the cache, or the closest candidate (`ost show` names it; review lists only the near ones),
    comes before pinning one by hand. ``instead``: the
    service to name where `ost match` cannot search this one (``overview.advised_service``)."""
    on = flag(service) + scoped
    if instead not in (None, service) and match_status in (None, Status.REJECTED):
        return (
            f"not matched on {LINKS[service].label}, where `ost match` needs credentials: add "
            f"`--service {instead}` for your {LINKS[instead].label} matches"
        )
    why: dict[str | None, str] = {
        None: f"not matched yet: run `{match_command(service)}{scoped}`",
        Status.REVIEW: f"match waiting for review: `ost review{on}`",
        Status.REJECTED: f"match rejected: run `{match_command(service)}{scoped}` to look further",
        Status.NONE: f"not found on {LINKS[service].label}: `ost show ID` names the closest "
        f"candidate (`ost accept ID URI{flag(service)}` takes it), `ost match --refresh{on}` "
        "searches again",
    }
    return why.get(match_status, "unresolved")


LISTED = 3
"""Tracks a sync's or an export's report names; the others are counted and a command lists them."""


def listed_tracks(entries: list[Any], count: int, lister: str) -> str:
    """The first LISTED of ``count`` tracks by id and title, the rest counted: one short line."""
    names = "; ".join(f"{e.track_id} {cell(e.title)}" for e in entries[:LISTED])
    more = count - min(len(entries), LISTED)
    return names + (f"; and {more} more (`{lister}` lists them)" if more else "")


def reasons(counted: dict[str, int]) -> str:
    """Why tracks are unresolved and what to do: the one reason, or each with its count."""
    if len(counted) == 1:
        return next(iter(counted))
    ranked = sorted(counted.items(), key=lambda item: -item[1])
    return "; ".join(f"{n} {why}" for why, n in ranked)


@playlist.command("sync")
@service_option("The service whose playlist to keep.")
@click.argument("name", required=False)
@show_option("Only this show's playlists (its key, as `ost shows` lists it, or a name).")
@season_option("That season's playlist (repeatable).")
@click.option("--name", "title", help="Create under, or rename the playlist to, this title.")
@click.option(
    "--public/--private",
    default=None,
    help="Create as, or change to, public or private (default: private; later runs leave it).",
)
@click.option("--dry-run", is_flag=True, help="Print the difference; write nothing.")
@click.option(
    "--prune-duplicates",
    is_flag=True,
    help="Remove other playlists that carry this playlist's ost marker (kept: the one synced).",
)
@max_wait_option
@exclusive
def sync(
    service: ServiceName,
    name: str | None,
    show: str | None,
    seasons: tuple[int, ...],
    title: str | None,
    public: bool | None,
    dry_run: bool,
    max_wait: float,
    prune_duplicates: bool = False,
) -> None:
    """Create or update the playlist on a service: exactly the accepted matches, in order.

    Writes only what differs; a run with nothing to change writes nothing. Needs `ost login`
    (`--service ytmusic`: `ost login --service ytmusic --headers FILE`).

    Example: ost playlist sync --season 1 --service ytmusic
    """
    from ost import playlists
    from ost import sync as core

    target = _writer(service, max_wait)  # it logs in on its first request
    db = catalogue.open_catalogue()
    options = core.Options(
        name=title, public=public, dry_run=dry_run, prune_duplicates=prune_duplicates
    )
    definitions = playlists.chosen(name, seasons, show, db)
    if title is not None and len(definitions) != 1:
        raise click.UsageError("--name renames one playlist: give its NAME or a single --season")
    writes = 0
    for result in core.sync_all(db, target, definitions, options, note):
        writes += result.writes
        _report(result, db, service, show)
    if target.requests:
        click.echo(
            f"{LINKS[target.name].label} requests: {target.requests} "
            f"({plural(writes, 'write')})." + (" Dry run: nothing written." if dry_run else ""),
            err=True,
        )


def _writer(service: ServiceName, max_wait: float) -> Any:
    """The service's adapter, with the user's login (read on its first request)."""
    if service == ServiceName.YTMUSIC:
        from ost.ytmusic.service import YouTubeMusicService

        return YouTubeMusicService(notify=note, user=True)
    from ost.spotify.service import SpotifyService

    return SpotifyService(user=True, max_wait=max_wait, notify=note)


def _report(r: Any, db: Any, service: ServiceName, show: str | None) -> None:
    click.echo(_summary(r))
    if r.dry_run:
        for line in _diff_lines(r, db):
            click.echo(line)
    if r.unresolved:
        from collections import Counter

        scoped = scope_options(show, ())
        n = len(r.unresolved)
        listed = listed_tracks(r.unresolved, n, f"ost playlist show {r.key}{flag(service)}")
        why = Counter(why_unresolved(e.match_status, service, scoped) for e in r.unresolved)
        click.echo(
            f"{n} track{'s have' if n != 1 else ' has'} no accepted match: {listed} — "
            + reasons(why)
        )


def _summary(r: Any) -> str:
    head = f"{r.title}{' (dry run)' if r.dry_run else ''}: "
    link = f" — {r.url}" if r.url else ""
    if r.nothing_to_sync:
        if r.playlist_id:
            return head + (  # ost has no command that empties a playlist: say where to
                "no track has an accepted match; the playlist is left as it is, not emptied "
                f"(to clear it, remove its tracks in the app){link}"
            )
        return head + "no track has an accepted match; nothing created or changed"
    would = "would be " if r.dry_run else ""
    parts = []
    if r.created:
        parts.append(f"{would}created")
    if r.adopted:
        parts.append(f"{would}adopted (ost made it earlier)")
    if "name" in r.details:
        parts.append(f"{would}renamed")
    if "public" in r.details:
        parts.append(f"{would}made {'public' if r.details['public'] else 'private'}")
    d = r.diff
    if d.added:
        parts.append(f"{plural(len(d.added), 'track')} {would}added")
    if d.removed:
        parts.append(f"{len(d.removed)} {would}removed")
    if d.reordered:
        parts.append(f"{would}reordered")
    if not parts:
        return head + f"unchanged ({plural(r.total, 'track')}){link}"
    total = "" if r.created else f" ({plural(r.total, 'track')})"
    return head + ", ".join(parts) + total + link


def _diff_lines(r: Any, db: Any) -> list[str]:
    from ost import overview

    by_uri = {e.uri: (e.track_id, e.title) for e in r.entries if e.uri}
    gone = [u for u in r.diff.removed if u not in by_uri]
    service = r.entries[0].service if r.entries else ServiceName.SPOTIFY
    known = {**overview.tracks_for_uris(db, gone, service), **by_uri} if gone else by_uri

    def named(uri: str) -> str:
        track = known.get(uri)
        return f"{track[0]}  {cell(track[1])}  {uri}" if track else uri

    lines = [f"  + {named(u)}" for u in r.diff.added]
    wanted = set(by_uri)
    lines += [
        f"  - {named(u)}" + ("  (an extra copy)" if u in wanted else "") for u in r.diff.removed
    ]
    if r.diff.reordered:
        lines.append("  ~ the order changes")
    return lines


COMMANDS = [playlist]
