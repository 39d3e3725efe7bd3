"""The database under faults: kills and Ctrl-C during an import, readers during a write, and
files that are damaged, foreign, newer or read-only."""

from __future__ import annotations

import contextlib
import csv
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ost import catalogue
from ost import db as ost_db
from ost.catalogue import bundle

ROWS = 30_000


def big_csv(path: Path, rows: int = ROWS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["season", "title", "artist", "episode"])
        w.writerows(
            [1 + i % 2, f"곡 {i}", f"가수 {i % 300};Band {i % 17}", 1 + i % 4] for i in range(rows)
        )
    return path


def state(db_path: Path) -> tuple[int, int, str, int]:
    """(user tracks, their artist links, integrity_check, tracks without an artist)."""
    conn = sqlite3.connect(db_path)
    try:
        users = conn.execute("select count(*) from tracks where origin = 'user'").fetchone()[0]
        links = conn.execute(
            "select count(*) from track_artists where track_id in "
            "(select id from tracks where origin = 'user')"
        ).fetchone()[0]
        check = conn.execute("pragma integrity_check").fetchone()[0]
        orphans = conn.execute(
            "select count(*) from tracks t where not exists "
            "(select 1 from track_artists ta where ta.track_id = t.id)"
        ).fetchone()[0]
    finally:
        conn.close()
    return users, links, check, orphans


def ost(*args: str, home: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "ost", *args],
        env={**os.environ, "OST_HOME": str(home)},
        stdout=subprocess.DEVNULL,  # never a full pipe that would stall the import
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def warm(ost_home: Path) -> Path:
    catalogue.open_catalogue()
    return ost_home / "ost.db"


