"""A catalogue made ready for a test: grown by thousands of tracks, or given recordings."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ost import catalogue, decisions
from ost.decisions import Status
from ost.library.files import pin_file
from ost.service import ServiceName

from .audio import write_wav

if TYPE_CHECKING:
    from fakespotify import FakeSpotify

# A well-formed Spotify id that the loopback service does not hold: the page only links to it.
SPOTIFY_ID = "4uLU6hMCjMI75M1A2tKUQC"


def proposed_on_ytmusic(track_id: str, wrong: str, right: str, why: str) -> None:
    """The track waits for review on YouTube Music: ``wrong`` proposed (``why``: the reason the
    scorer gave), ``right`` the second candidate."""
    candidates = [
        {"uri": wrong, "score": 0.6, "status": "review", "reason": why},
        {"uri": right, "score": 0.55, "status": "review", "reason": "the audio track"},
    ]
    row = decisions.found_row(
        track_id, Status.REVIEW, wrong, 0.6, why, {}, candidates, None, ServiceName.YTMUSIC
    )
    db = catalogue.open_catalogue()
    with db.atomic():
        decisions.save_found(db, [row], service=ServiceName.YTMUSIC)


def edit_text(path: Path, *changes: tuple[str, str]) -> None:
    """Rewrite the text file at ``path`` with each (old, new) change; each old text must be
    there (a change that finds nothing would leave the test testing nothing)."""
    text = path.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, f"{path.name} holds no {old!r}"
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def grow(db: Any, n: int) -> None:
    """n more season-1 tracks, written as the importer writes (then the lookups reindexed)."""
    ids = [f"s1-x{i}" for i in range(n)]
    with db.conn:
        db.conn.executemany(
            "insert into tracks (id, season, ord, title, title_en, aliases, episodes, uncertain, "
            "status, origin, user_fields) values (?, 1, ?, ?, ?, '[]', '[3]', '{}', 'confirmed', "
            "'user', '[]')",
            [(t, 100 + i, f"노래 {i}", f"Song {i}") for i, t in enumerate(ids)],
        )
        db.conn.executemany(
            "insert into track_artists (track_id, artist_id, position) values (?, 'davichi', 0)",
            [(t,) for t in ids],
        )
        catalogue.reindex(db, ids)


def add_recordings(db: Any, music: Path) -> Path:
    """A pinned Spotify recording for s1-03 and a library file for s1-01 (as pin and scan save)."""
    uri = f"spotify:track:{SPOTIFY_ID}"
    decisions.pin(db, decisions.pinned_row("s1-03", uri, "pinned by the test"))
    wav = write_wav(music / "규현 - 사랑은 말로.wav", seconds=0.5)
    pin_file(db, "s1-01", wav)
    return wav


def pinned_import(fake: FakeSpotify, path: Path, count: int) -> list[str]:
    """``count`` made-up recordings added to the test service, and an import file at ``path``
    (CSV) that adds a season-1 track pinned to each, from order 100; returns their URIs."""
    uris = []
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["season", "title", "artist", "order", "spotify_uri"])
        for i in range(count):
            track_id = f"bulk{i:018d}"
            fake.add_track(track_id, name=f"Bulk {i}", artists=["Bulk Band"], album="Bulk")
            uris.append(f"spotify:track:{track_id}")
            w.writerow([1, f"Bulk {i}", "Bulk Band", 100 + i, uris[-1]])
    return uris
