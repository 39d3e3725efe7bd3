"""docs/commands.md: every command's `--help`, as a terminal 80 columns wide shows it.

The reference is rendered from the commands themselves, so it cannot say what the code does not;
tests/test_docs.py fails when the file differs from what this renders. Regenerate it with

    python -m ost.cli.reference docs/commands.md

The width is fixed and no terminal or environment variable is read, so everyone renders the same
file. Nothing here runs unless asked: `ost` itself never imports this module.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click

WIDTH = 80
REGENERATE = "python -m ost.cli.reference docs/commands.md"

HEADER = f"""\
# Command reference

<!-- Generated from each command's --help by `{REGENERATE}`. Do not edit by hand:
     tests/test_docs.py fails when this file is stale. -->

Every command's `--help`, as ost prints it on a terminal {WIDTH} columns wide (`-h` works as
`--help` everywhere). How each command behaves beyond its options is in [guide.md](guide.md);
what `--json`, `--csv` and the exports write is in [formats.md](formats.md).
"""


def walk(
    command: click.Command, name: str = "ost", parent: click.Context | None = None
) -> Iterator[click.Context]:
    """A context for the command and for each command under it that users are offered (not
    hidden), groups before their subcommands, subcommands by name."""
    # click keeps two columns free on a real terminal: an 80-column one wraps help at 78
    settings = {**command.context_settings, "terminal_width": WIDTH - 2, "max_content_width": WIDTH}
    ctx = click.Context(command, info_name=name, parent=parent, **settings)
    yield ctx
    if isinstance(command, click.Group):
        for sub_name in command.list_commands(ctx):
            sub = command.get_command(ctx, sub_name)
            if sub is not None and not sub.hidden:
                yield from walk(sub, sub_name, ctx)


def anchor(path: str) -> str:
    """The id a Markdown renderer (GitHub's) gives the heading `## \\`ost export m3u\\``."""
    return path.lower().replace(" ", "-")


def render(root: click.Command | None = None) -> str:
    if root is None:
        from ost.cli import cli

        root = cli
    contexts = list(walk(root))
    contents = [f"- [`{c.command_path}`](#{anchor(c.command_path)})" for c in contexts]
    sections = [
        f"## `{c.command_path}`\n\n```text\n{c.command.get_help(c).rstrip()}\n```\n"
        for c in contexts
    ]
    return "\n".join([HEADER, *contents, "", *sections])


def main(argv: list[str]) -> None:
    text = render()
    if not argv or argv[0] == "-":
        sys.stdout.write(text)
        return
    Path(argv[0]).write_text(text, encoding="utf-8")
    print(f"wrote {argv[0]} ({text.count(chr(10))} lines)", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
