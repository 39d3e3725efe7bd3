"""Time `ost export m3u` (and xspf, json) of a 10,000-entry playlist.

Imports 10,000 tracks into a temporary catalogue, each pinned to a (made-up, well-formed) Spotify
URI, defines a playlist over them, and times each export end to end (start-up, plan, render,
atomic write), then renders the same entries in-process to separate the writer's own cost.

    python bench/export.py [--entries 10000]
"""

from __future__ import annotations

import csv
import os
import time

from _common import options, ost, scratch_home, spotify_uri


def main() -> None:
    args = options(__doc__, entries=10_000)
    with scratch_home() as (home, env):
        rows = home / "rows.csv"
        with rows.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["season", "title", "artist", "order", "spotify_uri"])
            for i in range(args.entries):
                w.writerow(
                    [2, f"노래 {i}\u00a0— Song {i}", f"가수 {i % 300}", i + 2, spotify_uri(i + 1)]
                )
        ost("import", str(rows), env=env)
        (home / "playlists").mkdir()
        (home / "playlists" / "big.toml").write_text(
            'name = "Big"\n[select]\nseasons = [2]\n', encoding="utf-8"
        )
        times = {
            fmt: ost("export", fmt, "big", "-o", str(home / f"big.{fmt}"), env=env).seconds
            for fmt in ("m3u", "xspf", "json")
        }
        size = (home / "big.m3u").stat().st_size
        lines = (home / "big.m3u").read_text(encoding="utf-8").count("\n#EXTINF:")
        baseline = ost("tracks", "--season", "1", "--json", env=env).seconds
        os.environ["OST_HOME"] = str(home)
        from ost import catalogue, playlists, writers

        db = catalogue.open_catalogue()
        start = time.perf_counter()
        plan = playlists.plan(db, playlists.find_definition("big"))
        t_plan = time.perf_counter() - start
        entries = [
            writers.Entry(
                e.track_id, e.title, tuple(e.artists), 200, "https://open.spotify.com/track/x"
            )
            for e in plan
        ]
        start = time.perf_counter()
        writers.render_m3u(entries)
        t_render = time.perf_counter() - start
    print(f"entries   {args.entries} ({lines} #EXTINF lines, {size} bytes of m3u8)")
    for fmt, t in times.items():
        print(f"export    {fmt:<5} end to end   {t:6.2f} s")
    print(f"baseline  ost tracks --season 1 --json  {baseline:6.2f} s  (start-up floor)")
    print(f"in-proc   plan {t_plan:6.3f} s   render_m3u {t_render:6.3f} s")


if __name__ == "__main__":
    main()
