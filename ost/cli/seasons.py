"""`--season N` and `--show KEY`: one option and one rule each for every command that takes
them. A season the catalogue (or the show given) does not have (3, 0, -1, or a number past any
integer), or a show it does not have, is a usage mistake, exit 2, naming what there is, before
the command does anything. A show whose file has a mistake now is refused with the mistake."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

SHOWN_DIGITS = 12  # a longer number is cut in the message, not repeated whole


def _shown(n: int) -> str:
    text = str(n)
    return text if len(text) <= SHOWN_DIGITS else text[: SHOWN_DIGITS - 1] + "…"


def known_seasons(
    ctx: click.Context, param: click.Parameter, value: tuple[int, ...]
) -> tuple[int, ...]:
    """The callback: every season given must be one the catalogue has."""
    if not value:
        return value
    from ost import catalogue

    show = ctx.meta.get(SHOW_KEY)
    db = catalogue.open_catalogue()
    try:
        known = catalogue.season_numbers(db, show)
    finally:
        db.close()
    where = f"show {show}" if show else "the catalogue"
    for n in value:
        if n not in known:
            raise click.BadParameter(
                f"season {_shown(n)} is not in {where} (seasons: {', '.join(map(str, known))})",
                ctx=ctx,
                param=param,
            )
    return value


def season_option(help: str = "Only this season (repeatable).") -> Callable[..., Any]:
    return click.option(
        "--season", "seasons", type=int, multiple=True, callback=known_seasons, help=help
    )


SHOW_KEY = "ost.show"  # where the show given is kept for --season to check against


def known_show(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """The callback: the show given (its key or one of its names) must be one the catalogue
    has, its file readable; the command gets its key."""
    if value is None:
        return None
    from ost import catalogue
    from ost.catalogue import shows
    from ost.errors import UsageError

    db = catalogue.open_catalogue()
    try:
        try:
            key = shows.find(db, value)
        except UsageError as e:
            raise click.BadParameter(str(e), ctx=ctx, param=param) from None
        problem = shows.problem(db, key)
    finally:
        db.close()
    if problem:
        from ost.errors import InputError

        raise InputError(problem.message)
    ctx.meta[SHOW_KEY] = key
    return key


def scope_options(show: str | None, seasons: tuple[int, ...]) -> str:
    """The ``--show`` and ``--season`` options a command ran with, as a message suggests it
    again (with its leading space; nothing for neither)."""
    return (f" --show {show}" if show else "") + "".join(f" --season {n}" for n in seasons)


def show_option(
    help: str = "Only this show (its key, as `ost shows` lists it, or one of its names); "
    "default: every show.",
) -> Callable[..., Any]:
    """`--show KEY`, checked before the other options (so that --season is checked against it)."""
    return click.option(
        "--show", "show", metavar="KEY", callback=known_show, is_eager=True, help=help
    )


def show_groups(
    db: Any, rows: list[dict[str, Any]]
) -> list[tuple[str | None, list[dict[str, Any]]]]:
    """A listing's rows by show, each with the heading a table prints above it; one group and
    no heading when the rows are of one show (as listings were before there were others)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row["show"], []).append(row)
    if len(groups) <= 1:
        return [(None, rows)]
    return [(show_heading(db, key), group) for key, group in groups.items()]


def show_heading(db: Any, key: str) -> str:
    """ "사운드트랙 · Soundtrack  (show soundtrack)": a show's names and its key."""
    from ost.catalogue import shows
    from ost.cli.output import cell

    spec = shows.spec(db, key)
    names = " · ".join(dict.fromkeys(n for n in (spec.title, spec.title_en) if n))
    return f"{cell(names)}  (show {key})"
