"""The SQL statements a piece of work sends, counted with a connection trace (never timed), and
the ones SQLite answers by scanning a table of rows instead of using an index."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

ROW_TABLES = (
    "tracks",
    "t",
    "track_artists",
    "ta",
    "title_keys",
    "track_episodes",
    "id_keys",
    "title_words",
    "matches",
    "m",
)


@contextmanager
def traced(db: Any) -> Iterator[list[str]]:
    statements: list[str] = []

    def note(sql: str) -> None:
        if not sql.startswith(("SAVEPOINT", "RELEASE")):  # sqlite-utils' own wrapping
            statements.append(sql)

    db.conn.set_trace_callback(note)
    try:
        yield statements
    finally:
        db.conn.set_trace_callback(None)


def scans(db: Any, statements: list[str]) -> list[str]:
    """Query-plan lines of the traced selects that read a row table without an index."""
    found = []
    for sql in statements:
        if not sql.lstrip().lower().startswith("select"):
            continue
        for *_, detail in db.execute(f"explain query plan {sql}"):
            words = detail.split()
            if words[0] == "SCAN" and words[1] in ROW_TABLES:
                found.append(f"{detail}  <-  {sql.split()[:8]}")
    return found


def cost(db: Any, work: Callable[[], Any]) -> tuple[int, list[str]]:
    with traced(db) as statements:
        work()
    return len(statements), scans(db, statements)
