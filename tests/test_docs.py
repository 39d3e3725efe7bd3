"""Help is interface: every command has a summary and an example, and the README documents it."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from ost.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "ost") -> list[tuple[str, click.Command]]:
    if hasattr(group, "load_all"):
        group.load_all()
    out = []
    for name, command in sorted(group.commands.items()):
        if command.hidden:  # not offered to users (`ost export -o FILE` runs one)
            continue
        full = f"{prefix} {name}"
        if isinstance(command, click.Group):
            out += _commands(command, full)
        else:
            out.append((full, command))
    return out


COMMANDS = _commands(cli)


def test_the_cli_has_the_commands_the_issues_name() -> None:
    names = {n for n, _ in COMMANDS}
    assert {
        "ost tracks",
        "ost seasons",
        "ost show",
        "ost import",
        "ost match",
        "ost review",
        "ost accept",
        "ost reject",
        "ost pin",
        "ost unpin",
        "ost playlist list",
        "ost playlist show",
        "ost export m3u",
        "ost export xspf",
        "ost export json",
        "ost library scan",
        "ost login",
        "ost logout",
        "ost playlist sync",
    } <= names


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_is_documented(name: str, command: click.Command) -> None:
    assert name in README, f"{name} is not in the README"
    assert command.help and "Example: ost " in command.help, f"{name} has no example in its help"
    assert command.get_short_help_str().strip()


def test_readme_starts_with_the_two_commands_and_ci_runs_the_second() -> None:
    blocks = README.split("```sh\n")[1:3]
    install_run, install_test = (b.split("```")[0].strip() for b in blocks)
    assert install_run.endswith("ost tracks")
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.strip().splitlines()[-1] == install_test
