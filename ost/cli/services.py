"""`--service spotify|ytmusic`: one option and one rule for every command that acts on one
streaming service. ``OST_SERVICE`` sets the default (the default default is ``spotify``); a name
ost does not know, given or set, is a usage mistake (exit 2) that says where it came from."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click
from click.core import ParameterSource

from ost.cli.environment import env_option
from ost.service import LINKS, ServiceName

if TYPE_CHECKING:  # a listing loads none of the port's objects
    from ost.service.protocols import AlbumReader, RecordingSearch
    from ost.spotify.service import SpotifyService
    from ost.ytmusic.service import YouTubeMusicService

ENV = "OST_SERVICE"
NAMES = tuple(s.value for s in ServiceName)


class ServiceChoice(click.Choice):  # type: ignore[type-arg]
    """A service's name, as ``ServiceName``; a bad ``OST_SERVICE`` is named as such."""

    def __init__(self) -> None:
        super().__init__(NAMES, case_sensitive=False)  # `YTMusic` as the service spells itself

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, ServiceName):
            return value
        if isinstance(value, str):
            value = value.strip()  # `OST_SERVICE="ytmusic "` from a careless export
        try:
            return ServiceName(super().convert(value, param, ctx))
        except click.BadParameter:
            source = ctx.get_parameter_source(param.name) if ctx and param and param.name else None
            if source is ParameterSource.ENVIRONMENT:
                self.fail(
                    f"{value!r} is not a service ost knows: set it to one of "
                    f"{', '.join(NAMES)}, or unset it",
                    param,
                    ctx,
                )
            raise


def service_option(help: str = "", *, every: bool = False) -> Callable[..., Any]:
    """``--service``, passed to the command as ``service`` (a ``ServiceName``). ``every``: a
    command that speaks of every service by default, and of one when asked (None: every one)."""
    said = help or "The streaming service to act on."
    return env_option(
        "--service",
        "service",
        type=ServiceChoice(),
        envvar=ENV,
        default=None if every else ServiceName.SPOTIFY.value,
        show_default=not every,
        help=f"{said} [env: {ENV}]",
    )


def defaulted() -> bool:
    """Whether the running command's ``--service`` is its default (neither given nor set in
    ``OST_SERVICE``): a hint may then name another service the user can use."""
    ctx = click.get_current_context()
    return ctx.get_parameter_source("service") is ParameterSource.DEFAULT


def label(service: ServiceName) -> str:
    """The service's name in a sentence ("YouTube Music")."""
    return LINKS[service].label


def flag(service: ServiceName) -> str:
    """`` --service ytmusic`` for a command a message suggests; nothing for Spotify (so its
    messages read as they always have)."""
    return ServiceName(service).option


def match_command(service: ServiceName) -> str:
    """`ost match` for the service, as a message names it."""
    return f"ost match{flag(service)}"


def on(service: ServiceName) -> str:
    """`` on YouTube Music`` after a sentence about another service than Spotify (Spotify's
    messages read as they always have)."""
    return "" if service == ServiceName.SPOTIFY else f" on {label(service)}"


def recording_search(service: ServiceName, max_wait: float | None) -> RecordingSearch:
    """The service's adapter for searching and looking up recordings; it connects on its first
    request (a run answered from the cache makes none). YouTube Music's needs no account."""
    return _adapter(service, max_wait)


def album_reader(service: ServiceName, max_wait: float | None) -> AlbumReader:
    """The service's adapter for discovery (album searches, albums, artists' releases); it
    connects on its first request. YouTube Music's needs no account."""
    return _adapter(service, max_wait)


def _adapter(service: ServiceName, max_wait: float | None) -> SpotifyService | YouTubeMusicService:
    """The service's adapter, which does both jobs above (each adapter module loaded only when
    its service is asked for)."""
    from ost.cli.output import note

    if service == ServiceName.YTMUSIC:
        from ost.ytmusic.service import YouTubeMusicService

        return YouTubeMusicService(notify=note, max_wait=max_wait)
    from ost.spotify.service import SpotifyService

    return SpotifyService(max_wait=max_wait, notify=note)
