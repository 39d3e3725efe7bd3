"""The command line. Commands parse, call one core function and format; the work is in the core."""

from __future__ import annotations

import sqlite3
from typing import Any

import click

from ost import __version__
from ost.errors import OstError


class OstGroup(click.Group):
    """Turns every domain error into one line on stderr and a non-zero exit: no traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OstError as e:
            raise _Failure(str(e), e.exit_code) from None
        except BrokenPipeError:
            raise  # `ost tracks | head`: click closes quietly
        except OSError as e:
            where = f"{e.filename}: " if e.filename else ""
            raise _Failure(f"{where}{e.strerror or e}", 1) from None
        except sqlite3.OperationalError as e:
            raise _Failure(f"database error: {e} (is another ost running?)", 1) from None
        except KeyboardInterrupt:
            raise _Failure("interrupted; nothing half-written was kept", 130) from None


class _Failure(click.ClickException):
    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.exit_code = code  # type: ignore[misc]  # click reads the instance's value


@click.group(cls=OstGroup)
@click.version_option(__version__, prog_name="ost")
def cli() -> None:
    """ost: the Soundtrack (Disney+) OST as a catalogue, Spotify playlists and m3u files.

    Start with `ost tracks`. Everything ost writes lives under $OST_HOME.
    """


def _register() -> None:
    from ost.cli import catalogue, matching, playlists, spotify
    from ost.cli import page as page_cli

    for command in catalogue.COMMANDS + matching.COMMANDS + spotify.COMMANDS + playlists.COMMANDS:
        cli.add_command(command)
    for command in page_cli.COMMANDS:
        cli.add_command(command)


_register()


def main() -> None:
    cli(prog_name="ost")


if __name__ == "__main__":  # pragma: no cover
    main()
