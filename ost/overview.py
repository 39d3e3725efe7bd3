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


def tracks_for_uris(db: sqlite_utils.Database, uris: list[str]) -> dict[str, tuple[str, str]]:
    """Recording URI -> (track id, title) for the URIs ost has matched, pinned or seen rejected
    (so that a sync can name a track it removes, not just its URI)."""
    out: dict[str, tuple[str, str]] = {}
    for i in range(0, len(uris), 500):
        chunk = uris[i : i + 500]
        marks = ", ".join("?" * len(chunk))
        for uri, track_id, title in db.execute(
            f"""select m.uri, t.id, t.title from matches m join tracks t on t.id = m.track_id
                where m.uri in ({marks})
                union all
                select r.uri, t.id, t.title from rejections r join tracks t on t.id = r.track_id
                where r.uri in ({marks})""",
            chunk + chunk,
        ):
            out.setdefault(uri, (track_id, title))
    return out
