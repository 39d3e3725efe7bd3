"""`@exclusive`: the command holds ost's lock (see ``ost.lock``) while it runs."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click


def exclusive(func: Callable[..., Any]) -> Callable[..., Any]:
    """For commands that write to the database or to a service: one at a time. A command that
    has to wait says so at once, on stderr, naming whom it waits for and for how long at most
    (a silent wait of up to 30 s looks like a hang)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from ost import lock

        with lock.holding(click.get_current_context().command_path, on_wait=waiting):
            return func(*args, **kwargs)

    return wrapper


def waiting(who: str) -> None:
    """Told once, when another ost holds the lock as a command starts."""
    from ost import lock

    click.echo(
        f"waiting (up to {lock.wait_seconds():g} s) for another ost to finish writing: {who}…",
        err=True,
    )
