"""Time `ost page` and measure the page: on the bundled catalogue, then with 20,000 more tracks.

The generated tracks (season 2, made-up titles and artists, release dates spread over two years,
every fifth pinned to a well-formed made-up Spotify URI, one source each) are imported into a
temporary catalogue. Each run is end to end (start-up, gather, render, write); the in-process
split between gathering the data and rendering the HTML follows.

    python bench/page.py [--tracks 20000]
"""

from __future__ import annotations

import csv
import os
import time
from datetime import date, timedelta
from pathlib import Path

from _common import options, ost, scratch_home, spotify_uri


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def write_rows(path: Path, n: int) -> None:
    first = date(2023, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "season",
                "title",
                "title_en",
                "artist",
                "order",
                "release_date",
                "source",
                "spotify_uri",
            ]
        )
        for i in range(n):
            w.writerow(
                [
                    2,
                    f"노래 {i} <내 마음>",
                    f"Song {i} & more",
                    f"가수 {i % 300}",
                    i + 2,
                    (first + timedelta(days=i % 730)).isoformat(),
                    f"https://example.org/ost/{i}",
                    spotify_uri(i + 1) if i % 5 == 0 else "",
                ]
            )


def main() -> None:
    args = options(__doc__, tracks=20_000)
    with scratch_home() as (home, env):
        ost("tracks", env=env)  # load the bundled catalogue once, outside the timings
        small = ost("page", "-o", str(home / "small"), env=env).seconds
        small_again = ost("page", "-o", str(home / "small"), env=env).seconds
        rows = home / "rows.csv"
        write_rows(rows, args.tracks)
        ost("import", str(rows), env=env)
        big = ost("page", "-o", str(home / "big"), env=env).seconds
        baseline = ost("tracks", "--season", "1", "--json", env=env).seconds
        os.environ["OST_HOME"] = str(home)
        from ost import catalogue, page
        from ost.page import data

        db = catalogue.open_catalogue()
        start = time.perf_counter()
        gathered = data.gather(db, home / "big")
        t_gather = time.perf_counter() - start
        start = time.perf_counter()
        html = "".join(page.environment().get_template("index.html.j2").generate(page=gathered))
        t_render = time.perf_counter() - start
        marks = sum(len(s.timeline.marks) for s in gathered.seasons)
        print(f"bundled   {size(home / 'small'):>11,} bytes (index.html + assets)")
        print(f"bundled   ost page end to end   {small:6.2f} s  (again: {small_again:.2f} s)")
        print(
            f"{args.tracks + 10:>7} tracks: {size(home / 'big'):>11,} bytes, {marks} timeline marks"
        )
        print(f"{args.tracks + 10:>7} tracks: ost page end to end   {big:6.2f} s")
        print(f"baseline  ost tracks --season 1 --json   {baseline:6.2f} s  (start-up floor)")
        print(
            f"in-proc   gather {t_gather:6.3f} s   render {t_render:6.3f} s   ({len(html):,} chars)"
        )


if __name__ == "__main__":
    main()
