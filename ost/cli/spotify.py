"""Spotify account commands (`login`, `logout`) and `playlist sync` (registered by the
`playlist` group in ``ost.cli.playlists``)."""

from __future__ import annotations

from typing import Any

import click

from ost import catalogue
from ost.cli.locking import exclusive
from ost.cli.output import cell, max_wait_option
from ost.errors import OstError


def _note(message: str) -> None:
    click.echo(f"note: {message}", err=True)


@click.command()
@click.option(
    "--no-browser",
    is_flag=True,
    help="Print the address to open and read back the one you are redirected to.",
)
@exclusive
def login(no_browser: bool) -> None:
    """Log in to Spotify (PKCE) so ost can keep your playlists; the login is kept 0600.

    Example: ost login --no-browser
    """
    from ost.spotify import login as flow
    from ost.spotify.api import Api

    token = flow.login(
        no_browser=no_browser,
        open_browser=_open_browser,
        prompt=lambda text: str(click.prompt(text, err=True)),
        say=lambda text: click.echo(text, err=True),
    )
    del token  # a secret: never printed
    who = ""
    try:
        me = Api(user=True, notify=_note).me()
        who = f" as {me.get('display_name') or me.get('id')}"
    except OstError as e:  # the login is saved; greeting by name is a nicety
        _note(f"could not read your profile ({type(e).__name__})")
    click.echo(f"Logged in to Spotify{who}. Playlist commands now work without a browser.")


def _open_browser(url: str) -> bool:
    import webbrowser  # only when a browser is wanted: keeps start-up light

    try:
        return webbrowser.open(url)
    except webbrowser.Error:
        return False


@click.command()
@exclusive
def logout() -> None:
    """Forget the stored Spotify login (the token file in $OST_HOME).

    Example: ost logout
    """
    from ost.spotify import login as flow

    if flow.logout():
        click.echo("Logged out: the stored Spotify login is deleted.")
    else:
        click.echo("Not logged in; nothing to forget.")


@click.command("sync")
@click.argument("name", required=False)
@click.option(
    "--season", "seasons", type=int, multiple=True, help="That season's playlist (repeatable)."
)
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
    name: str | None,
    seasons: tuple[int, ...],
    title: str | None,
    public: bool | None,
    dry_run: bool,
    max_wait: float,
    prune_duplicates: bool = False,
) -> None:
    """Create or update the Spotify playlist: exactly the accepted matches, in order.

    Writes only what differs; a run with nothing to change writes nothing. Needs `ost login`.

    Example: ost playlist sync --season 1
    """
    from ost import playlists
    from ost import sync as core
    from ost.spotify.api import Api

    apis: list[Api] = []

    def make_api() -> Api:
        apis.append(Api(user=True, max_wait=max_wait, notify=_note))
        return apis[-1]

    db = catalogue.open_catalogue()
    options = core.Options(
        name=title, public=public, dry_run=dry_run, prune_duplicates=prune_duplicates
    )
    definitions = playlists.chosen(name, seasons)
    if title is not None and len(definitions) != 1:
        raise click.UsageError("--name renames one playlist: give its NAME or a single --season")
    writes = 0
    for result in core.sync_all(db, make_api, definitions, options, _note):
        writes += result.writes
        _report(result)
    if apis:
        click.echo(
            f"Spotify requests: {apis[0].requests} ({writes} write{'' if writes == 1 else 's'})."
            + (" Dry run: nothing written." if dry_run else ""),
            err=True,
        )


def _report(r: Any) -> None:
    click.echo(_summary(r))
    if r.dry_run:
        for line in _diff_lines(r):
            click.echo(line)
    if r.unresolved:
        n = len(r.unresolved)
        listed = "; ".join(f"{e.track_id} {cell(e.title)}" for e in r.unresolved)
        click.echo(
            f"{n} track{'s have' if n != 1 else ' has'} no accepted match: {listed} — "
            "run `ost match` / `ost review`"
        )


def _summary(r: Any) -> str:
    head = f"{r.title}{' (dry run)' if r.dry_run else ''}: "
    link = f" — {r.url}" if r.url else ""
    if r.nothing_to_sync:
        if r.playlist_id:
            return head + f"no track has an accepted match; the playlist is left as it is{link}"
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
        parts.append(f"{len(d.added)} track{'s' if len(d.added) != 1 else ''} {would}added")
    if d.removed:
        parts.append(f"{len(d.removed)} {would}removed")
    if d.reordered:
        parts.append(f"{would}reordered")
    if not parts:
        return head + f"unchanged ({r.total} tracks){link}"
    total = "" if r.created else f" ({r.total} tracks)"
    return head + ", ".join(parts) + total + link


def _diff_lines(r: Any) -> list[str]:
    by_uri = {e.spotify_uri: e for e in r.entries if e.spotify_uri}

    def named(uri: str) -> str:
        e = by_uri.get(uri)
        return f"{e.track_id}  {cell(e.title)}  {uri}" if e else uri

    lines = [f"  + {named(u)}" for u in r.diff.added]
    wanted = set(by_uri)
    lines += [
        f"  - {named(u)}" + ("  (an extra copy)" if u in wanted else "") for u in r.diff.removed
    ]
    if r.diff.reordered:
        lines.append("  ~ the order changes")
    return lines


COMMANDS = [login, logout]
PLAYLIST_COMMANDS = [sync]
