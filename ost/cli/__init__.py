"""The command line. Commands parse, call one core function and format; the work is in the core."""

from __future__ import annotations

import re
import sqlite3
from typing import Any

import click

from ost import __version__
from ost.errors import OstError

# `ost --help` lists commands by workflow, in this order; a command not named here goes last.
SECTIONS = {
    "Catalogue": (
        "status",
        "shows",
        "tracks",
        "seasons",
        "show",
        "import",
        "discover",
        "timeline",
    ),
    "Matching": ("match", "review", "accept", "reject", "pin", "unpin"),
    "Playlists": ("playlist", "export", "login", "logout", "page"),
    "Library": ("library",),
}
CONTEXT = {"help_option_names": ["-h", "--help"]}
# Which module defines each command: a command imports only its own module (and what that needs),
# so `ost tracks` never loads the matcher, the page templates or the export writers.
MODULES = {
    "catalogue": ("status", "tracks", "seasons", "show", "import"),
    "discovery": ("discover", "timeline"),
    "shows": ("shows",),
    "matching": ("match", "accept", "reject", "pin", "unpin"),
    "review": ("review",),
    "playlists": ("playlist",),
    "export": ("export",),
    "accounts": ("login", "logout"),
    "library": ("library",),
    "page": ("page",),
}
_MODULE_OF = {name: module for module, names in MODULES.items() for name in names}
# Each group's listed subcommands, so that `ost sync` points to `ost playlist sync` from the names
# alone (a test keeps this in step with the groups).
SUBCOMMANDS = {
    "playlist": ("list", "show", "sync"),
    "library": ("scan", "accept"),
    "shows": ("add", "remove"),
    "export": ("m3u", "xspf", "json"),
}


