"""`@exclusive`: the command holds ost's lock (see ``ost.lock``) while it runs."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click


def exclusive(func: Callable[..., Any]) -> Callable[..., Any]:
    """For commands that write to the database or to Spotify: one at a time."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from ost import lock

        with lock.holding(click.get_current_context().command_path):
            return func(*args, **kwargs)

    return wrapper
