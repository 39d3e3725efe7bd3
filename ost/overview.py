"""What the catalogue holds at a glance: counts for `ost status`, facts for usage checks.

Each answer is one small aggregate query; nothing here loads the catalogue's rows.
"""

from __future__ import annotations

import sqlite_utils


def tracks_placed_in_episodes(db: sqlite_utils.Database) -> int:
    """How many tracks some source places in an episode."""
    row = db.execute(
        "select count(*) from tracks where episodes is not null and episodes not in ('', '[]')"
    ).fetchone()
    return int(row[0])
