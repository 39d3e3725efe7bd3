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