class SuggestingGroup(click.Group):
    """A group that answers a misspelt command with the ones it looks like (`ost trakcs`:
    "Did you mean 'tracks'?"), from the names alone: no command's module is loaded for it."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        looks_like_one = name[:1] not in ("", "-") and not ctx.resilient_parsing
        if looks_like_one and self.get_command(ctx, name) is None:
            raise no_such_command(self, ctx, name)
        return super().resolve_command(ctx, args)

    def nested(self) -> dict[str, tuple[str, ...]]:
        """Subcommands of this group's groups a mistaken name may be (none but the root's)."""
        return {}

    def shown_commands(self, ctx: click.Context) -> list[str]:
        """The commands a suggestion may name: every one but the hidden (a name not loaded yet
        is a listed command, never a hidden one)."""
        return [
            n
            for n in self.list_commands(ctx)
            if n not in self.commands or not self.commands[n].hidden
        ]


SUGGEST_CUTOFF = 0.5
"""difflib's ratio from which a command is suggested: below click's 0.6 for options, since a
group has a handful of commands ("sink" is 0.5 from "sync" and further from the others)."""


def no_such_command(group: SuggestingGroup, ctx: click.Context, name: str) -> click.UsageError:
    from ost.text import close_to, did_you_mean

    deeper = [f"{g} {c}" for g, subs in group.nested().items() for c in subs]
    exact = [n for n in deeper if n.split(" ")[1] == name]
    hint = did_you_mean(name, group.shown_commands(ctx), SUGGEST_CUTOFF)
    if exact or not hint:  # `ost sync` is `ost playlist sync`; `ost snyc` too, as nothing is closer
        by_last = {n.split(" ")[1]: n for n in deeper}
        close = [by_last[c] for c in close_to(name, by_last, SUGGEST_CUTOFF)]
        hint = did_you_mean(name, exact or close, 0) or hint
    return click.UsageError(f"No such command '{name}'.{hint}", ctx)


def close_options(e: click.NoSuchOption) -> list[str] | None:
    """The options a misspelt one looks like, compared without their dashes: click compares
    them with, and every "--" matching makes `--all` look like `--nl`."""
    from ost.text import close_to

    if e.ctx is None or not e.option_name.startswith("--"):
        return e.possibilities
    names = [o for p in e.ctx.command.get_params(e.ctx) for o in (*p.opts, *p.secondary_opts)]
    bare = {o.lstrip("-"): o for o in names if o.startswith("--")}
    return [bare[c] for c in close_to(e.option_name.lstrip("-"), bare)] or None


class OstGroup(SuggestingGroup):
    """Turns every domain error into one line on stderr and a non-zero exit: no traceback."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands in sections by workflow (catalogue, matching, playlists, library)."""
        self.load_all()
        listed = [n for n in self.list_commands(ctx) if not self.commands[n].hidden]
        width = formatter.width - 6 - max((len(n) for n in listed), default=0)
        placed: set[str] = set()
        for title, names in [*SECTIONS.items(), ("Other commands", tuple(listed))]:
            rows = [
                (n, self.commands[n].get_short_help_str(width))
                for n in names
                if n in listed and n not in placed
            ]
            placed.update(n for n, _ in rows)
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(_MODULE_OF))

    def nested(self) -> dict[str, tuple[str, ...]]:
        return SUBCOMMANDS

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in _MODULE_OF:
            self._load(_MODULE_OF[cmd_name])
        return self.commands.get(cmd_name)

    def _load(self, module: str) -> None:
        from importlib import import_module

        for command in import_module(f"ost.cli.{module}").COMMANDS:
            usage_in_context(command)
            self.add_command(command)

    def load_all(self) -> None:
        """Every command (for the help listing, and for tests that walk them all)."""
        for module in MODULES:
            self._load(module)

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        given = list(args[1]) if len(args) > 1 else []  # the parser consumes the list it gets
        try:
            return super().make_context(*args, **kwargs)
        except click.NoSuchOption as e:  # `ost --show KEY discover`: a command's option first
            said = self._option_first(e, given)
            if said:
                e.message = _shown(said)  # type: ignore[misc]  # Final to click; read at show()
                e.possibilities = None  # type: ignore[misc]  # not `--version`, as above
            raise
        except click.ClickException as e:  # `ost --<a huge option>`, before any command
            e.message = _shown(e.message)  # type: ignore[misc]  # Final to click; read at show()
            raise

    def _option_first(self, e: click.NoSuchOption, args: list[str]) -> str | None:
        """That options go after their command, with the line that does so when a command is
        among the words; None for a misspelt option of ost's own (`--versio`)."""
        said = f"No such option '{e.option_name}' before a command"
        named = [a for a in args if a in self.list_commands(e.ctx)] if e.ctx else []
        if not named and e.possibilities:
            return None
        if not named:
            return f"{said}: options go after the command (`ost COMMAND {e.option_name} …`)"
        at = args.index(named[0])
        line = " ".join(map(_word, [named[0], *args[:at], *args[at + 1 :]]))
        return f"{said}: options go after the command, as in `ost {line}`"

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.exceptions.NoArgsIsHelpError as e:  # `ost playlist` alone: its help, exit 0
            click.echo(e.ctx.get_help())
            return None
        except click.ClickException as e:  # a usage mistake may quote a huge argument
            if isinstance(e, click.UsageError) and e.ctx is not None:
                e.message = _stray_show(e.ctx, e.message) or e.message  # type: ignore[misc]
            e.message = _shown(e.message)  # type: ignore[misc]  # Final to click; read at show()
            if isinstance(e, click.NoSuchOption):
                e.possibilities = close_options(e)  # type: ignore[misc]  # Final to click, as above
            raise
        except OstError as e:
            raise _Failure(_shown(str(e)), e.exit_code) from None
        except BrokenPipeError:  # `ost tracks | head`: the reader has all it wanted
            _quiet_stdout()
            ctx.exit(0)
        except OSError as e:
            from ost import diskfull

            if diskfull.is_full(e):
                raise _Failure(diskfull.message(e.filename, e.strerror or str(e)), 1) from None
            where = f"{e.filename}: " if e.filename else ""
            raise _Failure(_shown(f"{where}{e.strerror or e}"), 1) from None
        except sqlite3.DatabaseError as e:
            from ost.db import explain

            raise _Failure(explain(e), 1) from None
        except KeyboardInterrupt:
            _forget_interrupt()
            raise _Failure(
                "interrupted; the step in progress was not saved, finished ones are kept "
                "(README: When interrupted)",
                130,
            ) from None


def _word(text: str) -> str:
    return f'"{text}"' if any(c.isspace() for c in text) or not text else text


EXTRA = r"Got unexpected extra arguments? \((?P<words>.*)\)"  # compiled on the error's path only


