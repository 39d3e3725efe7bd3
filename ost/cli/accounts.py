"""Account commands: `login`, `logout`, for Spotify or YouTube Music (`playlist sync` is with
its group in ``ost.cli.playlists``)."""

from __future__ import annotations

import click

from ost import catalogue
from ost.cli.inputs import prompt_line, read_small
from ost.cli.locking import exclusive
from ost.cli.output import note
from ost.cli.services import service_option
from ost.errors import AuthError, OstError
from ost.service import ServiceName
from ost.text import harmless


@click.command()
@service_option("The service to log in to.")
@click.option(
    "--no-browser",
    is_flag=True,
    help="Spotify: print the address to open and read back the one you are redirected to.",
)
@click.option(
    "--headers",
    metavar="FILE",
    help="YouTube Music: the request headers copied from a logged-in music.youtube.com tab "
    "(`-` reads standard input).",
)
@exclusive
def login(service: ServiceName, no_browser: bool, headers: str | None) -> None:
    """Log in so ost can keep your playlists; the login is kept 0600 in $OST_HOME.

    Spotify: PKCE in a browser. YouTube Music: the request headers of a logged-in
    music.youtube.com tab (README: YouTube Music login); matching there needs no login.

    Example: ost login --service ytmusic --headers headers.txt
    """
    from ost.cli.services import defaulted

    if headers is not None and defaulted():  # only YouTube Music logs in with headers
        service = ServiceName.YTMUSIC
    if service == ServiceName.YTMUSIC:
        if no_browser:  # said for nothing, it would hide that no browser flow runs here
            raise click.UsageError(
                "--no-browser is for Spotify; YouTube Music logs in with --headers FILE only"
            )
        if headers is None:
            raise click.UsageError(
                "--service ytmusic needs --headers FILE: the request headers of a logged-in "
                "music.youtube.com tab (README: YouTube Music login)"
            )
        _login_ytmusic(headers)
        return
    if headers is not None:
        raise click.UsageError(
            "--headers is for YouTube Music (--service ytmusic); Spotify logs in in a browser"
        )
    _login_spotify(no_browser)


def _login_spotify(no_browser: bool) -> None:
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
        me = SpotifyService(user=True, notify=note).whoami()
        who = f" as {harmless(str(me.name or me.id or None))}"  # Spotify's text
        _remember_user(f"{me.name} ({me.id})" if me.name and me.id else me.name or me.id or None)
    except OstError as e:  # the login is saved; greeting by name is a nicety
        note(f"could not read your profile ({type(e).__name__})")
    click.echo(f"Logged in to Spotify{who}. Playlist commands now work without a browser.")


def _login_ytmusic(source: str) -> None:
    """Check the pasted headers, keep them 0600, then ask YouTube Music whose they are: headers
    it refuses are forgotten again, so that no dead login is kept."""
    from ost import meta
    from ost.reading import decode
    from ost.secretfile import MAX_BYTES
    from ost.ytmusic import auth
    from ost.ytmusic.service import YouTubeMusicService

    data, name = read_small(source, MAX_BYTES)
    made = auth.auth_from_paste(decode(data, name), name)
    store = auth.HeadersFile()
    link = store.link_target()
    store.save(made)
    del made, data  # secrets: never printed
    if link is not None:
        note(
            f"{store.path} was a symbolic link to {link}: the login is now kept in the file "
            f"itself, and {link} is left as it was"
        )
    try:
        me = YouTubeMusicService(notify=note, user=True).whoami()
    except AuthError as e:
        store.delete()
        _remember_user(None, meta.YTMUSIC_LOGIN_USER)
        raise AuthError(f"{e} Nothing was kept.") from None
    except OstError as e:  # kept: it may work once the network does
        note(f"could not reach YouTube Music to check the login ({type(e).__name__}); it is kept")
        me = None
    shown = (me.name or me.id or None) if me else None
    _remember_user(shown, meta.YTMUSIC_LOGIN_USER)
    who = f" as {harmless(shown)}" if shown else ""  # the service's text
    click.echo(
        f"Logged in to YouTube Music{who}. `ost playlist sync --service ytmusic` now keeps "
        "your playlists there."
    )


def _open_browser(url: str) -> bool:
    import webbrowser  # only when a browser is wanted: keeps start-up light

    try:
        return webbrowser.open(url)
    except webbrowser.Error:
        return False


def _remember_user(who: str | None, key: str | None = None) -> None:
    """For `ost status`: whose login is stored (a display name, never a secret)."""
    from ost import meta

    meta.remember(catalogue.open_catalogue(), key or meta.LOGIN_USER, who)


@click.command()
@service_option("The service whose login to forget.")
@exclusive
def logout(service: ServiceName) -> None:
    """Forget the stored login of a service (its file in $OST_HOME).

    Example: ost logout --service ytmusic
    """
    from ost import meta
    from ost.secretfile import PrivateFile, Removed

    store: PrivateFile
    if service == ServiceName.YTMUSIC:
        from ost.ytmusic.auth import HeadersFile

        label, store, key = "YouTube Music", HeadersFile(), meta.YTMUSIC_LOGIN_USER
    else:
        from ost.spotify.auth import TokenFile

        label, store, key = "Spotify", TokenFile(), meta.LOGIN_USER
    _remember_user(None, key)
    removed, link = store.forget()
    if removed is Removed.FILE:
        click.echo(f"Logged out: the stored {label} login is deleted.")
    elif removed is Removed.LINK and link is None:
        click.echo(
            "Logged out: removed the symbolic link that stood for the login (it led nowhere)."
        )
    elif removed is Removed.LINK:
        click.echo(
            f"Logged out: removed the symbolic link that stood for the login. The file it "
            f"pointed to, {link}, is not ost's and was left as it is: delete it yourself if it "
            f"holds a {label} login."
        )
    else:
        click.echo(f"Not logged in to {label}; nothing to forget.")


COMMANDS = [login, logout]
