"""`--season N`: one option and one rule for every command that takes it. A season the catalogue
does not have (3, 0, -1, or a number past any integer) is a usage mistake, exit 2, naming the
seasons there are, before the command does anything."""

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

    db = catalogue.open_catalogue()
    try:
        known = catalogue.season_numbers(db)
    finally:
        db.close()
    for n in value:
        if n not in known:
            raise click.BadParameter(
                f"season {_shown(n)} is not in the catalogue "
                f"(seasons: {', '.join(map(str, known))})",
                ctx=ctx,
                param=param,
            )
    return value


def season_option(help: str = "Only this season (repeatable).") -> Callable[..., Any]:
    return click.option(
        "--season", "seasons", type=int, multiple=True, callback=known_seasons, help=help
    )
