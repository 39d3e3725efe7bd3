"""Discovery commands: discover (the seasons' OST releases on a streaming service) and
timeline."""

from __future__ import annotations

from collections import Counter
from typing import Any

import click

from ost import catalogue
from ost.cli.locking import exclusive
from ost.cli.output import (
    cell,
    emit,
    emit_object,
    json_option,
    max_wait_option,
    output_options,
    table,
)
from ost.cli.seasons import scope_options, season_option, show_groups, show_option
from ost.cli.services import album_reader, flag, label, service_option
from ost.cli.tables import UNCERTAIN, wide_option
from ost.errors import AuthError
from ost.service import ServiceName
from ost.text import plural


@click.command()
@show_option()
@season_option()
@service_option("Where to look: YouTube Music needs no account.")
@click.option(
    "--add",
    is_flag=True,
    help="Add the new songs (then the score) to the catalogue (status `discovered`).",
)
@click.option("--refused", "show_refused", is_flag=True, help="Also list the refused albums.")
@click.option("--refresh", is_flag=True, help="Ask the service again past the cache.")
@max_wait_option
@wide_option
@json_option("Output one JSON object.")
@exclusive
def discover(
    show: str | None,
    seasons: tuple[int, ...],
    service: ServiceName,
    add: bool,
    show_refused: bool,
    refresh: bool,
    max_wait: float,
    as_json: bool,
) -> None:
    """Find each season's OST releases on a service and the songs the catalogue lacks.

    Albums are accepted only on evidence (title names the show and season, release date in the
    show's time, a shared artist or recording, or another part of an accepted series). For a
    show you added, its parts vouch for each other while its catalogue is empty. On YouTube
    Music (no account needed) an album is dated by its year only, and songs added get their
    YouTube Music recording as their match there.

    Example: ost discover --season 2 --add
    Example: ost discover --show starlight-laundry --add --service ytmusic
    """
    from ost.catalogue import shows
    from ost.discover import run

    db = catalogue.open_catalogue()
    saved: list[list[Any]] = []
    asked = [show] if show else shows.keys(db)  # in the order discovery takes them
    try:
        results, stats = run.discover(
            db,
            album_reader(service, max_wait),
            seasons,
            show=show,
            add=add,
            refresh=refresh,
            saved=saved.append,
        )
    except AuthError as e:  # no Spotify app: YouTube Music discovers with no account at all
        if service != ServiceName.SPOTIFY:
            raise
        raise AuthError(
            f"{e}; discovery works there too: `ost discover{_scope(show, seasons, add)} "
            "--service ytmusic`"
        ) from None
    except KeyboardInterrupt:  # each show's results are saved whole: say which, then exit 130
        _interrupted(saved, as_json, show_refused, add, (show, seasons, asked), service)
        raise
    if as_json:
        out = {
            "service": ServiceName(service).value,
            "seasons": [season_json(r) for r in results],
            "requests": stats.requests,
            "cached": stats.cached,
        }
        emit_object(out)
        return
    several = len({r.show for r in results}) > 1
    for r in results:
        _report(r, show_refused, add, several)
    click.echo(
        f"{label(service)} requests: {stats.requests} (answered from the cache: {stats.cached})."
    )


def _file_of(key: str) -> str:
    from ost import paths

    return str(paths.shows_dir() / f"{key}.toml")


def _scope(show: str | None, seasons: tuple[int, ...], add: bool) -> str:
    """The options of a discovery to run again, as a message suggests it."""
    return scope_options(show, seasons) + (" --add" if add else "")


def _interrupted(
    saved: list[list[Any]],
    as_json: bool,
    show_refused: bool,
    add: bool,
    asked: tuple[str | None, tuple[int, ...], list[str]],
    service: ServiceName = ServiceName.SPOTIFY,
) -> None:
    """What an interrupted discovery kept: each show finished, reported as a whole run does,
    and the shows it did not finish, by name (``saved`` has one entry a finished show)."""
    show, seasons, keys_asked = asked
    results = [r for done in saved for r in done]
    if not as_json:
        for r in results:
            _report(r, show_refused, add, several=show is None)  # every show was asked for
    keys = [done[0].show for done in saved if done]
    pending = ", ".join(keys_asked[len(saved) :])
    again = f"ost discover{_scope(show, seasons, add)}{flag(service)}"
    if keys:
        kept = f"Discovery of {plural(len(keys), 'show')} ({', '.join(keys)}) saved before the "
        kept += "interrupt" + (f", not of {pending}" if pending else "")
    else:
        kept = f"Discovery of {pending or 'the shows'} interrupted before anything was saved"
    click.echo(
        f"{kept}; run `{again}` again to go on (what was fetched is cached).",
        err=True,
    )


def album_json(v: Any) -> dict[str, Any]:
    a = v.album
    return {
        "id": a.id,
        "name": a.name,
        "name_en": a.name_en,
        "album_type": a.album_type,
        "release_date": a.release_date,
        "url": a.url,
        "artists": [x.name for x in a.artists],
        "season": v.season,
        "accepted": v.accepted,
        "reason": v.reason,
        "evidence": [{"kind": e.kind, "ok": e.ok, "detail": e.detail} for e in v.evidence],
    }


