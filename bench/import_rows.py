"""Time `ost import` of a generated 20,000-row CSV (target: under 3 s on this machine).

Also imports the same file a second time (every row now an update check) and reports both.

    python bench/import_rows.py [--rows 20000]
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def make_csv(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(
            ["season", "title", "artist", "title_en", "order", "release_date", "episode", "source"]
        )
        for i in range(rows):
            w.writerow(
                [
                    1 + i % 2,
                    f"노래 {i}",
                    f"가수 {i % 500};Artist {i % 37}",
                    f"Song {i}",
                    i + 10,
                    "2022-01-27",
                    1 + i % 4,
                    f"https://example.org/{i}",
                ]
            )


def run(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "ost", *args], env=env, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(proc.stderr)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "OST_HOME": tmp}
        path = Path(tmp) / "rows.csv"
        make_csv(path, args.rows)
        size = path.stat().st_size
        warm = run(["tracks", "--json"], env)
        first = run(["import", str(path)], env)
        again = run(["import", str(path)], env)
    print(f"file      {args.rows} rows, {size} bytes")
    print(f"startup   ost tracks --json (catalogue load)  {warm:6.2f} s")
    print(
        f"import    first (all added)                     {first:6.2f} s  (target < 3 s) {'OK' if first < 3 else 'OVER'}"
    )
    print(f"import    again (all unchanged)                 {again:6.2f} s")


if __name__ == "__main__":
    main()
