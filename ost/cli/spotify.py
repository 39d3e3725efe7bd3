"""Spotify account commands: `login`, `logout` (`playlist sync` is with its group in
``ost.cli.playlists``)."""

from __future__ import annotations

import click

from ost import catalogue
from ost.cli.inputs import prompt_line
from ost.cli.locking import exclusive
from ost.errors import OstError
from ost.text import harmless


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
    from ost.spotify.service import SpotifyService

    token = flow.login(
        no_browser=no_browser,
        open_browser=_open_browser,
        prompt=prompt_line,
        say=lambda text: click.echo(text, err=True),
    )
    del token  # a secret: never printed
    who = ""
    try:
        me = SpotifyService(user=True, notify=_note).whoami()
        who = f" as {harmless(str(me.name or me.id or None))}"  # Spotify's text
        _remember_user(f"{me.name} ({me.id})" if me.name and me.id else me.name or me.id or None)
    except OstError as e:  # the login is saved; greeting by name is a nicety
        _note(f"could not read your profile ({type(e).__name__})")
    click.echo(f"Logged in to Spotify{who}. Playlist commands now work without a browser.")


def _open_browser(url: str) -> bool:
    import webbrowser  # only when a browser is wanted: keeps start-up light

    try:
        return webbrowser.open(url)
    except webbrowser.Error:
        return False


def _remember_user(who: str | None) -> None:
    """For `ost status`: whose login is stored (a display name, never a secret)."""
    from ost import overview

    overview.remember_login_user(catalogue.open_catalogue(), who)


@click.command()
@exclusive
def logout() -> None:
    """Forget the stored Spotify login (the token file in $OST_HOME).

    Example: ost logout
    """
    from ost.spotify import login as flow
    from ost.secretfile import Removed

    _remember_user(None)
    removed, link = flow.logout()
    if removed is Removed.FILE:
        click.echo("Logged out: the stored Spotify login is deleted.")
    elif removed is Removed.LINK and link is None:
        click.echo(
            "Logged out: removed the symbolic link that stood for the login (it led nowhere)."
        )
    elif removed is Removed.LINK:
        click.echo(
            f"Logged out: removed the symbolic link that stood for the login. The file it "
            f"pointed to, {link}, is not ost's and was left as it is: delete it yourself if it "
            "holds a Spotify login."
        )
    else:
        click.echo("Not logged in; nothing to forget.")


COMMANDS = [login, logout]
