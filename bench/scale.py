"""How each command's cost grows with the catalogue: 1k, 10k and 100k generated tracks.

For each size, builds a temporary OST_HOME whose catalogue holds the bundled tracks plus that many
generated ones in season 1 (made-up titles and artists, never shipped), then runs each command as a
subprocess a few times and prints the median time and the peak memory (the child's max RSS), as
ratios to the same command at the smallest size and to a plain ``sqlite3`` floor measured in the
same run (a Python process that reads the same rows with the stdlib and prints them). The machine
is shared and noisy: compare the ratios, not the milliseconds.

    python bench/scale.py [--sizes 1000,10000,100000] [--runs 3] [--scan-sizes 1000,10000]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import OST, clean_environ, measure

SYLLABLES = "가나다라마바사아자차카타파하고노도로모보소오조초코토포호구누두루무부수우주추쿠투푸후"
LETTERS = ("b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z")
SCAN_FILES = 200

FLOOR_ONE = """
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.row_factory = sqlite3.Row
row = db.execute("select * from tracks where id = 's1-01'").fetchone()
print(json.dumps(dict(row), ensure_ascii=False))
"""
FLOOR_ALL = """
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.row_factory = sqlite3.Row
out = sys.stdout
for row in db.execute("select * from tracks order by season, ord"):
    out.write(json.dumps(dict(row), ensure_ascii=False) + "\\n")
"""


def title(rng: random.Random, i: int) -> tuple[str, str]:
    """A made-up Korean title and an English one: random syllables, so titles rarely look alike."""
    ko = " ".join("".join(rng.choices(SYLLABLES, k=rng.randint(2, 3))) for _ in range(3))
    en = " ".join(
        "".join(rng.choice(LETTERS) + rng.choice("aeiou") for _ in range(rng.randint(2, 3)))
        for _ in range(3)
    )
    return f"{ko} {i}", f"{en.title()} {i}"


def build(home: Path, size: int) -> None:
    """The bundled catalogue plus ``size`` generated season-1 tracks, written with plain SQL."""
    os.environ["OST_HOME"] = str(home)
    from ost import catalogue

    db = catalogue.open_catalogue()
    rng = random.Random(size)
    artists = [(f"gen-a{n}", f"가수{n}", f"Singer {n}", "[]", "user") for n in range(500)]
    tracks, credits = [], []
    for i in range(size):
        ko, en = title(rng, i)
        tid = f"s1-g{i}"
        tracks.append((tid, 1, 100 + i, ko, en, "[]", "2022-01-01", "[]", "[]", "{}", "confirmed"))
        credits.append((tid, artists[i % len(artists)][0], 0))
    with db.conn:
        db.conn.executemany(
            "insert into artists (id, name, name_en, aliases, origin) values (?,?,?,?,?)", artists
        )
        db.conn.executemany(
            "insert into tracks (id, season, ord, title, title_en, aliases, release_date, "
            "episodes, credits, uncertain, status, origin, user_fields) "
            "values (?,?,?,?,?,?,?,?,?,?,?,'user','[]')",
            tracks,
        )
        db.conn.executemany(
            "insert into track_artists (track_id, artist_id, position) values (?,?,?)", credits
        )
    if hasattr(catalogue, "reindex"):  # the lookup tables the catalogue's writers keep in step
        catalogue.reindex(db, None)
    db.conn.close()


def make_music(folder: Path, size: int) -> None:
    """200 tagged mp3 files: three in four are a generated track (title, artist, date), the rest
    nothing the catalogue knows."""
    from helpers.audio import make_audio

    folder.mkdir()
    rng = random.Random(size)
    titles = [title(rng, i) for i in range(size)]
    pick = random.Random(7)
    for n in range(SCAN_FILES):
        path = folder / f"{n:03}.mp3"
        if n % 4:
            i = pick.randrange(size)
            make_audio(path, title=titles[i][0], artist=f"Singer {i % 500}", date="2022-01-01")
        else:
            make_audio(path, title=f"Unknown Song {n}", artist="Nobody")


def commands(home: Path, db: Path, scan: bool) -> dict[str, tuple[list[str], str]]:
    """name -> (argv, the floor it is compared with)."""
    ost = list(OST)
    out = {
        "floor one row": ([sys.executable, "-c", FLOOR_ONE, str(db)], "one"),
        "floor all rows": ([sys.executable, "-c", FLOOR_ALL, str(db)], "all"),
        "show s1-01": ([*ost, "show", "s1-01"], "one"),
        "tracks --season 2 --json": ([*ost, "tracks", "--season", "2", "--json"], "one"),
        "tracks --json": ([*ost, "tracks", "--json"], "all"),
        "tracks --csv": ([*ost, "tracks", "--csv"], "all"),
        "export m3u --season 1": (
            [*ost, "export", "m3u", "--season", "1", "-o", str(home / "s1.m3u8")],
            "all",
        ),
    }
    if scan:
        out[f"library scan ({SCAN_FILES} files)"] = (
            [*ost, "library", "scan", "--force", str(home / "music")],
            "all",
        )
    return out


def main() -> None:
    if sys.argv[1:2] == ["--build"]:
        build(Path(sys.argv[2]), int(sys.argv[3]))
        if sys.argv[4:5] == ["--music"]:
            make_music(Path(sys.argv[2]) / "music", int(sys.argv[3]))
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--scan-sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    scan_sizes = {int(s) for s in args.scan_sizes.split(",") if s}
    samples: dict[tuple[int, str], list[tuple[float, float]]] = {}
    kinds: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        homes = {size: Path(tmp) / str(size) for size in sizes}
        for size, home in homes.items():
            home.mkdir()
            # Built in a child: the peak memory a child reports includes its parent's at fork.
            music = ["--music"] if size in scan_sizes else []
            subprocess.run(
                [sys.executable, __file__, "--build", str(home), str(size), *music], check=True
            )
        # Sizes interleaved run by run, so that a change in the machine's load touches all alike.
        for _ in range(args.runs):
            for size, home in homes.items():
                env = clean_environ(home)
                for name, (cmd, kind) in commands(
                    home, home / "ost.db", size in scan_sizes
                ).items():
                    done = measure(cmd, env)
                    samples.setdefault((size, name), []).append((done.seconds, done.peak_mib))
                    kinds[name] = kind
    figures = {
        key: (statistics.median(t for t, _ in got), max(m for _, m in got))
        for key, got in samples.items()
    }
    report(sizes, figures, kinds)


def report(
    sizes: list[int], figures: dict[tuple[int, str], tuple[float, float]], kinds: dict[str, str]
) -> None:
    first = sizes[0]
    print(
        f"{'tracks':>7}  {'command':<28} {'ms':>8} {'x' + str(first):>7} {'xfloor':>7}"
        f" {'MiB':>7} {'x' + str(first) + ' mem':>9} {'xfloor mem':>10}"
    )
    names = list(dict.fromkeys(name for _, name in figures))
    for size in sizes:
        floors = {"one": figures[size, "floor one row"], "all": figures[size, "floor all rows"]}
        for name in names:
            if (size, name) not in figures:
                continue
            t, m = figures[size, name]
            t1, m1 = figures.get((first, name), (t, m))
            ft, fm = floors[kinds[name]]
            print(
                f"{size:>7}  {name:<28} {t * 1000:8.0f} {t / t1:7.2f} {t / ft:7.2f}"
                f" {m:7.1f} {m / m1:9.2f} {m / fm:10.2f}"
            )


if __name__ == "__main__":
    main()
