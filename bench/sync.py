"""Requests and wall time of `ost playlist sync`: a cold run (creates the playlist) and a warm run
(nothing to change), against the loopback fake Spotify with 50 ms of latency per request.

Season 1 is pinned to the fake's singles (7 tracks); ``--extra N`` imports N more pinned tracks
into season 1 to show the chunking (100 a request) and the paged read-back (50 a page).

    python bench/sync.py [--extra 250] [--latency 0.05]
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from click.testing import CliRunner  # noqa: E402
from fakespotify import (  # noqa: E402
    S1_SONGS,
    FakeSpotify,
    _fixture_id,
    seed_soundtrack,
)


def prepare(fake: FakeSpotify, home: Path, extra: int) -> None:
    from ost import catalogue, importer, matching
    from ost.spotify.auth import TokenFile

    TokenFile().save(fake.stored_login())
    db = catalogue.open_catalogue()
    for n, song in enumerate(S1_SONGS, 1):
        matching.pin(db, f"s1-{n:02d}", f"spotify:track:{_fixture_id('s1' + song.key, 1)}")
    if extra:
        path = home / "extra.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["season", "title", "artist", "order", "spotify_uri"])
            for i in range(extra):
                track_id = f"bench{i:017d}"
                fake.add_track(track_id, name=f"Bench {i}", artists=["Bench"], album="Bench")
                w.writerow([1, f"Bench {i}", "Bench", 100 + i, f"spotify:track:{track_id}"])
        importer.apply(db, importer.plan_import(db, path))


def timed_sync(fake: FakeSpotify, label: str) -> None:
    from ost.cli.playlists import sync

    fake.reset_log()
    started = time.perf_counter()
    result = CliRunner().invoke(sync, ["--season", "1"], catch_exceptions=False)
    elapsed = time.perf_counter() - started
    if result.exit_code != 0:
        sys.exit(result.output)
    api = [e for e in fake.log if e.path.startswith("/v1/")]
    reads = sum(e.method == "GET" for e in api)
    writes = len(api) - reads
    tokens = len(fake.log) - len(api)
    summary = result.output.splitlines()[0]
    print(
        f"{label:<5} {reads:>5} reads {writes:>3} writes {tokens:>2} token  {elapsed * 1000:7.0f} ms"
        f"   {summary.split(' — ')[0]}"
    )


def run(extra: int, latency: float) -> None:
    with tempfile.TemporaryDirectory() as tmp, FakeSpotify() as fake:
        os.environ.update(
            OST_HOME=tmp,
            OST_SPOTIFY_API_URL=fake.api_url,
            OST_SPOTIFY_ACCOUNTS_URL=fake.accounts_url,
        )
        seed_soundtrack(fake)
        prepare(fake, Path(tmp), extra)
        fake.latency = latency
        print(f"season 1 with {7 + extra} tracks, {latency * 1000:.0f} ms a request:")
        timed_sync(fake, "cold")
        timed_sync(fake, "warm")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--extra", type=int, action="append", help="extra tracks (repeatable)")
    parser.add_argument("--latency", type=float, default=0.05)
    args = parser.parse_args()
    for extra in args.extra or [0, 250]:
        run(extra, args.latency)


if __name__ == "__main__":
    main()
