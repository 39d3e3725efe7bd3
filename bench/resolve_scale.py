"""`ost show TRACK` in a large catalogue: time and peak memory of naming a track by its exact
title, by a word many titles share (ambiguous: at most ten listed), and by a name nothing matches
(the miss path, which suggests the closest titles), each against `ost seasons` (start-up alone)
in the same catalogue.

    python bench/resolve_scale.py [--rows 200000] [--home DIR]

--home keeps (and reuses) the catalogue in DIR, so that a second run skips the import.
Each figure comes from its own `ost` process (os.wait4 gives that process's peak memory).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from _common import clean_environ, ost, write_catalogue_csv


def run(args: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(seconds, peak MiB, exit code) of one `ost` process (naming no track exits 1)."""
    done = ost(*args, env=env, check=False)
    return done.seconds, done.peak_mib, done.code


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--home", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as t:
        home = args.home or Path(t) / "home"
        home.mkdir(parents=True, exist_ok=True)
        env = clean_environ(home)
        if not (home / "ost.db").exists():
            path = Path(t) / "rows.csv"
            write_catalogue_csv(path, args.rows)
            secs, mib, code = run(["import", str(path)], env)
            print(f"import {args.rows} rows  {secs:7.2f} s  {mib:6.0f} MiB peak  (exit {code})")
        n = args.rows
        cases = [
            ("start-up (ost seasons)", ["seasons"]),
            ("exact title", ["show", f"노래 {n // 2}"]),
            ("exact English title", ["show", f"Song {n - 1}"]),
            ("ambiguous word (song)", ["show", "song"]),
            ("ambiguous Korean word (노래)", ["show", "노래"]),
            ("no match, close (sonng 12345x)", ["show", "sonng 12345x"]),
            ("no match, far (zzqx wvvy)", ["show", "zzqx wvvy"]),
        ]
        base = None
        for label, argv in cases:
            secs, mib, code = run(argv, env)
            base = base or secs
            print(
                f"{label:<34} {secs:6.2f} s  {secs / base:5.1f}x start-up  {mib:6.0f} MiB peak"
                f"  (exit {code})"
            )


if __name__ == "__main__":
    main()