def footprint(db_path: Path) -> int:
    """Bytes in the database and its journals: it changes when an import starts writing."""
    total = 0
    for suffix in ("", "-wal", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            total += os.stat(f"{db_path}{suffix}").st_size
    return total


def once_writing(proc: subprocess.Popen[str], db_path: Path, after: float) -> None:
    """Wait until the import starts writing (or ends), then ``after`` seconds more."""
    base = footprint(db_path)
    while proc.poll() is None and footprint(db_path) == base:
        time.sleep(0.002)
    time.sleep(after)


# None: early, while the file is still being read and checked; a number: that many seconds
# after the first byte was written.
@pytest.mark.parametrize("after", [None, 0.0, 0.02, 0.1, 0.3, 0.8, 2.0])
def test_kill_9_during_import_leaves_before_or_after(tmp_path: Path, warm: Path, after) -> None:
    path = big_csv(tmp_path / "big.csv")
    before = state(warm)
    proc = ost("import", str(path), home=warm.parent)
    if after is None:
        time.sleep(0.3)
    else:
        once_writing(proc, warm, after)
    proc.kill()
    proc.wait()
    users, links, check, orphans = state(warm)
    assert check == "ok" and orphans == 0
    after_state = (ROWS, 2 * ROWS, "ok", 0)
    if proc.returncode == 0:  # it finished before the kill: exactly after
        assert (users, links, check, orphans) == after_state
    else:  # killed: before, or after when the kill came between the commit and the exit
        assert (users, links, check, orphans) in (before, after_state)


@pytest.mark.parametrize("after", [0.0, 0.2])
def test_ctrl_c_during_import_keeps_nothing_and_says_so(tmp_path: Path, warm: Path, after) -> None:
    path = big_csv(tmp_path / "big.csv")
    before = state(warm)
    proc = ost("import", str(path), home=warm.parent)
    once_writing(proc, warm, after)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate()
    if proc.returncode == 0:
        assert state(warm)[0] == ROWS  # it finished first: all of it
        return
    assert proc.returncode == 130 and "Traceback" not in err
    assert "interrupted; the step in progress was not saved" in err
    assert state(warm) == before


INTERRUPTED_IN_EXEC = """
import sys
import ost.catalogue
from ost.cli import main

def interrupted():
    exec("raise KeyboardInterrupt")  # Ctrl-C while a dataclass is made (its code is exec'd text)

ost.catalogue.open_catalogue = interrupted
sys.argv = ["ost", "tracks"]
main()
"""


def test_ctrl_c_inside_exec_of_text_still_exits_130(tmp_path: Path) -> None:
    # Run with -m, as `python -m ost`: CPython would then end the process by SIGINT (-2),
    # whatever exit code ost gave
    (tmp_path / "interrupted_in_exec.py").write_text(INTERRUPTED_IN_EXEC, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "interrupted_in_exec"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 130, proc.stderr
    assert "interrupted; the step in progress was not saved" in proc.stderr


def test_a_reader_never_sees_part_of_an_import(tmp_path: Path, warm: Path) -> None:
    path = big_csv(tmp_path / "big.csv")
    seen: set[int] = set()
    errors: list[str] = []
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            conn = sqlite3.connect(warm, timeout=30)
            try:
                seen.add(
                    conn.execute("select count(*) from tracks where origin='user'").fetchone()[0]
                )
            except sqlite3.Error as e:
                errors.append(str(e))
            finally:
                conn.close()

    reader = threading.Thread(target=poll)
    reader.start()
    proc = ost("import", str(path), home=warm.parent)
    proc.communicate()
    time.sleep(0.2)
    done.set()
    reader.join()
    assert proc.returncode == 0
    assert seen <= {0, ROWS} and ROWS in seen and not errors


def test_a_refused_import_found_late_writes_nothing(tmp_path: Path, warm: Path, run) -> None:
    before = state(warm)
    rows = "".join(f'{{"season": 1, "title": "t{i}", "artist": "a"}},\n' for i in range(3000))
    path = tmp_path / "late.json"
    path.write_text(
        "[\n"
        + rows
        + '{"season": 1, "title": "x", "artist": "a", "order": 123456789012345678901}\n]'
    )
    result = run("import", str(path))
    assert result.exit_code == 1 and "late.json:3002:" in result.output
    assert state(warm) == before


# --- damaged, foreign, newer and read-only files -------------------------------------------------


def test_a_corrupt_page_is_one_line_and_nothing_written(tmp_path: Path, warm: Path, run) -> None:
    assert run("import", str(big_csv(tmp_path / "some.csv", 3000))).exit_code == 0
    conn = sqlite3.connect(warm)
    conn.execute("pragma wal_checkpoint(truncate)")  # everything into the main file
    conn.close()
    size = warm.stat().st_size
    with warm.open("r+b") as f:  # overwrite the second half's pages with garbage
        f.seek(size // 2)
        f.write(os.urandom(size - size // 2))
    for args in (("tracks", "--season", "1"), ("import", str(big_csv(tmp_path / "more.csv", 10)))):
        result = run(*args)
        assert result.exit_code == 1, result.output
        assert "damaged" in result.output and "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1


def test_a_foreign_sqlite_file_is_refused_untouched(ost_home: Path, run) -> None:
    ost_home.mkdir(parents=True)
    conn = sqlite3.connect(ost_home / "ost.db")
    conn.execute("create table notes (body text)")
    conn.commit()
    conn.close()
    result = run("tracks")
    assert result.exit_code == 1 and "not ost's" in result.output and "notes" in result.output
    conn = sqlite3.connect(ost_home / "ost.db")
    assert [r[0] for r in conn.execute("select name from sqlite_master")] == ["notes"]


def test_a_database_from_a_newer_ost_is_refused(warm: Path, run) -> None:
    conn = sqlite3.connect(warm)
    conn.execute(
        "insert into _sqlite_migrations (migration_set, name, applied_at) "
        "values ('ost', 'm099_future', 'later')"
    )
    conn.commit()
    schema = conn.execute("select sql from sqlite_master order by name").fetchall()
    conn.close()
    result = run("tracks")
    assert result.exit_code == 1 and "newer ost" in result.output and "m099_future" in result.output
    conn = sqlite3.connect(warm)
    assert conn.execute("select sql from sqlite_master order by name").fetchall() == schema


def test_a_read_only_database_is_named_as_such(
    tmp_path: Path, warm: Path, run, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests run as root, for whom file modes do not forbid writing: open it read-only instead.
    monkeypatch.setattr(
        ost_db, "_connect", lambda path: sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    )
    result = run("import", str(big_csv(tmp_path / "few.csv", 3)))
    assert result.exit_code == 1 and "read-only" in result.output
    assert "another ost" not in result.output


def test_opening_the_database_loads_no_sqlite_utils_plugins(warm: Path) -> None:
    code = (
        "import sqlite_utils.plugins as p\n"
        "from ost import catalogue\n"
        "catalogue.open_catalogue()\n"
        "print(p._plugins_loaded)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "OST_HOME": str(warm.parent)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "False"


def test_a_failed_catalogue_refresh_leaves_the_old_catalogue(
    warm: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = catalogue.open_catalogue()
    db["meta"].update("bundle_digest", {"value": "older"})  # as if a newer ost were installed
    db.execute("update tracks set title = 'before' where id = 's1-01'")
    db.conn.commit()

    def broken(*args, **kwargs):
        raise RuntimeError("killed half-way")

    monkeypatch.setattr(bundle, "_own_artists", broken)  # after the track upserts
    with pytest.raises(RuntimeError):
        catalogue.open_catalogue()
    conn = sqlite3.connect(warm)
    assert conn.execute("select title from tracks where id = 's1-01'").fetchone()[0] == "before"
    assert conn.execute("select value from meta where key='bundle_digest'").fetchone()[0] == "older"


# --- a match save killed part-way ------------------------------------------------------------------


def match_rows(db_path: Path) -> tuple[str, list[tuple[str, ...]]]:
    conn = sqlite3.connect(db_path)
    try:
        check = conn.execute("pragma integrity_check").fetchone()[0]
        rows = conn.execute(
            "select track_id, status, uri, candidates from matches order by track_id"
        ).fetchall()
    finally:
        conn.close()
    return check, rows


@pytest.mark.parametrize("after", [0.0, 0.15, 0.5, 1.2])
def test_kill_9_during_match_keeps_whole_rows_only(warm: Path, fake_spotify, after) -> None:
    """Each track's result is a unit: after a kill, every stored row is a whole one (a status
    from the set, a URI where the status needs one, readable candidates), and a second run
    finishes the job."""
    import json

    from fakespotify import seed_soundtrack

    from ost.decisions import Status

    seed_soundtrack(fake_spotify)
    fake_spotify.latency = 0.03
    proc = ost("match", home=warm.parent)
    once_writing(proc, warm, after)
    proc.kill()
    proc.wait()
    check, rows = match_rows(warm)
    assert check == "ok"
    for track_id, status, uri, candidates in rows:
        assert status in set(Status), track_id
        assert (uri is not None) == (status in ("auto", "review", "accepted", "pinned")), track_id
        json.loads(candidates or "[]")
    fake_spotify.latency = 0.0
    again = ost("match", home=warm.parent)
    _, err = again.communicate()
    assert again.returncode == 0, err
    assert len(match_rows(warm)[1]) >= len(rows)
