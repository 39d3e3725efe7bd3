"""Requests and wall time of `ost playlist sync`: a cold run (creates the playlist) and a warm run
(nothing to change), against the loopback fake Spotify with 50 ms of latency per request.

Season 1 is pinned to the fake's singles (7 tracks); ``--extra N`` imports N more pinned tracks
into season 1 to show the chunking (100 a request) and the paged read-back (50 a page).

    python bench/sync.py [--extra 250] [--latency 0.05]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from _common import invoke, served
from fakespotify import S1_SONGS, FakeSpotify, _fixture_id
from helpers.catalogue import pinned_import


def prepare(fake: FakeSpotify, extra: int) -> None:
    """Logged in, season 1 pinned to the singles, and ``extra`` more pinned tracks imported."""
    from ost.spotify.auth import TokenFile

    TokenFile().save(fake.stored_login())
    for n, song in enumerate(S1_SONGS, 1):
        invoke("pin", f"s1-{n:02d}", f"spotify:track:{_fixture_id('s1' + song.key, 1)}")
    if extra:
        path = Path(os.environ["OST_HOME"]) / "extra.csv"
        pinned_import(fake, path, extra)
        invoke("import", str(path))


def timed_sync(fake: FakeSpotify, label: str) -> None:
    fake.reset_log()
    started = time.perf_counter()
    result = invoke("playlist", "sync", "--season", "1")
    elapsed = time.perf_counter() - started
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
    with served() as fake:
        prepare(fake, extra)
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
