"""Time `ost import` of a generated 20,000-row CSV (target: under 3 s on this machine).

Also imports the same file a second time (every row now an update check) and reports both.

    python bench/import_rows.py [--rows 20000]
"""

from __future__ import annotations

from _common import options, ost, scratch_home, write_catalogue_csv


def main() -> None:
    args = options(__doc__, rows=20_000)
    with scratch_home() as (home, env):
        path = home / "rows.csv"
        write_catalogue_csv(path, args.rows)
        size = path.stat().st_size
        warm = ost("tracks", "--json", env=env).seconds
        first = ost("import", str(path), env=env).seconds
        again = ost("import", str(path), env=env).seconds
    print(f"file      {args.rows} rows, {size} bytes")
    print(f"startup   ost tracks --json (catalogue load)  {warm:6.2f} s")
    print(
        f"import    first (all added)                     {first:6.2f} s  (target < 3 s) {'OK' if first < 3 else 'OVER'}"
    )
    print(f"import    again (all unchanged)                 {again:6.2f} s")


if __name__ == "__main__":
    main()
