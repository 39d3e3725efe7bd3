"""Show commands: `shows` (every show), `shows add`, `shows remove`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ost import catalogue
from ost.cli import SuggestingGroup
from ost.cli.locking import exclusive
from ost.cli.output import cell, emit, note, output_options
from ost.cli.tables import wide_option
from ost.service import LINKS
from ost.text import harmless, noun, plural

SHOW_COLUMNS = ("key", "names", "aliases", "seasons", "tracks", "score", "origin")


@click.group(cls=SuggestingGroup, invoke_without_command=True)
@output_options
@wide_option
@click.pass_context
def shows(ctx: click.Context, fmt: str) -> None:
    """Every show: its key (what --show takes), names, seasons, track counts and origin.

    The bundled show is soundtrack; add one you love with `ost shows add`.

    Example: ost shows --json
    """
    if ctx.invoked_subcommand is not None:
        return
    from ost.catalogue import shows as core

    db = catalogue.open_catalogue()
    rows = core.listing(db)
    if fmt != "table":
        emit(rows, fmt, ("key", "origin", "tracks", "score", "with_recording", "file"))
    else:
        emit((_table_row(r) for r in rows), fmt, SHOW_COLUMNS)
    for problem in [*core.problems(db), *core.unread(db)]:
        note(harmless(problem.message))


def _table_row(r: dict[str, Any]) -> dict[str, Any]:
    names = " / ".join(dict.fromkeys(n for n in (r["names"]["ko"], r["names"]["en"]) if n))
    return {**r, "names": names, "seasons": "; ".join(map(_aired, r["seasons"]))}


def _aired(s: dict[str, Any]) -> str:
    if not s["premiere"]:
        return f"{s['number']}: no air dates"
    return f"{s['number']}: {s['premiere']}..{s['finale'] or ''}"


def _file_or_name(text: str) -> Path | None:
    """The show file NAME names, if it names one (a name ending in .toml is taken for a file)."""
    path = Path(text).expanduser()
    if text.lower().endswith(".toml"):
        if not path.exists():
            raise click.BadParameter(f"{text}: no such file", param_hint="NAME|FILE.toml")
        return path
    return None


@shows.command("add")
@click.argument("name", metavar="NAME|FILE.toml")
@click.option("--name-en", help="Its English name.")
@click.option("--alias", "aliases", multiple=True, help="Another name it is known by (repeatable).")
@click.option(
    "--aired",
    metavar="START..END",
    help="Its first and last air dates, ISO (2023-03-01..2023-04-20; START.. while on air); "
    "of season 1 when it has several.",
)
@click.option(
    "--seasons",
    type=int,
    default=1,
    show_default=True,
    help="How many seasons. Seasons 2 and on are dated in the show's file: a premiere and "
    "finale in each [[seasons]] table (docs/shows-format.md).",
)
@click.option("--key", help="What --show takes (default: from the English or romanised name).")
@exclusive
def add(
    name: str,
    name_en: str | None,
    aliases: tuple[str, ...],
    aired: str | None,
    seasons: int,
    key: str | None,
) -> None:
    """Add a show by its names and air dates, or from a show file; prints its key.

    Writes $OST_HOME/shows/KEY.toml (docs/shows-format.md), which you may edit; `ost discover
    --show KEY --add` then fills its catalogue.

    Example: ost shows add "달빛 우체국" --name-en "Moonlight Post Office" --aired 2023-03-01..2023-04-20
    """
    from ost import shows as core
    from ost.showfile import split_names  # a show file's reader, on this command's path only

    db = catalogue.open_catalogue()
    path = _file_or_name(name)
    if path is not None:
        given = [o for o, v in _options(name_en, aliases, aired, seasons, key) if v]
        if given:
            raise click.UsageError(f"{', '.join(given)}: a show file says these itself")
        added = core.add_file(db, path)
    else:
        air = core.aired(aired) if aired else None
        if name_en is None and (pair := split_names(name)):
            name, name_en = pair
            click.echo(
                f"Taking '{harmless(name)}' for its name and '{harmless(name_en)}' for its "
                "English name (give --name-en to keep NAME whole).",
                err=True,
            )
        spec = core.build(name, name_en=name_en, aliases=aliases, air=air, seasons=seasons, key=key)
        added = core.add(db, spec, key_given=key is not None)
    click.echo(added.key)
    file = harmless(str(added.file))
    if not added.dated:  # discovery would accept nothing: say what to do first, not discover
        click.echo(
            f"Added the show {added.key} ({file}). It has no air dates, so discovery would find "
            f"nothing for it: give season 1's `premiere` and `finale` in the [[seasons]] table of "
            f"{file} (docs/shows-format.md), or `ost shows remove {added.key}` and add it again "
            "with --aired START..END.",
            err=True,
        )
        return
    click.echo(
        f"Added the show {added.key} ({file}). Next: `ost discover --show {added.key} --add"
        f"{_discovery_option(db)}`.",
        err=True,
    )
    if added.undated:
        undated = ", ".join(map(str, added.undated))
        note(
            f"no air dates for {noun(len(added.undated), 'season')} {undated}: discovery "
            "finds nothing there until you give its `premiere` and `finale` in its [[seasons]] "
            f"table of {file} (docs/shows-format.md)."
        )


def _discovery_option(db: Any) -> str:
    """``--service ytmusic`` where Spotify cannot search (as `ost status` decides)."""
    from ost import overview

    return overview.discovery_service(overview.can_search_now(db)).option


def _options(
    name_en: str | None, aliases: tuple[str, ...], aired: str | None, seasons: int, key: str | None
) -> list[tuple[str, Any]]:
    return [
        ("--name-en", name_en),
        ("--alias", aliases),
        ("--aired", aired),
        ("--seasons", seasons != 1),
        ("--key", key),
    ]


@shows.command("remove")
@click.argument("key")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@exclusive
def remove(key: str, yes: bool) -> None:
    """Remove a show you added: its tracks, decisions, playlist records and file.

    The bundled show cannot be removed. Its playlists already on Spotify or YouTube Music stay
    there as they are (ost forgets them; delete them there if you wish).

    Example: ost shows remove moonlight-post-office --yes
    """
    from ost import shows as core

    db = catalogue.open_catalogue()
    key = key.strip().lower()
    count = db.execute("select count(*) from tracks where show = ?", [key]).fetchone()[0]
    if not yes and key in _keys(db) and key != catalogue.BUNDLED_SHOW:
        _confirm(f"Remove the show {key}, its {plural(count, 'track')} and your decisions on them?")
    removed = core.remove(db, key)
    click.echo(
        f"Removed the show {removed.key}: {plural(removed.tracks, 'track')}, "
        f"{plural(removed.playlists, 'playlist record')}"
        + (f", {cell(str(removed.file))}" if removed.file else "")
        + "."
    )
    if removed.services:
        labels = " and ".join(LINKS[s].label for s in removed.services)
        click.echo(
            f"Its playlists on {labels} stay there as they are: ost no longer knows them "
            "(delete them there if you want them gone)."
        )


def _confirm(question: str) -> None:
    """Ask; a "no" removes nothing (exit 1). Without a terminal to ask on (no answer piped
    either), say how to remove without asking rather than a bare "Aborted!"."""
    import sys

    try:
        sure = click.confirm(question, err=True)
    except click.Abort:
        if sys.stdin.isatty():
            raise
        raise click.ClickException(
            "nothing removed: there is no terminal to ask on; pass --yes to remove without asking"
        ) from None
    if not sure:
        click.echo("Nothing removed.", err=True)
        raise SystemExit(1)


def _keys(db: Any) -> list[str]:
    from ost.catalogue import shows as core

    return core.keys(db)


COMMANDS = [shows]
