"""`ost import` at scale: time and peak memory of a first import (20,000 and 200,000 rows),
a re-import of 100,000 rows with every row changed (against inserting them), and JSON imports of
10,000 and 40,000 records (linear: the ratio should stay near 4).

    python bench/import_scale.py [--sizes 20000 200000] [--reimport 100000] [--src DIR]

--src runs another checkout's code (e.g. main's) with this interpreter, for before/after figures.
Each figure comes from its own `ost` process (os.wait4 gives that process's peak memory).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from _common import ROW_HEADER, catalogue_row, clean_environ, ost, write_catalogue_csv


def make_json(path: Path, rows: int) -> None:
    records = [dict(zip(ROW_HEADER, catalogue_row(i), strict=True)) for i in range(rows)]
    path.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")


def run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(seconds, peak MiB) of one `ost` process."""
    done = ost(*args, env=env)
    return done.seconds, done.peak_mib


def fresh_home(tmp: Path, name: str, src: str | None) -> dict[str, str]:
    env = clean_environ(tmp / name)
    if src:
        env["PYTHONPATH"] = src
    return env


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[20_000, 200_000])
    parser.add_argument("--reimport", type=int, default=100_000)
    parser.add_argument("--json", type=int, nargs=2, default=[10_000, 40_000])
    parser.add_argument("--src", help="run the ost package found in this folder instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        for n in args.sizes:
            path = tmp / f"rows-{n}.csv"
            write_catalogue_csv(path, n)
            env = fresh_home(tmp, f"home-{n}", args.src)
            run(["seasons"], env)  # the bundled catalogue, loaded once
            secs, mib = run(["import", str(path)], env)
            print(
                f"import  {n:>7} rows (csv, {path.stat().st_size >> 20} MiB)  {secs:7.2f} s  {mib:6.0f} MiB peak"
            )
        if args.reimport:
            n = args.reimport
            first, changed = tmp / "first.csv", tmp / "changed.csv"
            write_catalogue_csv(first, n)
            write_catalogue_csv(changed, n, changed=True)
            env = fresh_home(tmp, "home-re", args.src)
            run(["seasons"], env)
            insert, _ = run(["import", str(first)], env)
            again, mib = run(["import", str(changed)], env)
            print(
                f"reimport {n:>6} rows, every row changed  {again:7.2f} s  against {insert:.2f} s "
                f"to insert them: {again / insert:.2f}x  ({mib:.0f} MiB peak)"
            )
        small, large = args.json
        times = []
        for n in (small, large):
            path = tmp / f"rows-{n}.json"
            make_json(path, n)
            env = fresh_home(tmp, f"home-json-{n}", args.src)
            run(["seasons"], env)
            secs, mib = run(["import", str(path)], env)
            times.append(secs)
            print(f"json    {n:>7} records  {secs:7.2f} s  {mib:6.0f} MiB peak")
        print(
            f"json    {large} vs {small} records: {times[1] / times[0]:.2f}x (linear: {large / small:.0f}x)"
        )


if __name__ == "__main__":
    main()
