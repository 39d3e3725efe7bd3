"""First use: several ost processes that start together on a new OST_HOME."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path


def test_a_database_whose_creation_stopped_before_its_first_migration_is_not_foreign(
    ost_home: Path, run
) -> None:
    # What another ost, creating the database at this moment, leaves between its first two steps.
    ost_home.mkdir(parents=True)
    conn = sqlite3.connect(ost_home / "ost.db")
    conn.execute("create table _sqlite_migrations (migration_set text, name text, applied_at text)")
    conn.commit()
    conn.close()
    result = run("tracks", "--csv")
    assert result.exit_code == 0, result.output
    assert "not ost's" not in result.output and len(result.output.splitlines()) > 1


def _ost(*args: str, home: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "OST_HOME": str(home)}
    return subprocess.Popen(
        [sys.executable, "-m", "ost", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_readers_and_a_writer_starting_together_on_a_new_home_all_succeed(
    tmp_path: Path,
) -> None:
    csv = tmp_path / "one.csv"
    csv.write_text("id,season,title,artist\ns2-user1,2,Together,Someone\n", encoding="utf-8")
    failures = []
    for attempt in range(4):
        home = tmp_path / f"home{attempt}"
        procs = [_ost("status", home=home), _ost("tracks", "--csv", home=home)]
        procs += [_ost("import", str(csv), home=home), _ost("seasons", home=home)]
        for p in procs:
            out, err = p.communicate(timeout=120)
            if p.returncode != 0:
                failures.append((p.args[3:], err.strip()))
    assert failures == []


def test_no_set_up_lock_is_left_in_the_home(run, ost_home: Path) -> None:
    assert run("tracks").exit_code == 0  # creates, migrates and loads the catalogue
    assert sorted(p.name for p in ost_home.iterdir() if "lock" in p.name) == []


def test_a_waiter_on_a_removed_lock_file_never_holds_the_lock_beside_a_new_holder(
    tmp_path: Path,
) -> None:
    """A holds the set-up lock; B opened the lock file and waits on it; A ends, removing the
    file; C comes and makes a new one. B must not go on on the removed file while C holds the
    new one: one set-up at a time."""
    import threading
    import time

    from ost.db import setting_up

    db_path = tmp_path / "ost.db"
    inside: list[str] = []
    most = [0]
    guard = threading.Lock()

    def hold(name: str, seconds: float) -> None:
        with setting_up(db_path, wait=10):
            with guard:
                inside.append(name)
                most[0] = max(most[0], len(inside))
            time.sleep(seconds)
            with guard:
                inside.remove(name)

    a_in, a_out = threading.Event(), threading.Event()

    def a() -> None:
        with setting_up(db_path, wait=10):
            a_in.set()
            a_out.wait(10)

    threads = [threading.Thread(target=a)]
    threads[0].start()
    assert a_in.wait(10)
    threads.append(threading.Thread(target=hold, args=("B", 0.5)))
    threads[-1].start()
    time.sleep(0.3)  # B has opened the lock file and waits on it
    a_out.set()  # A ends: the file goes
    threads[0].join(10)
    threads.append(threading.Thread(target=hold, args=("C", 0.5)))
    threads[-1].start()
    for t in threads:
        t.join(10)
    assert most[0] == 1
    assert not (tmp_path / "ost.db.setup-lock").exists()