def song_json(x: Any) -> dict[str, Any]:
    t, a = x.track, x.album
    return {
        "title": t.name,
        "title_en": t.name_en,
        "artists": [p.name for p in t.artists],
        "artists_en": [p.name_en for p in t.artists],
        "album": a.name,
        "album_url": a.url,
        "release_date": a.release_date,
        "disc": t.disc,
        "track_number": t.number,
        "uri": t.uri,
        "isrc": t.isrc,
        "kind": x.kind,
        "of": x.of,
        "flags": list(x.flags),
        "why": x.why,
    }


def season_json(r: Any) -> dict[str, Any]:
    return {
        "show": r.show,
        "season": r.season,
        "accepted": [album_json(v) for v in r.accepted],
        "refused": [album_json(v) for v in r.refused],
        "songs": [song_json(x) for x in r.listings],
        "new": len(r.new),
        "score": len(r.score),
        "confirmed": r.confirmed,
        "added": r.added,
        "undated": r.undated,
    }


def _report(r: Any, show_refused: bool, add: bool, several: bool = False) -> None:
    if r.undated:
        click.echo(
            (f"{r.show} season {r.season}: " if several else f"Season {r.season}: ")
            + "no air dates, so nothing was searched (an album is judged against the season's"
            f" time): give its `premiere` and `finale` in {_file_of(r.show)}"
            " (docs/shows-format.md)."
        )
        return
    score = f", {plural(len(r.score), 'score piece')}" if r.score else ""
    click.echo(
        (f"{r.show} season {r.season}: " if several else f"Season {r.season}: ")
        + f"{plural(len(r.accepted), 'album')} accepted, {len(r.refused)} refused, "
        f"{plural(len(r.new), 'new song')}{score}."
    )
    if r.accepted:
        rows = [
            {"date": v.album.release_date, "type": v.album.album_type, "album": v.album.name,
             "evidence": ", ".join(e.kind for e in v.evidence if e.ok)}
            for v in r.accepted
        ]  # fmt: skip
        click.echo(table(rows, ("date", "type", "album", "evidence")), nl=False)
    new_titles = {x.track.name for x in r.new}
    shown = [
        x
        for x in r.listings
        if x.kind in ("new", "score") or (x.kind != "known" and x.of in new_titles)
    ]
    if shown:
        click.echo("Songs the catalogue lacks (with their variants and repeats):")
        songs = [
            {"kind": x.kind, "title": x.track.name, "artists": [p.name for p in x.track.artists],
             "album": x.album.name, "#": x.track.number, "reason": x.why}
            for x in shown
        ]  # fmt: skip
        click.echo(table(songs, ("kind", "title", "artists", "album", "#", "reason")), nl=False)
    rest = Counter(x.kind for x in r.listings if x not in shown)
    if rest:
        counted = ", ".join(f"{n} {kind}" for kind, n in sorted(rest.items()))
        click.echo(f"Also on these albums: {counted} (variants and repeats are never new songs; "
                   "--json lists each).")  # fmt: skip
    for c in r.confirmed:
        click.echo(f"confirmed: {c['id']} is now auto: {cell(c['reason'])}")
    for a in r.added:
        click.echo(f"added: {a['id']}  {cell(a['title'])}  {a['uri']}")
    if r.to_add and not add:
        click.echo("Run with --add to add the new songs (status `discovered`).")
    if r.refused and show_refused:
        rows = [
            {"date": v.album.release_date, "album": v.album.name, "reason": v.reason}
            for v in r.refused
        ]
        click.echo(table(rows, ("date", "album", "reason")), nl=False)
    elif r.refused:
        click.echo(
            f"{plural(len(r.refused), 'album')} refused: --refused lists "
            f"{'it with the reason' if len(r.refused) == 1 else 'them with the reasons'}."
        )


@click.command()
@show_option()
@season_option()
@click.option("--all", "include_all", is_flag=True, help="Include unverified tracks.")
@wide_option
@output_options
def timeline(show: str | None, seasons: tuple[int, ...], include_all: bool, fmt: str) -> None:
    """Every release in date order against the show's air dates (before, during, after).

    Example: ost timeline --season 1
    """
    from ost import timeline as tl

    db = catalogue.open_catalogue()
    rows = tl.timeline(db, seasons, include_unverified=include_all, show=show)
    if fmt != "table":
        emit(rows, fmt, tl.COLUMNS)
        return
    # As in `ost tracks`: a value the sources leave uncertain is not shown as a fact.
    shown = [{**r, **{c: f"{cell(r[c])}{UNCERTAIN}".strip() for c in r["uncertain"]}} for r in rows]
    for n, (heading, group) in enumerate(show_groups(db, shown)):
        if heading:
            click.echo(("\n" if n else "") + heading)
        emit(group, fmt, tl.COLUMNS)
    if not rows:
        click.echo("No releases match.", err=True)
    elif any(r["uncertain"] for r in rows):
        click.echo("(?) uncertain: `ost show ID` says why.", err=True)


COMMANDS = [discover, timeline]