def _stray_show(ctx: click.Context, message: str) -> str | None:
    """`ost discover starlight-laundry --add`: an extra argument that names a show, on a
    command that takes --show, is said to be one, with the --show that gives it."""
    m = re.fullmatch(EXTRA, message)
    if not m or not any(p.name == "show" for p in ctx.command.params):
        return None
    from ost import catalogue
    from ost.catalogue import shows
    from ost.errors import OstError

    words = m.group("words")
    try:
        db = catalogue.open_catalogue()
        try:
            for text in dict.fromkeys([words, *words.split()]):
                try:
                    key = shows.find(db, text)
                except OstError:
                    continue
                return f"{message}: a show is given with --show, as in `{ctx.command_path} --show {key}`"
        finally:
            db.close()
    except OstError:
        return None
    return None


def _forget_interrupt() -> None:
    """CPython notes a KeyboardInterrupt that leaves an exec() of text (a dataclass being made
    while a module loads, say) and, run as `python -m ost`, ends the process by SIGINT at exit
    whatever code it was given, however the interrupt was handled; the next exec() of text
    clears that note, so an interrupted command exits 130 as documented."""
    exec("None")  # the text is a constant


def usage_in_context(command: click.Command) -> None:
    """A usage mistake the core finds (``ost.errors.UsageError``: options that exclude each
    other, a bad variable) is shown as click shows its own: the command's usage line, exit 2.
    Only the command's context knows that line, and it is gone once the error leaves it."""
    from ost.errors import UsageError

    if isinstance(command, click.Group):
        for sub in command.commands.values():
            usage_in_context(sub)
        return
    if getattr(command, "_usage_in_context", False):
        return
    original = command.invoke

    def invoke(ctx: click.Context) -> Any:
        try:
            return original(ctx)
        except UsageError as e:
            # a hidden helper (`ost export`'s by-extension) speaks with its group's usage
            shown = ctx.parent if command.hidden and ctx.parent else ctx
            raise click.UsageError(_shown(str(e)), shown) from None

    command.invoke = invoke  # type: ignore[method-assign]
    command._usage_in_context = True  # type: ignore[attr-defined]


def _shown(message: str) -> str:
    """An error message as the terminal gets it: each line shown, never obeyed (it may quote a
    title or a file's text), and no argument repeated whole when it is huge."""
    from ost.text import harmless, short_words

    return "\n".join(harmless(short_words(line)) for line in message.split("\n"))


class _Failure(click.ClickException):
    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.exit_code = code  # type: ignore[misc]  # click reads the instance's value


@click.group("ost", cls=OstGroup, invoke_without_command=True, context_settings=CONTEXT)
@click.version_option(__version__, prog_name="ost")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """ost: a K-drama's OST as a catalogue, playlists on Spotify or YouTube Music, and m3u
    files. The Disney+ anthology Soundtrack comes bundled; any other show is added with
    `ost shows add`.

    Start with `ost tracks`, then `ost status` for what to do next. Everything ost writes lives
    under $OST_HOME.
    """
    if ctx.invoked_subcommand is None:  # bare `ost`: the help, on standard output, and success
        click.echo(ctx.get_help())
        ctx.exit(0)


@cli.command("help")
@click.argument("command", nargs=-1)
@click.pass_context
def help_(ctx: click.Context, command: tuple[str, ...]) -> None:
    """The help of ost, or of a COMMAND (and its subcommand): the same as --help.

    Example: ost help playlist sync
    """
    shown = ctx.find_root()
    for name in command:
        group = shown.command
        if not isinstance(group, SuggestingGroup):
            raise click.UsageError(f"`{shown.command_path}` has no command '{name}'", ctx)
        found = group.get_command(shown, name)
        if found is None:
            raise no_such_command(group, shown, name)
        shown = click.Context(found, info_name=name, parent=shown)
    click.echo(shown.get_help())


def main() -> None:
    _tolerant_streams()
    try:
        cli(prog_name="ost")
    finally:
        _flush_quietly()


def _quiet_stdout() -> None:
    """Send what is left of standard output to the null device: its reader is gone (a broken
    pipe), which is no failure, so nothing is said and the exit code stays the command's."""
    import os
    import sys

    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real stream (a test runner's): nothing will be flushed to a closed pipe
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def _flush_quietly() -> None:
    """Output small enough to sit in the buffer is written only now, at exit: a reader that has
    gone by then (`ost show s1-03 | head -1`) is no failure either."""
    import sys

    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()


def _tolerant_streams() -> None:
    """On a terminal or pipe that is not UTF-8, characters it cannot show become replacements
    (`?`) instead of a UnicodeEncodeError traceback."""
    import sys

    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


if __name__ == "__main__":  # pragma: no cover
    main()
